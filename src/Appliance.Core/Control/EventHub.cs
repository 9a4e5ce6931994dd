using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace Appliance.Core.Control;

/// <summary>
/// Fans events out to every <c>events</c> subscriber as JSON lines (<c>{"event":"offer","time":"…","node":"n1",…}</c>) and
/// keeps the last <see cref="RecentCapacity"/> for the <c>recent</c> verb. Publishing formats one line (it allocates), so hot
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

    public EventHub(int recentCapacity = 256) => _recent = new byte[]?[recentCapacity];

    public int RecentCapacity => _recent.Length;
    public bool Active => _recent.Length > 0 || Volatile.Read(ref _subscriberCount) > 0;
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
        Interlocked.Increment(ref _published);
        lock (_gate)
        {
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
