using System.Text;
using Appliance.Dhcp.Protocol;
using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Tests;

public class ProxyDhcpResponderTests
{
    private static NoAnswerReason Respond(byte[] request, DhcpService service, BootIndex index, out byte[] reply, out ProxyReply result)
    {
        var buffer = new byte[576];
        var reason = ProxyDhcpResponder.Respond(request, service, TestIndex.Server, index, buffer, out result);
        reply = reason == NoAnswerReason.None ? buffer[..result.Length] : [];
        return reason;
    }

    private static string Opt(byte[] reply, DhcpOptionCode code) =>
        new DhcpPacketReader(reply).TryGetOption(code, out var v) ? Convert.ToHexString(v) : "absent";

    private static string File(byte[] reply) => Encoding.ASCII.GetString(reply, 108, 128).TrimEnd('\0');

    [Fact]
    public void Bios_discover_on_67_gets_a_broadcast_proxy_offer_with_option_43_and_pxeboot()
    {
        var b = RequestBuilder.Pxe(1, 0);
        b.Mac = TestIndex.BiosMac;
        var request = b.Build();
        Assert.Equal(NoAnswerReason.None, Respond(request, DhcpService.ProxyDhcp, TestIndex.Build(), out var reply, out var r));
        Assert.Equal(ReplyDestination.Broadcast, r.Destination);
        Assert.Equal("n1", r.Entry.Node);
        Assert.Equal(2, reply[0]);                                               // BOOTREPLY
        Assert.Equal(Convert.ToHexString(request, 4, 4), Convert.ToHexString(reply, 4, 4)); // xid
        Assert.Equal("8000", Convert.ToHexString(reply, 10, 2));                 // flags echoed
        Assert.Equal("00000000", Convert.ToHexString(reply, 16, 4));             // yiaddr 0: a proxy leases nothing
        Assert.Equal("C0A86401", Convert.ToHexString(reply, 20, 4));             // siaddr = our address
        Assert.Equal(Convert.ToHexString(TestIndex.BiosMac), Convert.ToHexString(reply, 28, 6));
        Assert.Equal("winboot/winpe10/Boot/pxeboot.0", File(reply));
        Assert.Equal(0, reply[108 + "winboot/winpe10/Boot/pxeboot.0".Length]);  // NUL-terminated
        Assert.Equal("02", Opt(reply, DhcpOptionCode.MessageType));
        Assert.Equal("C0A86401", Opt(reply, DhcpOptionCode.ServerIdentifier));
        Assert.Equal(Convert.ToHexString("PXEClient"u8), Opt(reply, DhcpOptionCode.VendorClassIdentifier));
        Assert.Equal("00" + "0102030405060708090A0B0C0D0E0F10", Opt(reply, DhcpOptionCode.ClientMachineIdentifier));
        Assert.Equal("060108FF", Opt(reply, DhcpOptionCode.VendorSpecific));
        Assert.Equal(Convert.ToHexString("\\winboot\\winpe10\\Boot\\BCD\0"u8), Opt(reply, DhcpOptionCode.BcdPath));
        Assert.Equal(240, Array.IndexOf(reply, (byte)53, 240));                  // 53 is the first option
        Assert.True(reply.Length >= 300);
    }

    [Theory]
    [InlineData(6, "Boot/bootmgfw.efi")]
    [InlineData(7, "Boot/bootmgfw.efi")]
    [InlineData(9, "Boot/bootmgfw.efi")]
    [InlineData(11, "Boot/bootmgfw.efi")]
    public void Uefi_discover_on_67_gets_no_option_43(ushort arch, string loader)
    {
        var b = RequestBuilder.Pxe(1, arch);
        b.Mac = TestIndex.UefiMac;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, TestIndex.Build(), out var reply, out var r));
        Assert.Equal("winboot/winpe10/" + loader, File(reply));
        Assert.Equal(Convert.ToHexString("\\winboot\\winpe10\\Boot\\BCD.efi\0"u8), Opt(reply, DhcpOptionCode.BcdPath));
        Assert.Equal("absent", Opt(reply, DhcpOptionCode.VendorSpecific));
        Assert.Equal(arch, r.Architecture);
        Assert.Equal(ArchitectureSource.Option93, r.ArchitectureSource);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void Request_and_inform_on_4011_get_an_ack_to_the_source_with_ciaddr_echoed(byte type)
    {
        var b = RequestBuilder.Pxe(type, 7, withGuid: false);
        b.Mac = TestIndex.UefiMac;
        b.Ciaddr = TestIndex.UefiIp;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.BootServer, TestIndex.Build(), out var reply, out var r));
        Assert.Equal(ReplyDestination.RequestSource, r.Destination);
        Assert.Equal("05", Opt(reply, DhcpOptionCode.MessageType));
        Assert.Equal("C0A86415", Convert.ToHexString(reply, 12, 4));
        Assert.Equal("absent", Opt(reply, DhcpOptionCode.ClientMachineIdentifier)); // not sent, not echoed
        Assert.Equal("winboot/winpe10/Boot/bootmgfw.efi", File(reply));
    }

    [Fact]
    public void Boot_item_71_of_a_4011_request_is_echoed_in_option_43()
    {
        var b = RequestBuilder.Pxe(3, 0);
        b.Mac = TestIndex.BiosMac;
        b.Add(43, 71, 4, 0x80, 0x00, 0x00, 0x00, 255);
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.BootServer, TestIndex.Build(), out var reply, out _));
        Assert.Equal("470480000000FF", Opt(reply, DhcpOptionCode.VendorSpecific));
    }

    [Fact]
    public void On_4011_an_unknown_mac_is_found_by_ciaddr()
    {
        var b = RequestBuilder.Pxe(3, 7);
        b.Mac = TestIndex.UnknownMac;
        b.Ciaddr = TestIndex.UefiIp;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.BootServer, TestIndex.Build(), out _, out var r));
        Assert.Equal("n2", r.Entry.Node);
        b.Ciaddr = 0xC0A864FE;
        Assert.Equal(NoAnswerReason.UnknownClient, Respond(b.Build(), DhcpService.BootServer, TestIndex.Build(), out _, out _));
    }

    [Fact]
    public void The_node_arch_override_wins_over_option_93()
    {
        var b = RequestBuilder.Pxe(1, 0);
        b.Mac = TestIndex.ForcedMac;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, TestIndex.Build(), out var reply, out var r));
        Assert.Equal(ArchitectureSource.NodeOverride, r.ArchitectureSource);
        Assert.Equal("winboot/other/Boot/bootmgfw.efi", File(reply));
        Assert.Equal("absent", Opt(reply, DhcpOptionCode.VendorSpecific));
        Assert.Equal(Convert.ToHexString("\\winboot\\other\\Boot\\BCD.efi\0"u8), Opt(reply, DhcpOptionCode.BcdPath)); // one store per firmware
    }

    [Fact]
    public void Vendor_class_arch_is_the_fallback_and_xcat_bug_of_sending_00009_the_bios_loader_is_not_repeated()
    {
        var b = RequestBuilder.Pxe(1, null, vendor: "PXEClient:Arch:00009:UNDI:003016");
        b.Mac = TestIndex.UefiMac;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, TestIndex.Build(), out var reply, out var r));
        Assert.Equal(ArchitectureSource.VendorClass, r.ArchitectureSource);
        Assert.Equal("winboot/winpe10/Boot/bootmgfw.efi", File(reply));
    }

    public static TheoryData<string, Func<RequestBuilder>, DhcpService, NoAnswerReason> NonAnswers => new()
    {
        { "unknown mac", () => { var b = RequestBuilder.Pxe(1, 7); b.Mac = TestIndex.UnknownMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.UnknownClient },
        { "node without record", () => { var b = RequestBuilder.Pxe(1, 7); b.Mac = TestIndex.LocalMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.NoRecord },
        { "non-PXE DHCP", () => { var b = new RequestBuilder().Add(53, 1).Add(60, "MSFT 5.0"u8.ToArray()); b.Mac = TestIndex.BiosMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.NotPxeClient },
        { "no vendor class", () => { var b = new RequestBuilder().Add(53, 1); b.Mac = TestIndex.BiosMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.NotPxeClient },
        { "plain BOOTP", () => { var b = new RequestBuilder().Add(60, "PXEClient"u8.ToArray()); b.Mac = TestIndex.BiosMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.NotDhcp },
        { "REQUEST on 67", () => { var b = RequestBuilder.Pxe(3, 0); b.Mac = TestIndex.BiosMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.IgnoredMessageType },
        { "DISCOVER on 4011", () => { var b = RequestBuilder.Pxe(1, 0); b.Mac = TestIndex.BiosMac; return b; }, DhcpService.BootServer, NoAnswerReason.IgnoredMessageType },
        { "BOOTREPLY", () => { var b = RequestBuilder.Pxe(1, 0); b.Mac = TestIndex.BiosMac; b.Op = 2; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.NotBootRequest },
        { "token ring", () => { var b = RequestBuilder.Pxe(1, 0); b.Mac = TestIndex.BiosMac; b.HType = 6; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.NotEthernet },
        { "arm32 has no loader", () => { var b = RequestBuilder.Pxe(1, 10); b.Mac = TestIndex.UefiMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.UnsupportedArchitecture },
        { "http boot has no loader", () => { var b = RequestBuilder.Pxe(1, 16); b.Mac = TestIndex.UefiMac; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.UnsupportedArchitecture },
        { "no cookie", () => { var b = RequestBuilder.Pxe(1, 0); b.Mac = TestIndex.BiosMac; b.Cookie = false; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.Malformed },
        { "overrun", () => { var b = RequestBuilder.Pxe(1, 0); b.Mac = TestIndex.BiosMac; b.Add(52, 1); b.File = [60, 200]; return b; }, DhcpService.ProxyDhcp, NoAnswerReason.Malformed },
    };

    [Theory]
    [MemberData(nameof(NonAnswers))]
    public void Requests_that_are_not_ours_get_no_answer_and_a_reason(string name, Func<RequestBuilder> request, DhcpService service, NoAnswerReason reason)
    {
        var buffer = new byte[576];
        buffer.AsSpan().Fill(0xAA);
        Assert.True(reason == ProxyDhcpResponder.Respond(request().Build(), service, TestIndex.Server, TestIndex.Build(), buffer, out _), name);
    }

    [Fact]
    public void Default_winpe_answers_unknown_clients_and_nodes_without_records()
    {
        var index = TestIndex.Build(defaultWinPe: "winboot/default");
        var b = RequestBuilder.Pxe(1, 7);
        b.Mac = TestIndex.UnknownMac;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, index, out var reply, out var r));
        Assert.True(r.Entry.IsDefault);
        Assert.Equal("winboot/default/Boot/bootmgfw.efi", File(reply));
        b.Mac = TestIndex.LocalMac;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, index, out reply, out r));
        Assert.Equal("n4", r.Entry.Node);
        Assert.Equal("winboot/default/Boot/bootmgfw.efi", File(reply));
    }

    [Fact]
    public void Overloaded_vendor_class_in_file_is_honoured()
    {
        var b = new RequestBuilder().Add(53, 1).Add(52, 1);
        b.Mac = TestIndex.UefiMac;
        b.File = [60, 9, .. "PXEClient"u8.ToArray(), 93, 2, 0, 7, 255];
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, TestIndex.Build(), out var reply, out _));
        Assert.Equal("winboot/winpe10/Boot/bootmgfw.efi", File(reply));
    }

    [Fact]
    public void A_relayed_discover_is_answered_to_giaddr()
    {
        var b = RequestBuilder.Pxe(1, 7);
        b.Mac = TestIndex.UefiMac;
        b.Giaddr = 0x0A000001;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, TestIndex.Build(), out var reply, out var r));
        Assert.Equal(ReplyDestination.Relay, r.Destination);
        Assert.Equal(0x0A000001u, r.RelayAddress);
        Assert.Equal("0A000001", Convert.ToHexString(reply, 24, 4));
    }

    [Fact]
    public void Loader_overrides_change_the_boot_file_per_architecture()
    {
        var loaders = LoaderTable.Default.With("6=Boot/bootia32.efi, 10=Boot/bootarm.efi, 0=");
        var index = BootIndex.Build(1, [new BootNode("n", [TestIndex.Mac(TestIndex.UefiMac)], 0, null)],
            new Dictionary<string, string> { ["n"] = "winboot/w" }, loaders);
        foreach (var (arch, expected) in new[] { (6, "winboot/w/Boot/bootia32.efi"), (10, "winboot/w/Boot/bootarm.efi"), (0, "") })
        {
            var b = RequestBuilder.Pxe(1, (ushort)arch);
            b.Mac = TestIndex.UefiMac;
            var reason = Respond(b.Build(), DhcpService.ProxyDhcp, index, out var reply, out _);
            if (expected.Length == 0) Assert.Equal(NoAnswerReason.UnsupportedArchitecture, reason);
            else Assert.Equal(expected, File(reply));
        }
        Assert.Throws<FormatException>(() => LoaderTable.Default.With("x=Boot/a"));
        Assert.Throws<FormatException>(() => LoaderTable.Default.WithBcd("7"));
        Assert.Throws<ArgumentException>(() => LoaderTable.Default.With("7=../etc/passwd"));
    }

    [Theory]
    [InlineData(0, "\\winboot\\w\\Boot\\BCD")]
    [InlineData(7, "\\winboot\\w\\Boot\\BCD.x64")]
    [InlineData(11, "\\winboot\\w\\Boot\\BCD.efi")]
    public void Option_252_names_the_store_of_the_client_firmware_and_can_be_overridden(ushort arch, string bcd)
    {
        var index = BootIndex.Build(1, [new BootNode("n", [TestIndex.Mac(TestIndex.UefiMac)], 0, null)],
            new Dictionary<string, string> { ["n"] = "winboot/w/" }, LoaderTable.Default.WithBcd("7=Boot/BCD.x64"));
        var b = RequestBuilder.Pxe(1, arch);
        b.Mac = TestIndex.UefiMac;
        Assert.Equal(NoAnswerReason.None, Respond(b.Build(), DhcpService.ProxyDhcp, index, out var reply, out var r));
        Assert.Equal(Convert.ToHexString(Encoding.ASCII.GetBytes(bcd + "\0")), Opt(reply, DhcpOptionCode.BcdPath));
        Assert.Equal(bcd, r.BcdPath);
    }

    [Fact]
    public void Index_build_warns_about_duplicate_macs_and_unusable_paths()
    {
        var mac = TestIndex.Mac(TestIndex.BiosMac);
        var index = BootIndex.Build(3,
            [new BootNode("a", [mac], 0, null), new BootNode("b", [mac], 0, null), new BootNode("c", [mac + 1], 0, null)],
            new Dictionary<string, string> { ["a"] = "winboot/a/", ["c"] = "winboot/" + new string('x', 120) + "/" },
            LoaderTable.Default);
        Assert.Contains(index.Warnings, w => w.Contains("MAC 52:54:00:00:00:01 already belongs to a"));
        Assert.Contains(index.Warnings, w => w.Contains("node c") && w.Contains("file field holds 127"));
        Assert.True(index.TryGetByMac(mac + 1, out var c));
        Assert.Null(c.Boot);
        Assert.Equal(2, index.RecordCount);
    }
}
