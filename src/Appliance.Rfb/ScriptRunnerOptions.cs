namespace Appliance.Rfb;

public sealed class ScriptRunnerOptions
{
    /// <summary>Pause between typed keys (the script's `set key-interval` changes it).</summary>
    public TimeSpan KeyInterval { get; init; } = TimeSpan.FromMilliseconds(50);
    /// <summary>Where the last screen is saved when a step fails.</summary>
    public string FailureScreenshot { get; init; } = "vncpilot-failure.png";
    /// <summary>Relative `screenshot` paths are resolved here.</summary>
    public string WorkingDirectory { get; init; } = ".";
    /// <summary>How long to wait for the first framebuffer update before the first step.</summary>
    public TimeSpan FirstFrameTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Fraction of pixels that may change while the screen still counts as still (cursor blink).</summary>
    public double StillTolerance { get; init; } = 0.001;
    /// <summary>How often wait-still samples the screen.</summary>
    public TimeSpan StillPoll { get; init; } = TimeSpan.FromMilliseconds(100);
}
