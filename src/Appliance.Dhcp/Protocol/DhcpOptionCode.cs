namespace Appliance.Dhcp.Protocol;

/// <summary>The option codes this server reads or writes (RFC 2132, RFC 4578, PXE 2.1, Microsoft 252).</summary>
public enum DhcpOptionCode : byte
{
    /// <summary>RFC 2132 §3.1: one byte, no length.</summary>
    Pad = 0,
    /// <summary>RFC 2132 §9.3: "Option Overload", 1 = file, 2 = sname, 3 = both carry options.</summary>
    OptionOverload = 52,
    /// <summary>RFC 2132 §9.6.</summary>
    MessageType = 53,
    /// <summary>RFC 2132 §9.7.</summary>
    ServerIdentifier = 54,
    /// <summary>RFC 2132 §9.8.</summary>
    ParameterRequestList = 55,
    /// <summary>RFC 2132 §9.10.</summary>
    MaximumMessageSize = 57,
    /// <summary>RFC 2132 §9.13: "PXEClient" or "PXEClient:Arch:xxxxx:UNDI:yyyzzz" from PXE clients.</summary>
    VendorClassIdentifier = 60,
    /// <summary>RFC 2132 §9.14.</summary>
    ClientIdentifier = 61,
    /// <summary>RFC 2132 §8.4: vendor specific; PXE 2.1 §2.4 encapsulates its sub-options here.</summary>
    VendorSpecific = 43,
    /// <summary>RFC 4578 §2.1: client system architecture (list of 16-bit types).</summary>
    ClientSystemArchitecture = 93,
    /// <summary>RFC 4578 §2.2: client network interface identifier.</summary>
    ClientNetworkInterface = 94,
    /// <summary>RFC 4578 §2.3: client machine identifier (type 0 + 16-byte GUID).</summary>
    ClientMachineIdentifier = 97,
    /// <summary>Microsoft WDS: the path of the BCD store that bootmgr loads (site-specific range, RFC 3942).</summary>
    BcdPath = 252,
    /// <summary>RFC 2132 §3.2.</summary>
    End = 255,
}
