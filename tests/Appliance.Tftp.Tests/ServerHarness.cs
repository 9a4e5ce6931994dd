using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Appliance.Tftp.Tests;

/// <summary>A server on 127.0.0.1 with an ephemeral port over a temporary root; stops and deletes the root on Dispose.</summary>
internal sealed class ServerHarness : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public ServerHarness(Action<TftpServerOptions>? configure = null, Action<string>? populate = null, ITftpTransferObserver? observer = null)
    {
        Root = Directory.CreateTempSubdirectory("tftp-test-").FullName;
        populate?.Invoke(Root);
        var options = new TftpServerOptions { BindAddress = IPAddress.Loopback, Port = 0 };
        configure?.Invoke(options);
        Server = new TftpServer(options, new TftpPathResolver(Root), Log, observer);
        Server.Start();
        _run = Server.RunAsync(_stop.Token);
    }

    public string Root { get; }

    public TftpServer Server { get; }

    public ListLogger Log { get; } = new();

    public IPEndPoint Endpoint => Server.LocalEndPoint;

    public string Write(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Waits (bounded) until no transfer is running, so counters are final.</summary>
    public void WaitIdle()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Server.RunningTransfers > 0 && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.Equal(0, Server.RunningTransfers);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _run.Wait(TimeSpan.FromSeconds(10));
        Server.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }
}

internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));

    public bool Contains(string text) => Entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal));
}
