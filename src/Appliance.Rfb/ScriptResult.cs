namespace Appliance.Rfb;

/// <summary>The outcome of a script: success, or the failing line with its reason, the closest needle and the saved screen.</summary>
public sealed record ScriptResult(bool Success, int Line, string Message, NeedleMatch? Closest = null, string? FailureScreenshot = null)
{
    public static ScriptResult Ok(int steps) => new(true, 0, $"{steps} steps done");
}
