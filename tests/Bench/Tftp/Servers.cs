using System.Diagnostics;

namespace Appliance.Bench.Tftp;

/// <summary>A TFTP server under test: how to start it on 127.0.0.1:port over a root, and which options it understands.</summary>
internal sealed record ServerKind(string Name, bool Windowsize, Func<string, int, string, (string File, string[] Args)> Command);

/// <summary>A started server process; killed on Dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    public ServerProcess(ServerKind kind, string root, int port, string scratch)
    {
        Kind = kind;
        var (file, args) = kind.Command(root, port, scratch);
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
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

    /// <summary>Peak resident set (VmHWM) of the server process, in KiB.</summary>
    public long PeakRssKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return -1;
    }

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
