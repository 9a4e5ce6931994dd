using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Appliance.Rfb;
using Appliance.Rfb.Tests;

// rfb-bench: time per needle match on a 1024x768 screen (goal < 5 ms) and frames per second decoded (ZRLE, Raw).
// Prints one "key value" line per result; ./run turns them into the docs/PERFORMANCE.md table.
const int Width = 1024, Height = 768;
var screen = Desktop(Width, Height, seed: 1);

// Needle: a 200x40 "button" with text-like content, searched with openQA's default margin (50 px).
var needleImage = screen.Clone();
var needle = new Needle("button", ["b"], [new NeedleArea(400, 500, 200, 40, NeedleAreaKind.Match, 95, 50)], needleImage);
var moved = Shift(screen, 400, 500, 200, 40, 17, -9);
var absent = Desktop(Width, Height, seed: 2, button: false);
Report("match_in_place_us", MedianMicros(() => Check(NeedleMatcher.Match(screen, needle), true)));
Report("match_moved_us", MedianMicros(() => Check(NeedleMatcher.Match(moved, needle), true)));
Report("match_absent_us", MedianMicros(() => Check(NeedleMatcher.Match(absent, needle), false)));

// Decode: a synthetic server session replayed through RfbClient (handshake, then full-screen updates).
const int Frames = 40;
var frames = new[] { screen, Desktop(Width, Height, seed: 3) };
Report("raw_fps", DecodeFps(Session(frames, Frames, zrle: false), Frames));
Report("zrle_fps", DecodeFps(Session(frames, Frames, zrle: true), Frames));
return 0;

static void Report(string key, double value) => Console.WriteLine(FormattableString.Invariant($"{key} {value:0.###}"));

static void Check(NeedleMatch m, bool expected)
{
    if (m.Passed != expected) throw new InvalidOperationException($"unexpected match result {m}");
}

static double MedianMicros(Action action)
{
    for (var i = 0; i < 5; i++) action();
    var samples = new List<double>();
    var total = Stopwatch.StartNew();
    while (samples.Count < 200 && (samples.Count < 15 || total.Elapsed < TimeSpan.FromSeconds(4)))
    {
        var t = Stopwatch.GetTimestamp();
        action();
        samples.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
    }
    samples.Sort();
    return samples[samples.Count / 2];
}

static double DecodeFps(byte[] session, int frames)
{
    double best = 0;
    for (var run = 0; run < 3; run++)
    {
        var clock = Stopwatch.StartNew();
        using var client = RfbClient.Connect(new ReplayStream(session), new RfbClientOptions());
        try { while (client.WaitForUpdate(client.UpdateCount, TimeSpan.FromSeconds(30))) { } }
        catch (RfbException) { }
        var seconds = clock.Elapsed.TotalSeconds;
        if (client.UpdateCount != frames) throw new InvalidOperationException($"decoded {client.UpdateCount} of {frames} frames");
        best = Math.Max(best, frames / seconds);
    }
    return best;
}

/// <summary>A desktop-like screen: gradient background, windows, rows of glyph-like dots.</summary>
static PixelImage Desktop(int w, int h, int seed, bool button = true)
{
    var rng = new Random(seed);
    var img = new PixelImage(w, h);
    for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++) img[x, y] = (uint)(0x20 + y * 0x40 / h) << 8 | (uint)(0x60 + x * 0x60 / w);
    for (var win = 0; win < 6; win++)
    {
        int wx = rng.Next(0, w - 300), wy = rng.Next(0, h - 200), ww = rng.Next(200, 300), wh = rng.Next(120, 200);
        for (var y = wy; y < wy + wh; y++)
            for (var x = wx; x < wx + ww; x++) img[x, y] = y < wy + 20 ? 0x3050A0u : 0xF0F0F0u;
        for (var line = wy + 26; line + 10 < wy + wh; line += 14)
            for (var x = wx + 6; x < wx + ww - 6; x++)
                for (var dy = 0; dy < 9; dy++)
                    if (rng.Next(4) == 0) img[x, line + dy] = 0x202020;
    }
    for (var y = 500; y < 540 && button; y++)
        for (var x = 400; x < 600; x++) img[x, y] = (x / 7 + y / 5) % 3 == 0 ? 0xFFFFFFu : 0x2060C0u;
    return img;
}

static PixelImage Shift(PixelImage source, int x, int y, int w, int h, int dx, int dy)
{
    var copy = Desktop(source.Width, source.Height, seed: 1);
    for (var row = 0; row < h; row++)
        for (var col = 0; col < w; col++) copy[x + dx + col, y + dy + row] = source[x + col, y + row];
    return copy;
}

/// <summary>RFB 3.8, security None, ServerInit, then `count` full-screen updates alternating between the frames.</summary>
static byte[] Session(PixelImage[] frames, int count, bool zrle)
{
    var s = new MemoryStream();
    s.Write("RFB 003.008\n"u8);
    s.Write([1, 1, 0, 0, 0, 0]);
    var init = new byte[24];
    BinaryPrimitives.WriteUInt16BigEndian(init, (ushort)frames[0].Width);
    BinaryPrimitives.WriteUInt16BigEndian(init.AsSpan(2), (ushort)frames[0].Height);
    init[4] = 32; init[5] = 24; init[7] = 1;
    s.Write(init);
    using var zrleWriter = new ZrleWriter();
    for (var i = 0; i < count; i++)
    {
        var f = frames[i % frames.Length];
        var head = new byte[16];
        head[3] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(8), (ushort)f.Width);
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(10), (ushort)f.Height);
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(12), zrle ? 16 : 0);
        s.Write(head);
        if (!zrle)
        {
            var raw = new byte[f.Pixels.Length * 4];
            for (var p = 0; p < f.Pixels.Length; p++) BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(p * 4), f.Pixels[p]);
            s.Write(raw);
            continue;
        }
        var chunk = zrleWriter.Rectangle(f, 0, 0, f.Width, f.Height, (tx, ty) => ServerSubencoding(f, tx, ty));
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, chunk.Length);
        s.Write(length);
        s.Write(chunk);
    }
    return s.ToArray();
}

/// <summary>The ZRLE subencoding a server picks for a tile: solid, packed palette (≤ 16 colours), plain RLE, or raw.</summary>
static byte ServerSubencoding(PixelImage img, int tx, int ty)
{
    int tw = Math.Min(64, img.Width - tx), th = Math.Min(64, img.Height - ty);
    var colours = new HashSet<uint>();
    var runs = 1;
    uint previous = img[tx, ty];
    for (var y = ty; y < ty + th; y++)
        for (var x = tx; x < tx + tw; x++)
        {
            var p = img[x, y];
            if (colours.Count <= 16) colours.Add(p);
            if (p != previous) runs++;
            previous = p;
        }
    if (colours.Count == 1) return 1;
    if (colours.Count <= 16) return (byte)colours.Count;
    return runs * 4 < tw * th * 3 ? (byte)128 : (byte)0;
}
