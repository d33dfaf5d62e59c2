"""Turns benchmark outputs into the tables and plots of BENCHMARKS.md.

Reads criterion's estimates (target/criterion), bench/results/compile_time.csv,
bench/results/lines_*.csv and bench/results/python_sign.txt; writes the SVG plots in
bench/plots/ and the tables between the markers of BENCHMARKS.md. Standard library only.
"""

import csv
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"
RESULTS = ROOT / "bench" / "results"
PLOTS = ROOT / "bench" / "plots"


def estimate_ns(group: str, bench: str) -> float:
    path = CRITERION / group / bench / "new" / "estimates.json"
    data = json.loads(path.read_text())
    return data["mean"]["point_estimate"]


def human(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.2f} {unit}"
    return f"{ns:.0f} ns"


def line_chart(path: pathlib.Path, title: str, x_label: str, y_label: str, points: list[tuple[float, float]]) -> None:
    """A minimal SVG line chart with axes, ticks and point labels."""
    width, height, left, bottom, top, right = 640, 400, 80, 60, 40, 30
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x_max, y_max = max(xs) * 1.05, max(ys) * 1.15

    def sx(x: float) -> float:
        return left + x / x_max * (width - left - right)

    def sy(y: float) -> float:
        return height - bottom - y / y_max * (height - bottom - top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="black"/>',
        f'<text x="{width / 2}" y="{height - 15}" text-anchor="middle">{x_label}</text>',
        f'<text x="18" y="{height / 2}" text-anchor="middle" transform="rotate(-90 18 {height / 2})">{y_label}</text>',
    ]
    for i in range(6):
        y = y_max * i / 5
        parts.append(f'<line x1="{left - 4}" y1="{sy(y):.1f}" x2="{width - right}" y2="{sy(y):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.3g}</text>')
    for x in xs:
        parts.append(f'<text x="{sx(x):.1f}" y="{height - bottom + 18}" text-anchor="middle">{x:g}</text>')
    line = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    for x, y in points:
        parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="#1f77b4"/>')
        parts.append(f'<text x="{sx(x) + 6:.1f}" y="{sy(y) - 8:.1f}">{y:.3g}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


def main() -> None:
    PLOTS.mkdir(parents=True, exist_ok=True)
    out = []

    sizes = [10, 100, 1000, 2000]
    generation = [(n, estimate_ns("generate", str(n))) for n in sizes]
    out.append("### Generation (load + validate + lower + emit + format)\n")
    out.append("| actions | time | per action |")
    out.append("|---:|---:|---:|")
    for n, ns in generation:
        out.append(f"| {n} | {human(ns)} | {human(ns / n)} |")
    line_chart(PLOTS / "generation.svg", "Generation time against spec size", "actions", "milliseconds", [(n, ns / 1e6) for n, ns in generation])
    out.append("\n![generation time](bench/plots/generation.svg)\n")

    sign = estimate_ns("sign_describe_phost_image_20_ids", "sigcal_flatten_and_sign")
    sha = estimate_ns("sign_describe_phost_image_20_ids", "bare_sha1_of_string_to_sign")
    lenient = estimate_ns("decode_10000_images", "sigcal_lenient")
    plain = estimate_ns("decode_10000_images", "plain_serde")
    python_path = RESULTS / "python_sign.txt"
    python = float(python_path.read_text().strip()) if python_path.exists() else None
    out.append("### Request and response hot paths\n")
    out.append("| what | sigcal | limit | ratio | target |")
    out.append("|---|---:|---:|---:|---:|")
    out.append(f"| flatten + sign, DescribePHostImage with 20 ids | {human(sign)} | bare SHA-1 of the same string: {human(sha)} | {sign / sha:.2f}x | ≤ 2x |")
    out.append(f"| decode 10,000 images | {human(lenient)} | plain serde structs: {human(plain)} | {lenient / plain:.2f}x | ≤ 1.3x |")
    if python is not None:
        out.append(f"| flatten + sign, official Python SDK (same request) | {human(sign)} | Python: {human(python)} | Python is {python / sign:.0f}x slower | — |")

    compile_path = RESULTS / "compile_time.csv"
    if compile_path.exists():
        rows = list(csv.DictReader(compile_path.open()))
        out.append("\n### Compile time and size of generated code (dependencies prebuilt)\n")
        out.append("| actions | cargo check | per action | cargo build | generated lines | lines per action |")
        out.append("|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            out.append(
                f"| {row['actions']} | {float(row['check_seconds']):.1f} s | {float(row['check_ms_per_action']):.1f} ms | "
                f"{float(row['build_seconds']):.1f} s | {row['generated_lines']} | {row['lines_per_action']} |"
            )
        line_chart(
            PLOTS / "compile_check.svg",
            "cargo check of the generated crate against spec size",
            "actions",
            "seconds",
            [(float(r["actions"]), float(r["check_seconds"])) for r in rows],
        )
        out.append("\n![cargo check time](bench/plots/compile_check.svg)\n")
        largest = max(int(r["actions"]) for r in rows)
        breakdown = RESULTS / f"lines_{largest}.csv"
        if breakdown.exists():
            out.append(f"Where the lines go ({largest} actions):\n")
            out.append("| part | lines | per action |")
            out.append("|---|---:|---:|")
            for row in csv.DictReader(breakdown.open()):
                out.append(f"| {row['kind']} | {row['lines']} | {row['lines_per_action']} |")

    features = RESULTS / "features.csv"
    if features.exists():
        rows = list(csv.DictReader(features.open()))
        out.append("\n### Pay per use: `cargo check -p sigcal-client` with and without the `uphost` service\n")
        out.append("| features | cargo check |")
        out.append("|---|---:|")
        for row in rows:
            out.append(f"| {row['features']} | {float(row['seconds']):.1f} s |")

    load = RESULTS / "load.txt"
    if load.exists():
        out.append(f"\n### Load test on loopback\n\n`{load.read_text().strip()}`\n")

    text = "\n".join(out) + "\n"
    (RESULTS / "summary.md").write_text(text)
    bench_md = ROOT / "BENCHMARKS.md"
    current = bench_md.read_text()
    updated = re.sub(
        r"(<!-- results:start -->\n).*?(<!-- results:end -->)",
        lambda m: m.group(1) + text + m.group(2),
        current,
        flags=re.S,
    )
    bench_md.write_text(updated)
    print(text)


if __name__ == "__main__":
    main()
