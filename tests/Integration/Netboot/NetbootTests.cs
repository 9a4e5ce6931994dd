using Appliance.Integration.Support;

namespace Appliance.Integration.Netboot;

/// <summary>
/// The whole network path with real firmware: SeaBIOS + iPXE ROM and OVMF guests in network namespaces, dnsmasq as
/// the site DHCP server, the published proxydhcpd and tftpd as the appliance (appliance/netboot/scenario). Each guest
/// must fetch its own WinPE folder's loader and that loader must run; the capture, decoded by tshark, must show
/// option 252 and the per-node paths. Every QEMU run is bounded; a failure carries the serial log and daemon logs.
/// </summary>
public sealed class NetbootTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("netboot").FullName;

    public void Dispose() => Directory.Delete(_out, true);

    private Dictionary<string, string> RunScenario(params string[] args)
    {
        Tools.Peer("qemu-system-x86_64", "qemu-system-x86");
        Tools.Peer("tshark", "tshark");
        Tools.Peer("dnsmasq", "dnsmasq-base");
        var script = Path.Combine(Tools.RepoRoot, "appliance", "netboot", "scenario");
        var result = Run.Process("/bin/bash", [script, "--out", _out, "--timeout", "180", "--quiet", .. args],
            TimeSpan.FromMinutes(14), env: new Dictionary<string, string> { ["APPLIANCE_BIN"] = Tools.BinDir });
        var summary = File.Exists(Path.Combine(_out, "summary.txt")) ? File.ReadAllText(Path.Combine(_out, "summary.txt")) : "(no summary)";
        Assert.True(result.ExitCode == 0, $"netboot {string.Join(' ', args)} failed ({result.ExitCode})\n{summary}\n{result.Stderr}");
        return File.ReadAllLines(Path.Combine(_out, "results")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>(mac, message type, boot file, option 252) of every DHCP reply carrying option 252, decoded by tshark.</summary>
    private List<string[]> RepliesWith252()
    {
        var r = Run.Process(Tools.Peer("tshark", "tshark"),
            ["-r", Path.Combine(_out, "capture.pcap"), "-Y", "dhcp.option.type == 252", "-T", "fields", "-E", "separator=|",
             "-e", "dhcp.hw.mac_addr", "-e", "dhcp.option.dhcp", "-e", "dhcp.file", "-e", "dhcp.option.private_proxy_autodiscovery"],
            TimeSpan.FromSeconds(60)).EnsureSuccess();
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).Distinct(new RowComparer()).ToList();
    }

    [Fact]
    public void Separate_appliance_host_boots_bios_and_uefi_each_from_its_own_folder_and_follows_nodeset()
    {
        var results = RunScenario("--scenario", "separate", "--firmware", "bios,uefi", "--switch");
        Assert.Equal(("winpe-a", "1"), (results["bios.1.folder"], results["bios.1.ran"]));
        Assert.Equal(("winpe-b", "1"), (results["uefi.1.folder"], results["uefi.1.ran"]));
        // nodeset moved vm-bios to img-c while the appliance ran: its next boot fetched the other folder.
        Assert.Equal(("winpe-c", "1"), (results["bios.2.folder"], results["bios.2.ran"]));

        var replies = RepliesWith252();
        Assert.Contains(replies, r => r is ["52:54:00:4e:00:01", "2", "winboot/winpe-a/Boot/pxeboot.0", @"\winboot\winpe-a\Boot\BCD"]);
        Assert.Contains(replies, r => r is ["52:54:00:4e:00:01", "2", "winboot/winpe-c/Boot/pxeboot.0", @"\winboot\winpe-c\Boot\BCD"]);
        Assert.Contains(replies, r => r[0] == "52:54:00:4e:00:02" && r[2] == "winboot/winpe-b/Boot/bootmgfw.efi" && r[3] == @"\winboot\winpe-b\Boot\BCD.efi");
        Assert.DoesNotContain(replies, r => r[0] == "52:54:00:4e:00:02" && r[2].Contains("winpe-a", StringComparison.Ordinal));
    }

    [Fact]
    public void Colocated_with_the_site_dhcp_server_answers_on_4011_only()
    {
        var results = RunScenario("--scenario", "colocated", "--firmware", "bios,uefi");
        Assert.Equal("1", results["bios.1.ran"]);
        Assert.Equal("1", results["uefi.1.ran"]);
        // nodeset stat folds the daemons' events into per-node progress.
        var stat = File.ReadAllLines(Path.Combine(_out, "stat.txt"));
        Assert.Contains(stat, l => l.StartsWith("vm-bios: winpe winboot/winpe-a/; acked ", StringComparison.Ordinal) && l.Contains("(winboot/winpe-a/Boot/pxeboot.0), loader fetched ", StringComparison.Ordinal));
        Assert.Contains(stat, l => l.StartsWith("vm-uefi: winpe winboot/winpe-b/; acked ", StringComparison.Ordinal) && l.Contains("(winboot/winpe-b/Boot/bootmgfw.efi), loader fetched ", StringComparison.Ordinal));
        var replies = RepliesWith252();
        // Only DHCPACKs (5) from the boot server on 4011: no proxy offers on 67 in this mode.
        Assert.NotEmpty(replies);
        Assert.All(replies, r => Assert.Equal("5", r[1]));
        Assert.Contains(replies, r => r[0] == "52:54:00:4e:00:01" && r[3] == @"\winboot\winpe-a\Boot\BCD");
        Assert.Contains(replies, r => r[0] == "52:54:00:4e:00:02" && r[3] == @"\winboot\winpe-b\Boot\BCD.efi");
    }

    private sealed class RowComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(string[] obj) => string.Join('|', obj).GetHashCode(StringComparison.Ordinal);
    }
}
