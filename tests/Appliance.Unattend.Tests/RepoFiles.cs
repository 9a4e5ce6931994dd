namespace Appliance.Unattend.Tests;

/// <summary>The repository's shipped files (templates, starter scripts), copied beside the test assembly.</summary>
internal static class RepoFiles
{
    public static string Templates => Path.Combine(AppContext.BaseDirectory, "appliance", "templates");
    public static string WinPostscripts => Path.Combine(AppContext.BaseDirectory, "appliance", "winpostscripts");
}
