using Appliance.Core.Control;
using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>
/// The published tftpd over a private prefix (its own TFTP root, node table and control socket) on an ephemeral port,
/// optionally inside a network namespace. Killed and its folder removed on Dispose; every wait is bounded.
/// </summary>
public sealed class TftpdProcess : IDisposable
{
    private readonly DaemonProcess _daemon;

    public TftpdProcess(string? root = null, string nodes = "", IEnumerable<string>? arguments = null, NetNs? ns = null, string bind = "127.0.0.1")
    {
        Prefix = Directory.CreateTempSubdirectory("tftpd-it-").FullName;
        Directory.CreateDirectory(Path.Combine(Prefix, "etc/appliance"));
        File.WriteAllText(NodesFile, nodes);
        Root = root ?? Path.Combine(Prefix, "srv/tftp");
        Directory.CreateDirectory(Root);
        string[] args = ["--prefix", Prefix, "--tftproot", Root, "--bind", bind, "--port", "0", .. arguments ?? []];
        try
        {
            _daemon = new DaemonProcess("tftpd", SocketPath, args, ns);
        }
        catch
        {
            DeletePrefix();
            throw;
        }
        using var status = Control("status");
        var listen = status.GetString("listen")!;
        Port = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Prefix { get; }
    public string Root { get; }
    public string NodesFile => Path.Combine(Prefix, "etc/appliance/nodes");
    public string SocketPath => Path.Combine(Prefix, "run/appliance/tftpd.sock");
    public int Port { get; }
    public int Pid => _daemon.Pid;
    public bool HasExited => _daemon.HasExited;
    public string Output => _daemon.Output;
    public int ExitCode => _daemon.ExitCode;

    public ControlReply Control(string request) => _daemon.Control(request);

    /// <summary>Sends a signal (HUP, TERM) to the daemon.</summary>
    public void Signal(string name) => _daemon.Signal(name);

    public bool WaitForExit(TimeSpan timeout) => _daemon.WaitForExit(timeout);

    /// <summary>Waits (bounded) for a log line containing <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout) => _daemon.WaitForOutput(text, timeout);

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
