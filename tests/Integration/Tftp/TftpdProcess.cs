using System.Diagnostics;
using System.Text;
using Appliance.Core.Control;
using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>
/// The published tftpd over a private prefix (its own TFTP root, node table and control socket) on an ephemeral port,
/// optionally inside a network namespace. Killed and its folder removed on Dispose; every wait is bounded.
/// </summary>
public sealed class TftpdProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public TftpdProcess(string? root = null, string nodes = "", IEnumerable<string>? arguments = null, NetNs? ns = null, string bind = "127.0.0.1")
    {
        Prefix = Directory.CreateTempSubdirectory("tftpd-it-").FullName;
        Directory.CreateDirectory(Path.Combine(Prefix, "etc/appliance"));
        File.WriteAllText(NodesFile, nodes);
        Root = root ?? Path.Combine(Prefix, "srv/tftp");
        Directory.CreateDirectory(Root);
        var binary = Tools.Binary("tftpd");
        string[] args = ["--prefix", Prefix, "--tftproot", Root, "--bind", bind, "--port", "0", .. arguments ?? []];
        var psi = ns is null ? new ProcessStartInfo(binary) : new ProcessStartInfo("ip");
        foreach (var a in ns is null ? args : ns.Wrap(binary, args)) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tftpd");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"tftpd exited {_process.ExitCode}:\n{Output}");
            if (File.Exists(SocketPath))
            {
                try
                {
                    using var status = Control("status");
                    if (status.Ok)
                    {
                        var listen = status.GetString("listen")!;
                        Port = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    }
                }
                catch (ControlClientException) { }
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException($"tftpd not ready within 15 s:\n{Output}");
            Thread.Sleep(20);
        }
    }

    public string Prefix { get; }
    public string Root { get; }
    public string NodesFile => Path.Combine(Prefix, "etc/appliance/nodes");
    public string SocketPath => Path.Combine(Prefix, "run/appliance/tftpd.sock");
    public int Port { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public ControlReply Control(string request) => ControlClient.Request(SocketPath, "tftpd", request, TimeSpan.FromSeconds(10));

    /// <summary>Sends a signal (HUP, TERM) to the daemon.</summary>
    public void Signal(string name) => Run.Shell($"kill -{name} {Pid}", TimeSpan.FromSeconds(5)).EnsureSuccess();

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits (bounded) for a log line containing <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { }
    }
}
