namespace Appliance.Core.Records;

/// <summary>
/// An immutable view of one record file. Lookups by node name are ordinal (node names are case-sensitive, as in the
/// node table) and allocation-free, also for <see cref="ReadOnlySpan{T}"/> keys.
/// </summary>
public sealed class RecordSnapshot
{
    public static readonly RecordSnapshot Empty = new([]);

    // A plain Dictionary, not a FrozenDictionary: freezing 100,000 names costs more than every lookup a reload makes.
    private readonly Dictionary<string, string> _byName;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    /// <summary>A snapshot of these records; a name given twice keeps its last path (the reader refuses such files).</summary>
    public RecordSnapshot(IReadOnlyList<NodeRecord> records)
    {
        Records = records;
        _byName = new Dictionary<string, string>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++) _byName[records[i].Name] = records[i].WinPePath;
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The reader's constructor: <paramref name="byName"/> already maps every record's name to its path.</summary>
    internal RecordSnapshot(NodeRecord[] records, Dictionary<string, string> byName)
    {
        Records = records;
        _byName = byName;
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Records in file order.</summary>
    public IReadOnlyList<NodeRecord> Records { get; }

    public int Count => Records.Count;

    public bool TryGetPath(string node, out string winPePath) => _byName.TryGetValue(node, out winPePath!);

    public bool TryGetPath(ReadOnlySpan<char> node, out string winPePath) => _bySpan.TryGetValue(node, out winPePath!);
}
