using Appliance.Dhcp.Pxe;
using Appliance.Dhcp.Server;

namespace Appliance.Dhcp.Tests;

public class RepeatFilterTests
{
    private const long Interval = 1_000;
    private static readonly BootIndex First = TestIndex.Build();
    private static readonly BootIndex Second = TestIndex.Build(generation: 2);

    private static ProxyReply Reply(byte[] mac, byte type, ushort arch, DhcpService service, BootIndex index)
    {
        var b = RequestBuilder.Pxe(type, arch);
        b.Mac = mac;
        var reason = ProxyDhcpResponder.Respond(b.Build(), service, TestIndex.Server, index, new byte[1500], out var reply);
        Assert.Equal(NoAnswerReason.None, reason);
        return reply;
    }

    [Fact]
    public void The_same_answer_within_the_interval_is_reported_once_and_again_after_it()
    {
        var filter = new RepeatFilter(Interval);
        var offer = Reply(TestIndex.BiosMac, 1, 0, DhcpService.ProxyDhcp, First);
        Assert.True(filter.ShouldReport(offer, now: 10));
        Assert.False(filter.ShouldReport(offer, now: 11));
        Assert.False(filter.ShouldReport(offer, now: 10 + Interval - 1));
        Assert.True(filter.ShouldReport(offer, now: 10 + Interval));
        Assert.False(filter.ShouldReport(offer, now: 10 + Interval + 1));
    }

    [Fact]
    public void Every_distinct_answer_is_reported()
    {
        var filter = new RepeatFilter(Interval);
        Assert.True(filter.ShouldReport(Reply(TestIndex.BiosMac, 1, 0, DhcpService.ProxyDhcp, First), now: 10));
        // another client
        Assert.True(filter.ShouldReport(Reply(TestIndex.UefiMac, 1, 7, DhcpService.ProxyDhcp, First), now: 11));
        // the same client, a new generation (nodeset moved it): the answer may differ
        Assert.True(filter.ShouldReport(Reply(TestIndex.BiosMac, 1, 0, DhcpService.ProxyDhcp, Second), now: 12));
        // the same client as another architecture (another loader)
        Assert.True(filter.ShouldReport(Reply(TestIndex.BiosMac, 1, 7, DhcpService.ProxyDhcp, Second), now: 13));
        // the ACK after the OFFER
        Assert.True(filter.ShouldReport(Reply(TestIndex.BiosMac, 3, 7, DhcpService.BootServer, Second), now: 14));
        Assert.False(filter.ShouldReport(Reply(TestIndex.BiosMac, 3, 7, DhcpService.BootServer, Second), now: 15));
    }

    [Fact]
    public void A_zero_interval_reports_every_answer()
    {
        var filter = new RepeatFilter(0);
        var offer = Reply(TestIndex.BiosMac, 1, 0, DhcpService.ProxyDhcp, First);
        for (var now = 0; now < 5; now++) Assert.True(filter.ShouldReport(offer, now));
    }
}
