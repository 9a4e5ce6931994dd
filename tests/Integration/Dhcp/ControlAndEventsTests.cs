using System.Text.Json;
using Appliance.Core.Control;

namespace Appliance.Integration.Dhcp;

public class ControlAndEventsTests
{
    private static readonly byte[] BiosMac = [0x52, 0x54, 0x00, 0xee, 0x00, 0x01];
    private const string Nodes = "n1 mac=52:54:00:ee:00:01 ip=10.3.0.11\nlocal1 mac=52:54:00:ee:00:09 ip=10.3.0.19 arch=x64\n";

    [Fact]
    public async Task Offers_are_published_as_events_and_lookup_explains_each_client()
    {
        using var client = new LoopbackClient();
        using var daemon = new ProxyDhcpProcess(Nodes, [new("n1", "winboot/winpe10/")],
            ["--bind", "127.0.0.1", "--port", "0", "--boot-port", "0", "--broadcast", "127.0.0.1", "--client-port", client.Port.ToString()]);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<JsonDocument>();
        var subscribed = Task.Run(async () =>
        {
            await foreach (var e in ControlClient.EventsAsync(daemon.SocketPath, "proxydhcpd", cts.Token))
            {
                events.Add(e);
                if (e.RootElement.GetProperty("event").GetString() == "offer") return;
            }
        }, cts.Token);
        byte[]? reply = null;
        for (var attempt = 0; attempt < 20 && !subscribed.IsCompleted; attempt++)
        {
            client.Send(DhcpWire.Request(1, BiosMac, 0, 0x77000000u + (uint)attempt), daemon.ProxyPort);
            reply ??= client.Receive(0x77000000u + (uint)attempt, TimeSpan.FromSeconds(1));
            await Task.WhenAny(subscribed, Task.Delay(200));
        }
        await subscribed;
        Assert.NotNull(reply);
        var offer = events.Last().RootElement;
        Assert.Equal("n1", offer.GetProperty("node").GetString());
        Assert.Equal("52:54:00:ee:00:01", offer.GetProperty("mac").GetString());
        Assert.Equal(0, offer.GetProperty("arch").GetInt32());
        Assert.Equal("Boot/pxeboot.0", offer.GetProperty("loader").GetString());
        Assert.Equal("winboot/winpe10/Boot/pxeboot.0", offer.GetProperty("file").GetString());
        Assert.Equal("\\winboot\\winpe10\\Boot\\BCD", offer.GetProperty("bcd").GetString());

        using (var byName = daemon.Control("lookup n1"))
        {
            Assert.True(byName.Root.GetProperty("answered").GetBoolean());
            Assert.Equal("winboot/winpe10/Boot/bootmgfw.efi", byName.Root.GetProperty("files").GetProperty("7").GetString());
        }
        using (var byMac = daemon.Control("lookup 52:54:00:ee:00:09"))
        {
            Assert.Equal("local1", byMac.GetString("node"));
            Assert.False(byMac.Root.GetProperty("answered").GetBoolean());
            Assert.Contains("next boot is local", byMac.GetString("reason"));
            Assert.Equal(7, byMac.GetInt64("arch_override"));
        }
        using (var byIp = daemon.Control("lookup 10.3.0.11")) Assert.Equal("n1", byIp.GetString("node"));
        using (var unknown = daemon.Control("lookup 52:54:00:00:00:00")) Assert.False(unknown.Root.GetProperty("known").GetBoolean());
        using (var stats = daemon.Control("stats")) Assert.True(stats.GetInt64("offers") >= 1);
        using (var status = daemon.Control("status"))
        {
            Assert.Equal(1, status.GetInt64("records"));
            Assert.Equal(2, status.GetInt64("nodes"));
        }
    }

    [Fact]
    public void A_bad_node_table_at_reload_is_refused_with_file_and_line_and_the_old_index_stays()
    {
        using var client = new LoopbackClient();
        using var daemon = new ProxyDhcpProcess(Nodes, [new("n1", "winboot/winpe10/")],
            ["--bind", "127.0.0.1", "--port", "0", "--boot-port", "0", "--broadcast", "127.0.0.1", "--client-port", client.Port.ToString()]);
        File.WriteAllText(daemon.NodesFile, Nodes + "n3 mac=zz:54:00:ee:00:03\n");
        using (var reload = daemon.Control("reload"))
        {
            Assert.False(reload.Ok);
            Assert.Contains("nodes:3", reload.Error);
            Assert.Contains("keeping generation 1", reload.Error);
        }
        client.Send(DhcpWire.Request(1, BiosMac, 0, 0x12121212), daemon.ProxyPort);
        Assert.NotNull(client.Receive(0x12121212, TimeSpan.FromSeconds(2)));
        using var status = daemon.Control("status");
        Assert.Contains("nodes:3", status.GetString("last_refusal"));
    }
}
