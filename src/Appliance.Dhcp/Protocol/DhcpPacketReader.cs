using System.Buffers.Binary;

namespace Appliance.Dhcp.Protocol;

/// <summary>
/// A read-only view of one DHCP message (RFC 2131 §2) over the receive buffer. Creating it checks the header length
/// and the magic cookie; every field is then a fixed slice and options are walked on demand by
/// <see cref="DhcpOptionEnumerator"/>. Nothing here allocates or copies.
/// </summary>
public readonly ref struct DhcpPacketReader
{
    private readonly ReadOnlySpan<byte> _packet;

    private DhcpPacketReader(ReadOnlySpan<byte> packet, bool _) => _packet = packet;

    /// <summary>Reads <paramref name="packet"/>; throws <see cref="DhcpException"/> when it is not a DHCP message.</summary>
    public DhcpPacketReader(ReadOnlySpan<byte> packet)
    {
        if (!TryCreate(packet, out _, out var error))
            DhcpException.Throw(error, error == DhcpError.TooShort
                ? $"DHCP message: expected at least {BootpLayout.Options} bytes (BOOTP header and magic cookie), saw {packet.Length}"
                : $"DHCP message: expected the magic cookie 63 82 53 63 at offset {BootpLayout.MagicCookie}, saw {Convert.ToHexString(packet.Slice(BootpLayout.MagicCookie, BootpLayout.MagicCookieLength))}");
        _packet = packet;
    }

    /// <summary>The allocation-free entry point: false with a reason when the buffer is not a DHCP message.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> packet, out DhcpPacketReader reader, out DhcpError error)
    {
        reader = default;
        if (packet.Length < BootpLayout.Options)
        {
            error = DhcpError.TooShort;
            return false;
        }
        if (!packet.Slice(BootpLayout.MagicCookie, BootpLayout.MagicCookieLength).SequenceEqual(BootpLayout.MagicCookieValue))
        {
            error = DhcpError.BadMagicCookie;
            return false;
        }
        reader = new DhcpPacketReader(packet, true);
        error = DhcpError.None;
        return true;
    }

    public ReadOnlySpan<byte> Packet => _packet;
    public byte Op => _packet[BootpLayout.Op];
    public byte HType => _packet[BootpLayout.HType];
    public byte HLen => _packet[BootpLayout.HLen];
    public byte Hops => _packet[BootpLayout.Hops];
    public uint Xid => BinaryPrimitives.ReadUInt32BigEndian(_packet[BootpLayout.Xid..]);
    public ushort Secs => BinaryPrimitives.ReadUInt16BigEndian(_packet[BootpLayout.Secs..]);
    public ushort Flags => BinaryPrimitives.ReadUInt16BigEndian(_packet[BootpLayout.Flags..]);

    /// <summary>IPv4 addresses as big-endian numbers: 192.0.2.1 is 0xC0000201.</summary>
    public uint Ciaddr => BinaryPrimitives.ReadUInt32BigEndian(_packet[BootpLayout.Ciaddr..]);
    public uint Yiaddr => BinaryPrimitives.ReadUInt32BigEndian(_packet[BootpLayout.Yiaddr..]);
    public uint Siaddr => BinaryPrimitives.ReadUInt32BigEndian(_packet[BootpLayout.Siaddr..]);
    public uint Giaddr => BinaryPrimitives.ReadUInt32BigEndian(_packet[BootpLayout.Giaddr..]);

    /// <summary>All 16 bytes of chaddr.</summary>
    public ReadOnlySpan<byte> Chaddr => _packet.Slice(BootpLayout.Chaddr, BootpLayout.ChaddrLength);
    public ReadOnlySpan<byte> Sname => _packet.Slice(BootpLayout.Sname, BootpLayout.SnameLength);
    public ReadOnlySpan<byte> File => _packet.Slice(BootpLayout.File, BootpLayout.FileLength);

    /// <summary>The options, in RFC 2131 §4.1 order (options field, then file and sname when overloaded).</summary>
    public DhcpOptionEnumerator Options => new(_packet);

    /// <summary>
    /// The first instance of an option. RFC 3396 long-option concatenation is not performed: none of the options
    /// this server reads (53, 60, 93, 97, 43) is longer than 255 bytes from any PXE ROM we know.
    /// </summary>
    public bool TryGetOption(DhcpOptionCode code, out ReadOnlySpan<byte> value)
    {
        foreach (var option in Options)
        {
            if (option.Code == code)
            {
                value = option.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Option 53, or <see cref="DhcpMessageType.None"/> when absent or malformed (plain BOOTP).</summary>
    public DhcpMessageType MessageType =>
        TryGetOption(DhcpOptionCode.MessageType, out var v) && v.Length == 1 ? (DhcpMessageType)v[0] : DhcpMessageType.None;

    /// <summary>Walks every option once and reports the first structural error, if any.</summary>
    public DhcpError Validate()
    {
        var options = Options;
        while (options.MoveNext())
        {
        }
        return options.Error;
    }
}
