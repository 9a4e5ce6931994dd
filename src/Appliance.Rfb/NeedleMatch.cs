namespace Appliance.Rfb;

/// <summary>
/// How well a needle fits a screen: the similarity of its worst match area (0..1, 1 = identical), whether every
/// area reached its required percentage, and where the first match area was found (offset from its recorded place).
/// </summary>
public sealed record NeedleMatch(Needle Needle, double Score, bool Passed, int OffsetX, int OffsetY, double RequiredPercent)
{
    /// <summary>Screen coordinates to click for this match (the needle's click target moved by the found offset).</summary>
    public (int X, int Y) ClickPoint
    {
        get
        {
            var (x, y, _) = Needle.ClickTarget();
            return (x + OffsetX, y + OffsetY);
        }
    }

    public override string ToString() =>
        $"needle {Needle.Name} [{string.Join(",", Needle.Tags)}]: {Score * 100:0.0}% (needs {RequiredPercent:0.#}%) at offset {OffsetX:+0;-0;0},{OffsetY:+0;-0;0}";
}
