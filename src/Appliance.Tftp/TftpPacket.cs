using System.Buffers.Binary;
using System.Text;

namespace Appliance.Tftp;

/// <summary>
/// Allocation-free readers and writers for the fixed-layout packets (RFC 1350 §5): DATA, ACK, ERROR, and requests for
/// clients. Writers return the number of bytes written and throw only when the destination is too small.
/// </summary>
public static class TftpPacket
{
    /// <summary>Reads the opcode, or returns false when the datagram is shorter than an opcode.</summary>
    public static bool TryReadOpcode(ReadOnlySpan<byte> packet, out TftpOpcode opcode)
    {
        opcode = default;
        if (packet.Length < TftpWire.OpcodeLength) return false;
        opcode = (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(packet);
        return true;
    }

    /// <summary>
    /// Reads an ACK's block number. Bytes after the block number are allowed: WDS's msftwindow puts the next window size
    /// there; <paramref name="extra"/> holds them.
    /// </summary>
    public static bool TryReadAck(ReadOnlySpan<byte> packet, out ushort block, out ReadOnlySpan<byte> extra)
    {
        block = 0;
        extra = default;
        if (packet.Length < TftpWire.AckLength || BinaryPrimitives.ReadUInt16BigEndian(packet) != (ushort)TftpOpcode.Acknowledgment)
            return false;
        block = BinaryPrimitives.ReadUInt16BigEndian(packet[TftpWire.BlockOffset..]);
        extra = packet[TftpWire.AckLength..];
        return true;
    }

    /// <summary>Reads a DATA packet's block number and payload.</summary>
    public static bool TryReadData(ReadOnlySpan<byte> packet, out ushort block, out ReadOnlySpan<byte> payload)
    {
        block = 0;
        payload = default;
        if (packet.Length < TftpWire.DataHeaderLength || BinaryPrimitives.ReadUInt16BigEndian(packet) != (ushort)TftpOpcode.Data)
            return false;
        block = BinaryPrimitives.ReadUInt16BigEndian(packet[TftpWire.BlockOffset..]);
        payload = packet[TftpWire.DataOffset..];
        return true;
    }

    /// <summary>Reads an ERROR packet; the message stops at the first NUL or the end of the datagram (some clients omit the NUL).</summary>
    public static bool TryReadError(ReadOnlySpan<byte> packet, out TftpErrorCode code, out ReadOnlySpan<byte> message)
    {
        code = default;
        message = default;
        if (packet.Length < TftpWire.ErrorMessageOffset || BinaryPrimitives.ReadUInt16BigEndian(packet) != (ushort)TftpOpcode.Error)
            return false;
        code = (TftpErrorCode)BinaryPrimitives.ReadUInt16BigEndian(packet[TftpWire.ErrorCodeOffset..]);
        message = packet[TftpWire.ErrorMessageOffset..];
        var nul = message.IndexOf((byte)0);
        if (nul >= 0) message = message[..nul];
        return true;
    }

    /// <summary>Writes the 4-byte DATA header; the caller puts the payload at <see cref="DataOffset"/>.</summary>
    public static int WriteDataHeader(Span<byte> destination, ushort block)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Data);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TftpWire.BlockOffset..], block);
        return TftpWire.DataHeaderLength;
    }

    /// <summary>Offset of the payload in a DATA packet.</summary>
    public const int DataOffset = TftpWire.DataOffset;

    public static int WriteAck(Span<byte> destination, ushort block)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Acknowledgment);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TftpWire.BlockOffset..], block);
        return TftpWire.AckLength;
    }

    /// <summary>Writes an ERROR packet with an ASCII message (non-ASCII characters become '?'), NUL-terminated.</summary>
    public static int WriteError(Span<byte> destination, TftpErrorCode code, string message)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Error);
        BinaryPrimitives.WriteUInt16BigEndian(destination[TftpWire.ErrorCodeOffset..], (ushort)code);
        var body = destination[TftpWire.ErrorMessageOffset..];
        var n = Math.Min(message.Length, body.Length - 1);
        for (var i = 0; i < n; i++)
            body[i] = message[i] is >= ' ' and < (char)0x7F ? (byte)message[i] : (byte)'?';
        body[n] = 0;
        return TftpWire.ErrorMessageOffset + n + 1;
    }

    /// <summary>Writes an RRQ/WRQ with options (for clients and tests). Options are written in the order given.</summary>
    public static int WriteRequest(Span<byte> destination, TftpOpcode opcode, string fileName, string mode,
        params ReadOnlySpan<(string Name, string Value)> options)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)opcode);
        var offset = TftpWire.RequestFileNameOffset;
        offset += WriteString(destination[offset..], fileName);
        offset += WriteString(destination[offset..], mode);
        foreach (var (name, value) in options)
        {
            offset += WriteString(destination[offset..], name);
            offset += WriteString(destination[offset..], value);
        }
        return offset;
    }

    private static int WriteString(Span<byte> destination, string s)
    {
        var n = Encoding.UTF8.GetBytes(s, destination);
        destination[n] = 0;
        return n + 1;
    }

    /// <summary>Writes a NUL-terminated name/value option pair; value in decimal.</summary>
    internal static int WriteOption(Span<byte> destination, ReadOnlySpan<byte> name, long value)
    {
        name.CopyTo(destination);
        var offset = name.Length;
        destination[offset++] = 0;
        if (!value.TryFormat(destination[offset..], out var written, default, System.Globalization.CultureInfo.InvariantCulture))
            throw new ArgumentException($"OACK buffer too small for option {Encoding.ASCII.GetString(name)}", nameof(destination));
        offset += written;
        destination[offset++] = 0;
        return offset;
    }
}
