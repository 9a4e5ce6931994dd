using System.Collections.Frozen;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// Which boot loader, relative to a WinPE's directory, each client architecture gets. Defaults follow what a staged
/// WinPE holds: BIOS (0) `Boot/pxeboot.0` (WDS's PXE loader, which then fetches bootmgr.exe); IA32 EFI (6),
/// x64 EFI (7), EFI BC (9, x64 in practice) and ARM64 EFI (11) `Boot/bootmgfw.efi` — the file of the matching
/// architecture must be staged, which is why each entry can be changed (flag `--loader ARCH=PATH` or osimage keys).
/// Architectures not listed are not answered.
/// </summary>
public sealed class LoaderTable
{
    private readonly FrozenDictionary<ushort, string> _loaders;

    public static LoaderTable Default { get; } = new(new Dictionary<ushort, string>
    {
        [(ushort)PxeArchitecture.Bios] = "Boot/pxeboot.0",
        [(ushort)PxeArchitecture.EfiIa32] = "Boot/bootmgfw.efi",
        [(ushort)PxeArchitecture.EfiX64] = "Boot/bootmgfw.efi",
        [(ushort)PxeArchitecture.EfiBc] = "Boot/bootmgfw.efi",
        [(ushort)PxeArchitecture.EfiArm64] = "Boot/bootmgfw.efi",
    });

    public LoaderTable(IReadOnlyDictionary<ushort, string> loaders)
    {
        foreach (var (arch, path) in loaders)
        {
            if (!IsSafeRelativePath(path))
                throw new ArgumentException($"loader for architecture {arch}: expected a relative path of printable ASCII without `..`, saw \"{path}\"", nameof(loaders));
        }
        _loaders = loaders.ToFrozenDictionary();
    }

    public IEnumerable<KeyValuePair<ushort, string>> Entries => _loaders.OrderBy(e => e.Key);

    public bool TryGetLoader(ushort architecture, out string loader) => _loaders.TryGetValue(architecture, out loader!);

    /// <summary>A copy of this table with <paramref name="overrides"/> (`ARCH=PATH`, comma-separated) applied.</summary>
    public LoaderTable With(string overrides)
    {
        var map = new Dictionary<ushort, string>(_loaders);
        foreach (var item in overrides.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || !ushort.TryParse(item.AsSpan(0, eq), out var arch))
                throw new FormatException($"loader override: expected ARCH=PATH with a decimal architecture (0, 6, 7, 9, 11, …), saw \"{item}\"");
            var path = item[(eq + 1)..];
            if (path.Length == 0) map.Remove(arch);
            else map[arch] = path;
        }
        return new LoaderTable(map);
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
