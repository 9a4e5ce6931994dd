using Appliance.Integration.Support;

namespace Appliance.Integration.Image;

/// <summary>
/// A throw-away root file system holding what the image installs (our units under usr/lib/systemd/system, the
/// published binaries under usr/bin) beside the host's own systemd units, so `systemd-analyze --root` can load and
/// check our units without a running systemd (containers and CI have none).
/// </summary>
public sealed class UnitRoot : IDisposable
{
    public static readonly string[] Units = ["proxydhcpd.service", "tftpd.service", "appliance.target", "appliance-console.service"];

    public UnitRoot()
    {
        Path = Directory.CreateTempSubdirectory("appliance-unitroot-").FullName;
        var units = Combine("usr/lib/systemd/system");
        Directory.CreateDirectory(units);
        // systemd's own units (sysinit.target, network.target …) from the host's systemd package.
        var hostUnits = Directory.Exists("/usr/lib/systemd/system") ? "/usr/lib/systemd/system" : "/lib/systemd/system";
        foreach (var f in Directory.EnumerateFiles(hostUnits)) File.Copy(f, System.IO.Path.Combine(units, System.IO.Path.GetFileName(f)));
        foreach (var u in Units) File.Copy(Source(u), System.IO.Path.Combine(units, u), true);
        Directory.CreateDirectory(Combine("usr/bin"));
        Directory.CreateDirectory(Combine("bin"));
        foreach (var b in new[] { "proxydhcpd", "tftpd" }) File.Copy(Tools.Binary(b), Combine("usr/bin/" + b));
        File.Copy("/bin/kill", Combine("bin/kill"));
        Directory.CreateDirectory(Combine("usr/lib/appliance"));
        File.Copy(System.IO.Path.Combine(Tools.RepoRoot, "appliance/image/appliance-status"), Combine("usr/lib/appliance/appliance-status"));
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public static string Source(string file) => System.IO.Path.Combine(Tools.RepoRoot, "systemd", file);

    public void Dispose() => Directory.Delete(Path, true);
}
