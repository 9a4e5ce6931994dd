using System.Text;

namespace Appliance.Tftp;

/// <summary>Makes client-supplied names safe to put in a log line (OpenBSD tftpd escapes names before logging).</summary>
public static class TftpNames
{
    /// <summary>Longest escaped name we log; the rest is summarised with the original length.</summary>
    public const int MaxLoggedLength = 160;

    /// <summary>Printable ASCII stays; backslash, quote and everything else becomes \\, \", \xNN or \uNNNN.</summary>
    public static string Escape(string name)
    {
        var sb = new StringBuilder(Math.Min(name.Length, MaxLoggedLength) + 16);
        foreach (var c in name)
        {
            if (sb.Length >= MaxLoggedLength)
            {
                sb.Append($"...({name.Length} chars)");
                break;
            }
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case >= ' ' and < (char)0x7F: sb.Append(c); break;
                case < (char)0x100: sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
        return sb.ToString();
    }
}
