using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Appliance.Tftp.Tests;

/// <summary>The engine against an in-process client over loopback: sizes, windows, loss, duplication, wrap, probes, limits.</summary>
public class TftpTransferTests
{
    [Theory]
    [InlineData(0, 512)]
    [InlineData(1, 512)]
    [InlineData(511, 512)]
    [InlineData(512, 512)]     // exactly one block: a second, empty block ends the transfer
    [InlineData(513, 512)]
    [InlineData(1468 * 3, 1468)]
    [InlineData(100_000, 1468)]
    public void Lock_step_transfers_are_byte_identical(int size, int blockSize)
    {
        var content = ServerHarness.RandomBytes(size, size);
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "f.bin"), content));
        using var c = new TestClient();
        var (sha, length) = blockSize == 512 ? c.Get(h.Endpoint, "F.BIN") : c.Get(h.Endpoint, "f.bin", options: ("blksize", blockSize.ToString()));
        Assert.Equal(size, length);
        Assert.Equal(SHA256.HashData(content), sha);
        h.WaitIdle();
        Assert.True(c.DuplicateDataPackets <= h.Server.Stats.RetransmittedBlocks, $"{c.DuplicateDataPackets} duplicates, {h.Server.Stats.RetransmittedBlocks} resent on timeout");
    }

    [Theory]
    [InlineData(1, 1468)]
    [InlineData(8, 1468)]
    [InlineData(64, 8192)]
    [InlineData(16, 65464)]
    public void Windowed_transfers_are_byte_identical(int window, int blockSize)
    {
        var content = ServerHarness.RandomBytes(3_000_000, window);
        using var h = new ServerHarness(o => o.MaxWindowBytes = 64 << 20, root => File.WriteAllBytes(Path.Combine(root, "wim"), content));
        using var c = new TestClient();
        var (sha, _) = c.Get(h.Endpoint, "wim", options: [("blksize", blockSize.ToString()), ("windowsize", window.ToString()), ("tsize", "0")]);
        Assert.Equal(SHA256.HashData(content), sha);
        Assert.Equal(blockSize.ToString(), c.Oack["blksize"]);
        Assert.Equal(window.ToString(), c.Oack["windowsize"]);
        Assert.Equal("3000000", c.Oack["tsize"]);
    }

    [Theory]
    [InlineData(65464, 64, 2)]   // 128 KiB / 64 KiB blocks
    [InlineData(1468, 64, 64)]   // fits: as asked
    [InlineData(8192, 64, 16)]
    public void Window_is_capped_by_bytes_so_a_burst_fits_the_clients_buffer(int blockSize, int asked, int granted)
    {
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "f"), new byte[300_000]));
        using var c = new TestClient();
        c.Get(h.Endpoint, "f", options: [("blksize", blockSize.ToString()), ("windowsize", asked.ToString())]);
        Assert.Equal(granted.ToString(), c.Oack["windowsize"]);
    }

    [Fact]
    public void Block_numbers_wrap_past_65535_to_zero()
    {
        // blksize 8: 65535 blocks are 524280 bytes; 600000 bytes needs 75001 blocks, so the counter wraps once.
        var content = ServerHarness.RandomBytes(600_000, 7);
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "big"), content));
        using var c = new TestClient();
        var (sha, length) = c.Get(h.Endpoint, "big", options: [("blksize", "8"), ("windowsize", "64")]);
        Assert.Equal(600_000, length);
        Assert.Equal(SHA256.HashData(content), sha);
        Assert.True(c.DataPackets >= 75_001);
    }

    [Fact]
    public void Loss_inside_a_window_rolls_back_to_the_last_acknowledged_block()
    {
        var content = ServerHarness.RandomBytes(200_000, 3);
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "f"), content));
        using var c = new TestClient();
        c.DropOnce.UnionWith([1, 5, 17, 40, 41, 100, 137]);
        var (sha, _) = c.Get(h.Endpoint, "f", options: [("blksize", "1024"), ("windowsize", "16")]);
        Assert.Equal(SHA256.HashData(content), sha);
        h.WaitIdle();
        Assert.True(h.Server.Stats.RetransmittedBlocks > 0);
        Assert.Equal(1, h.Server.Stats.Completed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void Duplicated_acks_never_cause_duplicate_data(int window)
    {
        // Sorcerer's Apprentice (RFC 1123 §4.2.3.1): answering every copy of an ACK would double the traffic from there on.
        var content = ServerHarness.RandomBytes(300 * 512 + 7, 11);
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "f"), content));
        using var c = new TestClient { DuplicateAcks = true };
        var (sha, _) = window == 1 ? c.Get(h.Endpoint, "f") : c.Get(h.Endpoint, "f", options: ("windowsize", window.ToString()));
        Assert.Equal(SHA256.HashData(content), sha);
        h.WaitIdle();
        // Every duplicate the client saw must be explained by a retransmission timeout (a loaded machine can delay an ACK
        // past the adaptive timer); none may come from answering the ACK copies. Without the cure, every block after the
        // first would arrive twice (300 duplicates for 301 blocks).
        var resent = h.Server.Stats.RetransmittedBlocks;
        Assert.True(c.DuplicateDataPackets <= resent, $"{c.DuplicateDataPackets} duplicate DATA, only {resent} blocks resent on timeout");
        Assert.Equal(301 + c.DuplicateDataPackets, c.DataPackets);
    }

    [Fact]
    public void Netascii_converts_line_ends_across_block_boundaries()
    {
        var text = "line one\nline two\r\nbare cr\rend\n"u8.ToArray();
        var big = Enumerable.Repeat(text, 200).SelectMany(x => x).ToArray();
        var expected = new List<byte>();
        foreach (var b in big)
        {
            if (b == '\n') expected.AddRange("\r\n"u8.ToArray());
            else if (b == '\r') expected.AddRange("\r\0"u8.ToArray());
            else expected.Add(b);
        }
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "t.txt"), big));
        using var c = new TestClient();
        c.DropOnce.UnionWith([3, 4]);
        var (sha, length) = c.Get(h.Endpoint, "t.txt", mode: "netascii", options: [("blksize", "9"), ("windowsize", "4")]);
        Assert.Equal(expected.Count, length);
        Assert.Equal(SHA256.HashData(expected.ToArray()), sha);
    }

    [Fact]
    public void Tsize_probe_then_error_8_is_a_size_probe_not_a_failure()
    {
        // EDK2 PxeBcTftpGetFileSize: RRQ with tsize, read the OACK, then abort with error 8.
        var observer = new RecordingObserver();
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "bootmgfw.efi"), new byte[5000]), observer: observer);
        using var c = new TestClient();
        var rrq = new byte[128];
        c.Send(h.Endpoint, rrq.AsSpan(0, TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, "bootmgfw.efi", "octet", ("tsize", "0"), ("blksize", "1468"))));
        var n = c.Receive(out var tid);
        Assert.True(TftpPacket.TryReadOpcode(c.Last(n), out var op));
        Assert.Equal(TftpOpcode.OptionAcknowledgment, op);
        c.Send((IPEndPoint)tid, rrq.AsSpan(0, TftpPacket.WriteError(rrq, TftpErrorCode.OptionNegotiationFailed, "User aborted the transfer")));
        h.WaitIdle();
        Assert.Equal(1, h.Server.Stats.SizeProbes);
        Assert.Equal(0, h.Server.Stats.Failed);
        Assert.Equal(TftpTransferOutcome.SizeProbe, Assert.Single(observer.Finished).Outcome);
        Assert.DoesNotContain(h.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public void A_client_that_vanishes_frees_its_transfer()
    {
        var observer = new RecordingObserver();
        using var h = new ServerHarness(o => o.Retries = 1, root => File.WriteAllBytes(Path.Combine(root, "f"), new byte[100_000]), observer);
        var c = new TestClient();
        var rrq = new byte[64];
        c.Send(h.Endpoint, rrq.AsSpan(0, TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, "f", "octet")));
        c.Receive(out _);
        Assert.Equal(1, h.Server.RunningTransfers);
        c.Dispose(); // gone without a word
        h.WaitIdle();
        var result = Assert.Single(observer.Finished);
        Assert.Contains(result.Outcome, new[] { TftpTransferOutcome.ClientUnreachable, TftpTransferOutcome.TimedOut });
        Assert.Equal(1, h.Server.Stats.Failed);
    }

    [Fact]
    public void Write_requests_are_refused_with_access_violation()
    {
        using var h = new ServerHarness();
        using var c = new TestClient();
        var wrq = new byte[64];
        c.Send(h.Endpoint, wrq.AsSpan(0, TftpPacket.WriteRequest(wrq, TftpOpcode.WriteRequest, "upload.bin", "octet")));
        var n = c.Receive(out _);
        Assert.True(TftpPacket.TryReadError(c.Last(n), out var code, out _));
        Assert.Equal(TftpErrorCode.AccessViolation, code);
        Assert.False(File.Exists(Path.Combine(h.Root, "upload.bin")));
        Assert.Equal(1, h.Server.Stats.WriteRequests);
    }

    [Theory]
    [InlineData("../../etc/passwd", TftpErrorCode.AccessViolation, "../../etc/passwd")]
    [InlineData("..\\..\\etc\\passwd", TftpErrorCode.AccessViolation, "..\\\\..\\\\etc\\\\passwd")]
    [InlineData("C:\\boot.ini", TftpErrorCode.AccessViolation, "C:\\\\boot.ini")]
    [InlineData("sub", TftpErrorCode.AccessViolation, "sub")]
    [InlineData("bad\u0001name", TftpErrorCode.AccessViolation, "bad\\x01name")]
    [InlineData("absent", TftpErrorCode.FileNotFound, "absent")]
    public void Refused_names_get_an_error_and_an_escaped_log_line_and_serving_goes_on(string name, TftpErrorCode expected, string logged)
    {
        var content = ServerHarness.RandomBytes(2000, 1);
        using var h = new ServerHarness(populate: root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "sub"));
            File.WriteAllBytes(Path.Combine(root, "ok"), content);
        });
        using var c = new TestClient();
        var rrq = new byte[1200];
        c.Send(h.Endpoint, rrq.AsSpan(0, TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, name, "octet")));
        var n = c.Receive(out _);
        Assert.True(TftpPacket.TryReadError(c.Last(n), out var code, out _));
        Assert.Equal(expected, code);
        Assert.True(h.Log.Contains($"\"{logged}\""), string.Join("\n", h.Log.Entries.Select(e => e.Message)));
        Assert.Equal(SHA256.HashData(content), c.Get(h.Endpoint, "OK").Sha256);
    }

    [Fact]
    public void Malformed_requests_get_illegal_operation_and_stray_packets_get_nothing()
    {
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "ok"), [1, 2, 3]));
        using var c = new TestClient();
        c.Send(h.Endpoint, "\0\u0001file\0binary\0"u8);
        var n = c.Receive(out _);
        Assert.True(TftpPacket.TryReadError(c.Last(n), out var code, out _));
        Assert.Equal(TftpErrorCode.IllegalOperation, code);
        c.Send(h.Endpoint, "\0\u0004\0\u0001"u8); // a stray ACK on port 69
        c.Send(h.Endpoint, "\0"u8);
        Assert.Equal(3, c.Get(h.Endpoint, "ok").Length);
        Assert.Equal(2, h.Server.Stats.Malformed - 1);
    }

    [Fact]
    public void A_repeated_request_from_the_same_port_does_not_start_a_second_transfer()
    {
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "f"), new byte[4000]));
        using var c = new TestClient();
        var rrq = new byte[64];
        var len = TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, "f", "octet");
        c.Send(h.Endpoint, rrq.AsSpan(0, len));
        c.Receive(out var tid);
        c.Send(h.Endpoint, rrq.AsSpan(0, len));
        Thread.Sleep(100);
        Assert.Equal(1, h.Server.Stats.Started);
        Assert.Equal(1, h.Server.Stats.DuplicateRequests);
    }

    [Fact]
    public void Per_client_limit_drops_requests_beyond_it()
    {
        using var h = new ServerHarness(o => o.MaxTransfersPerClient = 1, root => File.WriteAllBytes(Path.Combine(root, "f"), new byte[4000]));
        using var a = new TestClient();
        using var b = new TestClient();
        var rrq = new byte[64];
        var len = TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, "f", "octet");
        a.Send(h.Endpoint, rrq.AsSpan(0, len));
        a.Receive(out _); // a's transfer is running (waiting for an ACK)
        b.Send(h.Endpoint, rrq.AsSpan(0, len));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (h.Server.Stats.Busy == 0 && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.Equal(1, h.Server.Stats.Busy);
        Assert.Equal(1, h.Server.Stats.Started);
        Assert.Single(h.Server.Transfers());
    }

    [Fact]
    public void Observer_hears_start_and_done_with_bytes()
    {
        var observer = new RecordingObserver();
        using var h = new ServerHarness(populate: root => File.WriteAllBytes(Path.Combine(root, "f"), new byte[10_000]), observer: observer);
        using var c = new TestClient();
        c.Get(h.Endpoint, "f", options: ("blksize", "1400"));
        h.WaitIdle();
        var started = Assert.Single(observer.Started);
        Assert.Equal("f", started.Path);
        var done = Assert.Single(observer.Finished);
        Assert.Equal(TftpTransferOutcome.Completed, done.Outcome);
        Assert.Equal(10_000, done.Bytes);
    }

    [Fact]
    public async Task Stopping_aborts_a_stalled_transfer_within_the_grace_period_and_tells_the_client()
    {
        var root = Directory.CreateTempSubdirectory("tftp-stop-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(root, "f"), new byte[100_000]);
            var server = new TftpServer(new TftpServerOptions { BindAddress = IPAddress.Loopback, Port = 0, ShutdownGrace = TimeSpan.FromMilliseconds(300) },
                new TftpPathResolver(root), new ListLogger());
            server.Start();
            using var stop = new CancellationTokenSource();
            var run = server.RunAsync(stop.Token);
            using var c = new TestClient();
            var rrq = new byte[64];
            c.Send(server.LocalEndPoint, rrq.AsSpan(0, TftpPacket.WriteRequest(rrq, TftpOpcode.ReadRequest, "f", "octet", ("timeout", "10"))));
            c.Receive(out _);
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(5));
            // the client sees the retransmitted block(s) and then the shutdown error
            for (var i = 0; i < 50; i++)
            {
                var n = c.Receive(out _);
                if (TftpPacket.TryReadError(c.Last(n), out var code, out var msg))
                {
                    Assert.Contains("shutting down", System.Text.Encoding.ASCII.GetString(msg), StringComparison.Ordinal);
                    return;
                }
            }
            Assert.Fail("no shutdown error seen");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    internal sealed class RecordingObserver : ITftpTransferObserver
    {
        public ConcurrentQueue<TftpTransferInfo> Started { get; } = new();
        public ConcurrentQueue<TftpTransferResult> Finished { get; } = new();
        public void TransferStarted(TftpTransferInfo transfer) => Started.Enqueue(transfer);
        public void TransferFinished(TftpTransferInfo transfer, TftpTransferResult result) => Finished.Enqueue(result);
    }
}
