using System.Net;
using Appliance.Core.Control;
using Appliance.Core.Hosting;
using Appliance.Core.Tables;
using Appliance.Tftp;
using Microsoft.Extensions.Logging;

namespace Appliance.Hosts.tftpd;

/// <summary>
/// The daemon: the TFTP server over the root, the control socket, and the node table that names clients in logs and
/// events. Reload (SIGHUP, SIGUSR1) re-reads the node table and rebuilds the file index; a bad node table keeps the old one.
/// </summary>
internal sealed partial class TftpDaemon : IDaemon, IAsyncDisposable, ITftpTransferObserver
{
    private readonly TftpDaemonOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ControlServer _control;
    private TftpServer? _server;
    private volatile NodeTable _nodes = NodeTable.Empty;
    private string? _lastRefusal;
    private long _generation;

    public TftpDaemon(TftpDaemonOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger("tftpd");
        _control = new ControlServer("tftpd", options.SocketPath, loggers.CreateLogger("tftpd.control"));
        RegisterVerbs();
    }

    /// <summary>Set by Program: control-socket reloads go through it (serialized, sd_notify).</summary>
    public DaemonHost? Host { get; set; }

    private TftpServer Server => _server ?? throw new InvalidOperationException("tftpd not started");

    public string StatusLine => _server is not { } s
        ? "starting"
        : $"{s.Resolver.FileCount} files, {s.RunningTransfers} transfers, {s.Stats.Completed} done, {_nodes.Nodes.Count} nodes";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var resolver = new TftpPathResolver(_options.Paths.TftpRoot);
        var outcome = LoadNodes();
        if (!outcome.Applied) LogNodesRefused(outcome.Message);
        var server = new TftpServer(_options.Server, resolver, _loggers.CreateLogger("tftpd.tftp"), this)
        {
            NodeLookup = NodeOf,
        };
        server.Start();
        _server = server;
        _control.Start();
        LogListening(server.LocalEndPoint.ToString(), resolver.Root, _options.SocketPath);
        return Task.CompletedTask;
    }

    public Task RunAsync(CancellationToken stopping) => Server.RunAsync(stopping);

    public ReloadOutcome Reload()
    {
        var nodes = LoadNodes();
        if (_server is { } s) s.Resolver.Rebuild();
        var files = _server?.Resolver.FileCount ?? 0;
        return nodes.Applied
            ? ReloadOutcome.Success($"generation {Interlocked.Increment(ref _generation)}: {_nodes.Nodes.Count} nodes, {files} files indexed")
            : ReloadOutcome.Refused($"{nodes.Message}; file index rebuilt ({files} files)");
    }

    private ReloadOutcome LoadNodes()
    {
        try
        {
            _nodes = NodeTable.Load(_options.Paths.NodesFile);
            _lastRefusal = null;
            return ReloadOutcome.Success($"{_nodes.Nodes.Count} nodes");
        }
        catch (Exception e) when (e is TableFormatException or IOException or UnauthorizedAccessException)
        {
            _lastRefusal = $"{e.Message}; keeping {_nodes.Nodes.Count} nodes";
            return ReloadOutcome.Refused(_lastRefusal);
        }
    }

    private string? NodeOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return null;
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return _nodes.TryGetByIp(BitConverter.ToUInt32(b), out var node) ? node.Name : null;
    }

    public void TransferStarted(TftpTransferInfo t) =>
        _control.Events.Publish("transfer-start", t.Node, w =>
        {
            WriteTransfer(w, t);
            if (t.Size is { } size) w.WriteNumber("size", size);
            w.WriteNumber("blksize", t.Negotiation.BlockSize);
            w.WriteNumber("windowsize", t.Negotiation.WindowSize);
        });

    public void TransferFinished(TftpTransferInfo t, TftpTransferResult r)
    {
        var type = r.Outcome switch
        {
            TftpTransferOutcome.Completed => "transfer-done",
            TftpTransferOutcome.SizeProbe => "transfer-probe",
            _ => "transfer-failed",
        };
        _control.Events.Publish(type, t.Node, w =>
        {
            WriteTransfer(w, t);
            w.WriteNumber("bytes", r.Bytes);
            w.WriteNumber("duration_ms", Math.Round(r.Duration.TotalMilliseconds, 3));
            w.WriteNumber("rate_bytes_per_s", Math.Round(r.BytesPerSecond));
            w.WriteNumber("retransmits", r.Retransmits);
            if (r.IsFailure)
            {
                w.WriteString("outcome", r.Outcome.ToString());
                w.WriteString("reason", r.Detail);
            }
        });
    }

    private static void WriteTransfer(System.Text.Json.Utf8JsonWriter w, TftpTransferInfo t)
    {
        w.WriteNumber("id", t.Id);
        w.WriteString("client", t.Client.ToString());
        w.WriteString("file", t.Path);
        w.WriteString("requested", t.RequestedName);
    }

    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync().ConfigureAwait(false);
        _server?.Dispose();
    }

    [LoggerMessage(10, LogLevel.Information, "listening on {Endpoint}, root {Root}, control {Socket}")]
    private partial void LogListening(string endpoint, string root, string socket);

    [LoggerMessage(11, LogLevel.Error, "node table refused (clients are not named in logs and events until a reload succeeds): {Reason}")]
    private partial void LogNodesRefused(string reason);
}
