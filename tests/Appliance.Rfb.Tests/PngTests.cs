using System.Buffers.Binary;
using System.IO.Compression;
using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

public class PngTests
{
    internal static PixelImage Gradient(int w, int h)
    {
        var image = new PixelImage(w, h);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++) image[x, y] = (uint)((x * 7 % 256) << 16 | (y * 13 % 256) << 8 | ((x ^ y) & 0xFF));
        return image;
    }

    [Fact]
    public void Round_trips_pixels()
    {
        var image = Gradient(123, 45);
        var stream = new MemoryStream();
        Png.Encode(image, stream);
        var back = Png.Decode(stream.ToArray());
        Assert.True(image.SameAs(back));
    }

    [Fact]
    public void Iend_chunk_crc_is_the_well_known_value()
    {
        var stream = new MemoryStream();
        Png.Encode(new PixelImage(1, 1), stream);
        var bytes = stream.ToArray();
        Assert.Equal("0000000049454E44AE426082", Convert.ToHexString(bytes[^12..]));
    }

    /// <summary>Builds a PNG by hand with a chosen filter on every row, so each reconstruction path is exercised.</summary>
    private static byte[] Handmade(int colourType, int depth, int w, int h, Func<int, byte[]> rawRow, byte filter, byte[]? palette = null)
    {
        var channels = colourType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        var bpp = Math.Max(1, channels * depth / 8);
        var raw = new MemoryStream();
        var previous = new byte[rawRow(0).Length];
        for (var y = 0; y < h; y++)
        {
            var row = rawRow(y);
            var filtered = new byte[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                var predictor = filter switch { 1 => a, 2 => b, 3 => (a + b) / 2, 4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c, _ => 0 };
                filtered[i] = (byte)(row[i] - predictor);
            }
            raw.WriteByte(filter);
            raw.Write(filtered);
            previous = row;
        }
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zs.Write(raw.ToArray());
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, w);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colourType;
        Chunk(png, "IHDR", ihdr);
        if (palette is not null) Chunk(png, "PLTE", palette);
        Chunk(png, "tEXt", "Comment\0ancillary chunks are skipped"u8.ToArray());
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Append(Crc32.Compute(head.AsSpan(4)), data));
        s.Write(crc);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Reads_every_filter_type(byte filter)
    {
        var expected = Gradient(17, 9);
        var bytes = Handmade(2, 8, 17, 9, y =>
        {
            var row = new byte[17 * 3];
            for (var x = 0; x < 17; x++)
            {
                var p = expected[x, y];
                (row[x * 3], row[x * 3 + 1], row[x * 3 + 2]) = ((byte)(p >> 16), (byte)(p >> 8), (byte)p);
            }
            return row;
        }, filter);
        Assert.True(expected.SameAs(Png.Decode(bytes)));
    }

    [Fact]
    public void Reads_rgba_gray_and_palette_images()
    {
        var rgba = Png.Decode(Handmade(6, 8, 2, 1, _ => [10, 20, 30, 255, 40, 50, 60, 0], 4));
        Assert.Equal(0x0A141Eu, rgba[0, 0]);
        Assert.Equal(0x28323Cu, rgba[1, 0]);
        var gray1 = Png.Decode(Handmade(0, 1, 10, 1, _ => [0b1010_0000, 0b0100_0000], 1));
        Assert.Equal([0xFFFFFFu, 0, 0xFFFFFF, 0, 0, 0, 0, 0, 0, 0xFFFFFF], gray1.Pixels.Select(p => p).ToArray());
        var pal = Png.Decode(Handmade(3, 4, 3, 1, _ => [0x12, 0x00], 0, [1, 2, 3, 4, 5, 6, 7, 8, 9]));
        Assert.Equal([0x040506u, 0x070809, 0x010203], pal.Pixels);
        var gray16 = Png.Decode(Handmade(0, 16, 1, 1, _ => [0xAB, 0xCD], 0));
        Assert.Equal(0xABABABu, gray16[0, 0]);
    }

    [Fact]
    public void Bad_crc_names_the_chunk_and_both_values()
    {
        var stream = new MemoryStream();
        Png.Encode(Gradient(4, 4), stream);
        var bytes = stream.ToArray();
        bytes[8 + 8 + 3] ^= 0xFF; // inside IHDR data
        var e = Assert.Throws<RfbException>(() => Png.Decode(bytes, "x.png"));
        Assert.Equal(RfbErrorReason.BadPng, e.Reason);
        Assert.Contains("x.png: byte 8: chunk IHDR: CRC expected", e.Message);
    }

    [Theory]
    [InlineData("GIF89a", "expected the PNG signature")]
    [InlineData("", "expected the PNG signature")]
    public void Not_a_png_is_refused(string content, string message)
    {
        var e = Assert.Throws<RfbException>(() => Png.Decode(System.Text.Encoding.ASCII.GetBytes(content)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Truncated_file_is_refused()
    {
        var stream = new MemoryStream();
        Png.Encode(Gradient(40, 40), stream);
        var bytes = stream.ToArray()[..^20];
        var e = Assert.Throws<RfbException>(() => Png.Decode(bytes));
        Assert.Equal(RfbErrorReason.BadPng, e.Reason);
    }
}
