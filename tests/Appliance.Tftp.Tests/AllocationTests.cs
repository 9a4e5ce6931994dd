using System.Security.Cryptography;

namespace Appliance.Tftp.Tests;

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Steady state allocates nothing per DATA packet. Each transfer runs on a thread of its own, which the test's
/// per-thread counter cannot see; this runs alone (a collection without parallelisation) and compares the precise
/// process-wide count for two transfers that differ only in length. The runtime allocates a little in the background
/// (about 2 KB/s here: tiering, timers), which only ever adds, so the smallest difference of three rounds is taken.
/// One object per packet would be at least 24 bytes per packet; the bound is a sixth of that, because on a loaded
/// machine (CI, parallel builds) the background allocation during the longer transfer reached 2 bytes per packet.
/// </summary>
[Collection(nameof(AllocationCollection))]
public class AllocationTests
{
    [Theory]
    [InlineData(1, 1024, 2_000, 22_000)]   // lock-step: one ACK wait (poll, receive) per packet, pread into the packet
    [InlineData(16, 1468, 2_000, 22_000)]  // windowed: GSO batches filled by one preadv
    [InlineData(1, 16384, 500, 5_500)]     // large blocks, one per send: header corked, payload by sendfile
    public void No_allocation_per_data_packet(int window, int blockSize, int smallBlocks, int largeBlocks)
    {
        var small = new byte[smallBlocks * blockSize];
        var large = ServerHarness.RandomBytes(largeBlocks * blockSize, 5);
        using var h = new ServerHarness(o => o.ClampToPathMtu = false, root =>
        {
            File.WriteAllBytes(Path.Combine(root, "small"), small);
            File.WriteAllBytes(Path.Combine(root, "large"), large);
        });
        using var c = new TestClient();
        (string, string)[] options = [("blksize", blockSize.ToString()), ("windowsize", window.ToString())];

        // Warm up both paths (JIT, pools, first-use allocations).
        c.Get(h.Endpoint, "small", options: options);
        c.Get(h.Endpoint, "large", options: options);
        h.WaitIdle();

        var best = long.MaxValue;
        var report = "";
        for (var round = 0; round < 3; round++)
        {
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            c.Get(h.Endpoint, "small", options: options);
            h.WaitIdle();
            var a1 = GC.GetTotalAllocatedBytes(precise: true);
            var (sha, _) = c.Get(h.Endpoint, "large", options: options);
            h.WaitIdle();
            var a2 = GC.GetTotalAllocatedBytes(precise: true);
            Assert.Equal(SHA256.HashData(large), sha);
            var extra = (a2 - a1) - (a1 - a0);
            report += $" round {round}: {smallBlocks} blocks {a1 - a0} B, {largeBlocks} blocks {a2 - a1} B;";
            best = Math.Min(best, extra);
        }
        var perPacket = (double)best / (largeBlocks - smallBlocks);
        Assert.True(perPacket < 4, $"{perPacket:0.###} bytes per DATA packet:{report}");
    }
}
