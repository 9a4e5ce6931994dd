using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Core.Tables;

/// <summary>
/// The key=value pairs of one table line as a read-only dictionary over the parser's arrays (keys are unique per line,
/// lower-case, compared ordinally). A line has a few keys, so lookups search linearly; nothing is copied per node.
/// </summary>
internal sealed class TableAttributes(string[] keys, string[] values) : IReadOnlyDictionary<string, string>
{
    public int Count => keys.Length;
    public IEnumerable<string> Keys => keys;
    public IEnumerable<string> Values => values;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no key \"{key}\" on this line");

    public bool ContainsKey(string key) => Array.IndexOf(keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var i = Array.IndexOf(keys, key);
        value = i < 0 ? null : values[i];
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < keys.Length; i++) yield return new(keys[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
