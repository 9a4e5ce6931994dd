namespace Appliance.Unattend.Templates;

/// <summary>
/// The values a template sees: scalars (<c>${name}</c>, looked up case-insensitively) and lists of records for
/// <c>{{for x in list}}</c> (fields as <c>${x.field}</c>).
/// </summary>
public sealed class TemplateVariables
{
    private readonly Dictionary<string, string> _scalars;
    private readonly Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> _lists =
        new(StringComparer.OrdinalIgnoreCase);

    public TemplateVariables() : this(0) { }

    /// <summary>Room for <paramref name="capacity"/> scalars before the table grows.</summary>
    public TemplateVariables(int capacity) => _scalars = new(capacity, StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets (or replaces) a scalar.</summary>
    public TemplateVariables Set(string name, string value)
    {
        _scalars[name] = value;
        return this;
    }

    /// <summary>Sets every pair of <paramref name="values"/>; later calls win, so add the weakest source first.</summary>
    public TemplateVariables SetAll(IEnumerable<KeyValuePair<string, string>> values, string? prefix = null)
    {
        foreach (var (k, v) in values) _scalars[prefix is null ? k : prefix + k] = v;
        return this;
    }

    public TemplateVariables SetList(string name, IReadOnlyList<IReadOnlyDictionary<string, string>> items)
    {
        _lists[name] = items;
        return this;
    }

    public bool TryGet(string name, out string value) => _scalars.TryGetValue(name, out value!);

    public bool TryGetList(string name, out IReadOnlyList<IReadOnlyDictionary<string, string>> items) =>
        _lists.TryGetValue(name, out items!);

    public IEnumerable<KeyValuePair<string, string>> Scalars => _scalars;
}
