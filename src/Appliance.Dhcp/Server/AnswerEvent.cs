using Appliance.Dhcp.Pxe;

namespace Appliance.Dhcp.Server;

/// <summary>One answer, queued without allocation by a receive loop for the event thread (offer/ack events, Info log).</summary>
public readonly struct AnswerEvent(DhcpService service, in ProxyReply reply, uint client, uint local)
{
    public DhcpService Service { get; } = service;
    public ProxyReply Reply { get; } = reply;
    /// <summary>Source address of the request (0.0.0.0 for DISCOVERs).</summary>
    public uint ClientAddress { get; } = client;
    public uint LocalAddress { get; } = local;
}
