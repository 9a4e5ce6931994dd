using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>
/// Three clients nobody here wrote fetch from the published tftpd over loopback; every file must hash identically.
/// tftp-hpa speaks plain RFC 1350 (512-byte lock-step: its 64 MiB download wraps the block counter twice); atftp adds
/// blksize and RFC 7440 windowsize; curl adds blksize and tsize.
/// </summary>
public class InteropTests(InteropFixture f) : IClassFixture<InteropFixture>
{
    private void AssertSame(string remote, string local, RunResult run)
    {
        Assert.True(File.Exists(local), $"{run.Command} wrote nothing\n{run.Stdout}\n{run.Stderr}\n{f.Daemon.Output}");
        Assert.Equal(f.Hashes[remote], TftpClients.Sha256(local));
        File.Delete(local);
    }

    [Theory]
    [InlineData("empty", "empty")]
    [InlineData("one", "one")]
    [InlineData("block512", "\\BLOCK512")]          // exactly one block; backslash and case as bootmgr sends them
    [InlineData("Boot/boot.wim", "\\boot\\BOOT.WIM")] // 131072 blocks: the counter wraps twice
    public void TftpHpa(string file, string remote)
    {
        var local = f.NewLocal();
        var run = TftpClients.GetWithTftpHpa("127.0.0.1", f.Daemon.Port, remote, local).EnsureSuccess();
        AssertSame(file, local, run);
    }

    [Theory]
    [InlineData("empty", null, null)]
    [InlineData("one", null, null)]
    [InlineData("block512", null, null)]
    [InlineData("block1468", 1468, null)]
    [InlineData("block1468", 1468, 8)]
    [InlineData("Boot/boot.wim", 1468, 16)]
    [InlineData("Boot/boot.wim", 65464, 2)]
    [InlineData("wrap.bin", 512, 64)]            // 65537 blocks of 512 with windows of 64
    public void Atftp(string file, int? blockSize, int? window)
    {
        var local = f.NewLocal();
        var run = TftpClients.GetWithAtftp("127.0.0.1", f.Daemon.Port, file, local, blockSize, window).EnsureSuccess();
        AssertSame(file, local, run);
    }

    [Theory]
    [InlineData("one", null)]
    [InlineData("block512", null)]
    [InlineData("block1024", 1024)]
    [InlineData("Boot/boot.wim", 65464)]
    [InlineData("wrap.bin", 512)]
    public void Curl(string file, int? blockSize)
    {
        var local = f.NewLocal();
        var run = TftpClients.GetWithCurl("127.0.0.1", f.Daemon.Port, file, local, blockSize).EnsureSuccess();
        AssertSame(file, local, run);
    }

    [Fact]
    public void Curl_empty_file_without_options()
    {
        // curl 7.88 rejects an OACK whose tsize is 0 ("invalid tsize value in OACK packet", CURLE_TFTP_ILLEGAL) with
        // every server (atftpd too), so the empty file is fetched without options, as plain RFC 1350.
        var local = f.NewLocal();
        var run = TftpClients.GetWithCurl("127.0.0.1", f.Daemon.Port, "empty", local, noOptions: true).EnsureSuccess();
        AssertSame("empty", local, run);
    }
}
