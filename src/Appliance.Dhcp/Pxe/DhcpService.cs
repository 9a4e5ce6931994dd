namespace Appliance.Dhcp.Pxe;

/// <summary>Which of the two PXE services a request arrived on.</summary>
public enum DhcpService : byte
{
    /// <summary>UDP 67: proxy offers to DISCOVERs, PXE 2.1 §2.2.3 ("ProxyDHCP on port 67").</summary>
    ProxyDhcp = 0,
    /// <summary>UDP 4011: boot-server REQUEST/INFORM, PXE 2.1 §2.2.5 and the co-located mode of §2.2.4.</summary>
    BootServer = 1,
}
