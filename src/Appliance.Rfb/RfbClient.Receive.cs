using System.Buffers.Binary;

namespace Appliance.Rfb;

public sealed partial class RfbClient
{
    private const int ExtendedDesktopSizeScreenSize = 16;
    private const int ExtendedDesktopSizeHeaderSize = 4;

    private void ReceiveLoop()
    {
        try
        {
            while (!_disposed) ReadServerMessage();
        }
        catch (Exception e) when (e is RfbException or IOException or ObjectDisposedException)
        {
            Fail(_disposed ? new RfbException(RfbErrorReason.Disconnected, "the client was closed") : e);
        }
    }

    /// <summary>RFC 6143 §7.6: one server-to-client message.</summary>
    private void ReadServerMessage()
    {
        Span<byte> type = stackalloc byte[1];
        ReadExact(type, "server message type");
        switch (type[0])
        {
            case RfbWire.ServerFramebufferUpdate:
                ReadFramebufferUpdate();
                break;
            case RfbWire.ServerSetColourMapEntries:
            {
                // §7.6.2: only for colour-map pixel formats; we asked for true colour, so skip it.
                Span<byte> header = stackalloc byte[5];
                ReadExact(header, "SetColourMapEntries");
                Skip(6 * BinaryPrimitives.ReadUInt16BigEndian(header[3..]), "SetColourMapEntries colours");
                break;
            }
            case RfbWire.ServerBell:
                break;
            case RfbWire.ServerCutText:
            {
                Span<byte> header = stackalloc byte[7];
                ReadExact(header, "ServerCutText");
                var length = BinaryPrimitives.ReadUInt32BigEndian(header[3..]);
                if (length > 16 << 20) throw new RfbException(RfbErrorReason.Malformed, $"ServerCutText: length {length} above 16 MiB");
                Skip((int)length, "ServerCutText text");
                break;
            }
            default:
                throw new RfbException(RfbErrorReason.Malformed,
                    $"server message type: expected 0 (FramebufferUpdate), 1, 2 or 3, saw {type[0]} after {UpdateCount} updates");
        }
    }

    private void ReadFramebufferUpdate()
    {
        Span<byte> header = stackalloc byte[3];
        ReadExact(header, "FramebufferUpdate");
        var count = BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
        var resized = false;
        var pixels = false;
        Span<byte> rect = stackalloc byte[RfbWire.RectHeaderSize];
        for (var i = 0; i < count; i++)
        {
            ReadExact(rect, "rectangle header");
            int x = BinaryPrimitives.ReadUInt16BigEndian(rect), y = BinaryPrimitives.ReadUInt16BigEndian(rect[2..]);
            int w = BinaryPrimitives.ReadUInt16BigEndian(rect[4..]), h = BinaryPrimitives.ReadUInt16BigEndian(rect[6..]);
            var encoding = BinaryPrimitives.ReadInt32BigEndian(rect[8..]);
            pixels |= encoding is (int)RfbEncoding.Raw or (int)RfbEncoding.CopyRect or (int)RfbEncoding.Zrle;
            switch ((RfbEncoding)encoding)
            {
                case RfbEncoding.Raw:
                {
                    CheckBounds(x, y, w, h, "Raw");
                    var length = w * h * RfbWire.BytesPerPixel;
                    var payload = ReadPayload(length, "Raw pixels");
                    lock (_gate)
                    {
                        for (var row = 0; row < h; row++)
                        {
                            var line = _framebuffer.Row(y + row).Slice(x, w);
                            var src = payload.AsSpan(row * w * RfbWire.BytesPerPixel, w * RfbWire.BytesPerPixel);
                            for (var col = 0; col < w; col++)
                                line[col] = BinaryPrimitives.ReadUInt32LittleEndian(src[(col * RfbWire.BytesPerPixel)..]) & 0xFFFFFF;
                        }
                    }
                    RectanglesByEncoding[0]++;
                    break;
                }
                case RfbEncoding.CopyRect:
                {
                    CheckBounds(x, y, w, h, "CopyRect");
                    Span<byte> src = stackalloc byte[4];
                    ReadExact(src, "CopyRect source");
                    int sx = BinaryPrimitives.ReadUInt16BigEndian(src), sy = BinaryPrimitives.ReadUInt16BigEndian(src[2..]);
                    CheckBounds(sx, sy, w, h, "CopyRect source");
                    lock (_gate) CopyRect(sx, sy, x, y, w, h);
                    RectanglesByEncoding[1]++;
                    break;
                }
                case RfbEncoding.Zrle:
                {
                    CheckBounds(x, y, w, h, "ZRLE");
                    var length = (int)Math.Min(ReadUInt32("ZRLE length"), int.MaxValue);
                    if (length > 64 << 20) throw new RfbException(RfbErrorReason.Malformed, $"ZRLE: compressed length {length} above 64 MiB");
                    var payload = ReadPayload(length, "ZRLE data");
                    lock (_gate) _zrle.Decode(payload, length, _framebuffer, x, y, w, h);
                    RectanglesByEncoding[2]++;
                    break;
                }
                case RfbEncoding.DesktopSize:
                    resized |= Resize(w, h);
                    RectanglesByEncoding[3]++;
                    break;
                case RfbEncoding.ExtendedDesktopSize:
                {
                    // rfbproto ExtendedDesktopSize: x = reason, y = status; status != 0 answers a client request that
                    // failed (we send none), and the size does not change then.
                    Span<byte> screens = stackalloc byte[ExtendedDesktopSizeHeaderSize];
                    ReadExact(screens, "ExtendedDesktopSize screens");
                    Skip(screens[0] * ExtendedDesktopSizeScreenSize, "ExtendedDesktopSize screen list");
                    if (y == 0) resized |= Resize(w, h);
                    RectanglesByEncoding[4]++;
                    break;
                }
                case RfbEncoding.QemuExtendedKeyEvent:
                    QemuKeys = _options.UseQemuKeys; // the server acknowledges the pseudo-encoding with an empty rectangle
                    break;
                default:
                    throw new RfbException(RfbErrorReason.Malformed,
                        $"rectangle {i} of {count}: encoding {encoding} was not requested (asked for {string.Join(",", _options.Encodings)})");
            }
        }
        if (resized) Resizes++;
        Interlocked.Exchange(ref _lastUpdateTicks, Environment.TickCount64);
        if (pixels || resized)
        {
            // Updates carrying only pseudo-rectangles (the QEMU key acknowledgement, an unchanged size) change
            // nothing on screen and do not count: waiters want pixels.
            lock (_gate)
            {
                _updates++;
                Monitor.PulseAll(_gate);
            }
        }
        // §7.5.3: keep one request outstanding; after a size change ask for the whole new screen.
        RequestUpdate(incremental: !resized);
    }

    /// <summary>
    /// Applies a size from DesktopSize/ExtendedDesktopSize; true when it changed. TigerVNC repeats an unchanged
    /// ExtendedDesktopSize in answer to every non-incremental request, so only a real change counts.
    /// </summary>
    private bool Resize(int w, int h)
    {
        lock (_gate)
        {
            if (w == _framebuffer.Width && h == _framebuffer.Height) return false;
            _framebuffer.Resize(w, h);
            return true;
        }
    }

    private void CopyRect(int sx, int sy, int dx, int dy, int w, int h)
    {
        var fb = _framebuffer;
        if (dy > sy) // copy bottom-up so overlapping source rows are read before they are overwritten
            for (var row = h - 1; row >= 0; row--) fb.Row(sy + row).Slice(sx, w).CopyTo(fb.Row(dy + row).Slice(dx, w));
        else
            for (var row = 0; row < h; row++) fb.Row(sy + row).Slice(sx, w).CopyTo(fb.Row(dy + row).Slice(dx, w));
    }

    private void CheckBounds(int x, int y, int w, int h, string what)
    {
        int fw, fh;
        lock (_gate) (fw, fh) = (_framebuffer.Width, _framebuffer.Height);
        if (x + w > fw || y + h > fh)
            throw new RfbException(RfbErrorReason.Malformed, $"{what} rectangle {w}x{h}+{x}+{y} lies outside the {fw}x{fh} framebuffer");
    }

    private byte[] ReadPayload(int length, string what)
    {
        if (_payload.Length < length) _payload = new byte[Math.Max(length, _payload.Length * 2)];
        ReadExact(_payload.AsSpan(0, length), what);
        return _payload;
    }

    private void Skip(int length, string what)
    {
        var buffer = _payload;
        while (length > 0)
        {
            var n = Math.Min(length, buffer.Length);
            ReadExact(buffer.AsSpan(0, n), what);
            length -= n;
        }
    }
}
