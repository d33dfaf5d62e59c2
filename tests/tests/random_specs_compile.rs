//! A spec that validates generates code that compiles. Random specs, built from names
//! that are hard for a generator (Rust keywords and prelude types, names that collide
//! after case conversion, names of the generated API's own methods and types, models
//! that nest and recurse through lists, actions named like models), are validated; the
//! ones that validate are generated into one scratch crate, a module each, and
//! compiled there with one `cargo check`. A rejected spec must be rejected with a
//! diagnostic, never a panic.
//!
//! Each run draws new specs; the seed is printed and `SIGCAL_RANDOM_SPECS_SEED=<n>`
//! replays a run. On failure the specs of the batch are left in
//! `target/random-specs-test/spec/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Specs per batch: enough variety per `cargo check`, small enough to stay a few seconds.
const SPECS: usize = 96;

/// Name parts a generator trips on: keywords (strict, reserved, weak, `Self`), prelude
/// and runtime names, the generated API's own names, acronyms that snake_case alike.
const PARTS: &[&str] = &[
    "Type",
    "Self",
    "Super",
    "Crate",
    "Match",
    "Async",
    "Await",
    "Dyn",
    "Try",
    "Gen",
    "Union",
    "Static",
    "Macro",
    "Mod",
    "Fn",
    "Impl",
    "Loop",
    "Yield",
    "Abstract",
    "Ref",
    "Result",
    "Option",
    "Box",
    "String",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Error",
    "Client",
    "Send",
    "Options",
    "Pages",
    "Items",
    "IntoRequest",
    "New",
    "Request",
    "Response",
    "Builder",
    "Meta",
    "Service",
    "Config",
    "Params",
    "Serialize",
    "Deserialize",
    "Unknown",
    "Id",
    "ID",
    "IPAddress",
    "IpAddress",
    "UHost",
    "Uhost",
    "Item2",
    "Item_2",
    "Disk",
    "Disks",
    "Set",
    "Zone",
    "Region",
    "ProjectId",
    "Limit",
    "Offset",
    "TotalCount",
    "Core",
    "Std",
    "Str",
    "Bool",
    "U8",
    "F64",
    "Future",
    "Sized",
    "Drop",
    "Copy",
    "Clone",
    "Debug",
    "Eq",
    "Hash",
    "Into",
    "From",
    "Iterator",
    "A",
];

/// Verbs, so some actions read like real ones and some models like actions.
const VERBS: &[&str] = &["", "Describe", "Get", "Create", "Delete", "List", "Modify"];

/// Enum values the wire carries: keywords, digits first, punctuation, case twins.
const VALUES: &[&str] = &[
    "Base",
    "base",
    "BASE",
    "Self",
    "self",
    "type",
    "Type",
    "1GB",
    "10G-SSD",
    "a.b",
    "a b",
    "x-y",
    "None",
    "Some",
    "Default",
    "Ünïcödé",
    "_",
    "__",
    "0",
    "UNKNOWN",
    "unknown",
    "Unknown",
    "Month",
    "Year",
    "Dynamic",
    "r#x",
    "Ok",
    "Err",
];

#[derive(Debug, Clone)]
enum Ty {
    String,
    Int,
    Float,
    Bool,
    Json,
    Enum(Index),
    Model(Index),
    Array(Box<Ty>),
    /// A type written as it is (the items of a paged action).
    Named(String),
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    ty: Ty,
    required: bool,
    with_default: bool,
    description: Option<String>,
}

#[derive(Debug, Clone)]
struct RandomSpec {
    service: String,
    enums: Vec<(String, Vec<String>)>,
    models: Vec<(String, Vec<Field>)>,
    actions: Vec<(String, Vec<Field>, Vec<Field>, bool)>,
}

fn part() -> impl Strategy<Value = String> {
    prop::sample::select(PARTS).prop_map(str::to_owned)
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => part(),
        3 => (part(), part()).prop_map(|(a, b)| format!("{a}{b}")),
        1 => (part(), 0u8..3).prop_map(|(a, n)| format!("{a}{n}")),
        1 => part().prop_map(|a| a.to_lowercase()),
    ]
}

fn action_name() -> impl Strategy<Value = String> {
    (prop::sample::select(VERBS), name()).prop_map(|(verb, name)| format!("{verb}{name}"))
}

fn ty() -> impl Strategy<Value = Ty> {
    let leaf = prop_oneof![
        4 => Just(Ty::String),
        2 => Just(Ty::Int),
        1 => Just(Ty::Float),
        1 => Just(Ty::Bool),
        1 => Just(Ty::Json),
        2 => any::<Index>().prop_map(Ty::Enum),
        3 => any::<Index>().prop_map(Ty::Model),
    ];
    leaf.prop_recursive(2, 4, 1, |inner| inner.prop_map(|t| Ty::Array(Box::new(t))))
}

fn field() -> impl Strategy<Value = Field> {
    (
        name(),
        ty(),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.5, "[A-Za-z `*\\\\<>\\[\\]#{}/\"]{0,24}"),
    )
        .prop_map(|(name, ty, required, with_default, description)| Field {
            name,
            ty,
            required,
            with_default,
            description,
        })
}

fn random_spec() -> impl Strategy<Value = RandomSpec> {
    (
        name(),
        prop::collection::vec(
            (
                action_name(),
                prop::collection::vec(prop::sample::select(VALUES).prop_map(str::to_owned), 1..5),
            ),
            0..3,
        ),
        prop::collection::vec((action_name(), prop::collection::vec(field(), 1..5)), 0..4),
        prop::collection::vec(
            (
                action_name(),
                prop::collection::vec(field(), 0..5),
                prop::collection::vec(field(), 0..4),
                prop::bool::weighted(0.3),
            ),
            1..4,
        ),
    )
        .prop_map(|(service, enums, models, actions)| RandomSpec {
            service,
            enums,
            models,
            actions,
        })
}

impl RandomSpec {
    fn type_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "string".into(),
            Ty::Int => "int".into(),
            Ty::Float => "float".into(),
            Ty::Bool => "bool".into(),
            Ty::Json => "json".into(),
            Ty::Enum(at) if !self.enums.is_empty() => {
                self.enums[at.index(self.enums.len())].0.clone()
            }
            Ty::Model(at) if !self.models.is_empty() => {
                self.models[at.index(self.models.len())].0.clone()
            }
            Ty::Enum(_) | Ty::Model(_) => "string".into(),
            Ty::Array(inner) => format!("array[{}]", self.type_name(inner)),
            Ty::Named(name) => name.clone(),
        }
    }

    fn default_of(&self, ty: &Ty) -> Option<String> {
        match ty {
            Ty::String => Some("\"x\"".into()),
            Ty::Int => Some("20".into()),
            Ty::Float => Some("1.5".into()),
            Ty::Bool => Some("false".into()),
            Ty::Enum(at) if !self.enums.is_empty() => {
                let values = &self.enums[at.index(self.enums.len())].1;
                Some(yaml_string(&values[0]))
            }
            _ => None,
        }
    }

    fn write_fields(&self, out: &mut String, indent: &str, fields: &[Field]) {
        for field in fields {
            let _ = write!(
                out,
                "{indent}{}:\n{indent}  type: {}\n",
                field.name,
                yaml_string(&self.type_name(&field.ty))
            );
            if field.required {
                let _ = writeln!(out, "{indent}  required: true");
            } else if field.with_default
                && let Some(default) = self.default_of(&field.ty)
            {
                let _ = writeln!(out, "{indent}  default: {default}");
            }
            if let Some(text) = &field.description {
                let _ = writeln!(out, "{indent}  description: {}", yaml_string(text));
            }
        }
    }

    fn to_yaml(&self, module: &str) -> String {
        let mut out = format!(
            "service:\n  name: {}\n  module: {module}\n  endpoint: https://api.sigcalcloud.com/\n  version: \"1\"\n\nactions:\n",
            self.service
        );
        for (name, request, response, paged) in &self.actions {
            let _ = write!(out, "  {name}:\n    summary: A random action\n    request:");
            let mut request = request.clone();
            let mut response = response.clone();
            if *paged {
                request.push(plain("Offset", Ty::Int));
                request.push(plain("Limit", Ty::Int));
                response.push(plain("TotalCount", Ty::Int));
                let item = self.models.first().map_or("string", |(name, _)| name);
                response.push(plain("Items", Ty::Named(format!("array[{item}]"))));
            }
            if request.is_empty() {
                out.push_str(" {}\n");
            } else {
                out.push('\n');
                self.write_fields(&mut out, "      ", &request);
            }
            out.push_str("    response:");
            if response.is_empty() {
                out.push_str(" {}\n");
            } else {
                out.push('\n');
                self.write_fields(&mut out, "      ", &response);
            }
            if *paged {
                out.push_str(
                    "    pagination: {offset: Offset, limit: Limit, total: TotalCount, items: Items}\n",
                );
            }
        }
        if !self.models.is_empty() {
            out.push_str("\nmodels:\n");
            for (name, fields) in &self.models {
                let _ = write!(out, "  {name}:\n    fields:\n");
                self.write_fields(&mut out, "      ", fields);
            }
        }
        if !self.enums.is_empty() {
            out.push_str("\nenums:\n");
            for (name, values) in &self.enums {
                let _ = write!(out, "  {name}:\n    values:\n");
                for value in values {
                    let _ = writeln!(out, "      {}: A value.", yaml_string(value));
                }
            }
        }
        out
    }
}

fn plain(name: &str, ty: Ty) -> Field {
    Field {
        name: name.to_owned(),
        ty,
        required: false,
        with_default: false,
        description: None,
    }
}

/// A double-quoted YAML scalar (JSON's escaping is valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn seed() -> u64 {
    match std::env::var("SIGCAL_RANDOM_SPECS_SEED") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("SIGCAL_RANDOM_SPECS_SEED={text:?} is not a u64")),
        Err(_) => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            now.as_secs() ^ u64::from(now.subsec_nanos())
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

#[test]
fn random_specs_that_validate_generate_code_that_compiles() {
    let seed = seed();
    println!("SIGCAL_RANDOM_SPECS_SEED={seed}");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );

    let root = workspace();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let scratch = target.join("random-specs-test");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("spec")).unwrap();
    std::fs::create_dir_all(scratch.join("src")).unwrap();

    let strategy = random_spec();
    let mut valid = Vec::new();
    let mut rejected = 0;
    for index in 0..SPECS {
        let spec = strategy.new_tree(&mut runner).unwrap().current();
        let module = format!("random{index:02}");
        let text = spec.to_yaml(&module);
        let file = format!("{module}.yaml");
        // A panic here is a failure in itself; an error must say where.
        match sigcal_codegen::Spec::parse(&file, &text) {
            Ok(_) => {
                std::fs::write(scratch.join("spec").join(&file), &text).unwrap();
                valid.push(module);
            }
            Err(error) => {
                let report = error.to_string();
                assert!(
                    report.contains(&format!("{file}:")),
                    "a rejection without a location (seed {seed}):\n{report}\n--- spec:\n{text}"
                );
                if std::env::var_os("SIGCAL_RANDOM_SPECS_SHOW").is_some() {
                    println!("{report}");
                }
                rejected += 1;
            }
        }
    }
    println!(
        "{} of {SPECS} random specs validate; {rejected} rejected",
        valid.len()
    );
    // The generator aims at the edge of validity; a batch where nothing validates
    // would test nothing.
    assert!(
        valid.len() >= SPECS / 4,
        "only {} of {SPECS} specs validate (seed {seed}): the strategy drifted",
        valid.len()
    );

    // Metadata and `Serialize` behind features (on by default below), as in the
    // checked-in client: their parts land in files of their own, which must compile too.
    let options = sigcal_codegen::Options::default()
        .metadata_feature("metadata")
        .and_then(|options| options.serialize_feature("serialize"))
        .unwrap();
    let outputs = sigcal_codegen::write::outputs(
        &scratch.join("spec"),
        &scratch.join("src/generated"),
        &options,
    )
    .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    sigcal_codegen::write::write_changed(&outputs).unwrap();

    let client = root.join("generated-client");
    let features: String = valid.iter().map(|m| format!("{m} = []\n")).collect();
    let all: Vec<String> = valid.iter().map(|m| format!("\"{m}\"")).collect();
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"random-specs-test\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
             [features]\ndefault = [\"metadata\", \"serialize\", {}]\nmetadata = [\"sigcal-client/metadata\"]\nserialize = []\n{features}\n[dependencies]\n\
             sigcal-client = {{ path = {client:?}, default-features = false }}\n\
             serde_json = \"1\"\n",
            all.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(
        scratch.join("src/lib.rs"),
        "#![deny(warnings, missing_docs)]\n//! Random specs.\n/// The generated services.\n#[rustfmt::skip]\npub mod generated;\n",
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();

    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "random specs that validate do not compile (seed {seed}; the specs are in {}):\n{}",
        scratch.join("spec").display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
