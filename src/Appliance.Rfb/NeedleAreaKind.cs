namespace Appliance.Rfb;

/// <summary>openQA needle area types; `ocr` areas are refused when the needle loads.</summary>
public enum NeedleAreaKind
{
    /// <summary>These pixels must be found on the screen, within the area's search margin.</summary>
    Match,
    /// <summary>These pixels are ignored wherever they overlap match areas (clocks, cursors).</summary>
    Exclude,
}
