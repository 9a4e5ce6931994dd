using System.Globalization;
using System.Text;

using Appliance.Registry;

namespace Appliance.Registry.Tests;

/// <summary>Parses the .reg-style value lines that hivexregedit and hivexsh print.</summary>
internal static class RegText
{
    /// <summary>Splits `"name"=rest` or `@=rest`; the default value's name is returned as "".</summary>
    public static (string Name, string Remainder) SplitName(string line)
    {
        if (line.StartsWith("@=", StringComparison.Ordinal)) return ("", line[2..]);
        var end = 1;
        var sb = new StringBuilder();
        while (line[end] != '"')
        {
            if (line[end] == '\\') end++;
            sb.Append(line[end]);
            end++;
        }
        if (line[end + 1] != '=') throw new FormatException($"expected '=' after the value name in {line}");
        return (sb.ToString(), line[(end + 2)..]);
    }

    /// <summary>`dword:xxxxxxxx` or `hex(t):aa,bb,…` (t in hex for hivexregedit, decimal for hivexsh) or `hex:…`.</summary>
    public static (uint Kind, byte[] Data) ParseData(string rest, bool hexTypeIsDecimal = false)
    {
        if (rest.StartsWith("dword:", StringComparison.Ordinal))
        {
            var v = uint.Parse(rest[6..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return ((uint)RegistryValueKind.DWord, BitConverter.GetBytes(v));
        }
        uint kind;
        string bytes;
        if (rest.StartsWith("hex:", StringComparison.Ordinal))
        {
            kind = (uint)RegistryValueKind.Binary;
            bytes = rest[4..];
        }
        else if (rest.StartsWith("hex(", StringComparison.Ordinal))
        {
            var close = rest.IndexOf(')');
            kind = uint.Parse(rest[4..close], hexTypeIsDecimal ? NumberStyles.Integer : NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            bytes = rest[(close + 2)..];
        }
        else
        {
            throw new FormatException($"unexpected value form {rest[..Math.Min(40, rest.Length)]}");
        }
        var data = bytes.Length == 0 ? [] : bytes.Split(',').Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        return (kind, data);
    }

    /// <summary>A double-quoted string with backslash escapes.</summary>
    public static string Unquote(string quoted)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\') i++;
            sb.Append(quoted[i]);
        }
        return sb.ToString();
    }
}
