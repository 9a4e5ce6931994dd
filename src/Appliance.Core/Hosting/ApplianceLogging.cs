using Microsoft.Extensions.Logging;

namespace Appliance.Core.Hosting;

/// <summary>Builds the logger factory every binary uses (no dependency-injection container needed).</summary>
public static class ApplianceLogging
{
    /// <summary>True when stderr goes to the journal (systemd sets <c>JOURNAL_STREAM</c>).</summary>
    public static bool UnderJournal => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    public static ILoggerFactory CreateFactory(LogLevel minimum = LogLevel.Information, TextWriter? writer = null) =>
        new LoggerFactory([new JournalLoggerProvider(writer ?? Console.Error, UnderJournal, minimum)],
            new LoggerFilterOptions { MinLevel = minimum });

    /// <summary>Parses <c>--log-level</c> values: trace, debug, info, warn, error.</summary>
    public static LogLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new UsageException($"--log-level {text}: expected trace, debug, info, warn or error"),
    };
}
