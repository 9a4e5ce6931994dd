using System.IO.Compression;
using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

/// <summary>
/// Decoder tests with real server byte streams: sessions of QEMU 7.2's VNC server (iPXE prompt, 720x400) and TigerVNC
/// 1.12 Xvnc (xterm, 1024x768, VNC authentication) recorded with `vncpilot screenshot --record`, one per encoding.
/// The QEMU frames are compared with QEMU's own `screendump -f png` of the same screen (its PNG writer, not ours).
/// </summary>
public class RecordedStreamTests
{
    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static (PixelImage Screen, RfbClient Client) Replay(string file, byte[]? password = null)
    {
        using var gz = new GZipStream(File.OpenRead(Data(file)), CompressionMode.Decompress);
        var bytes = new MemoryStream();
        gz.CopyTo(bytes);
        var client = RfbClient.Connect(new ReplayStream(bytes.ToArray()), new RfbClientOptions { Password = password });
        // The recording ends where the session ended: the client sees the end of the stream as a disconnect.
        var e = Assert.Throws<RfbException>(() => { while (client.WaitForUpdate(client.UpdateCount, TimeSpan.FromSeconds(10))) { } });
        Assert.Equal(RfbErrorReason.Disconnected, e.Reason);
        return (client.Snapshot(), client);
    }

    private static double Similarity(PixelImage a, PixelImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var needle = new Needle("whole", [], [new NeedleArea(0, 0, b.Width, b.Height, NeedleAreaKind.Match, 1, 0)], b);
        return NeedleMatcher.Match(a, needle).Score;
    }

    [Theory]
    [InlineData("qemu-zrle.bin.gz", 2)]
    [InlineData("qemu-raw.bin.gz", 0)]
    public void Qemu_frames_decode_to_what_qemu_itself_dumps(string file, int encodingIndex)
    {
        var (screen, client) = Replay(file);
        using (client)
        {
            Assert.Equal("QEMU", client.DesktopName);
            Assert.True(client.QemuKeys);
            Assert.True(client.RectanglesByEncoding[encodingIndex] > 0, $"no rectangles of the forced encoding in {file}");
            var dump = Png.Read(Data("qemu-dump.png"));
            // Only the blinking text cursor may differ between the VNC frame and the dump taken a moment later.
            Assert.InRange(Similarity(screen, dump), 0.999, 1.0);
        }
    }

    [Theory]
    [InlineData("xvnc-zrle.bin.gz", 2)]
    [InlineData("xvnc-raw.bin.gz", 0)]
    public void Tigervnc_frames_decode_identically_in_every_encoding(string file, int encodingIndex)
    {
        var (screen, client) = Replay(file, "any"u8.ToArray());
        using (client)
        {
            Assert.Equal("3.8", client.Version);
            Assert.Equal(2, client.SecurityType);
            Assert.True(client.RectanglesByEncoding[encodingIndex] > 0, $"no rectangles of the forced encoding in {file}");
            Assert.True(screen.SameAs(Png.Read(Data("xvnc-screen.png"))));
        }
    }
}
