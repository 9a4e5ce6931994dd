namespace Appliance.Core.Hosting;

/// <summary>What <see cref="DaemonHost"/> runs: bind, serve, reload, report.</summary>
public interface IDaemon
{
    /// <summary>Binds sockets and loads configuration; returns when the daemon can serve (then READY is sent).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Serves until <paramref name="stopping"/> is cancelled, then finishes or aborts work in progress.</summary>
    Task RunAsync(CancellationToken stopping);

    /// <summary>Re-reads configuration; on failure keeps the previous state and says why. Called serialized.</summary>
    ReloadOutcome Reload();

    /// <summary>One line for systemd's STATUS= (generation, counts).</summary>
    string StatusLine { get; }
}
