using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

public class NeedleMatcherTests
{
    /// <summary>A noisy 320x200 screen (so a wrong offset never looks right) with a drawn "button" at (x, y).</summary>
    internal static PixelImage Screen(int buttonX, int buttonY, uint buttonColour = 0x2060C0)
    {
        var rng = new Random(42);
        var image = new PixelImage(320, 200);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (uint)rng.Next(0x1000000);
        for (var y = 0; y < 30; y++)
            for (var x = 0; x < 60; x++) image[buttonX + x, buttonY + y] = (x is > 5 and < 55 && y is > 8 and < 22) ? 0xFFFFFF : buttonColour;
        return image;
    }

    private static Needle ButtonNeedle(int margin = 50, double match = 95, params NeedleArea[] extra) =>
        new("button", ["ok-button"], [new NeedleArea(100, 80, 60, 30, NeedleAreaKind.Match, match, margin, 30, 15), .. extra], Screen(100, 80));

    [Fact]
    public void Matches_in_place_with_full_score()
    {
        var m = NeedleMatcher.Match(Screen(100, 80), ButtonNeedle());
        Assert.True(m.Passed);
        Assert.Equal(1.0, m.Score);
        Assert.Equal((130, 95), m.ClickPoint);
    }

    [Theory]
    [InlineData(137, 52)]
    [InlineData(60, 120)]
    public void Finds_the_area_moved_within_the_margin_and_moves_the_click_point(int x, int y)
    {
        var m = NeedleMatcher.Match(Screen(x, y), ButtonNeedle());
        Assert.True(m.Passed, m.ToString());
        Assert.Equal((x - 100, y - 80), (m.OffsetX, m.OffsetY));
        Assert.Equal((x + 30, y + 15), m.ClickPoint);
    }

    [Fact]
    public void Does_not_find_the_area_beyond_the_margin_and_reports_the_best_score()
    {
        var m = NeedleMatcher.Match(Screen(200, 150), ButtonNeedle(margin: 20));
        Assert.False(m.Passed);
        Assert.InRange(m.Score, 0.3, 0.9);
        Assert.Contains("needs 95%", m.ToString());
    }

    [Fact]
    public void A_different_colour_lowers_the_score_below_the_threshold()
    {
        var m = NeedleMatcher.Match(Screen(100, 80, 0xC06020), ButtonNeedle());
        Assert.False(m.Passed);
        var loose = NeedleMatcher.Match(Screen(100, 80, 0x2262C2), ButtonNeedle());
        Assert.True(loose.Passed);
        Assert.InRange(loose.Score, 0.99, 0.9999);
    }

    [Fact]
    public void Exclude_areas_are_ignored()
    {
        var screen = Screen(100, 80);
        for (var y = 85; y < 95; y++) for (var x = 140; x < 155; x++) screen[x, y] = 0x00FF00; // a "clock" inside the button
        var plain = NeedleMatcher.Match(screen, ButtonNeedle(match: 99.9));
        Assert.False(plain.Passed);
        var masked = NeedleMatcher.Match(screen, ButtonNeedle(50, 99.9, new NeedleArea(138, 84, 20, 12, NeedleAreaKind.Exclude, 95, 0)));
        Assert.True(masked.Passed, masked.ToString());
    }

    [Fact]
    public void Best_prefers_a_passing_needle_and_otherwise_the_closest()
    {
        var other = new Needle("other", ["x"], [new NeedleArea(0, 0, 40, 40, NeedleAreaKind.Match, 95, 0)], new PixelImage(320, 200));
        var best = NeedleMatcher.Best(Screen(100, 80), [other, ButtonNeedle()]);
        Assert.Equal("button", best!.Needle.Name);
        var closest = NeedleMatcher.Best(Screen(10, 10), [other, ButtonNeedle(margin: 0)]);
        Assert.False(closest!.Passed);
    }

    [Fact]
    public void Needle_files_round_trip_in_openqa_format()
    {
        var dir = Directory.CreateTempSubdirectory("needle").FullName;
        try
        {
            ButtonNeedle(margin: 10).Save(dir);
            var json = File.ReadAllText(Path.Combine(dir, "button.json"));
            Assert.Contains("\"xpos\": 100", json);
            Assert.Contains("\"type\": \"match\"", json);
            Assert.Contains("\"click_point\"", json);
            var loaded = Needle.Load(Path.Combine(dir, "button.json"));
            Assert.Equal(["ok-button"], loaded.Tags);
            Assert.Equal(new NeedleArea(100, 80, 60, 30, NeedleAreaKind.Match, 95, 10, 30, 15), loaded.Areas[0]);
            Assert.True(loaded.Image.SameAs(Screen(100, 80)));
            Assert.Single(NeedleSet.Load(dir).Find("ok-button"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Reads_openqa_needle_with_center_click_point_and_defaults()
    {
        var dir = Directory.CreateTempSubdirectory("needle").FullName;
        try
        {
            Png.Write(Path.Combine(dir, "grub.png"), new PixelImage(100, 50));
            File.WriteAllText(Path.Combine(dir, "grub.json"), """
                { "area": [ { "xpos": 10, "ypos": 5, "width": 20, "height": 10, "type": "match", "click_point": "center" },
                            { "xpos": 12, "ypos": 6, "width": 2, "height": 2, "type": "exclude" } ],
                  "properties": [], "tags": [ "bootloader", "grub" ] }
                """);
            var n = Needle.Load(Path.Combine(dir, "grub"));
            Assert.Equal(NeedleArea.DefaultMatchPercent, n.Areas[0].MatchPercent);
            Assert.Equal(NeedleArea.DefaultMargin, n.Areas[0].Margin);
            Assert.Equal((20, 10, 0), n.ClickTarget());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("""{ "area": [ { "xpos": 90, "ypos": 5, "width": 20, "height": 10 } ], "tags": [] }""", "must lie inside its 100x50 PNG")]
    [InlineData("""{ "area": [ { "xpos": 1, "ypos": 1, "width": 2, "height": 2, "type": "ocr" } ] }""", "ocr areas are not supported")]
    [InlineData("""{ "tags": ["a"] }""", "expected an \"area\" list")]
    [InlineData("""{ "area": [ { "xpos": "x" } ] }""", "grub.json: line 1")]
    public void Bad_needles_are_refused_with_the_reason(string json, string message)
    {
        var dir = Directory.CreateTempSubdirectory("needle").FullName;
        try
        {
            Png.Write(Path.Combine(dir, "grub.png"), new PixelImage(100, 50));
            File.WriteAllText(Path.Combine(dir, "grub.json"), json);
            var e = Assert.Throws<RfbException>(() => Needle.Load(Path.Combine(dir, "grub.json")));
            Assert.Equal(RfbErrorReason.BadNeedle, e.Reason);
            Assert.Contains(message, e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
