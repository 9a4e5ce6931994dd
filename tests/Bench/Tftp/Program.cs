using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Appliance.Bench.Tftp;

// tftp-bench OUT_DIR TFTPD HPA_IN_TFTPD SERVER_NS CLIENT_NS SERVER_ADDR [SIZE_MIB] [CONCURRENT] [CONCURRENT_MIB]
// Servers run in SERVER_NS; the veth table's client (atftp) runs in CLIENT_NS across a veth pair with MTU 1500 to
// SERVER_ADDR; the loopback table's client runs in SERVER_NS against 127.0.0.1. See ./run.
var outDir = Path.GetFullPath(args[0]);
var tftpd = args[1];
var hpa = args[2];
var serverNs = args[3];
var clientNs = args[4];
var serverAddress = args[5];
var sizeMib = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 512;
var concurrent = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 100;
var concurrentMib = args.Length > 8 ? int.Parse(args[8], CultureInfo.InvariantCulture) : 64;
var inv = CultureInfo.InvariantCulture;

var root = Path.Combine(outDir, "root");
var scratch = Path.Combine(outDir, "scratch");
Directory.CreateDirectory(root);
Directory.CreateDirectory(scratch);
var big = Path.Combine(root, "boot.wim");
var small = Path.Combine(root, "c.wim");
WriteRandom(big, (long)sizeMib << 20, 1);
WriteRandom(small, (long)concurrentMib << 20, 2);
var bigSha = Sha(big);
var smallSha = Sha(small);

// Candidates per server: what it supports. Over veth (MTU 1500) every client asks blksize 1468; over loopback 65464.
ServerKind[] servers =
[
    new("tftpd (ours)", (r, a, p, s) => (tftpd, ["--prefix", s, "--tftproot", r, "--bind", a, "--port", p.ToString(inv),
        "--max-per-client", "1000", "--max-transfers", "1000", "--log-level", "warn"]),
        b => b == 1468 ? [(b, 16), (b, 64)] : [(b, null), (b, 2)]),
    new("tftpd-hpa", (r, a, p, _) => (hpa, ["-L", "-a", $"{a}:{p}", "-s", r]), b => [(b, null)]),
    new("atftpd", (r, a, p, _) => ("/usr/sbin/atftpd", ["--daemon", "--no-fork", "--port", p.ToString(inv), "--bind-address", a,
        "--logfile", "/dev/null", "--maxthread", "1000", r]),
        b => b == 1468 ? [(b, null), (b, 16), (b, 64)] : [(b, null), (b, 2)]),
    new("dnsmasq", (r, a, _, s) => ("/usr/sbin/dnsmasq", ["-k", "--port=0", "--enable-tftp", $"--tftp-root={r}", $"--listen-address={a}",
        "--bind-interfaces", "--tftp-max=1000", "--user=root", $"--pid-file={Path.Combine(s, "dnsmasq.pid")}", "--log-facility=/dev/null"]),
        b => [(b, null)]),
];

var report = new StringBuilder();
var port = 20069;
Table($"{sizeMib} MiB over veth between two network namespaces (MTU 1500, blksize 1468), atftp 0.8 client", clientNs, serverAddress, 1468);
Table($"{sizeMib} MiB over loopback (MTU 65536, blksize 65464), atftp 0.8 client", serverNs, "127.0.0.1", 65464);

void Table(string title, string ns, string address, int block)
{
    Console.WriteLine($"== {title}");
    var results = new List<(string Name, string Settings, Fetch Run)>();
    foreach (var kind in servers)
    {
        var p = kind.Name == "dnsmasq" ? 69 : port++;
        var prefix = Path.Combine(scratch, kind.Name.Split(' ')[0]);
        Directory.CreateDirectory(prefix);
        using var server = new ServerProcess(kind, serverNs, address, root, p, prefix);
        // Tuned on the small file, then one run on the big one.
        (int Block, int? Window) best = default;
        var bestTime = double.MaxValue;
        foreach (var c in kind.Candidates(block))
        {
            var t = Atftp(ns, address, p, "c.wim", c.Block, c.Window, smallSha, TimeSpan.FromSeconds(120));
            Console.WriteLine($"  tune {kind.Name} blksize {c.Block} windowsize {c.Window?.ToString(inv) ?? "-"}: {t.Seconds:0.00} s for {concurrentMib} MiB");
            if (t.Seconds < bestTime) { bestTime = t.Seconds; best = c; }
        }
        var run = Atftp(ns, address, p, "boot.wim", best.Block, best.Window, bigSha, TimeSpan.FromSeconds(240));
        var settings = $"blksize {best.Block}" + (best.Window is { } w ? $", windowsize {w}" : ", lock-step");
        results.Add((kind.Name, settings, run));
        Console.WriteLine($"{kind.Name}: {sizeMib} MiB in {run.Seconds:0.00} s ({sizeMib / run.Seconds:0.0} MiB/s) with {settings}; client CPU {run.ClientCpu:0.00} s");
    }
    var ours = results[0].Run.Seconds;
    var hpaTime = results.First(r => r.Name == "tftpd-hpa").Run.Seconds;
    var bestPeer = results.Skip(1).MinBy(r => r.Run.Seconds);
    report.AppendLine($"### {title}");
    report.AppendLine();
    report.AppendLine("| server | settings (best of those tried) | time | MiB/s | atftp CPU (user+sys) | ours is × faster |");
    report.AppendLine("|---|---|---|---|---|---|");
    foreach (var (name, set, r) in results)
        report.AppendLine($"| {name} | {set} | {r.Seconds:0.00} s | {sizeMib / r.Seconds:0.0} | {r.ClientCpu:0.00} s | {(name == results[0].Name ? "—" : (r.Seconds / ours).ToString("0.00", inv) + "×")} |");
    report.AppendLine();
    report.AppendLine($"Ratios: vs tftpd-hpa {hpaTime / ours:0.00}× (goal ≥ 10×), vs best peer ({bestPeer.Name}) {bestPeer.Run.Seconds / ours:0.00}× (goal ≥ 1.5×).");
    report.AppendLine();
}

// 100 concurrent clients (curl, blksize 65464) fetching the small file from our server; peak RSS from /proc.
{
    var prefix = Path.Combine(scratch, "concurrent");
    Directory.CreateDirectory(prefix);
    var cport = port++;
    using var server = new ServerProcess(servers[0], serverNs, "127.0.0.1", root, cport, prefix);
    var sw = Stopwatch.StartNew();
    var procs = Enumerable.Range(0, concurrent).Select(_ =>
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", serverNs, "/bin/bash", "-c"]) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add($"set -o pipefail; curl -sS --fail --max-time 600 --tftp-blksize 65464 tftp://127.0.0.1:{cport}/c.wim | sha256sum");
        return Process.Start(psi)!;
    }).ToList();
    var ok = 0;
    long peak = 0;
    while (procs.Any(p => !p.HasExited))
    {
        peak = Math.Max(peak, server.PeakRssKiB());
        Thread.Sleep(100);
        if (sw.Elapsed > TimeSpan.FromMinutes(10)) break;
    }
    foreach (var p in procs)
    {
        if (!p.WaitForExit(1000)) { p.Kill(); continue; }
        var output = p.StandardOutput.ReadToEnd();
        if (p.ExitCode == 0 && output.StartsWith(smallSha, StringComparison.OrdinalIgnoreCase)) ok++;
    }
    peak = Math.Max(peak, server.PeakRssKiB());
    var secs = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"{concurrent} concurrent × {concurrentMib} MiB: {ok}/{concurrent} byte-identical in {secs:0.0} s, peak RSS {peak / 1024.0:0.0} MiB");
    report.AppendLine($"### {concurrent} concurrent clients × {concurrentMib} MiB (curl, blksize 65464), our daemon");
    report.AppendLine();
    report.AppendLine($"{ok}/{concurrent} complete and byte-identical in {secs:0.0} s ({(double)concurrent * concurrentMib / secs:0} MiB/s aggregate); peak RSS (VmHWM) {peak / 1024.0:0.0} MiB (goal < 64 MiB).");
}

var md = Path.Combine(outDir, "..", "tftp.md");
File.WriteAllText(md, report.ToString());
Console.WriteLine();
Console.WriteLine(report);
return 0;

// One atftp download in namespace NS; wall time, and the client's CPU time from /usr/bin/time (is the client the limit?).
Fetch Atftp(string ns, string address, int p, string file, int block, int? window, string sha, TimeSpan bound)
{
    var local = Path.Combine(scratch, "download");
    File.Delete(local);
    var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in (string[])["netns", "exec", ns, "/usr/bin/time", "-f", "@@cpu %U %S", "atftp", "--option", $"blksize {block}"]) psi.ArgumentList.Add(a);
    if (window is { } w) { psi.ArgumentList.Add("--option"); psi.ArgumentList.Add($"windowsize {w}"); }
    foreach (var a in (string[])["-g", "-r", file, "-l", local, address, p.ToString(inv)]) psi.ArgumentList.Add(a);
    var cpu = double.NaN;
    var sw = Stopwatch.StartNew();
    using var proc = Process.Start(psi)!;
    proc.OutputDataReceived += (_, _) => { };
    proc.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is { } l && l.StartsWith("@@cpu ", StringComparison.Ordinal))
        {
            var f = l.Split(' ');
            cpu = double.Parse(f[1], inv) + double.Parse(f[2], inv);
        }
    };
    proc.BeginOutputReadLine();
    proc.BeginErrorReadLine();
    if (!proc.WaitForExit(bound)) { proc.Kill(true); return new(double.PositiveInfinity, cpu); }
    proc.WaitForExit();
    var t = sw.Elapsed.TotalSeconds;
    if (proc.ExitCode != 0 || !File.Exists(local) || Sha(local) != sha) return new(double.PositiveInfinity, cpu);
    return new(t, cpu);
}

static string Sha(string path)
{
    using var f = File.OpenRead(path);
    return Convert.ToHexString(SHA256.HashData(f)).ToLowerInvariant();
}

static void WriteRandom(string path, long length, int seed)
{
    if (File.Exists(path) && new FileInfo(path).Length == length) return;
    var rng = new Random(seed);
    var buffer = new byte[1 << 20];
    using var f = File.Create(path);
    for (var left = length; left > 0; left -= buffer.Length)
    {
        rng.NextBytes(buffer);
        f.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
    }
}

internal readonly record struct Fetch(double Seconds, double ClientCpu);
