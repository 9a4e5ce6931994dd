using System.Diagnostics;
using System.Text;

namespace Appliance.Registry.Tests;

/// <summary>
/// Runs the third-party registry tools the hive is proven against. A missing tool is a test failure (the CI installs
/// them with .ci/install-peers), never a skip; every process has a time bound and is killed past it.
/// </summary>
internal static class PeerTools
{
    public static string Peer(string tool, string package)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/bin", "/usr/sbin"]))
        {
            if (dir.Length == 0) continue;
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"peer tool {tool} is missing: install Debian package {package} (bash .ci/install-peers)");
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? stdin = null,
        int timeoutSeconds = 60, Encoding? encoding = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null,
            UseShellExecute = false, StandardOutputEncoding = encoding ?? Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var cmd = file + " " + string.Join(' ', psi.ArgumentList);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {cmd}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            throw new TimeoutException($"`{cmd}` did not finish within {timeoutSeconds} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string RunOk(string file, IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 60,
        Encoding? encoding = null)
    {
        var (code, stdout, stderr) = Run(file, args, stdin, timeoutSeconds, encoding);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}\n{stderr}\n{stdout}");
        return stdout;
    }
}
