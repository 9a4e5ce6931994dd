namespace Appliance.Rfb;

/// <summary>One parsed line of a step script, with its line number and text for messages.</summary>
public sealed record ScriptStep(int Line, StepKind Kind, string Source)
{
    /// <summary>Needle names or tags (wait-needle, click NEEDLE): any of them may match.</summary>
    public IReadOnlyList<string> Needles { get; init; } = [];
    public TimeSpan Timeout { get; init; }
    /// <summary>wait-still: how long the screen must stay unchanged. sleep / set key-interval: the duration.</summary>
    public TimeSpan Duration { get; init; }
    public IReadOnlyList<KeyAction> Keys { get; init; } = [];
    public int X { get; init; }
    public int Y { get; init; }
    /// <summary>RFB button mask (§7.5.5): 1 left, 2 middle, 4 right.</summary>
    public byte Buttons { get; init; } = 1;
    public string? File { get; init; }
}
