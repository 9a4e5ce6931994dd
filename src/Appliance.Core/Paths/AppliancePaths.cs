namespace Appliance.Core.Paths;

/// <summary>
/// Where the appliance keeps its files. Everything hangs off one prefix (<c>/</c> on the appliance; any folder for tests
/// and for running a whole appliance tree without root): <c>etc/appliance</c>, <c>var/lib/appliance</c>, <c>srv/tftp</c>,
/// <c>run/appliance</c>. Individual paths can be overridden (see <see cref="PathFlags"/>).
/// </summary>
public sealed record AppliancePaths
{
    public const string PrefixVariable = "APPLIANCE_PREFIX";

    public AppliancePaths(string prefix)
    {
        Prefix = prefix;
        EtcDir = Under(prefix, "etc/appliance");
        VarLibDir = Under(prefix, "var/lib/appliance");
        TftpRoot = Under(prefix, "srv/tftp");
        RunDir = Under(prefix, "run/appliance");
        NodesFile = Path.Combine(EtcDir, "nodes");
        OsImagesFile = Path.Combine(EtcDir, "osimages");
        SiteFile = Path.Combine(EtcDir, "site");
        RecordFile = Path.Combine(VarLibDir, "proxydhcp.cfg");
        InstallDir = Path.Combine(VarLibDir, "install");
        MediaDir = Path.Combine(VarLibDir, "media");
    }

    /// <summary>The prefix from <c>--prefix</c>, else <c>$APPLIANCE_PREFIX</c>, else <c>/</c>.</summary>
    public static AppliancePaths FromPrefix(string? prefix) =>
        new(prefix is { Length: > 0 } ? Path.GetFullPath(prefix)
            : Environment.GetEnvironmentVariable(PrefixVariable) is { Length: > 0 } env ? Path.GetFullPath(env) : "/");

    public string Prefix { get; init; }
    public string EtcDir { get; init; }
    public string VarLibDir { get; init; }
    public string TftpRoot { get; init; }
    public string RunDir { get; init; }
    public string NodesFile { get; init; }
    public string OsImagesFile { get; init; }
    public string SiteFile { get; init; }
    public string RecordFile { get; init; }
    public string InstallDir { get; init; }
    public string MediaDir { get; init; }

    /// <summary>A daemon's control socket: <c>run/appliance/&lt;daemon&gt;.sock</c>.</summary>
    public string Socket(string daemon) => Path.Combine(RunDir, daemon + ".sock");

    private static string Under(string prefix, string relative) => Path.Combine(prefix, relative);
}
