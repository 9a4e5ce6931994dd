using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>
/// A multi-homed appliance: tftpd listens on the wildcard address in a namespace whose interface has a primary and a
/// secondary address. A client that sends its RRQ to the secondary address must get the DATA from that address: the
/// routing table alone would answer from the primary one, and clients drop packets from an address they did not ask
/// (RFC 1350 §4; tftp-hpa, for one, ignores them). Then real clients fetch through the secondary address.
/// </summary>
public sealed class MultiHomedTests
{
    private const string Probe = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.sendto(b"\x00\x01f.bin\x00octet\x00", (sys.argv[1], int(sys.argv[2])))
        data, src = s.recvfrom(2048)
        print(src[0], data[:4].hex())
        """;

    [Fact]
    public void Transfers_answer_from_the_address_the_request_was_sent_to()
    {
        using var server = new NetNs("tmh");
        using var client = new NetNs("tmc");
        var veth = $"tmh{Environment.ProcessId % 10000}";
        NetNs.Ip($"link add {veth}a netns {server.Name} type veth peer name {veth}b netns {client.Name}");
        server.Exec($"ip addr add 10.231.7.1/24 dev {veth}a && ip addr add 10.231.7.2/24 dev {veth}a && ip link set {veth}a up").EnsureSuccess();
        client.Exec($"ip addr add 10.231.7.9/24 dev {veth}b && ip link set {veth}b up").EnsureSuccess();

        using var d = new TftpdProcess(ns: server, bind: "0.0.0.0");
        TftpClients.WriteRandom(Path.Combine(d.Root, "f.bin"), 300_000, 5);
        using (var r = d.Control("reindex")) Assert.True(r.Ok, r.Error);
        var script = Path.Combine(d.Prefix, "probe.py");
        File.WriteAllText(script, Probe.Replace("\r\n", "\n"));

        foreach (var address in new[] { "10.231.7.1", "10.231.7.2" })
        {
            var probe = client.Exec($"{Tools.DebianPython} {script} {address} {d.Port}", 20).EnsureSuccess();
            // Source address and opcode 3 (DATA) block 1: the transfer itself answered, from the address asked.
            Assert.Equal($"{address} 00030001", probe.Stdout.Trim());
        }

        var local = Path.Combine(d.Prefix, "hpa");
        TftpClients.GetWithTftpHpa("10.231.7.2", d.Port, "f.bin", local, client).EnsureSuccess();
        Assert.Equal(TftpClients.Sha256(Path.Combine(d.Root, "f.bin")), TftpClients.Sha256(local));
        local = Path.Combine(d.Prefix, "atftp");
        TftpClients.GetWithAtftp("10.231.7.2", d.Port, "f.bin", local, 1468, 8, client).EnsureSuccess();
        Assert.Equal(TftpClients.Sha256(Path.Combine(d.Root, "f.bin")), TftpClients.Sha256(local));
    }
}
