using Appliance.Core.Hosting;

namespace Appliance.Core.Tests.Hosting;

public class FlagSetTests
{
    private static (FlagSet, Flag<string>, Flag<int>, Flag<bool>, Flag<List<string>>, Flag<TimeSpan>) Make()
    {
        var f = new FlagSet("tool", "does things");
        return (f, f.String("root", "/srv/tftp", "DIR", "Root."), f.Int("port", 69, "N", "Port.", 1, 65535),
            f.Bool("verbose", "Talk more."), f.List("file", "NAME", "A file."), f.Duration("timeout", TimeSpan.FromSeconds(5), "D", "Wait."));
    }

    [Fact]
    public void Parses_both_value_forms_switches_lists_and_positionals()
    {
        var (f, root, port, verbose, files, timeout) = Make();
        var rest = f.Parse(["a", "--root", "/x", "--port=6969", "b", "--verbose", "--file", "f1", "--file=f2", "--timeout", "250ms", "--", "--not-a-flag"]);
        Assert.Equal(["a", "b", "--not-a-flag"], rest);
        Assert.Equal(("/x", 6969, true), (root.Value, port.Value, verbose.Value));
        Assert.Equal(["f1", "f2"], files.Value);
        Assert.Equal(TimeSpan.FromMilliseconds(250), timeout.Value);
        Assert.True(root.IsSet);
    }

    [Theory]
    [InlineData("--bogus", "unknown option --bogus")]
    [InlineData("--roo=x", "did you mean --root?")]
    [InlineData("--port", "--port needs a value (N)")]
    [InlineData("--port=x", "expected a whole number, saw \"x\"")]
    [InlineData("--port=70000", "expected 1..65535, saw 70000")]
    [InlineData("--verbose=yes", "--verbose takes no value")]
    [InlineData("-v", "options are long")]
    [InlineData("--timeout=5y", "unknown unit")]
    public void Usage_errors_say_what_is_wrong(string arg, string expected)
    {
        var (f, _, _, _, _, _) = Make();
        var e = Assert.Throws<UsageException>(() => f.Parse([arg]));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("250ms")]
    [InlineData("5s")]
    [InlineData("2m")]
    [InlineData("1h")]
    [InlineData("1.5ms")]
    public void Durations_print_the_way_they_parse(string text) =>
        Assert.Equal(text, Flag<TimeSpan>.FormatDuration(FlagSet.ParseDuration(text)));

    [Fact]
    public void A_flag_given_twice_is_an_error_unless_repeatable()
    {
        var (f, _, _, _, _, _) = Make();
        Assert.Contains("given twice", Assert.Throws<UsageException>(() => f.Parse(["--port=1", "--port=2"])).Message);
    }

    [Fact]
    public void Help_reads_like_a_man_page()
    {
        var (f, _, _, _, _, _) = Make();
        f.Synopsis.Add("[options] <file>");
        f.Section("Examples", "tool --port 6969 x");
        f.Parse(["--help"]);
        Assert.True(f.HelpRequested);
        var help = f.HelpText();
        Assert.StartsWith("NAME\n    tool - does things\n\nSYNOPSIS\n    tool [options] <file>\n", help);
        Assert.Contains("    --port N\n        Port. Default: 69.\n", help);
        Assert.Contains("    --verbose\n        Talk more.\n", help);
        Assert.Contains("    --timeout D\n        Wait. Default: 5s.\n", help);
        Assert.Contains("\nEXAMPLES\n    tool --port 6969 x\n", help);
    }

    [Fact]
    public void CommandLine_returns_2_on_usage_errors_and_0_on_help()
    {
        var (f, _, _, _, _, _) = Make();
        var stderr = Console.Error;
        var stdout = Console.Out;
        try
        {
            Console.SetError(new StringWriter());
            Console.SetOut(new StringWriter());
            Assert.Equal(2, CommandLine.Run(f, ["--bogus"], _ => 0));
            Assert.Equal(0, CommandLine.Run(new FlagSet("t", "s"), ["--help"], _ => 7));
            Assert.Equal(7, CommandLine.Run(new FlagSet("t", "s"), ["x"], _ => 7));
        }
        finally
        {
            Console.SetError(stderr);
            Console.SetOut(stdout);
        }
    }
}
