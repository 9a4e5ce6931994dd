namespace Appliance.Dhcp.Pxe;

/// <summary>
/// One node as the boot index needs it, mapped from the node table by the host: name, MAC addresses, IPv4 address
/// (big-endian number, 0 when none), `arch=` override (null when none) and loader overrides from its osimage.
/// </summary>
public sealed record BootNode(string Name, ulong[] Macs, uint Ip, ushort? ArchitectureOverride, LoaderTable? Loaders = null);
