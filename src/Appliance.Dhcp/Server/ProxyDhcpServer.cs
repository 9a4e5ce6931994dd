using System.Diagnostics;
using Appliance.Core.Tables;
using Appliance.Dhcp.Pxe;
using Microsoft.Extensions.Logging;

namespace Appliance.Dhcp.Server;

/// <summary>
/// The proxyDHCP service: one thread per socket (67 and 4011), each taking a batch of datagrams with one recvmmsg,
/// answering each through <see cref="ProxyDhcpResponder"/> and sending all replies with one sendmmsg, in a
/// <see cref="PacketBatch"/> allocated once per thread; the current <see cref="BootIndex"/> is read once per batch (so
/// an answer never mixes two generations). A third thread turns answers into log lines and events. A bad packet is
/// counted and Debug-logged; nothing a client sends can end a loop.
/// </summary>
public sealed partial class ProxyDhcpServer : IDisposable
{
    /// <summary>Receive buffer: larger than any Ethernet frame; a longer datagram is flagged MSG_TRUNC and dropped.</summary>
    internal const int ReceiveBufferLength = 2048;

    private readonly ProxyDhcpSettings _settings;
    private readonly ILogger _logger;
    private BootIndex _index = BootIndex.Empty;
    private PacketSocket? _proxy;
    private PacketSocket? _bootServer;
    /// <summary>Per service (so per receive loop, unshared): which answers are repeats not worth another event.</summary>
    private readonly RepeatFilter[] _repeats;

    public ProxyDhcpServer(ProxyDhcpSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        var interval = (long)(settings.RepeatEventInterval.TotalSeconds * Stopwatch.Frequency);
        _repeats = [new RepeatFilter(interval), new RepeatFilter(interval)];
    }

    public DhcpCounters Counters { get; } = new();
    public AnswerQueue Answers { get; } = new();

    /// <summary>Called on the event thread for every answer (the host publishes `offer`/`ack` events here).</summary>
    public Action<AnswerEvent>? AnswerObserved { get; set; }

    /// <summary>The index in force; replaced whole by <see cref="SwapIndex"/>.</summary>
    public BootIndex Index => Volatile.Read(ref _index);

    /// <summary>Makes <paramref name="next"/> the index for every packet received from now on; returns the old one.</summary>
    public BootIndex SwapIndex(BootIndex next) => Interlocked.Exchange(ref _index, next);

    internal PacketSocket? ProxySocket => _proxy;
    internal PacketSocket? BootServerSocket => _bootServer;

    public ushort? ProxyPort => _proxy?.LocalPort;
    public ushort BootServerPort => _bootServer?.LocalPort ?? 0;

    /// <summary>Binds 67 (unless co-located) and 4011; throws with the address and errno when a bind fails.</summary>
    public void Bind()
    {
        if (_settings.ProxyPort is { } port)
            _proxy = PacketSocket.Bind(_settings.BindAddress, port, _settings.PollInterval);
        _bootServer = PacketSocket.Bind(_settings.BindAddress, _settings.BootServerPort, _settings.PollInterval);
    }

    /// <summary>Serves until <paramref name="stopping"/> is cancelled; the task ends when every loop has ended.</summary>
    public Task RunAsync(CancellationToken stopping)
    {
        if (_bootServer is null) throw new InvalidOperationException("Bind() before RunAsync()");
        var loops = new List<Task>();
        if (_proxy is not null) loops.Add(StartThread("dhcp-proxy", () => ReceiveLoop(_proxy, DhcpService.ProxyDhcp, stopping)));
        loops.Add(StartThread("dhcp-4011", () => ReceiveLoop(_bootServer, DhcpService.BootServer, stopping)));
        loops.Add(StartThread("dhcp-events", () => EventLoop(stopping)));
        return Task.WhenAll(loops);
    }

    private static Task StartThread(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return done.Task;
    }

    private void ReceiveLoop(PacketSocket socket, DhcpService service, CancellationToken stopping)
    {
        using var batch = new PacketBatch();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                ServeBatch(socket, service, batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // the per-datagram guard is in ServeBatch; this one keeps a fault in the batch plumbing from ending the loop
                Counters.CountFault();
                LogFault(service, e.Message);
                batch.ClearReplies();
            }
        }
    }

    /// <summary>
    /// One recvmmsg, every datagram it brought answered or counted, all replies out with one sendmmsg: the unit of the
    /// zero-allocation test. Returns the datagrams received. A fault while answering one datagram is counted and logged and
    /// the others are still answered.
    /// </summary>
    internal int ServeBatch(PacketSocket socket, DhcpService service, PacketBatch batch)
    {
        var received = socket.Receive(batch);
        if (received < 0) Counters.CountReceiveError();
        if (received <= 0) return 0;
        Counters.CountReceived(service, received);
        // one read of the index per batch: every answer in it comes from one generation
        var index = Index;
        for (var i = 0; i < received; i++)
        {
            try
            {
                Handle(socket, service, batch, i, index);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not reachable by any packet we know of (the responder does not throw); counted and logged, never fatal.
                Counters.CountFault();
                LogFault(service, e.Message);
            }
        }
        Flush(socket, service, batch);
        return received;
    }

    private void Handle(PacketSocket socket, DhcpService service, PacketBatch batch, int slot, BootIndex index)
    {
        var datagram = batch.Describe(slot);
        if (datagram.Truncated)
        {
            Counters.CountIgnored(NoAnswerReason.Malformed);
            return;
        }
        var local = _settings.ServerAddressOverride != 0 ? _settings.ServerAddressOverride
            : datagram.LocalAddress != 0 ? datagram.LocalAddress : socket.LocalAddress;
        var reason = ProxyDhcpResponder.Respond(batch.Datagram(slot), service, local, index, batch.NextReply, out var result);
        if (reason != NoAnswerReason.None)
        {
            Counters.CountIgnored(reason);
            LogIgnored(service, reason, datagram.SourceAddress, datagram.SourcePort);
            return;
        }
        uint destination;
        ushort port;
        switch (result.Destination)
        {
            case ReplyDestination.Relay:
                destination = result.RelayAddress;
                port = _settings.RelayPort;
                break;
            case ReplyDestination.RequestSource when datagram.SourceAddress != 0:
                destination = datagram.SourceAddress;
                port = datagram.SourcePort;
                break;
            case ReplyDestination.RequestSource:
                destination = _settings.BroadcastAddress;
                port = datagram.SourcePort;
                break;
            default:
                destination = _settings.BroadcastAddress;
                port = _settings.ClientPort;
                break;
        }
        batch.AddReply(result.Length, destination, port, local, datagram.InterfaceIndex,
            new AnswerEvent(service, result, datagram.SourceAddress, local));
    }

    /// <summary>
    /// Sends every queued reply; one that fails is counted and skipped, the rest still go out. Each sent answer is
    /// queued for the event thread unless it repeats one reported within <see cref="ProxyDhcpSettings.RepeatEventInterval"/>.
    /// </summary>
    private void Flush(PacketSocket socket, DhcpService service, PacketBatch batch)
    {
        if (batch.Replies == 0) return;
        var repeats = _repeats[(int)service];
        var now = Stopwatch.GetTimestamp(); // once per batch: a vDSO read, no system call
        var folded = 0;
        var sent = 0;
        while (sent < batch.Replies)
        {
            var n = socket.Send(batch, sent);
            if (n < 0)
            {
                Counters.CountSendError();
                sent++;
                continue;
            }
            Counters.CountAnswered(service, n);
            for (var i = sent; i < sent + n; i++)
            {
                ref readonly var answer = ref batch.Answer(i);
                if (repeats.ShouldReport(answer.Reply, now)) Answers.Enqueue(answer);
                else folded++;
            }
            sent += n;
        }
        if (folded > 0) Counters.CountRepeatsFolded(folded);
        batch.ClearReplies();
    }

    private void EventLoop(CancellationToken stopping)
    {
        while (true)
        {
            var any = false;
            while (Answers.TryDequeue(out var answer))
            {
                any = true;
                var r = answer.Reply;
                // the arguments below allocate: build them only when the line is written
                if (_logger.IsEnabled(LogLevel.Information))
                    LogAnswer(r.MessageType == Protocol.DhcpMessageType.Offer ? "offer" : "ack", r.Entry.Node,
                        new MacAddress(r.Mac).ToString(), r.Architecture, r.ArchitectureSource, r.Boot.Path + r.Loader, r.BcdPath,
                        r.Generation);
                try
                {
                    AnswerObserved?.Invoke(answer);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogFault(answer.Service, e.Message);
                }
            }
            if (stopping.IsCancellationRequested) return;
            if (!any) stopping.WaitHandle.WaitOne(20);
        }
    }

    public void Dispose()
    {
        _proxy?.Dispose();
        _bootServer?.Dispose();
    }

    [LoggerMessage(100, LogLevel.Information, "{Kind} {Node} mac {Mac} arch {Arch} ({Source}) file {File} bcd {Bcd} generation {Generation}")]
    private partial void LogAnswer(string kind, string node, string mac, ushort arch, ArchitectureSource source, string file, string bcd, long generation);

    [LoggerMessage(101, LogLevel.Debug, "{Service}: no answer ({Reason}) to {Address}:{Port}")]
    private partial void LogIgnored(DhcpService service, NoAnswerReason reason, uint address, ushort port);

    [LoggerMessage(102, LogLevel.Error, "{Service}: fault while handling a packet (counted, loop goes on): {Message}")]
    private partial void LogFault(DhcpService service, string message);
}
