namespace Appliance.Dhcp.Server;

/// <summary>Where one received datagram came from and arrived (IP_PKTINFO); addresses as big-endian numbers.</summary>
public struct Datagram
{
    public uint SourceAddress;
    public ushort SourcePort;
    /// <summary>The address of the receiving interface (ipi_spec_dst): our siaddr and option 54.</summary>
    public uint LocalAddress;
    /// <summary>The header destination (ipi_addr): 255.255.255.255 for a broadcast DISCOVER.</summary>
    public uint DestinationAddress;
    public int InterfaceIndex;
    /// <summary>The datagram was longer than the buffer (MSG_TRUNC): dropped as malformed.</summary>
    public bool Truncated;
}
