using System.Text;

namespace Appliance.Bcd;

/// <summary>WinPE names and the paths derived from them (the same on disk, in the BCD and in DHCP option 252).</summary>
public static class WinPeNames
{
    public const int MaxLength = 100;

    /// <summary>Null when valid, else why not: 1–100 characters of A–Z a–z 0–9 . _ -, not starting with a dot.</summary>
    public static string? Check(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
            return $"WinPE name: expected 1-{MaxLength} characters, saw {name?.Length ?? 0}";
        if (name[0] == '.') return $"WinPE name \"{name}\": may not start with '.'";
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                return $"WinPE name \"{name}\": expected only A-Z a-z 0-9 . _ -, saw '{c}'";
        return null;
    }

    public static void Validate(string name)
    {
        var problem = Check(name);
        if (problem is not null) throw new BcdFormatException(BcdErrorReason.InvalidName, problem);
    }

    /// <summary>\winboot\&lt;name&gt;\Boot — the folder bootmgr asks the TFTP server for, Windows style.</summary>
    public static string BootFolder(string name) => $"\\winboot\\{name}\\Boot";

    public static string BootWimPath(string name) => BootFolder(name) + "\\boot.wim";

    public static string SdiPath(string name) => BootFolder(name) + "\\boot.sdi";

    /// <summary>The store file name for a firmware: BCD (BIOS) or BCD.efi (UEFI), in the same Boot folder.</summary>
    public static string StoreFileName(BcdFirmware firmware) => firmware == BcdFirmware.Uefi ? "BCD.efi" : "BCD";

    /// <summary>The DHCP option 252 path of a WinPE's store for a firmware.</summary>
    public static string StorePath(string name, BcdFirmware firmware) => BootFolder(name) + "\\" + StoreFileName(firmware);

    /// <summary>
    /// The OS loader object's GUID: a name-based (version 5, SHA-1, RFC 9562 §5.5) UUID of the WinPE name, so the same
    /// WinPE always gets the same identifier and a store can be rebuilt byte for byte.
    /// </summary>
    public static Guid LoaderId(string name)
    {
        ReadOnlySpan<byte> ns = [0x6b, 0x2f, 0x0e, 0x71, 0x35, 0x0c, 0x4f, 0x5e, 0x9a, 0x1d, 0x51, 0x0a, 0x70, 0x70, 0x6c, 0x69];
        var input = new byte[ns.Length + Encoding.UTF8.GetByteCount(name)];
        ns.CopyTo(input);
        Encoding.UTF8.GetBytes(name, input.AsSpan(ns.Length));
        Span<byte> hash = stackalloc byte[20];
        Sha1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
