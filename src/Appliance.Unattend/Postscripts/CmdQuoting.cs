namespace Appliance.Unattend.Postscripts;

/// <summary>Quoting for values written into the generated cmd.exe scripts.</summary>
internal static class CmdQuoting
{
    /// <summary>
    /// A double-quoted cmd argument. Inside quotes cmd.exe takes <c>&amp; | &lt; &gt; ^ =</c> and spaces literally;
    /// only <c>%</c> is still expanded in a batch file, so it is doubled. A double quote cannot be written safely,
    /// so it is refused (null).
    /// </summary>
    public static string? Argument(string value) => value.Contains('"') ? null : "\"" + value.Replace("%", "%%") + "\"";

    /// <summary>A <c>set "NAME=value"</c> line (quotes keep trailing spaces and specials out), or null when it cannot be.</summary>
    public static string? Set(string name, string value) =>
        value.Contains('"') || value.Contains('\n') || value.Contains('\r') ? null : $"set \"{name}={value.Replace("%", "%%")}\"";
}
