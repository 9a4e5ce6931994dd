namespace Appliance.Dhcp.Tests;

/// <summary>
/// Deterministic hostile input: random bytes, and valid PXE requests with truncation, overlong option lengths, no End,
/// option 52 loops, garbage in sname/file, flipped bytes, duplicated options. Shared with the benchmark.
/// </summary>
public static class PacketMutator
{
    public static IEnumerable<byte[]> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var seeds = new List<byte[]>();
        foreach (var arch in new ushort?[] { 0, 6, 7, 9, 11, null })
        {
            foreach (var type in new byte[] { 1, 3, 8 })
            {
                var b = RequestBuilder.Pxe(type, arch, withGuid: arch != 0);
                b.Mac = arch switch { 0 => TestIndex.BiosMac, 7 => TestIndex.ForcedMac, _ => TestIndex.UefiMac };
                seeds.Add(b.Build());
            }
        }
        for (var i = 0; i < count; i++)
        {
            var s = seeds[random.Next(seeds.Count)];
            yield return (i % 10) switch
            {
                0 => RandomBytes(random, random.Next(0, 700)),
                1 => s[..random.Next(0, s.Length)],                                  // truncated
                2 => OverlongLength(random, s),
                3 => NoEnd(s),
                4 => OverloadLoop(random, s),
                5 => Garbage(random, s, 44, 64 + 128),                               // sname and file
                6 => FlipBytes(random, s, random.Next(1, 8)),
                7 => Garbage(random, s, 240, s.Length - 240),                        // options area
                8 => [.. s[..240], .. s[240..].Where(b => b != 255), .. s[240..]],   // options twice, no End between
                _ => s,
            };
        }
    }

    private static byte[] RandomBytes(Random r, int n)
    {
        var b = new byte[n];
        r.NextBytes(b);
        if (n > 240 && r.Next(2) == 0) { b[236] = 99; b[237] = 130; b[238] = 83; b[239] = 99; }
        return b;
    }

    private static byte[] OverlongLength(Random r, byte[] s)
    {
        var b = (byte[])s.Clone();
        var pos = 240;
        var target = r.Next(4);
        for (var k = 0; k < target && pos + 1 < b.Length && b[pos] != 255; k++) pos += 2 + b[pos + 1];
        if (pos + 1 < b.Length) b[pos + 1] = (byte)r.Next(100, 256);
        return b;
    }

    private static byte[] NoEnd(byte[] s)
    {
        var b = (byte[])s.Clone();
        var end = Array.IndexOf(b, (byte)255, 240);
        return end < 0 ? b : b[..end];
    }

    private static byte[] OverloadLoop(Random r, byte[] s)
    {
        var b = NoEnd(s).Concat(new byte[] { 52, 1, (byte)r.Next(0, 5), 255 }).ToArray();
        for (var i = 44; i + 3 <= 236; i += 3) { b[i] = 52; b[i + 1] = 1; b[i + 2] = 3; }
        if (r.Next(2) == 0) b[235] = 60; // an option cut at the end of file
        return b;
    }

    private static byte[] Garbage(Random r, byte[] s, int start, int length)
    {
        var b = (byte[])s.Clone();
        r.NextBytes(b.AsSpan(start, Math.Max(0, Math.Min(length, b.Length - start))));
        return b;
    }

    private static byte[] FlipBytes(Random r, byte[] s, int n)
    {
        var b = (byte[])s.Clone();
        for (var i = 0; i < n; i++) b[r.Next(b.Length)] = (byte)r.Next(256);
        return b;
    }
}
