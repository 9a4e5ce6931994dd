using Appliance.Integration.Support;

namespace Appliance.Integration.Vnc;

/// <summary>
/// TigerVNC's Xvnc on a free display and a free loopback port, offering VNC authentication only, with a password
/// file written by TigerVNC's own vncpasswd. X clients started through <see cref="StartClient"/> die with it.
/// </summary>
internal sealed class XvncServer : IDisposable
{
    public const string Password = "pilot-pw";
    private readonly BackgroundProcess _server;
    private readonly List<BackgroundProcess> _clients = [];

    public int Port { get; }
    public int Display { get; }
    public string Directory { get; }
    /// <summary>vncpasswd's binary file (DES-obfuscated password).</summary>
    public string PasswdFile => Path.Combine(Directory, "passwd");
    public string Endpoint => $"127.0.0.1:{Port}";

    public XvncServer(string geometry = "800x600")
    {
        var xvnc = Tools.Peer("Xvnc", "tigervnc-standalone-server");
        var vncpasswd = Tools.Peer("vncpasswd", "tigervnc-tools");
        Directory = System.IO.Directory.CreateTempSubdirectory("vnc-xvnc").FullName;
        // vncpasswd -f reads the password on stdin and writes the file to stdout (binary: keep the bytes exact).
        Run.Shell($"printf '%s\\n' '{Password}' | {vncpasswd} -f > {PasswdFile}", TimeSpan.FromSeconds(10)).EnsureSuccess();
        var random = new Random();
        for (var attempt = 0; ; attempt++)
        {
            Display = random.Next(300, 900);
            if (File.Exists($"/tmp/.X11-unix/X{Display}") || File.Exists($"/tmp/.X{Display}-lock")) continue;
            Port = BackgroundProcess.FreePort();
            _server = new BackgroundProcess(xvnc, [$":{Display}", "-rfbport", Port.ToString(), "-SecurityTypes", "VncAuth",
                "-rfbauth", PasswdFile, "-localhost", "-geometry", geometry, "-depth", "24", "-nolisten", "tcp", "-AlwaysShared"]);
            try
            {
                BackgroundProcess.WaitForListener(Port, TimeSpan.FromSeconds(15), _server);
                break;
            }
            catch (Exception) when (attempt < 3)
            {
                _server.Dispose();
            }
        }
    }

    public Dictionary<string, string> Env => new() { ["DISPLAY"] = $":{Display}" };

    public BackgroundProcess StartClient(string file, params string[] args)
    {
        var client = new BackgroundProcess(file, args, Env);
        _clients.Add(client);
        return client;
    }

    /// <summary>Runs an X command to completion (xrandr …) against this display.</summary>
    public RunResult X(string file, params string[] args) => Run.Process(file, args, TimeSpan.FromSeconds(20), env: Env).EnsureSuccess();

    public string Log => _server.Output;

    public void Dispose()
    {
        foreach (var c in _clients) c.Dispose();
        _server.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
