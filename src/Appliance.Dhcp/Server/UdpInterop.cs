using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Appliance.Dhcp.Server;

/// <summary>
/// libc's IPv4 UDP calls and their structures (socket(7), ip(7), recvmsg(2), recvmmsg(2)), shared by
/// <see cref="PacketSocket"/> and the benchmark's load generator so the layouts exist once.
/// </summary>
internal static unsafe partial class UdpInterop
{
    internal const ushort AfInet = 2;

    [StructLayout(LayoutKind.Sequential)]
    internal struct SockAddrIn
    {
        public ushort Family;
        public ushort Port;
        public uint Address;
        public ulong Zero;

        public static SockAddrIn Create(uint address, ushort port) => new()
        {
            Family = AfInet,
            Port = BinaryPrimitives.ReverseEndianness(port),
            Address = BinaryPrimitives.ReverseEndianness(address),
        };
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
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
    internal struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct InPktInfo
    {
        public int InterfaceIndex;
        public uint SpecificDestination;
        public uint Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timeval
    {
        public long Seconds;
        public long Microseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setsockopt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int bind(int fd, SockAddrIn* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getsockname(int fd, SockAddrIn* address, int* length);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint recvmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint sendmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    internal struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int recvmmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);
}
