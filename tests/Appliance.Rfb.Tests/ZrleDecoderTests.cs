using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

public class ZrleDecoderTests
{
    /// <summary>Stripes of a few colours: every subencoding can carry it.</summary>
    private static PixelImage Stripes(int w, int h, int colours)
    {
        var image = new PixelImage(w, h);
        uint[] palette = [0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF, 0x101010, 0x808000, 0x008080, 0x800080, 0x123123, 0xABCDEF];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++) image[x, y] = palette[(x / 5 + y / 3) % colours];
        return image;
    }

    [Theory]
    [InlineData(0, 10)]   // raw CPIXELs
    [InlineData(2, 2)]    // packed palette, 1 bit
    [InlineData(3, 3)]    // packed palette, 2 bits
    [InlineData(4, 4)]    // packed palette, 2 bits
    [InlineData(16, 10)]  // packed palette, 4 bits
    [InlineData(128, 10)] // plain RLE
    [InlineData(130, 2)]  // palette RLE
    [InlineData(255, 10)] // palette RLE, 127 entries
    public void Decodes_each_subencoding_with_partial_tiles(byte sub, int colours)
    {
        var source = Stripes(150, 70, colours);
        using var writer = new ZrleWriter();
        var data = writer.Rectangle(source, 0, 0, 150, 70, (_, _) => sub);
        var target = new PixelImage(150, 70);
        using var decoder = new ZrleDecoder();
        decoder.Decode(data, data.Length, target, 0, 0, 150, 70);
        Assert.True(source.SameAs(target));
    }

    [Fact]
    public void Solid_tiles_fill_and_the_zlib_stream_continues_across_rectangles()
    {
        var source = Stripes(200, 130, 6);
        for (var y = 0; y < 64; y++) for (var x = 0; x < 64; x++) source[x, y] = 0x336699;
        using var writer = new ZrleWriter();
        using var decoder = new ZrleDecoder();
        var target = new PixelImage(200, 130);
        var first = writer.Rectangle(source, 0, 0, 64, 64, (_, _) => 1);
        var second = writer.Rectangle(source, 64, 0, 136, 130, (tx, _) => tx < 128 ? (byte)128 : (byte)0);
        var third = writer.Rectangle(source, 0, 64, 64, 66, (_, _) => 134);
        Assert.Equal(0x78, first[0]); // only the first rectangle carries the zlib header
        Assert.NotEqual(0x78, second[0]);
        decoder.Decode(first, first.Length, target, 0, 0, 64, 64);
        decoder.Decode(second, second.Length, target, 64, 0, 136, 130);
        decoder.Decode(third, third.Length, target, 0, 64, 64, 66);
        Assert.True(source.SameAs(target));
    }

    [Fact]
    public void Decoding_a_rectangle_allocates_nothing()
    {
        var source = Stripes(256, 256, 8);
        using var writer = new ZrleWriter();
        using var decoder = new ZrleDecoder();
        var target = new PixelImage(256, 256);
        var rects = Enumerable.Range(0, 6).Select(i => writer.Rectangle(source, 0, 0, 256, 256, (tx, ty) => (byte)(i % 2 == 0 ? 128 : 0))).ToList();
        decoder.Decode(rects[0], rects[0].Length, target, 0, 0, 256, 256);
        decoder.Decode(rects[1], rects[1].Length, target, 0, 0, 256, 256);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 2; i < rects.Count; i++) decoder.Decode(rects[i], rects[i].Length, target, 0, 0, 256, 256);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(source.SameAs(target));
    }

    [Fact]
    public void Run_past_the_tile_is_refused()
    {
        using var writer = new ZrleWriter();
        var source = new PixelImage(8, 8);
        var data = writer.Rectangle(source, 0, 0, 8, 8, (_, _) => 128);
        using var decoder = new ZrleDecoder();
        var e = Assert.Throws<RfbException>(() => decoder.Decode(data, data.Length, new PixelImage(8, 4), 0, 0, 8, 4));
        Assert.Equal(RfbErrorReason.Malformed, e.Reason);
        Assert.Contains("overflows the 8x4 tile", e.Message);
    }

    [Fact]
    public void Truncated_rectangle_is_refused()
    {
        using var writer = new ZrleWriter();
        var source = Stripes(64, 64, 10);
        var data = writer.Rectangle(source, 0, 0, 64, 64, (_, _) => 0);
        using var decoder = new ZrleDecoder();
        var e = Assert.Throws<RfbException>(() => decoder.Decode(data, data.Length / 2, new PixelImage(64, 64), 0, 0, 64, 64));
        Assert.Contains("decoded bytes still expected", e.Message);
    }
}
