#!/usr/bin/python3
"""Turns `hivexregedit --export` output into a hivexsh -w script that builds the same keys and values (bench peer)."""
import re
import sys

keys = []  # (path, [(name, type, hexbytes)])
for line in open(sys.argv[1], encoding="latin-1"):
    line = line.rstrip("\r\n")
    if line.startswith("["):
        keys.append((line[1:-1], []))
    elif line.startswith('"') or line.startswith("@="):
        m = re.match(r'^(?:"((?:[^"\\]|\\.)*)"|@)=(.*)$', line)
        name = m.group(1) if m.group(1) is not None else "@"
        rest = m.group(2)
        if rest.startswith("dword:"):
            v = int(rest[6:], 16)
            data, t = ",".join(f"{b:02x}" for b in v.to_bytes(4, "little")), 4
        else:
            t = int(re.match(r"hex\(([0-9a-f]+)\)", rest).group(1), 16)
            data = rest.split(":", 1)[1]
        keys[-1][1].append((name, t, data))

out = []
for path, values in keys:
    parts = [p for p in path.split("\\") if p]
    if parts:
        out.append("cd \\" + "\\".join(parts[:-1]))
        out.append("add " + parts[-1])
    out.append("cd \\" + "\\".join(parts))
    if values:
        out.append(f"setval {len(values)}")
        for name, t, data in values:
            out.append(name)
            out.append(f"hex:{t}:{data}")
out.append("commit")
print("\n".join(out))
