using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Hosting;

/// <summary>
/// Runs a daemon the systemd way: READY after start, SIGHUP and SIGUSR1 (xCAT's reload signal) reload with
/// RELOADING/READY around it, SIGTERM and SIGINT stop gracefully within a bound (STOPPING), and WATCHDOG pings at half
/// the interval systemd asks for. Reloads from signals and from the control socket are serialized here.
/// </summary>
public sealed partial class DaemonHost
{
    private const int SIGUSR1 = 10;

    private readonly IDaemon _daemon;
    private readonly ILogger _logger;
    private readonly SdNotify _notify;
    private readonly TimeSpan _stopTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _reloadGate = new();

    public DaemonHost(IDaemon daemon, ILogger logger, SdNotify notify, TimeSpan? stopTimeout = null)
    {
        _daemon = daemon;
        _logger = logger;
        _notify = notify;
        _stopTimeout = stopTimeout ?? TimeSpan.FromSeconds(10);
    }

    public CancellationToken Stopping => _stopping.Token;

    public void RequestStop() => _stopping.Cancel();

    /// <summary>Reloads now (serialized with every other reload) and tells systemd.</summary>
    public ReloadOutcome Reload()
    {
        lock (_reloadGate)
        {
            _notify.Reloading();
            ReloadOutcome outcome;
            try
            {
                outcome = _daemon.Reload();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                outcome = ReloadOutcome.Refused($"reload failed: {e.Message}");
            }
            if (outcome.Applied) LogReloaded(outcome.Message);
            else LogReloadRefused(outcome.Message);
            _notify.Ready(_daemon.StatusLine);
            return outcome;
        }
    }

    public async Task<int> RunAsync()
    {
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnReloadSignal);
        using var usr1 = PosixSignalRegistration.Create((PosixSignal)SIGUSR1, OnReloadSignal);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
        try
        {
            await _daemon.StartAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStartFailed(e.Message);
            return 1;
        }
        _notify.Ready(_daemon.StatusLine);
        LogReady(_daemon.StatusLine);

        using var watchdog = StartWatchdog();
        var run = _daemon.RunAsync(_stopping.Token);
        try
        {
            await Task.WhenAny(run, Task.Delay(Timeout.Infinite, _stopping.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        if (run.IsFaulted)
        {
            LogRunFailed(run.Exception!.GetBaseException().Message);
            return 1;
        }
        _notify.Stopping();
        LogStopping(_stopTimeout.TotalSeconds);
        _stopping.Cancel();
        if (await Task.WhenAny(run, Task.Delay(_stopTimeout)).ConfigureAwait(false) != run)
        {
            LogStopTimedOut(_stopTimeout.TotalSeconds);
            return 1;
        }
        return 0;
    }

    private Timer? StartWatchdog()
    {
        if (SdNotify.WatchdogInterval() is not { } interval) return null;
        var period = interval / 2;
        return new Timer(_ => _notify.Watchdog(), null, TimeSpan.Zero, period);
    }

    private void OnReloadSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        ThreadPool.QueueUserWorkItem(_ => Reload());
    }

    private void OnStopSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        LogSignal(context.Signal.ToString());
        _stopping.Cancel();
    }

    [LoggerMessage(1, LogLevel.Information, "ready: {Status}")]
    private partial void LogReady(string status);

    [LoggerMessage(2, LogLevel.Information, "reloaded: {Message}")]
    private partial void LogReloaded(string message);

    [LoggerMessage(3, LogLevel.Error, "reload refused, keeping the previous configuration: {Reason}")]
    private partial void LogReloadRefused(string reason);

    [LoggerMessage(4, LogLevel.Critical, "cannot start: {Reason}")]
    private partial void LogStartFailed(string reason);

    [LoggerMessage(5, LogLevel.Information, "{Signal} received: stopping")]
    private partial void LogSignal(string signal);

    [LoggerMessage(6, LogLevel.Information, "stopping (at most {Seconds} s for work in progress)")]
    private partial void LogStopping(double seconds);

    [LoggerMessage(7, LogLevel.Warning, "work in progress did not finish within {Seconds} s; exiting anyway")]
    private partial void LogStopTimedOut(double seconds);

    [LoggerMessage(8, LogLevel.Critical, "stopped on an error: {Reason}")]
    private partial void LogRunFailed(string reason);
}
