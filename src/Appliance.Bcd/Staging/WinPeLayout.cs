namespace Appliance.Bcd.Staging;

/// <summary>
/// File names of a staged WinPE under &lt;tftproot&gt;/winboot/&lt;name&gt;/Boot/ and where each comes from: in an ADK
/// media folder (copype: media/sources/boot.wim, media/Boot/boot.sdi; loaders from a mounted image under mount/),
/// else from the WIM itself.
/// </summary>
public static class WinPeLayout
{
    public const string WinBootDir = "winboot";
    public const string BootDir = "Boot";
    public const string BiosStore = "BCD";
    public const string UefiStore = "BCD.efi";
    public const string Wim = "boot.wim";
    public const string Sdi = "boot.sdi";
    /// <summary>pxeboot.n12 (no "press F12") under the name proxydhcpd hands BIOS clients.</summary>
    public const string BiosLoader = "pxeboot.0";
    public const string BootManager = "bootmgr.exe";
    public const string UefiLoader = "bootmgfw.efi";

    public const string WimPxeboot = "Windows/Boot/PXE/pxeboot.n12";
    public const string WimBootmgr = "Windows/Boot/PXE/bootmgr.exe";
    public const string WimBootmgfw = "Windows/Boot/EFI/bootmgfw.efi";
    public const string WimSdi = "Windows/Boot/DVD/PCAT/boot.sdi";

    /// <summary>Where to look in a media folder, first match wins (matched case-insensitively).</summary>
    internal static readonly string[] WimCandidates = ["media/sources/boot.wim", "sources/boot.wim", "boot.wim"];
    internal static readonly string[] SdiCandidates = ["media/Boot/boot.sdi", "Boot/boot.sdi", "boot.sdi"];
    internal static readonly string[] PxebootCandidates = ["mount/" + WimPxeboot, WimPxeboot, "pxeboot.n12"];
    internal static readonly string[] BootmgrCandidates = ["mount/" + WimBootmgr, WimBootmgr, "bootmgr.exe"];
    internal static readonly string[] BootmgfwCandidates = ["mount/" + WimBootmgfw, WimBootmgfw, "bootmgfw.efi"];

    /// <summary>&lt;tftproot&gt;/winboot/&lt;name&gt;.</summary>
    public static string Directory(string tftpRoot, string name) => Path.Combine(tftpRoot, WinBootDir, name);

    /// <summary>Finds <paramref name="relative"/> under <paramref name="root"/> matching each segment case-insensitively.</summary>
    internal static string? FindIgnoringCase(string root, string relative, bool directory = false)
    {
        var current = root;
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var exact = Path.Combine(current, parts[i]);
            var last = i == parts.Length - 1 && !directory;
            if (last ? File.Exists(exact) : System.IO.Directory.Exists(exact)) { current = exact; continue; }
            if (!System.IO.Directory.Exists(current)) return null;
            var match = (last ? System.IO.Directory.EnumerateFiles(current) : System.IO.Directory.EnumerateDirectories(current))
                .FirstOrDefault(p => string.Equals(Path.GetFileName(p), parts[i], StringComparison.OrdinalIgnoreCase));
            if (match is null) return null;
            current = match;
        }
        return current;
    }

    internal static string? FindFirst(string root, IEnumerable<string> candidates) =>
        candidates.Select(c => FindIgnoringCase(root, c)).FirstOrDefault(p => p is not null);
}
