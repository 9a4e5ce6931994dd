namespace Appliance.Core.Tables;

/// <summary>One line of a table: <c>name key=value …</c>, with where each part was found for error messages.</summary>
public sealed class TableEntry
{
    private readonly Dictionary<string, (string Value, int Column)> _values;

    internal TableEntry(string file, int line, string name, Dictionary<string, (string Value, int Column)> values)
    {
        File = file;
        Line = line;
        Name = name;
        _values = values;
    }

    public string File { get; }
    public int Line { get; }
    public string Name { get; }

    /// <summary>Keys in the order they were written.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    public string? Get(string key) => _values.TryGetValue(key, out var v) ? v.Value : null;

    /// <summary>All key=value pairs (for template variables).</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() =>
        _values.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);

    /// <summary>An error about the value of <paramref name="key"/>, pointing at its column.</summary>
    public TableFormatException Error(string key, string detail) =>
        new(File, Line, _values.TryGetValue(key, out var v) ? v.Column : 1, detail);
}
