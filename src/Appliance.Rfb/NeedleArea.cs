namespace Appliance.Rfb;

/// <summary>
/// One entry of an openQA needle's `area` list: a rectangle of the needle's PNG, the similarity it needs (percent),
/// how far from its recorded place it may be found (pixels), and an optional click point relative to the area.
/// </summary>
public sealed record NeedleArea(int X, int Y, int Width, int Height, NeedleAreaKind Kind, double MatchPercent, int Margin,
    int? ClickX = null, int? ClickY = null)
{
    /// <summary>openQA's default required similarity when `match` is absent.</summary>
    public const double DefaultMatchPercent = 95;
    /// <summary>openQA's default search margin when `margin` is absent.</summary>
    public const int DefaultMargin = 50;
}
