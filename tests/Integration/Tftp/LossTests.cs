using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>
/// tftpd in one network namespace, the clients in another, joined by a veth pair with netem on both ends: 10% loss,
/// 5% reordering, 2% duplication, 1 ms delay each way. Every download completes byte-identical.
/// </summary>
public sealed class LossTests : IDisposable
{
    private readonly NetNs _server = new("ts");
    private readonly NetNs _client = new("tc");
    private readonly string _veth;

    public LossTests()
    {
        _veth = "vt" + _server.Name[^6..];
        NetNs.Ip($"link add {_veth}a netns {_server.Name} type veth peer name {_veth}b netns {_client.Name}");
        Setup(_server, $"{_veth}a", "10.231.0.1/24");
        Setup(_client, $"{_veth}b", "10.231.0.2/24");
    }

    private static void Setup(NetNs ns, string dev, string address)
    {
        ns.Exec($"ip addr add {address} dev {dev} && ip link set {dev} up").EnsureSuccess();
        ns.Exec($"tc qdisc add dev {dev} root netem loss 10% reorder 5% duplicate 2% delay 1ms").EnsureSuccess();
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void All_clients_complete_byte_identical_under_loss_reordering_and_duplication()
    {
        Assert.True(Tools.IsRoot, "network namespaces need root (CI runs as root)");
        using var d = new TftpdProcess(ns: _server, bind: "10.231.0.1");
        TftpClients.WriteRandom(Path.Combine(d.Root, "small.bin"), 300_000, 11);
        TftpClients.WriteRandom(Path.Combine(d.Root, "Boot/boot.sdi"), 3_000_000, 12);
        using (var r = d.Control("reindex")) Assert.True(r.Ok, r.Error);
        var outDir = Directory.CreateTempSubdirectory("tftp-loss-").FullName;
        try
        {
            var runs = new List<(string File, string Local, Func<RunResult> Fetch)>
            {
                ("small.bin", Path.Combine(outDir, "hpa"), () => TftpClients.GetWithTftpHpa("10.231.0.1", d.Port, "\\SMALL.BIN", Path.Combine(outDir, "hpa"), _client)),
                ("Boot/boot.sdi", Path.Combine(outDir, "atftp"), () => TftpClients.GetWithAtftp("10.231.0.1", d.Port, "boot/boot.sdi", Path.Combine(outDir, "atftp"), 1428, 8, _client)),
                ("Boot/boot.sdi", Path.Combine(outDir, "atftp1"), () => TftpClients.GetWithAtftp("10.231.0.1", d.Port, "Boot/Boot.sdi", Path.Combine(outDir, "atftp1"), 1428, null, _client)),
                ("Boot/boot.sdi", Path.Combine(outDir, "curl"), () => TftpClients.GetWithCurl("10.231.0.1", d.Port, "Boot/boot.sdi", Path.Combine(outDir, "curl"), 1428, ns: _client)),
            };
            // The four downloads run at once, as nodes booting together would.
            var results = runs.AsParallel().WithDegreeOfParallelism(runs.Count).Select(r => (r, Run: r.Fetch())).ToList();
            foreach (var (r, run) in results)
            {
                run.EnsureSuccess();
                Assert.True(File.Exists(r.Local), $"{run.Command}: no file\n{run.Stderr}\n{d.Output}");
                Assert.Equal(TftpClients.Sha256(Path.Combine(d.Root, r.File)), TftpClients.Sha256(r.Local));
            }
            using var stats = d.Control("stats");
            Assert.True(stats.GetInt64("completed") >= 4, $"completed {stats.GetInt64("completed")}");
            Assert.True(stats.GetInt64("retransmitted_blocks") > 0, "netem dropped nothing? the test would prove nothing");
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }
}
