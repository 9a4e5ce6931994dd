using System.Text.Json;
using Appliance.Core.Paths;
using Appliance.Core.Records;
using Appliance.Core.Tables;

namespace Appliance.Nodeset;

/// <summary>
/// The nodeset command: <c>&lt;noderange&gt; osimage[=&lt;name&gt;] | boot | stat</c>. Prints one line per node
/// (<c>node: what it boots next</c> or <c>node: error: why</c>), then the daemon's answer to the reload. Exit 0 when every
/// node succeeded, 1 when any failed or nothing could be done.
/// </summary>
public sealed class NodesetCommand(AppliancePaths paths, TextWriter output, TextWriter error, IInstallFiles? installFiles = null)
{
    public bool Quiet { get; init; }
    public bool Reload { get; init; } = true;
    public TimeSpan ReloadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int Run(string noderange, string action)
    {
        try
        {
            var nodes = NodeTable.Load(paths.NodesFile);
            var targets = NodeRange.Expand(noderange, nodes);
            if (action == "stat") return Stat(targets, nodes);

            var images = OsImageTable.Load(paths.OsImagesFile);
            var service = new NodesetService(paths, nodes, images, installFiles);
            NodesetResult result;
            if (action == "boot") result = service.SetBoot(targets);
            else if (action == "osimage") result = service.SetOsImage(targets, null);
            else if (action.StartsWith("osimage=", StringComparison.Ordinal) && action.Length > "osimage=".Length)
                result = service.SetOsImage(targets, action["osimage=".Length..]);
            else
            {
                error.WriteLine($"nodeset: unknown action \"{action}\"; expected osimage=<name>, osimage, boot or stat");
                return 2;
            }
            if (!service.CanCheckStaging && action != "boot")
                error.WriteLine($"nodeset: warning: TFTP root {paths.TftpRoot} is not readable; WinPE staging was not checked");
            var code = Print(result.Outcomes, Reload);
            if (!Quiet || result.Failed > 0)
                output.WriteLine($"nodeset: {result.Outcomes.Count - result.Failed} of {result.Outcomes.Count} nodes set; record file {paths.RecordFile} holds {result.Records.Count} records");
            return code;
        }
        catch (Exception e) when (e is TableFormatException or NodeRangeException)
        {
            error.WriteLine($"nodeset: {e.Message}");
            return 1;
        }
        catch (RecordFileException e)
        {
            error.WriteLine($"nodeset: the record file is damaged, nothing was changed: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine($"nodeset: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"nodeset: {e.Message} (run as root or a member of group appliance)");
            return 1;
        }
    }

    /// <summary>What each node boots next, and, from the daemons' per-node event history, how far its last boot got.</summary>
    private int Stat(IReadOnlyList<Core.Tables.Node> targets, NodeTable nodes)
    {
        var histories = new List<JsonElement[]>();
        foreach (var daemon in new[] { "proxydhcpd", "tftpd" })
        {
            try
            {
                using var reply = Core.Control.ControlClient.Request(paths.Socket(daemon), daemon, "history", ReloadTimeout);
                if (reply.Ok && reply.Root.TryGetProperty("events", out var events))
                    histories.Add(events.EnumerateArray().Select(e => e.Clone()).ToArray()); // the reply's document ends here
            }
            catch (Core.Control.ControlClientException e)
            {
                if (!Quiet) error.WriteLine($"nodeset: no progress from {daemon}: {e.Message}");
            }
        }
        var progress = NodeProgress.FromHistories(histories);
        var outcomes = new NodesetService(paths, nodes, OsImageTable.Empty(paths.OsImagesFile)).Stat(targets)
            .Select(o => progress.Describe(o.Node) is { } p ? o with { Message = $"{o.Message}; {p}" } : o).ToList();
        foreach (var o in outcomes) output.WriteLine(o.ToString());
        return 0;
    }

    private int Print(IReadOnlyList<NodeOutcome> outcomes, bool reload)
    {
        var failed = 0;
        foreach (var o in outcomes)
        {
            if (!o.Ok)
            {
                failed++;
                error.WriteLine(o.ToString());
            }
            else if (!Quiet) output.WriteLine(o.ToString());
        }
        var refused = false;
        if (reload && failed < outcomes.Count)
        {
            var (line, daemonRefused) = ReloadNotice.Request(paths.Socket(ReloadNotice.Daemon), ReloadTimeout);
            (daemonRefused ? error : output).WriteLine($"nodeset: {line}");
            refused = daemonRefused;
        }
        return failed > 0 || refused ? 1 : 0;
    }
}
