using System.Text;
using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

public class RfbClientTests
{
    private static readonly RfbClientOptions NoPassword = new() { ReadTimeout = TimeSpan.FromSeconds(5) };
    private static readonly RfbClientOptions WithPassword = new() { Password = "secret"u8.ToArray(), ReadTimeout = TimeSpan.FromSeconds(5) };

    [Theory]
    [InlineData("RFB 003.003\n", "RFB 003.003\n", "3.3")]
    [InlineData("RFB 003.007\n", "RFB 003.007\n", "3.7")]
    [InlineData("RFB 003.008\n", "RFB 003.008\n", "3.8")]
    [InlineData("RFB 003.889\n", "RFB 003.008\n", "3.8")] // Apple Remote Desktop
    [InlineData("RFB 003.005\n", "RFB 003.003\n", "3.3")]
    [InlineData("RFB 004.001\n", "RFB 003.008\n", "3.8")]
    public void Negotiates_version_and_none_security(string serverVersion, string clientVersion, string agreed)
    {
        string? seen = null;
        using var server = new FakeServer(s =>
        {
            s.Write(Encoding.ASCII.GetBytes(serverVersion));
            seen = Encoding.ASCII.GetString(FakeServer.Read(s, 12));
            if (seen == "RFB 003.003\n") FakeServer.U32(s, 1);
            else
            {
                s.Write([1, 1]);
                if (FakeServer.Read(s, 1)[0] != 1) throw new InvalidOperationException("expected None");
                if (seen == "RFB 003.008\n") FakeServer.U32(s, 0);
            }
            if (FakeServer.Read(s, 1)[0] != 1) throw new InvalidOperationException("expected shared ClientInit");
            FakeServer.ServerInit(s, 64, 32, "fake desk");
            FakeServer.ReadSetup(s);
            FakeServer.UpdateHeader(s, 1);
            FakeServer.Rect(s, 0, 0, 1, 1, 0);
            s.Write([0x30, 0x20, 0x10, 0xFF]); // B G R X
            FakeServer.Read(s, 10);
        });
        using var client = RfbClient.Connect("127.0.0.1", server.Port, NoPassword);
        Assert.True(client.WaitForUpdate(0, TimeSpan.FromSeconds(5)));
        Assert.Equal(clientVersion, seen);
        Assert.Equal(agreed, client.Version);
        Assert.Equal("fake desk", client.DesktopName);
        Assert.Equal((64, 32), (client.Width, client.Height));
        Assert.Equal(0x102030u, client.Snapshot()[0, 0]);
        server.Join();
        Assert.Null(server.Error);
    }

    [Fact]
    public void Vnc_authentication_sends_the_des_response_and_refusal_reason_is_shown()
    {
        var challenge = Enumerable.Range(1, 16).Select(i => (byte)(i * 11)).ToArray();
        byte[]? response = null;
        using var server = new FakeServer(s =>
        {
            s.Write("RFB 003.008\n"u8);
            FakeServer.Read(s, 12);
            s.Write([2, 2, 1]);
            if (FakeServer.Read(s, 1)[0] != 2) throw new InvalidOperationException("expected VNC auth with a password");
            s.Write(challenge);
            response = FakeServer.Read(s, 16);
            FakeServer.U32(s, 1);
            var reason = "Authentication failure"u8.ToArray();
            FakeServer.U32(s, (uint)reason.Length);
            s.Write(reason);
        });
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", server.Port, WithPassword));
        Assert.Equal(RfbErrorReason.AuthenticationFailed, e.Reason);
        Assert.Contains("Authentication failure", e.Message);
        server.Join();
        var expected = new byte[16];
        VncDes.EncryptChallenge("secret"u8, challenge, expected);
        Assert.Equal(expected, response);
    }

    [Fact]
    public void Only_vnc_auth_without_password_asks_for_one()
    {
        using var server = new FakeServer(s =>
        {
            s.Write("RFB 003.008\n"u8);
            FakeServer.Read(s, 12);
            s.Write([1, 2]);
            Thread.Sleep(500);
        });
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", server.Port, NoPassword));
        Assert.Equal(RfbErrorReason.PasswordRequired, e.Reason);
        Assert.Contains("--password-file", e.Message);
    }

    [Theory]
    [InlineData("RFB 003.008\n", new byte[] { 1, 19 }, RfbErrorReason.SecurityTypeRefused, "offers only 19")]
    [InlineData("RFB 003.008\n", new byte[] { 0, 0, 0, 0, 4, (byte)'b', (byte)'u', (byte)'s', (byte)'y' }, RfbErrorReason.SecurityTypeRefused, "\"busy\"")]
    [InlineData("RFB 003.003\n", new byte[] { 0, 0, 0, 0, 0, 0, 0, 2, (byte)'n', (byte)'o' }, RfbErrorReason.SecurityTypeRefused, "\"no\"")]
    [InlineData("SSH-2.0-Open", new byte[0], RfbErrorReason.BadVersion, "is this a VNC server")]
    public void Refusals_name_what_the_server_said(string version, byte[] rest, RfbErrorReason reason, string message)
    {
        using var server = new FakeServer(s =>
        {
            s.Write(Encoding.ASCII.GetBytes(version));
            if (version.StartsWith("RFB", StringComparison.Ordinal)) FakeServer.Read(s, 12);
            s.Write(rest);
            Thread.Sleep(500);
        });
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", server.Port, NoPassword));
        Assert.Equal(reason, e.Reason);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Server_closing_mid_handshake_is_a_disconnect_naming_the_field()
    {
        using var server = new FakeServer(s =>
        {
            s.Write("RFB 003.008\n"u8);
            FakeServer.Read(s, 12);
            s.Write([1, 1]);
            FakeServer.Read(s, 1);
            FakeServer.U32(s, 0);
            FakeServer.Read(s, 1);
            s.Write([0, 64, 0]); // 3 of 24 ServerInit bytes, then close
        });
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", server.Port, NoPassword));
        Assert.Equal(RfbErrorReason.Disconnected, e.Reason);
        Assert.Contains("ServerInit: the server closed the connection (3 of 24 bytes read)", e.Message);
    }

    [Fact]
    public void Server_resetting_mid_handshake_is_the_server_closing_the_connection_too()
    {
        // A server killed while a request of ours is unread resets instead of closing; the client says the same.
        using var server = new FakeServer(s =>
        {
            s.Write("RFB 003.008\n"u8);
            FakeServer.Read(s, 12);
            s.Write([1, 1]);
            FakeServer.Read(s, 1);
            FakeServer.U32(s, 0);
            FakeServer.Read(s, 1);
            s.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            s.Socket.Close(); // RST
        });
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", server.Port, NoPassword));
        Assert.Equal(RfbErrorReason.Disconnected, e.Reason);
        Assert.Contains("ServerInit: the server closed the connection (", e.Message);
    }

    [Fact]
    public void Silent_server_times_out()
    {
        using var server = new FakeServer(_ => Thread.Sleep(2000));
        var options = new RfbClientOptions { ReadTimeout = TimeSpan.FromMilliseconds(300) };
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", server.Port, options));
        Assert.Equal(RfbErrorReason.Timeout, e.Reason);
        Assert.Contains("ProtocolVersion: no bytes from the server", e.Message);
    }

    [Fact]
    public void Nothing_listening_is_a_connect_failure()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var e = Assert.Throws<RfbException>(() => RfbClient.Connect("127.0.0.1", port, NoPassword));
        Assert.Equal(RfbErrorReason.ConnectFailed, e.Reason);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
    }

    [Fact]
    public void Resize_copyrect_and_disconnect_after_setup()
    {
        using var server = new FakeServer(s =>
        {
            s.Write("RFB 003.008\n"u8);
            FakeServer.Read(s, 12);
            s.Write([1, 1]);
            FakeServer.Read(s, 1);
            FakeServer.U32(s, 0);
            FakeServer.Read(s, 1);
            FakeServer.ServerInit(s, 4, 2, "d");
            var encodings = FakeServer.ReadSetup(s);
            if (!encodings.Contains(-308) || !encodings.Contains(-223) || !encodings.Contains(-258)) throw new InvalidOperationException("pseudo-encodings missing");
            // One update: QEMU key ack, ExtendedDesktopSize to 3x3, raw pixel, copy it, then a DesktopSize to 2x3.
            FakeServer.UpdateHeader(s, 4);
            FakeServer.Rect(s, 0, 0, 4, 2, -258);
            FakeServer.Rect(s, 0, 0, 3, 3, -308);
            s.Write([1, 0, 0, 0]);
            s.Write(new byte[16]);
            FakeServer.Rect(s, 0, 0, 1, 1, 0);
            s.Write([0x03, 0x02, 0x01, 0x00]);
            FakeServer.Rect(s, 1, 1, 1, 1, 1);
            s.Write([0, 0, 0, 0]);
            var request = FakeServer.Read(s, 10);
            if (request[1] != 0) throw new InvalidOperationException("after a resize the request must be non-incremental");
            FakeServer.UpdateHeader(s, 1);
            FakeServer.Rect(s, 0, 0, 2, 3, -223);
            FakeServer.Read(s, 10);
        });
        using var client = RfbClient.Connect("127.0.0.1", server.Port, NoPassword);
        Assert.True(client.WaitForUpdate(1, TimeSpan.FromSeconds(5)));
        server.Join();
        Assert.Null(server.Error);
        Assert.True(client.QemuKeys);
        var screen = client.Snapshot();
        Assert.Equal((2, 3), (screen.Width, screen.Height));
        Assert.Equal(0x010203u, screen[0, 0]);
        Assert.Equal(0x010203u, screen[1, 1]);
        Assert.Equal(2, client.Resizes);
        // The server has gone: waiters see it instead of waiting out their bound.
        var e = Assert.Throws<RfbException>(() => client.WaitForUpdate(client.UpdateCount, TimeSpan.FromSeconds(10)));
        Assert.Equal(RfbErrorReason.Disconnected, e.Reason);
    }

    [Fact]
    public void Out_of_bounds_rectangle_is_malformed()
    {
        using var server = new FakeServer(s =>
        {
            s.Write("RFB 003.008\n"u8);
            FakeServer.Read(s, 12);
            s.Write([1, 1]);
            FakeServer.Read(s, 1);
            FakeServer.U32(s, 0);
            FakeServer.Read(s, 1);
            FakeServer.ServerInit(s, 4, 2, "d");
            FakeServer.ReadSetup(s);
            FakeServer.UpdateHeader(s, 1);
            FakeServer.Rect(s, 3, 0, 2, 1, 0);
            Thread.Sleep(1000);
        });
        using var client = RfbClient.Connect("127.0.0.1", server.Port, NoPassword);
        var e = Assert.Throws<RfbException>(() => client.WaitForUpdate(0, TimeSpan.FromSeconds(5)));
        Assert.Equal(RfbErrorReason.Malformed, e.Reason);
        Assert.Contains("Raw rectangle 2x1+3+0 lies outside the 4x2 framebuffer", e.Message);
    }
}
