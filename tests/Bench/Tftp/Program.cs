using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Appliance.Bench.Tftp;

// tftp-bench OUT_DIR TFTPD HPA_IN_TFTPD [SIZE_MIB] [CONCURRENT] [CONCURRENT_MIB]
// Runs inside a private network namespace (see ./run): every server listens on that namespace's 127.0.0.1.
var outDir = Path.GetFullPath(args[0]);
var tftpd = args[1];
var hpa = args[2];
var sizeMib = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 512;
var concurrent = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100;
var concurrentMib = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 64;
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

ServerKind[] servers =
[
    new("tftpd (ours)", true, (r, p, s) => (tftpd, ["--prefix", s, "--tftproot", r, "--bind", "127.0.0.1", "--port", p.ToString(inv),
        "--max-per-client", "1000", "--max-transfers", "1000", "--log-level", "warn"])),
    new("tftpd-hpa", false, (r, p, _) => (hpa, ["-L", "-a", $"127.0.0.1:{p}", "-s", r])),
    new("atftpd", true, (r, p, _) => ("/usr/sbin/atftpd", ["--daemon", "--no-fork", "--port", p.ToString(inv), "--bind-address", "127.0.0.1",
        "--logfile", "/dev/null", "--maxthread", "1000", r])),
    new("dnsmasq", false, (r, _, s) => ("/usr/sbin/dnsmasq", ["-k", "--port=0", "--enable-tftp", $"--tftp-root={r}", "--listen-address=127.0.0.1",
        "--bind-interfaces", "--tftp-max=1000", "--user=root", $"--pid-file={Path.Combine(s, "dnsmasq.pid")}", "--log-facility=/dev/null"])),
];

var report = new StringBuilder();
var port = 20069;
var results = new Dictionary<string, (double Seconds, string Settings)>();
foreach (var kind in servers)
{
    var p = kind.Name == "dnsmasq" ? 69 : port++;
    var prefix = Path.Combine(scratch, kind.Name.Split(' ')[0]);
    Directory.CreateDirectory(prefix);
    using var server = new ServerProcess(kind, root, p, prefix);
    // Best settings the server supports with the same client (atftp): blksize up to 65464 (loopback MTU 65536), and
    // windowsize when the server speaks RFC 7440. Tuned on the small file, then one run on the big one.
    var candidates = new List<(int Block, int? Window)> { (65464, null), (1468, null) };
    if (kind.Windowsize) candidates.AddRange([(65464, 2), (1468, 16), (1468, 64)]);
    (int Block, int? Window) best = candidates[0];
    var bestTime = double.MaxValue;
    foreach (var c in candidates)
    {
        var t = Atftp(p, "c.wim", c.Block, c.Window, smallSha, TimeSpan.FromSeconds(120));
        Console.WriteLine($"  tune {kind.Name} blksize {c.Block} windowsize {c.Window?.ToString(inv) ?? "-"}: {t:0.00} s for {concurrentMib} MiB");
        if (t < bestTime) { bestTime = t; best = c; }
    }
    var seconds = Atftp(p, "boot.wim", best.Block, best.Window, bigSha, TimeSpan.FromSeconds(600));
    var settings = $"blksize {best.Block}" + (best.Window is { } w ? $", windowsize {w}" : "");
    results[kind.Name] = (seconds, settings);
    Console.WriteLine($"{kind.Name}: {sizeMib} MiB in {seconds:0.00} s ({sizeMib / seconds:0.0} MiB/s) with {settings}");
}

var ours = results["tftpd (ours)"].Seconds;
var bestPeer = results.Where(r => r.Key != "tftpd (ours)").MinBy(r => r.Value.Seconds);
report.AppendLine($"### {sizeMib} MiB over loopback, atftp 0.8 client, best settings per server");
report.AppendLine();
report.AppendLine("| server | settings | time | MiB/s | ours is × faster |");
report.AppendLine("|---|---|---|---|---|");
foreach (var (name, (s, set)) in results)
    report.AppendLine($"| {name} | {set} | {s:0.00} s | {sizeMib / s:0.0} | {(name == "tftpd (ours)" ? "—" : (s / ours).ToString("0.00", inv) + "×")} |");
report.AppendLine();
report.AppendLine($"Ratios: vs tftpd-hpa {results["tftpd-hpa"].Seconds / ours:0.00}× (goal ≥ 10×), vs best peer ({bestPeer.Key}) {bestPeer.Value.Seconds / ours:0.00}× (goal ≥ 1.5×).");
report.AppendLine();

// 100 concurrent clients (curl, blksize 65464) fetching the small file from our server; peak RSS from /proc.
{
    var prefix = Path.Combine(scratch, "concurrent");
    Directory.CreateDirectory(prefix);
    var cport = port++;
    using var server = new ServerProcess(servers[0], root, cport, prefix);
    var sw = Stopwatch.StartNew();
    var procs = Enumerable.Range(0, concurrent).Select(_ =>
    {
        var psi = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
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

double Atftp(int p, string file, int block, int? window, string sha, TimeSpan bound)
{
    var local = Path.Combine(scratch, "download");
    File.Delete(local);
    var psi = new ProcessStartInfo("atftp") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in (string[])["--option", $"blksize {block}"]) psi.ArgumentList.Add(a);
    if (window is { } w) { psi.ArgumentList.Add("--option"); psi.ArgumentList.Add($"windowsize {w}"); }
    foreach (var a in (string[])["-g", "-r", file, "-l", local, "127.0.0.1", p.ToString(inv)]) psi.ArgumentList.Add(a);
    var sw = Stopwatch.StartNew();
    using var proc = Process.Start(psi)!;
    proc.OutputDataReceived += (_, _) => { };
    proc.ErrorDataReceived += (_, _) => { };
    proc.BeginOutputReadLine();
    proc.BeginErrorReadLine();
    if (!proc.WaitForExit(bound)) { proc.Kill(); return double.PositiveInfinity; }
    var t = sw.Elapsed.TotalSeconds;
    if (proc.ExitCode != 0 || !File.Exists(local) || Sha(local) != sha) return double.PositiveInfinity;
    return t;
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
