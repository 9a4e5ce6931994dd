using Appliance.Core.Hosting;

namespace Appliance.Core.Paths;

/// <summary>The path flags every binary accepts: <c>--prefix</c> and per-file overrides.</summary>
public sealed class PathFlags
{
    private readonly Flag<string?> _prefix;
    private readonly Flag<string?> _nodes;
    private readonly Flag<string?> _osimages;
    private readonly Flag<string?> _records;
    private readonly Flag<string?> _tftproot;
    private readonly Flag<string?> _runDir;

    public PathFlags(FlagSet flags)
    {
        _prefix = flags.OptionalString("prefix", "DIR", $"Relocate every default path under DIR (also ${AppliancePaths.PrefixVariable}). Default: /.");
        _nodes = flags.OptionalString("nodes", "FILE", "Node table. Default: PREFIX/etc/appliance/nodes.");
        _osimages = flags.OptionalString("osimages", "FILE", "Osimage table. Default: PREFIX/etc/appliance/osimages.");
        _records = flags.OptionalString("records", "FILE", "Record file. Default: PREFIX/var/lib/appliance/proxydhcp.cfg.");
        _tftproot = flags.OptionalString("tftproot", "DIR", "TFTP root. Default: PREFIX/srv/tftp.");
        _runDir = flags.OptionalString("run-dir", "DIR", "Folder of the control sockets. Default: PREFIX/run/appliance.");
    }

    public AppliancePaths Resolve()
    {
        var p = AppliancePaths.FromPrefix(_prefix.Value);
        return p with
        {
            NodesFile = Full(_nodes.Value) ?? p.NodesFile,
            OsImagesFile = Full(_osimages.Value) ?? p.OsImagesFile,
            RecordFile = Full(_records.Value) ?? p.RecordFile,
            TftpRoot = Full(_tftproot.Value) ?? p.TftpRoot,
            RunDir = Full(_runDir.Value) ?? p.RunDir,
        };
    }

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
}
