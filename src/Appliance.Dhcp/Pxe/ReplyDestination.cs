namespace Appliance.Dhcp.Pxe;

/// <summary>Where a reply goes.</summary>
public enum ReplyDestination : byte
{
    /// <summary>255.255.255.255 port 68: proxy offers (the client has no address yet), RFC 2131 §4.1.</summary>
    Broadcast = 0,
    /// <summary>The request's source address and port: boot-server replies (EDK2 listens on 4011, iPXE on 68).</summary>
    RequestSource = 1,
    /// <summary>giaddr port 67: a relay agent forwarded the DISCOVER, RFC 2131 §4.1.</summary>
    Relay = 2,
}
