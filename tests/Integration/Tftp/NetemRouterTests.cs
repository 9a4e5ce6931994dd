using System.Diagnostics;
using System.Text;
using Appliance.Integration.Support;

namespace Appliance.Integration.Tftp;

/// <summary>
/// The acceptance loss test with the kernel's own `tc netem`. The machine running the tests has no sch_netem, so a QEMU
/// guest (Debian's cloud kernel, software emulation, busybox initramfs with iproute2's tc) routes between two network
/// namespaces and impairs both directions: netem on each egress interface with 10% loss, reordering and duplication.
/// The published tftpd serves in one namespace; tftp-hpa, atftp (windowsize) and curl fetch at once from the other,
/// and every download must be byte-identical.
/// <code>
///   ns client 10.61.1.2 ─ veth ─ [ns router: br0 ─ tap ─ guest eth0 10.61.1.1 ⇄ netem ⇄ eth1 10.61.2.1 ─ tap ─ br1] ─ veth ─ ns server 10.61.2.2
/// </code>
/// </summary>
public sealed class NetemRouterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tftp-netem-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Load order follows modinfo's depends.
    private static readonly string[] Modules =
    [
        "drivers/virtio/virtio_ring.ko", "drivers/virtio/virtio.ko", "drivers/virtio/virtio_pci_legacy_dev.ko",
        "drivers/virtio/virtio_pci_modern_dev.ko", "drivers/virtio/virtio_pci.ko", "net/core/failover.ko",
        "drivers/net/net_failover.ko", "drivers/net/virtio_net.ko", "net/sched/sch_netem.ko",
    ];

    /// <summary>netem per egress interface: every packet crosses the router once, so each sees these odds once.</summary>
    private const string Netem = "delay 1ms reorder 10% 50% duplicate 2% loss 10%";

    private const string Init = """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
        for m in MODULES; do insmod /m/$m.ko || echo "@@ERR insmod $m"; done
        for i in $(seq 100); do [ -e /sys/class/net/eth1 ] && break; sleep 0.1; done
        # Interfaces by MAC: 52:54:00:00:61:01 faces the clients, :02 the server.
        for d in /sys/class/net/eth*; do
          n=${d##*/}
          case $(cat $d/address) in
            52:54:00:00:61:01) ip addr add 10.61.1.1/24 dev $n ;;
            52:54:00:00:61:02) ip addr add 10.61.2.1/24 dev $n ;;
          esac
          ip link set $n up
          /usr/sbin/tc qdisc add dev $n root netem NETEM || echo "@@ERR tc $n"
        done
        echo 1 > /proc/sys/net/ipv4/ip_forward
        /usr/sbin/tc qdisc show | sed 's/^/@@QDISC /'
        echo "@@READY"
        while :; do sleep 2; /usr/sbin/tc -s qdisc show | tr '\n' ' ' | sed 's/^/@@STATS /'; echo; done

        """;

    [Fact]
    public void Real_clients_fetch_byte_identical_files_through_a_netem_router()
    {
        var qemu = Tools.Peer("qemu-system-x86_64", "qemu-system-x86");
        var tc = Tools.Peer("tc", "iproute2");
        var (kernel, moduleDir) = GuestKernel.Find(Modules);

        // The initramfs: busybox, tc with its libraries, the modules, the init script.
        var root = Path.Combine(_dir, "initramfs");
        foreach (var dir in new[] { "bin", "m", "proc", "sys", "dev", "tmp" }) Directory.CreateDirectory(Path.Combine(root, dir));
        File.Copy(GuestKernel.StaticBusybox(), Path.Combine(root, "bin", "busybox"));
        GuestKernel.CopyWithLibraries(tc, root);
        if (!tc.StartsWith("/usr/sbin/", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.Combine(root, "usr/sbin"));
            File.Copy(tc, Path.Combine(root, "usr/sbin/tc"), overwrite: true);
        }
        foreach (var m in Modules) File.Copy(Path.Combine(moduleDir, m), Path.Combine(root, "m", Path.GetFileName(m)));
        var init = Init.Replace("\r\n", "\n").Replace("MODULES", string.Join(' ', Modules.Select(m => Path.GetFileNameWithoutExtension(m))))
            .Replace("NETEM", Netem);
        File.WriteAllText(Path.Combine(root, "init"), init);
        File.SetUnixFileMode(Path.Combine(root, "init"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var initrd = Path.Combine(_dir, "initrd.gz");
        GuestKernel.Pack(root, initrd);

        // Namespaces: router (bridges and taps for the guest), client side, server side.
        using var router = new NetNs("tnr");
        using var clients = new NetNs("tnc");
        using var server = new NetNs("tns");
        var tag = (Environment.ProcessId % 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        NetNs.Ip($"link add nc{tag}r netns {router.Name} type veth peer name nc{tag}c netns {clients.Name}");
        NetNs.Ip($"link add ns{tag}r netns {router.Name} type veth peer name ns{tag}s netns {server.Name}");
        router.Exec($$"""
            set -e
            for s in c s; do
              ip link add br${s} type bridge; ip tuntap add dev tap${s} mode tap
              ip link set tap${s} master br${s}; ip link set n${s}{{tag}}r master br${s}
              ip link set tap${s} up; ip link set n${s}{{tag}}r up; ip link set br${s} up
            done
            """).EnsureSuccess();
        clients.Exec($"ip addr add 10.61.1.2/24 dev nc{tag}c && ip link set nc{tag}c up && ip route add default via 10.61.1.1").EnsureSuccess();
        server.Exec($"ip addr add 10.61.2.2/24 dev ns{tag}s && ip link set ns{tag}s up && ip route add default via 10.61.2.1").EnsureSuccess();

        using var guest = new GuestProcess(router, qemu, kernel, initrd);
        Assert.True(guest.WaitFor("@@READY", TimeSpan.FromSeconds(90)), $"the router guest did not come up:\n{guest.Console}");
        Assert.DoesNotContain("@@ERR", guest.Console);
        Assert.Contains("netem", guest.Console);
        // Warm the ARP caches through the router when ping is there (not a peer of its own: the clients retry their RRQ).
        clients.Exec("command -v ping >/dev/null || exit 0; for i in 1 2 3 4 5; do ping -c 1 -W 2 10.61.2.2 && break; done; exit 0", 30).EnsureSuccess();

        using var d = new TftpdProcess(ns: server, bind: "10.61.2.2");
        TftpClients.WriteRandom(Path.Combine(d.Root, "Boot/bootmgr.exe"), 400_000, 31);
        TftpClients.WriteRandom(Path.Combine(d.Root, "Boot/boot.sdi"), 3L << 19, 32);
        TftpClients.WriteRandom(Path.Combine(d.Root, "Boot/boot.wim"), 2L << 20, 33);
        using (var r = d.Control("reindex")) Assert.True(r.Ok, r.Error);
        var outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(outDir);
        var runs = new List<(string File, string Local, Func<RunResult> Fetch)>
        {
            ("Boot/bootmgr.exe", Path.Combine(outDir, "hpa"), () => TftpClients.GetWithTftpHpa("10.61.2.2", d.Port, "\\Boot\\bootmgr.exe", Path.Combine(outDir, "hpa"), clients)),
            ("Boot/boot.sdi", Path.Combine(outDir, "curl"), () => TftpClients.GetWithCurl("10.61.2.2", d.Port, "Boot/boot.sdi", Path.Combine(outDir, "curl"), 1468, ns: clients)),
            ("Boot/boot.wim", Path.Combine(outDir, "atftp"), () => AtftpLossy(() => TftpClients.GetWithAtftp("10.61.2.2", d.Port, "Boot/boot.wim", Path.Combine(outDir, "atftp"), 1468, 8, clients))),
            ("Boot/boot.sdi", Path.Combine(outDir, "atftp16"), () => AtftpLossy(() => TftpClients.GetWithAtftp("10.61.2.2", d.Port, "Boot/boot.sdi", Path.Combine(outDir, "atftp16"), 1468, 16, clients))),
        };
        var sw = Stopwatch.StartNew();
        var results = runs.AsParallel().WithDegreeOfParallelism(runs.Count).Select(r => (r, Run: r.Fetch())).ToList();
        var seconds = sw.Elapsed.TotalSeconds;
        guest.WaitFor("@@STATS", TimeSpan.FromSeconds(5));
        var stats = guest.LastLine("@@STATS");
        var failures = results
            .Where(x => x.Run.ExitCode != 0 || !File.Exists(x.r.Local) || TftpClients.Sha256(Path.Combine(d.Root, x.r.File)) != TftpClients.Sha256(x.r.Local))
            .Select(x => $"{x.Run.Command} exited {x.Run.ExitCode}\n{string.Join('\n', x.Run.Stderr.Split('\n').Where(l => !l.StartsWith("got wrong block", StringComparison.Ordinal)).Take(20))}")
            .ToList();
        Assert.True(failures.Count == 0, $"{string.Join("\n---\n", failures)}\nnetem: {stats}\n{d.Output}");

        // netem really dropped and duplicated packets on the way ("dropped N" in `tc -s qdisc`; duplicates show as more
        // packets sent than arrived, which tc does not count separately, so the drop count is the check).
        var dropped = System.Text.RegularExpressions.Regex.Matches(stats, @"dropped (\d+)").Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(dropped > 100, $"netem dropped only {dropped} packets: {stats}");
        Console.WriteLine($"netem router: 4 downloads in {seconds:0.0} s; {stats}");
    }

    /// <summary>
    /// atftp 0.8 quirk, tolerated here and nowhere else: it cannot take a second OACK. When its ACK of the OACK is lost
    /// the server rightly sends the OACK again (RFC 2347 makes the OACK the first packet of the transfer, resent like a
    /// data block), and when its RRQ is lost it retries and then meets the answer to both; either way it reports
    /// "unexpected OACK" and aborts with error 0 before any data (seen at 10% loss: tftpd logs the start, then the
    /// client's error at block 0). The client is started again, at most three times, only for that exact signature;
    /// any other failure fails the test.
    /// </summary>
    private static RunResult AtftpLossy(Func<RunResult> fetch)
    {
        var run = fetch();
        for (var attempt = 0; attempt < 3 && run.ExitCode != 0
             && run.Stderr.Contains("unexpected OACK", StringComparison.Ordinal)
             && run.Stderr.Contains("aborting", StringComparison.Ordinal); attempt++)
            run = fetch();
        return run;
    }

    /// <summary>QEMU in the router namespace, its serial console collected; killed on Dispose.</summary>
    private sealed class GuestProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _console = new();

        public GuestProcess(NetNs ns, string qemu, string kernel, string initrd)
        {
            var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            // TCG: a /dev/kvm inside a container can be present yet unusable (the guest hangs).
            foreach (var a in ns.Wrap(qemu, "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot", "-nodefaults", "-serial", "stdio",
                         "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0 quiet panic=-1",
                         "-netdev", "tap,id=c,ifname=tapc,script=no,downscript=no", "-device", "virtio-net-pci,netdev=c,mac=52:54:00:00:61:01",
                         "-netdev", "tap,id=s,ifname=taps,script=no,downscript=no", "-device", "virtio-net-pci,netdev=s,mac=52:54:00:00:61:02"))
                psi.ArgumentList.Add(a);
            _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu");
            _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_console) _console.AppendLine(e.Data.TrimEnd('\r')); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_console) _console.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Console
        {
            get { lock (_console) return _console.ToString(); }
        }

        public bool WaitFor(string marker, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < timeout)
            {
                if (Console.Contains(marker, StringComparison.Ordinal)) return true;
                if (_process.HasExited) return false;
                Thread.Sleep(100);
            }
            return false;
        }

        public string LastLine(string prefix) =>
            Console.Split('\n').LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) ?? "";

        public void Dispose()
        {
            Run.Stop(_process);
            _process.Dispose();
        }
    }
}
