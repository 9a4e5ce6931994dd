using Appliance.Integration.Support;
using Appliance.Tftp;

namespace Appliance.Integration.Tftp;

/// <summary>
/// Every way out of the root, and every name that is not a plain file, is refused with a TFTP error and a log line
/// carrying the escaped name; the daemon keeps serving a good file after each one.
/// </summary>
public sealed class AbuseTests : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("tftp-outside-").FullName;
    private readonly TftpdProcess _d;

    public AbuseTests()
    {
        File.WriteAllText(Path.Combine(_outside, "secret"), "secret");
        _d = new TftpdProcess();
        File.WriteAllText(Path.Combine(_d.Root, "ok"), "served");
        Directory.CreateDirectory(Path.Combine(_d.Root, "Boot"));
        File.CreateSymbolicLink(Path.Combine(_d.Root, "escape"), Path.Combine(_outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(_d.Root, "outdir"), _outside);
        File.CreateSymbolicLink(Path.Combine(_d.Root, "devzero"), "/dev/zero");
        if (Tools.IsRoot) Run.Shell($"mknod {Path.Combine(_d.Root, "null")} c 1 3", TimeSpan.FromSeconds(5)).EnsureSuccess();
        Run.Shell($"mkfifo {Path.Combine(_d.Root, "fifo")}", TimeSpan.FromSeconds(5)).EnsureSuccess();
        using var r = _d.Control("reindex");
        Assert.True(r.Ok, r.Error);
    }

    public void Dispose()
    {
        _d.Dispose();
        Directory.Delete(_outside, true);
    }

    private void StillServes()
    {
        var local = Path.Combine(_d.Prefix, "got-" + Guid.NewGuid().ToString("N"));
        TftpClients.GetWithTftpHpa("127.0.0.1", _d.Port, "OK", local).EnsureSuccess();
        Assert.Equal("served", File.ReadAllText(local));
    }

    [Theory]
    [InlineData("../../../../etc/passwd", TftpErrorCode.AccessViolation, "../../../../etc/passwd")]
    [InlineData("..\\..\\..\\etc\\passwd", TftpErrorCode.AccessViolation, "..\\\\..\\\\..\\\\etc\\\\passwd")]
    [InlineData("Boot/../../etc/passwd", TftpErrorCode.AccessViolation, "Boot/../../etc/passwd")]
    [InlineData("/etc/passwd", TftpErrorCode.FileNotFound, "/etc/passwd")]          // root-relative: there is no etc/ in the root
    [InlineData("C:\\Windows\\win.ini", TftpErrorCode.AccessViolation, "C:\\\\Windows\\\\win.ini")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc%2fpasswd", TftpErrorCode.FileNotFound, "%2e%2e%2f%2e%2e%2fetc%2fpasswd")] // not a URL
    [InlineData("escape", TftpErrorCode.AccessViolation, "escape")]
    [InlineData("outdir/secret", TftpErrorCode.FileNotFound, "outdir/secret")]
    [InlineData("outdir", TftpErrorCode.AccessViolation, "outdir")]
    [InlineData("devzero", TftpErrorCode.AccessViolation, "devzero")]
    [InlineData("fifo", TftpErrorCode.AccessViolation, "fifo")]
    [InlineData("Boot", TftpErrorCode.AccessViolation, "Boot")]
    [InlineData("\\", TftpErrorCode.AccessViolation, "\\\\")]
    [InlineData("ok\u0007", TftpErrorCode.AccessViolation, "ok\\x07")]
    [InlineData("ok\u001b[2J", TftpErrorCode.AccessViolation, "ok\\x1b[2J")]
    public void Refused_with_tftp_hpa_and_logged_escaped(string name, TftpErrorCode code, string logged)
    {
        var run = TftpClients.GetWithTftpHpa("127.0.0.1", _d.Port, name, Path.Combine(_d.Prefix, "x"));
        var expected = code == TftpErrorCode.FileNotFound ? "file not found" : "access violation";
        Assert.Contains(expected, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.True(_d.WaitForOutput($"\"{logged}\"", TimeSpan.FromSeconds(5)), _d.Output);
        StillServes();
    }

    [Fact]
    public void Device_node_in_the_root_is_refused()
    {
        Assert.True(Tools.IsRoot, "mknod needs root (CI runs as root)");
        var (op, code, _) = RawTftp.Request(_d.Port, RawTftp.Rrq("null"));
        Assert.Equal(TftpOpcode.Error, op);
        Assert.Equal(TftpErrorCode.AccessViolation, code);
        StillServes();
    }

    [Fact]
    public void Url_encoded_traversal_through_curl_is_refused()
    {
        // curl decodes %2e%2e to ".." and, with --path-as-is, sends it: the server sees "../../etc/passwd".
        var run = TftpClients.GetWithCurl("127.0.0.1", _d.Port, "%2e%2e/%2e%2e/etc/passwd", Path.Combine(_d.Prefix, "y"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.True(_d.WaitForOutput("ParentReference", TimeSpan.FromSeconds(5)), _d.Output);
        StillServes();
    }

    [Fact]
    public void Nul_inside_the_name_is_an_illegal_operation()
    {
        var (op, code, _) = RawTftp.Request(_d.Port, System.Text.Encoding.Latin1.GetBytes("\0\u0001ok\0../../etc/passwd\0octet\0"));
        Assert.Equal(TftpOpcode.Error, op);
        Assert.Equal(TftpErrorCode.IllegalOperation, code);
        StillServes();
    }

    [Theory]
    [InlineData(600)]
    [InlineData(1500)]
    public void Over_long_names_are_refused(int length)
    {
        var (op, code, message) = RawTftp.Request(_d.Port, RawTftp.Rrq(new string('A', length)));
        Assert.Equal(TftpOpcode.Error, op);
        Assert.Equal(TftpErrorCode.AccessViolation, code);
        Assert.Contains("too long", message, StringComparison.Ordinal);
        Assert.True(_d.WaitForOutput($"({length} chars)", TimeSpan.FromSeconds(5)), _d.Output);
        StillServes();
    }

    [Fact]
    public void Write_requests_are_refused_and_nothing_is_written()
    {
        var local = Path.Combine(_d.Prefix, "upload");
        File.WriteAllText(local, "payload");
        var run = Run.Process(TftpClients.TftpHpa, ["-l", "-m", "binary", "127.0.0.1", _d.Port.ToString(), "-c", "put", local, "uploaded"], TftpClients.Bound);
        Assert.Contains("access violation", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_d.Root, "uploaded")));
        StillServes();
    }

    [Fact]
    public void Garbage_datagrams_do_not_stop_the_daemon()
    {
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        var target = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, _d.Port);
        var rng = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var b = new byte[rng.Next(0, 700)];
            rng.NextBytes(b);
            if (b.Length > 1 && i % 3 == 0) { b[0] = 0; b[1] = 1; } // looks like an RRQ
            s.SendTo(b, target);
        }
        StillServes();
        Assert.False(_d.HasExited);
    }
}
