using Appliance.Core.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Core.Tests.Hosting;

public class SdNotifyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sends_each_message_as_one_datagram(bool @abstract)
    {
        using var systemd = new NotifySocket(@abstract);
        using var notify = new SdNotify(systemd.Address);
        notify.Ready("generation 1, 3 records");
        notify.Reloading();
        notify.Status("a\nb");
        notify.Watchdog();
        notify.Stopping();
        Assert.Equal("READY=1\nSTATUS=generation 1, 3 records", systemd.Receive());
        var reloading = systemd.Receive().Split('\n');
        Assert.Equal("RELOADING=1", reloading[0]);
        Assert.StartsWith("MONOTONIC_USEC=", reloading[1]);
        var usec = ulong.Parse(reloading[1]["MONOTONIC_USEC=".Length..]);
        // CLOCK_MONOTONIC, the clock Environment.TickCount64 also reads: within a second of each other.
        Assert.InRange((long)(usec / 1000) - Environment.TickCount64, -1000, 1000);
        Assert.Equal("STATUS=a b", systemd.Receive());
        Assert.Equal("WATCHDOG=1", systemd.Receive());
        Assert.Equal("STOPPING=1", systemd.Receive());
    }

    [Fact]
    public void Without_notify_socket_nothing_happens()
    {
        using var notify = new SdNotify(null);
        Assert.False(notify.Enabled);
        notify.Ready("x");
    }

    [Fact]
    public async Task Host_sends_ready_after_start_then_reloading_ready_then_stopping()
    {
        using var systemd = new NotifySocket();
        using var notify = new SdNotify(systemd.Address);
        var daemon = new FakeDaemon();
        var host = new DaemonHost(daemon, NullLogger.Instance, notify, TimeSpan.FromSeconds(5));
        var run = host.RunAsync();
        Assert.Equal("READY=1\nSTATUS=generation 0", systemd.Receive());
        Assert.True(daemon.Started);

        Assert.True(host.Reload().Applied);
        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", systemd.Receive());
        Assert.Equal("READY=1\nSTATUS=generation 1", systemd.Receive());

        daemon.RefuseNext = true;
        var refused = host.Reload();
        Assert.False(refused.Applied);
        Assert.Equal("bad file", refused.Message);
        Assert.StartsWith("RELOADING=1", systemd.Receive());
        Assert.Equal("READY=1\nSTATUS=generation 1", systemd.Receive());

        host.RequestStop();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("STOPPING=1", systemd.Receive());
        Assert.True(daemon.StoppedCleanly);
    }

    [Fact]
    public async Task Host_returns_1_and_sends_nothing_when_start_fails()
    {
        using var systemd = new NotifySocket();
        using var notify = new SdNotify(systemd.Address);
        var host = new DaemonHost(new FakeDaemon { FailStart = true }, NullLogger.Instance, notify);
        Assert.Equal(1, await host.RunAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class FakeDaemon : IDaemon
    {
        private int _generation;
        public bool Started, StoppedCleanly, FailStart, RefuseNext;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (FailStart) throw new IOException("port 67 in use");
            Started = true;
            return Task.CompletedTask;
        }

        public async Task RunAsync(CancellationToken stopping)
        {
            try { await Task.Delay(Timeout.Infinite, stopping); }
            catch (OperationCanceledException) { StoppedCleanly = true; }
        }

        public ReloadOutcome Reload()
        {
            if (RefuseNext) return ReloadOutcome.Refused("bad file");
            return ReloadOutcome.Success($"generation {++_generation}");
        }

        public string StatusLine => $"generation {_generation}";
    }
}
