"""Which parts of a generated file take its lines: every top-level item of the
prettyplease output, with the doc comment and attributes above it, is attributed to a
kind, and the kinds are totalled per action.

Usage: python3 bench/line_breakdown.py FILE ACTIONS  (prints CSV)
"""

import re
import sys


def kind(header: str) -> str:
    if re.match(r"pub struct \w+Request\b", header):
        return "request struct"
    if re.match(r"pub struct \w+Response\b", header):
        return "response struct"
    if re.match(r"pub struct \w+Client\b", header) or re.match(r"impl \w+Client\b", header):
        return "service client"
    if re.match(r"pub type \w+<'c> = Call<", header) or re.match(r"impl Call<'_, ", header):
        return "builder"
    if header.startswith("::sigcal_client::__call_type!"):
        return "other"
    if "Paginated for" in header:
        return "pagination impl"
    if re.match(r"pub enum ", header) or re.match(r"impl(<'de>)? .*for [A-Z]\w*\s*\{", header) and "Paginated" not in header:
        return "enum impls"
    if header.startswith(("pub static SERVICE", "mod metadata", "pub use metadata")):
        return "metadata table"
    if re.match(r"pub struct ", header):
        return "model struct"
    if header.startswith("impl "):
        return "enum impls"
    return "other"


def main() -> int:
    path, actions = sys.argv[1], int(sys.argv[2])
    totals: dict[str, int] = {}
    current = "header"
    # Doc comments and attributes at the top level belong to the item below them.
    pending = 0
    for line in open(path, encoding="utf-8"):
        stripped = line.rstrip("\n")
        in_attribute = pending and stripped.startswith((" ", ")"))
        if in_attribute or stripped.startswith(("#", "///")) or (stripped.startswith("//") and current != "header"):
            pending += 1
            continue
        if stripped and not stripped.startswith((" ", "}", ")")):
            current = kind(stripped)
        totals[current] = totals.get(current, 0) + 1 + pending
        pending = 0
    if pending:
        totals[current] = totals.get(current, 0) + pending
    print("kind,lines,lines_per_action")
    for name, lines in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{name},{lines},{lines / actions:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
