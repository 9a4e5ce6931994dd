using System.Diagnostics;
using System.Text;
using Appliance.Core.Control;

namespace Appliance.Integration.Support;

/// <summary>
/// A published daemon started for a test (optionally inside a network namespace) with its output captured, returned
/// once its control socket answers <c>status</c> with ok; killed on Dispose. Every wait is bounded.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public DaemonProcess(string daemon, string socketPath, IReadOnlyList<string> args, NetNs? ns = null)
    {
        Name = daemon;
        SocketPath = socketPath;
        var binary = Tools.Binary(daemon);
        var psi = ns is null ? new ProcessStartInfo(binary) : new ProcessStartInfo("ip");
        foreach (var a in ns is null ? args : ns.Wrap(binary, [.. args])) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {daemon}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            WaitReady();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }
    public string SocketPath { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public ControlReply Control(string request) => ControlClient.Request(SocketPath, Name, request, TimeSpan.FromSeconds(10));

    /// <summary>Sends a signal (HUP, TERM) to the daemon.</summary>
    public void Signal(string name) => Run.Shell($"kill -{name} {Pid}", TimeSpan.FromSeconds(5)).EnsureSuccess();

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

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

    private void WaitReady()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited {_process.ExitCode}:\n{Output}");
            if (File.Exists(SocketPath))
            {
                try
                {
                    using var status = Control("status");
                    if (status.Ok) return;
                }
                catch (ControlClientException) { }
            }
            if (deadline.Elapsed > ReadyTimeout) throw new TimeoutException($"{Name} not ready within {ReadyTimeout.TotalSeconds:0} s:\n{Output}");
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        Run.Stop(_process);
        _process.Dispose();
    }
}
