using System.Globalization;
using System.Text;

namespace Appliance.Rfb;

/// <summary>
/// A step script: one command a line, `#` starts a comment line, blank lines are ignored. Durations are `500ms`,
/// `5s`, `2m` or sums like `1m30s` (a bare number is seconds).
/// <code>
/// set key-interval 100ms        # pause between typed keys (default 50ms)
/// wait-needle TAG [TAG…] [60s]  # until a needle named or tagged so matches (default 30s)
/// wait-still [2s] [30s]         # until the screen stays unchanged that long, within the time bound
/// type "text"                   # typed literally; \" \\ \n \t escapes
/// keys &lt;enter&gt;&lt;wait5&gt;a&lt;leftCtrlOn&gt;b&lt;leftCtrlOff&gt;   # Packer boot_command syntax, rest of the line
/// click NEEDLE|TAG [30s]        # waits for the needle, clicks its click_point (or the area's centre)
/// click X,Y [left|middle|right]
/// screenshot FILE.png
/// sleep 2s
/// </code>
/// </summary>
public static class StepScript
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStill = TimeSpan.FromSeconds(2);

    public static List<ScriptStep> Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new RfbException(RfbErrorReason.BadScript, $"{path}: cannot read: {e.Message}", e); }
        return Parse(text, path);
    }

    public static List<ScriptStep> Parse(string text, string where = "script")
    {
        var steps = new List<ScriptStep>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            steps.Add(ParseLine(line, n + 1, $"{where}:{n + 1}"));
        }
        return steps;
    }

    private static ScriptStep ParseLine(string line, int number, string where)
    {
        var space = line.IndexOfAny([' ', '\t']);
        var verb = space < 0 ? line : line[..space];
        var rest = space < 0 ? "" : line[(space + 1)..].Trim();
        var args = Tokenize(rest, where);
        var step = new ScriptStep(number, default, line);
        switch (verb)
        {
            case "wait-needle":
            {
                var names = args.ToList();
                var timeout = DefaultTimeout;
                if (names.Count > 1 && BootCommand.TryParseDuration(names[^1], out var t)) { timeout = t; names.RemoveAt(names.Count - 1); }
                if (names.Count == 0) throw Bad(where, "wait-needle needs at least one needle name or tag: wait-needle TAG [TAG…] [TIMEOUT]");
                return step with { Kind = StepKind.WaitNeedle, Needles = names, Timeout = timeout };
            }
            case "wait-still":
                if (args.Count > 2) throw Bad(where, $"wait-still takes [STILL] [TIMEOUT], saw {args.Count} arguments");
                return step with
                {
                    Kind = StepKind.WaitStill,
                    Duration = args.Count > 0 ? Duration(args[0], where) : DefaultStill,
                    Timeout = args.Count > 1 ? Duration(args[1], where) : DefaultTimeout,
                };
            case "type":
                if (args.Count != 1) throw Bad(where, $"type takes one quoted string, saw {args.Count} arguments: type \"text\"");
                return step with { Kind = StepKind.Type, Keys = BootCommand.Literal(args[0], where) };
            case "keys":
            {
                var keys = rest.Length > 1 && rest[0] == '"' && rest[^1] == '"' ? Tokenize(rest, where)[0] : rest;
                if (keys.Length == 0) throw Bad(where, "keys needs a key sequence: keys <enter>");
                return step with { Kind = StepKind.Keys, Keys = BootCommand.Parse(keys, where) };
            }
            case "click":
            {
                if (args.Count == 0) throw Bad(where, "click needs a needle name/tag or X,Y");
                var comma = args[0].IndexOf(',');
                if (comma > 0 && int.TryParse(args[0].AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                    && int.TryParse(args[0].AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                {
                    byte buttons = args.Count < 2 ? (byte)1 : args[1] switch
                    {
                        "left" => (byte)1, "middle" => (byte)2, "right" => (byte)4,
                        _ => throw Bad(where, $"click button expected left, middle or right, saw \"{args[1]}\""),
                    };
                    return step with { Kind = StepKind.ClickAt, X = x, Y = y, Buttons = buttons };
                }
                var timeout = args.Count > 1 ? Duration(args[1], where) : DefaultTimeout;
                return step with { Kind = StepKind.ClickNeedle, Needles = [args[0]], Timeout = timeout };
            }
            case "screenshot":
                if (args.Count != 1) throw Bad(where, "screenshot takes one file name: screenshot FILE.png");
                return step with { Kind = StepKind.Screenshot, File = args[0] };
            case "sleep":
                if (args.Count != 1) throw Bad(where, "sleep takes one duration: sleep 2s");
                return step with { Kind = StepKind.Sleep, Duration = Duration(args[0], where) };
            case "set":
                if (args.Count != 2 || args[0] != "key-interval") throw Bad(where, "set takes key-interval DURATION: set key-interval 100ms");
                return step with { Kind = StepKind.SetKeyInterval, Duration = Duration(args[1], where) };
            default:
                throw Bad(where, $"unknown command \"{verb}\"; expected wait-needle, wait-still, type, keys, click, screenshot, sleep or set");
        }
    }

    private static TimeSpan Duration(string text, string where) =>
        BootCommand.TryParseDuration(text, out var d) ? d : throw Bad(where, $"expected a duration like 500ms, 5s or 1m30s, saw \"{text}\"");

    /// <summary>Splits on blanks; "double quotes" group and take \" \\ \n \t escapes.</summary>
    private static List<string> Tokenize(string text, string where)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            var sb = new StringBuilder();
            if (text[i] == '"')
            {
                var column = i;
                i++;
                while (true)
                {
                    if (i >= text.Length) throw Bad(where, $"the quote opened at column {column + 1} is not closed");
                    var c = text[i++];
                    if (c == '"') break;
                    if (c == '\\' && i < text.Length)
                    {
                        var e = text[i++];
                        sb.Append(e switch { 'n' => '\n', 't' => '\t', _ => e });
                    }
                    else sb.Append(c);
                }
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i])) sb.Append(text[i++]);
            }
            tokens.Add(sb.ToString());
        }
        return tokens;
    }

    private static RfbException Bad(string where, string message) => new(RfbErrorReason.BadScript, $"{where}: {message}");
}
