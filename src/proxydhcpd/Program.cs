using System.Net;
using Appliance.Core.Hosting;
using Appliance.Core.Paths;
using Appliance.Dhcp.Pxe;
using Appliance.Dhcp.Server;
using Appliance.Hosts.proxydhcpd;

var flags = new FlagSet("proxydhcpd", "PXE proxyDHCP server: sends each node its own WinPE boot loader and BCD path");
flags.Description = "Answers PXE DISCOVERs on UDP 67 with proxy offers (no address leased: the site DHCP server is untouched) and " +
    "boot-server REQUEST/INFORM on UDP 4011 with a DHCPACK naming the node's boot loader and, in option 252, its BCD store. " +
    "Nodes come from the node table, WinPEs from the record file that nodeset writes; unknown clients are not answered.";
var paths = new PathFlags(flags);
var bind = flags.String("bind", "0.0.0.0", "ADDR", "Address to bind both sockets to (0.0.0.0 receives broadcast DISCOVERs).");
var port = flags.Int("port", 67, "N", "proxyDHCP port (offers to DISCOVERs).", 0, 65535);
var bootPort = flags.Int("boot-port", 4011, "N", "PXE boot-server port (ACKs to REQUEST/INFORM).", 0, 65535);
var clientPort = flags.Int("client-port", 68, "N", "Port proxy offers are broadcast to.", 1, 65535);
var broadcast = flags.String("broadcast", "255.255.255.255", "ADDR", "Destination of proxy offers (tests on loopback use 127.0.0.1).");
var serverAddress = flags.OptionalString("server-address", "ADDR", "Option 54 and siaddr; default: the address of the interface each request came in on (IP_PKTINFO).");
var nextServer = flags.OptionalString("next-server", "ADDR", "siaddr (TFTP server) when it is another host; default: as --server-address.");
var noProxy = flags.Bool("no-proxy-offers", "Do not bind port 67: co-located with the site DHCP server, which sends option 60 PXEClient; answer on 4011 only.");
var defaultWinPe = flags.OptionalString("default-winpe", "PATH", "WinPE (e.g. winboot/winpe10/) for unknown clients and nodes without a record. Default: not answered.");
var loaders = flags.List("loader", "ARCH=PATH", "Loader per client architecture relative to the WinPE folder (repeatable; empty PATH removes). Defaults: 0=Boot/pxeboot.0 6,7,9,11=Boot/bootmgfw.efi.");
var bcds = flags.List("bcd", "ARCH=PATH", "BCD store per client architecture relative to the WinPE folder, sent in option 252 (repeatable). Defaults: 0=Boot/BCD, others Boot/BCD.efi (winpe-stage writes one store per firmware).");
var logLevel = flags.String("log-level", "info", "LEVEL", "trace, debug, info, warn or error.");
flags.Section("SIGNALS", "SIGHUP and SIGUSR1 reload the node table, osimage table and record file; SIGTERM stops.");
flags.Section("CONTROL", "ping, status, stats, reload, lookup <node|mac|ip>, events (offer/ack), recent, history [node...], help on PREFIX/run/appliance/proxydhcpd.sock.");

return await CommandLine.RunAsync(flags, args, async positionals =>
{
    if (positionals.Count > 0) throw new UsageException($"unexpected argument \"{positionals[0]}\"");
    var options = new DaemonOptions
    {
        Paths = paths.Resolve(),
        Settings = new ProxyDhcpSettings
        {
            BindAddress = Address(bind.Value, "bind"),
            ProxyPort = noProxy.Value ? null : (ushort)port.Value,
            BootServerPort = (ushort)bootPort.Value,
            ClientPort = (ushort)clientPort.Value,
            BroadcastAddress = Address(broadcast.Value, "broadcast"),
            ServerAddressOverride = serverAddress.Value is { } s ? Address(s, "server-address") : 0,
        },
        NextServer = nextServer.Value is { } n ? Address(n, "next-server") : 0,
        DefaultWinPe = defaultWinPe.Value,
        Loaders = LoaderFlags(loaders.Value, bcds.Value),
    };
    using var loggerFactory = ApplianceLogging.CreateFactory(ApplianceLogging.ParseLevel(logLevel.Value));
    using var notify = SdNotify.FromEnvironment();
    await using var daemon = new ProxyDhcpDaemon(options, loggerFactory);
    var host = new DaemonHost(daemon, loggerFactory.CreateLogger("proxydhcpd"), notify);
    daemon.Host = host;
    return await host.RunAsync();
});

static uint Address(string text, string flag)
{
    if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        throw new UsageException($"--{flag}: expected an IPv4 address, saw \"{text}\"");
    return BootIndexLoader.ToUInt32(ip);
}

static LoaderTable LoaderFlags(List<string> loaders, List<string> bcds)
{
    try
    {
        return LoaderTable.Default.With(string.Join(',', loaders)).WithBcd(string.Join(',', bcds));
    }
    catch (Exception e) when (e is FormatException or ArgumentException)
    {
        throw new UsageException($"--loader/--bcd: {e.Message}");
    }
}
