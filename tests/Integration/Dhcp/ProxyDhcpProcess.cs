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
    private readonly DaemonProcess _daemon;

    public ProxyDhcpProcess(string nodes, IReadOnlyList<NodeRecord> records, IEnumerable<string> arguments, NetNs? ns = null, string osimages = "")
    {
        Prefix = Directory.CreateTempSubdirectory("proxydhcpd-it-").FullName;
        Directory.CreateDirectory(Path.Combine(Prefix, "etc/appliance"));
        Directory.CreateDirectory(Path.Combine(Prefix, "var/lib/appliance"));
        File.WriteAllText(NodesFile, nodes);
        File.WriteAllText(Path.Combine(Prefix, "etc/appliance/osimages"), osimages);
        WriteRecords(records);
        try
        {
            _daemon = new DaemonProcess("proxydhcpd", SocketPath, ["--prefix", Prefix, .. arguments], ns);
        }
        catch
        {
            DeletePrefix();
            throw;
        }
        using var status = Control("status");
        ProxyPort = (ushort)(status.GetInt64("proxy_port") ?? 0);
        BootPort = (ushort)status.GetInt64("boot_port")!.Value;
    }

    public string Prefix { get; }
    public string NodesFile => Path.Combine(Prefix, "etc/appliance/nodes");
    public string RecordFilePath => Path.Combine(Prefix, "var/lib/appliance/proxydhcp.cfg");
    public string SocketPath => Path.Combine(Prefix, "run/appliance/proxydhcpd.sock");
    public ushort ProxyPort { get; }
    public ushort BootPort { get; }
    public bool HasExited => _daemon.HasExited;
    public int Pid => _daemon.Pid;
    public string Output => _daemon.Output;

    public void WriteRecords(IReadOnlyList<NodeRecord> records) => RecordFile.Write(RecordFilePath, records);

    public ControlReply Control(string request) => _daemon.Control(request);

    public void Dispose()
    {
        _daemon.Dispose();
        DeletePrefix();
    }

    private void DeletePrefix()
    {
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { }
    }
}
