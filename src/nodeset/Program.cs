using Appliance.Core.Hosting;
using Appliance.Core.Paths;
using Appliance.Nodeset;

var flags = new FlagSet("nodeset", "set what nodes boot next from the network: a WinPE install, or the local disk");
flags.Synopsis.AddRange(["<noderange> osimage=<name>", "<noderange> osimage", "<noderange> boot", "<noderange> stat"]);
flags.Description = """
    osimage=<name>  Write a record for each node so proxydhcpd sends it the osimage's WinPE (winboot/<winpe>/) on its
                    next PXE boot; writes the node's install files; places Boot/BCD for nodes with supportproxydhcp=no.
    osimage         The same, with each node's own osimage= from the node table.
    boot            Remove the nodes' records: proxydhcpd stops answering them and they boot from disk.
    stat            Print what each node boots next.

    After a change nodeset asks proxydhcpd to reload (control socket) and prints its answer. If proxydhcpd is not
    running that is said plainly; the records are written and apply when it starts.

    Noderanges: node01,node02  node[01-64]  node01-node64  <group>  compute,-node05  ^file (one name a line).
    """;
flags.Section("Exit status", "0 every node was set; 1 a node failed (one line per failed node on stderr) or the daemon refused; 2 usage error.");
flags.Section("Files", """
    PREFIX/etc/appliance/nodes             node table (name mac=… ip=… groups=… osimage=… supportproxydhcp=…)
    PREFIX/etc/appliance/osimages          osimage table (name winpe=… template=… postscripts=…)
    PREFIX/var/lib/appliance/proxydhcp.cfg record file (200-byte records, xCAT compatible)
    PREFIX/run/appliance/proxydhcpd.sock   proxydhcpd control socket
    """);
flags.Section("Examples", """
    nodeset node[01-16] osimage=win2022      16 nodes install Windows Server 2022 at their next PXE boot
    nodeset compute,-node05 boot             the compute group except node05 boots from disk
    nodeset ^failed.txt stat
    """);
var pathFlags = new PathFlags(flags);
var quiet = flags.Bool("quiet", "Print only failures and the reload answer.");
var noReload = flags.Bool("no-reload", "Do not ask proxydhcpd to reload.");
var timeout = flags.Duration("timeout", TimeSpan.FromSeconds(5), "DURATION", "How long to wait for proxydhcpd's answer.");

return CommandLine.Run(flags, args, positionals =>
{
    if (positionals.Count != 2)
        throw new UsageException(positionals.Count < 2 ? "expected a noderange and an action (osimage=<name>, osimage, boot or stat)"
            : $"expected two arguments, saw {positionals.Count}: {string.Join(' ', positionals)}");
    // One buffered writer: 10,000 node lines cost one write, not 10,000.
    using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
    var paths = pathFlags.Resolve();
    var command = new NodesetCommand(paths, stdout, Console.Error, new UnattendInstallFiles(paths))
    {
        Quiet = quiet.Value, Reload = !noReload.Value, ReloadTimeout = timeout.Value,
    };
    return command.Run(positionals[0], positionals[1]);
});
