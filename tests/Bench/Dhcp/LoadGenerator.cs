using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Bench.Dhcp;

/// <summary>
/// Plays many PXE clients from one socket bound to port 68 on IFACE: DISCOVERs broadcast to 255.255.255.255:67,
/// alternating BIOS (arch 0) and x64 UEFI (arch 7) over 1,000 MACs 02:00:00:00:xx:xx; offers come back broadcast to 68.
/// `load` keeps WINDOW requests in flight (closed loop) and reports replies/s; <see cref="LatencyProbe"/> measures
/// latency at a fixed rate with the same requests.
/// </summary>
internal static class LoadGenerator
{
    public const int Nodes = 1000;
    private const uint XidBase = 0x10000000;

    /// <summary>One DISCOVER per client, xid to be filled in: the request mix of every measurement.</summary>
    public static byte[][] Requests()
    {
        var list = new byte[Nodes][];
        for (var i = 0; i < Nodes; i++)
        {
            var arch = (ushort)(i % 2 == 0 ? 0 : 7);
            var p = new byte[360]; // options end near 305; the rest stays zero padding
            p[0] = 1; p[1] = 1; p[2] = 6;
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), 0x8000);
            p[28] = 0x02; p[32] = (byte)(i >> 8); p[33] = (byte)i;
            var o = 236;
            foreach (var b in new byte[] { 99, 130, 83, 99, 53, 1, 1, 93, 2, (byte)(arch >> 8), (byte)arch, 94, 3, 1, 3, 16 }) p[o++] = b;
            var vc = Encoding.ASCII.GetBytes($"PXEClient:Arch:{arch:D5}:UNDI:003016");
            p[o++] = 60; p[o++] = (byte)vc.Length;
            vc.CopyTo(p, o); o += vc.Length;
            p[o++] = 97; p[o++] = 17; p[o++] = 0;
            for (var k = 0; k < 16; k++) p[o++] = (byte)(i + k);
            p[o] = 255;
            list[i] = p;
        }
        return list;
    }

    /// <summary>
    /// Closed loop, one thread, no spinning: each turn tops the window up with one sendmmsg(2) and takes the replies
    /// that arrived with one recvmmsg(2) (blocking up to 20 ms for the first). Replies that do not come within 50 ms
    /// are written off and the window refilled. Its ceiling is measured against <see cref="NullResponder"/>.
    /// </summary>
    public static unsafe int Throughput(string iface, double seconds, int window)
    {
        const int Batch = 64;
        const int RequestSlot = 512;
        const int ReplySlot = 2048;
        var fd = BatchIo.Open(iface, 68, 20_000);
        // requests leave through a second socket on port 68, connected to 255.255.255.255:67: Linux caches a connected
        // socket's route, where an unconnected send to the broadcast address looks one up and allocates it per packet
        // (broadcast routes are never cached in the FIB). Replies come from the server's address, which the connected
        // socket does not match, so they all reach fd.
        var sendFd = BatchIo.Open(iface, 68, 20_000);
        var target = new SockAddrIn { Family = 2, Port = 67 << 8, Address = 0xFFFFFFFF };
        if (BatchIo.connect(sendFd, &target, sizeof(SockAddrIn)) != 0)
            throw new InvalidOperationException($"connect to 255.255.255.255:67 failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        var requests = Requests();
        var sendBuffers = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(Batch * RequestSlot);
        var receiveBuffers = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(Batch * ReplySlot);
        var sendIov = stackalloc IoVec[Batch];
        var receiveIov = stackalloc IoVec[Batch];
        var sendMessages = stackalloc MMsgHdr[Batch];
        var receiveMessages = stackalloc MMsgHdr[Batch];
        long sent = 0, received = 0, lost = 0;
        var stop = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        var lastProgress = Stopwatch.StartNew();
        var warm = TimeSpan.FromSeconds(1);
        long countedFrom = -1;
        TimeSpan countedAt = default;
        while (stop.Elapsed < duration)
        {
            if (countedFrom < 0 && stop.Elapsed >= warm) { countedFrom = received; countedAt = stop.Elapsed; }
            var room = (int)Math.Min(Batch, window - (sent - received - lost));
            if (room > 0)
            {
                for (var i = 0; i < room; i++)
                {
                    var request = requests[(sent + i) % Nodes];
                    var slot = new Span<byte>(sendBuffers + i * RequestSlot, RequestSlot);
                    request.CopyTo(slot);
                    BinaryPrimitives.WriteUInt32BigEndian(slot[4..], XidBase + (uint)(sent + i));
                    sendIov[i] = new IoVec { Base = sendBuffers + i * RequestSlot, Length = (nuint)request.Length };
                    sendMessages[i] = new MMsgHdr
                    {
                        Header = new MsgHdr { Iov = &sendIov[i], IovLength = 1 },
                    };
                }
                var n = sendmmsg(sendFd, sendMessages, (uint)room, 0);
                if (n > 0) sent += n;
            }
            for (var i = 0; i < Batch; i++)
            {
                receiveIov[i] = new IoVec { Base = receiveBuffers + i * ReplySlot, Length = ReplySlot };
                receiveMessages[i] = new MMsgHdr { Header = new MsgHdr { Iov = &receiveIov[i], IovLength = 1 } };
            }
            var got = recvmmsg(fd, receiveMessages, Batch, BatchIo.MsgWaitForOne, null);
            for (var i = 0; i < got; i++)
            {
                var reply = new ReadOnlySpan<byte>(receiveBuffers + i * ReplySlot, (int)receiveMessages[i].Length);
                if (reply.Length >= 240 && reply[0] == 2 && BinaryPrimitives.ReadUInt32BigEndian(reply[4..]) >= XidBase) received++;
            }
            if (got > 0) lastProgress.Restart();
            else if (lastProgress.ElapsedMilliseconds > 50)
            {
                lost = sent - received; // replies that will not come: refill the window
                lastProgress.Restart();
            }
        }
        var rate = (received - countedFrom) / (stop.Elapsed - countedAt).TotalSeconds;
        close(fd);
        close(sendFd);
        System.Runtime.InteropServices.NativeMemory.Free(sendBuffers);
        System.Runtime.InteropServices.NativeMemory.Free(receiveBuffers);
        Console.WriteLine($"load sent={sent} received={received} rate={rate:0}");
        return 0;
    }
}
