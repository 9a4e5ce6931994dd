using System.Security.Cryptography;
using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>Runs the third-party TFTP clients (tftp-hpa, atftp, curl) with a time bound and hashes what they wrote.</summary>
public static class TftpClients
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static string TftpHpa => Tools.Peer("tftp", "tftp-hpa");
    public static string Atftp => Tools.Peer("atftp", "atftp");
    public static string Curl => Tools.Peer("curl", "curl");

    /// <summary>tftp-hpa: octet mode, literal names (no host:file splitting); it has no option support (RFC 1350 lock-step, 512-byte blocks).</summary>
    public static RunResult GetWithTftpHpa(string host, int port, string remote, string local, NetNs? ns = null) =>
        Exec(ns, TftpHpa, ["-l", "-m", "binary", host, port.ToString(), "-c", "get", remote, local]);

    /// <summary>atftp with RFC 2348 blksize and RFC 7440 windowsize (atftp 0.8 supports both as --option).</summary>
    public static RunResult GetWithAtftp(string host, int port, string remote, string local, int? blockSize = null, int? windowSize = null,
        NetNs? ns = null, string? timeout = null)
    {
        var args = new List<string>();
        if (blockSize is { } b) args.AddRange(["--option", $"blksize {b}"]);
        if (windowSize is { } w) args.AddRange(["--option", $"windowsize {w}"]);
        if (timeout is not null) args.AddRange(["--option", $"timeout {timeout}"]);
        args.AddRange(["-g", "-r", remote, "-l", local, host, port.ToString()]);
        return Exec(ns, Atftp, args);
    }

    /// <summary>curl's TFTP: blksize via --tftp-blksize; --path-as-is keeps "../" from being squashed before it is sent.</summary>
    public static RunResult GetWithCurl(string host, int port, string remote, string local, int? blockSize = null, bool noOptions = false, NetNs? ns = null)
    {
        var args = new List<string> { "-sS", "--fail", "--path-as-is", "--max-time", "80", "-o", local };
        if (blockSize is { } b) args.AddRange(["--tftp-blksize", b.ToString()]);
        if (noOptions) args.Add("--tftp-no-options");
        args.Add($"tftp://{host}:{port}/{remote}");
        return Exec(ns, Curl, args);
    }

    private static RunResult Exec(NetNs? ns, string tool, IReadOnlyList<string> args) =>
        ns is null ? Run.Process(tool, args, Bound) : Run.Process("ip", ns.Wrap(tool, [.. args]), Bound);

    public static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(f));
    }

    /// <summary>Writes a file of deterministic pseudo-random bytes.</summary>
    public static void WriteRandom(string path, long length, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rng = new Random(seed);
        var buffer = new byte[1 << 20];
        using var f = File.Create(path);
        for (long left = length; left > 0; left -= buffer.Length)
        {
            rng.NextBytes(buffer);
            f.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
    }
}
