using System.Runtime.InteropServices;
using System.Text;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Bench.Dhcp;

/// <summary>The benchmark's own UDP sockets (libc calls and layouts from Appliance.Dhcp's UdpInterop): many datagrams per system call.</summary>
internal static unsafe partial class BatchIo
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, SockAddrIn* address, int length);

    public const int MsgWaitForOne = 0x10000;

    /// <summary>A UDP socket bound to PORT on IFACE (SO_BINDTODEVICE), broadcast allowed, receive timeout in µs.</summary>
    public static int Open(string iface, ushort port, int receiveTimeoutMicroseconds)
    {
        var fd = socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0);
        if (fd < 0) throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()}");
        var one = 1;
        setsockopt(fd, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, &one, sizeof(int));
        setsockopt(fd, 1, 6 /* SO_BROADCAST */, &one, sizeof(int));
        // Linux loops every broadcast a socket sends back to the sender's own host unless IP_MULTICAST_LOOP is off
        // (ip_mc_output): a copy nobody here listens for, made on the sending core
        var off = 0;
        setsockopt(fd, 0 /* IPPROTO_IP */, 34 /* IP_MULTICAST_LOOP */, &off, sizeof(int));
        var buffer = 8 << 20;
        setsockopt(fd, 1, 8 /* SO_RCVBUF */, &buffer, sizeof(int));
        var name = Encoding.ASCII.GetBytes(iface + "\0");
        fixed (byte* n = name) setsockopt(fd, 1, 25 /* SO_BINDTODEVICE */, n, name.Length);
        var timeout = stackalloc long[2] { receiveTimeoutMicroseconds / 1_000_000, receiveTimeoutMicroseconds % 1_000_000 };
        setsockopt(fd, 1, 20 /* SO_RCVTIMEO */, timeout, 16);
        var any = new SockAddrIn { Family = 2, Port = (ushort)(port << 8 | port >> 8) };
        if (bind(fd, &any, sizeof(SockAddrIn)) != 0)
            throw new InvalidOperationException($"bind to port {port} on {iface} failed: errno {Marshal.GetLastPInvokeError()}");
        return fd;
    }
}
