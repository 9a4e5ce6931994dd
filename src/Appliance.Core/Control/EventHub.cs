using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace Appliance.Core.Control;

/// <summary>
/// Fans events out to every <c>events</c> subscriber as JSON lines (<c>{"event":"offer","time":"…","node":"n1",…}</c>) and
/// keeps the last <see cref="RecentCapacity"/> for the <c>recent</c> verb and the last few of each node for the <c>history</c>
/// verb (<see cref="NodeTrails"/>). Publishing formats one line (it allocates), so hot
/// paths check <see cref="Active"/> first. A slow subscriber loses its oldest lines, never blocks the daemon.
/// </summary>
public sealed class EventHub
{
    private const int SubscriberQueue = 4096;
    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _subscribers = [];
    private readonly byte[]?[] _recent;
    private int _recentNext;
    private long _dropped;
    private long _published;

    private readonly NodeTrails _trails;

    /// <param name="recentCapacity">Events kept daemon-wide for <c>recent</c>.</param>
    /// <param name="perNode">Events kept per node for <c>history</c>: one boot is an answer and a few transfers, each a
    /// start and a done event, so 32 holds a WinPE boot's whole trail.</param>
    /// <param name="maxNodes">Nodes kept for <c>history</c>; bounds memory at about maxNodes × perNode × 250 bytes.</param>
    public EventHub(int recentCapacity = 256, int perNode = 32, int maxNodes = 4096)
    {
        _recent = new byte[]?[recentCapacity];
        _trails = new NodeTrails(perNode, maxNodes);
    }

    public int RecentCapacity => _recent.Length;
    public bool Active => _recent.Length > 0 || _trails.PerNode > 0 || Volatile.Read(ref _subscriberCount) > 0;
    public int Subscribers => Volatile.Read(ref _subscriberCount);
    public long Published => Interlocked.Read(ref _published);
    public long Dropped => Interlocked.Read(ref _dropped);

    private int _subscriberCount;

    public void Publish(string type, string? node, Action<Utf8JsonWriter>? fields = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", type);
            w.WriteString("time", DateTimeOffset.UtcNow);
            if (node is not null) w.WriteString("node", node);
            fields?.Invoke(w);
            w.WriteEndObject();
        }
        var line = buffer.WrittenSpan.ToArray();
        var sequence = Interlocked.Increment(ref _published);
        lock (_gate)
        {
            if (node is not null) _trails.Add(node, sequence, line);
            if (_recent.Length > 0)
            {
                _recent[_recentNext] = line;
                _recentNext = (_recentNext + 1) % _recent.Length;
            }
            foreach (var s in _subscribers)
            {
                if (!s.Writer.TryWrite(line)) Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>The retained events, oldest first.</summary>
    public IReadOnlyList<byte[]> Recent()
    {
        lock (_gate)
        {
            var list = new List<byte[]>(_recent.Length);
            for (var i = 0; i < _recent.Length; i++)
            {
                if (_recent[(_recentNext + i) % _recent.Length] is { } line) list.Add(line);
            }
            return list;
        }
    }

    /// <summary>The kept events of the named nodes (every node when none is named), in the order they were published.</summary>
    public IReadOnlyList<byte[]> History(IReadOnlyCollection<string> nodes)
    {
        lock (_gate) return _trails.Collect(nodes);
    }

    /// <summary>How many nodes <c>history</c> holds, and how many were evicted to stay within the bound.</summary>
    public (int Nodes, long Evicted) HistoryCounts()
    {
        lock (_gate) return (_trails.Nodes, _trails.Evicted);
    }

    internal ChannelReader<byte[]> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(SubscriberQueue)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
        lock (_gate)
        {
            _subscribers.Add(channel);
            _subscriberCount = _subscribers.Count;
        }
        unsubscribe = () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
                _subscriberCount = _subscribers.Count;
            }
            channel.Writer.TryComplete();
        };
        return channel.Reader;
    }
}
