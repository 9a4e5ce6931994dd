using System.Text.Json;

namespace Appliance.Rfb;

/// <summary>
/// An openQA needle: `NAME.json` (areas, tags) beside `NAME.png` (the reference screen). Loading checks every area
/// against the PNG's size so a bad needle fails when the script starts, not at the moment it is needed.
/// </summary>
public sealed class Needle
{
    public string Name { get; }
    public IReadOnlyList<string> Tags { get; }
    public IReadOnlyList<NeedleArea> Areas { get; }
    public PixelImage Image { get; }

    /// <summary>Match areas split into row segments around exclude areas; built on first use by the matcher.</summary>
    internal NeedleMatcher.PreparedArea[]? Prepared { get; set; }

    public Needle(string name, IReadOnlyList<string> tags, IReadOnlyList<NeedleArea> areas, PixelImage image)
    {
        Name = name;
        Tags = tags;
        Areas = areas;
        Image = image;
        if (!areas.Any(a => a.Kind == NeedleAreaKind.Match))
            throw new RfbException(RfbErrorReason.BadNeedle, $"needle {name}: expected at least one area of type match, saw none");
        for (var i = 0; i < areas.Count; i++)
        {
            var a = areas[i];
            if (a.Width <= 0 || a.Height <= 0 || a.X < 0 || a.Y < 0 || a.X + a.Width > image.Width || a.Y + a.Height > image.Height)
                throw new RfbException(RfbErrorReason.BadNeedle,
                    $"needle {name}: area {i} ({a.Width}x{a.Height}+{a.X}+{a.Y}) must lie inside its {image.Width}x{image.Height} PNG");
            if (a.MatchPercent is <= 0 or > 100)
                throw new RfbException(RfbErrorReason.BadNeedle, $"needle {name}: area {i}: match expected 1..100 (percent), saw {a.MatchPercent}");
        }
    }

    /// <summary>Loads `X.json` and `X.png` (the path may name either file, or neither extension).</summary>
    public static Needle Load(string path)
    {
        var stem = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
            ? path[..path.LastIndexOf('.')] : path;
        var jsonPath = stem + ".json";
        var name = Path.GetFileName(stem);
        NeedleFile? file;
        try { file = JsonSerializer.Deserialize(File.ReadAllBytes(jsonPath), NeedleJsonContext.Default.NeedleFile); }
        catch (JsonException e)
        {
            throw new RfbException(RfbErrorReason.BadNeedle, $"{jsonPath}: line {e.LineNumber + 1}: {e.Message}", e);
        }
        catch (IOException e) { throw new RfbException(RfbErrorReason.BadNeedle, $"{jsonPath}: cannot read: {e.Message}", e); }
        if (file?.Area is null) throw new RfbException(RfbErrorReason.BadNeedle, $"{jsonPath}: expected an \"area\" list, saw none");
        var areas = new List<NeedleArea>();
        for (var i = 0; i < file.Area.Count; i++) areas.Add(ToArea(file.Area[i], jsonPath, i));
        return new Needle(name, file.Tags ?? [], areas, Png.Read(stem + ".png"));
    }

    private static NeedleArea ToArea(NeedleFileArea a, string where, int index)
    {
        var kind = a.Type switch
        {
            null or "match" => NeedleAreaKind.Match,
            "exclude" => NeedleAreaKind.Exclude,
            _ => throw new RfbException(RfbErrorReason.BadNeedle,
                $"{where}: area {index}: type expected \"match\" or \"exclude\", saw \"{a.Type}\" (ocr areas are not supported)"),
        };
        int? cx = null, cy = null;
        if (a.ClickPoint is { } click)
        {
            if (click.ValueKind == JsonValueKind.String && click.GetString() == "center") (cx, cy) = (a.Width / 2, a.Height / 2);
            else if (click.ValueKind == JsonValueKind.Object)
            {
                var p = click.Deserialize(NeedleJsonContext.Default.NeedleFileClickPoint)!;
                (cx, cy) = ((int)p.Xpos, (int)p.Ypos);
            }
            else throw new RfbException(RfbErrorReason.BadNeedle, $"{where}: area {index}: click_point expected {{\"xpos\",\"ypos\"}} or \"center\", saw {click}");
        }
        return new NeedleArea(a.Xpos, a.Ypos, a.Width, a.Height, kind, a.Match ?? NeedleArea.DefaultMatchPercent,
            a.Margin ?? NeedleArea.DefaultMargin, cx, cy);
    }

    /// <summary>Writes `DIR/NAME.json` and `DIR/NAME.png` in openQA's format.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, Name);
        Png.Write(stem + ".png", Image);
        var file = new NeedleFile { Tags = [.. Tags], Properties = [], Area = [] };
        foreach (var a in Areas)
        {
            JsonElement? click = a.ClickX is { } x && a.ClickY is { } y
                ? JsonSerializer.SerializeToElement(new NeedleFileClickPoint { Xpos = x, Ypos = y }, NeedleJsonContext.Default.NeedleFileClickPoint)
                : null;
            file.Area.Add(new NeedleFileArea
            {
                Xpos = a.X, Ypos = a.Y, Width = a.Width, Height = a.Height,
                Type = a.Kind == NeedleAreaKind.Match ? "match" : "exclude", Match = a.MatchPercent,
                Margin = a.Margin == NeedleArea.DefaultMargin ? null : a.Margin, ClickPoint = click,
            });
        }
        File.WriteAllBytes(stem + ".json", JsonSerializer.SerializeToUtf8Bytes(file, NeedleJsonContext.Default.NeedleFile));
    }

    /// <summary>The click target in needle coordinates: the first area's click point, else the first match area's centre.</summary>
    public (int X, int Y, int AreaIndex) ClickTarget()
    {
        for (var i = 0; i < Areas.Count; i++)
            if (Areas[i] is { ClickX: { } cx, ClickY: { } cy } a) return (a.X + cx, a.Y + cy, i);
        for (var i = 0; i < Areas.Count; i++)
            if (Areas[i].Kind == NeedleAreaKind.Match) return (Areas[i].X + Areas[i].Width / 2, Areas[i].Y + Areas[i].Height / 2, i);
        return (0, 0, 0);
    }
}
