using System.Buffers.Binary;

namespace Appliance.Tftp;

/// <summary>
/// The parameters a transfer runs with after option negotiation (RFC 2347 §2), and the OACK that announces them.
/// Only options the client asked for appear in the OACK (RFC 2347 §2: the server must not add options).
/// </summary>
public readonly record struct TftpNegotiation(
    int BlockSize,
    int WindowSize,
    int TimeoutSeconds,
    long? TransferSize,
    bool AckBlockSize,
    bool AckTimeout,
    bool AckWindowSize,
    bool MsftWindow)
{
    /// <summary>RFC 2349 §2 gives no default; 1 s is tftp-hpa's and iPXE's.</summary>
    public const int DefaultTimeoutSeconds = 1;

    /// <summary>Default cap on a window's payload bytes (see <see cref="Negotiate"/>).</summary>
    public const int DefaultMaxWindowBytes = 128 * 1024;

    /// <summary>WDS answers msftwindow with this value (it is a marker, not a size).</summary>
    public const int MsftWindowOackValue = 27182;

    /// <summary>True when the client asked for options we honour, so the transfer starts with an OACK (block 0).</summary>
    public bool HasOack => AckBlockSize || AckTimeout || AckWindowSize || TransferSize.HasValue || MsftWindow;

    /// <summary>
    /// Chooses the transfer parameters.
    /// blksize: RFC 2348 §2 lets the server answer a smaller value; we cap it at <paramref name="maxBlockSize"/> and at what
    /// fits the path MTU (<paramref name="pathBlockLimit"/>), so blocks are never IP-fragmented (fragments lost one at a time
    /// cost the whole block; iPXE and EDK2 ask for 1468 on Ethernet anyway).
    /// tsize: RFC 2349 §4, the server answers with the file size; tftp-hpa answers it only in octet mode because the
    /// netascii size is not known before conversion, and so do we.
    /// windowsize: RFC 7440 §3, the server may answer a smaller value; capped at <paramref name="maxWindowSize"/> blocks
    /// and at <paramref name="maxWindowBytes"/> of payload. A window is sent as one burst; a burst larger than the client's
    /// socket receive buffer (Linux default 208 KiB, counted with per-packet overhead) is partly dropped by the client's
    /// own kernel, and every window then ends in a timeout or a rollback. Measured here with atftp over loopback: 64 MiB in
    /// 1.8 s with 64 KiB blocks one at a time, 24 s with 32 × 8 KiB windows.
    /// </summary>
    public static TftpNegotiation Negotiate(in TftpRequestOptions asked, TftpMode mode, long fileSize,
        int maxBlockSize, int maxWindowSize, int pathBlockLimit, int maxWindowBytes = DefaultMaxWindowBytes)
    {
        var blockSize = TftpWire.DefaultBlockSize;
        if (asked.BlockSize is { } b)
            blockSize = Math.Clamp(Math.Min(b, Math.Min(maxBlockSize, pathBlockLimit)), TftpWire.MinBlockSize, TftpWire.MaxBlockSize);
        var window = 1;
        if (asked.WindowSize is { } w)
            window = Math.Clamp(Math.Min(w, maxWindowBytes / blockSize), TftpWire.MinWindowSize, Math.Max(1, maxWindowSize));
        var msft = asked.MsftWindow && maxWindowSize > 1 && !asked.WindowSize.HasValue;
        long? tsize = asked.TransferSize.HasValue && mode == TftpMode.Octet ? fileSize : null;
        return new TftpNegotiation(blockSize, window, asked.TimeoutSeconds ?? DefaultTimeoutSeconds, tsize,
            asked.BlockSize.HasValue, asked.TimeoutSeconds.HasValue, asked.WindowSize.HasValue, msft);
    }

    /// <summary>Writes the OACK (RFC 2347 §2): opcode 6, then the accepted options with their final values.</summary>
    public int WriteOack(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.OptionAcknowledgment);
        var offset = TftpWire.OackOptionsOffset;
        if (AckBlockSize) offset += TftpPacket.WriteOption(destination[offset..], TftpWire.OptionBlockSize, BlockSize);
        if (TransferSize is { } t) offset += TftpPacket.WriteOption(destination[offset..], TftpWire.OptionTransferSize, t);
        if (AckTimeout) offset += TftpPacket.WriteOption(destination[offset..], TftpWire.OptionTimeout, TimeoutSeconds);
        if (AckWindowSize) offset += TftpPacket.WriteOption(destination[offset..], TftpWire.OptionWindowSize, WindowSize);
        if (MsftWindow) offset += TftpPacket.WriteOption(destination[offset..], TftpWire.OptionMsftWindow, MsftWindowOackValue);
        return offset;
    }
}
