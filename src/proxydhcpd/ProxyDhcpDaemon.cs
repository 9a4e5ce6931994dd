using System.Diagnostics;
using Appliance.Core.Control;
using Appliance.Core.Hosting;
using Appliance.Core.Records;
using Appliance.Core.Tables;
using Appliance.Dhcp.Pxe;
using Appliance.Dhcp.Server;
using Microsoft.Extensions.Logging;

namespace Appliance.Hosts.proxydhcpd;

/// <summary>
/// The daemon: binds both sockets and the control socket, builds the boot index from the three files, swaps a new one
/// in on every successful reload and keeps the old one (saying why) when a file is refused.
/// </summary>
internal sealed partial class ProxyDhcpDaemon : IDaemon, IAsyncDisposable
{
    private readonly DaemonOptions _options;
    private readonly ILogger _logger;
    private readonly ProxyDhcpServer _server;
    private readonly ControlServer _control;
    private readonly TableCache _tables = new();
    private long _generation;
    private string? _lastRefusal;
    private double _lastReloadMilliseconds;
    private double _lastReloadCpuMilliseconds;
    private ReloadStages _lastStages;

    public ProxyDhcpDaemon(DaemonOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _logger = loggers.CreateLogger("proxydhcpd");
        _server = new ProxyDhcpServer(options.Settings, loggers.CreateLogger("proxydhcpd.dhcp"));
        _control = new ControlServer("proxydhcpd", options.Paths.Socket("proxydhcpd"), loggers.CreateLogger("proxydhcpd.control"));
        _server.AnswerObserved = PublishAnswer;
        RegisterVerbs();
    }

    /// <summary>Set by Program before RunAsync: the control verb `reload` goes through it (serialized, sd_notify).</summary>
    public DaemonHost? Host { get; set; }

    public string StatusLine
    {
        get
        {
            var index = _server.Index;
            return $"generation {index.Generation}, {index.RecordCount} records, {index.NodeCount} nodes, {_server.Counters.TotalAnswered} answers";
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A bad file at start is not fatal: serve nobody, say why, and take the next good reload.
        var outcome = Reload();
        if (!outcome.Applied) LogStartWithoutIndex(outcome.Message);
        _server.Bind();
        _control.Start();
        LogListening(_server.ProxyPort?.ToString() ?? "off (co-located)", _server.BootServerPort, _options.Paths.Socket("proxydhcpd"));
        return Task.CompletedTask;
    }

    public Task RunAsync(CancellationToken stopping) => _server.RunAsync(stopping);

    public ReloadOutcome Reload()
    {
        var generation = Interlocked.Increment(ref _generation);
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        BootIndex index;
        try
        {
            index = BootIndexLoader.Load(generation, _options.Paths.NodesFile, _options.Paths.OsImagesFile, _options.Paths.RecordFile,
                _options.Loaders, _options.DefaultWinPe, _options.NextServer, _tables, out var stages);
            _lastStages = stages;
        }
        catch (Exception e) when (e is RecordFileException or TableFormatException or FormatException or IOException or UnauthorizedAccessException)
        {
            Interlocked.Decrement(ref _generation);
            var current = _server.Index;
            _lastRefusal = $"{e.Message}; keeping generation {current.Generation} ({current.RecordCount} records)";
            return ReloadOutcome.Refused(_lastRefusal);
        }
        _server.SwapIndex(index);
        _lastReloadMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // CPU of the whole process over the reload (GC included, it runs on the reloading thread): on a busy machine
        // the wall time above also counts waiting for a core, this does not
        _lastReloadCpuMilliseconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
        _lastRefusal = null;
        foreach (var warning in index.Warnings) LogIndexWarning(warning);
        return ReloadOutcome.Success(
            $"generation {index.Generation}: {index.RecordCount} records, {index.NodeCount} nodes, {index.MacCount} MACs, " +
            $"{index.Warnings.Count} warnings, {_lastReloadMilliseconds:0.0} ms, {_lastReloadCpuMilliseconds:0.0} ms CPU ({_lastStages})");
    }

    private void PublishAnswer(AnswerEvent answer)
    {
        var r = answer.Reply;
        _control.Events.Publish(r.MessageType == Appliance.Dhcp.Protocol.DhcpMessageType.Offer ? "offer" : "ack", r.Entry.Node, w =>
        {
            w.WriteString("mac", new MacAddress(r.Mac).ToString());
            w.WriteNumber("arch", r.Architecture);
            w.WriteString("arch_source", r.ArchitectureSource.ToString());
            w.WriteString("loader", r.Loader);
            w.WriteString("file", r.Boot.Path + r.Loader);
            w.WriteString("bcd", r.BcdPath);
            w.WriteNumber("generation", r.Generation);
            w.WriteNumber("port", answer.Service == DhcpService.ProxyDhcp ? _server.ProxyPort ?? 0 : _server.BootServerPort);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _control.DisposeAsync().ConfigureAwait(false);
        _server.Dispose();
    }

    [LoggerMessage(10, LogLevel.Information, "listening: proxyDHCP port {ProxyPort}, boot server port {BootPort}, control {Socket}")]
    private partial void LogListening(string proxyPort, ushort bootPort, string socket);

    [LoggerMessage(11, LogLevel.Error, "starting without a boot index (nobody is answered until a reload succeeds): {Reason}")]
    private partial void LogStartWithoutIndex(string reason);

    [LoggerMessage(12, LogLevel.Warning, "boot index: {Warning}")]
    private partial void LogIndexWarning(string warning);
}
