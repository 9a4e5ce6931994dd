namespace Appliance.Media;

/// <summary>
/// Derives 8.3 aliases from long names the way Windows does (fatgen103 §7 "Short name generation"): upper-case, drop
/// spaces and leading periods, replace characters the short form cannot hold by '_', keep up to 8 basis and 3
/// extension characters, and add a numeric tail <c>~n</c> when anything was lost. ISO 9660 level-1 identifiers use the
/// same rule over the smaller d-character set (ECMA-119 §7.4.1).
/// </summary>
internal static class ShortNames
{
    public const int NameLength = 11;
    public const int BasisLength = 8;
    public const int ExtensionLength = 3;
    private const byte Space = (byte)' ';

    /// <summary>NT case flags in directory-entry byte 12: the basis / extension is shown in lower case.</summary>
    public const byte LowerCaseBasis = 0x08;
    public const byte LowerCaseExtension = 0x10;

    /// <summary>Characters allowed in a FAT short name besides A–Z and 0–9 (fatgen103 §6.1).</summary>
    private static ReadOnlySpan<byte> FatSpecials => "!#$%&'()-@^_`{}~"u8;

    public static bool IsShortChar(char c, bool iso)
    {
        if (c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_') return true;
        return !iso && c < 0x80 && FatSpecials.Contains((byte)c);
    }

    /// <summary>
    /// Fills <paramref name="name11"/> (basis and extension, space padded) when <paramref name="longName"/> is already a
    /// valid 8.3 name whose basis and extension are each all upper or all lower case (NT keeps the case in byte 12, so
    /// no long-name entries are needed). Returns false when a numeric-tail alias and long-name entries are needed.
    /// </summary>
    public static bool TryExact(ReadOnlySpan<char> longName, Span<byte> name11, out byte caseFlags, bool iso)
    {
        caseFlags = 0;
        var dot = longName.IndexOf('.');
        var basis = dot < 0 ? longName : longName[..dot];
        var ext = dot < 0 ? [] : longName[(dot + 1)..];
        if (basis.Length is 0 or > BasisLength || ext.Length > ExtensionLength || (dot >= 0 && ext.Length == 0)) return false;
        if (ext.Contains('.')) return false;
        if (!TryCase(basis, iso, out var basisLower) || !TryCase(ext, iso, out var extLower)) return false;
        if (iso && (basisLower || extLower)) return false;
        name11.Fill(Space);
        for (var i = 0; i < basis.Length; i++) name11[i] = (byte)char.ToUpperInvariant(basis[i]);
        for (var i = 0; i < ext.Length; i++) name11[BasisLength + i] = (byte)char.ToUpperInvariant(ext[i]);
        caseFlags = (byte)((basisLower ? LowerCaseBasis : 0) | (extLower ? LowerCaseExtension : 0));
        return true;
    }

    private static bool TryCase(ReadOnlySpan<char> part, bool iso, out bool lower)
    {
        bool sawUpper = false, sawLower = false;
        foreach (var c in part)
        {
            if (c is >= 'a' and <= 'z') sawLower = true;
            else if (c is >= 'A' and <= 'Z') sawUpper = true;
            else if (!IsShortChar(c, iso)) { lower = false; return false; }
        }
        lower = sawLower;
        return !(sawLower && sawUpper);
    }

    /// <summary>
    /// Writes the basis (up to 8 characters, no tail yet) and extension of the Windows alias of
    /// <paramref name="longName"/> into <paramref name="name11"/> and returns the basis length. Zero means nothing of
    /// the name survives (a name made only of periods and spaces).
    /// </summary>
    public static int MakeBasis(ReadOnlySpan<char> longName, Span<byte> name11, bool iso)
    {
        name11.Fill(Space);
        var start = 0;
        while (start < longName.Length && longName[start] is '.' or ' ') start++;
        var rest = longName[start..];
        var lastDot = rest.LastIndexOf('.');
        var basisPart = lastDot < 0 ? rest : rest[..lastDot];
        var extPart = lastDot < 0 ? [] : rest[(lastDot + 1)..];
        var basisLength = 0;
        foreach (var c in basisPart)
        {
            if (basisLength == BasisLength) break;
            if (c is ' ' or '.') continue;
            name11[basisLength++] = Map(c, iso);
        }
        var extLength = 0;
        foreach (var c in extPart)
        {
            if (extLength == ExtensionLength) break;
            if (c == ' ') continue;
            name11[BasisLength + extLength++] = Map(c, iso);
        }
        return basisLength;
    }

    private static byte Map(char c, bool iso)
    {
        var u = char.ToUpperInvariant(c);
        return IsShortChar(u, iso) ? (byte)u : (byte)'_';
    }

    /// <summary>Puts the numeric tail <c>~n</c> after at most 8 − len("~n") basis characters.</summary>
    public static void ApplyTail(Span<byte> name11, int basisLength, int n)
    {
        Span<byte> digits = stackalloc byte[7];
        var count = 0;
        for (var v = n; v > 0; v /= 10) digits[count++] = (byte)('0' + v % 10);
        var keep = Math.Min(basisLength, BasisLength - 1 - count);
        name11[keep..BasisLength].Fill(Space);
        name11[keep] = (byte)'~';
        for (var i = 0; i < count; i++) name11[keep + 1 + i] = digits[count - 1 - i];
    }

    /// <summary>
    /// The checksum of an 11-byte short name that every long-name entry carries (fatgen103 §7: rotate right, add).
    /// </summary>
    public static byte Checksum(ReadOnlySpan<byte> name11)
    {
        byte sum = 0;
        for (var i = 0; i < NameLength; i++) sum = (byte)(((sum & 1) << 7) + (sum >> 1) + name11[i]);
        return sum;
    }
}
