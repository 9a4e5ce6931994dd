using System.Buffers.Binary;

namespace Appliance.Dhcp.Protocol;

/// <summary>
/// Writes one DHCP message into a caller's buffer: the fixed header, then options, then End and zero padding to the
/// 300-byte BOOTP minimum. The Try* methods return false and write nothing when the option does not fit; the
/// others throw <see cref="DhcpException"/>. Nothing here allocates.
/// </summary>
public ref struct DhcpPacketWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Clears the header area of <paramref name="buffer"/> and places the magic cookie.</summary>
    public DhcpPacketWriter(Span<byte> buffer)
    {
        if (buffer.Length < BootpLayout.MinimumMessageLength)
            DhcpException.Throw(DhcpError.BufferTooSmall,
                $"DHCP writer: expected a buffer of at least {BootpLayout.MinimumMessageLength} bytes, saw {buffer.Length}");
        _buffer = buffer;
        buffer[..BootpLayout.Options].Clear();
        BootpLayout.MagicCookieValue.CopyTo(buffer[BootpLayout.MagicCookie..]);
        _position = BootpLayout.Options;
    }

    /// <summary>Bytes written so far (header and options, before End and padding).</summary>
    public readonly int Position => _position;

    public readonly void WriteHeader(byte op, byte htype, byte hlen, uint xid, ushort flags,
        uint ciaddr, uint yiaddr, uint siaddr, uint giaddr, ReadOnlySpan<byte> chaddr)
    {
        _buffer[BootpLayout.Op] = op;
        _buffer[BootpLayout.HType] = htype;
        _buffer[BootpLayout.HLen] = hlen;
        _buffer[BootpLayout.Hops] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[BootpLayout.Xid..], xid);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[BootpLayout.Secs..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[BootpLayout.Flags..], flags);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[BootpLayout.Ciaddr..], ciaddr);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[BootpLayout.Yiaddr..], yiaddr);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[BootpLayout.Siaddr..], siaddr);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[BootpLayout.Giaddr..], giaddr);
        var target = _buffer.Slice(BootpLayout.Chaddr, BootpLayout.ChaddrLength);
        target.Clear();
        chaddr[..Math.Min(chaddr.Length, BootpLayout.ChaddrLength)].CopyTo(target);
    }

    /// <summary>Writes the boot file name, NUL-terminated: at most 127 bytes of name (RFC 2131 §2 "null terminated string").</summary>
    public readonly bool TrySetFile(ReadOnlySpan<byte> name) =>
        TrySetString(name, _buffer.Slice(BootpLayout.File, BootpLayout.FileLength));

    /// <summary>Writes the server host name, NUL-terminated: at most 63 bytes.</summary>
    public readonly bool TrySetSname(ReadOnlySpan<byte> name) =>
        TrySetString(name, _buffer.Slice(BootpLayout.Sname, BootpLayout.SnameLength));

    private static bool TrySetString(ReadOnlySpan<byte> value, Span<byte> area)
    {
        if (value.Length >= area.Length) return false;
        area.Clear();
        value.CopyTo(area);
        return true;
    }

    /// <summary>Appends code, length, value; keeps one byte free for End.</summary>
    public bool TryWriteOption(DhcpOptionCode code, scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > byte.MaxValue || _position + 2 + value.Length + 1 > _buffer.Length) return false;
        _buffer[_position] = (byte)code;
        _buffer[_position + 1] = (byte)value.Length;
        value.CopyTo(_buffer[(_position + 2)..]);
        _position += 2 + value.Length;
        return true;
    }

    public void WriteOption(DhcpOptionCode code, scoped ReadOnlySpan<byte> value)
    {
        if (!TryWriteOption(code, value))
            DhcpException.Throw(value.Length > byte.MaxValue ? DhcpError.OptionTooLong : DhcpError.BufferTooSmall,
                $"DHCP writer: option {(byte)code} with {value.Length} bytes does not fit (at most 255 bytes, {_buffer.Length - _position - 3} free at offset {_position})");
    }

    public void WriteOption(DhcpOptionCode code, byte value) => WriteOption(code, [value]);

    /// <summary>An IPv4 address option (given as a big-endian number).</summary>
    public void WriteAddressOption(DhcpOptionCode code, uint address)
    {
        Span<byte> value = stackalloc byte[BootpLayout.AddressLength];
        BinaryPrimitives.WriteUInt32BigEndian(value, address);
        WriteOption(code, value);
    }

    /// <summary>Writes End, pads with zeros to at least 300 bytes (RFC 1542 §3.3), returns the message length.</summary>
    public int Finish()
    {
        _buffer[_position++] = (byte)DhcpOptionCode.End;
        var length = Math.Max(_position, BootpLayout.MinimumMessageLength);
        _buffer[_position..length].Clear();
        return length;
    }
}
