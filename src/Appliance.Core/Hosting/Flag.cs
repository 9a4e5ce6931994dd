namespace Appliance.Core.Hosting;

/// <summary>A declared command-line flag; <see cref="Flag{T}"/> holds its value.</summary>
public abstract class Flag
{
    protected Flag(string name, string? metavar, string help)
    {
        Name = name;
        Metavar = metavar;
        Help = help;
    }

    public string Name { get; }
    /// <summary>The value's placeholder in --help (<c>DIR</c>, <c>N</c>); null for a switch.</summary>
    public string? Metavar { get; }
    public string Help { get; }
    public bool IsSet { get; protected set; }
    public bool TakesValue => Metavar is not null;
    /// <summary>The default shown in --help, or null.</summary>
    public abstract string? DefaultText { get; }

    internal abstract void Set(string? raw);
}

public sealed class Flag<T> : Flag
{
    private readonly Func<string, T>? _parse;
    private readonly bool _repeatable;

    internal Flag(string name, string? metavar, string help, T defaultValue, Func<string, T>? parse, bool repeatable = false)
        : base(name, metavar, help)
    {
        Value = defaultValue;
        _parse = parse;
        _repeatable = repeatable;
    }

    public T Value { get; private set; }

    public override string? DefaultText => Value switch
    {
        null or false => null,
        string s when s.Length == 0 => null,
        System.Collections.ICollection => null,
        TimeSpan t => FormatDuration(t),
        _ => Value.ToString(),
    };

    /// <summary>The form <see cref="FlagSet.ParseDuration"/> reads: <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>.</summary>
    internal static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 && t.TotalHours % 1 == 0 ? $"{t.TotalHours:0}h"
        : t.TotalMinutes >= 1 && t.TotalMinutes % 1 == 0 ? $"{t.TotalMinutes:0}m"
        : t.TotalSeconds >= 1 && t.TotalSeconds % 1 == 0 ? $"{t.TotalSeconds:0}s"
        : $"{t.TotalMilliseconds:0.###}ms";

    internal override void Set(string? raw)
    {
        if (IsSet && !_repeatable) throw new UsageException($"--{Name} given twice");
        IsSet = true;
        if (_parse is null) { Value = (T)(object)true; return; }
        try
        {
            Value = _parse(raw!);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--{Name} {raw}: {e.Message}");
        }
    }
}
