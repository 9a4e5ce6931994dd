using System.Net.Sockets;
using System.Text;
using Appliance.Core.Interop;

namespace Appliance.Core.Hosting;

/// <summary>
/// sd_notify(3) written natively: datagrams to <c>$NOTIFY_SOCKET</c> (a path, or an abstract socket written <c>@name</c>).
/// Without <c>NOTIFY_SOCKET</c> every call is a no-op, so daemons run the same by hand and under systemd.
/// </summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    public SdNotify(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath)) return;
        // An '@' prefix names a Linux abstract socket, whose real name starts with a NUL byte.
        _endpoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public static SdNotify FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool Enabled => _socket is not null;

    /// <summary>
    /// The watchdog interval systemd expects pings within (<c>WATCHDOG_USEC</c>, when <c>WATCHDOG_PID</c> is unset or ours).
    /// </summary>
    public static TimeSpan? WatchdogInterval()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (string.IsNullOrEmpty(usec) || !ulong.TryParse(usec, out var us) || us == 0) return null;
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)) return null;
        return TimeSpan.FromMicroseconds(us);
    }

    public void Ready(string status) => Send($"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>RELOADING=1 with MONOTONIC_USEC, as systemd 253+ requires for Type=notify-reload and accepts for notify.</summary>
    public void Reloading() => Send($"RELOADING=1\nMONOTONIC_USEC={Libc.MonotonicMicroseconds()}");

    public void Stopping() => Send("STOPPING=1");
    public void Status(string status) => Send($"STATUS={OneLine(status)}");
    public void Watchdog() => Send("WATCHDOG=1");

    public void Send(string message)
    {
        if (_socket is null) return;
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), _endpoint!);
        }
        catch (SocketException)
        {
            // systemd went away or the socket is not ours: notification is best effort by design (sd_notify(3)).
        }
    }

    private static string OneLine(string s) => s.Replace('\n', ' ');

    public void Dispose() => _socket?.Dispose();
}
