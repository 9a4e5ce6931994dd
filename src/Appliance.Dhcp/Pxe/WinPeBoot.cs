using System.Text;

namespace Appliance.Dhcp.Pxe;

/// <summary>
/// The wire bytes of one staged WinPE, made once per reload and shared by every node that boots it: the boot file
/// name per architecture (`winboot/winpe10/Boot/pxeboot.0`) and the option-252 BCD path.
/// </summary>
public sealed class WinPeBoot
{
    /// <summary>Boot file names go in the 128-byte `file` field, NUL-terminated (RFC 2131 §2).</summary>
    public const int MaxFileLength = 127;

    private readonly ushort[] _architectures;
    private readonly byte[][] _files;
    private readonly string[] _loaders;
    private readonly byte[][] _bcdOptions;
    private readonly string[] _bcdPaths;

    private WinPeBoot(string source, LoaderTable table, string path, ushort[] architectures, byte[][] files, string[] loaders,
        byte[][] bcdOptions, string[] bcdPaths)
    {
        Source = source;
        Loaders = table;
        Path = path;
        _architectures = architectures;
        _files = files;
        _loaders = loaders;
        _bcdOptions = bcdOptions;
        _bcdPaths = bcdPaths;
    }

    /// <summary>The WinPE path as the record (or `--default-winpe`) gave it, before normalizing.</summary>
    public string Source { get; }

    /// <summary>The loader table the boot files were made from.</summary>
    public LoaderTable Loaders { get; }

    /// <summary>The WinPE directory relative to the TFTP root, with its trailing slash (`winboot/winpe10/`).</summary>
    public string Path { get; }

    /// <summary>
    /// The boot file for an architecture and its option-252 value: `\winboot\winpe10\Boot\BCD` (BIOS) or
    /// `…\Boot\BCD.efi` (EFI) plus a terminating NUL. xCAT's proxydhcp sends the NUL, WDS's sample provider does not;
    /// bootmgr accepts both, and with the NUL a reader that treats the value as a C string cannot run past it, so we
    /// follow xCAT (the deployments this appliance replaces). False when the loader table has no loader for it.
    /// </summary>
    public bool TryGetFile(ushort architecture, out byte[] file, out string loader, out byte[] bcdOption, out string bcdPath)
    {
        var index = Array.IndexOf(_architectures, architecture);
        if (index < 0)
        {
            file = bcdOption = [];
            loader = bcdPath = "";
            return false;
        }
        file = _files[index];
        loader = _loaders[index];
        bcdOption = _bcdOptions[index];
        bcdPath = _bcdPaths[index];
        return true;
    }

    public bool TryGetFile(ushort architecture, out byte[] file, out string loader) =>
        TryGetFile(architecture, out file, out loader, out _, out _);

    /// <summary>Builds the bytes for <paramref name="winPePath"/>; the error names the path and the limit broken.</summary>
    public static bool TryCreate(string winPePath, LoaderTable loaders, out WinPeBoot boot, out string error)
    {
        boot = null!;
        var path = winPePath.Replace('\\', '/').TrimStart('/');
        if (path.Length > 0 && !path.EndsWith('/')) path += "/";
        if (!LoaderTable.IsSafeRelativePath(path.Length == 0 ? "." : path))
        {
            error = $"WinPE path \"{winPePath}\": expected a relative path of printable ASCII without `..`";
            return false;
        }
        var entries = loaders.Entries.ToArray();
        var files = new byte[entries.Length][];
        var bcdOptions = new byte[entries.Length][];
        var bcdPaths = new string[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var bcd = "\\" + (path + loaders.GetBcd(entries[i].Key)).Replace('/', '\\');
            if (bcd.Length + 1 > byte.MaxValue)
            {
                error = $"WinPE path \"{winPePath}\": the BCD path {bcd} is {bcd.Length + 1} bytes with its NUL, an option holds 255";
                return false;
            }
            bcdPaths[i] = bcd;
            bcdOptions[i] = new byte[bcd.Length + 1];
            Encoding.ASCII.GetBytes(bcd, bcdOptions[i]);
            var file = path + entries[i].Value;
            if (file.Length > MaxFileLength)
            {
                error = $"WinPE path \"{winPePath}\": boot file {file} is {file.Length} bytes, the BOOTP file field holds {MaxFileLength} and a NUL";
                return false;
            }
            files[i] = Encoding.ASCII.GetBytes(file);
        }
        boot = new WinPeBoot(winPePath, loaders, path, entries.Select(e => e.Key).ToArray(), files, entries.Select(e => e.Value).ToArray(), bcdOptions, bcdPaths);
        error = "";
        return true;
    }
}
