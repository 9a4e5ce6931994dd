using System.Diagnostics;
using System.Net;

namespace Appliance.Integration.Tftp;

/// <summary>
/// atftp 0.8's RFC 7440 receiver against the published tftpd through a network that reorders (and, in the second case,
/// loses and duplicates) datagrams. atftp counts its window from its own last ACK and sends one extra ACK at the first
/// out-of-order or duplicate block; the engine used to answer each of those short ACKs by resending the rest of the
/// window, which atftp already had, which brought more extra ACKs: the transfer settled into sending much of every
/// window twice, and every resend doubled a retransmission timeout that never came down again (Karn's rule allowed no
/// sample), so windows took a second each and a 4 MiB transfer ran past 90 s. Now a short ACK rolls back once per
/// round trip (<c>TftpSendWindow</c>), an ACK of new data ends the backoff, and a server that atftp ignores falls
/// silent long enough for atftp to repeat its ACK.
/// </summary>
public sealed class AtftpWindowTests
{
    [Theory]
    [InlineData(64, 0.0, 0.0, 0.05, 21, 2)]   // reordering alone
    [InlineData(16, 0.03, 0.01, 0.03, 22, 2)] // loss, duplication and reordering
    public void Windowed_atftp_completes_promptly_through_reordering(int window, double loss, double duplicate, double reorder, int seed, int mib)
    {
        using var d = new TftpdProcess();
        var size = (long)mib << 20;
        TftpClients.WriteRandom(Path.Combine(d.Root, "boot.wim"), size, seed);
        using (var r = d.Control("reindex")) Assert.True(r.Ok, r.Error);
        using var relay = new ImpairedRelay(new IPEndPoint(IPAddress.Loopback, d.Port), seed, loss, duplicate, reorder);
        var local = Path.Combine(d.Prefix, "download");
        var sw = Stopwatch.StartNew();
        var run = TftpClients.GetWithAtftp("127.0.0.1", relay.Port, "boot.wim", local, 1468, window);
        var seconds = sw.Elapsed.TotalSeconds;
        var wrong = run.Stderr.Split('\n').Count(l => l.StartsWith("got wrong block", StringComparison.Ordinal));
        var context = $"{run.Command} exited {run.ExitCode} after {seconds:0.0} s, {wrong} out-of-order/duplicate blocks at the client; " +
            $"relay: {relay.Dropped} dropped, {relay.Duplicated} duplicated, {relay.Reordered} reordered of {relay.Relayed}\n" +
            string.Join('\n', run.Stderr.Split('\n').Where(l => !l.StartsWith("got wrong block", StringComparison.Ordinal)).Take(20)) + "\n" + d.Output;
        Assert.True(run.ExitCode == 0 && File.Exists(local), context);
        Assert.Equal(TftpClients.Sha256(Path.Combine(d.Root, "boot.wim")), TftpClients.Sha256(local));
        Assert.True(relay.Reordered > 50, $"the relay reordered too little to prove anything: {context}");

        // atftp drops every block after a gap until the missing one comes again (go-back-N), so each impairment can cost
        // it up to a window of out-of-order blocks; more than that means blocks it had were sent again. The old engine
        // stalled here (1 s and more per window: the backoff never ended) and ran past the bound.
        var budget = (relay.Reordered + relay.Duplicated + relay.Dropped) * window;
        Assert.True(wrong <= budget, $"{wrong} duplicate or out-of-order blocks at the client, budget {budget}: {context}");
        Assert.True(seconds < 60, $"took {seconds:0.0} s: {context}");
    }
}
