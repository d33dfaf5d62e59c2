"""Where the expanded code of generated services goes, by item kind and by what wrote it
(a derive, the generator, a runtime macro): the `cargo llvm-lines`-style count of the
code rustc type-checks and borrow-checks, read from `-Zunpretty=expanded` output.

Usage: python3 bench/expansion_breakdown.py EXPANDED.rs MODULE...
       where EXPANDED.rs is the output of
       RUSTC_BOOTSTRAP=1 cargo rustc -p sigcal-client --no-default-features \
           --features uhost,vpc,udb --profile=check -- -Zunpretty=expanded

Each top-level item of a service module (its attributes included) is one unit: a
struct or enum declaration, or an impl. An impl is filed under the kind of its self type
(request, response, model, enum, the request's builder `Call<'_, XRequest>`, the
service client, waiter types, the module's own `Call`/`Wait`) and under its trait
(`Debug`, `Deserialize`, `Request`, ... or `inherent`). Prints a table of lines per kind
and per (kind, trait), largest first, with the share of each.
"""

import collections
import re
import sys

ITEM = re.compile(r"^        (?:pub(?:\([^)]*\))? )?(impl|struct|enum|type|const|static|fn|mod|use|trait)\b")


def module_body(lines, module):
    start = next(i for i, line in enumerate(lines) if line == f"    pub mod {module} {{")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] == "    }")
    return lines[start + 1:end]


def items(body):
    """(header line, line count) of each top-level item, attributes and docs included."""
    out, pending, current, count = [], 0, None, 0
    for line in body:
        indent8 = line.startswith("        ") and not line.startswith("         ")
        if indent8 and (line.lstrip().startswith("#[") or line.lstrip().startswith("///")):
            if current is not None:
                out.append((current, count))
                current, count = None, 0
            pending += 1
            continue
        if indent8 and ITEM.match(line):
            if current is not None:
                out.append((current, count))
            current, count = line.strip(), pending + 1
            pending = 0
            continue
        if current is not None:
            count += 1
        else:
            pending += 1
    if current is not None:
        out.append((current, count))
    return out


def impl_parts(header):
    """(trait, self type) of an impl header: `impl<'de> X<'de> for Y {` -> (X, Y)."""
    text = header[len("impl"):].strip()
    if text.startswith("<"):
        depth = 0
        for i, c in enumerate(text):
            depth += c == "<"
            depth -= c == ">"
            if depth == 0:
                text = text[i + 1:].strip()
                break
    text = text.split(" where ")[0].rstrip("{ ").strip()
    if " for " in text:
        trait, ty = text.split(" for ", 1)
        trait = re.sub(r"<.*", "", trait).split("::")[-1]
    else:
        trait, ty = "inherent", text
    return trait, ty.strip()


def kind_of(ty, enums):
    base = re.sub(r"^.*::", "", re.sub(r"<.*", "", ty))
    if base == "Call" and "Request" in ty:
        return "builder (Call<'_, XRequest>)"
    if base in ("Call", "Wait", "ThenWait"):
        return "module Call/Wait types"
    if base.endswith("Client"):
        return "service client"
    if base.endswith("Request"):
        return "request struct"
    if base.endswith("Response"):
        return "response struct"
    if base.endswith("Waiter") or base.startswith("Waiter"):
        return "waiter types"
    if base in enums:
        return "open enum"
    return "model struct"


def main():
    path, modules = sys.argv[1], sys.argv[2:]
    lines = open(path, encoding="utf-8").read().splitlines()
    by_kind = collections.Counter()
    by_pair = collections.Counter()
    total = 0
    for module in modules:
        body = module_body(lines, module)
        found = items(body)
        enums = {re.split(r"[\s<{]", h.split("enum ", 1)[1])[0] for h, _ in found if re.match(r"(pub )?enum ", h)}
        for header, count in found:
            total += count
            word = ITEM.match("        " + header).group(1)
            if word == "impl":
                trait, ty = impl_parts(header)
                kind = kind_of(ty, enums)
            elif word in ("struct", "enum"):
                name = re.split(r"[\s<{(;]", header.split(word + " ", 1)[1])[0]
                kind, trait = kind_of(name, enums), "declaration"
            else:
                kind, trait = "other items", word
            by_kind[kind] += count
            by_pair[(kind, trait)] += count
    print(f"expanded lines of {', '.join(modules)}: {total}")
    print()
    print("| item kind | expanded lines | share |")
    print("|---|---:|---:|")
    for kind, count in by_kind.most_common():
        print(f"| {kind} | {count} | {100 * count / total:.1f}% |")
    print()
    print("| item kind | written by | expanded lines | share |")
    print("|---|---|---:|---:|")
    for (kind, trait), count in by_pair.most_common(25):
        print(f"| {kind} | {trait} | {count} | {100 * count / total:.1f}% |")


if __name__ == "__main__":
    main()
