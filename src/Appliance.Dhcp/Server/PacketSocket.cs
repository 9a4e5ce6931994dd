using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Dhcp.Server;

/// <summary>
/// A Linux UDP socket driven by raw recvmsg/sendmsg so the hot path allocates nothing and learns, per datagram, the
/// local address and interface it arrived on (IP_PKTINFO, ip(7)). .NET's ReceiveMessageFrom reports the same facts
/// but allocates an IPAddress and an EndPoint per call. Replies are sent with IP_PKTINFO too, so a broadcast leaves
/// through the interface the request came in on and carries that interface's address as its source.
/// </summary>
public sealed unsafe partial class PacketSocket : IDisposable
{
    private const int AF_INET = 2;
    private const int SOCK_DGRAM = 2;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1;
    private const int SO_REUSEADDR = 2;
    private const int SO_BROADCAST = 6;
    private const int SO_RCVBUF = 8;
    private const int SO_RCVTIMEO = 20;
    private const int IPPROTO_IP = 0;
    private const int IP_PKTINFO = 8;
    private const int IP_MULTICAST_LOOP = 34;
    private const int EAGAIN = 11;
    private const int EINTR = 4;
    private const int ControlLength = 64;

    private int _fd;

    private PacketSocket(int fd, uint address, ushort port)
    {
        _fd = fd;
        LocalAddress = address;
        LocalPort = port;
    }

    public uint LocalAddress { get; }
    public ushort LocalPort { get; }

    /// <summary>
    /// Binds <paramref name="address"/>:<paramref name="port"/> (port 0 picks one) with SO_REUSEADDR, SO_BROADCAST
    /// and IP_PKTINFO; receives wake every <paramref name="pollInterval"/> so the loop can notice a stop.
    /// </summary>
    public static PacketSocket Bind(uint address, ushort port, TimeSpan pollInterval)
    {
        var fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw Error("socket(AF_INET, SOCK_DGRAM)");
        try
        {
            SetInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
            SetInt(fd, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST");
            SetInt(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
            // Linux loops each broadcast we send back into this host unless this is off (ip_mc_output checks it for
            // broadcasts too): a clone of every offer walked through the local stack to no listener, on our core.
            // Clients are never on the appliance itself; tests on loopback send offers unicast (--broadcast).
            SetInt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            SetInt(fd, SOL_SOCKET, SO_RCVBUF, 4 << 20, "SO_RCVBUF");
            var tv = new Timeval { Seconds = (long)pollInterval.TotalSeconds, Microseconds = pollInterval.Microseconds + pollInterval.Milliseconds * 1000 };
            if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(Timeval)) != 0) throw Error("setsockopt(SO_RCVTIMEO)");
            var sa = SockAddrIn.Create(address, port);
            if (bind(fd, &sa, sizeof(SockAddrIn)) != 0)
                throw Error($"bind({FormatAddress(address)}:{port})");
            var len = sizeof(SockAddrIn);
            if (getsockname(fd, &sa, &len) != 0) throw Error("getsockname");
            return new PacketSocket(fd, address, BinaryPrimitives.ReverseEndianness(sa.Port));
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>
    /// Receives one datagram. Returns its length, 0 when the poll interval passed without one (or it was empty), or -1 on an error
    /// (counted by the caller; the loop goes on). Addresses are big-endian numbers (192.0.2.1 = 0xC0000201).
    /// </summary>
    public int Receive(Span<byte> buffer, out Datagram datagram)
    {
        datagram = default;
        SockAddrIn from;
        byte* control = stackalloc byte[ControlLength];
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var msg = new MsgHdr { Name = &from, NameLength = (uint)sizeof(SockAddrIn), Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlLength };
            var n = recvmsg(_fd, &msg, 0);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is EAGAIN or EINTR ? 0 : -1;
            }
            datagram.SourceAddress = BinaryPrimitives.ReverseEndianness(from.Address);
            datagram.SourcePort = BinaryPrimitives.ReverseEndianness(from.Port);
            datagram.Truncated = (msg.Flags & MSG_TRUNC) != 0;
            // cmsg(3): walk the control messages for IP_PKTINFO.
            var offset = 0;
            while (offset + sizeof(CmsgHdr) <= (int)msg.ControlLength)
            {
                var header = (CmsgHdr*)(control + offset);
                if (header->Length < (nuint)sizeof(CmsgHdr)) break;
                if (header->Level == IPPROTO_IP && header->Type == IP_PKTINFO)
                {
                    var info = (InPktInfo*)(control + offset + sizeof(CmsgHdr));
                    datagram.InterfaceIndex = info->InterfaceIndex;
                    datagram.LocalAddress = BinaryPrimitives.ReverseEndianness(info->SpecificDestination);
                    datagram.DestinationAddress = BinaryPrimitives.ReverseEndianness(info->Address);
                }
                offset += (int)((header->Length + 7) & ~(nuint)7);
            }
            return (int)n;
        }
    }

    private const int MSG_TRUNC = 0x20;

    /// <summary>Sends <paramref name="payload"/> from <paramref name="sourceAddress"/> out of interface <paramref name="interfaceIndex"/> (0: routing decides).</summary>
    public bool Send(ReadOnlySpan<byte> payload, uint destination, ushort port, uint sourceAddress, int interfaceIndex)
    {
        var to = SockAddrIn.Create(destination, port);
        byte* control = stackalloc byte[ControlLength];
        new Span<byte>(control, ControlLength).Clear();
        var header = (CmsgHdr*)control;
        header->Length = (nuint)(sizeof(CmsgHdr) + sizeof(InPktInfo));
        header->Level = IPPROTO_IP;
        header->Type = IP_PKTINFO;
        var info = (InPktInfo*)(control + sizeof(CmsgHdr));
        info->InterfaceIndex = interfaceIndex;
        info->SpecificDestination = BinaryPrimitives.ReverseEndianness(sourceAddress);
        fixed (byte* data = payload)
        {
            var iov = new IoVec { Base = data, Length = (nuint)payload.Length };
            var msg = new MsgHdr
            {
                Name = &to, NameLength = (uint)sizeof(SockAddrIn), Iov = &iov, IovLength = 1,
                Control = control, ControlLength = (nuint)((sizeof(CmsgHdr) + sizeof(InPktInfo) + 7) & ~7),
            };
            return sendmsg(_fd, &msg, 0) == payload.Length;
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) close(fd);
    }

    public static string FormatAddress(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";

    private static void SetInt(int fd, int level, int name, int value, string what)
    {
        if (setsockopt(fd, level, name, &value, sizeof(int)) != 0) throw Error($"setsockopt({what})");
    }

    private static SocketException Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new SocketException(errno, $"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
