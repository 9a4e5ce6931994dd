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

    private WinPeBoot(string path, byte[] bcd, ushort[] architectures, byte[][] files, string[] loaders)
    {
        Path = path;
        BcdOption = bcd;
        _architectures = architectures;
        _files = files;
        _loaders = loaders;
    }

    /// <summary>The WinPE directory relative to the TFTP root, with its trailing slash (`winboot/winpe10/`).</summary>
    public string Path { get; }

    /// <summary>
    /// The option-252 value: `\winboot\winpe10\Boot\BCD` plus a terminating NUL. xCAT's proxydhcp sends the NUL, WDS's
    /// sample provider does not; bootmgr accepts both, and with the NUL a reader that treats the value as a C string
    /// cannot run past it, so we follow xCAT (the deployments this appliance replaces).
    /// </summary>
    public byte[] BcdOption { get; }

    public string BcdPath => Encoding.ASCII.GetString(BcdOption, 0, BcdOption.Length - 1);

    /// <summary>The boot file for an architecture; false when the loader table has no loader for it.</summary>
    public bool TryGetFile(ushort architecture, out byte[] file, out string loader)
    {
        var index = Array.IndexOf(_architectures, architecture);
        if (index < 0)
        {
            file = [];
            loader = "";
            return false;
        }
        file = _files[index];
        loader = _loaders[index];
        return true;
    }

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
        var bcd = "\\" + path.Replace('/', '\\') + "Boot\\BCD";
        if (bcd.Length + 1 > byte.MaxValue)
        {
            error = $"WinPE path \"{winPePath}\": the BCD path {bcd} is {bcd.Length + 1} bytes with its NUL, an option holds 255";
            return false;
        }
        var entries = loaders.Entries.ToArray();
        var files = new byte[entries.Length][];
        for (var i = 0; i < entries.Length; i++)
        {
            var file = path + entries[i].Value;
            if (file.Length > MaxFileLength)
            {
                error = $"WinPE path \"{winPePath}\": boot file {file} is {file.Length} bytes, the BOOTP file field holds {MaxFileLength} and a NUL";
                return false;
            }
            files[i] = Encoding.ASCII.GetBytes(file);
        }
        var bcdBytes = new byte[bcd.Length + 1];
        Encoding.ASCII.GetBytes(bcd, bcdBytes);
        boot = new WinPeBoot(path, bcdBytes, entries.Select(e => e.Key).ToArray(), files, entries.Select(e => e.Value).ToArray());
        error = "";
        return true;
    }
}
