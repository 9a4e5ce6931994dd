using System.Text.Json;
using Appliance.Core.Control;

namespace Appliance.Hosts.tftpd;

/// <summary>The control verbs: status and stats fields, <c>transfers</c>, <c>reindex</c>.</summary>
internal sealed partial class TftpDaemon
{
    private void RegisterVerbs()
    {
        _control.Status = WriteStatus;
        _control.Stats = WriteStats;
        _control.Register("transfers", "Live transfers: client, node, file, progress, window.", TransfersVerb);
        _control.Register("reindex", "Re-walk the TFTP root now (new, renamed or removed files); answers the file count.", ReindexVerb, mutating: true);
    }

    private void WriteStatus(Utf8JsonWriter w)
    {
        var s = Server;
        w.WriteString("root", s.Resolver.Root);
        w.WriteString("listen", s.LocalEndPoint.ToString());
        w.WriteNumber("files", s.Resolver.FileCount);
        w.WriteNumber("directories", s.Resolver.DirectoryCount);
        w.WriteNumber("index_generation", s.Resolver.Generation);
        w.WriteNumber("nodes", _nodes.Nodes.Count);
        w.WriteNumber("transfers", s.RunningTransfers);
        w.WriteNumber("max_blksize", _options.Server.MaxBlockSize);
        w.WriteNumber("max_windowsize", _options.Server.MaxWindowSize);
        w.WriteNumber("max_transfers", _options.Server.MaxTransfers);
        w.WriteNumber("max_per_client", _options.Server.MaxTransfersPerClient);
        if (_lastRefusal is { } r) w.WriteString("last_refusal", r);
    }

    private void WriteStats(Utf8JsonWriter w)
    {
        var c = Server.Stats;
        w.WriteNumber("requests", c.Requests);
        w.WriteNumber("refused", c.Refused);
        w.WriteNumber("write_requests", c.WriteRequests);
        w.WriteNumber("malformed", c.Malformed);
        w.WriteNumber("busy", c.Busy);
        w.WriteNumber("duplicate_requests", c.DuplicateRequests);
        w.WriteNumber("started", c.Started);
        w.WriteNumber("completed", c.Completed);
        w.WriteNumber("size_probes", c.SizeProbes);
        w.WriteNumber("failed", c.Failed);
        w.WriteNumber("bytes_sent", c.BytesSent);
        w.WriteNumber("retransmitted_blocks", c.RetransmittedBlocks);
    }

    private void TransfersVerb(ControlRequest request, Utf8JsonWriter w)
    {
        w.WriteStartArray("transfers");
        foreach (var t in Server.Transfers())
        {
            w.WriteStartObject();
            w.WriteNumber("id", t.Id);
            w.WriteString("client", t.Client.ToString());
            if (t.Node is { } node) w.WriteString("node", node);
            w.WriteString("file", t.Path);
            w.WriteString("mode", t.Mode == Appliance.Tftp.TftpMode.Octet ? "octet" : "netascii");
            if (t.Size is { } size) w.WriteNumber("size", size);
            w.WriteNumber("bytes_acknowledged", t.BytesAcknowledged);
            w.WriteNumber("blksize", t.Negotiation.BlockSize);
            w.WriteNumber("windowsize", t.Negotiation.WindowSize);
            w.WriteNumber("retransmits", t.Retransmits);
            w.WriteString("started", t.Started);
            w.WriteNumber("elapsed_ms", Math.Round((DateTimeOffset.UtcNow - t.Started).TotalMilliseconds));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private void ReindexVerb(ControlRequest request, Utf8JsonWriter w)
    {
        var resolver = Server.Resolver;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        resolver.Rebuild();
        w.WriteNumber("files", resolver.FileCount);
        w.WriteNumber("directories", resolver.DirectoryCount);
        w.WriteNumber("index_generation", resolver.Generation);
        w.WriteNumber("ms", Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
    }
}
