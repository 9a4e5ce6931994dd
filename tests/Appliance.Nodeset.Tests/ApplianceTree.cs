using Appliance.Core.Paths;

namespace Appliance.Nodeset.Tests;

/// <summary>A throw-away appliance tree under a temp prefix, with staged WinPE folders.</summary>
internal sealed class ApplianceTree : IDisposable
{
    public ApplianceTree(string nodes, string osimages = "win2022 winpe=winpe10\nwin11 winpe=winpe11\nghost winpe=notstaged\n")
    {
        Paths = AppliancePaths.FromPrefix(Directory.CreateTempSubdirectory("nodeset").FullName);
        Directory.CreateDirectory(Paths.EtcDir);
        File.WriteAllText(Paths.NodesFile, nodes);
        File.WriteAllText(Paths.OsImagesFile, osimages);
        foreach (var winpe in new[] { "winpe10", "winpe11" })
        {
            var boot = Path.Combine(Paths.TftpRoot, "winboot", winpe, "Boot");
            Directory.CreateDirectory(boot);
            File.WriteAllText(Path.Combine(boot, "BCD"), $"bcd of {winpe}");
            File.WriteAllText(Path.Combine(boot, "BCD.efi"), $"uefi bcd of {winpe}");
        }
    }

    public AppliancePaths Paths { get; }

    public string BootBcd => Path.Combine(Paths.TftpRoot, "Boot", "BCD");

    public void Dispose() => Directory.Delete(Paths.Prefix, true);
}
