namespace Appliance.Dhcp.Pxe;

/// <summary>What the boot index knows about one client: the node, its WinPE (null: boots locally) and overrides.</summary>
public sealed class BootEntry
{
    internal BootEntry(string node, ulong mac, uint ip, ushort? architectureOverride, WinPeBoot? boot, bool isDefault)
    {
        Node = node;
        Mac = mac;
        Ip = ip;
        ArchitectureOverride = architectureOverride;
        Boot = boot;
        IsDefault = isDefault;
    }

    public string Node { get; }
    public ulong Mac { get; }
    public uint Ip { get; }
    public ushort? ArchitectureOverride { get; }

    /// <summary>The WinPE to boot; null when the node has no record (its next boot is local).</summary>
    public WinPeBoot? Boot { get; }

    /// <summary>True for the `--default-winpe` stand-in answered for unknown clients.</summary>
    public bool IsDefault { get; }
}
