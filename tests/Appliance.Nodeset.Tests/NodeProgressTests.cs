using System.Text.Json;
using Appliance.Core.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Nodeset.Tests;

public sealed class NodeProgressTests : IDisposable
{
    private readonly ApplianceTree _tree = new("n1 ip=192.0.2.1\nn2\nn3\n");

    public void Dispose() => _tree.Dispose();

    private static JsonElement E(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Folds_answers_and_transfers_per_node()
    {
        var p = new NodeProgress();
        p.Add(E("""{"event":"offer","time":"2026-11-22T01:00:01Z","node":"n1","file":"winboot/a/Boot/pxeboot.0"}"""));
        p.Add(E("""{"event":"transfer-done","time":"2026-11-22T01:00:03Z","node":"n1","file":"winboot/a/Boot/pxeboot.0"}"""));
        p.Add(E("""{"event":"transfer-done","time":"2026-11-22T01:00:04Z","node":"n1","file":"winboot/a/Boot/BCD"}"""));
        p.Add(E("""{"event":"ack","time":"2026-11-22T01:00:05Z","node":"n2","file":"winboot/b/Boot/bootmgfw.efi"}"""));
        p.Add(E("""{"event":"transfer-failed","time":"2026-11-22T01:00:06Z","node":"n2","file":"winboot/b/Boot/bootmgfw.efi","reason":"timeout"}"""));
        p.Add(E("""{"event":"offer","time":"2026-11-22T01:00:07Z","file":"no node"}"""));
        Assert.Equal("offered 01:00:01 (winboot/a/Boot/pxeboot.0), loader fetched 01:00:03, 2 files fetched, last winboot/a/Boot/BCD", p.Describe("n1"));
        Assert.Equal("acked 01:00:05 (winboot/b/Boot/bootmgfw.efi), loader not fetched yet, failed winboot/b/Boot/bootmgfw.efi: timeout at 01:00:06", p.Describe("n2"));
        Assert.Null(p.Describe("n3"));
    }

    [Fact]
    public void A_new_answer_starts_a_new_boot()
    {
        var p = new NodeProgress();
        p.Add(E("""{"event":"offer","time":"2026-11-22T01:00:01Z","node":"n1","file":"winboot/a/Boot/pxeboot.0"}"""));
        p.Add(E("""{"event":"transfer-done","time":"2026-11-22T01:00:02Z","node":"n1","file":"winboot/a/Boot/pxeboot.0"}"""));
        p.Add(E("""{"event":"offer","time":"2026-11-22T01:05:00Z","node":"n1","file":"winboot/c/Boot/pxeboot.0"}"""));
        Assert.Equal("offered 01:05:00 (winboot/c/Boot/pxeboot.0), loader not fetched yet", p.Describe("n1"));
    }

    [Fact]
    public void Histories_merge_in_time_order_so_a_later_answer_is_not_credited_with_earlier_transfers()
    {
        // proxydhcpd's history comes first, tftpd's second: folded one after the other, the 01:05 answer would have
        // claimed the 01:00 transfers of the boot before it.
        JsonElement[] dhcp =
        [
            E("""{"event":"offer","time":"2026-11-22T01:00:01Z","node":"n1","file":"winboot/a/Boot/pxeboot.0"}"""),
            E("""{"event":"offer","time":"2026-11-22T01:05:00Z","node":"n1","file":"winboot/c/Boot/pxeboot.0"}"""),
        ];
        JsonElement[] tftp =
        [
            E("""{"event":"transfer-done","time":"2026-11-22T01:00:02Z","node":"n1","file":"winboot/a/Boot/pxeboot.0"}"""),
            E("""{"event":"transfer-done","time":"2026-11-22T01:05:03.5Z","node":"n1","file":"winboot/c/Boot/pxeboot.0"}"""),
            E("""{"event":"transfer-done","time":"2026-11-22T01:05:03.2Z","node":"n1","file":"winboot/c/Boot/BCD"}"""),
        ];
        var p = NodeProgress.FromHistories([dhcp, tftp]);
        Assert.Equal("offered 01:05:00 (winboot/c/Boot/pxeboot.0), loader fetched 01:05:03, 2 files fetched, last winboot/c/Boot/pxeboot.0", p.Describe("n1"));
    }

    [Fact]
    public void The_same_loader_answered_again_after_its_fetch_keeps_the_progress()
    {
        // iPXE chain-loaded as the loader asks for an address again; the answer names the loader it already fetched.
        var p = new NodeProgress();
        p.Add(E("""{"event":"offer","time":"2026-11-22T01:00:01Z","node":"n1","file":"winboot/b/Boot/bootmgfw.efi"}"""));
        p.Add(E("""{"event":"transfer-done","time":"2026-11-22T01:00:03Z","node":"n1","file":"/winboot/B/boot/bootmgfw.efi"}"""));
        p.Add(E("""{"event":"offer","time":"2026-11-22T01:00:05Z","node":"n1","file":"winboot/b/Boot/bootmgfw.efi"}"""));
        p.Add(E("""{"event":"transfer-done","time":"2026-11-22T01:00:06Z","node":"n1","file":"winboot/b/Boot/BCD"}"""));
        Assert.Equal("offered 01:00:01 (winboot/b/Boot/bootmgfw.efi), loader fetched 01:00:03, offered again 01:00:05, 2 files fetched, last winboot/b/Boot/BCD", p.Describe("n1"));
        // Before the loader was fetched, a repeated answer is a PXE retry: it starts over (and clears an old failure).
        var q = new NodeProgress();
        q.Add(E("""{"event":"offer","time":"2026-11-22T01:00:01Z","node":"n1","file":"winboot/b/Boot/bootmgfw.efi"}"""));
        q.Add(E("""{"event":"transfer-failed","time":"2026-11-22T01:00:02Z","node":"n1","file":"winboot/b/Boot/bootmgfw.efi","reason":"timeout"}"""));
        q.Add(E("""{"event":"ack","time":"2026-11-22T01:00:09Z","node":"n1","file":"winboot/b/Boot/bootmgfw.efi"}"""));
        Assert.Equal("acked 01:00:09 (winboot/b/Boot/bootmgfw.efi), loader not fetched yet", q.Describe("n1"));
    }

    [Fact]
    public async Task Stat_reads_recent_events_from_both_daemons()
    {
        await using var dhcp = new ControlServer("proxydhcpd", _tree.Paths.Socket("proxydhcpd"), NullLogger.Instance);
        await using var tftp = new ControlServer("tftpd", _tree.Paths.Socket("tftpd"), NullLogger.Instance);
        dhcp.Start();
        tftp.Start();
        dhcp.Events.Publish("offer", "n1", w => w.WriteString("file", "winboot/winpe10/Boot/pxeboot.0"));
        tftp.Events.Publish("transfer-done", "n1", w => w.WriteString("file", "winboot/winpe10/Boot/pxeboot.0"));
        var output = new StringWriter();
        new NodesetCommand(_tree.Paths, output, new StringWriter()).Run("n1,n2", "osimage=win2022");
        output.GetStringBuilder().Clear();
        Assert.Equal(0, new NodesetCommand(_tree.Paths, output, new StringWriter()).Run("n1,n3", "stat"));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^n1: winpe winboot/winpe10/; offered \d\d:\d\d:\d\d \(winboot/winpe10/Boot/pxeboot.0\), loader fetched \d\d:\d\d:\d\d, 1 file fetched, last winboot/winpe10/Boot/pxeboot.0$", lines[0]);
        Assert.Equal("n3: boot", lines[1]);
    }
}
