using System.Collections.Frozen;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// Which boot loader, relative to a WinPE's directory, each client architecture gets. Defaults follow what a staged
/// WinPE holds: BIOS (0) `Boot/pxeboot.0` (WDS's PXE loader, which then fetches bootmgr.exe); IA32 EFI (6),
/// x64 EFI (7), EFI BC (9, x64 in practice) and ARM64 EFI (11) `Boot/bootmgfw.efi` — the file of the matching
/// architecture must be staged, which is why each entry can be changed (flag `--loader ARCH=PATH` or osimage keys).
/// Architectures not listed are not answered. Option 252 names a BCD store per architecture too, because winpe-stage
/// writes one store per firmware (docs/ARCHITECTURE.md, "One store per firmware"): BIOS `Boot/BCD` (winload.exe),
/// every EFI architecture `Boot/BCD.efi` (winload.efi); `--bcd ARCH=PATH` or osimage `bcd.ARCH=` keys change them.
/// </summary>
public sealed class LoaderTable
{
    public const string BiosBcd = "Boot/BCD";
    public const string EfiBcd = "Boot/BCD.efi";

    private readonly FrozenDictionary<ushort, string> _loaders;
    private readonly FrozenDictionary<ushort, string> _bcds;

    public static LoaderTable Default { get; } = new(new Dictionary<ushort, string>
    {
        [(ushort)PxeArchitecture.Bios] = "Boot/pxeboot.0",
        [(ushort)PxeArchitecture.EfiIa32] = "Boot/bootmgfw.efi",
        [(ushort)PxeArchitecture.EfiX64] = "Boot/bootmgfw.efi",
        [(ushort)PxeArchitecture.EfiBc] = "Boot/bootmgfw.efi",
        [(ushort)PxeArchitecture.EfiArm64] = "Boot/bootmgfw.efi",
    });

    public LoaderTable(IReadOnlyDictionary<ushort, string> loaders, IReadOnlyDictionary<ushort, string>? bcds = null)
    {
        foreach (var (arch, path) in loaders.Concat(bcds ?? new Dictionary<ushort, string>()))
        {
            if (!IsSafeRelativePath(path))
                throw new ArgumentException($"loader or BCD for architecture {arch}: expected a relative path of printable ASCII without `..`, saw \"{path}\"", nameof(loaders));
        }
        _loaders = loaders.ToFrozenDictionary();
        _bcds = (bcds ?? new Dictionary<ushort, string>()).ToFrozenDictionary();
    }

    public IEnumerable<KeyValuePair<ushort, string>> Entries => _loaders.OrderBy(e => e.Key);

    public bool TryGetLoader(ushort architecture, out string loader) => _loaders.TryGetValue(architecture, out loader!);

    /// <summary>The BCD store (relative to the WinPE folder) for an architecture: configured, else BIOS `Boot/BCD`, EFI `Boot/BCD.efi`.</summary>
    public string GetBcd(ushort architecture) =>
        _bcds.TryGetValue(architecture, out var bcd) ? bcd : architecture == (ushort)PxeArchitecture.Bios ? BiosBcd : EfiBcd;

    /// <summary>A copy of this table with <paramref name="overrides"/> (`ARCH=PATH`, comma-separated) applied.</summary>
    public LoaderTable With(string overrides) => new(Apply(_loaders, overrides, "loader"), _bcds);

    /// <summary>A copy with BCD store overrides (`ARCH=PATH`, comma-separated; empty PATH restores the default).</summary>
    public LoaderTable WithBcd(string overrides) => new(_loaders, Apply(_bcds, overrides, "BCD"));

    private static Dictionary<ushort, string> Apply(FrozenDictionary<ushort, string> current, string overrides, string what)
    {
        var map = new Dictionary<ushort, string>(current);
        foreach (var item in overrides.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || !ushort.TryParse(item.AsSpan(0, eq), out var arch))
                throw new FormatException($"{what} override: expected ARCH=PATH with a decimal architecture (0, 6, 7, 9, 11, …), saw \"{item}\"");
            var path = item[(eq + 1)..];
            if (path.Length == 0) map.Remove(arch);
            else map[arch] = path;
        }
        return map;
    }

    internal static bool IsSafeRelativePath(string path)
    {
        if (path.Length == 0 || path[0] is '/' or '\\') return false;
        foreach (var c in path)
        {
            if (c is < (char)0x21 or > (char)0x7E) return false;
        }
        foreach (var part in path.Split('/', '\\'))
        {
            if (part == "..") return false;
        }
        return true;
    }
}
