using Appliance.Bcd.Staging;
using Appliance.Registry.Tests;
using NSubstitute;

namespace Appliance.Bcd.Tests.Staging;

/// <summary>Staging from WIMs made by wimcapture and extracted by the real wimlib-imagex.</summary>
public sealed class WinPeStagerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _root;

    public WinPeStagerTests()
    {
        _root = Path.Combine(_dir.Path, "tftp");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _dir.Dispose();

    private WinPeStager Stager() => new(_root, new WimlibExtractor());

    private string Boot(string name, string file) => Path.Combine(_root, "winboot", name, "Boot", file);

    [Fact]
    public void Bare_wim_gives_every_file_with_loaders_and_sdi_extracted_from_it()
    {
        var wim = Path.Combine(_dir.Path, "src", "boot.wim");
        WimFixtures.CaptureWim(_dir.Path, wim, "A");
        var result = Stager().Add(new WinPeStageOptions { Name = "winpe10", From = wim });

        Assert.Equal(File.ReadAllBytes(wim), File.ReadAllBytes(Boot("winpe10", "boot.wim")));
        Assert.Equal(WimFixtures.Content("Windows/Boot/DVD/PCAT/boot.sdi", "A"), File.ReadAllBytes(Boot("winpe10", "boot.sdi")));
        Assert.Equal(WimFixtures.Content("Windows/Boot/PXE/pxeboot.n12", "A"), File.ReadAllBytes(Boot("winpe10", "pxeboot.0")));
        Assert.Equal(WimFixtures.Content("Windows/Boot/PXE/bootmgr.exe", "A"), File.ReadAllBytes(Boot("winpe10", "bootmgr.exe")));
        Assert.Equal(WimFixtures.Content("Windows/Boot/EFI/bootmgfw.efi", "A"), File.ReadAllBytes(Boot("winpe10", "bootmgfw.efi")));
        Assert.Equal(WimFixtures.Content("Windows/Boot/PXE/bootmgr.exe", "A"), File.ReadAllBytes(Path.Combine(_root, "bootmgr.exe")));

        var bios = BcdStore.Load(Boot("winpe10", "BCD"));
        var uefi = BcdStore.Load(Boot("winpe10", "BCD.efi"));
        var loader = WinPeNames.LoaderId("winpe10");
        Assert.Equal(WinPeRamdiskRecipe.BiosLoaderPath, bios.Find(loader)!.Require(BcdElementIds.ApplicationPath).AsString());
        Assert.Equal(WinPeRamdiskRecipe.UefiLoaderPath, uefi.Find(loader)!.Require(BcdElementIds.ApplicationPath).AsString());
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Files, f => f.RelativePath == "winboot/winpe10/Boot/pxeboot.0" && f.Origin.StartsWith("extracted from", StringComparison.Ordinal));
        Assert.Equal(["winpe10"], Directory.EnumerateFileSystemEntries(Path.Combine(_root, "winboot")).Select(Path.GetFileName));
        Assert.Equal(["bootmgr.exe", "winboot"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Copype_folder_with_a_mounted_image_needs_no_extraction_and_links_the_wim()
    {
        var media = Path.Combine(_dir.Path, "WinPE_amd64");
        WimFixtures.CaptureWim(_dir.Path, Path.Combine(media, "media", "sources", "boot.wim"), "B");
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(media, "media", "Boot")).FullName, "boot.sdi"), "sdi B"u8.ToArray());
        foreach (var f in new[] { "Windows/Boot/PXE/pxeboot.n12", "Windows/Boot/PXE/bootmgr.exe", "Windows/Boot/EFI/bootmgfw.efi" })
        {
            var path = Path.Combine(media, "mount", f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, WimFixtures.Content(f, "mounted"));
        }
        var extractor = Substitute.For<IWimExtractor>();
        var result = new WinPeStager(_root, extractor).Add(new WinPeStageOptions { Name = "pe", From = media });

        extractor.DidNotReceiveWithAnyArgs().TryExtract(default!, default, default!, default!);
        Assert.Equal("sdi B"u8.ToArray(), File.ReadAllBytes(Boot("pe", "boot.sdi")));
        Assert.Equal(WimFixtures.Content("Windows/Boot/PXE/pxeboot.n12", "mounted"), File.ReadAllBytes(Boot("pe", "pxeboot.0")));
        Assert.StartsWith("hard link to", Assert.Single(result.Files, f => f.RelativePath.EndsWith("boot.wim", StringComparison.Ordinal)).Origin);
    }

    [Fact]
    public void Failed_staging_leaves_nothing_behind()
    {
        var wim = Path.Combine(_dir.Path, "src", "boot.wim");
        WimFixtures.CaptureWim(_dir.Path, wim, "C", "Windows/Boot/EFI/bootmgfw.efi");
        var e = Assert.Throws<StagingException>(() => Stager().Add(new WinPeStageOptions { Name = "broken", From = wim }));
        Assert.Equal(StagingErrorReason.LoaderMissing, e.Reason);
        Assert.Contains("bootmgfw.efi", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "winboot")));
        Assert.Equal(["winboot"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));

        // The same WIM stages fine for BIOS only.
        Stager().Add(new WinPeStageOptions { Name = "biosonly", From = wim, Uefi = false });
        Assert.True(File.Exists(Boot("biosonly", "BCD")));
        Assert.False(File.Exists(Boot("biosonly", "BCD.efi")));
    }

    [Fact]
    public void Missing_wimlib_is_a_clear_error_and_leaves_nothing_behind()
    {
        var wim = Path.Combine(_dir.Path, "src", "boot.wim");
        WimFixtures.CaptureWim(_dir.Path, wim, "D");
        var stager = new WinPeStager(_root, new WimlibExtractor(tool: Path.Combine(_dir.Path, "no-such-wimlib")));
        var e = Assert.Throws<StagingException>(() => stager.Add(new WinPeStageOptions { Name = "pe", From = wim }));
        Assert.Equal(StagingErrorReason.WimlibMissing, e.Reason);
        Assert.Contains("wimtools", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "winboot")));
    }

    [Fact]
    public void Existing_winpe_is_kept_unless_forced_and_a_different_bootmgr_is_warned_about()
    {
        var wimA = Path.Combine(_dir.Path, "a", "boot.wim");
        var wimB = Path.Combine(_dir.Path, "b", "boot.wim");
        WimFixtures.CaptureWim(_dir.Path, wimA, "A");
        WimFixtures.CaptureWim(_dir.Path, wimB, "B");
        Stager().Add(new WinPeStageOptions { Name = "pe", From = wimA });

        var e = Assert.Throws<StagingException>(() => Stager().Add(new WinPeStageOptions { Name = "pe", From = wimB }));
        Assert.Equal(StagingErrorReason.AlreadyStaged, e.Reason);
        Assert.Equal(File.ReadAllBytes(wimA), File.ReadAllBytes(Boot("pe", "boot.wim")));

        var result = Stager().Add(new WinPeStageOptions { Name = "pe", From = wimB, Force = true });
        Assert.Equal(File.ReadAllBytes(wimB), File.ReadAllBytes(Boot("pe", "boot.wim")));
        Assert.Contains(result.Warnings, w => w.Contains("bootmgr.exe", StringComparison.Ordinal));
        Assert.Equal(WimFixtures.Content("Windows/Boot/PXE/bootmgr.exe", "B"), File.ReadAllBytes(Path.Combine(_root, "bootmgr.exe")));
        Assert.Equal(["pe"], Directory.EnumerateFileSystemEntries(Path.Combine(_root, "winboot")).Select(Path.GetFileName));
    }

    [Fact]
    public void Copies_report_progress_and_never_hard_link_when_asked_not_to()
    {
        var wim = Path.Combine(_dir.Path, "src", "boot.wim");
        WimFixtures.CaptureWim(_dir.Path, wim, "F");
        var calls = new List<(string File, long Done, long Total)>();
        var stager = Stager();
        stager.Progress = (file, done, total) => calls.Add((file, done, total));
        var result = stager.Add(new WinPeStageOptions { Name = "pe", From = wim, NoHardLinks = true });
        var staged = Assert.Single(result.Files, f => f.RelativePath.EndsWith("boot.wim", StringComparison.Ordinal));
        if (staged.Origin.StartsWith("copy of", StringComparison.Ordinal))
            Assert.Contains(calls, c => c.File == "boot.wim" && c.Done == c.Total && c.Total == new FileInfo(wim).Length);
        else
            Assert.StartsWith("reflink of", staged.Origin); // a copy-on-write file system: no bytes copied, no progress
        File.AppendAllText(wim, "changed");
        Assert.NotEqual(File.ReadAllBytes(wim), File.ReadAllBytes(Boot("pe", "boot.wim")));
    }

    [Fact]
    public void List_and_remove()
    {
        var wim = Path.Combine(_dir.Path, "src", "boot.wim");
        WimFixtures.CaptureWim(_dir.Path, wim, "E");
        var stager = Stager();
        stager.Add(new WinPeStageOptions { Name = "one", From = wim });
        stager.Add(new WinPeStageOptions { Name = "two", From = wim, Bios = false });
        var list = stager.List();
        Assert.Equal(["one", "two"], list.Select(w => w.Name));
        Assert.True(list[0].HasBiosStore && list[0].HasUefiStore, string.Join(",", list[0].Files));
        Assert.False(list[1].HasBiosStore);
        Assert.Equal(new FileInfo(wim).Length, list[0].WimBytes);

        stager.Remove("one");
        Assert.Equal(["two"], stager.List().Select(w => w.Name));
        Assert.Equal(StagingErrorReason.NotStaged, Assert.Throws<StagingException>(() => stager.Remove("one")).Reason);
        Assert.Equal(StagingErrorReason.InvalidName, Assert.Throws<StagingException>(() => stager.Remove("../x")).Reason);
    }
}
