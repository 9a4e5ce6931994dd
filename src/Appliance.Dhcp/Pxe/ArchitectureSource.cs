namespace Appliance.Dhcp.Pxe;

/// <summary>Where the architecture of an answer came from (reported in events and `lookup`).</summary>
public enum ArchitectureSource : byte
{
    /// <summary>Neither option 93 nor the vendor class named one: PXE 2.1 BIOS ROMs before RFC 4578; BIOS assumed.</summary>
    Assumed = 0,
    /// <summary>RFC 4578 option 93.</summary>
    Option93 = 1,
    /// <summary>The `PXEClient:Arch:NNNNN` digits of option 60 (PXE 2.1 §2.2.2).</summary>
    VendorClass = 2,
    /// <summary>The node's `arch=` in the node table.</summary>
    NodeOverride = 3,
}
