using Appliance.Core.Tables;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// The part of the boot index that depends only on the node and osimage tables: every node's name, `arch=` override and
/// loader table in parallel arrays (node ordinal = position), and MAC/IP/name → ordinal maps sized up front. Built once
/// per table change and shared by every <see cref="BootIndex"/> generation made from those tables, so a reload that only
/// changed the record file joins records against it without touching a MAC or an IP.
/// </summary>
public sealed class NodeIndex
{
    private readonly string[] _names;
    private readonly ushort?[] _overrides;
    private readonly LoaderTable?[] _loaders;
    private readonly BootEntry[] _withoutBoot;
    private readonly Dictionary<ulong, int> _byMac;
    private readonly Dictionary<uint, int> _byIp;
    private readonly Dictionary<string, int> _byName;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    private NodeIndex(int capacity)
    {
        _names = new string[capacity];
        _overrides = new ushort?[capacity];
        _loaders = new LoaderTable?[capacity];
        _withoutBoot = new BootEntry[capacity];
        _byMac = new Dictionary<ulong, int>(capacity);
        _byIp = new Dictionary<uint, int>(capacity);
        _byName = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static NodeIndex Empty { get; } = new(0);

    /// <summary>Nodes (ordinals 0 … Count-1).</summary>
    public int Count { get; private set; }
    public int MacCount => _byMac.Count;

    /// <summary>Nodes listed twice and MACs or IPs claimed twice: the first keeps them, one line each.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public string NameOf(int node) => _names[node];
    public LoaderTable? LoadersOf(int node) => _loaders[node];

    /// <summary>The node's entry when it has no record (boots locally), made once and shared by every generation.</summary>
    public BootEntry WithoutBoot(int node) => _withoutBoot[node];

    internal BootEntry CreateEntry(int node, WinPeBoot boot) =>
        new(_names[node], _withoutBoot[node].Mac, _withoutBoot[node].Ip, _overrides[node], boot, isDefault: false);

    public bool TryGetByMac(ulong mac, out int node) => _byMac.TryGetValue(mac, out node);
    public bool TryGetByIp(uint ip, out int node) => _byIp.TryGetValue(ip, out node);
    public bool TryGetByName(string name, out int node) => _byName.TryGetValue(name, out node);
    public bool TryGetByName(ReadOnlySpan<char> name, out int node) => _bySpan.TryGetValue(name, out node);

    /// <summary>From mapped nodes (tests, other hosts). A name listed twice keeps its first line.</summary>
    public static NodeIndex Build(IReadOnlyList<BootNode> nodes)
    {
        var index = new NodeIndex(nodes.Count);
        var warnings = new List<string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            index.Add(n.Name, n.Macs, n.Ip, n.ArchitectureOverride, n.Loaders, warnings);
        }
        index.Warnings = warnings;
        return index;
    }

    /// <summary>
    /// Straight from the node table: no per-node intermediate object. <paramref name="loadersOf"/> maps an osimage name
    /// to its loader overrides (null: the daemon's table); it is called once per distinct osimage.
    /// </summary>
    public static NodeIndex Build(NodeTable table, Func<string, LoaderTable?> loadersOf)
    {
        var nodes = table.Nodes;
        var index = new NodeIndex(nodes.Count);
        var warnings = new List<string>();
        var perImage = new Dictionary<string, LoaderTable?>(StringComparer.Ordinal);
        Span<ulong> macs = stackalloc ulong[8];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            LoaderTable? loaders = null;
            if (node.OsImage is { } image && !perImage.TryGetValue(image, out loaders))
            {
                loaders = loadersOf(image);
                perImage[image] = loaders;
            }
            var count = node.Macs.Count;
            var buffer = count <= macs.Length ? macs[..count] : new ulong[count];
            for (var m = 0; m < count; m++) buffer[m] = node.Macs[m].Value;
            index.Add(node.Name, buffer, BootIndexLoader.ToUInt32(node.Ip), BootIndexLoader.ArchitectureOf(node.Arch), loaders, warnings);
        }
        index.Warnings = warnings;
        return index;
    }

    private void Add(string name, ReadOnlySpan<ulong> macs, uint ip, ushort? architectureOverride, LoaderTable? loaders, List<string> warnings)
    {
        var ordinal = Count;
        if (!_byName.TryAdd(name, ordinal))
        {
            warnings.Add($"node {name}: listed twice; the first line is used");
            return;
        }
        _names[ordinal] = name;
        _overrides[ordinal] = architectureOverride;
        _loaders[ordinal] = loaders;
        _withoutBoot[ordinal] = new BootEntry(name, macs.Length > 0 ? macs[0] : 0, ip, architectureOverride, null, isDefault: false);
        Count++;
        foreach (var mac in macs)
        {
            if (!_byMac.TryAdd(mac, ordinal))
                warnings.Add($"node {name}: MAC {new MacAddress(mac)} already belongs to {_names[_byMac[mac]]}; ignored");
        }
        if (ip != 0 && !_byIp.TryAdd(ip, ordinal))
            warnings.Add($"node {name}: IP already belongs to {_names[_byIp[ip]]}; ignored");
    }
}
