using Appliance.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Tests.Hosting;

public class JournalLoggerTests
{
    private static readonly DateTimeOffset Fixed = new(2026, 11, 22, 1, 2, 3, 456, TimeSpan.Zero);

    [Theory]
    [InlineData(LogLevel.Debug, "<7>")]
    [InlineData(LogLevel.Information, "<6>")]
    [InlineData(LogLevel.Warning, "<4>")]
    [InlineData(LogLevel.Error, "<3>")]
    [InlineData(LogLevel.Critical, "<2>")]
    public void Journal_lines_carry_syslog_priority(LogLevel level, string prefix)
    {
        var w = new StringWriter();
        var logger = new JournalLoggerProvider(w, journal: true, LogLevel.Trace).CreateLogger("Appliance.Dhcp.ProxyServer");
        logger.Log(level, "offer to node01");
        Assert.Equal($"{prefix}ProxyServer: offer to node01{Environment.NewLine}", w.ToString());
    }

    [Fact]
    public void Terminal_lines_have_timestamp_level_and_one_line_per_event()
    {
        var w = new StringWriter();
        var logger = new JournalLoggerProvider(w, journal: false, LogLevel.Information, () => Fixed).CreateLogger("tftpd");
        logger.LogWarning(new InvalidOperationException("boom"), "two\nlines");
        logger.LogDebug("filtered out");
        Assert.Equal($"2026-11-22T01:02:03.456Z warn  tftpd: two\\nlines (InvalidOperationException: boom){Environment.NewLine}", w.ToString());
    }

    [Fact]
    public void Parses_log_levels()
    {
        Assert.Equal(LogLevel.Warning, ApplianceLogging.ParseLevel("WARN"));
        Assert.Throws<UsageException>(() => ApplianceLogging.ParseLevel("loud"));
    }
}
