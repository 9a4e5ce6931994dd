using Appliance.Integration.Support;
using Appliance.Rfb;

namespace Appliance.Integration.Vnc;

/// <summary>Our PNG writer read by libpng (netpbm's pngtopnm), and libpng-written PNGs (pnmtopng) read by us.</summary>
public class PngInteropTests
{
    private static PixelImage Pattern(int w, int h)
    {
        var image = new PixelImage(w, h);
        var rng = new Random(7);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++) image[x, y] = y < h / 2 ? (uint)rng.Next(0x1000000) : (uint)((x * 3) << 16 | (y * 5 & 0xFF) << 8 | 0x40);
        return image;
    }

    /// <summary>Binary PPM (P6) with maxval 255, what netpbm reads and writes.</summary>
    private static byte[] Ppm(PixelImage image)
    {
        var header = System.Text.Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n");
        var bytes = new byte[header.Length + image.Pixels.Length * 3];
        header.CopyTo(bytes, 0);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            var p = image.Pixels[i];
            (bytes[header.Length + i * 3], bytes[header.Length + i * 3 + 1], bytes[header.Length + i * 3 + 2]) = ((byte)(p >> 16), (byte)(p >> 8), (byte)p);
        }
        return bytes;
    }

    [Fact]
    public void Libpng_reads_our_png_and_we_read_libpngs_in_every_filter_mode()
    {
        var pngtopnm = Tools.Peer("pngtopnm", "netpbm");
        var pnmtopng = Tools.Peer("pnmtopng", "netpbm");
        var dir = Directory.CreateTempSubdirectory("vnc-png").FullName;
        try
        {
            var image = Pattern(97, 61);
            var ours = Path.Combine(dir, "ours.png");
            Png.Write(ours, image);
            var ppm = Path.Combine(dir, "ours.ppm");
            Run.Shell($"{pngtopnm} {ours} > {ppm}", TimeSpan.FromSeconds(20)).EnsureSuccess();
            Assert.Equal(Ppm(image), File.ReadAllBytes(ppm));

            var source = Path.Combine(dir, "source.ppm");
            File.WriteAllBytes(source, Ppm(image));
            foreach (var mode in new[] { "-nofilter", "-sub", "-up", "-avg", "-paeth", "-force" })
            {
                var theirs = Path.Combine(dir, $"theirs{mode}.png");
                Run.Shell($"{pnmtopng} {mode} {source} > {theirs}", TimeSpan.FromSeconds(20)).EnsureSuccess();
                Assert.True(Png.Read(theirs).SameAs(image), $"pnmtopng {mode} decoded differently");
            }
            // A palette image (netpbm picks colour type 3 for few colours) and a grayscale one.
            var few = new PixelImage(33, 9);
            for (var i = 0; i < few.Pixels.Length; i++) few.Pixels[i] = i % 3 == 0 ? 0xFF0000u : 0x00FF00u;
            File.WriteAllBytes(source, Ppm(few));
            var palette = Path.Combine(dir, "palette.png");
            Run.Shell($"{pnmtopng} {source} > {palette}", TimeSpan.FromSeconds(20)).EnsureSuccess();
            Assert.True(Png.Read(palette).SameAs(few));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
