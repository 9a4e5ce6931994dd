using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Integration.Support;

namespace Appliance.Integration.Dhcp;

/// <summary>
/// proxydhcpd on its default ports in a namespace, scapy as the PXE client in another, across a veth pair: every
/// variant that must be answered is checked field by field as scapy decodes it, and every one that must not is
/// checked to get nothing.
/// </summary>
public class ScapyClientTests
{
    private const string Nodes =
        "bios1 mac=52:54:00:5c:00:01\nia32 mac=52:54:00:5c:00:02\nx64 mac=52:54:00:5c:00:03 ip=10.250.0.2\n" +
        "arm64 mac=52:54:00:5c:00:04\nlocal mac=52:54:00:5c:00:05\n";

    private static JsonObject Case(string name, int port, int type, string mac, int? arch, bool guid = false,
        string? vendor = null, bool ciaddr = false, int sport = 68) => new()
    {
        ["name"] = name, ["port"] = port, ["type"] = type, ["mac"] = mac, ["arch"] = arch, ["guid"] = guid,
        ["vendor"] = vendor, ["ciaddr"] = ciaddr, ["sport"] = sport,
    };

    [Fact]
    public void Scapy_pxe_clients_get_the_right_answer_or_none()
    {
        var python = Tools.DebianPython;
        Tools.Peer("tcpdump", "tcpdump"); // scapy's sniffer filter compiles through libpcap/tcpdump
        using var net = new VethPair("sc");
        using var daemon = new ProxyDhcpProcess(Nodes,
            [new("bios1", "winboot/winpe10/"), new("ia32", "winboot/winpe10/"), new("x64", "winboot/winpe11/"), new("arm64", "winboot/arm/")],
            ["--log-level", "debug"], net.Server);

        JsonArray cases =
        [
            Case("bios-discover", 67, 1, "52:54:00:5c:00:01", 0),
            Case("ia32-discover", 67, 1, "52:54:00:5c:00:02", 6, guid: true),
            Case("x64-discover", 67, 1, "52:54:00:5c:00:03", 7, guid: true),
            Case("arm64-discover", 67, 1, "52:54:00:5c:00:04", 11),
            Case("x64-request-4011-edk2", 4011, 3, "52:54:00:5c:00:03", 7, guid: true, ciaddr: true, sport: 4011),
            Case("bios-request-4011-ipxe", 4011, 3, "52:54:00:5c:00:01", 0, ciaddr: true, sport: 68),
            Case("x64-inform-4011", 4011, 8, "52:54:00:5c:00:03", 7, ciaddr: true, sport: 68),
            Case("unknown-mac", 67, 1, "52:54:00:5c:00:99", 7, guid: true),
            Case("node-without-record", 67, 1, "52:54:00:5c:00:05", 7),
            Case("non-pxe-dhcp", 67, 1, "52:54:00:5c:00:01", null, vendor: "MSFT 5.0"),
            Case("no-vendor-class", 67, 1, "52:54:00:5c:00:01", null, vendor: ""),
            Case("request-on-67", 67, 3, "52:54:00:5c:00:01", 0),
            Case("discover-on-4011", 4011, 1, "52:54:00:5c:00:03", 7, ciaddr: true),
            Case("arm32-unsupported", 67, 1, "52:54:00:5c:00:04", 10),
        ];
        var script = Path.Combine(AppContext.BaseDirectory, "TestData", "dhcp", "pxe_client.py");
        var run = Run.Process("ip", net.Client.Wrap(python, script, net.ClientIf, VethPair.ClientIp, VethPair.ServerIp, net.ServerMac,
            cases.ToJsonString()), TimeSpan.FromSeconds(90));
        Assert.True(run.ExitCode == 0, run.Stderr + "\n" + daemon.Output);
        var results = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(o => o["name"]!.GetValue<string>());
        Assert.Equal(cases.Count, results.Count);

        string Dump(string name) => $"{name}: {results[name].ToJsonString()}\n{daemon.Output}";
        void Offer(string name, string file, bool option43, bool guid, string bcd)
        {
            var r = results[name];
            Assert.True(r["replied"]!.GetValue<bool>(), Dump(name));
            Assert.Equal(1, r["count"]!.GetValue<int>());
            Assert.Equal(2, r["op"]!.GetValue<int>());
            Assert.Equal("255.255.255.255", r["ip_dst"]!.GetValue<string>());
            Assert.Equal("ff:ff:ff:ff:ff:ff", r["eth_dst"]!.GetValue<string>());
            Assert.Equal(VethPair.ServerIp, r["ip_src"]!.GetValue<string>());
            Assert.Equal(67, r["udp_sport"]!.GetValue<int>());
            Assert.Equal(68, r["udp_dport"]!.GetValue<int>());
            Assert.Equal("0.0.0.0", r["yiaddr"]!.GetValue<string>());
            Assert.Equal(VethPair.ServerIp, r["siaddr"]!.GetValue<string>());
            Assert.Equal(0x8000, r["flags"]!.GetValue<int>());
            Assert.Equal(file, r["file"]!.GetValue<string>());
            Assert.True(r["file_nul"]!.GetValue<bool>());
            var o = r["options"]!.AsObject();
            Assert.Equal("2", o["message-type"]!.GetValue<string>());
            Assert.Equal(VethPair.ServerIp, o["server_id"]!.GetValue<string>());
            Assert.Equal(Convert.ToHexString("PXEClient"u8).ToLowerInvariant(), o["vendor_class_id"]!.GetValue<string>());
            Assert.Equal(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(bcd + "\0")).ToLowerInvariant(), o["252"]!.GetValue<string>());
            if (option43) Assert.Equal("060108ff", o["vendor_specific"]!.GetValue<string>());
            else Assert.False(o.ContainsKey("vendor_specific"), Dump(name));
            if (guid) Assert.Equal("00404142434445464748494a4b4c4d4e4f", o["pxe_client_machine_identifier"]!.GetValue<string>());
            else Assert.False(o.ContainsKey("pxe_client_machine_identifier"), Dump(name));
        }
        Offer("bios-discover", "winboot/winpe10/Boot/pxeboot.0", option43: true, guid: false, @"\winboot\winpe10\Boot\BCD");
        Offer("ia32-discover", "winboot/winpe10/Boot/bootmgfw.efi", option43: false, guid: true, @"\winboot\winpe10\Boot\BCD.efi");
        Offer("x64-discover", "winboot/winpe11/Boot/bootmgfw.efi", option43: false, guid: true, @"\winboot\winpe11\Boot\BCD.efi");
        Offer("arm64-discover", "winboot/arm/Boot/bootmgfw.efi", option43: false, guid: false, @"\winboot\arm\Boot\BCD.efi");

        void Ack(string name, string file, int dport)
        {
            var r = results[name];
            Assert.True(r["replied"]!.GetValue<bool>(), Dump(name));
            Assert.Equal(VethPair.ClientIp, r["ip_dst"]!.GetValue<string>());
            Assert.Equal(4011, r["udp_sport"]!.GetValue<int>());
            Assert.Equal(dport, r["udp_dport"]!.GetValue<int>());
            Assert.Equal(VethPair.ClientIp, r["ciaddr"]!.GetValue<string>());
            Assert.Equal("0.0.0.0", r["yiaddr"]!.GetValue<string>());
            Assert.Equal(VethPair.ServerIp, r["siaddr"]!.GetValue<string>());
            Assert.Equal(file, r["file"]!.GetValue<string>());
            var o = r["options"]!.AsObject();
            Assert.Equal("5", o["message-type"]!.GetValue<string>());
            Assert.Equal(VethPair.ServerIp, o["server_id"]!.GetValue<string>());
            Assert.False(o.ContainsKey("vendor_specific"), Dump(name)); // no boot item was asked for
        }
        Ack("x64-request-4011-edk2", "winboot/winpe11/Boot/bootmgfw.efi", 4011);
        Ack("bios-request-4011-ipxe", "winboot/winpe10/Boot/pxeboot.0", 68);
        Ack("x64-inform-4011", "winboot/winpe11/Boot/bootmgfw.efi", 68);

        foreach (var silent in new[] { "unknown-mac", "node-without-record", "non-pxe-dhcp", "no-vendor-class", "request-on-67", "discover-on-4011", "arm32-unsupported" })
            Assert.False(results[silent]["replied"]!.GetValue<bool>(), Dump(silent));

        using var stats = daemon.Control("stats");
        var ignored = stats.Root.GetProperty("ignored");
        Assert.Equal(1, ignored.GetProperty("UnknownClient").GetInt64());
        Assert.Equal(1, ignored.GetProperty("NoRecord").GetInt64());
        Assert.Equal(2, ignored.GetProperty("NotPxeClient").GetInt64());
        Assert.Equal(2, ignored.GetProperty("IgnoredMessageType").GetInt64());
        Assert.Equal(1, ignored.GetProperty("UnsupportedArchitecture").GetInt64());
        Assert.Equal(4, stats.GetInt64("offers"));
        Assert.Equal(3, stats.GetInt64("acks"));
    }
}
