using Appliance.Dhcp.Protocol;
using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Tests;

public class RobustnessTests
{
    /// <summary>CI count; `make bench` runs 1,000,000 through the same generator (tests/Bench/Dhcp).</summary>
    private const int Packets = 120_000;

    [Fact]
    public void Random_and_mutated_packets_never_throw_and_valid_requests_are_answered_afterwards()
    {
        var index = TestIndex.Build(defaultWinPe: "winboot/default/");
        var reply = new byte[576];
        var seenReasons = new HashSet<NoAnswerReason>();
        var answered = 0;
        foreach (var packet in PacketMutator.Generate(seed: 20261122, Packets))
        {
            var service = (packet.Length & 1) == 0 ? DhcpService.ProxyDhcp : DhcpService.BootServer;
            var reason = ProxyDhcpResponder.Respond(packet, service, TestIndex.Server, index, reply, out var result);
            seenReasons.Add(reason);
            if (reason != NoAnswerReason.None) continue;
            answered++;
            // whatever we answer must itself be a well-formed DHCP message
            Assert.True(DhcpPacketReader.TryCreate(reply.AsSpan(0, result.Length), out var r, out _));
            Assert.Equal(DhcpError.None, r.Validate());
        }
        // the generator reaches the interesting branches (else the test would prove little)
        Assert.Contains(NoAnswerReason.Malformed, seenReasons);
        Assert.Contains(NoAnswerReason.NotPxeClient, seenReasons);
        Assert.Contains(NoAnswerReason.IgnoredMessageType, seenReasons);
        Assert.True(answered > 1000, $"only {answered} mutated packets were still answerable");

        var valid = RequestBuilder.Pxe(1, 7);
        valid.Mac = TestIndex.UefiMac;
        Assert.Equal(NoAnswerReason.None, ProxyDhcpResponder.Respond(valid.Build(), DhcpService.ProxyDhcp, TestIndex.Server, index, reply, out _));
    }

    [Fact]
    public void Overload_loops_and_garbage_in_sname_and_file_are_bounded()
    {
        // Option 52 = 3 everywhere: if it were honoured inside file/sname the walk would never end.
        var b = RequestBuilder.Pxe(1, 7);
        b.Mac = TestIndex.UefiMac;
        b.Add(52, 3);
        b.File = Enumerable.Repeat(new byte[] { 52, 1, 3 }, 42).SelectMany(x => x).ToArray();
        b.Sname = Enumerable.Repeat(new byte[] { 52, 1, 3 }, 21).SelectMany(x => x).ToArray();
        var reader = new DhcpPacketReader(b.Build());
        var count = 0;
        foreach (var _ in reader.Options) count++;
        Assert.Equal(6 + 1 + 42 + 21, count); // 6 options of Pxe(), our 52, then file and sname once each
    }
}
