using System.Text;
using Appliance.Core.Records;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// The immutable lookup the responder reads on every packet: MAC (48-bit key) → entry, IPv4 → entry, name → entry,
/// built off the hot path from the node table and the record snapshot on each reload and swapped in whole (a reader
/// that took a reference keeps a consistent generation; nothing is ever mutated after <see cref="Build(long, NodeIndex, RecordLookup, int, LoaderTable, string?, uint, BootIndex?)"/>).
/// The maps live in a <see cref="NodeIndex"/> shared by the generations made from the same tables; a generation adds
/// one entry per node (the node joined with its record), reusing the previous generation's entry when it is unchanged.
/// </summary>
public sealed class BootIndex
{
    /// <summary>Finds a node's WinPE path in the record snapshot.</summary>
    public delegate bool RecordLookup(string node, out string winPePath);

    private readonly NodeIndex _nodes;
    private readonly BootEntry[] _entries;

    // what the join found for each record (node ordinal, -1 for a record of an unknown node), kept for the next join
    private int[]? RecordNodes { get; init; }

    private BootIndex(long generation, int recordCount, NodeIndex nodes, BootEntry[] entries, BootEntry? defaultEntry,
        uint nextServer, IReadOnlyList<string> warnings)
    {
        Generation = generation;
        RecordCount = recordCount;
        _nodes = nodes;
        _entries = entries;
        Default = defaultEntry;
        NextServer = nextServer;
        Warnings = warnings;
    }

    /// <summary>An index that answers nobody (before the first load).</summary>
    public static BootIndex Empty { get; } = new(0, 0, NodeIndex.Empty, [], null, 0, []);

    public long Generation { get; }
    public int RecordCount { get; }
    public int NodeCount => _nodes.Count;
    public int MacCount => _nodes.MacCount;

    /// <summary>The record snapshot this generation was joined with (null when built from a lookup).</summary>
    public RecordSnapshot? Records { get; private init; }

    /// <summary>The node maps this generation was joined on.</summary>
    public NodeIndex Nodes => _nodes;

    /// <summary>The `--default-winpe` entry for unknown clients and nodes without a record; null when not configured.</summary>
    public BootEntry? Default { get; }

    /// <summary>siaddr override (TFTP server elsewhere); 0 means the receiving interface address.</summary>
    public uint NextServer { get; }

    /// <summary>Nodes skipped or merged while building, one line each, for the reload answer and the log.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public bool TryGetByMac(ulong mac, out BootEntry entry) => Found(_nodes.TryGetByMac(mac, out var node), node, out entry);
    public bool TryGetByIp(uint ip, out BootEntry entry) => Found(_nodes.TryGetByIp(ip, out var node), node, out entry);
    public bool TryGetByName(string name, out BootEntry entry) => Found(_nodes.TryGetByName(name, out var node), node, out entry);

    private bool Found(bool found, int node, out BootEntry entry)
    {
        entry = found ? _entries[node] : null!;
        return found;
    }

    /// <summary>
    /// Joins nodes (MAC, IP, arch) with records (node → WinPE path). A node without a record is kept (so `lookup`
    /// can say why it is not answered) with no WinPE. A MAC or IP claimed twice keeps the first node and warns.
    /// </summary>
    public static BootIndex Build(long generation, IReadOnlyList<BootNode> nodes, IReadOnlyDictionary<string, string> records,
        LoaderTable loaders, string? defaultWinPe = null, uint nextServer = 0) =>
        Build(generation, nodes, (string node, out string path) => records.TryGetValue(node, out path!), records.Count,
            loaders, defaultWinPe, nextServer);

    /// <summary>As above, with the records behind a lookup (Core's RecordSnapshot.TryGetPath).</summary>
    public static BootIndex Build(long generation, IReadOnlyList<BootNode> nodes, RecordLookup records, int recordCount,
        LoaderTable loaders, string? defaultWinPe = null, uint nextServer = 0) =>
        Build(generation, NodeIndex.Build(nodes), records, recordCount, loaders, defaultWinPe, nextServer, previous: null);

    /// <summary>
    /// Joins <paramref name="nodes"/> with the records. Each distinct (WinPE path, loader table) is made into a
    /// <see cref="WinPeBoot"/> once; when <paramref name="previous"/> was built on the same <see cref="NodeIndex"/>, its
    /// boots are reused for paths still named and its entries for nodes whose boot did not change, so a reload after a
    /// few records changed allocates for those few.
    /// </summary>
    public static BootIndex Build(long generation, NodeIndex nodes, RecordLookup records, int recordCount,
        LoaderTable loaders, string? defaultWinPe, uint nextServer, BootIndex? previous)
    {
        var pathOf = new string?[nodes.Count];
        for (var i = 0; i < pathOf.Length; i++)
        {
            if (records(nodes.NameOf(i), out var path)) pathOf[i] = path;
        }
        return Join(generation, nodes, pathOf, recordCount, loaders, defaultWinPe, nextServer, previous);
    }

    /// <summary>
    /// As above, walking the record snapshot instead of asking it once per node: each record's name is widened from
    /// its bytes on the stack and looked up in the node maps, so no name becomes a string. Records for unknown nodes
    /// are counted in <see cref="RecordCount"/> and otherwise ignored.
    /// </summary>
    public static BootIndex Build(long generation, NodeIndex nodes, RecordSnapshot records,
        LoaderTable loaders, string? defaultWinPe, uint nextServer, BootIndex? previous)
    {
        var warnings = new List<string>(nodes.Warnings);
        var same = previous is not null && ReferenceEquals(previous._nodes, nodes) ? previous : null;
        var boots = new BootCache(warnings, same?._entries);
        var entries = new BootEntry[nodes.Count];
        var recordNode = new int[records.NameCount];
        // a record whose name is the previous snapshot's at the same position maps to the same node: the usual reload
        // rewrote paths in place, so this is a short sequential compare instead of a hash lookup per record
        var before = same?.Records;
        Span<char> name = stackalloc char[StackName];
        for (var r = 0; r < recordNode.Length; r++)
        {
            var utf8 = records.NameUtf8(r);
            int node;
            if (before is not null && r < before.NameCount && utf8.SequenceEqual(before.NameUtf8(r))) node = same!.RecordNodes![r];
            else
            {
                var found = utf8.Length <= StackName
                    ? nodes.TryGetByName(name[..Encoding.UTF8.GetChars(utf8, name)], out node)
                    : nodes.TryGetByName(Encoding.UTF8.GetString(utf8), out node);
                if (!found) node = -1;
            }
            recordNode[r] = node;
            if (node >= 0) entries[node] = EntryFor(nodes, node, boots.Get(records.PathAt(r), nodes.LoadersOf(node) ?? loaders, nodes.NameOf(node)), same?._entries);
        }
        for (var i = 0; i < entries.Length; i++) entries[i] ??= nodes.WithoutBoot(i);
        var index = new BootIndex(generation, records.Count, nodes, entries, DefaultEntry(boots, loaders, defaultWinPe), nextServer, warnings)
        {
            Records = records,
            RecordNodes = recordNode,
        };
        return index;
    }

    /// <summary>The node's entry for this boot: the previous generation's when it already boots exactly that.</summary>
    private static BootEntry EntryFor(NodeIndex nodes, int node, WinPeBoot? boot, BootEntry[]? previous) =>
        boot is null ? nodes.WithoutBoot(node)
        : previous is not null && ReferenceEquals(previous[node].Boot, boot) ? previous[node]
        : nodes.CreateEntry(node, boot);

    private static BootEntry? DefaultEntry(BootCache boots, LoaderTable loaders, string? defaultWinPe) =>
        !string.IsNullOrEmpty(defaultWinPe) && boots.Get(defaultWinPe, loaders, null) is { } boot
            ? new BootEntry("(default)", 0, 0, null, boot, isDefault: true)
            : null;

    /// <summary>Record names up to this many UTF-8 bytes are widened on the stack (the record file's field holds 50).</summary>
    private const int StackName = 128;

    private static BootIndex Join(long generation, NodeIndex nodes, string?[] pathOf, int recordCount,
        LoaderTable loaders, string? defaultWinPe, uint nextServer, BootIndex? previous)
    {
        var warnings = new List<string>(nodes.Warnings);
        var reuse = previous is not null && ReferenceEquals(previous._nodes, nodes) ? previous._entries : null;
        var boots = new BootCache(warnings, reuse);
        var entries = new BootEntry[nodes.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var boot = pathOf[i] is { } path ? boots.Get(path, nodes.LoadersOf(i) ?? loaders, nodes.NameOf(i)) : null;
            entries[i] = EntryFor(nodes, i, boot, reuse);
        }
        return new BootIndex(generation, recordCount, nodes, entries, DefaultEntry(boots, loaders, defaultWinPe), nextServer, warnings);
    }

    /// <summary>
    /// One <see cref="WinPeBoot"/> per distinct (path, loader table) of a build. The record reader shares one string per
    /// distinct path, so the previous hit is found by reference before any hashing; the previous generation's boots are
    /// reused by value (same path, same table), which keeps entries comparable by reference across generations.
    /// </summary>
    private sealed class BootCache(List<string> warnings, BootEntry[]? previous)
    {
        private readonly Dictionary<(string, LoaderTable), WinPeBoot?> _boots = [];
        private Dictionary<(string, LoaderTable), WinPeBoot>? _previous;
        private BootEntry[]? _previousEntries = previous;
        // the few (path, table) pairs seen last, compared by reference: the record reader shares one string per
        // distinct path, so runs and alternations of a handful of WinPEs never hash
        private const int Recent = 8;
        private readonly (string? Path, LoaderTable? Table, WinPeBoot? Boot)[] _recent = new (string?, LoaderTable?, WinPeBoot?)[Recent];
        private int _next;

        public WinPeBoot? Get(string path, LoaderTable table, string? node)
        {
            foreach (var (p, t, b) in _recent)
            {
                if (ReferenceEquals(p, path) && ReferenceEquals(t, table)) return b;
            }
            if (!_boots.TryGetValue((path, table), out var boot))
            {
                if (PreviousBoots().TryGetValue((path, table), out var old)) boot = old;
                else if (!WinPeBoot.TryCreate(path, table, out boot, out var error))
                {
                    warnings.Add($"{(node is null ? "--default-winpe" : "node " + node)}: {error}; not answered");
                    boot = null;
                }
                _boots[(path, table)] = boot;
            }
            _recent[_next] = (path, table, boot);
            _next = (_next + 1) % Recent;
            return boot;
        }

        /// <summary>The previous generation's boots by (path, table), collected on first need.</summary>
        private Dictionary<(string, LoaderTable), WinPeBoot> PreviousBoots()
        {
            if (_previous is not null) return _previous;
            _previous = [];
            if (_previousEntries is not null)
            {
                WinPeBoot? last = null;
                foreach (var entry in _previousEntries)
                {
                    if (entry.Boot is not { } boot || ReferenceEquals(boot, last)) continue;
                    last = boot;
                    _previous.TryAdd((boot.Source, boot.Loaders), boot);
                }
                _previousEntries = null;
            }
            return _previous;
        }
    }
}
