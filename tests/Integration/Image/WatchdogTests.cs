using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Appliance.Integration.Support;

namespace Appliance.Integration.Image;

/// <summary>
/// What the units' Type=notify, WatchdogSec= and ExecReload= rely on, shown with the published daemons and a notify
/// socket of our own standing in for systemd: READY=1 after start, WATCHDOG=1 at half of WATCHDOG_USEC, and
/// RELOADING=1 (with MONOTONIC_USEC) then READY=1 around a SIGHUP.
/// </summary>
public sealed class WatchdogTests
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromMilliseconds(1000);

    [Theory]
    [InlineData("proxydhcpd", new[] { "--bind", "127.0.0.1", "--port", "0", "--boot-port", "0", "--broadcast", "127.0.0.1" })]
    [InlineData("tftpd", new[] { "--bind", "127.0.0.1", "--port", "0" })]
    public void DaemonNotifiesReadyPingsTheWatchdogAndReloadsOnHup(string daemon, string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("appliance-notify-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "srv", "tftp")); // tftpd refuses a missing root (tmpfiles.d makes it)
        var socketPath = Path.Combine(dir, "notify");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.ReceiveTimeout = 5000;
        var psi = new ProcessStartInfo(Tools.Binary(daemon)) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] all = ["--prefix", dir, .. args];
        foreach (var a in all) psi.ArgumentList.Add(a);
        psi.Environment["NOTIFY_SOCKET"] = socketPath;
        psi.Environment["WATCHDOG_USEC"] = ((long)Watchdog.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try
        {
            var buffer = new byte[4096];
            string Next()
            {
                try
                {
                    return Encoding.UTF8.GetString(buffer, 0, listener.Receive(buffer));
                }
                catch (SocketException e)
                {
                    lock (stderr) throw new InvalidOperationException($"{daemon}: no notification within 5 s ({e.SocketErrorCode}); its log:\n{stderr}");
                }
            }

            Assert.StartsWith("READY=1", Next());
            // Pings at half the interval: within one watchdog period at least two arrive, none before ~a quarter of it.
            var clock = Stopwatch.StartNew();
            var pings = new List<TimeSpan>();
            while (pings.Count < 4 && clock.Elapsed < TimeSpan.FromSeconds(10))
                if (Next() == "WATCHDOG=1") pings.Add(clock.Elapsed);
            Assert.Equal(4, pings.Count);
            var gaps = pings.Zip(pings.Skip(1), (a, b) => b - a).ToArray();
            Assert.All(gaps, g => Assert.InRange(g.TotalMilliseconds, Watchdog.TotalMilliseconds / 4, Watchdog.TotalMilliseconds * 0.95));

            // ExecReload=/bin/kill -HUP $MAINPID
            Run.Process("/bin/kill", ["-HUP", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5)).EnsureSuccess();
            string msg;
            do msg = Next(); while (msg == "WATCHDOG=1");
            Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=\d+$", msg);
            do msg = Next(); while (msg == "WATCHDOG=1");
            Assert.StartsWith("READY=1", msg);

            Run.Process("/bin/kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5)).EnsureSuccess();
            do msg = Next(); while (msg == "WATCHDOG=1");
            Assert.Equal("STOPPING=1", msg);
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(15)), $"{daemon} did not exit within 15 s of SIGTERM");
            Assert.Equal(0, p.ExitCode);
        }
        finally
        {
            if (!p.HasExited) p.Kill();
            p.WaitForExit();
            Directory.Delete(dir, true);
        }
    }
}
