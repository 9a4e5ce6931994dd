namespace Appliance.Core.Tables;

/// <summary>One line of a table: <c>name key=value …</c>, with where each part was found for error messages.</summary>
public sealed class TableEntry
{
    // Keys in the order they were written, with their values and 1-based columns: a line has a handful of keys, so a
    // linear search beats hashing and costs three small arrays instead of a dictionary per line.
    private readonly string[] _keys;
    private readonly string[] _values;
    private readonly int[] _columns;

    internal TableEntry(string file, int line, string name, string[] keys, string[] values, int[] columns)
    {
        File = file;
        Line = line;
        Name = name;
        _keys = keys;
        _values = values;
        _columns = columns;
    }

    public string File { get; }
    public int Line { get; }
    public string Name { get; }

    /// <summary>Keys in the order they were written.</summary>
    public IEnumerable<string> Keys => _keys;

    public string? Get(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : _values[i];
    }

    /// <summary>All key=value pairs (for template variables), a read-only view in the order written.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new TableAttributes(_keys, _values);

    /// <summary>An error about the value of <paramref name="key"/>, pointing at its column.</summary>
    public TableFormatException Error(string key, string detail)
    {
        var i = IndexOf(key);
        return new(File, Line, i < 0 ? 1 : _columns[i], detail);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
