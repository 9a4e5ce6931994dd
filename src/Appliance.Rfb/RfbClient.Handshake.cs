using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Rfb;

public sealed partial class RfbClient
{
    private int _minor;

    /// <summary>RFC 6143 §7.1–7.3: version, security, ClientInit/ServerInit.</summary>
    private void Handshake()
    {
        Span<byte> version = stackalloc byte[RfbWire.VersionLength];
        ReadExact(version, "ProtocolVersion");
        if (!version.StartsWith(RfbWire.VersionPrefix) || version[7] != (byte)'.' || version[11] != (byte)'\n'
            || !int.TryParse(version[4..7], out var major) || !int.TryParse(version[8..11], out var minor))
            throw new RfbException(RfbErrorReason.BadVersion,
                $"ProtocolVersion: expected \"RFB xxx.yyy\\n\", saw \"{Printable(version)}\" (is this a VNC server?)");
        // §7.1.1: speak the highest version both know. 3.4/3.6 (UltraVNC) and 3.5 (some old servers) behave as 3.3;
        // 3.889 (Apple Remote Desktop) and anything above 3.8 get 3.8.
        if (major < 3 || (major == 3 && minor < 3))
            throw new RfbException(RfbErrorReason.BadVersion, $"ProtocolVersion: expected 3.3 or later, saw {major}.{minor}");
        _minor = major > 3 || minor >= 8 ? 8 : minor == 7 ? 7 : 3;
        Version = "3." + _minor;
        Send(_minor switch { 8 => RfbWire.Version38, 7 => RfbWire.Version37, _ => RfbWire.Version33 });

        SecurityType = _minor == 3 ? ReadSecurity33() : ChooseSecurity();
        if (SecurityType == RfbWire.SecurityVncAuth)
        {
            Span<byte> challenge = stackalloc byte[RfbWire.ChallengeLength];
            ReadExact(challenge, "VNC authentication challenge");
            Span<byte> response = stackalloc byte[RfbWire.ChallengeLength];
            VncDes.EncryptChallenge(_options.Password!, challenge, response);
            Send(response);
        }
        // §7.1.3: SecurityResult follows VNC authentication always, and None only from 3.8 on.
        if (SecurityType == RfbWire.SecurityVncAuth || _minor >= 8)
        {
            var result = ReadUInt32("SecurityResult");
            if (result != RfbWire.SecurityResultOk)
            {
                var reason = _minor >= 8 ? ReadString("SecurityResult reason") : "(RFB 3.3/3.7 servers send no reason)";
                throw new RfbException(RfbErrorReason.AuthenticationFailed,
                    $"authentication failed: the server said \"{reason}\" (wrong password, or too many attempts)");
            }
        }

        Send([_options.Shared ? (byte)1 : (byte)0]); // §7.3.1 ClientInit
        Span<byte> init = stackalloc byte[RfbWire.ServerInitSize];
        ReadExact(init, "ServerInit");
        var width = BinaryPrimitives.ReadUInt16BigEndian(init[RfbWire.ServerInitWidth..]);
        var height = BinaryPrimitives.ReadUInt16BigEndian(init[RfbWire.ServerInitHeight..]);
        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(init[RfbWire.ServerInitNameLength..]);
        DesktopName = ReadString("ServerInit name", nameLength);
        _framebuffer.Resize(width, height);
    }

    /// <summary>§7.1.2 for 3.3: the server decides and sends a u32 type (0 = failure with a reason).</summary>
    private int ReadSecurity33()
    {
        var type = ReadUInt32("security type (RFB 3.3)");
        if (type == RfbWire.SecurityInvalid)
            throw new RfbException(RfbErrorReason.SecurityTypeRefused, $"the server refused the connection: \"{ReadString("failure reason")}\"");
        if (type == RfbWire.SecurityVncAuth && _options.Password is null)
            throw new RfbException(RfbErrorReason.PasswordRequired, "the server requires VNC authentication: give a password (--password-file)");
        if (type is not (RfbWire.SecurityNone or RfbWire.SecurityVncAuth))
            throw new RfbException(RfbErrorReason.SecurityTypeRefused, $"security type: expected 1 (None) or 2 (VNC authentication), the server chose {type}");
        return (int)type;
    }

    /// <summary>§7.1.2 for 3.7/3.8: pick from the server's list; VNC authentication when we have a password.</summary>
    private int ChooseSecurity()
    {
        Span<byte> count = stackalloc byte[1];
        ReadExact(count, "number of security types");
        if (count[0] == 0)
            throw new RfbException(RfbErrorReason.SecurityTypeRefused, $"the server refused the connection: \"{ReadString("failure reason")}\"");
        Span<byte> types = stackalloc byte[count[0]];
        ReadExact(types, "security types");
        var offered = string.Join(",", types.ToArray());
        byte chosen;
        if (_options.Password is not null && types.Contains(RfbWire.SecurityVncAuth)) chosen = RfbWire.SecurityVncAuth;
        else if (types.Contains(RfbWire.SecurityNone)) chosen = RfbWire.SecurityNone;
        else if (types.Contains(RfbWire.SecurityVncAuth))
            throw new RfbException(RfbErrorReason.PasswordRequired, $"the server requires VNC authentication (offers {offered}): give a password (--password-file)");
        else
            throw new RfbException(RfbErrorReason.SecurityTypeRefused,
                $"security types: expected 1 (None) or 2 (VNC authentication), the server offers only {offered} (e.g. VeNCrypt/TLS: enable VncAuth or None on the server)");
        Send([chosen]);
        return chosen;
    }

    /// <summary>§7.5.1 SetPixelFormat 32 bpp / depth 24 / little-endian / true colour, §7.5.2 SetEncodings, first request.</summary>
    private void SendSetup()
    {
        Span<byte> message = stackalloc byte[RfbWire.SetPixelFormatSize];
        message.Clear();
        message[0] = RfbWire.ClientSetPixelFormat;
        var pf = message[4..];
        pf[RfbWire.PfBitsPerPixel] = 32;
        pf[RfbWire.PfDepth] = 24;
        pf[RfbWire.PfBigEndian] = 0;
        pf[RfbWire.PfTrueColour] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(pf[RfbWire.PfRedMax..], 255);
        BinaryPrimitives.WriteUInt16BigEndian(pf[RfbWire.PfGreenMax..], 255);
        BinaryPrimitives.WriteUInt16BigEndian(pf[RfbWire.PfBlueMax..], 255);
        pf[RfbWire.PfRedShift] = 16;
        pf[RfbWire.PfGreenShift] = 8;
        pf[RfbWire.PfBlueShift] = 0;
        Send(message);

        var encodings = new List<int>();
        foreach (var e in _options.Encodings) if (!encodings.Contains((int)e)) encodings.Add((int)e);
        encodings.Add((int)RfbEncoding.ExtendedDesktopSize);
        encodings.Add((int)RfbEncoding.DesktopSize);
        if (_options.UseQemuKeys) encodings.Add((int)RfbEncoding.QemuExtendedKeyEvent);
        var set = new byte[4 + 4 * encodings.Count];
        set[0] = RfbWire.ClientSetEncodings;
        BinaryPrimitives.WriteUInt16BigEndian(set.AsSpan(2), (ushort)encodings.Count);
        for (var i = 0; i < encodings.Count; i++) BinaryPrimitives.WriteInt32BigEndian(set.AsSpan(4 + 4 * i), encodings[i]);
        Send(set);
        RequestUpdate(incremental: false);
    }

    private uint ReadUInt32(string what)
    {
        Span<byte> b = stackalloc byte[4];
        ReadExact(b, what);
        return BinaryPrimitives.ReadUInt32BigEndian(b);
    }

    private string ReadString(string what) => ReadString(what, ReadUInt32(what + " length"));

    private string ReadString(string what, uint length)
    {
        if (length > RfbWire.MaxStringLength)
            throw new RfbException(RfbErrorReason.Malformed, $"{what}: length {length} is above the {RfbWire.MaxStringLength}-byte limit");
        var bytes = new byte[length];
        ReadExact(bytes, what);
        return Encoding.Latin1.GetString(bytes); // §7.3.2: names are Latin-1 in practice (UTF-8 by some servers; shown only)
    }

    /// <summary>Reads exactly buffer.Length bytes; end of stream → Disconnected, read time-out → Timeout, naming the field.</summary>
    private void ReadExact(Span<byte> buffer, string what)
    {
        var total = buffer.Length;
        while (!buffer.IsEmpty)
        {
            int n;
            try { n = _input.Read(buffer); }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                throw new RfbException(RfbErrorReason.Timeout,
                    $"{what}: no bytes from the server within {_options.ReadTimeout.TotalSeconds:0} s ({total - buffer.Length} of {total} read)", e);
            }
            catch (IOException e)
            {
                throw new RfbException(RfbErrorReason.Disconnected, $"{what}: {LostConnection(e)}", e);
            }
            if (n == 0)
                throw new RfbException(RfbErrorReason.Disconnected,
                    $"{what}: the server closed the connection ({total - buffer.Length} of {total} bytes read)");
            buffer = buffer[n..];
        }
    }

    /// <summary>
    /// Words for a failed read or write. A reset, or a write after the server's close (EPIPE), means the server closed the
    /// connection just as an end of stream does; which of them a client meets depends on timing (a server killed while a
    /// request of ours was unread resets). Anything else is a lost connection.
    /// </summary>
    private static string LostConnection(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }
            ? $"the server closed the connection ({e.Message})"
            : $"connection lost: {e.Message}";

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes) sb.Append(b is >= 0x20 and < 0x7F ? (char)b : b == '\n' ? "\\n" : $"\\x{b:X2}");
        return sb.ToString();
    }
}
