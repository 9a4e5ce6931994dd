using System.Net;
using System.Net.Sockets;

namespace Appliance.Integration.Dhcp;

/// <summary>A UDP client on 127.0.0.1 (ephemeral port) that plays the PXE client against a loopback proxydhcpd.</summary>
public sealed class LoopbackClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[2048];

    public LoopbackClient()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveBufferSize = 4 << 20;
        Port = (ushort)((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public ushort Port { get; }

    public void Send(byte[] packet, ushort port) => _socket.SendTo(packet, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>The next datagram whose xid is <paramref name="xid"/>, or null after <paramref name="timeout"/>.</summary>
    public byte[]? Receive(uint xid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            _socket.ReceiveTimeout = Math.Max(1, (int)left.TotalMilliseconds);
            try
            {
                var n = _socket.Receive(_buffer);
                if (n >= 240 && DhcpWire.Xid(_buffer) == xid) return _buffer[..n];
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                return null;
            }
        }
    }

    /// <summary>Drops whatever is queued (replies to a burst).</summary>
    public void Drain()
    {
        _socket.ReceiveTimeout = 1;
        try { while (true) _socket.Receive(_buffer); }
        catch (SocketException) { }
    }

    public void Dispose() => _socket.Dispose();
}
