using Appliance.Core.Files;
using Appliance.Core.Tables;

namespace Appliance.Nodeset;

/// <summary>
/// Nodes whose firmware cannot do proxyDHCP (<c>supportproxydhcp=no</c>) get no option 252, so Windows Boot Manager
/// reads the fixed <c>\Boot\BCD</c> of the TFTP root (the xCAT Windows design). winpe-stage writes one store per
/// firmware (<c>Boot/BCD</c> for BIOS, <c>Boot/BCD.efi</c> for UEFI), so the store placed there is chosen by the node's
/// <c>arch=</c> (unset or bios: BIOS). Only one store can sit there: a run that would need two — among its own nodes or
/// against non-proxy nodes still set to another one — is refused for those nodes.
/// </summary>
internal sealed class BootBcdPlacement(string tftpRoot, NodeTable nodes)
{
    public const string BootBcdRelative = "Boot/BCD";

    /// <summary>The staged store a node without proxyDHCP needs, relative to the TFTP root.</summary>
    public static string StoreFor(Node node, string winPePath) =>
        winPePath + (node.Arch is null or "bios" ? "Boot/BCD" : "Boot/BCD.efi");

    public IEnumerable<NodeOutcome> Conflicts(IReadOnlyList<(Node Node, OsImage Image)> planned, IReadOnlyDictionary<string, string> currentRecords)
    {
        var needing = planned.Where(p => !p.Node.SupportProxyDhcp).ToList();
        if (needing.Count == 0) return [];
        var wanted = needing.GroupBy(p => StoreFor(p.Node, p.Image.WinPePath), StringComparer.Ordinal).ToList();
        if (wanted.Count > 1)
        {
            var detail = string.Join("; ", wanted.Select(g => $"{g.Key} for {Names(g.Select(p => p.Node.Name))}"));
            return needing.Select(p => NodeOutcome.Failed(p.Node.Name,
                $"nodes without proxyDHCP in this run need two stores at {BootBcdRelative} ({detail}); only one can be there: set them in separate runs"));
        }
        var store = wanted[0].Key;
        var inRun = planned.Select(p => p.Node.Name).ToHashSet(StringComparer.Ordinal);
        var holders = new List<string>();
        foreach (var (name, path) in currentRecords)
        {
            if (inRun.Contains(name) || !nodes.TryGet(name, out var holder) || holder.SupportProxyDhcp) continue;
            var theirs = StoreFor(holder, path);
            if (theirs != store) holders.Add($"{name} ({theirs})");
        }
        if (holders.Count == 0) return [];
        return needing.Select(p => NodeOutcome.Failed(p.Node.Name,
            $"{BootBcdRelative} must be {store}, but nodes without proxyDHCP are still set to another store: {Names(holders)}; set those to boot first"));
    }

    /// <summary>Copies the needed store to the fixed place (atomically); returns why it could not, or null.</summary>
    public string? Place(IReadOnlyList<(Node Node, OsImage Image)> planned, bool canCheck)
    {
        var first = planned.FirstOrDefault(p => !p.Node.SupportProxyDhcp);
        if (first.Node is null) return null;
        var source = Path.Combine(tftpRoot, StoreFor(first.Node, first.Image.WinPePath));
        var target = Path.Combine(tftpRoot, BootBcdRelative);
        if (!File.Exists(source))
            return canCheck ? $"{source} does not exist, so it cannot be placed at {target} for nodes without proxyDHCP"
                            : $"cannot read the TFTP root {tftpRoot} to place {target} for nodes without proxyDHCP";
        AtomicFile.Write(target, File.ReadAllBytes(source), durable: true);
        return null;
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 5 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(5))} and {list.Count - 5} more";
    }
}
