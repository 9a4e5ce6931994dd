using System.Diagnostics;
using Appliance.Dhcp.Pxe;
using Appliance.Dhcp.Tests;

namespace Appliance.Bench.Dhcp;

/// <summary>N hostile packets through the responder (the CI test runs 120,000 of the same generator).</summary>
internal static class Fuzz
{
    public static int Run(int count)
    {
        var index = TestIndex.Build(defaultWinPe: "winboot/default/");
        var reply = new byte[576];
        long answered = 0;
        var sw = Stopwatch.StartNew();
        foreach (var packet in PacketMutator.Generate(seed: Environment.TickCount, count))
        {
            var service = (packet.Length & 1) == 0 ? DhcpService.ProxyDhcp : DhcpService.BootServer;
            if (ProxyDhcpResponder.Respond(packet, service, TestIndex.Server, index, reply, out _) == NoAnswerReason.None) answered++;
        }
        var valid = RequestBuilder.Pxe(1, 7);
        valid.Mac = TestIndex.UefiMac;
        var ok = ProxyDhcpResponder.Respond(valid.Build(), DhcpService.ProxyDhcp, TestIndex.Server, index, reply, out _) == NoAnswerReason.None;
        Console.WriteLine($"fuzz packets={count} answered={answered} exceptions=0 valid_after={ok} seconds={sw.Elapsed.TotalSeconds:0.0}");
        return ok ? 0 : 1;
    }
}
