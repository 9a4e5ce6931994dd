using System.Diagnostics;
using System.Text;

namespace Appliance.Integration.Support;

/// <summary>The outcome of a finished process.</summary>
public sealed record RunResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public RunResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new InvalidOperationException($"`{Command}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }
}

/// <summary>Runs processes with a time bound; a process past its bound is killed and the test fails with its output.</summary>
public static class Run
{
    public static RunResult Process(string file, IEnumerable<string> args, TimeSpan timeout, string? stdin = null,
        IDictionary<string, string>? env = null, string? workDir = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null,
            UseShellExecute = false, WorkingDirectory = workDir ?? "",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var cmd = file + " " + string.Join(' ', psi.ArgumentList);
        using var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {cmd}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        if (!p.WaitForExit(timeout))
        {
            Stop(p);
            p.WaitForExit();
            throw new TimeoutException($"`{cmd}` did not finish within {timeout.TotalSeconds:0} s\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }
        p.WaitForExit();
        return new RunResult(cmd, p.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Kills a process and its children if it still runs, and waits up to 5 s for it to go.</summary>
    public static void Stop(System.Diagnostics.Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
        }
        catch (InvalidOperationException) { } // never started, or already reaped
    }

    /// <summary>Runs a shell command line with bash -c.</summary>
    public static RunResult Shell(string commandLine, TimeSpan timeout, IDictionary<string, string>? env = null) =>
        Process("/bin/bash", ["-c", commandLine], timeout, env: env);
}
