using Appliance.Dhcp.Protocol;

namespace Appliance.Dhcp.Pxe;

/// <summary>Facts about one answer, for the send, the counters, the events and the log. No allocation: it points at index data.</summary>
public readonly struct ProxyReply
{
    internal ProxyReply(int length, DhcpMessageType type, BootEntry entry, WinPeBoot boot, ushort architecture,
        ArchitectureSource source, string loader, string bcdPath, ReplyDestination destination, uint relay, long generation, ulong mac)
    {
        Length = length;
        MessageType = type;
        Entry = entry;
        Boot = boot;
        Architecture = architecture;
        ArchitectureSource = source;
        Loader = loader;
        BcdPath = bcdPath;
        Destination = destination;
        RelayAddress = relay;
        Generation = generation;
        Mac = mac;
    }

    public int Length { get; }
    public DhcpMessageType MessageType { get; }
    public BootEntry Entry { get; }
    public WinPeBoot Boot { get; }
    public ushort Architecture { get; }
    public ArchitectureSource ArchitectureSource { get; }
    public string Loader { get; }
    /// <summary>The option-252 path sent (without its NUL).</summary>
    public string BcdPath { get; }
    public ReplyDestination Destination { get; }
    public uint RelayAddress { get; }
    public long Generation { get; }
    public ulong Mac { get; }
}
