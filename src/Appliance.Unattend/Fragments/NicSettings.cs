using System.Net;

namespace Appliance.Unattend.Fragments;

/// <summary>
/// One network interface of a node, identified by MAC as the unattend TCPIP component expects
/// (<c>Identifier</c> = <c>AA-BB-CC-DD-EE-FF</c>). Static when <see cref="Address"/> is set; DHCP otherwise.
/// </summary>
public sealed record NicSettings
{
    public required string Mac { get; init; }
    public IPAddress? Address { get; init; }
    public int PrefixLength { get; init; }
    public IPAddress? Gateway { get; init; }
    public IReadOnlyList<IPAddress> NameServers { get; init; } = [];
    public string? DnsDomain { get; init; }

    public bool IsStatic => Address is not null;

    /// <summary>The MAC in the form Windows uses as an interface identifier: upper-case pairs joined by '-'.</summary>
    public string Identifier => Mac.Replace(':', '-').ToUpperInvariant();
}
