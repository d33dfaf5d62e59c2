"""The baseline of the compile-cost guard: the types of the given specs as a person
would write them with plain serde, one async method per action.

Per action: a request struct deriving `Serialize` (optional fields skipped when unset),
a response struct deriving `Deserialize` (`#[serde(default)]`), `Debug`, `Clone`,
`Default` and `PartialEq` on both; models derive both directions; enums are serde enums
with an `Unknown` catch-all; one `async fn` per action through one generic call. No
builders, no leniency, no metadata, no waiters: what the generated client is compared
with. Prints one Rust file on stdout.

Usage: python3 bench/plain_serde.py spec/uhost.yaml spec/vpc.yaml ...
"""

import re
import sys

import yaml

KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
    "yield", "try", "gen",
}


def snake(name):
    """A plain snake_case of a wire name, unique enough for a baseline."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", words)
    out = re.sub(r"[^a-zA-Z0-9]+", "_", words).strip("_").lower() or "field"
    if out[0].isdigit():
        out = "f_" + out
    return f"r#{out}" if out in KEYWORDS else out


def camel(name):
    out = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^a-zA-Z0-9]+", name) if part)
    if not out or out[0].isdigit():
        out = "T" + out
    return out


def literal(text):
    """A Rust string literal."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def rust_type(ty, prefix, models, enums):
    lists = 0
    while ty.startswith("array[") and ty.endswith("]"):
        ty, lists = ty[len("array["):-1], lists + 1
    inner = {
        "string": "String",
        "int": "i64",
        "float": "f64",
        "bool": "bool",
        "json": "serde_json::Value",
    }.get(ty)
    if inner is None:
        inner = prefix + camel(ty) if ty in models or ty in enums else "String"
    for _ in range(lists):
        inner = f"Vec<{inner}>"
    return inner


def fields(entries, prefix, models, enums, request):
    out, seen = [], set()
    for wire, field in (entries or {}).items():
        name = snake(wire)
        while name in seen:
            name += "_"
        seen.add(name)
        ty = rust_type(str(field.get("type", "string")), prefix, models, enums)
        if request and not field.get("required"):
            out.append(f'    #[serde(rename = "{wire}", skip_serializing_if = "Option::is_none")]')
            out.append(f"    pub {name}: Option<{ty}>,")
        elif request:
            out.append(f'    #[serde(rename = "{wire}")]')
            out.append(f"    pub {name}: {ty},")
        else:
            out.append(f'    #[serde(rename = "{wire}")]')
            out.append(f"    pub {name}: Option<{ty}>,")
    return out


def service(path):
    spec = yaml.safe_load(open(path, encoding="utf-8"))
    prefix = camel(spec["service"]["name"])
    models = spec.get("models") or {}
    enums = spec.get("enums") or {}
    out = [f"pub mod {snake(prefix).replace('r#', '')}_plain {{", "    use super::*;"]
    for name, enum in enums.items():
        out.append("#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]")
        out.append(f"pub enum {prefix}{camel(name)} {{")
        seen = set()
        for value in (enum.get("values") or {}):
            variant = camel(str(value))
            if variant in seen or variant == "Unknown":
                continue
            seen.add(variant)
            out.append(f"    #[serde(rename = {literal(value)})]")
            out.append(f"    {variant},")
        out.append("    #[default]")
        out.append("    #[serde(other)]")
        out.append("    Unknown,")
        out.append("}")
    for name, model in models.items():
        out.append("#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]")
        out.append("#[serde(default)]")
        out.append(f"pub struct {prefix}{camel(name)} {{")
        out += fields(model.get("fields"), prefix, models, enums, request=False)
        out.append("}")
    methods = []
    for name, action in (spec.get("actions") or {}).items():
        request, response = f"{camel(name)}Request", f"{camel(name)}Response"
        out.append("#[derive(Debug, Clone, Default, PartialEq, Serialize)]")
        out.append(f"pub struct {request} {{")
        out += fields(action.get("request"), prefix, models, enums, request=True)
        out.append("}")
        out.append("#[derive(Debug, Clone, Default, PartialEq, Deserialize)]")
        out.append("#[serde(default)]")
        out.append(f"pub struct {response} {{")
        out += fields(action.get("response"), prefix, models, enums, request=False)
        out.append("}")
        methods.append(
            f"    pub async fn {snake(name).replace('r#', '')}(&self, request: &{request}) -> Result<{response}, Error> {{\n"
            f'        self.call("{name}", request).await\n'
            "    }"
        )
    out.append(f"pub struct {prefix}Client {{ pub api: Api }}")
    out.append(f"impl {prefix}Client {{")
    out.append("    async fn call<Q: Serialize, A: serde::de::DeserializeOwned>(&self, action: &str, request: &Q) -> Result<A, Error> { self.api.call(action, request).await }")
    out += methods
    out.append("}")
    out.append("}")
    return "\n".join(out)


def main():
    print("#![allow(dead_code, non_camel_case_types, clippy::all)]")
    print("use serde::{Deserialize, Serialize};")
    print("#[derive(Debug)] pub struct Error(pub String);")
    print("pub struct Api;")
    print("impl Api {")
    print("    pub async fn call<Q: Serialize, A: serde::de::DeserializeOwned>(&self, action: &str, request: &Q) -> Result<A, Error> {")
    print("        let mut body = serde_json::to_value(request).map_err(|e| Error(e.to_string()))?;")
    print('        body["Action"] = serde_json::Value::String(action.to_owned());')
    print("        serde_json::from_value(body).map_err(|e| Error(e.to_string()))")
    print("    }")
    print("}")
    for path in sys.argv[1:]:
        print(service(path))


if __name__ == "__main__":
    main()
