using System.IO.Compression;
using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

/// <summary>
/// A small ZRLE encoder for tests (RFC 6143 §7.7.6): one zlib stream for all rectangles, sync-flushed after each one as
/// servers do. The subencoding of each tile is chosen by the caller so every decoder branch is reached.
/// </summary>
internal sealed class ZrleWriter : IDisposable
{
    private readonly MemoryStream _compressed = new();
    private readonly ZLibStream _zlib;
    private long _taken;

    public ZrleWriter() => _zlib = new ZLibStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);

    public byte[] Rectangle(PixelImage source, int x, int y, int w, int h, Func<int, int, byte> subencodingForTile)
    {
        var raw = new MemoryStream();
        for (var ty = y; ty < y + h; ty += 64)
            for (var tx = x; tx < x + w; tx += 64)
                Tile(raw, source, tx, ty, Math.Min(64, x + w - tx), Math.Min(64, y + h - ty), subencodingForTile(tx, ty));
        _zlib.Write(raw.ToArray());
        _zlib.Flush();
        var all = _compressed.ToArray();
        var chunk = all[(int)_taken..];
        _taken = all.Length;
        return chunk;
    }

    private static void CPixel(Stream s, uint p) { s.WriteByte((byte)p); s.WriteByte((byte)(p >> 8)); s.WriteByte((byte)(p >> 16)); }

    private static void RunLength(Stream s, int run)
    {
        run--;
        while (run >= 255) { s.WriteByte(255); run -= 255; }
        s.WriteByte((byte)run);
    }

    private static void Tile(Stream s, PixelImage img, int tx, int ty, int tw, int th, byte sub)
    {
        var pixels = new List<uint>();
        for (var y = ty; y < ty + th; y++) for (var x = tx; x < tx + tw; x++) pixels.Add(img[x, y]);
        var palette = pixels.Distinct().ToList();
        s.WriteByte(sub);
        switch (sub)
        {
            case 0: foreach (var p in pixels) CPixel(s, p); break;
            case 1: CPixel(s, pixels[0]); break;
            case >= 2 and <= 16:
            {
                if (palette.Count > sub) throw new InvalidOperationException("palette too small for tile");
                while (palette.Count < sub) palette.Add(0x123456);
                foreach (var p in palette) CPixel(s, p);
                var bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4;
                for (var row = 0; row < th; row++)
                {
                    int acc = 0, n = 0;
                    for (var col = 0; col < tw; col++)
                    {
                        acc = (acc << bits) | palette.IndexOf(pixels[row * tw + col]);
                        n += bits;
                        if (n == 8) { s.WriteByte((byte)acc); acc = 0; n = 0; }
                    }
                    if (n > 0) s.WriteByte((byte)(acc << (8 - n)));
                }
                break;
            }
            case 128:
                for (var i = 0; i < pixels.Count;)
                {
                    var j = i;
                    while (j < pixels.Count && pixels[j] == pixels[i]) j++;
                    CPixel(s, pixels[i]);
                    RunLength(s, j - i);
                    i = j;
                }
                break;
            default: // palette RLE
            {
                var size = sub - 128;
                if (palette.Count > size) throw new InvalidOperationException("palette too small for tile");
                while (palette.Count < size) palette.Add(0x654321);
                foreach (var p in palette) CPixel(s, p);
                for (var i = 0; i < pixels.Count;)
                {
                    var j = i;
                    while (j < pixels.Count && pixels[j] == pixels[i]) j++;
                    var index = palette.IndexOf(pixels[i]);
                    if (j - i == 1) s.WriteByte((byte)index);
                    else { s.WriteByte((byte)(index | 0x80)); RunLength(s, j - i); }
                    i = j;
                }
                break;
            }
        }
    }

    public void Dispose() => _zlib.Dispose();
}
