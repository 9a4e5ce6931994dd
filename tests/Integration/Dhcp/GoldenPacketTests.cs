using System.Text;
using Appliance.Core.Tables;
using Appliance.Dhcp.Protocol;
using Appliance.Dhcp.Pxe;
using Appliance.Integration.Support;

namespace Appliance.Integration.Dhcp;

/// <summary>
/// Requests of real firmware captured by TestData/dhcp/recapture.sh (QEMU in network namespaces, tcpdump): our
/// responder's answer is checked field by field, compared with the answer the daemon sent during the capture, and the
/// capture shows the firmware then asked for exactly the file we named (TFTP RRQ). tshark — a decoder nobody here
/// wrote — decodes the firmware's requests and our replies and must agree with us.
/// </summary>
public class GoldenPacketTests
{
    private const uint Server = 0x0A630001; // 10.99.0.1, the proxy's address in the capture
    private const byte RrqOpcode = 1;

    public static TheoryData<string, string, int, string, bool> Captures => new()
    {
        // file, client MAC, option 93 of the firmware, boot file we name, option 43 expected (BIOS only)
        { "seabios-ipxe.pcap", "52:54:00:ab:00:01", 0, "winboot/winpe10/Boot/pxeboot.0", true },
        { "ovmf.pcap", "52:54:00:ab:00:02", 7, "winboot/winpe10/Boot/bootmgfw.efi", false },
        { "ovmf-edk2.pcap", "52:54:00:ab:00:02", 7, "winboot/winpe10/Boot/bootmgfw.efi", false },
    };

    /// <summary>
    /// OVMF's own PXE stack (EDK2 PxeBcDxe) treats our option-43-less offer as ProxyBinl and asks port 4011 from port
    /// 4011 with its new ciaddr: our ACK goes back to that address and port and names the same file and BCD.
    /// </summary>
    [Fact]
    public void Edk2_boot_server_request_on_4011_gets_our_ack_and_the_firmware_fetches_the_file()
    {
        var packets = Pcap.ReadUdp(Golden("ovmf-edk2.pcap"));
        var request = packets.First(p => p.DestinationPort == 4011 && p.Payload[0] == 1);
        var reader = new DhcpPacketReader(request.Payload);
        Assert.Equal(DhcpMessageType.Request, reader.MessageType);
        Assert.Equal(4011, request.SourcePort);
        Assert.NotEqual(0u, reader.Ciaddr);

        var buffer = new byte[576];
        Assert.Equal(NoAnswerReason.None, ProxyDhcpResponder.Respond(request.Payload, DhcpService.BootServer, Server,
            Index("52:54:00:ab:00:02"), buffer, out var result));
        Assert.Equal(ReplyDestination.RequestSource, result.Destination);
        var ack = new DhcpPacketReader(buffer.AsSpan(0, result.Length));
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(reader.Ciaddr, ack.Ciaddr);
        Assert.Equal(Server, ack.Siaddr);
        Assert.Equal("winboot/winpe10/Boot/bootmgfw.efi", Encoding.ASCII.GetString(ack.File).TrimEnd('\0'));
        Assert.True(ack.TryGetOption(DhcpOptionCode.BcdPath, out var bcd) && bcd.SequenceEqual("\\winboot\\winpe10\\Boot\\BCD.efi\0"u8));
        Assert.False(ack.TryGetOption(DhcpOptionCode.VendorSpecific, out _));

        var xid = reader.Xid;
        var recorded = packets.First(p => p.Source == Server && p.SourcePort == 4011 && new DhcpPacketReader(p.Payload).Xid == xid);
        Assert.Equal(Convert.ToHexString(buffer.AsSpan(0, result.Length)), Convert.ToHexString(recorded.Payload));
        Assert.Equal(request.Source, recorded.Destination);
        Assert.Equal(request.SourcePort, recorded.DestinationPort);
        var rrq = packets.First(p => p.DestinationPort == 69 && p.Payload[1] == RrqOpcode);
        Assert.Equal("winboot/winpe10/Boot/bootmgfw.efi", Encoding.ASCII.GetString(rrq.Payload, 2, Array.IndexOf(rrq.Payload, (byte)0, 2) - 2));
    }

    /// <summary>One BCD store per firmware (winpe-stage): BIOS `Boot\BCD`, EFI `Boot\BCD.efi`.</summary>
    private static string BcdFor(int arch) => arch == 0 ? @"\winboot\winpe10\Boot\BCD" : @"\winboot\winpe10\Boot\BCD.efi";

    private static string Golden(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "dhcp", file);

    private static BootIndex Index(string mac)
    {
        Assert.True(MacAddress.TryParse(mac, out var m));
        return BootIndex.Build(1, [new BootNode("vm", [m.Value], 0, null)],
            new Dictionary<string, string> { ["vm"] = "winboot/winpe10/" }, LoaderTable.Default);
    }

    private static UdpPacket FirstDiscover(List<UdpPacket> packets) => packets.First(p =>
        p.DestinationPort == 67 && p.Payload[0] == 1 /* BOOTREQUEST */ && new DhcpPacketReader(p.Payload).MessageType == DhcpMessageType.Discover);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Real_firmware_discovers_get_our_offer_and_the_firmware_fetches_the_named_file(string capture, string mac, int arch, string file, bool option43)
    {
        var packets = Pcap.ReadUdp(Golden(capture));
        var discover = FirstDiscover(packets);
        var request = new DhcpPacketReader(discover.Payload);
        Assert.Equal(arch, PxeClientInfo.GetArchitecture(request, out var source));
        Assert.Equal(ArchitectureSource.Option93, source);

        var buffer = new byte[576];
        Assert.Equal(NoAnswerReason.None, ProxyDhcpResponder.Respond(discover.Payload, DhcpService.ProxyDhcp, Server, Index(mac), buffer, out var result));
        var reply = buffer.AsSpan(0, result.Length).ToArray();
        var r = new DhcpPacketReader(reply);
        Assert.Equal(2, r.Op); // BOOTREPLY
        Assert.Equal(request.Xid, r.Xid);
        Assert.Equal(request.Flags, r.Flags);
        Assert.True(request.Chaddr.SequenceEqual(r.Chaddr));
        Assert.Equal(0u, r.Yiaddr);
        Assert.Equal(Server, r.Siaddr);
        Assert.Equal(file, Encoding.ASCII.GetString(r.File).TrimEnd('\0'));
        Assert.Equal(DhcpMessageType.Offer, r.MessageType);
        Assert.True(r.TryGetOption(DhcpOptionCode.ServerIdentifier, out var id) && id.SequenceEqual(new byte[] { 10, 99, 0, 1 }));
        Assert.True(r.TryGetOption(DhcpOptionCode.VendorClassIdentifier, out var vc) && vc.SequenceEqual("PXEClient"u8));
        Assert.True(r.TryGetOption(DhcpOptionCode.BcdPath, out var bcd) && bcd.SequenceEqual(Encoding.ASCII.GetBytes(BcdFor(arch) + "\0")));
        Assert.Equal(option43, r.TryGetOption(DhcpOptionCode.VendorSpecific, out _));
        Assert.Equal(request.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out var guidIn), r.TryGetOption(DhcpOptionCode.ClientMachineIdentifier, out var guidOut));
        Assert.True(guidIn.SequenceEqual(guidOut));

        // The offer the daemon sent during the capture is the one we make now (regression guard: re-run
        // recapture.sh when the reply format changes on purpose).
        var xid = request.Xid;
        var recorded = packets.First(p => p.Source == Server && p.SourcePort == 67 && new DhcpPacketReader(p.Payload).Xid == xid);
        Assert.Equal(Convert.ToHexString(reply), Convert.ToHexString(recorded.Payload));
        Assert.Equal(0xFFFFFFFFu, recorded.Destination);
        Assert.Equal(68, recorded.DestinationPort);

        // The firmware took the offer: its TFTP read request names our file.
        var rrq = packets.First(p => p.DestinationPort == 69 && p.Payload[1] == RrqOpcode);
        Assert.Equal(file, Encoding.ASCII.GetString(rrq.Payload, 2, Array.IndexOf(rrq.Payload, (byte)0, 2) - 2));
        Assert.Equal(Server, rrq.Destination);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Tshark_decodes_the_firmware_request_and_our_reply_as_we_do(string capture, string mac, int arch, string file, bool option43)
    {
        var tshark = Tools.Peer("tshark", "tshark");
        var discover = FirstDiscover(Pcap.ReadUdp(Golden(capture)));
        var request = Fields(tshark, Golden(capture), $"dhcp.option.dhcp == 1 && dhcp.hw.mac_addr == {mac}",
            "dhcp.option.client_system_architecture", "dhcp.option.vendor_class_id", "dhcp.id");
        Assert.Equal(arch.ToString(), request[0]);
        Assert.StartsWith("PXEClient:Arch:" + arch.ToString("D5"), request[1]);
        Assert.Equal($"0x{new DhcpPacketReader(discover.Payload).Xid:x8}", request[2]);

        var buffer = new byte[576];
        Assert.Equal(NoAnswerReason.None, ProxyDhcpResponder.Respond(discover.Payload, DhcpService.ProxyDhcp, Server, Index(mac), buffer, out var result));
        var ours = Path.Combine(Path.GetTempPath(), $"proxydhcpd-reply-{Environment.ProcessId}-{capture}");
        try
        {
            Pcap.WriteUdp(ours, [new UdpPacket(Server, 67, 0xFFFFFFFF, 68, buffer[..result.Length])]);
            var reply = Fields(tshark, ours, "dhcp",
                "dhcp.type", "dhcp.option.dhcp", "dhcp.option.dhcp_server_id", "dhcp.ip.server", "dhcp.ip.your", "dhcp.file",
                "dhcp.option.vendor_class_id", "dhcp.option.vendor.pxeclient.discovery_control", "dhcp.option.private_proxy_autodiscovery",
                "dhcp.hw.mac_addr", "dhcp.id", "_ws.expert");
            Assert.Equal("2", reply[0]);
            Assert.Equal("2", reply[1]);
            Assert.Equal("10.99.0.1", reply[2]);
            Assert.Equal("10.99.0.1", reply[3]);
            Assert.Equal("0.0.0.0", reply[4]);
            Assert.Equal(file, reply[5]);
            Assert.Equal("PXEClient", reply[6]);
            Assert.Equal(option43 ? "0x08" : "", reply[7]);
            Assert.Equal(BcdFor(arch), reply[8]);
            Assert.Equal(mac, reply[9]);
            Assert.Equal(request[2], reply[10]);
            Assert.Equal("", reply[11]); // no expert-info complaints (malformed options, bad lengths)
        }
        finally
        {
            File.Delete(ours);
        }
    }

    private static string[] Fields(string tshark, string pcap, string filter, params string[] fields)
    {
        List<string> args = ["-r", pcap, "-Y", filter, "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"];
        foreach (var f in fields) { args.Add("-e"); args.Add(f); }
        var run = Run.Process(tshark, args, TimeSpan.FromSeconds(60)).EnsureSuccess();
        var line = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? throw new InvalidOperationException($"tshark found no packet matching {filter} in {pcap}\n{run.Stderr}");
        return line.TrimEnd('\r').Split('|');
    }
}
