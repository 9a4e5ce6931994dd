using System.Text;

namespace Appliance.Registry;

/// <summary>Key and value name rules of regf: comparison for subkey lists, and the ASCII ("compressed") form.</summary>
internal static class KeyNames
{
    /// <summary>
    /// Subkey lists are sorted by the upper-cased names compared as UTF-16 code units (Windows' CmpCompareCompressedName
    /// upcases both sides). Note "a_b" sorts after "aB" here ('_' 0x5F > 'B' 0x42) although it would sort first lower-cased;
    /// hivex's writer agrees with this order (tests/Appliance.Registry.Tests/HivexWrittenHiveTests).
    /// </summary>
    public static int Compare(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = char.ToUpperInvariant(a[i]);
            var cb = char.ToUpperInvariant(b[i]);
            if (ca != cb) return ca < cb ? -1 : 1;
        }
        return a.Length.CompareTo(b.Length);
    }

    public static readonly Comparison<RegistryKey> KeyOrder = (x, y) => Compare(x.Name, y.Name);

    /// <summary>Names of ASCII characters only are stored one byte a character, with the "compressed" flag.</summary>
    public static bool IsAscii(string name)
    {
        foreach (var c in name) if (c > 0x7F) return false;
        return true;
    }

    public static int StoredLength(string name) => IsAscii(name) ? name.Length : name.Length * 2;

    public static void WriteName(string name, Span<byte> destination)
    {
        if (IsAscii(name)) Encoding.ASCII.GetBytes(name, destination);
        else Encoding.Unicode.GetBytes(name, destination);
    }
}
