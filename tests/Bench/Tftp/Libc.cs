using System.Runtime.InteropServices;

namespace Appliance.Bench.Tftp;

/// <summary>
/// The few socket calls the fetch client makes directly (x86-64/arm64 Linux layouts): one UDP socket, recvmmsg batches,
/// no .NET socket layer in between, so the client's cost per packet is the kernel's and little else.
/// </summary>
internal static unsafe partial class Libc
{
    public const int AfInet = 2, SockDgram = 2;
    public const int SolSocket = 1, SoRcvbuf = 8, SoRcvtimeo = 20, SoRcvbufForce = 33;
    public const int SolUdp = 17, UdpGro = 104;
    public const int MsgWaitForOne = 0x10000;
    public const int Eagain = 11, Eintr = 4;

    /// <summary>struct sockaddr_in: family, port (network order), address, 8 bytes of zero.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;
        public ulong Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Iovec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public Iovec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: a msghdr and the bytes received.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, SockaddrIn* address, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, SockaddrIn* address, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendto(int fd, byte* buffer, nuint length, int flags, SockaddrIn* address, uint addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvfrom(int fd, byte* buffer, nuint length, int flags, SockaddrIn* address, uint* addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int recvmmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    public static int SetInt(int fd, int level, int name, int value) => setsockopt(fd, level, name, &value, sizeof(int));

    public static int SetTimeout(int fd, TimeSpan timeout)
    {
        var tv = new TimeVal { Seconds = (long)timeout.TotalSeconds, Microseconds = timeout.Milliseconds * 1000L + timeout.Microseconds };
        return setsockopt(fd, SolSocket, SoRcvtimeo, &tv, (uint)sizeof(TimeVal));
    }
}
