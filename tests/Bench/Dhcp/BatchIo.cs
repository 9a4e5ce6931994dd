using System.Runtime.InteropServices;
using System.Text;

namespace Appliance.Bench.Dhcp;

/// <summary>libc's UDP calls for the benchmark's own tools: many datagrams per system call (recvmmsg/sendmmsg).</summary>
internal static unsafe partial class BatchIo
{
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

    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;
        public ulong Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, SockAddrIn* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int recvmmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);
}
