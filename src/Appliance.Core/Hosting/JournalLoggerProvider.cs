using Microsoft.Extensions.Logging;

namespace Appliance.Core.Hosting;

/// <summary>
/// One line per event on stderr. Under systemd (<c>JOURNAL_STREAM</c> set) each line starts with the syslog priority
/// <c>&lt;N&gt;</c> so journald files it at the right level and adds its own timestamp; elsewhere lines start with an
/// ISO-8601 UTC timestamp and the level. Newlines inside a message are escaped so one event stays one line.
/// </summary>
public sealed class JournalLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;
    private readonly Func<DateTimeOffset> _clock;
    private readonly object _gate = new();

    public JournalLoggerProvider(TextWriter writer, bool journal, LogLevel minimum, Func<DateTimeOffset>? clock = null)
    {
        _writer = writer;
        Journal = journal;
        Minimum = minimum;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public bool Journal { get; }
    public LogLevel Minimum { get; }

    public ILogger CreateLogger(string categoryName) => new JournalLogger(this, ShortName(categoryName));

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var text = exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})";
        text = text.Replace("\r", "").Replace("\n", "\\n");
        var line = Journal
            ? $"<{Priority(level)}>{category}: {text}"
            : $"{_clock():yyyy-MM-ddTHH:mm:ss.fffZ} {LevelName(level),-5} {category}: {text}";
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <summary>syslog(3) priorities: debug 7, info 6, warning 4, err 3, crit 2.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 7,
        LogLevel.Information => 6,
        LogLevel.Warning => 4,
        LogLevel.Error => 3,
        _ => 2,
    };

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "crit",
    };

    /// <summary><c>Appliance.Dhcp.ProxyServer</c> → <c>ProxyServer</c>: the daemon's name is already the journal's identifier.</summary>
    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot < 0 ? category : category[(dot + 1)..];
    }

    public void Dispose() { }
}
