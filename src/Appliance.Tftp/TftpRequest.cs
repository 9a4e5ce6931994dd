using System.Buffers.Binary;
using System.Text;

namespace Appliance.Tftp;

/// <summary>A parsed RRQ or WRQ (RFC 1350 §5, options RFC 2347 §2). Parsed once per transfer, so it may allocate.</summary>
public sealed class TftpRequest
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public TftpRequest(TftpOpcode opcode, string fileName, TftpMode mode, TftpRequestOptions options)
    {
        Opcode = opcode;
        FileName = fileName;
        Mode = mode;
        Options = options;
    }

    public TftpOpcode Opcode { get; }

    /// <summary>The file name exactly as sent (decoded as UTF-8); not yet normalised or checked.</summary>
    public string FileName { get; }

    public TftpMode Mode { get; }

    public TftpRequestOptions Options { get; }

    /// <summary>Parses a request datagram. Throws <see cref="TftpException"/> naming the field and offset on malformed input.</summary>
    public static TftpRequest Read(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < TftpWire.RequestFileNameOffset)
            TftpException.Throw(TftpFailure.Truncated, $"TFTP request: expected at least {TftpWire.RequestFileNameOffset} bytes for the opcode, saw {packet.Length}");
        var opcode = (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(packet[TftpWire.OpcodeOffset..]);
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
            TftpException.Throw(TftpFailure.UnexpectedOpcode, $"TFTP request: expected opcode 1 (RRQ) or 2 (WRQ) at offset 0, saw {(ushort)opcode}");

        var offset = TftpWire.RequestFileNameOffset;
        var name = NextString(packet, ref offset, "file name");
        if (name.IsEmpty)
            TftpException.Throw(TftpFailure.EmptyFileName, $"TFTP request: expected a file name at offset {TftpWire.RequestFileNameOffset}, saw an empty string");
        string fileName;
        try
        {
            fileName = s_strictUtf8.GetString(name);
        }
        catch (DecoderFallbackException e)
        {
            throw new TftpException(TftpFailure.InvalidFileNameEncoding,
                $"TFTP request: expected a UTF-8 file name at offset {TftpWire.RequestFileNameOffset}, saw invalid bytes: {TftpNames.Escape(Encoding.Latin1.GetString(name))}", e);
        }

        var modeOffset = offset;
        var modeBytes = NextString(packet, ref offset, "mode");
        TftpMode mode;
        if (Ascii.EqualsIgnoreCase(modeBytes, TftpWire.ModeOctet)) mode = TftpMode.Octet;
        else if (Ascii.EqualsIgnoreCase(modeBytes, TftpWire.ModeNetAscii)) mode = TftpMode.NetAscii;
        else if (Ascii.EqualsIgnoreCase(modeBytes, TftpWire.ModeMail))
            throw new TftpException(TftpFailure.ObsoleteMode, $"TFTP request: mode \"mail\" at offset {modeOffset} is obsolete (RFC 1350 §1) and not served");
        else
            throw new TftpException(TftpFailure.UnknownMode,
                $"TFTP request: expected mode \"octet\" or \"netascii\" at offset {modeOffset}, saw \"{TftpNames.Escape(Encoding.Latin1.GetString(modeBytes))}\"");

        return new TftpRequest(opcode, fileName, mode, ReadOptions(packet[offset..]));
    }

    /// <summary>
    /// RFC 2347 §2: options follow the mode as NUL-terminated name/value pairs; names are case-insensitive. A trailing
    /// fragment without its terminator is ignored (some PXE ROMs pad the request), as are options we do not know or whose
    /// value is out of range (RFC 2347 §4: the server may ignore them; the option is then absent from the OACK).
    /// </summary>
    internal static TftpRequestOptions ReadOptions(ReadOnlySpan<byte> options)
    {
        int? blockSize = null, timeout = null, window = null;
        long? tsize = null;
        var msft = false;
        while (true)
        {
            var nameEnd = options.IndexOf((byte)0);
            if (nameEnd < 0) break;
            var name = options[..nameEnd];
            var rest = options[(nameEnd + 1)..];
            var valueEnd = rest.IndexOf((byte)0);
            if (valueEnd < 0) break;
            var value = rest[..valueEnd];
            options = rest[(valueEnd + 1)..];
            if (!TryParseDecimal(value, out var number)) continue;

            if (Ascii.EqualsIgnoreCase(name, TftpWire.OptionBlockSize))
            {
                // RFC 2348 §2: 8..65464. A larger request is answered with what we allow, never refused.
                if (blockSize is null && number >= TftpWire.MinBlockSize)
                    blockSize = (int)Math.Min(number, TftpWire.MaxBlockSize);
            }
            else if (Ascii.EqualsIgnoreCase(name, TftpWire.OptionTransferSize))
            {
                tsize ??= number;
            }
            else if (Ascii.EqualsIgnoreCase(name, TftpWire.OptionTimeout))
            {
                if (timeout is null && number is >= TftpWire.MinTimeoutSeconds and <= TftpWire.MaxTimeoutSeconds) timeout = (int)number;
            }
            else if (Ascii.EqualsIgnoreCase(name, TftpWire.OptionWindowSize))
            {
                if (window is null && number is >= TftpWire.MinWindowSize and <= TftpWire.MaxWindowSize) window = (int)number;
            }
            else if (Ascii.EqualsIgnoreCase(name, TftpWire.OptionMsftWindow))
            {
                msft = true;
            }
        }
        return new TftpRequestOptions(blockSize, tsize, timeout, window, msft);
    }

    private static ReadOnlySpan<byte> NextString(ReadOnlySpan<byte> packet, ref int offset, string field)
    {
        var end = packet[offset..].IndexOf((byte)0);
        if (end < 0)
            TftpException.Throw(TftpFailure.MissingTerminator, $"TFTP request: expected a NUL after the {field} starting at offset {offset}, saw end of packet at {packet.Length}");
        var s = packet.Slice(offset, end);
        offset += end + 1;
        return s;
    }

    /// <summary>Decimal ASCII, no sign, at most 18 digits (so it fits a long without overflow checks).</summary>
    private static bool TryParseDecimal(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 18) return false;
        foreach (var b in s)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
