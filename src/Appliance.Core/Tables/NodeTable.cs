using System.Net;
using System.Net.Sockets;

namespace Appliance.Core.Tables;

/// <summary>
/// The node table (<c>/etc/appliance/nodes</c>): one node a line, <c>name mac=… ip=… arch=… groups=a,b osimage=…
/// supportproxydhcp=yes|no postscripts="…" postbootscripts="…" var=value …</c>. MACs (several joined with <c>|</c>, as xCAT's
/// mac table allows) and IPv4 addresses are validated and must be unique across nodes.
/// </summary>
public sealed class NodeTable
{
    public static readonly string[] Architectures = ["bios", "ia32", "x64", "arm64"];

    private readonly Dictionary<string, Node> _byName;
    private readonly Dictionary<MacAddress, Node> _byMac;
    private readonly Dictionary<uint, Node> _byIp;
    private readonly Dictionary<string, List<Node>> _groups;

    private NodeTable(List<Node> nodes, string file)
    {
        File = file;
        Nodes = nodes;
        // sized for every node the list was made for, so a large table fills its indexes without rehashing
        _byName = new Dictionary<string, Node>(nodes.Capacity, StringComparer.Ordinal);
        _byMac = new Dictionary<MacAddress, Node>(nodes.Capacity);
        _byIp = new Dictionary<uint, Node>(nodes.Capacity);
        _groups = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
    }

    public static readonly NodeTable Empty = new([], "(none)");

    public string File { get; }

    /// <summary>Nodes in file order.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    public IEnumerable<string> GroupNames => _groups.Keys;

    public bool TryGet(string name, out Node node) => _byName.TryGetValue(name, out node!);
    public bool TryGetByMac(MacAddress mac, out Node node) => _byMac.TryGetValue(mac, out node!);

    /// <summary>By IPv4 address in network byte order as read from a packet (allocation-free).</summary>
    public bool TryGetByIp(uint ipv4NetworkOrder, out Node node) => _byIp.TryGetValue(ipv4NetworkOrder, out node!);

    public bool TryGetGroup(string name, out IReadOnlyList<Node> members)
    {
        var found = _groups.TryGetValue(name, out var list);
        members = list ?? (IReadOnlyList<Node>)[];
        return found;
    }

    /// <summary>Loads the table; a missing file is an empty table.</summary>
    public static NodeTable Load(string path) =>
        System.IO.File.Exists(path) ? Parse(System.IO.File.ReadAllText(path), path) : new NodeTable([], path);

    public static NodeTable Parse(string text, string file)
    {
        var table = new NodeTable(new List<Node>(text.AsSpan().Count('\n') + 1), file);
        // each line becomes its Node as soon as it is read: the parser's entries are garbage at once, not after the file
        TableParser.ParseEach(text, file, table.Add);
        foreach (var g in table._groups.Keys)
        {
            if (table._byName.TryGetValue(g, out var clash))
                throw new TableFormatException(file, clash.Line, 1, $"node \"{g}\" has the name of a group; expected group names distinct from node names");
        }
        return table;
    }

    private void Add(TableEntry e)
    {
        var node = ToNode(e);
        for (var m = 0; m < node.Macs.Count; m++)
        {
            var mac = node.Macs[m];
            if (!_byMac.TryAdd(mac, node))
                throw e.Error("mac", $"MAC {mac} of node \"{node.Name}\" is already the MAC of node \"{_byMac[mac].Name}\" (line {_byMac[mac].Line}); expected unique MACs");
        }
        if (node.Ip is not null && !_byIp.TryAdd(IpKey(node.Ip), node))
            throw e.Error("ip", $"IP {node.Ip} of node \"{node.Name}\" is already the IP of node \"{_byIp[IpKey(node.Ip)].Name}\"; expected unique addresses");
        _byName.Add(node.Name, node);
        for (var k = 0; k < node.Groups.Count; k++)
        {
            var g = node.Groups[k];
            if (_byName.ContainsKey(g) && g != node.Name)
                throw e.Error("groups", $"group \"{g}\" has the name of a node; expected group names distinct from node names");
            if (!_groups.TryGetValue(g, out var members)) _groups[g] = members = [];
            members.Add(node);
        }
        ((List<Node>)Nodes).Add(node);
    }

    private static uint IpKey(IPAddress ip)
    {
        Span<byte> b = stackalloc byte[4];
        ip.TryWriteBytes(b, out _);
        return BitConverter.ToUInt32(b);
    }

    private static Node ToNode(TableEntry e)
    {
        MacAddress[] macs = [];
        if (e.Get("mac") is { } macText)
        {
            macs = new MacAddress[macText.AsSpan().Count('|') + 1];
            var n = 0;
            foreach (var range in macText.AsSpan().Split('|'))
            {
                var part = macText.AsSpan(range);
                if (!MacAddress.TryParse(part, out var mac))
                    throw e.Error("mac", $"node \"{e.Name}\": mac \"{part}\" is not a MAC address; expected six hex pairs like 52:54:00:12:34:56");
                macs[n++] = mac;
            }
        }
        IPAddress? ip = null;
        if (e.Get("ip") is { } ipText)
        {
            if (!IPAddress.TryParse(ipText.AsSpan(), out ip) || ip.AddressFamily != AddressFamily.InterNetwork || ipText.AsSpan().Count('.') != 3)
                throw e.Error("ip", $"node \"{e.Name}\": ip \"{ipText}\" is not an IPv4 address; expected dotted quad like 192.0.2.10");
        }
        string? arch = null;
        if (e.Get("arch") is { } archText)
        {
            foreach (var known in Architectures)
            {
                if (archText.Equals(known, StringComparison.OrdinalIgnoreCase)) arch = known;
            }
            if (arch is null)
                throw e.Error("arch", $"node \"{e.Name}\": arch \"{archText.ToLowerInvariant()}\" is unknown; expected one of {string.Join(", ", Architectures)}");
        }
        var proxy = true;
        if (e.Get("supportproxydhcp") is { } sp)
        {
            proxy = sp.ToLowerInvariant() switch
            {
                "yes" or "y" or "1" or "true" => true,
                "no" or "n" or "0" or "false" => false,
                _ => throw e.Error("supportproxydhcp", $"node \"{e.Name}\": supportproxydhcp \"{sp}\"; expected yes or no"),
            };
        }
        var groups = e.Get("groups") is { Length: > 0 } groupText
            ? groupText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new Node
        {
            Name = e.Name, Macs = macs, Ip = ip, Arch = arch, Groups = groups, OsImage = e.Get("osimage"),
            SupportProxyDhcp = proxy, Postscripts = e.Get("postscripts"), Postbootscripts = e.Get("postbootscripts"),
            Attributes = e.ToDictionary(), File = e.File, Line = e.Line,
        };
    }
}
