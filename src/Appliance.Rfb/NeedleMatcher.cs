namespace Appliance.Rfb;

/// <summary>
/// Finds needles on a screen. Each match area is searched within ±margin pixels of its recorded place (openQA's
/// behaviour; position matters, unlike vncdotool's histograms). Similarity = 1 − Σ|Δ| / (pixels × 3 × 255) over the
/// area's RGB bytes, exclude areas masked out. Search: the recorded place first (accepted at once when it passes),
/// then every offset on three evenly spaced rows of the area with early exit against the 8th-best so far, then the
/// full area at those 8 offsets. A needle found anywhere in its window scores exactly as the full comparison says.
/// </summary>
public static class NeedleMatcher
{
    /// <summary>Rows compared per offset in the coarse pass (cost ∝ area width × this × offsets).</summary>
    private const int SampledRows = 3;
    private const int Candidates = 8;

    /// <summary>The best of <paramref name="needles"/>: the first that passes, else the one with the highest score.</summary>
    public static NeedleMatch? Best(PixelImage screen, IEnumerable<Needle> needles)
    {
        NeedleMatch? best = null;
        foreach (var needle in needles)
        {
            var m = Match(screen, needle);
            if (m.Passed) return m;
            if (best is null || m.Score > best.Score) best = m;
        }
        return best;
    }

    public static NeedleMatch Match(PixelImage screen, Needle needle)
    {
        var prepared = needle.Prepared ??= Prepare(needle);
        double worst = 1;
        var passed = true;
        int offsetX = 0, offsetY = 0;
        double required = 0;
        var first = true;
        foreach (var area in prepared)
        {
            var score = Search(screen, needle.Image, area, out var dx, out var dy);
            required = Math.Max(required, area.Area.MatchPercent);
            if (score * 100 < area.Area.MatchPercent - 1e-9) passed = false;
            worst = Math.Min(worst, score);
            if (first) (offsetX, offsetY, first) = (dx, dy, false);
        }
        return new NeedleMatch(needle, worst, passed, offsetX, offsetY, required);
    }

    private static double Search(PixelImage screen, PixelImage reference, PreparedArea p, out int bestDx, out int bestDy)
    {
        var a = p.Area;
        bestDx = bestDy = 0;
        int minDx = Math.Max(-a.Margin, -a.X), maxDx = Math.Min(a.Margin, screen.Width - a.X - a.Width);
        int minDy = Math.Max(-a.Margin, -a.Y), maxDy = Math.Min(a.Margin, screen.Height - a.Y - a.Height);
        if (minDx > maxDx || minDy > maxDy || p.Pixels == 0) return 0;
        var scale = p.Pixels * 3.0 * 255;
        var needed = (long)Math.Floor((1 - a.MatchPercent / 100) * scale);

        if (minDx <= 0 && maxDx >= 0 && minDy <= 0 && maxDy >= 0)
        {
            var atPlace = Difference(screen, reference, p.Segments, 0, 0, needed + 1);
            if (atPlace <= needed) return 1 - atPlace / scale;
        }

        Span<long> candSad = stackalloc long[Candidates];
        Span<int> candDx = stackalloc int[Candidates];
        Span<int> candDy = stackalloc int[Candidates];
        candSad.Fill(long.MaxValue);
        for (var dy = minDy; dy <= maxDy; dy++)
        {
            for (var dx = minDx; dx <= maxDx; dx++)
            {
                var limit = candSad[Candidates - 1];
                var sad = Difference(screen, reference, p.Sampled, dx, dy, limit);
                if (sad >= limit) continue;
                var at = Candidates - 1;
                while (at > 0 && candSad[at - 1] > sad)
                {
                    candSad[at] = candSad[at - 1]; candDx[at] = candDx[at - 1]; candDy[at] = candDy[at - 1];
                    at--;
                }
                candSad[at] = sad; candDx[at] = dx; candDy[at] = dy;
            }
        }

        var best = long.MaxValue;
        for (var i = 0; i < Candidates && candSad[i] != long.MaxValue; i++)
        {
            var sad = Difference(screen, reference, p.Segments, candDx[i], candDy[i], best);
            if (sad < best) (best, bestDx, bestDy) = (sad, candDx[i], candDy[i]);
        }
        return best == long.MaxValue ? 0 : Math.Max(0, 1 - best / scale);
    }

    /// <summary>Σ|Δ| over the segments at offset (dx, dy); stops early once it reaches <paramref name="limit"/>.</summary>
    private static long Difference(PixelImage screen, PixelImage reference, Segment[] segments, int dx, int dy, long limit)
    {
        long sum = 0;
        foreach (var s in segments)
        {
            var want = reference.Pixels.AsSpan(s.Y * reference.Width + s.X, s.Length);
            var have = screen.Pixels.AsSpan((s.Y + dy) * screen.Width + s.X + dx, s.Length);
            sum += Sad.Compute(want, have);
            if (sum >= limit) return sum;
        }
        return sum;
    }

    /// <summary>Splits each match area into row segments that avoid every exclude area.</summary>
    private static PreparedArea[] Prepare(Needle needle)
    {
        var excludes = needle.Areas.Where(a => a.Kind == NeedleAreaKind.Exclude).ToList();
        var result = new List<PreparedArea>();
        foreach (var a in needle.Areas.Where(a => a.Kind == NeedleAreaKind.Match))
        {
            var segments = new List<Segment>();
            var sampled = new List<Segment>();
            long pixels = 0;
            var spans = new List<(int Start, int End)>();
            var step = Math.Max(1, a.Height / SampledRows);
            for (var row = 0; row < a.Height; row++)
            {
                var y = a.Y + row;
                spans.Clear();
                spans.Add((a.X, a.X + a.Width));
                foreach (var e in excludes)
                {
                    if (y < e.Y || y >= e.Y + e.Height) continue;
                    for (var i = spans.Count - 1; i >= 0; i--)
                    {
                        var (s, t) = spans[i];
                        if (e.X >= t || e.X + e.Width <= s) continue;
                        spans.RemoveAt(i);
                        if (e.X + e.Width < t) spans.Insert(i, (e.X + e.Width, t));
                        if (s < e.X) spans.Insert(i, (s, e.X));
                    }
                }
                foreach (var (s, t) in spans)
                {
                    var segment = new Segment(s, y, t - s);
                    segments.Add(segment);
                    if (row % step == step / 2) sampled.Add(segment);
                    pixels += t - s;
                }
            }
            result.Add(new PreparedArea(a, [.. segments], [.. sampled], pixels));
        }
        return [.. result];
    }

    internal readonly record struct Segment(int X, int Y, int Length);

    internal sealed record PreparedArea(NeedleArea Area, Segment[] Segments, Segment[] Sampled, long Pixels);
}
