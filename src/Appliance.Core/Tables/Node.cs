using System.Net;

namespace Appliance.Core.Tables;

/// <summary>A node from the node table. <see cref="Attributes"/> holds every key=value of its line (template variables).</summary>
public sealed class Node
{
    public required string Name { get; init; }
    public IReadOnlyList<MacAddress> Macs { get; init; } = [];
    public IPAddress? Ip { get; init; }
    /// <summary>Firmware override: <c>bios</c>, <c>ia32</c>, <c>x64</c> or <c>arm64</c>; null lets the client's option 93 decide.</summary>
    public string? Arch { get; init; }
    public IReadOnlyList<string> Groups { get; init; } = [];
    public string? OsImage { get; init; }
    /// <summary>False for firmware that cannot do proxyDHCP (xCAT's <c>supportproxydhcp=no</c>): its BCD sits at <c>Boot/BCD</c>.</summary>
    public bool SupportProxyDhcp { get; init; } = true;
    public string? Postscripts { get; init; }
    public string? Postbootscripts { get; init; }
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }
}
