using System.Text;
using Appliance.Core.Records;

namespace Appliance.Integration.Dhcp;

public class ReloadUnderLoadTests
{
    private static readonly byte[] UefiMac = [0x52, 0x54, 0x00, 0xdd, 0x00, 0x02];
    private const string Nodes = "n1 mac=52:54:00:dd:00:01\nn2 mac=52:54:00:dd:00:02 ip=10.2.0.12\n";

    private static NodeRecord[] Records(string winpe) => [new("n1", $"winboot/{winpe}/"), new("n2", $"winboot/{winpe}/")];

    [Fact]
    public async Task Hundred_reloads_while_a_client_sends_lose_no_request_and_never_mix_generations()
    {
        using var client = new LoopbackClient();
        using var daemon = new ProxyDhcpProcess(Nodes, Records("a"),
            ["--bind", "127.0.0.1", "--port", "0", "--boot-port", "0", "--broadcast", "127.0.0.1", "--client-port", client.Port.ToString()]);
        var replies = new List<(string File, string Bcd)>();
        var missed = new List<uint>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var load = Task.Run(() =>
        {
            uint xid = 0x5000_0000;
            while (!stop.IsCancellationRequested)
            {
                xid++;
                client.Send(DhcpWire.Request(3, UefiMac, 7, xid), daemon.BootPort);
                var reply = client.Receive(xid, TimeSpan.FromSeconds(1));
                if (reply is null) { missed.Add(xid); continue; }
                replies.Add((DhcpWire.File(reply), Encoding.ASCII.GetString(DhcpWire.Options(reply)[252])));
            }
        });

        var generations = new List<long>();
        string? refusal = null;
        for (var i = 1; i <= 100; i++)
        {
            if (i == 50)
            {
                // A corrupt file mid-run (not a multiple of 200 bytes): refused, reported, old snapshot kept.
                var tmp = daemon.RecordFilePath + ".corrupt";
                File.WriteAllBytes(tmp, new byte[199]);
                File.Move(tmp, daemon.RecordFilePath, overwrite: true);
                using var bad = daemon.Control("reload");
                Assert.False(bad.Ok);
                refusal = bad.Error;
            }
            daemon.WriteRecords(Records(i % 2 == 0 ? "a" : "b"));
            using var answer = daemon.Control("reload");
            Assert.True(answer.Ok, answer.Error);
            generations.Add(answer.GetInt64("generation")!.Value);
            Thread.Sleep(10);
        }
        Thread.Sleep(200);
        stop.Cancel();
        await load.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(missed);
        Assert.True(replies.Count > 200, $"only {replies.Count} replies during the reloads");
        foreach (var (file, bcd) in replies)
        {
            var winpe = file.StartsWith("winboot/a/", StringComparison.Ordinal) ? "a" : "b";
            Assert.Equal($"winboot/{winpe}/Boot/bootmgfw.efi", file);
            Assert.Equal($"\\winboot\\{winpe}\\Boot\\BCD.efi\0", bcd);
        }
        Assert.Contains(replies, r => r.File.StartsWith("winboot/a/", StringComparison.Ordinal));
        Assert.Contains(replies, r => r.File.StartsWith("winboot/b/", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(2, 100).Select(g => (long)g), generations); // the refused reload used no generation
        Assert.NotNull(refusal);
        Assert.Contains("199", refusal);
        Assert.Contains("keeping generation 50", refusal);
        using var status = daemon.Control("status");
        Assert.Equal(101, status.GetInt64("generation"));
    }
}
