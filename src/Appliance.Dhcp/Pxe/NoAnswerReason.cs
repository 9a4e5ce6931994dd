namespace Appliance.Dhcp.Pxe;

/// <summary>Why a request got no reply (counted per reason, Debug-logged). <see cref="None"/> means it was answered.</summary>
public enum NoAnswerReason : byte
{
    None = 0,
    /// <summary>Too short, bad magic cookie or an option running past its area.</summary>
    Malformed,
    /// <summary>op is not BOOTREQUEST (our own or another server's reply).</summary>
    NotBootRequest,
    /// <summary>htype/hlen not Ethernet (1/6): the MAC key would be meaningless.</summary>
    NotEthernet,
    /// <summary>No option 53: plain BOOTP.</summary>
    NotDhcp,
    /// <summary>A DHCP type this port does not answer (67: only DISCOVER; 4011: REQUEST and INFORM).</summary>
    IgnoredMessageType,
    /// <summary>Option 60 does not start with "PXEClient": ordinary DHCP traffic, the site server's business.</summary>
    NotPxeClient,
    /// <summary>Neither chaddr nor (on 4011) ciaddr names a node, and no default WinPE.</summary>
    UnknownClient,
    /// <summary>The node has no record: its next boot is local (or another PXE service's).</summary>
    NoRecord,
    /// <summary>The loader table has no loader for the client's architecture.</summary>
    UnsupportedArchitecture,
    /// <summary>The reply would not fit the reply buffer (cannot happen with the 576-byte buffer; counted if it does).</summary>
    ReplyTooLarge,
}
