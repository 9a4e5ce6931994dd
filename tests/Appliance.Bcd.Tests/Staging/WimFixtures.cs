using System.Text;
using Appliance.Registry.Tests;

namespace Appliance.Bcd.Tests.Staging;

/// <summary>WinPE stand-ins: folders with small files at the real paths, captured into WIMs by wimcapture (wimtools).</summary>
internal static class WimFixtures
{
    public static readonly string[] WimFiles =
    [
        "Windows/Boot/PXE/pxeboot.n12", "Windows/Boot/PXE/bootmgr.exe", "Windows/Boot/EFI/bootmgfw.efi",
        "Windows/Boot/DVD/PCAT/boot.sdi", "Windows/System32/boot/winload.exe", "Windows/System32/boot/winload.efi",
    ];

    /// <summary>The stand-in content of a file: its path and a tag, so mix-ups between files or WinPEs show.</summary>
    public static byte[] Content(string path, string tag) => Encoding.ASCII.GetBytes($"stand-in {path} of {tag}\n");

    /// <summary>Writes the stand-in tree (minus <paramref name="omit"/>) and captures it into <paramref name="wim"/>.</summary>
    public static void CaptureWim(string workDir, string wim, string tag, params string[] omit)
    {
        var tree = Path.Combine(workDir, "tree-" + Path.GetFileNameWithoutExtension(wim) + "-" + tag);
        foreach (var f in WimFiles.Except(omit))
        {
            var path = Path.Combine(tree, f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Content(f, tag));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(wim)!);
        PeerTools.RunOk(PeerTools.Peer("wimcapture", "wimtools"), [tree, wim, "WinPE stand-in " + tag, "--compress=none"]);
        Directory.Delete(tree, recursive: true);
    }
}
