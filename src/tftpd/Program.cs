using System.Net;
using Appliance.Core.Hosting;
using Appliance.Core.Paths;
using Appliance.Hosts.tftpd;
using Appliance.Tftp;

var flags = new FlagSet("tftpd", "TFTP server for boot loaders, BCD stores, boot.sdi and WIM files: fast, read-only, root-jailed");
flags.Description = "Serves the TFTP root read-only (RFC 1350, with the RFC 2347 OACK, RFC 2348 blksize, RFC 2349 tsize and timeout, " +
    "RFC 7440 windowsize, WDS msftwindow). File names follow Windows rules: '\\' or '/', leading separators ignored, case-insensitive " +
    "lookup; nothing outside the root is ever served. Each transfer runs from its own port; block numbers wrap past 65535.";
var paths = new PathFlags(flags);
var bind = flags.String("bind", "0.0.0.0", "ADDR", "Address to listen on.");
var port = flags.Int("port", 69, "N", "UDP port for requests (RFC 1350: 69; 0 picks a free port, printed in the log).", 0, 65535);
var maxBlockSize = flags.Int("max-blksize", TftpServerOptionsDefaults.MaxBlockSize, "N", "Largest blksize granted (RFC 2348: 8..65464); also capped by each client's path MTU.", 8, 65464);
var windowSize = flags.Int("windowsize", 64, "N", "Largest windowsize granted (RFC 7440; 1 = lock-step only).", 1, 65535);
var windowBytes = flags.Int("window-bytes", 128 * 1024, "N", "Largest window in payload bytes (a window is one burst; it must fit the client's receive buffer).", 512, 64 << 20);
var retries = flags.Int("retries", 5, "N", "Retransmission timeouts without progress before a transfer is given up.", 1, 100);
var maxTransfers = flags.Int("max-transfers", 256, "N", "Transfers at once; further requests are dropped (clients retry).", 1, 100000);
var maxPerClient = flags.Int("max-per-client", 8, "N", "Transfers at once per client address.", 1, 100000);
var grace = flags.Duration("shutdown-grace", TimeSpan.FromSeconds(5), "DURATION", "On SIGTERM, how long running transfers may finish before they are aborted.");
var noPmtu = flags.Bool("no-pmtu-clamp", "Grant blksize up to --max-blksize even when the route MTU is smaller (IP fragmentation).");
var socketPath = flags.OptionalString("socket", "FILE", "Control socket. Default: RUN-DIR/tftpd.sock.");
var logLevel = flags.String("log-level", "info", "LEVEL", "trace, debug, info, warn or error.");
flags.Section("SIGNALS", "SIGHUP and SIGUSR1 re-read the node table and rebuild the file index; SIGTERM stops (see --shutdown-grace).");
flags.Section("CONTROL", "ping, status, stats, transfers, reindex, events (transfer-start/-done/-failed/-probe), recent, history [node...], help on RUN-DIR/tftpd.sock.");

return await CommandLine.RunAsync(flags, args, async positionals =>
{
    if (positionals.Count > 0) throw new UsageException($"unexpected argument \"{positionals[0]}\"");
    if (!IPAddress.TryParse(bind.Value, out var address))
        throw new UsageException($"--bind: expected an IP address, saw \"{bind.Value}\"");
    var resolved = paths.Resolve();
    var options = new TftpDaemonOptions
    {
        Paths = resolved,
        SocketPath = socketPath.Value is { } s ? Path.GetFullPath(s) : resolved.Socket("tftpd"),
        Server = new TftpServerOptions
        {
            BindAddress = address,
            Port = port.Value,
            MaxBlockSize = maxBlockSize.Value,
            MaxWindowSize = windowSize.Value,
            MaxWindowBytes = windowBytes.Value,
            Retries = retries.Value,
            MaxTransfers = maxTransfers.Value,
            MaxTransfersPerClient = maxPerClient.Value,
            ShutdownGrace = grace.Value,
            ClampToPathMtu = !noPmtu.Value,
        },
    };
    using var loggerFactory = ApplianceLogging.CreateFactory(ApplianceLogging.ParseLevel(logLevel.Value));
    using var notify = SdNotify.FromEnvironment();
    await using var daemon = new TftpDaemon(options, loggerFactory);
    var host = new DaemonHost(daemon, loggerFactory.CreateLogger("tftpd"), notify, grace.Value + TimeSpan.FromSeconds(5));
    daemon.Host = host;
    return await host.RunAsync();
});
