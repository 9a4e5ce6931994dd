namespace Appliance.Integration.Support;

/// <summary>
/// A network namespace that the test creates and always removes (Dispose). Names are unique per process and
/// instance so parallel tests never collide. Traffic stays inside namespaces and veth pairs made here.
/// </summary>
public sealed class NetNs : IDisposable
{
    private static int s_counter;
    private readonly List<string> _cleanup = [];

    public string Name { get; }

    public NetNs(string tag)
    {
        if (!Tools.IsRoot) throw new InvalidOperationException("network namespace tests need root (CI runs as root)");
        Name = $"ap{Environment.ProcessId % 100000}{tag}{Interlocked.Increment(ref s_counter)}";
        Ip($"netns add {Name}");
        Exec("ip link set lo up");
    }

    /// <summary>Runs `ip ARGS` in the root namespace.</summary>
    public static RunResult Ip(string args) =>
        Run.Shell($"ip {args}", TimeSpan.FromSeconds(20)).EnsureSuccess();

    /// <summary>Runs a shell command line inside the namespace.</summary>
    public RunResult Exec(string commandLine, int timeoutSeconds = 60) =>
        Run.Shell($"ip netns exec {Name} bash -c {Quote(commandLine)}", TimeSpan.FromSeconds(timeoutSeconds));

    /// <summary>Wraps a command so it runs in this namespace (for Process-based starts).</summary>
    public string[] Wrap(string file, params string[] args) => ["netns", "exec", Name, file, .. args];

    /// <summary>Registers a shell command to run (best effort) when the namespace is disposed.</summary>
    public void OnDispose(string commandLine) => _cleanup.Add(commandLine);

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public void Dispose()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
            Run.Shell(_cleanup[i] + " || true", TimeSpan.FromSeconds(20));
        Run.Shell($"ip netns pids {Name} 2>/dev/null | xargs -r kill -9; ip netns del {Name} || true", TimeSpan.FromSeconds(20));
    }
}
