using System.Globalization;
using System.Text;

namespace Appliance.Core.Hosting;

/// <summary>
/// GNU-style long flags shared by every binary: <c>--name value</c>, <c>--name=value</c>, switches without a value,
/// <c>--</c> ends flags, <c>-h</c>/<c>--help</c> asks for help. The help text is generated like a short man page.
/// </summary>
public sealed class FlagSet
{
    private readonly List<Flag> _flags = [];
    private readonly List<(string Title, string Body)> _sections = [];

    public FlagSet(string program, string summary)
    {
        Program = program;
        Summary = summary;
    }

    public string Program { get; }
    public string Summary { get; }
    /// <summary>Synopsis lines (without the program name), e.g. <c>&lt;noderange&gt; osimage=&lt;name&gt;</c>.</summary>
    public List<string> Synopsis { get; } = [];
    public string? Description { get; set; }
    public bool HelpRequested { get; private set; }

    public IReadOnlyList<Flag> Flags => _flags;

    /// <summary>An extra help section (EXAMPLES, FILES, EXIT STATUS …).</summary>
    public FlagSet Section(string title, string body)
    {
        _sections.Add((title, body));
        return this;
    }

    public Flag<string> String(string name, string defaultValue, string metavar, string help) =>
        Add(new Flag<string>(name, metavar, help, defaultValue, s => s));

    public Flag<string?> OptionalString(string name, string metavar, string help) =>
        Add(new Flag<string?>(name, metavar, help, null, s => s));

    public Flag<int> Int(string name, int defaultValue, string metavar, string help, int min = int.MinValue, int max = int.MaxValue) =>
        Add(new Flag<int>(name, metavar, help, defaultValue, s =>
        {
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                throw new FormatException($"expected a whole number, saw \"{s}\"");
            if (v < min || v > max) throw new FormatException($"expected {min}..{max}, saw {v}");
            return v;
        }));

    public Flag<TimeSpan> Duration(string name, TimeSpan defaultValue, string metavar, string help) =>
        Add(new Flag<TimeSpan>(name, metavar, help, defaultValue, ParseDuration));

    public Flag<bool> Bool(string name, string help) => Add(new Flag<bool>(name, null, help, false, null));

    public Flag<List<string>> List(string name, string metavar, string help)
    {
        var list = new List<string>();
        return Add(new Flag<List<string>>(name, metavar, help, list, s => { list.Add(s); return list; }, repeatable: true));
    }

    private TFlag Add<TFlag>(TFlag flag) where TFlag : Flag
    {
        if (_flags.Any(f => f.Name == flag.Name)) throw new InvalidOperationException($"flag --{flag.Name} declared twice");
        _flags.Add(flag);
        return flag;
    }

    /// <summary>Parses flags anywhere on the line and returns the positional arguments in order.</summary>
    public IReadOnlyList<string> Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg is "-h" or "--help")
            {
                HelpRequested = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.Length > 1 && arg[0] == '-' && !char.IsAsciiDigit(arg[1]))
                    throw new UsageException($"unknown option {arg}; options are long (--name)");
                positionals.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg[2..] : arg[2..eq];
            var flag = _flags.FirstOrDefault(f => f.Name == name)
                ?? throw new UsageException($"unknown option --{name}{Suggest(name)}");
            if (!flag.TakesValue)
            {
                if (eq >= 0) throw new UsageException($"--{name} takes no value");
                flag.Set(null);
                continue;
            }
            string value;
            if (eq >= 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"--{name} needs a value ({flag.Metavar})");
            flag.Set(value);
        }
        return positionals;
    }

    private string Suggest(string name)
    {
        var close = _flags.FirstOrDefault(f => f.Name.StartsWith(name, StringComparison.Ordinal) || name.StartsWith(f.Name, StringComparison.Ordinal));
        return close is null ? "" : $" (did you mean --{close.Name}?)";
    }

    public string HelpText()
    {
        var sb = new StringBuilder();
        sb.Append("NAME\n    ").Append(Program).Append(" - ").Append(Summary).Append("\n\nSYNOPSIS\n");
        foreach (var s in Synopsis.Count > 0 ? Synopsis : ["[options]"]) sb.Append("    ").Append(Program).Append(' ').Append(s).Append('\n');
        if (Description is not null) sb.Append("\nDESCRIPTION\n").Append(Indent(Description));
        sb.Append("\nOPTIONS\n");
        foreach (var f in _flags.Append(new Flag<bool>("help", null, "Show this help and exit.", false, null)))
        {
            var head = f.TakesValue ? $"--{f.Name} {f.Metavar}" : $"--{f.Name}";
            sb.Append("    ").Append(head).Append('\n');
            var help = f.DefaultText is { } d ? $"{f.Help} Default: {d}." : f.Help;
            sb.Append(Indent(help, 8));
        }
        foreach (var (title, body) in _sections) sb.Append('\n').Append(title.ToUpperInvariant()).Append('\n').Append(Indent(body));
        return sb.ToString();
    }

    private static string Indent(string text, int width = 4)
    {
        var pad = new string(' ', width);
        var sb = new StringBuilder();
        foreach (var line in text.TrimEnd().Split('\n')) sb.Append(line.Length == 0 ? "" : pad + line).Append('\n');
        return sb.ToString();
    }

    /// <summary><c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>; a bare number is seconds.</summary>
    public static TimeSpan ParseDuration(string s)
    {
        var unitStart = s.Length;
        while (unitStart > 0 && !char.IsAsciiDigit(s[unitStart - 1]) && s[unitStart - 1] != '.') unitStart--;
        if (!double.TryParse(s.AsSpan(0, unitStart), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
            throw new FormatException($"expected a duration like 500ms, 5s or 2m, saw \"{s}\"");
        return s[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "" or "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            var u => throw new FormatException($"unknown unit \"{u}\" in \"{s}\"; expected ms, s, m or h"),
        };
    }
}
