using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Tftp;

namespace Appliance.Integration.Tftp;

/// <summary>Sends one hand-made request and returns the first answer, for names no client will send (NUL, 600 bytes).</summary>
public static class RawTftp
{
    public static (TftpOpcode Opcode, TftpErrorCode Code, string Message) Request(int port, byte[] request)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        s.SendTo(request, new IPEndPoint(IPAddress.Loopback, port));
        var buffer = new byte[70000];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var n = s.ReceiveFrom(buffer, ref from);
        var packet = buffer.AsSpan(0, n);
        Assert.True(TftpPacket.TryReadOpcode(packet, out var op));
        if (TftpPacket.TryReadError(packet, out var code, out var msg)) return (op, code, Encoding.ASCII.GetString(msg));
        return (op, 0, "");
    }

    public static byte[] Rrq(string name, string mode = "octet") => Encoding.Latin1.GetBytes($"\0\u0001{name}\0{mode}\0");
}
