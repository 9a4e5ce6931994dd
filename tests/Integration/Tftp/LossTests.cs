using System.Net;

namespace Appliance.Integration.Tftp;

/// <summary>
/// Clients fetch through a bad network (<see cref="ImpairedRelay"/>: 10% loss, 5% reordering, 2% duplication in each
/// direction, seeded): every download completes byte-identical, four at once, with lock-step and windowed clients.
/// </summary>
public sealed class LossTests
{
    [Fact]
    public void All_clients_complete_byte_identical_under_loss_reordering_and_duplication()
    {
        using var d = new TftpdProcess();
        TftpClients.WriteRandom(Path.Combine(d.Root, "small.bin"), 200_000, 11);
        TftpClients.WriteRandom(Path.Combine(d.Root, "Boot/boot.sdi"), 400_000, 12);
        using (var r = d.Control("reindex")) Assert.True(r.Ok, r.Error);
        using var relay = new ImpairedRelay(new IPEndPoint(IPAddress.Loopback, d.Port), seed: 7, loss: 0.10, duplicate: 0.02, reorder: 0.05);
        var outDir = Directory.CreateTempSubdirectory("tftp-loss-").FullName;
        try
        {
            var p = relay.Port;
            var runs = new List<(string File, string Local, Func<Support.RunResult> Fetch)>
            {
                ("small.bin", Path.Combine(outDir, "hpa"), () => TftpClients.GetWithTftpHpa("127.0.0.1", p, "\\SMALL.BIN", Path.Combine(outDir, "hpa"))),
                ("Boot/boot.sdi", Path.Combine(outDir, "hpa2"), () => TftpClients.GetWithTftpHpa("127.0.0.1", p, "\\Boot\\BOOT.SDI", Path.Combine(outDir, "hpa2"))),
                ("small.bin", Path.Combine(outDir, "curl"), () => TftpClients.GetWithCurl("127.0.0.1", p, "small.bin", Path.Combine(outDir, "curl"), noOptions: true)),
                ("Boot/boot.sdi", Path.Combine(outDir, "curl2"), () => TftpClients.GetWithCurl("127.0.0.1", p, "Boot/boot.sdi", Path.Combine(outDir, "curl2"), 1428)),
            };
            // atftp's windowed receiver through this relay has its own test (AtftpWindowTests); the acceptance loss test
            // with the kernel's tc netem is NetemRouterTests. This one stays as the fast, seeded check.
            // The four downloads run at once, as nodes booting together would. curl runs without options: curl 7.88
            // answers a duplicated OACK (arriving after its ACK 0) with error 0 and gives up, whatever the server.
            var results = runs.AsParallel().WithDegreeOfParallelism(runs.Count).Select(r => (r, Run: r.Fetch())).ToList();
            var failures = results
                .Where(x => x.Run.ExitCode != 0 || !File.Exists(x.r.Local) || TftpClients.Sha256(Path.Combine(d.Root, x.r.File)) != TftpClients.Sha256(x.r.Local))
                .Select(x => $"{x.Run.Command} exited {x.Run.ExitCode}\n{string.Join('\n', x.Run.Stderr.Split('\n').Where(l => !l.StartsWith("got wrong block", StringComparison.Ordinal)).Take(20))}")
                .ToList();
            Assert.True(failures.Count == 0, string.Join("\n---\n", failures) + "\n" + d.Output);
            Assert.True(relay.Dropped > 50 && relay.Duplicated > 5 && relay.Reordered > 20,
                $"the relay impaired too little to prove anything: {relay.Dropped} dropped, {relay.Duplicated} duplicated, {relay.Reordered} reordered of {relay.Relayed}");
            using var stats = d.Control("stats");
            // Not "completed == 4": when the client's last ACK is the packet lost, the client is done but the server cannot
            // know (RFC 1350 §6), so the server side may count that one as failed. The clients' hashes above are the proof.
            Assert.True(stats.GetInt64("started") >= 4, $"started {stats.GetInt64("started")}");
            Assert.True(stats.GetInt64("retransmitted_blocks") > 0);
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }
}
