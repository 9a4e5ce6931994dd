using Appliance.Core.Tables;
using System.Net;
using System.Text.Json;
using Appliance.Core.Control;
using Appliance.Dhcp.Pxe;

namespace Appliance.Hosts.proxydhcpd;

/// <summary>The control verbs: status and stats fields, `reload`, `lookup`.</summary>
internal sealed partial class ProxyDhcpDaemon
{
    private void RegisterVerbs()
    {
        _control.Status = WriteStatus;
        _control.Stats = WriteStats;
        _control.Register("reload", "Re-read nodes, osimages and records; answers the new generation or why the files were refused.", ReloadVerb, mutating: true);
        _control.Register("lookup", "lookup <node|mac|ip>: what a PXE request from this client would get.", LookupVerb);
    }

    private void WriteStatus(Utf8JsonWriter w)
    {
        var index = _server.Index;
        w.WriteNumber("generation", index.Generation);
        w.WriteNumber("records", index.RecordCount);
        w.WriteNumber("nodes", index.NodeCount);
        w.WriteNumber("macs", index.MacCount);
        w.WriteNumber("answers", _server.Counters.TotalAnswered);
        w.WriteNumber("warnings", index.Warnings.Count);
        w.WriteNumber("last_reload_ms", _lastReloadMilliseconds);
        if (_lastRefusal is { } refusal) w.WriteString("last_refusal", refusal);
        if (_server.ProxyPort is { } p) w.WriteNumber("proxy_port", p);
        else w.WriteNull("proxy_port");
        w.WriteNumber("boot_port", _server.BootServerPort);
        if (index.Default is { Boot: { } d }) w.WriteString("default_winpe", d.Path);
        w.WriteString("records_file", _options.Paths.RecordFile);
        w.WriteString("nodes_file", _options.Paths.NodesFile);
    }

    private void WriteStats(Utf8JsonWriter w)
    {
        var c = _server.Counters;
        w.WriteNumber("received_proxy", c.Received(DhcpService.ProxyDhcp));
        w.WriteNumber("received_boot", c.Received(DhcpService.BootServer));
        w.WriteNumber("offers", c.Answered(DhcpService.ProxyDhcp));
        w.WriteNumber("acks", c.Answered(DhcpService.BootServer));
        w.WriteStartObject("ignored");
        foreach (var reason in Enum.GetValues<NoAnswerReason>())
        {
            if (reason != NoAnswerReason.None) w.WriteNumber(reason.ToString(), c.Ignored(reason));
        }
        w.WriteEndObject();
        w.WriteNumber("send_errors", c.SendErrors);
        w.WriteNumber("receive_errors", c.ReceiveErrors);
        w.WriteNumber("faults", c.Faults);
        w.WriteNumber("events_dropped", _server.Answers.Dropped);
        w.WriteNumber("repeats_folded", c.RepeatsFolded);
    }

    private void ReloadVerb(ControlRequest request, Utf8JsonWriter w)
    {
        var outcome = Host?.Reload() ?? Reload();
        if (!outcome.Applied) throw new ControlException(outcome.Message);
        var index = _server.Index;
        w.WriteNumber("generation", index.Generation);
        w.WriteNumber("records", index.RecordCount);
        w.WriteNumber("nodes", index.NodeCount);
        w.WriteNumber("reload_ms", _lastReloadMilliseconds);
        w.WriteNumber("reload_cpu_ms", _lastReloadCpuMilliseconds);
        w.WriteNumber("tables_ms", _lastStages.Tables.TotalMilliseconds);
        w.WriteBoolean("tables_reused", _lastStages.TablesReused);
        w.WriteNumber("records_ms", _lastStages.Records.TotalMilliseconds);
        w.WriteNumber("index_ms", _lastStages.Index.TotalMilliseconds);
        w.WriteStartArray("warnings");
        foreach (var warning in index.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
        w.WriteString("message", outcome.Message);
    }

    private void LookupVerb(ControlRequest request, Utf8JsonWriter w)
    {
        var key = request.Arguments.Trim();
        if (key.Length == 0) throw new ControlException("lookup: expected a node name, MAC address or IPv4 address");
        var index = _server.Index;
        BootEntry? entry = null;
        if (MacAddress.TryParse(key, out var mac)) index.TryGetByMac(mac.Value, out entry);
        else if (IPAddress.TryParse(key, out var ip)) index.TryGetByIp(BootIndexLoader.ToUInt32(ip), out entry);
        else index.TryGetByName(key, out entry);
        w.WriteNumber("generation", index.Generation);
        if (entry is null)
        {
            w.WriteBoolean("known", false);
            w.WriteBoolean("answered", index.Default is not null);
            w.WriteString("reason", index.Default is not null ? "unknown client: default WinPE" : "unknown client: not answered");
            if (index.Default?.Boot is { } d) WriteBoot(w, d);
            return;
        }
        w.WriteBoolean("known", true);
        w.WriteString("node", entry.Node);
        w.WriteString("mac", new MacAddress(entry.Mac).ToString());
        if (entry.Ip != 0) w.WriteString("ip", Appliance.Dhcp.Server.PacketSocket.FormatAddress(entry.Ip));
        if (entry.ArchitectureOverride is { } a) w.WriteNumber("arch_override", a);
        var boot = entry.Boot ?? index.Default?.Boot;
        w.WriteBoolean("answered", boot is not null);
        w.WriteString("reason", entry.Boot is not null ? "record" : boot is not null ? "no record: default WinPE" : "no record: next boot is local, not answered");
        if (boot is not null) WriteBoot(w, boot);
    }

    private static void WriteBoot(Utf8JsonWriter w, WinPeBoot boot)
    {
        w.WriteString("winpe", boot.Path);
        w.WriteStartObject("files");
        foreach (var arch in new ushort[] { 0, 6, 7, 9, 10, 11, 16 })
        {
            if (boot.TryGetFile(arch, out var file, out _)) w.WriteString(arch.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.ASCII.GetString(file));
        }
        w.WriteEndObject();
        w.WriteStartObject("bcd");
        foreach (var arch in new ushort[] { 0, 6, 7, 9, 10, 11, 16 })
        {
            if (boot.TryGetFile(arch, out _, out _, out _, out var bcd)) w.WriteString(arch.ToString(System.Globalization.CultureInfo.InvariantCulture), bcd);
        }
        w.WriteEndObject();
    }
}
