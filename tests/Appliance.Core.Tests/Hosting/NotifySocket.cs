using System.Net.Sockets;
using System.Text;

namespace Appliance.Core.Tests.Hosting;

/// <summary>A datagram socket standing in for systemd's notification socket.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(bool @abstract = false)
    {
        var name = $"appliance-notify-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Address = @abstract ? "@" + name : Path.Combine(Path.GetTempPath(), name);
        _socket.Bind(new UnixDomainSocketEndPoint(@abstract ? "\0" + name : Address));
        _socket.ReceiveTimeout = 5000;
    }

    /// <summary>The NOTIFY_SOCKET value (a path, or @name for an abstract socket).</summary>
    public string Address { get; }

    public string Receive()
    {
        var buffer = new byte[4096];
        var n = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (!Address.StartsWith('@')) File.Delete(Address);
    }
}
