namespace Appliance.Dhcp.Server;

/// <summary>Sockets and reply addressing of the daemon; defaults are the PXE ports. Tests use port 0 and loopback.</summary>
public sealed record ProxyDhcpSettings
{
    /// <summary>Address to bind (0 = any: needed to receive broadcast DISCOVERs).</summary>
    public uint BindAddress { get; init; }
    /// <summary>UDP 67 (RFC 2131 §4.1); null in the co-located mode (site DHCP server owns 67).</summary>
    public ushort? ProxyPort { get; init; } = 67;
    /// <summary>UDP 4011, PXE 2.1 §2.2.5.</summary>
    public ushort BootServerPort { get; init; } = 4011;
    /// <summary>Where proxy offers go: the client port 68 (RFC 2131 §4.1).</summary>
    public ushort ClientPort { get; init; } = 68;
    /// <summary>Where relayed offers go on the relay agent: the server port 67.</summary>
    public ushort RelayPort { get; init; } = 67;
    /// <summary>Limited broadcast 255.255.255.255 (RFC 2131 §4.1); tests on loopback point it at 127.0.0.1.</summary>
    public uint BroadcastAddress { get; init; } = 0xFFFFFFFF;
    /// <summary>Our address when IP_PKTINFO cannot tell (0: use the receiving interface's address).</summary>
    public uint ServerAddressOverride { get; init; }
    /// <summary>How often a blocked receive wakes to check for a stop.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>
    /// An answer identical to one reported for the same client within this interval is sent and counted but makes no
    /// new event or log line (<see cref="RepeatFilter"/>); zero reports every answer.
    /// </summary>
    public TimeSpan RepeatEventInterval { get; init; } = TimeSpan.FromSeconds(1);
}
