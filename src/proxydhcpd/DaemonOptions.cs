using Appliance.Core.Paths;
using Appliance.Dhcp.Pxe;
using Appliance.Dhcp.Server;

namespace Appliance.Hosts.proxydhcpd;

/// <summary>Everything the command line decides.</summary>
internal sealed record DaemonOptions
{
    public required AppliancePaths Paths { get; init; }
    public required ProxyDhcpSettings Settings { get; init; }
    public uint NextServer { get; init; }
    public string? DefaultWinPe { get; init; }
    public required LoaderTable Loaders { get; init; }
}
