namespace Appliance.Dhcp.Protocol;

/// <summary>One option as found in a packet: its code and a slice of the packet holding its value (no copy).</summary>
public readonly ref struct DhcpOption
{
    public DhcpOption(DhcpOptionCode code, ReadOnlySpan<byte> value)
    {
        Code = code;
        Value = value;
    }

    public DhcpOptionCode Code { get; }
    public ReadOnlySpan<byte> Value { get; }
}
