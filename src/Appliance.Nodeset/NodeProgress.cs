using System.Text.Json;

namespace Appliance.Nodeset;

/// <summary>
/// Folds the daemons' recent events into per-node deployment progress for <c>nodeset stat</c>: the last proxyDHCP answer
/// (offer on 67 or ack on 4011, with the loader), whether that loader was fetched, and the files fetched since.
/// tftpd tags transfers with a node when the client's address is the node's <c>ip=</c>. An answer naming another loader
/// starts a new boot; the same loader answered again after it was fetched (a chain-loaded iPXE asks again, or the node
/// rebooted into the same WinPE) keeps the progress and is shown as answered again.
/// </summary>
public sealed class NodeProgress
{
    private readonly Dictionary<string, State> _nodes = new(StringComparer.Ordinal);

    private sealed class State
    {
        public string? Answer, AnswerTime, File, Again;
        public string? LoaderTime, LastFile, Failure;
        public int Files;
    }

    /// <summary>
    /// The progress in several daemons' event histories, merged in time order (each daemon's own order kept for equal
    /// times): proxydhcpd's answers and tftpd's transfers interleave, so folding one history after the other would
    /// credit a new answer with transfers from before it.
    /// </summary>
    public static NodeProgress FromHistories(IEnumerable<IEnumerable<JsonElement>> histories)
    {
        var progress = new NodeProgress();
        var events = histories.SelectMany(h => h).Select((e, i) => (Time: TimeOf(e), Index: i, Event: e));
        foreach (var (_, _, e) in events.OrderBy(x => x.Time).ThenBy(x => x.Index)) progress.Add(e);
        return progress;
    }

    private static DateTimeOffset TimeOf(JsonElement e) =>
        e.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var time) ? time : DateTimeOffset.MinValue;

    /// <summary>Adds events (objects with <c>event</c>, <c>time</c>, <c>node</c>, …) in the order they happened.</summary>
    public void Add(JsonElement e)
    {
        if (!e.TryGetProperty("node", out var n) || n.GetString() is not { } node) return;
        var type = e.TryGetProperty("event", out var t) ? t.GetString() : null;
        var time = e.TryGetProperty("time", out var tm) && tm.TryGetDateTimeOffset(out var dto) ? dto.ToString("HH:mm:ss") : "?";
        var file = e.TryGetProperty("file", out var f) ? f.GetString() : null;
        if (!_nodes.TryGetValue(node, out var s)) _nodes[node] = s = new State();
        switch (type)
        {
            case "offer" or "ack":
                var answer = type == "offer" ? "offered" : "acked";
                if (s.LoaderTime is not null && file is not null && s.File is not null && Same(file, s.File))
                {
                    s.Again = $"{answer} again {time}";
                    break;
                }
                (s.Answer, s.AnswerTime, s.File, s.Again) = (answer, time, file, null);
                (s.LoaderTime, s.LastFile, s.Failure, s.Files) = (null, null, null, 0);
                break;
            case "transfer-done":
                s.Files++;
                s.LastFile = file;
                if (file is not null && s.File is not null && Same(file, s.File)) s.LoaderTime ??= time;
                break;
            case "transfer-failed":
                s.Failure = $"{file}: {(e.TryGetProperty("reason", out var r) ? r.GetString() : "failed")} at {time}";
                break;
        }
    }

    /// <summary>One line of progress, or null when no daemon reported anything about the node.</summary>
    public string? Describe(string node)
    {
        if (!_nodes.TryGetValue(node, out var s)) return null;
        var parts = new List<string>();
        if (s.Answer is not null) parts.Add($"{s.Answer} {s.AnswerTime} ({s.File})");
        if (s.LoaderTime is not null) parts.Add($"loader fetched {s.LoaderTime}");
        else if (s.Answer is not null) parts.Add("loader not fetched yet");
        if (s.Again is not null) parts.Add(s.Again);
        if (s.Files > 0) parts.Add($"{s.Files} file{(s.Files == 1 ? "" : "s")} fetched, last {s.LastFile}");
        if (s.Failure is not null) parts.Add($"failed {s.Failure}");
        return string.Join(", ", parts);
    }

    /// <summary>TFTP names arrive normalised by tftpd (forward slashes, as found in the root); compare case-insensitively.</summary>
    private static bool Same(string fetched, string offered) =>
        string.Equals(fetched.Replace('\\', '/').TrimStart('/'), offered.Replace('\\', '/').TrimStart('/'), StringComparison.OrdinalIgnoreCase);
}
