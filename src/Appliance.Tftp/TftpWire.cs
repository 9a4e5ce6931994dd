namespace Appliance.Tftp;

/// <summary>Wire layout and protocol limits, chained so each offset follows from the one before it.</summary>
internal static class TftpWire
{
    // RFC 1350 §5: every packet starts with a 2-byte big-endian opcode.
    public const int OpcodeOffset = 0;
    public const int OpcodeLength = 2;

    // DATA and ACK: opcode, 2-byte block number, then (DATA only) the payload.
    public const int BlockOffset = OpcodeOffset + OpcodeLength;
    public const int BlockLength = 2;
    public const int DataOffset = BlockOffset + BlockLength;
    public const int DataHeaderLength = DataOffset;
    public const int AckLength = DataOffset;

    // ERROR: opcode, 2-byte error code, NUL-terminated message.
    public const int ErrorCodeOffset = OpcodeOffset + OpcodeLength;
    public const int ErrorCodeLength = 2;
    public const int ErrorMessageOffset = ErrorCodeOffset + ErrorCodeLength;

    // RRQ/WRQ: opcode, NUL-terminated file name, NUL-terminated mode, then RFC 2347 name/value pairs.
    public const int RequestFileNameOffset = OpcodeOffset + OpcodeLength;

    // OACK: opcode, then name/value pairs (RFC 2347 §2).
    public const int OackOptionsOffset = OpcodeOffset + OpcodeLength;

    /// <summary>RFC 1350 §2: data is sent in blocks of 512 bytes unless RFC 2348 blksize says otherwise.</summary>
    public const int DefaultBlockSize = 512;
    /// <summary>RFC 2348 §2: valid values range from 8 to 65464 octets inclusive.</summary>
    public const int MinBlockSize = 8;
    public const int MaxBlockSize = 65464;
    /// <summary>RFC 2349 §2: the timeout is 1–255 seconds.</summary>
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 255;
    /// <summary>RFC 7440 §3: windowsize is 1–65535 blocks.</summary>
    public const int MinWindowSize = 1;
    public const int MaxWindowSize = 65535;
    /// <summary>IPv4 header (no options) + UDP header + TFTP DATA header: what a block must leave room for in the path MTU.</summary>
    public const int IPv4UdpTftpOverhead = 20 + 8 + DataHeaderLength;
    public const int IPv6UdpTftpOverhead = 40 + 8 + DataHeaderLength;
    /// <summary>Largest request we read: RFC 1350 does not bound it; a UDP datagram can be 64 KiB.</summary>
    public const int MaxRequestLength = 65507;

    public static ReadOnlySpan<byte> ModeOctet => "octet"u8;
    public static ReadOnlySpan<byte> ModeNetAscii => "netascii"u8;
    public static ReadOnlySpan<byte> ModeMail => "mail"u8;

    public static ReadOnlySpan<byte> OptionBlockSize => "blksize"u8;
    public static ReadOnlySpan<byte> OptionTransferSize => "tsize"u8;
    public static ReadOnlySpan<byte> OptionTimeout => "timeout"u8;
    public static ReadOnlySpan<byte> OptionWindowSize => "windowsize"u8;
    /// <summary>WDS variable window (Windows Deployment Services): RRQ carries 31416, OACK answers 27182.</summary>
    public static ReadOnlySpan<byte> OptionMsftWindow => "msftwindow"u8;
}
