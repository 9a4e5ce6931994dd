using System.Text;
using Appliance.Bcd;
using Appliance.Core.Records;
using Appliance.Integration.Support;
using Appliance.Integration.Tftp;

namespace Appliance.Integration.WinPe;

/// <summary>
/// The published winpe-stage against WIMs made by wimcapture, the real wimlib-imagex, hivex, and the published tftpd
/// (re-indexed through its control socket, then asked for the stores by tftp-hpa with Windows-style paths).
/// </summary>
public sealed class WinPeStageTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly string _work = Directory.CreateTempSubdirectory("winpe-stage-it-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    private static RunResult Stage(params string[] args) => Run.Process(Tools.Binary("winpe-stage"), args, Bound);

    /// <summary>A WIM holding stand-in files at the paths a WinPE boot.wim has them.</summary>
    private string MakeWim(string tag, params string[] omit)
    {
        var tree = Path.Combine(_work, "tree-" + tag);
        foreach (var f in new[] { "Windows/Boot/PXE/pxeboot.n12", "Windows/Boot/PXE/bootmgr.exe", "Windows/Boot/EFI/bootmgfw.efi",
                     "Windows/Boot/DVD/PCAT/boot.sdi", "Windows/System32/boot/winload.efi" }.Except(omit))
        {
            var path = Path.Combine(tree, f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"stand-in {f} {tag}\n");
        }
        var wim = Path.Combine(_work, tag + ".wim");
        Run.Process(Tools.Peer("wimcapture", "wimtools"), [tree, wim, "stand-in", "--compress=none"], Bound).EnsureSuccess();
        return wim;
    }

    [Fact]
    public void Add_then_tftpd_serves_both_stores_after_reindex()
    {
        using var tftpd = new TftpdProcess();
        var wim = MakeWim("a");
        var add = Stage("add", "winpe10", "--from", wim, "--prefix", tftpd.Prefix).EnsureSuccess();
        Assert.Contains("tftpd re-indexed the TFTP root", add.Stdout);
        Assert.Contains(@"UEFI: option 252 \winboot\winpe10\Boot\BCD.efi", add.Stdout);

        var boot = Path.Combine(tftpd.Root, "winboot", "winpe10", "Boot");
        Assert.Equal(["BCD", "BCD.efi", "boot.sdi", "boot.wim", "bootmgfw.efi", "bootmgr.exe", "pxeboot.0"],
            Directory.EnumerateFiles(boot).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("stand-in Windows/Boot/PXE/bootmgr.exe a\n", File.ReadAllText(Path.Combine(tftpd.Root, "bootmgr.exe")));

        foreach (var (store, winload) in new[] { ("BCD", "winload.exe"), ("BCD.efi", "winload.efi") })
        {
            // bootmgr asks in the case and separators of the path in option 252.
            var local = Path.Combine(_work, store);
            TftpClients.GetWithTftpHpa("127.0.0.1", tftpd.Port, $@"\winboot\winpe10\Boot\{store}", local).EnsureSuccess();
            Assert.Equal(File.ReadAllBytes(Path.Combine(boot, store)), File.ReadAllBytes(local));
            var loader = WinPeNames.LoaderId("winpe10").ToString("B");
            var path = Run.Process(Tools.Peer("hivexget", "libhivex-bin"), [local, $@"\Objects\{loader}\Elements\12000002", "Element"], Bound)
                .EnsureSuccess().Stdout.Trim();
            Assert.Equal(@"\windows\system32\boot\" + winload, path);
        }

        var show = Stage("show", "winpe10", "--prefix", tftpd.Prefix).EnsureSuccess().Stdout;
        Assert.Contains(@"device                  ramdisk=[boot]\winboot\winpe10\Boot\boot.wim,{ramdiskoptions}", show);
        Assert.Contains(@"ramdisksdipath          \winboot\winpe10\Boot\boot.sdi", show);
        Assert.Contains(@"path                    \windows\system32\boot\winload.efi", show);
    }

    [Fact]
    public void Remove_is_refused_while_records_point_at_the_winpe()
    {
        var prefix = Path.Combine(_work, "prefix");
        Stage("add", "pe", "--from", MakeWim("b"), "--prefix", prefix).EnsureSuccess();
        var records = Path.Combine(prefix, "var/lib/appliance/proxydhcp.cfg");
        Directory.CreateDirectory(Path.GetDirectoryName(records)!);
        RecordFile.Write(records, [new NodeRecord("node01", "winboot/pe/"), new NodeRecord("node02", "winboot/other/"),
            new NodeRecord("node03", "winboot/PE/")]);

        var list = Stage("list", "--prefix", prefix).EnsureSuccess().Stdout;
        Assert.Matches(@"pe\s+stores=bios,uefi .*nodes=node01,node03", list);

        var refused = Stage("remove", "pe", "--prefix", prefix);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("node01, node03", refused.Stderr);
        Assert.True(Directory.Exists(Path.Combine(prefix, "srv/tftp/winboot/pe")));

        RecordFile.Write(records, [new NodeRecord("node02", "winboot/other/")]);
        var removed = Stage("remove", "pe", "--prefix", prefix).EnsureSuccess();
        Assert.Contains("tftpd is not running", removed.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(prefix, "srv/tftp/winboot")));
    }

    [Fact]
    public void Failed_add_leaves_nothing_behind()
    {
        var prefix = Path.Combine(_work, "prefix");
        var noEfi = Stage("add", "pe", "--from", MakeWim("c", "Windows/Boot/EFI/bootmgfw.efi"), "--prefix", prefix);
        Assert.Equal(1, noEfi.ExitCode);
        Assert.Contains("bootmgfw.efi", noEfi.Stderr);
        var tftp = Path.Combine(prefix, "srv/tftp");
        Assert.Equal(["winboot"], Directory.EnumerateFileSystemEntries(tftp).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(tftp, "winboot")));

        // wimlib missing from PATH: a clear error naming the package, and still nothing behind.
        var noWimlib = Run.Process(Tools.Binary("winpe-stage"), ["add", "pe", "--from", MakeWim("d"), "--prefix", prefix], Bound,
            env: new Dictionary<string, string> { ["PATH"] = "/nonexistent" });
        Assert.Equal(1, noWimlib.ExitCode);
        Assert.Contains("wimlib-imagex is not installed: install Debian package wimtools", noWimlib.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(tftp, "winboot")));
    }

    [Fact]
    public void Bcd_command_writes_a_store_that_hivex_and_show_read()
    {
        var name = "x64-" + new string('w', 50); // the ramdisk path is 73 characters
        var output = Path.Combine(_work, "BCD.efi");
        Stage("bcd", "--winpe", name, "--firmware", "uefi", "--out", output).EnsureSuccess();
        var sdi = Run.Process(Tools.Peer("hivexget", "libhivex-bin"),
            [output, @"\Objects\{ae5534e0-a924-466c-b836-758539a3ee3a}\Elements\32000004", "Element"], Bound).EnsureSuccess();
        Assert.Equal($@"\winboot\{name}\Boot\boot.sdi", sdi.Stdout.Trim());
        var show = Stage("show", output).EnsureSuccess().Stdout;
        Assert.Contains($@"osdevice                ramdisk=[boot]\winboot\{name}\Boot\boot.wim,{{ramdiskoptions}}", show);

        var usage = Stage("bcd", "--winpe", name, "--out", output);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--firmware bios or --firmware uefi", usage.Stderr);
        Assert.Equal(2, Stage("frobnicate").ExitCode);
    }
}
