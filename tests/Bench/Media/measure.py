"""Side-by-side rounds for tests/Bench/Media/run: floppygen (one process for N nodes) against the virtesk method
(per floppy mkfs.msdos -C + mcopy, and mformat -C + mcopy), interleaved in every round, on each target folder.
Each command is timed with wait4(2): wall clock from spawn to reap, CPU = user + system of the process (and its
children), so a loaded machine shows in wall time but not in CPU time. Prints the table and writes it to OUT."""
import os
import statistics
import subprocess
import sys
import time


def run(argv):
    """Runs argv, returns (wall ns, cpu ns); fails loudly on a non-zero exit."""
    start = time.perf_counter_ns()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter_ns() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{argv[0]} exited {p.returncode}: {' '.join(argv)}")
    return wall, int((usage.ru_utime + usage.ru_stime) * 1e9)


def ours(cfg, folder):
    wall, cpu = run(cfg["floppygen"] + ["--output", folder])
    written = len(os.listdir(folder))
    if written != cfg["n"]:
        sys.exit(f"floppygen wrote {written} images into {folder}, expected {cfg['n']}")
    return wall, cpu


def peer(cfg, folder, kind):
    os.makedirs(folder)
    wall = cpu = 0
    for i in range(cfg["peer_n"]):
        img = os.path.join(folder, f"{i}.img")
        if kind == "mkfs":
            fmt = ["mkfs.msdos", "-C", img, "1440"]
        else:
            fmt = ["mformat", "-C", "-f", "1440", "-v", "UNATTEND", "-i", img, "::"]
        for argv in (fmt, ["mcopy", "-i", img, cfg["answer"], cfg["sysprep"], "::"]):
            w, c = run(argv)
            wall += w
            cpu += c
    check = subprocess.run(["mtype", "-i", os.path.join(folder, "0.img"), "::sysprep.inf"], capture_output=True, check=True)
    with open(cfg["sysprep"], "rb") as f:
        if check.stdout != f.read():
            sys.exit("the peer's floppy does not hold the payload")
    return wall, cpu


def main():
    out, rounds, n, peer_n, answer, sysprep = sys.argv[1:7]
    targets = sys.argv[7].split(",")
    cfg = {"n": int(n), "peer_n": int(peer_n), "answer": answer, "sysprep": sysprep, "floppygen": sys.argv[8:]}
    load_start = os.getloadavg()[0]
    methods = ["floppygen", "mkfs", "mformat"]
    results = {}  # (target, method) -> list of (floppies/s by wall, cpu ms per floppy, wall ms)
    for target in targets:
        label, folder = target.split("=", 1)
        for r in range(int(rounds)):
            # Interleaved, and the order rotates each round so no method always runs first on a warm cache.
            order = methods[r % 3:] + methods[:r % 3]
            for m in order:
                dest = os.path.join(folder, f"r{r}-{m}")
                if m == "floppygen":
                    wall, cpu = ours(cfg, dest)
                    count = cfg["n"]
                else:
                    wall, cpu = peer(cfg, dest, m)
                    count = cfg["peer_n"]
                results.setdefault((label, m), []).append((count / (wall / 1e9), cpu / 1e6 / count, wall / 1e6))
    load_end = os.getloadavg()[0]

    names = {"floppygen": f"floppygen, {cfg['n']} nodes in one run", "mkfs": "mkfs.msdos -C + mcopy",
             "mformat": "mformat -C + mcopy"}
    lines = [f"medians of {rounds} interleaved rounds; floppygen writes {cfg['n']} floppies per round, each peer {cfg['peer_n']}",
             "",
             "| target | method | wall per round | floppies/s (wall) | CPU per floppy | floppygen is x faster (wall) | (CPU) |",
             "|---|---|---|---|---|---|---|"]
    for target in targets:
        label = target.split("=", 1)[0]
        med = {m: [statistics.median(x[i] for x in results[(label, m)]) for i in range(3)] for m in methods}
        for m in methods:
            rate, cpu, wall = med[m]
            speed = "" if m == "floppygen" else f"**{med['floppygen'][0] / rate:.0f}x**"
            cpu_ratio = "" if m == "floppygen" else f"{cpu / med['floppygen'][1]:.0f}x"
            lines.append(f"| {label} | {names[m]} | {wall:.0f} ms | {rate:,.0f} | {cpu * 1000:.0f} us | {speed} | {cpu_ratio} |")
    for target in targets:
        label = target.split("=", 1)[0]
        walls = sorted(x[2] for x in results[(label, "floppygen")])
        lines.append(f"{label}: floppygen {cfg['n']} floppies, wall per round {', '.join(f'{w:.0f}' for w in walls)} ms (sorted)")
    lines.append(f"load average {load_start:.2f} at start, {load_end:.2f} at end, on {os.cpu_count()} cores")
    text = "\n".join(lines)
    print(text)
    with open(out, "w") as f:
        f.write(text + "\n")


main()
