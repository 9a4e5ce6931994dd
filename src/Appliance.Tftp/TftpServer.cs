using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Appliance.Tftp;

/// <summary>
/// The request listener: reads RRQ/WRQ on the well-known port, resolves the file inside the root, applies the limits and
/// starts a <see cref="TftpTransfer"/> for each accepted read. Never dies on a bad packet: it is logged, counted, dropped
/// (or answered with the RFC 1350 error that fits).
/// </summary>
public sealed partial class TftpServer : IDisposable
{
    private readonly TftpServerOptions _options;
    private readonly ILogger _logger;
    private readonly ITftpTransferObserver? _observer;
    private readonly ConcurrentDictionary<long, (TftpTransfer Transfer, Task Task)> _transfers = new();
    private readonly ConcurrentDictionary<IPEndPoint, long> _byEndpoint = new();
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private readonly byte[] _errorBuffer = new byte[TftpWire.DefaultBlockSize + TftpWire.DataHeaderLength];
    private Socket? _socket;
    private long _nextId;
    private volatile bool _stopping;

    public TftpServer(TftpServerOptions options, TftpPathResolver resolver, ILogger logger, ITftpTransferObserver? observer = null)
    {
        options.Validate();
        _options = options;
        Resolver = resolver;
        _logger = logger;
        _observer = observer;
    }

    public TftpPathResolver Resolver { get; }

    public TftpServerStats Stats { get; } = new();

    /// <summary>Maps a client address to a node name for logs and events (the host wires the node table in).</summary>
    public Func<IPAddress, string?>? NodeLookup { get; set; }

    /// <summary>The bound request endpoint (after <see cref="Start"/>); port 0 in the options means an ephemeral port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket?.LocalEndPoint ?? throw new InvalidOperationException("TFTP server not started"));

    public int RunningTransfers => _transfers.Count;

    /// <summary>Live transfers, oldest first.</summary>
    public TftpTransferInfo[] Transfers() =>
        _transfers.Values.Select(t => t.Transfer.Info).OrderBy(i => i.Id).ToArray();

    /// <summary>Binds the request socket (before privileges are dropped, if the host does that).</summary>
    public void Start()
    {
        var socket = new Socket(_options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // IP_PKTINFO / IPV6_RECVPKTINFO: each request reports the local address it was sent to, so its transfer can
            // answer from that address on a multi-homed appliance (a client drops DATA from any other address).
            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
            else
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            socket.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        TftpLog.Listening(_logger, socket.LocalEndPoint!, Resolver.Root, Resolver.FileCount);
    }

    /// <summary>Serves until <paramref name="stop"/>; then lets transfers finish within the grace period and aborts the rest.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        if (_socket is null) Start();
        var socket = _socket!;
        var buffer = GC.AllocateUninitializedArray<byte>(TftpWire.MaxRequestLength);
        var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                TftpLog.ReceiveFailed(_logger, e.Message);
                continue;
            }
            var n = received.ReceivedBytes;
            var client = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                HandleRequest(buffer.AsSpan(0, n), client, received.PacketInformation.Address);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug must not take the service down for every other node; it is logged with the client.
                TftpLog.Malformed(_logger, client, TftpFailure.Truncated, $"unexpected {e.GetType().Name}: {e.Message}");
            }
        }
        await StopTransfersAsync().ConfigureAwait(false);
    }

    private async Task StopTransfersAsync()
    {
        _stopping = true;
        _socket?.Dispose();
        var running = _transfers.Values.ToArray();
        if (running.Length == 0) return;
        TftpLog.Stopping(_logger, running.Length, _options.ShutdownGrace.TotalSeconds);
        var all = Task.WhenAll(running.Select(r => r.Task));
        try
        {
            await all.WaitAsync(_options.ShutdownGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var r in _transfers.Values) r.Transfer.Abort();
            await all.ConfigureAwait(false);
        }
    }

    private void SendError(IPEndPoint client, TftpErrorCode code, string message)
    {
        var n = TftpPacket.WriteError(_errorBuffer, code, message);
        try
        {
            _socket?.SendTo(_errorBuffer.AsSpan(0, n), SocketFlags.None, client);
        }
        catch (SocketException)
        {
            // best effort
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _socket?.Dispose();
        foreach (var r in _transfers.Values) r.Transfer.Abort();
    }
}
