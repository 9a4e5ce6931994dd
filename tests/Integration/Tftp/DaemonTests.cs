using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Appliance.Core.Control;
using Appliance.Integration.Support;
using Appliance.Tftp;

namespace Appliance.Integration.Tftp;

/// <summary>The daemon around the engine: events tagged with node names, the transfers and reindex verbs, SIGHUP, SIGTERM.</summary>
public class DaemonTests
{
    private const string Nodes = "n001 mac=52:54:00:aa:00:01 ip=127.0.0.1\nn002 mac=52:54:00:aa:00:02 ip=10.9.9.9\n";

    private static List<JsonElement> Recent(TftpdProcess d)
    {
        using var reply = d.Control("recent");
        Assert.True(reply.Ok, reply.Error);
        return reply.Root.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static List<JsonElement> WaitForEvents(TftpdProcess d, string type, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var list = Recent(d).Where(e => e.GetProperty("event").GetString() == type).ToList();
            if (list.Count >= count || DateTime.UtcNow > deadline) return list;
            Thread.Sleep(50);
        }
    }

    /// <summary>Sends an RRQ from a raw socket and returns it (connected to the transfer's port) after the first packet.</summary>
    private static Socket StartStalledTransfer(int port, string file, params (string, string)[] options)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        var rrq = new byte[512];
        s.SendTo(rrq.AsSpan(0, TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, file, "octet", options)), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        s.ReceiveFrom(new byte[70000], ref from);
        s.Connect(from);
        return s;
    }

    [Fact]
    public void Transfer_events_carry_node_bytes_duration_and_rate_and_failures_carry_a_reason()
    {
        using var d = new TftpdProcess(nodes: Nodes, arguments: ["--retries", "1"]);
        TftpClients.WriteRandom(Path.Combine(d.Root, "Boot/BCD"), 20_000, 1);
        TftpClients.WriteRandom(Path.Combine(d.Root, "boot.wim"), 2_000_000, 2);
        var local = Path.Combine(d.Prefix, "bcd");
        TftpClients.GetWithCurl("127.0.0.1", d.Port, "boot/bcd", local, 1468).EnsureSuccess();

        var started = Assert.Single(WaitForEvents(d, "transfer-start", 1));
        Assert.Equal("n001", started.GetProperty("node").GetString());
        Assert.Equal("Boot/BCD", started.GetProperty("file").GetString());
        var done = Assert.Single(WaitForEvents(d, "transfer-done", 1));
        Assert.Equal("n001", done.GetProperty("node").GetString());
        Assert.Equal(20_000, done.GetProperty("bytes").GetInt64());
        Assert.True(done.GetProperty("duration_ms").GetDouble() >= 0);
        Assert.True(done.GetProperty("rate_bytes_per_s").GetDouble() > 0);

        // A client that takes one block and vanishes: the transfer fails with a reason and is freed.
        using (StartStalledTransfer(d.Port, "boot.wim")) { }
        var failed = Assert.Single(WaitForEvents(d, "transfer-failed", 1));
        Assert.Equal("n001", failed.GetProperty("node").GetString());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("reason").GetString()));
        using var transfers = d.Control("transfers");
        Assert.Equal(0, transfers.Root.GetProperty("transfers").GetArrayLength());
    }

    [Fact]
    public void Edk2_size_probe_is_an_event_of_its_own_and_not_a_failure()
    {
        using var d = new TftpdProcess(nodes: Nodes);
        TftpClients.WriteRandom(Path.Combine(d.Root, "bootmgfw.efi"), 1_500_000, 3);
        using (var s = StartStalledTransfer(d.Port, "bootmgfw.efi", ("tsize", "0"), ("blksize", "1468")))
        {
            var err = new byte[64];
            s.Send(err.AsSpan(0, TftpPacket.WriteError(err, TftpErrorCode.OptionNegotiationFailed, "User aborted the transfer")));
        }
        var probe = Assert.Single(WaitForEvents(d, "transfer-probe", 1));
        Assert.Equal("n001", probe.GetProperty("node").GetString());
        Assert.DoesNotContain(Recent(d), e => e.GetProperty("event").GetString() == "transfer-failed");
        Assert.DoesNotContain("failed #", d.Output, StringComparison.Ordinal);
        using var stats = d.Control("stats");
        Assert.Equal(1, stats.GetInt64("size_probes"));
        Assert.Equal(0, stats.GetInt64("failed"));
    }

    [Fact]
    public async Task Events_stream_live_and_transfers_lists_a_running_transfer()
    {
        using var d = new TftpdProcess(nodes: Nodes);
        TftpClients.WriteRandom(Path.Combine(d.Root, "boot.wim"), 1_000_000, 4);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var firstEvent = Task.Run(async () =>
        {
            await foreach (var e in ControlClient.EventsAsync(d.SocketPath, "tftpd", cts.Token))
                using (e)
                    return e.RootElement.GetProperty("event").GetString();
            return null;
        });
        await Task.Delay(200);
        using var s = StartStalledTransfer(d.Port, "BOOT.WIM", ("timeout", "10"), ("blksize", "1400"));
        Assert.Equal("transfer-start", await firstEvent.WaitAsync(TimeSpan.FromSeconds(15)));
        using var reply = d.Control("transfers");
        var t = Assert.Single(reply.Root.GetProperty("transfers").EnumerateArray());
        Assert.Equal("n001", t.GetProperty("node").GetString());
        Assert.Equal("boot.wim", t.GetProperty("file").GetString());
        Assert.Equal(1_000_000, t.GetProperty("size").GetInt64());
        Assert.Equal(1400, t.GetProperty("blksize").GetInt32());
    }

    [Fact]
    public void Sighup_rereads_the_node_table_and_rebuilds_the_index()
    {
        using var d = new TftpdProcess(nodes: "");
        using (var before = d.Control("status")) Assert.Equal(0, before.GetInt64("nodes"));
        var generation = d.Control("status").GetInt64("index_generation");
        File.WriteAllText(d.NodesFile, Nodes);
        File.WriteAllText(Path.Combine(d.Root, "new.txt"), "new");
        d.Signal("HUP");
        Assert.True(d.WaitForOutput("reloaded", TimeSpan.FromSeconds(10)), d.Output);
        using var after = d.Control("status");
        Assert.Equal(2, after.GetInt64("nodes"));
        Assert.True(after.GetInt64("index_generation") > generation);
        Assert.Equal(1, after.GetInt64("files"));
        var local = Path.Combine(d.Prefix, "got");
        TftpClients.GetWithTftpHpa("127.0.0.1", d.Port, "NEW.TXT", local).EnsureSuccess();
        Assert.Equal("n001", WaitForEvents(d, "transfer-done", 1).Single().GetProperty("node").GetString());
    }

    [Fact]
    public void Reindex_verb_sees_new_files_and_answers_the_count()
    {
        using var d = new TftpdProcess();
        File.WriteAllText(Path.Combine(d.Root, "a"), "a");
        Directory.CreateDirectory(Path.Combine(d.Root, "winboot/pe/Boot"));
        File.WriteAllText(Path.Combine(d.Root, "winboot/pe/Boot/BCD"), "b");
        using var reply = d.Control("reindex");
        Assert.True(reply.Ok, reply.Error);
        Assert.Equal(2, reply.GetInt64("files"));
    }

    [Fact]
    public void Sigterm_aborts_a_stalled_transfer_within_the_grace_period_and_exits_cleanly()
    {
        using var d = new TftpdProcess(arguments: ["--shutdown-grace", "1s"]);
        TftpClients.WriteRandom(Path.Combine(d.Root, "boot.wim"), 1_000_000, 5);
        using var s = StartStalledTransfer(d.Port, "boot.wim", ("timeout", "30"));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        d.Signal("TERM");
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(10)), d.Output);
        Assert.Equal(0, d.ExitCode);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(8), $"took {sw.Elapsed}");
        var buffer = new byte[70000];
        for (var i = 0; i < 100; i++)
        {
            var n = s.Receive(buffer);
            if (TftpPacket.TryReadError(buffer.AsSpan(0, n), out _, out var msg))
            {
                Assert.Contains("shutting down", System.Text.Encoding.ASCII.GetString(msg), StringComparison.Ordinal);
                return;
            }
        }
        Assert.Fail("the client was not told");
    }
}
