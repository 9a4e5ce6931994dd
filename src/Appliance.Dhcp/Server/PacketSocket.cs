using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Dhcp.Server;

/// <summary>
/// A Linux UDP socket driven by raw recvmmsg/sendmmsg over a <see cref="PacketBatch"/>, so the hot path allocates
/// nothing, pays one system call per batch of datagrams each way, and learns, per datagram, the local address and
/// interface it arrived on (IP_PKTINFO, ip(7)). .NET's ReceiveMessageFrom reports the same facts but allocates an
/// IPAddress and an EndPoint per call and takes one datagram per call. Replies are sent with IP_PKTINFO too, so a
/// broadcast leaves through the interface the request came in on and carries that interface's address as its source.
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
    private const int SO_RCVBUFFORCE = 33;
    /// <summary>Room for a burst: a rack powering on sends its DISCOVERs within milliseconds (each ~1 KiB of truesize).</summary>
    private const int ReceiveBufferBytes = 4 << 20;
    private const int SO_RCVTIMEO = 20;
    internal const int IPPROTO_IP = 0;
    internal const int IP_PKTINFO = 8;
    internal const int MSG_TRUNC = 0x20;
    private const int MSG_WAITFORONE = 0x10000;
    private const int IP_MULTICAST_LOOP = 34;
    private const int EAGAIN = 11;
    private const int EINTR = 4;

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
            // socket(7): SO_RCVBUFFORCE (CAP_NET_ADMIN) may exceed net.core.rmem_max; without the capability SO_RCVBUF
            // is silently capped by it (208 KiB by default, doubled by the kernel)
            var size = ReceiveBufferBytes;
            if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(int)) != 0)
                SetInt(fd, SOL_SOCKET, SO_RCVBUF, ReceiveBufferBytes, "SO_RCVBUF");
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
    /// Receives up to <see cref="PacketBatch.Capacity"/> datagrams with one recvmmsg(2). MSG_WAITFORONE: the call blocks
    /// (up to the poll interval) only until the first datagram is there and then takes whatever else is already queued,
    /// so a lone request is served at once and a burst is drained in few calls. Returns the count, 0 when the poll
    /// interval passed without a datagram, or -1 on an error (counted by the caller; the loop goes on).
    /// </summary>
    internal int Receive(PacketBatch batch)
    {
        batch.PrepareReceive();
        var n = recvmmsg(_fd, batch.ReceiveMessages, (uint)batch.Capacity, MSG_WAITFORONE, null);
        if (n < 0)
        {
            batch.SetReceived(0);
            var errno = Marshal.GetLastPInvokeError();
            return errno is EAGAIN or EINTR ? 0 : -1;
        }
        batch.SetReceived(n);
        return n;
    }

    /// <summary>
    /// Sends the batch's replies from index <paramref name="start"/> on with one sendmmsg(2), each to its own destination
    /// with its own IP_PKTINFO source. Returns how many left (≥ 1), or -1 when the reply at <paramref name="start"/> failed
    /// (sendmmsg stops at the first failing message; the caller counts it and goes on with the next).
    /// </summary>
    internal int Send(PacketBatch batch, int start)
    {
        var n = sendmmsg(_fd, batch.SendMessages + start, (uint)(batch.Replies - start), 0);
        return n > 0 ? n : -1;
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
