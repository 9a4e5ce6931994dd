using Appliance.Core.Records;

namespace Appliance.Integration.Dhcp;

/// <summary>The real daemon on loopback: hostile bursts, reloads under load, control verbs and events.</summary>
public class DaemonRobustnessTests
{
    private static readonly byte[] BiosMac = [0x52, 0x54, 0x00, 0xcc, 0x00, 0x01];
    private static readonly byte[] UefiMac = [0x52, 0x54, 0x00, 0xcc, 0x00, 0x02];
    private const string Nodes = "n1 mac=52:54:00:cc:00:01 ip=10.1.0.11\nn2 mac=52:54:00:cc:00:02 ip=10.1.0.12\n";

    private static ProxyDhcpProcess Start(LoopbackClient client, IReadOnlyList<NodeRecord>? records = null) =>
        new(Nodes, records ?? [new("n1", "winboot/a/"), new("n2", "winboot/a/")],
            ["--bind", "127.0.0.1", "--port", "0", "--boot-port", "0", "--broadcast", "127.0.0.1", "--client-port", client.Port.ToString()]);

    [Fact]
    public void A_burst_of_hostile_packets_is_survived_and_a_valid_request_is_answered_afterwards()
    {
        using var client = new LoopbackClient();
        using var daemon = Start(client);
        var random = new Random(4011);
        var seeds = new[] { DhcpWire.Request(1, BiosMac, 0, 1), DhcpWire.Request(3, UefiMac, 7, 2), DhcpWire.Request(1, UefiMac, 11, 3) };
        const int burst = 100_000;
        for (var i = 0; i < burst; i++)
        {
            var s = (byte[])seeds[i % seeds.Length].Clone();
            byte[] packet = (i % 6) switch
            {
                0 => RandomBytes(random),
                1 => s[..random.Next(s.Length)],
                2 => Set(s, 240 + 3 + random.Next(0, 6), (byte)random.Next(200, 256)),           // overlong length
                3 => [.. s[..Array.IndexOf(s, (byte)255, 240)]],                                 // no End
                4 => Overload(s, random),
                _ => Garbage(s, random),
            };
            daemon_Send(client, packet, i % 2 == 0 ? daemon.ProxyPort : daemon.BootPort);
            if (i % 2000 == 0) client.Drain();
        }
        client.Drain();
        Assert.False(daemon.HasExited, daemon.Output);
        var valid = DhcpWire.Request(1, UefiMac, 7, 0xABCDEF01);
        byte[]? reply = null;
        for (var attempt = 0; attempt < 5 && reply is null; attempt++)
        {
            client.Send(valid, daemon.ProxyPort);
            reply = client.Receive(0xABCDEF01, TimeSpan.FromSeconds(1));
        }
        Assert.NotNull(reply);
        Assert.Equal("winboot/a/Boot/bootmgfw.efi", DhcpWire.File(reply));
        using var stats = daemon.Control("stats");
        Assert.Equal(0, stats.GetInt64("faults"));
        Assert.True(stats.Root.GetProperty("ignored").GetProperty("Malformed").GetInt64() > 10_000, stats.Root.ToString());
    }

    private static void daemon_Send(LoopbackClient client, byte[] packet, ushort port) => client.Send(packet, port);

    private static byte[] RandomBytes(Random r)
    {
        var b = new byte[r.Next(0, 600)];
        r.NextBytes(b);
        if (b.Length > 240) { b[236] = 99; b[237] = 130; b[238] = 83; b[239] = 99; }
        return b;
    }

    private static byte[] Set(byte[] b, int i, byte v)
    {
        if (i < b.Length) b[i] = v;
        return b;
    }

    private static byte[] Overload(byte[] s, Random r)
    {
        var end = Array.IndexOf(s, (byte)255, 240);
        var b = s[..end].Concat(new byte[] { 52, 1, (byte)r.Next(0, 5), 255 }).ToArray();
        for (var i = 44; i + 3 <= 236; i += 3) { b[i] = 52; b[i + 1] = 1; b[i + 2] = 3; }
        return b;
    }

    private static byte[] Garbage(byte[] s, Random r)
    {
        r.NextBytes(s.AsSpan(44, 192)); // sname and file
        return s;
    }
}
