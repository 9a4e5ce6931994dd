namespace Appliance.Unattend.Tests;

/// <summary>Paths of the repository's shipped files (templates, starter scripts).</summary>
internal static class RepoFiles
{
    public static string Root
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Appliance.sln"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException($"no Appliance.sln above {AppContext.BaseDirectory}");
        }
    }

    public static string Templates => Path.Combine(Root, "appliance", "templates");
    public static string WinPostscripts => Path.Combine(Root, "appliance", "winpostscripts");
}
