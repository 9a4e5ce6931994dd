using System.Diagnostics;
using System.Text;
using Appliance.Core.Control;
using Appliance.Core.Records;
using Appliance.Integration.Support;

namespace Appliance.Integration.Dhcp;

/// <summary>
/// The published proxydhcpd in a private prefix (its own node table, records and control socket), optionally inside a
/// network namespace. Killed and its folder removed on Dispose; every wait is bounded.
/// </summary>
public sealed class ProxyDhcpProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public ProxyDhcpProcess(string nodes, IReadOnlyList<NodeRecord> records, IEnumerable<string> arguments, NetNs? ns = null, string osimages = "")
    {
        Prefix = Directory.CreateTempSubdirectory("proxydhcpd-it-").FullName;
        Directory.CreateDirectory(Path.Combine(Prefix, "etc/appliance"));
        Directory.CreateDirectory(Path.Combine(Prefix, "var/lib/appliance"));
        File.WriteAllText(NodesFile, nodes);
        File.WriteAllText(Path.Combine(Prefix, "etc/appliance/osimages"), osimages);
        WriteRecords(records);
        var binary = Tools.Binary("proxydhcpd");
        string[] args = ["--prefix", Prefix, .. arguments];
        var psi = ns is null ? new ProcessStartInfo(binary) : new ProcessStartInfo("ip");
        foreach (var a in ns is null ? args : ns.Wrap(binary, args)) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start proxydhcpd");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"proxydhcpd exited {_process.ExitCode}:\n{Output}");
            if (File.Exists(SocketPath))
            {
                try
                {
                    using var status = Control("status");
                    if (status.Ok)
                    {
                        ProxyPort = (ushort)(status.GetInt64("proxy_port") ?? 0);
                        BootPort = (ushort)status.GetInt64("boot_port")!.Value;
                        break;
                    }
                }
                catch (ControlClientException) { }
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException($"proxydhcpd not ready within 15 s:\n{Output}");
            Thread.Sleep(20);
        }
    }

    public string Prefix { get; }
    public string NodesFile => Path.Combine(Prefix, "etc/appliance/nodes");
    public string RecordFilePath => Path.Combine(Prefix, "var/lib/appliance/proxydhcp.cfg");
    public string SocketPath => Path.Combine(Prefix, "run/appliance/proxydhcpd.sock");
    public ushort ProxyPort { get; }
    public ushort BootPort { get; }
    public bool HasExited => _process.HasExited;
    public int Pid => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public void WriteRecords(IReadOnlyList<NodeRecord> records) => RecordFile.Write(RecordFilePath, records);

    public ControlReply Control(string request) => ControlClient.Request(SocketPath, "proxydhcpd", request, TimeSpan.FromSeconds(10));

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
