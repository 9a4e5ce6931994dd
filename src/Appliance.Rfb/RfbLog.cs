using Microsoft.Extensions.Logging;

namespace Appliance.Rfb;

/// <summary>Source-generated log events of the script runner (stable event ids 800–899).</summary>
internal static partial class RfbLog
{
    [LoggerMessage(800, LogLevel.Information, "line {Line}: {Source}")]
    public static partial void Step(ILogger logger, int line, string source);

    [LoggerMessage(801, LogLevel.Information, "line {Line}: matched {Match} after {Seconds:0.0} s")]
    public static partial void Matched(ILogger logger, int line, string match, double seconds);

    [LoggerMessage(802, LogLevel.Information, "line {Line}: screen still for {Still:0.0} s after {Seconds:0.0} s")]
    public static partial void Still(ILogger logger, int line, double still, double seconds);

    [LoggerMessage(803, LogLevel.Error, "line {Line}: {Message}")]
    public static partial void Failed(ILogger logger, int line, string message);

    [LoggerMessage(804, LogLevel.Information, "line {Line}: screenshot {File} ({Width}x{Height})")]
    public static partial void Screenshot(ILogger logger, int line, string file, int width, int height);

    [LoggerMessage(805, LogLevel.Information, "line {Line}: click at {X},{Y}")]
    public static partial void Click(ILogger logger, int line, int x, int y);
}
