using System.Diagnostics;

namespace Appliance.Integration.Support;

/// <summary>Finds the published binaries and the third-party peers the tests run against.</summary>
public static class Tools
{
    /// <summary>The folder `make publish` writes to: $APPLIANCE_BIN, or out/bin of the repository.</summary>
    public static string BinDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("APPLIANCE_BIN");
            if (!string.IsNullOrEmpty(env)) return env;
            return Path.Combine(RepoRoot, "out", "bin");
        }
    }

    public static string RepoRoot
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Appliance.sln"))) dir = Path.GetDirectoryName(dir);
            if (dir is not null) return dir;
            // Built elsewhere (--artifacts-path): the project records the repository it was built from.
            var recorded = typeof(Tools).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
            return recorded is not null && File.Exists(Path.Combine(recorded, "Appliance.sln")) ? recorded.TrimEnd('/')
                : throw new InvalidOperationException($"no Appliance.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Path of a published Native-AOT binary; fails with the command that makes it.</summary>
    public static string Binary(string name)
    {
        var path = Path.Combine(BinDir, name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"published binary {name} not found at {path}: run `make publish` first", path);
        return path;
    }

    /// <summary>
    /// Path of a peer tool from Debian's packages. A missing peer is a test failure (CI installs them with
    /// .ci/install-peers; locally `make test` does too), never a silent skip.
    /// </summary>
    public static string Peer(string tool, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"peer tool {tool} is missing: install Debian package {package} (bash .ci/install-peers)");
    }

    /// <summary>Debian's python3 (the one python3-scapy and python3-hivex import under).</summary>
    public static string DebianPython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : throw new InvalidOperationException("/usr/bin/python3 is missing: install Debian package python3");

    public static bool IsRoot => Environment.UserName == "root" || geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
