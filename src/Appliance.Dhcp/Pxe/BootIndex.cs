using Appliance.Core.Tables;
namespace Appliance.Dhcp.Pxe;

/// <summary>
/// The immutable lookup the responder reads on every packet: MAC (48-bit key) → entry, IPv4 → entry, name → entry,
/// built off the hot path from the node table and the record snapshot on each reload and swapped in whole (a reader
/// that took a reference keeps a consistent generation; nothing is ever mutated after <see cref="Build"/>).
/// </summary>
public sealed class BootIndex
{
    /// <summary>Finds a node's WinPE path in the record snapshot.</summary>
    public delegate bool RecordLookup(string node, out string winPePath);

    private readonly Dictionary<ulong, BootEntry> _byMac;
    private readonly Dictionary<uint, BootEntry> _byIp;
    private readonly Dictionary<string, BootEntry> _byName;

    private BootIndex(long generation, int recordCount, Dictionary<ulong, BootEntry> byMac, Dictionary<uint, BootEntry> byIp,
        Dictionary<string, BootEntry> byName, BootEntry? defaultEntry, uint nextServer, IReadOnlyList<string> warnings)
    {
        Generation = generation;
        RecordCount = recordCount;
        _byMac = byMac;
        _byIp = byIp;
        _byName = byName;
        Default = defaultEntry;
        NextServer = nextServer;
        Warnings = warnings;
    }

    /// <summary>An index that answers nobody (before the first load).</summary>
    public static BootIndex Empty { get; } = new(0, 0, [], [], new(StringComparer.Ordinal), null, 0, []);

    public long Generation { get; }
    public int RecordCount { get; }
    public int NodeCount => _byName.Count;
    public int MacCount => _byMac.Count;

    /// <summary>The `--default-winpe` entry for unknown clients and nodes without a record; null when not configured.</summary>
    public BootEntry? Default { get; }

    /// <summary>siaddr override (TFTP server elsewhere); 0 means the receiving interface address.</summary>
    public uint NextServer { get; }

    /// <summary>Nodes skipped or merged while building, one line each, for the reload answer and the log.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public bool TryGetByMac(ulong mac, out BootEntry entry) => _byMac.TryGetValue(mac, out entry!);
    public bool TryGetByIp(uint ip, out BootEntry entry) => _byIp.TryGetValue(ip, out entry!);
    public bool TryGetByName(string node, out BootEntry entry) => _byName.TryGetValue(node, out entry!);

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
        LoaderTable loaders, string? defaultWinPe = null, uint nextServer = 0)
    {
        var warnings = new List<string>();
        var boots = new Dictionary<(string, LoaderTable), WinPeBoot?>();
        WinPeBoot? BootFor(string path, LoaderTable table, string? node)
        {
            if (boots.TryGetValue((path, table), out var cached)) return cached;
            if (!WinPeBoot.TryCreate(path, table, out var boot, out var error))
            {
                warnings.Add($"{(node is null ? "--default-winpe" : "node " + node)}: {error}; not answered");
                boot = null;
            }
            boots[(path, table)] = boot;
            return boot;
        }

        var byMac = new Dictionary<ulong, BootEntry>(nodes.Count);
        var byIp = new Dictionary<uint, BootEntry>(nodes.Count);
        var byName = new Dictionary<string, BootEntry>(nodes.Count, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var table = node.Loaders ?? loaders;
            var boot = records(node.Name, out var path) ? BootFor(path, table, node.Name) : null;
            var first = node.Macs.Length > 0 ? node.Macs[0] : 0;
            var entry = new BootEntry(node.Name, first, node.Ip, node.ArchitectureOverride, boot, isDefault: false);
            if (!byName.TryAdd(node.Name, entry))
            {
                warnings.Add($"node {node.Name}: listed twice; the first line is used");
                continue;
            }
            foreach (var mac in node.Macs)
            {
                if (!byMac.TryAdd(mac, entry))
                    warnings.Add($"node {node.Name}: MAC {new MacAddress(mac)} already belongs to {byMac[mac].Node}; ignored");
            }
            if (node.Ip != 0 && !byIp.TryAdd(node.Ip, entry))
                warnings.Add($"node {node.Name}: IP already belongs to {byIp[node.Ip].Node}; ignored");
        }

        BootEntry? defaultEntry = null;
        if (!string.IsNullOrEmpty(defaultWinPe))
        {
            var boot = BootFor(defaultWinPe, loaders, null);
            if (boot is not null) defaultEntry = new BootEntry("(default)", 0, 0, null, boot, isDefault: true);
        }
        return new BootIndex(generation, recordCount, byMac, byIp, byName, defaultEntry, nextServer, warnings);
    }
}
