"""Summarises rustc -Z time-passes output (stdin): the top-level passes by wall time."""
import re
import sys

label, source = sys.argv[1], sys.argv[2]
rows = []
for line in sys.stdin:
    match = re.match(r"time:\s+([\d.]+);.*?\s(\S+)$", line.strip())
    if match:
        rows.append((match.group(2), float(match.group(1))))
total = dict(rows).get("total", sum(t for _, t in rows))
lines = sum(1 for _ in open(source, encoding="utf-8"))
print(f"# {label}: {lines} generated lines, rustc total {total:.2f} s")
print("pass,seconds,share")
# Passes are nested; report each name once, at its largest time.
best = {}
for name, seconds in rows:
    if name != "total":
        best[name] = max(best.get(name, 0.0), seconds)
for name, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
    if seconds >= 0.01 * total:
        print(f"{name},{seconds:.3f},{100 * seconds / total:.0f}%")
