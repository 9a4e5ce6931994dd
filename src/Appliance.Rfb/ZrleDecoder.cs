using System.IO.Compression;

namespace Appliance.Rfb;

/// <summary>
/// RFC 6143 §7.7.6 ZRLE. One zlib stream carries every ZRLE rectangle of the connection ("the zlib stream is not reset
/// between rectangles"), so one <see cref="ZLibStream"/> lives as long as the connection and reads from a feed that
/// holds the current rectangle's compressed bytes. Inflated bytes are read ahead into a buffer: a read returns as soon
/// as the inflater produced anything, and servers sync-flush at the end of each rectangle (RFC 6143 §7.7.6), so the
/// inflater reaches the end of its input only when the tile grammar asks beyond the rectangle, which is an error.
/// Allocates nothing per rectangle.
/// </summary>
internal sealed class ZrleDecoder : IDisposable
{
    private const byte SubRaw = 0, SubSolid = 1, SubPackedMax = 16, SubPlainRle = 128, SubPaletteRleMin = 130;
    private const byte RunContinues = 255;
    private const byte PaletteRunFlag = 0x80;

    private readonly FeedStream _feed = new();
    private readonly ZLibStream _zlib;
    private readonly byte[] _scratch = new byte[RfbWire.ZrleTileSize * RfbWire.ZrleTileSize * RfbWire.BytesPerCPixel];
    private readonly uint[] _palette = new uint[128];
    private readonly byte[] _inflated = new byte[1 << 16];
    private int _inflatedPosition, _inflatedLength;

    public ZrleDecoder() => _zlib = new ZLibStream(_feed, CompressionMode.Decompress, leaveOpen: true);

    /// <summary>Decodes one rectangle whose compressed bytes are <paramref name="compressed"/> into <paramref name="target"/>.</summary>
    public void Decode(byte[] compressed, int length, PixelImage target, int x, int y, int width, int height)
    {
        _feed.Set(compressed, length);
        for (var ty = y; ty < y + height; ty += RfbWire.ZrleTileSize)
        {
            var th = Math.Min(RfbWire.ZrleTileSize, y + height - ty);
            for (var tx = x; tx < x + width; tx += RfbWire.ZrleTileSize)
                DecodeTile(target, tx, ty, Math.Min(RfbWire.ZrleTileSize, x + width - tx), th);
        }
        if (_inflatedPosition != _inflatedLength)
        {
            var extra = _inflatedLength - _inflatedPosition;
            _inflatedPosition = _inflatedLength = 0;
            throw Malformed($"{extra} decoded bytes left over after the {width}x{height} rectangle's tiles");
        }
    }

    private void DecodeTile(PixelImage target, int tx, int ty, int tw, int th)
    {
        var sub = ReadByte();
        if (sub == SubRaw)
        {
            var bytes = _scratch.AsSpan(0, tw * th * RfbWire.BytesPerCPixel);
            ReadExact(bytes);
            for (var row = 0; row < th; row++)
            {
                var line = target.Row(ty + row).Slice(tx, tw);
                for (var col = 0; col < tw; col++) line[col] = CPixel(bytes[((row * tw + col) * RfbWire.BytesPerCPixel)..]);
            }
        }
        else if (sub == SubSolid)
        {
            var colour = ReadCPixel();
            for (var row = 0; row < th; row++) target.Row(ty + row).Slice(tx, tw).Fill(colour);
        }
        else if (sub <= SubPackedMax)
        {
            ReadPalette(sub);
            var bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4;
            var rowBytes = (tw * bits + 7) / 8;
            var packed = _scratch.AsSpan(0, rowBytes * th);
            ReadExact(packed);
            var mask = (1 << bits) - 1;
            for (var row = 0; row < th; row++)
            {
                var line = target.Row(ty + row).Slice(tx, tw);
                var src = packed.Slice(row * rowBytes, rowBytes);
                for (var col = 0; col < tw; col++)
                {
                    var bitPos = col * bits;
                    var index = (src[bitPos >> 3] >> (8 - bits - (bitPos & 7))) & mask;
                    if (index >= sub) throw Malformed($"packed palette index {index} beyond palette size {sub}");
                    line[col] = _palette[index];
                }
            }
        }
        else if (sub == SubPlainRle)
        {
            var done = 0;
            var total = tw * th;
            while (done < total)
            {
                var colour = ReadCPixel();
                var run = ReadRunLength();
                if (run > total - done) throw Malformed($"plain RLE run of {run} overflows the {tw}x{th} tile at pixel {done}");
                Fill(target, tx, ty, tw, done, run, colour);
                done += run;
            }
        }
        else if (sub >= SubPaletteRleMin)
        {
            var size = sub - SubPlainRle;
            ReadPalette(size);
            var done = 0;
            var total = tw * th;
            while (done < total)
            {
                var b = ReadByte();
                var index = b & ~PaletteRunFlag;
                if (index >= size) throw Malformed($"palette RLE index {index} beyond palette size {size}");
                var run = (b & PaletteRunFlag) != 0 ? ReadRunLength() : 1;
                if (run > total - done) throw Malformed($"palette RLE run of {run} overflows the {tw}x{th} tile at pixel {done}");
                Fill(target, tx, ty, tw, done, run, _palette[index]);
                done += run;
            }
        }
        else
        {
            throw Malformed($"tile subencoding expected 0..16, 128 or 130..255, saw {sub}");
        }
    }

    private static void Fill(PixelImage target, int tx, int ty, int tw, int start, int count, uint colour)
    {
        while (count > 0)
        {
            int row = start / tw, col = start % tw;
            var n = Math.Min(count, tw - col);
            target.Row(ty + row).Slice(tx + col, n).Fill(colour);
            start += n;
            count -= n;
        }
    }

    private void ReadPalette(int size)
    {
        var bytes = _scratch.AsSpan(0, size * RfbWire.BytesPerCPixel);
        ReadExact(bytes);
        for (var i = 0; i < size; i++) _palette[i] = CPixel(bytes[(i * RfbWire.BytesPerCPixel)..]);
    }

    private int ReadRunLength()
    {
        var length = 1;
        byte b;
        do
        {
            b = ReadByte();
            length += b;
            if (length > RfbWire.ZrleTileSize * RfbWire.ZrleTileSize) throw Malformed($"run length {length} exceeds a 64x64 tile");
        } while (b == RunContinues);
        return length;
    }

    private uint ReadCPixel()
    {
        Span<byte> b = stackalloc byte[RfbWire.BytesPerCPixel];
        ReadExact(b);
        return CPixel(b);
    }

    private static uint CPixel(ReadOnlySpan<byte> b) => (uint)(b[0] | (b[1] << 8) | (b[2] << 16));

    private byte ReadByte()
    {
        if (_inflatedPosition == _inflatedLength) Refill(1);
        return _inflated[_inflatedPosition++];
    }

    private void ReadExact(Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_inflatedPosition == _inflatedLength) Refill(buffer.Length);
            var n = Math.Min(buffer.Length, _inflatedLength - _inflatedPosition);
            _inflated.AsSpan(_inflatedPosition, n).CopyTo(buffer);
            _inflatedPosition += n;
            buffer = buffer[n..];
        }
    }

    private void Refill(int wanted)
    {
        int n;
        try { n = _zlib.Read(_inflated); }
        catch (InvalidDataException e) { throw new RfbException(RfbErrorReason.Malformed, $"ZRLE: the zlib stream is corrupt: {e.Message}", e); }
        if (n == 0) throw Malformed($"zlib data of the rectangle ended with {wanted} decoded bytes still expected");
        (_inflatedPosition, _inflatedLength) = (0, n);
    }

    private static RfbException Malformed(string message) => new(RfbErrorReason.Malformed, "ZRLE: " + message);

    public void Dispose() => _zlib.Dispose();

    /// <summary>The zlib stream's input: the current rectangle's compressed bytes, then end-of-data.</summary>
    private sealed class FeedStream : Stream
    {
        private byte[] _data = [];
        private int _position, _length;

        public void Set(byte[] data, int length) => (_data, _position, _length) = (data, 0, length);

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _length - _position);
            _data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
