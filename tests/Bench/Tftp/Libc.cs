using System.Runtime.InteropServices;
using Appliance.Dhcp.Server;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Bench.Tftp;

/// <summary>
/// The socket calls the fetch client makes directly beyond <see cref="UdpInterop"/> (the libc layouts, compiled in from
/// Appliance.Dhcp): one UDP socket, recvmmsg batches, no .NET socket layer in between, so the client's cost per packet
/// is the kernel's and little else.
/// </summary>
internal static unsafe partial class Libc
{
    public const int SockDgram = 2;
    public const int SolSocket = 1, SoRcvbuf = 8, SoRcvtimeo = 20, SoRcvbufForce = 33;
    public const int SolUdp = 17, UdpGro = 104;
    public const int MsgWaitForOne = 0x10000;
    public const int Eagain = 11, Eintr = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, SockAddrIn* address, uint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendto(int fd, byte* buffer, nuint length, int flags, SockAddrIn* address, uint addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvfrom(int fd, byte* buffer, nuint length, int flags, SockAddrIn* address, uint* addressLength);

    public static int SetInt(int fd, int level, int name, int value) => UdpInterop.setsockopt(fd, level, name, &value, sizeof(int));

    public static int SetTimeout(int fd, TimeSpan timeout)
    {
        var tv = new UdpInterop.Timeval { Seconds = (long)timeout.TotalSeconds, Microseconds = timeout.Milliseconds * 1000L + timeout.Microseconds };
        return UdpInterop.setsockopt(fd, SolSocket, SoRcvtimeo, &tv, sizeof(UdpInterop.Timeval));
    }
}
