using Appliance.Core.Paths;
using Appliance.Tftp;

namespace Appliance.Hosts.tftpd;

/// <summary>Everything the command line decides.</summary>
internal sealed record TftpDaemonOptions
{
    public required AppliancePaths Paths { get; init; }
    public required string SocketPath { get; init; }
    public required TftpServerOptions Server { get; init; }
}
