namespace Appliance.Registry;

/// <summary>
/// A key of an in-memory hive tree. Subkeys and values are looked up case-insensitively, as Windows does; they keep
/// the order they were added or read in (the writer sorts subkeys as regf requires).
/// </summary>
public sealed class RegistryKey
{
    private readonly List<RegistryKey> _subkeys = [];
    private readonly Dictionary<string, RegistryKey> _subkeyIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<RegistryValue> _values = [];

    public string Name { get; }
    public RegistryKey? Parent { get; private set; }
    public DateTime LastWriteTimeUtc { get; set; }
    public IReadOnlyList<RegistryKey> SubKeys => _subkeys;
    public IReadOnlyList<RegistryValue> Values => _values;

    public RegistryKey(string name)
    {
        ValidateName(name);
        Name = name;
    }

    /// <summary>For the reader: hives made by other tools may hold names Windows would refuse; keep them as they are.</summary>
    internal RegistryKey(string name, bool validate)
    {
        if (validate) ValidateName(name);
        Name = name;
    }

    /// <summary>Backslash-separated path from the root (the root's own name is not part of it).</summary>
    public string Path => Parent is null ? "" : Parent.Parent is null ? Name : Parent.Path + "\\" + Name;

    /// <summary>Returns the subkey with this name, creating it when absent.</summary>
    public RegistryKey CreateSubKey(string name)
    {
        if (_subkeyIndex.TryGetValue(name, out var existing)) return existing;
        return AddSubKey(new RegistryKey(name));
    }

    /// <summary>Adds a subkey; a name that already exists (ignoring case) is an error.</summary>
    public RegistryKey AddSubKey(RegistryKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Parent is not null) throw new InvalidOperationException($"key {key.Name} already has a parent");
        if (!_subkeyIndex.TryAdd(key.Name, key))
            throw new InvalidOperationException($"key {Path}: a subkey named {key.Name} exists already (names are case-insensitive)");
        key.Parent = this;
        _subkeys.Add(key);
        return key;
    }

    public RegistryKey? GetSubKey(string name) => _subkeyIndex.GetValueOrDefault(name);

    /// <summary>Walks a backslash-separated relative path; null when a part is missing.</summary>
    public RegistryKey? OpenSubKey(string path)
    {
        var key = this;
        foreach (var part in path.Split('\\', StringSplitOptions.RemoveEmptyEntries))
        {
            key = key.GetSubKey(part);
            if (key is null) return null;
        }
        return key;
    }

    /// <summary>Creates every missing key along a backslash-separated relative path.</summary>
    public RegistryKey CreateSubKeyPath(string path)
    {
        var key = this;
        foreach (var part in path.Split('\\', StringSplitOptions.RemoveEmptyEntries)) key = key.CreateSubKey(part);
        return key;
    }

    /// <summary>Sets a value, replacing one of the same name (ignoring case).</summary>
    public void SetValue(RegistryValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < _values.Count; i++)
        {
            if (string.Equals(_values[i].Name, value.Name, StringComparison.OrdinalIgnoreCase))
            {
                _values[i] = value;
                return;
            }
        }
        _values.Add(value);
    }

    public RegistryValue? GetValue(string name)
    {
        foreach (var v in _values)
            if (string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    /// <summary>Every key below this one (not this one), depth first.</summary>
    public IEnumerable<RegistryKey> Descendants()
    {
        foreach (var k in _subkeys)
        {
            yield return k;
            foreach (var d in k.Descendants()) yield return d;
        }
    }

    public override string ToString() => Parent is null ? $"(root {Name})" : Path;

    /// <summary>Key names are 1–255 characters without a backslash (Windows' limits).</summary>
    internal static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 255 || name.Contains('\\'))
            throw new HiveFormatException(HiveErrorReason.InvalidName,
                $"key name \"{name}\": expected 1-255 characters without a backslash, saw {name.Length} characters");
    }
}
