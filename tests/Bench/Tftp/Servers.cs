using System.Diagnostics;

namespace Appliance.Bench.Tftp;

/// <summary>
/// A TFTP server under test: how to start it on ADDRESS:port over a root, and the settings to try with it (blksize,
/// windowsize; null = lock-step RFC 1350 plus blksize).
/// </summary>
internal sealed record ServerKind(string Name, Func<string, string, int, string, (string File, string[] Args)> Command,
    Func<int, (int Block, int? Window)[]> Candidates);

/// <summary>A started server process inside a network namespace; killed on Dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    /// <param name="cpu">A command prefix that pins the server (taskset -c N), or empty.</param>
    public ServerProcess(ServerKind kind, string ns, string address, string root, int port, string scratch, string[] cpu)
    {
        Kind = kind;
        var (file, args) = kind.Command(root, address, port, scratch);
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", ns, .. cpu, file, .. args]) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Thread.Sleep(500); // bind
        if (_process.HasExited) throw new InvalidOperationException($"{kind.Name} exited {_process.ExitCode} at start");
    }

    public ServerKind Kind { get; }
    public int Pid => _process.Id;

    /// <summary>Peak resident set (VmHWM) of the server process, in KiB (`ip netns exec` and taskset exec the server in place).</summary>
    public long PeakRssKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return -1;
    }

    /// <summary>CPU seconds of the server process and its reaped children (utime, stime, cutime, cstime in /proc/PID/stat).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14-17 of stat(5), counted after the command name: state is field 3, at index 0 here.
        var ticks = 0L;
        for (var i = 11; i <= 14; i++) ticks += long.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture);
        return ticks / 100.0; // USER_HZ
    }

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
