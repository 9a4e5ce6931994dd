namespace Appliance.Integration.Tftp;

/// <summary>
/// One tftpd over one root for the interop tests: files of 0 and 1 bytes, exactly one block at each client's block size,
/// 64 MiB, and one just past 65536 blocks of 512 bytes (the block counter wraps once).
/// </summary>
public sealed class InteropFixture : IDisposable
{
    public const long Big = 64L << 20;
    /// <summary>65536 blocks of 512 bytes plus one byte: block numbers run 1..65535, 0, 1 (tftp-hpa's wrap).</summary>
    public const long Wrap = 65536L * 512 + 1;

    public InteropFixture()
    {
        Root = Directory.CreateTempSubdirectory("tftp-interop-").FullName;
        TftpClients.WriteRandom(Path.Combine(Root, "empty"), 0, 1);
        TftpClients.WriteRandom(Path.Combine(Root, "one"), 1, 2);
        TftpClients.WriteRandom(Path.Combine(Root, "block512"), 512, 3);
        TftpClients.WriteRandom(Path.Combine(Root, "block1024"), 1024, 4);
        TftpClients.WriteRandom(Path.Combine(Root, "block1468"), 1468, 5);
        TftpClients.WriteRandom(Path.Combine(Root, "Boot/boot.wim"), Big, 6);
        TftpClients.WriteRandom(Path.Combine(Root, "wrap.bin"), Wrap, 7);
        Hashes = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(Root, p), TftpClients.Sha256);
        Daemon = new TftpdProcess(Root);
        Downloads = Directory.CreateTempSubdirectory("tftp-interop-out-").FullName;
    }

    public string Root { get; }
    public string Downloads { get; }
    public IReadOnlyDictionary<string, string> Hashes { get; }
    public TftpdProcess Daemon { get; }

    public string NewLocal() => Path.Combine(Downloads, Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Daemon.Dispose();
        Directory.Delete(Root, true);
        Directory.Delete(Downloads, true);
    }
}
