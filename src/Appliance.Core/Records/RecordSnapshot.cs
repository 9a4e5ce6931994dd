using System.Collections.Frozen;

namespace Appliance.Core.Records;

/// <summary>
/// An immutable view of one record file. Lookups by node name are ordinal (node names are case-sensitive, as in the
/// node table) and allocation-free, also for <see cref="ReadOnlySpan{T}"/> keys.
/// </summary>
public sealed class RecordSnapshot
{
    public static readonly RecordSnapshot Empty = new([]);

    private readonly FrozenDictionary<string, string> _byName;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public RecordSnapshot(IReadOnlyList<NodeRecord> records)
    {
        Records = records;
        _byName = records.ToFrozenDictionary(r => r.Name, r => r.WinPePath, StringComparer.Ordinal);
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Records in file order.</summary>
    public IReadOnlyList<NodeRecord> Records { get; }

    public int Count => Records.Count;

    public bool TryGetPath(string node, out string winPePath) => _byName.TryGetValue(node, out winPePath!);

    public bool TryGetPath(ReadOnlySpan<char> node, out string winPePath) => _bySpan.TryGetValue(node, out winPePath!);
}
