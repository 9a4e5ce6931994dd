using Appliance.Core.Tables;

namespace Appliance.Nodeset;

/// <summary>
/// Nodes whose firmware cannot do proxyDHCP (<c>supportproxydhcp=no</c>) get no option 252, so Windows Boot Manager
/// reads the fixed <c>\Boot\BCD</c> of the TFTP root (the xCAT Windows design). Only one WinPE can sit there: a run that
/// would need two — among its own nodes or against non-proxy nodes still set to another WinPE — is refused for those nodes.
/// </summary>
internal sealed class BootBcdPlacement(string tftpRoot, NodeTable nodes)
{
    public const string BootBcdRelative = "Boot/BCD";

    public IEnumerable<NodeOutcome> Conflicts(IReadOnlyList<(Node Node, OsImage Image)> planned, IReadOnlyDictionary<string, string> currentRecords)
    {
        var needing = planned.Where(p => !p.Node.SupportProxyDhcp).ToList();
        if (needing.Count == 0) return [];
        var wanted = needing.GroupBy(p => p.Image.WinPe, StringComparer.Ordinal).ToList();
        if (wanted.Count > 1)
        {
            var detail = string.Join("; ", wanted.Select(g => $"{g.Key} for {Names(g.Select(p => p.Node.Name))}"));
            return needing.Select(p => NodeOutcome.Failed(p.Node.Name,
                $"nodes without proxyDHCP in this run need two WinPEs at {BootBcdRelative} ({detail}); only one can be there: set them in separate runs"));
        }
        var winpe = wanted[0].Key;
        var inRun = planned.Select(p => p.Node.Name).ToHashSet(StringComparer.Ordinal);
        var holders = currentRecords
            .Where(r => !inRun.Contains(r.Key) && nodes.TryGet(r.Key, out var n) && !n.SupportProxyDhcp && r.Value != $"winboot/{winpe}/")
            .Select(r => $"{r.Key} ({r.Value})").ToList();
        if (holders.Count == 0) return [];
        return needing.Select(p => NodeOutcome.Failed(p.Node.Name,
            $"{BootBcdRelative} must serve winpe {winpe}, but nodes without proxyDHCP are still set to another WinPE: {Names(holders)}; set those to boot first"));
    }

    /// <summary>Copies the WinPE's BCD to the fixed place (atomically); returns why it could not, or null.</summary>
    public string? Place(IReadOnlyList<(Node Node, OsImage Image)> planned, bool canCheck)
    {
        var first = planned.FirstOrDefault(p => !p.Node.SupportProxyDhcp);
        if (first.Node is null) return null;
        var source = Path.Combine(tftpRoot, "winboot", first.Image.WinPe, "Boot", "BCD");
        var target = Path.Combine(tftpRoot, "Boot", "BCD");
        if (!File.Exists(source))
            return canCheck ? $"{source} does not exist, so it cannot be placed at {target} for nodes without proxyDHCP"
                            : $"cannot read the TFTP root {tftpRoot} to place {target} for nodes without proxyDHCP";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + $".{Environment.ProcessId}.tmp";
        File.Copy(source, temp, overwrite: true);
        File.Move(temp, target, overwrite: true);
        return null;
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 5 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(5))} and {list.Count - 5} more";
    }
}
