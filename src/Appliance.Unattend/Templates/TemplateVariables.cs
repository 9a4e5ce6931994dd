using System.Buffers;

namespace Appliance.Unattend.Templates;

/// <summary>
/// The values a template sees: scalars (<c>${name}</c>, looked up case-insensitively), whole tables seen through
/// without copying, and lists of records for <c>{{for x in list}}</c> (fields as <c>${x.field}</c>).
/// </summary>
/// <remarks>
/// A lookup tries the scalars first, then the tables, the last added first. Tables are read in place (the node,
/// osimage and site tables of a batch are shared by thousands of renders), so their keys must be lower-case, as the
/// table parsers make them; a name is lower-cased before it is looked up in a table.
/// </remarks>
public sealed class TemplateVariables
{
    private static readonly SearchValues<char> s_upper = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private readonly Dictionary<string, string> _scalars;
    private readonly List<(IReadOnlyDictionary<string, string> Values, string? Prefix)> _tables = [];
    private readonly Dictionary<string, Func<IReadOnlyList<IReadOnlyDictionary<string, string>>>> _lists =
        new(StringComparer.OrdinalIgnoreCase);

    public TemplateVariables() : this(0) { }

    /// <summary>Room for <paramref name="capacity"/> scalars before the table grows.</summary>
    public TemplateVariables(int capacity) => _scalars = new(capacity, StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets (or replaces) a scalar; a scalar hides a table key of the same name.</summary>
    public TemplateVariables Set(string name, string value)
    {
        _scalars[name] = value;
        return this;
    }

    /// <summary>
    /// Makes every key of <paramref name="values"/> (lower-case keys) visible, as it is or, with
    /// <paramref name="prefix"/>, as <c>prefix + key</c>. Tables added later hide earlier ones: add the weakest first.
    /// </summary>
    public TemplateVariables AddTable(IReadOnlyDictionary<string, string> values, string? prefix = null)
    {
        _tables.Add((values, prefix));
        return this;
    }

    public TemplateVariables SetList(string name, IReadOnlyList<IReadOnlyDictionary<string, string>> items) =>
        SetList(name, () => items);

    /// <summary>A list built only when a template loops over it (most answer files never do), at most once.</summary>
    public TemplateVariables SetList(string name, Func<IReadOnlyList<IReadOnlyDictionary<string, string>>> build)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>>? items = null;
        _lists[name] = () => items ??= build();
        return this;
    }

    public bool TryGet(string name, out string value)
    {
        if (_scalars.TryGetValue(name, out value!)) return true;
        if (_tables.Count == 0) return false;
        var key = name.AsSpan().ContainsAny(s_upper) ? name.ToLowerInvariant() : name;
        for (var i = _tables.Count - 1; i >= 0; i--)
        {
            var (values, prefix) = _tables[i];
            if (prefix is null)
            {
                if (values.TryGetValue(key, out value!)) return true;
            }
            else if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal)
                     && values.TryGetValue(key[prefix.Length..], out value!))
            {
                return true;
            }
        }
        return false;
    }

    public bool TryGetList(string name, out IReadOnlyList<IReadOnlyDictionary<string, string>> items)
    {
        items = _lists.TryGetValue(name, out var build) ? build() : null!;
        return items is not null;
    }
}
