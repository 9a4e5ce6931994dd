using System.Runtime.InteropServices;
using System.Text;
using static Appliance.Bench.Dhcp.BatchIo;
using static Appliance.Dhcp.Server.UdpInterop;

namespace Appliance.Bench.Dhcp;

/// <summary>
/// The load generator's ceiling: a responder that does no DHCP work at all. It takes up to 64 datagrams per recvmmsg(2)
/// on UDP 67, turns each into a BOOTREPLY in place (op = 2, nothing else) and sends them all back broadcast to port 68
/// with one sendmmsg(2). Whatever rate the generator reaches against it bounds what it can measure of a real server.
/// </summary>
internal static unsafe class NullResponder
{
    private const int Batch = 64;
    private const int Slot = 2048;

    public static int Run(string iface, double seconds)
    {
        var fd = Open(iface, 67, 200_000);

        var buffers = (byte*)NativeMemory.AllocZeroed(Batch * Slot);
        var iovs = stackalloc IoVec[Batch];
        var messages = stackalloc MMsgHdr[Batch];
        var to = new SockAddrIn { Family = 2, Port = 68 << 8, Address = 0xFFFFFFFF };
        long answered = 0;
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < end)
        {
            for (var i = 0; i < Batch; i++)
            {
                iovs[i] = new IoVec { Base = buffers + i * Slot, Length = Slot };
                messages[i] = new MMsgHdr { Header = new MsgHdr { Iov = &iovs[i], IovLength = 1 } };
            }
            var got = recvmmsg(fd, messages, Batch, MsgWaitForOne, null);
            if (got <= 0) continue;
            for (var i = 0; i < got; i++)
            {
                buffers[i * Slot] = 2; // BOOTREPLY
                iovs[i].Length = messages[i].Length;
                messages[i].Header = new MsgHdr { Name = &to, NameLength = (uint)sizeof(SockAddrIn), Iov = &iovs[i], IovLength = 1 };
            }
            var sent = sendmmsg(fd, messages, (uint)got, 0);
            if (sent > 0) answered += sent;
        }
        close(fd);
        NativeMemory.Free(buffers);
        Console.WriteLine($"null answered={answered}");
        return 0;
    }
}
