using Appliance.Core.Paths;
using Appliance.Core.Records;
using Appliance.Core.Tables;

namespace Appliance.Nodeset;

/// <summary>
/// nodeset's logic, xCAT style: set nodes to boot an osimage's WinPE next (records in the record file, install files,
/// the fixed Boot/BCD for nodes without proxyDHCP) or back to local boot. The record file is changed in one locked
/// read-modify-write, so concurrent runs serialize and never lose each other's nodes.
/// </summary>
public sealed class NodesetService
{
    private readonly AppliancePaths _paths;
    private readonly NodeTable _nodes;
    private readonly OsImageTable _images;
    private readonly IInstallFiles? _installFiles;

    public NodesetService(AppliancePaths paths, NodeTable nodes, OsImageTable images, IInstallFiles? installFiles = null)
    {
        _paths = paths;
        _nodes = nodes;
        _images = images;
        _installFiles = installFiles;
    }

    /// <summary>True when the TFTP root can be checked for staged WinPEs (it exists and is readable).</summary>
    public bool CanCheckStaging => Directory.Exists(_paths.TftpRoot) && IsReadable(_paths.TftpRoot);

    /// <summary>
    /// Sets nodes to boot an osimage next. <paramref name="osImage"/> null means each node's own <c>osimage=</c>.
    /// Nodes that fail keep whatever record they had.
    /// </summary>
    public NodesetResult SetOsImage(IReadOnlyList<Node> targets, string? osImage)
    {
        var outcomes = new Dictionary<string, NodeOutcome>(StringComparer.Ordinal);
        var planned = new List<(Node Node, OsImage Image)>();
        var checkStaging = CanCheckStaging;
        foreach (var node in targets)
        {
            var failure = Plan(node, osImage, checkStaging, out var image);
            if (failure is not null) outcomes[node.Name] = NodeOutcome.Failed(node.Name, failure);
            else planned.Add((node, image!));
        }

        var written = RecordFile.Update(_paths.RecordFile, current =>
        {
            var byName = current.Records.ToDictionary(r => r.Name, r => r.WinPePath, StringComparer.Ordinal);
            var bootBcd = new BootBcdPlacement(_paths.TftpRoot, _nodes);
            foreach (var failed in bootBcd.Conflicts(planned, byName))
                outcomes[failed.Node] = failed;
            planned.RemoveAll(p => outcomes.ContainsKey(p.Node.Name));
            foreach (var (node, image) in planned)
            {
                if (_installFiles?.Write(node, image) is { } reason)
                    outcomes[node.Name] = NodeOutcome.Failed(node.Name, reason);
            }
            planned.RemoveAll(p => outcomes.ContainsKey(p.Node.Name));
            if (bootBcd.Place(planned, checkStaging) is { } placeFailure)
            {
                foreach (var (node, _) in planned.Where(p => !p.Node.SupportProxyDhcp))
                    outcomes[node.Name] = NodeOutcome.Failed(node.Name, placeFailure);
                planned.RemoveAll(p => outcomes.ContainsKey(p.Node.Name));
            }
            foreach (var (node, image) in planned)
            {
                outcomes[node.Name] = NodeOutcome.Done(node.Name,
                    $"osimage {image.Name} (winpe {image.WinPe}{(node.SupportProxyDhcp ? "" : ", Boot/BCD at the TFTP root")})");
            }
            return Merge(current, planned.Select(p => new NodeRecord(p.Node.Name, p.Image.WinPePath)), []);
        });
        return new NodesetResult(targets.Select(t => outcomes[t.Name]).ToList(), written);
    }

    /// <summary>Removes the nodes' records: their next network boot is not answered, so they boot from disk.</summary>
    public NodesetResult SetBoot(IReadOnlyList<Node> targets)
    {
        var outcomes = new List<NodeOutcome>(targets.Count);
        var written = RecordFile.Update(_paths.RecordFile, current =>
        {
            foreach (var node in targets)
            {
                var had = current.TryGetPath(node.Name, out var path);
                outcomes.Add(NodeOutcome.Done(node.Name, had ? $"boot (was winpe {path})" : "boot"));
            }
            return Merge(current, [], targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal));
        });
        return new NodesetResult(outcomes, written);
    }

    /// <summary>What each node boots next, from the record file.</summary>
    public IReadOnlyList<NodeOutcome> Stat(IReadOnlyList<Node> targets)
    {
        var records = RecordFile.Load(_paths.RecordFile);
        return targets.Select(n => records.TryGetPath(n.Name, out var path)
            ? NodeOutcome.Done(n.Name, $"winpe {path}")
            : NodeOutcome.Done(n.Name, "boot")).ToList();
    }

    private string? Plan(Node node, string? osImage, bool checkStaging, out OsImage? image)
    {
        image = null;
        var name = osImage ?? node.OsImage;
        if (name is null)
            return $"no osimage given and the node has none (add osimage=<name> to its line in {_nodes.File}:{node.Line})";
        if (!_images.TryGet(name, out var found))
            return $"unknown osimage \"{name}\"; {(_images.Images.Count == 0 ? $"{_images.File} defines none" : $"{_images.File} defines {string.Join(", ", _images.Images.Select(i => i.Name).Take(8))}")}";
        if (node.Name.Length > RecordLayout.NameLength)
            return $"node name is {node.Name.Length} bytes; the record file holds at most {RecordLayout.NameLength}";
        if (found.WinPePath.Length > RecordLayout.PathLength)
            return $"WinPE path {found.WinPePath} is longer than {RecordLayout.PathLength} bytes";
        if (checkStaging && !Directory.Exists(Path.Combine(_paths.TftpRoot, "winboot", found.WinPe)))
            return $"WinPE \"{found.WinPe}\" of osimage {found.Name} is not staged: no folder {Path.Combine(_paths.TftpRoot, "winboot", found.WinPe)} (run: winpe-stage add {found.WinPe} --from <dir|boot.wim>)";
        image = found;
        return null;
    }

    /// <summary>Existing records keep their order; changed nodes are replaced in place, new ones appended, removed ones dropped.</summary>
    private static List<NodeRecord> Merge(RecordSnapshot current, IEnumerable<NodeRecord> set, HashSet<string> remove)
    {
        var updates = set.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var result = new List<NodeRecord>(current.Count + updates.Count);
        foreach (var r in current.Records)
        {
            if (remove.Contains(r.Name)) continue;
            if (updates.Remove(r.Name, out var replaced)) result.Add(replaced);
            else result.Add(r);
        }
        result.AddRange(set.Where(r => updates.ContainsKey(r.Name)));
        return result;
    }

    private static bool IsReadable(string dir)
    {
        try
        {
            using var e = Directory.EnumerateFileSystemEntries(dir).GetEnumerator();
            e.MoveNext();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
