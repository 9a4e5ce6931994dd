using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Integration.Vnc;

/// <summary>A peer process (Xvnc, xterm, QEMU) that runs while a test needs it and is always killed on Dispose.</summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public BackgroundProcess(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Name = Path.GetFileName(file);
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public void Kill()
    {
        Support.Run.Stop(_process);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>An unused loopback TCP port (bound and released; tests retry if another test grabs it meanwhile).</summary>
    public static int FreePort(int minimum = 1024)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (port >= minimum) return port;
        }
        throw new InvalidOperationException($"no free loopback port at or above {minimum}");
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:port (bounded).</summary>
    public static void WaitForListener(int port, TimeSpan timeout, BackgroundProcess owner)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (owner.HasExited) throw new InvalidOperationException($"{owner.Name} exited before listening on {port}:\n{owner.Output}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) { Thread.Sleep(100); }
        }
        throw new TimeoutException($"{owner.Name} did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s:\n{owner.Output}");
    }
}
