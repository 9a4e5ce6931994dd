using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static Appliance.Bench.Dhcp.BatchIo;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Bench.Dhcp;

/// <summary>
/// Open-loop latency at a fixed offered rate, from one thread that neither spins nor sends one packet per call:
/// request i is due at start + i / RATE; each turn sends every request that is due with one sendmmsg(2) (the clock is
/// read just before it: that is each request's send time), drains the replies with recvmmsg(2), and sleeps in ppoll(2)
/// until the next request is due or a reply arrives. A reply's time is the kernel's receive timestamp (SO_TIMESTAMPNS,
/// taken when the server's reply enters the client's stack), so time the probe spends sending or parsing is not
/// counted as server latency. Requests are not retried; a request without a reply within 1 s after the last send is lost.
/// </summary>
internal static unsafe partial class LatencyProbe
{
    private const int Batch = 64;
    private const int RequestSlot = 512;
    private const int ReplySlot = 2048;
    private const int ControlSlot = 64;
    private const int SoTimestampNs = 35; // SO_TIMESTAMPNS_OLD = SCM_TIMESTAMPNS on x86-64
    private const int ClockRealtime = 0;
    private const short PollIn = 1;
    private const int MsgDontWait = 0x40;
    private const uint XidBase = 0x20000000;

    public static int Run(string iface, double seconds, int rate)
    {
        // ppoll wakes within 1 ns of the due time instead of the default 50 µs timer slack (prctl(2) PR_SET_TIMERSLACK)
        prctl(29, 1, 0, 0, 0);
        var fd = Open(iface, 68, 200_000);
        var on = 1;
        if (setsockopt(fd, 1 /* SOL_SOCKET */, SoTimestampNs, &on, sizeof(int)) != 0)
            throw new InvalidOperationException($"setsockopt(SO_TIMESTAMPNS) failed: errno {Marshal.GetLastPInvokeError()}");
        var requests = LoadGenerator.Requests();
        var count = (int)(seconds * rate);
        var sentAt = new long[count];
        var latency = new long[count];
        Array.Fill(latency, -1);
        var target = new SockAddrIn { Family = 2, Port = 67 << 8, Address = 0xFFFFFFFF };
        var sendBuffers = (byte*)NativeMemory.AllocZeroed(Batch * RequestSlot);
        var receiveBuffers = (byte*)NativeMemory.AllocZeroed(Batch * ReplySlot);
        var controls = (byte*)NativeMemory.AllocZeroed(Batch * ControlSlot);
        var sendIov = stackalloc IoVec[Batch];
        var receiveIov = stackalloc IoVec[Batch];
        var sendMessages = stackalloc MMsgHdr[Batch];
        var receiveMessages = stackalloc MMsgHdr[Batch];
        var poll = new PollFd { Fd = fd, Events = PollIn };
        long next = 0, answered = 0, late = 0;
        var start = Now();
        var drainUntil = long.MaxValue;
        while (true)
        {
            var now = Now();
            var due = Math.Min(count, (now - start) * rate / 1_000_000_000L + 1);
            while (next < due)
            {
                var n = (int)Math.Min(Batch, due - next);
                for (var i = 0; i < n; i++)
                {
                    var request = requests[(next + i) % LoadGenerator.Nodes];
                    var slot = new Span<byte>(sendBuffers + i * RequestSlot, RequestSlot);
                    request.CopyTo(slot);
                    BinaryPrimitives.WriteUInt32BigEndian(slot[4..], XidBase + (uint)(next + i));
                    sendIov[i] = new IoVec { Base = sendBuffers + i * RequestSlot, Length = (nuint)request.Length };
                    sendMessages[i] = new MMsgHdr
                    {
                        Header = new MsgHdr { Name = &target, NameLength = (uint)sizeof(SockAddrIn), Iov = &sendIov[i], IovLength = 1 },
                    };
                }
                var at = Now();
                var sent = sendmmsg(fd, sendMessages, (uint)n, 0);
                if (sent <= 0) break;
                for (var i = 0; i < sent; i++) sentAt[next + i] = at;
                next += sent;
            }
            if (next >= count && drainUntil == long.MaxValue) drainUntil = Now() + 1_000_000_000L;

            for (var i = 0; i < Batch; i++)
            {
                receiveIov[i] = new IoVec { Base = receiveBuffers + i * ReplySlot, Length = ReplySlot };
                receiveMessages[i] = new MMsgHdr
                {
                    Header = new MsgHdr { Iov = &receiveIov[i], IovLength = 1, Control = controls + i * ControlSlot, ControlLength = ControlSlot },
                };
            }
            var got = recvmmsg(fd, receiveMessages, Batch, MsgDontWait, null);
            for (var i = 0; i < got; i++)
            {
                var reply = new ReadOnlySpan<byte>(receiveBuffers + i * ReplySlot, (int)receiveMessages[i].Length);
                if (reply.Length < 240 || reply[0] != 2) continue;
                var k = (long)BinaryPrimitives.ReadUInt32BigEndian(reply[4..]) - XidBase;
                if (k < 0 || k >= next || latency[k] >= 0) continue;
                var received = ReceiveTimestamp(ref receiveMessages[i].Header);
                if (received == 0) { late++; continue; }
                latency[k] = Math.Max(0, received - sentAt[k]);
                answered++;
            }
            if (got > 0) continue;
            now = Now();
            if (now >= drainUntil || answered == count) break;
            // sleep until the next request is due (or, once all are sent, a while) unless a reply comes first
            var wait = next < count ? start + (next * 1_000_000_000L + rate - 1) / rate - now : 1_000_000;
            if (wait <= 0) continue;
            var timeout = new TimeSpec { Seconds = wait / 1_000_000_000L, Nanoseconds = wait % 1_000_000_000L };
            ppoll(&poll, 1, &timeout, null);
        }
        close(fd);
        NativeMemory.Free(sendBuffers);
        NativeMemory.Free(receiveBuffers);
        NativeMemory.Free(controls);

        var samples = latency.Where(x => x >= 0).Order().ToArray();
        double P(double q) => samples.Length == 0 ? double.NaN : samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))] / 1000.0;
        var offered = count / Math.Max(1e-9, (sentAt[count - 1] - sentAt[0]) / 1e9);
        Console.WriteLine($"latency rate={rate} offered={offered:0} sent={count} answered={samples.Length} no_timestamp={late} " +
            $"p50_us={P(0.50):0} p90_us={P(0.90):0} p99_us={P(0.99):0} p999_us={P(0.999):0} max_us={P(1.0):0}");
        return 0;
    }

    /// <summary>The SCM_TIMESTAMPNS control message of a received datagram, in CLOCK_REALTIME nanoseconds (0: none).</summary>
    private static long ReceiveTimestamp(ref MsgHdr message)
    {
        var control = (byte*)message.Control;
        var offset = 0;
        while (offset + sizeof(CmsgHdr) <= (int)message.ControlLength)
        {
            var header = (CmsgHdr*)(control + offset);
            if (header->Length < (nuint)sizeof(CmsgHdr)) break;
            if (header->Level == 1 && header->Type == SoTimestampNs)
            {
                var ts = (TimeSpec*)(control + offset + sizeof(CmsgHdr));
                return ts->Seconds * 1_000_000_000L + ts->Nanoseconds;
            }
            offset += (int)((header->Length + 7) & ~(nuint)7);
        }
        return 0;
    }

    private static long Now()
    {
        TimeSpec ts;
        clock_gettime(ClockRealtime, &ts);
        return ts.Seconds * 1_000_000_000L + ts.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc")]
    private static partial int prctl(int option, nuint a, nuint b, nuint c, nuint d);

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, TimeSpec* time);

    [LibraryImport("libc")]
    private static partial int ppoll(PollFd* fds, nuint count, TimeSpec* timeout, void* sigmask);
}
