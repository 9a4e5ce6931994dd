using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Appliance.Core.Control;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Core.Tests.Control;

public sealed class ControlServerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("control").FullName;
    private ControlServer _server = null!;
    private int _reloads;

    private string SocketPath => Path.Combine(_dir, "testd.sock");

    public Task InitializeAsync()
    {
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        // 0666 so the unprivileged-peer test can connect and be refused by the verb check, not by the file mode.
        _server = new ControlServer("testd", SocketPath, NullLogger.Instance, mode: (UnixFileMode)0b110_110_110);
        _server.Register("reload", "Reload.", (_, w) => w.WriteNumber("generation", Interlocked.Increment(ref _reloads)), mutating: true);
        _server.Register("echo", "Echo args.", (r, w) => w.WriteString("args", r.Arguments));
        _server.Register("refuse", "Always refuses.", (_, _) => throw new ControlException("no such node \"x\""));
        _server.Register("crash", "Throws half-way.", (_, w) => { w.WriteString("partial", "x"); throw new InvalidOperationException("bug"); });
        _server.Status = w => w.WriteNumber("records", 3);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private ControlReply Ask(string line) => ControlClient.Request(SocketPath, "testd", line);

    [Fact]
    public void Builtin_verbs_answer_one_json_line()
    {
        using (var ping = Ask("ping"))
        {
            Assert.True(ping.Ok);
            Assert.Equal("testd", ping.GetString("daemon"));
            Assert.Equal(Environment.ProcessId, ping.GetInt64("pid"));
        }
        using (var status = Ask("status")) Assert.Equal(3, status.GetInt64("records"));
        using (var help = Ask("help"))
        {
            var verbs = help.Root.GetProperty("verbs").EnumerateArray().Select(v => v.GetProperty("verb").GetString()).ToList();
            Assert.Contains("events", verbs);
            Assert.Contains("reload", verbs);
        }
        using var echo = Ask("echo  a b  ");
        Assert.Equal("a b", echo.GetString("args"));
    }

    [Fact]
    public void Errors_are_answers_and_never_partial()
    {
        using (var r = Ask("refuse")) Assert.Equal((false, "no such node \"x\""), (r.Ok, r.Error));
        using (var r = Ask("crash"))
        {
            Assert.False(r.Ok);
            Assert.Equal("crash failed: bug", r.Error);
            Assert.False(r.Root.TryGetProperty("partial", out _));
        }
        using (var r = Ask("bogus")) Assert.StartsWith("unknown verb \"bogus\"; testd knows: crash, echo, events, help", r.Error);
        using (var r = Ask("")) Assert.Contains("empty request", r.Error);
    }

    [Fact]
    public void Invalid_utf8_gets_an_error_and_the_connection_goes_on()
    {
        using var s = Connect();
        s.Send([0xC3, 0x28, (byte)'\n']);
        s.Send("ping\n"u8);
        var lines = ReadLines(s, 2);
        Assert.Contains("not valid UTF-8", lines[0]);
        Assert.Contains("\"daemon\":\"testd\"", lines[1]);
    }

    [Fact]
    public void Oversized_requests_get_an_error_and_the_server_keeps_serving()
    {
        using (var s = Connect())
        {
            s.Send(Encoding.ASCII.GetBytes(new string('x', 10_000)));
            var line = ReadLines(s, 1)[0];
            Assert.Contains("\"ok\":false", line);
            Assert.Contains("4096", line);
        }
        using var ok = Ask("ping");
        Assert.True(ok.Ok);
        Assert.True(_server.BadRequests >= 1);
    }

    [Fact]
    public void Many_concurrent_clients_all_get_their_own_answers()
    {
        // Dedicated threads, like separate CLI processes: none of them borrows the server's thread pool.
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var threads = Enumerable.Range(0, 32).Select(c => new Thread(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                using var r = Ask($"echo {c}-{i}");
                if (r.GetString("args") != $"{c}-{i}") failures.Enqueue($"{c}-{i}: {r.Root.GetRawText()}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(60))));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Events_stream_until_the_client_hangs_up()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var e in ControlClient.EventsAsync(SocketPath, "testd", cts.Token))
            {
                using (e) received.Add(e.RootElement.GetProperty("node").GetString()!);
                if (received.Count == 3) break;
            }
        });
        while (_server.Events.Subscribers == 0) await Task.Delay(10, cts.Token);
        for (var i = 0; i < 3; i++) _server.Events.Publish("offer", $"node0{i}", w => w.WriteString("arch", "x64"));
        await reader.WaitAsync(cts.Token);
        Assert.Equal(["node00", "node01", "node02"], received);
        // The client hung up mid-stream: the server drops the subscriber and keeps serving.
        while (_server.Events.Subscribers != 0) await Task.Delay(10, cts.Token);
        _server.Events.Publish("offer", "node09");
        using var ok = Ask("recent");
        var nodes = ok.Root.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("node").GetString()).ToList();
        Assert.Equal(["node00", "node01", "node02", "node09"], nodes);
        using var some = Ask("history node01 node09");
        Assert.Equal(4, some.GetInt64("nodes"));
        Assert.Equal(["node01", "node09"], some.Root.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("node").GetString()).ToList());
    }

    [Fact]
    public void Root_may_mutate()
    {
        Assert.True(Environment.UserName == "root", "control access tests run as root (as CI does)");
        using var r = Ask("reload");
        Assert.True(r.Ok);
    }

    [Fact]
    public void An_unprivileged_peer_may_read_but_not_mutate()
    {
        var reload = AsNobody("reload");
        Assert.Contains("\"ok\":false", reload);
        Assert.Contains("permission denied: reload needs root or group appliance (peer uid 65534)", reload);
        Assert.Contains("\"daemon\":\"testd\"", AsNobody("ping"));
        Assert.Equal(0, _reloads);
    }

    private string AsNobody(string request)
    {
        var psi = new ProcessStartInfo("setpriv")
        {
            ArgumentList = { "--reuid=65534", "--regid=65534", "--clear-groups", "socat", "-t2", "-", $"UNIX-CONNECT:{SocketPath}" },
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(request + "\n");
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(10_000), "socat did not finish");
        Assert.True(p.ExitCode == 0, $"setpriv socat exited {p.ExitCode}: {error}");
        return output;
    }

    [Fact]
    public void Client_errors_are_plain_words()
    {
        var missing = Path.Combine(_dir, "nope.sock");
        var e = Assert.Throws<ControlClientException>(() => ControlClient.Request(missing, "proxydhcpd", "ping"));
        Assert.Equal(ControlClientError.NotRunning, e.Reason);
        Assert.Equal($"proxydhcpd is not running: no socket at {missing}", e.Message);

        var stale = StaleSocket("stale.sock");
        e = Assert.Throws<ControlClientException>(() => ControlClient.Request(stale, "tftpd", "ping"));
        Assert.Contains("tftpd is not running: nothing listens", e.Message);
    }

    [Fact]
    public async Task A_second_server_on_the_same_socket_is_refused_and_a_stale_socket_is_replaced()
    {
        await using var second = new ControlServer("testd", SocketPath, NullLogger.Instance);
        Assert.Contains("another testd answers", Assert.Throws<IOException>(second.Start).Message);

        var stale = StaleSocket("stale2.sock");
        await using var fresh = new ControlServer("other", stale, NullLogger.Instance);
        fresh.Start();
        using var r = ControlClient.Request(stale, "other", "ping");
        Assert.True(r.Ok);
    }

    /// <summary>A socket file nobody listens on, as a daemon killed with SIGKILL leaves behind (.NET unlinks its own on dispose).</summary>
    private string StaleSocket(string name)
    {
        var path = Path.Combine(_dir, name);
        var psi = new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { "-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path } };
        using var p = Process.Start(psi)!;
        Assert.True(p.WaitForExit(10_000));
        Assert.True(File.Exists(path));
        return path;
    }

    private Socket Connect()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 5000 };
        s.Connect(new UnixDomainSocketEndPoint(SocketPath));
        return s;
    }

    private static List<string> ReadLines(Socket s, int count)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (text.ToString().Count(c => c == '\n') < count)
        {
            var n = s.Receive(buffer);
            if (n == 0) break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var l in lines) JsonDocument.Parse(l).Dispose();
        return lines;
    }
}
