using System.Text;

namespace Appliance.Core.Records;

/// <summary>
/// An immutable view of one record file. Lookups by node name are ordinal (node names are case-sensitive, as in the
/// node table) and allocation-free, for <see cref="string"/>, <see cref="ReadOnlySpan{T}"/> of char and UTF-8 keys.
/// Names are kept as packed bytes (<see cref="RecordNames"/>) and each distinct WinPE path as one shared string; the
/// <see cref="Records"/> list is made on first use, so a daemon that only looks names up never builds it.
/// </summary>
public sealed class RecordSnapshot
{
    /// <summary>Names longer than this (in UTF-8 bytes) are encoded on the heap for a lookup; record names hold 50.</summary>
    private const int StackNameBytes = 256;

    public static readonly RecordSnapshot Empty = new([]);

    private readonly RecordNames _names;
    private readonly string[] _paths;
    private readonly int[] _pathOf;
    private IReadOnlyList<NodeRecord>? _records;

    /// <summary>A snapshot of these records; a name given twice keeps its last path (the reader refuses such files).</summary>
    public RecordSnapshot(IReadOnlyList<NodeRecord> records)
    {
        _records = records;
        _names = new RecordNames(records.Count);
        _pathOf = new int[records.Count];
        var paths = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var (name, path) = records[i];
            if (!ids.TryGetValue(path, out var id))
            {
                ids.Add(path, id = paths.Count);
                paths.Add(path);
            }
            var existing = _names.Add(Encoding.UTF8.GetBytes(name));
            _pathOf[existing >= 0 ? existing : _names.Count - 1] = id;
        }
        _paths = [.. paths];
    }

    /// <summary>The reader's constructor: name <c>i</c> boots <c>paths[pathOf[i]]</c>.</summary>
    internal RecordSnapshot(RecordNames names, string[] paths, int[] pathOf)
    {
        _names = names;
        _paths = paths;
        _pathOf = pathOf;
    }

    internal RecordNames Names => _names;

    /// <summary>Records in file order.</summary>
    public IReadOnlyList<NodeRecord> Records
    {
        get
        {
            if (_records is { } made) return made;
            var records = new NodeRecord[_names.Count];
            for (var i = 0; i < records.Length; i++) records[i] = new NodeRecord(Encoding.UTF8.GetString(_names[i]), PathAt(i));
            return Interlocked.CompareExchange(ref _records, records, null) ?? records;
        }
    }

    public int Count => _records?.Count ?? _names.Count;

    /// <summary>Distinct node names (the same as <see cref="Count"/> for a file: the reader refuses duplicates).</summary>
    public int NameCount => _names.Count;

    /// <summary>Name number <paramref name="index"/> (0 … <see cref="NameCount"/>-1) in UTF-8, for joins without strings.</summary>
    public ReadOnlySpan<byte> NameUtf8(int index) => _names[index];

    /// <summary>The WinPE path of name number <paramref name="index"/>; records naming the same WinPE share one string.</summary>
    public string PathAt(int index) => _paths[_pathOf[index]];

    public bool TryGetPath(string node, out string winPePath) => TryGetPath(node.AsSpan(), out winPePath);

    public bool TryGetPath(ReadOnlySpan<char> node, out string winPePath)
    {
        var max = Encoding.UTF8.GetMaxByteCount(node.Length);
        Span<byte> utf8 = max <= StackNameBytes ? stackalloc byte[StackNameBytes] : new byte[max];
        return TryGetPath(utf8[..Encoding.UTF8.GetBytes(node, utf8)], out winPePath);
    }

    public bool TryGetPath(ReadOnlySpan<byte> utf8Node, out string winPePath)
    {
        var index = _names.IndexOf(utf8Node);
        winPePath = index < 0 ? null! : PathAt(index);
        return index >= 0;
    }
}
