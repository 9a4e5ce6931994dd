namespace Appliance.Rfb;

/// <summary>The outcome of a script: success, or the failing line with its reason, the closest needle and the saved screen.</summary>
public sealed record ScriptResult(bool Success, int Line, string Message, NeedleMatch? Closest = null, string? FailureScreenshot = null)
{
    /// <summary>Set when the connection failed during the step (server gone, protocol error) rather than the step itself.</summary>
    public RfbErrorReason? ConnectionError { get; init; }

    public static ScriptResult Ok(int steps) => new(true, 0, $"{steps} steps done");
}
