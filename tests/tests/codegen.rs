//! The generator: snapshots of the code generated for minimal fixture specs (one
//! feature each), determinism, front ends that agree, and freshness of the checked-in
//! client.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::{Path, PathBuf};

use sigcal_codegen::{Options, Spec};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(path: &Path) -> Spec {
    Spec::load(path).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

#[test]
fn fixture_specs_generate_the_snapshotted_code() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/specs/codegen"),
        "*.yaml",
        |path| {
            let spec = load(path);
            let rendered = sigcal_codegen::render::render(&spec, &Options::default()).unwrap();
            insta::assert_snapshot!(rendered);
        }
    );
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let spec = load(&root().join("spec/uphost.yaml"));
    let first = sigcal_codegen::render::render(&spec, &Options::default()).unwrap();
    let again = load(&root().join("spec/uphost.yaml"));
    assert_eq!(
        first,
        sigcal_codegen::render::render(&again, &Options::default()).unwrap()
    );
}

#[test]
fn cli_and_build_script_write_the_same_file() {
    let spec_path = root().join("spec/uphost.yaml");
    let cli =
        sigcal_codegen::write::outputs(&spec_path, Path::new("out"), &Options::default()).unwrap();
    let out_dir = std::env::temp_dir().join(format!("sigcal-build-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let written =
        sigcal_codegen::build::generate_into(&load(&spec_path), &out_dir, &Options::default())
            .unwrap();
    let from_build = std::fs::read_to_string(&written).unwrap();
    assert_eq!(written.file_name().unwrap(), "uphost.rs");
    assert_eq!(from_build, cli[0].contents);
    std::fs::remove_dir_all(&out_dir).unwrap();
}

/// `generate(...)`'s tokens (what the `generate!` macro expands to, one module) hold the
/// items of the checked-in files: the module's file and, behind their features, its
/// `metadata.rs` and `serialize.rs`.
#[test]
fn generated_tokens_hold_the_items_of_the_checked_in_files() {
    let spec = load(&root().join("spec/uphost.yaml"));
    let tokens = sigcal_codegen::generate(&spec, &Options::client());
    let whole: syn::File = syn::parse2(tokens).unwrap();
    let dir = root().join("generated-client/src/generated");
    let mut files = vec![read_items(&dir.join("uphost.rs"))];
    for part in ["metadata", "serialize"] {
        files.push(read_items(&dir.join("uphost").join(format!("{part}.rs"))));
    }
    let mut checked_in: Vec<String> = files
        .into_iter()
        .flat_map(|file| items(file.items))
        .collect();
    let mut generated = items(whole.items);
    checked_in.sort();
    generated.sort();
    assert!(generated.len() > 100, "{} items", generated.len());
    let only_generated: Vec<&String> = generated
        .iter()
        .filter(|i| !checked_in.contains(i))
        .collect();
    let only_checked_in: Vec<&String> = checked_in
        .iter()
        .filter(|i| !generated.contains(i))
        .collect();
    assert!(
        generated == checked_in,
        "the macro's expansion and the checked-in files differ: only in the expansion {only_generated:#?}, only in the files {only_checked_in:#?}"
    );
}

fn read_items(path: &Path) -> syn::File {
    syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The items of a generated file as text, without the parts' layout: no `cfg` on a
/// feature, a part's `mod metadata { … }` opened, no `mod x;` and no `use super::*;`.
fn items(all: Vec<syn::Item>) -> Vec<String> {
    use quote::ToTokens as _;
    let mut out = Vec::new();
    for item in all {
        let item = match item {
            syn::Item::Mod(module) => match module.content {
                Some((_, inner)) => {
                    out.extend(items(inner));
                    continue;
                }
                None => continue,
            },
            other => other,
        };
        if item.to_token_stream().to_string() == "use super :: * ;" {
            continue;
        }
        // As formatted text, so a `///` read from a file and a `#[doc]` from tokens agree.
        let text = sigcal_codegen::render::format_tokens(item.to_token_stream()).unwrap();
        out.push(
            text.replace("#[cfg(feature = \"metadata\")]\n", "")
                .replace("#[cfg(feature = \"serialize\")]\n", ""),
        );
    }
    out
}

/// The checked-in client matches the spec (a stale file is rewritten locally, and the
/// test fails all the same).
#[test]
fn checked_in_client_is_fresh() {
    let outputs = sigcal_codegen::write::client_outputs(
        &root().join("spec"),
        &root().join("generated-client/src/generated"),
        &root().join("generated-client/Cargo.toml"),
        &Options::client(),
    )
    .unwrap();
    let orphans =
        sigcal_codegen::write::orphans(&root().join("generated-client/src/generated"), &outputs);
    assert!(
        orphans.is_empty(),
        "generated modules without a spec: {orphans:?}; run `cargo codegen generate`"
    );
    sigcal_tests::ensure_files_fresh(
        outputs
            .iter()
            .map(|output| (output.path.as_path(), output.contents.as_str())),
        "cargo codegen generate",
    );
}

#[test]
fn the_generated_uphost_client_carries_every_field_with_docs() {
    let text =
        std::fs::read_to_string(root().join("generated-client/src/generated/uphost.rs")).unwrap();
    let model = text
        .split("pub struct PHostImageSet {")
        .nth(1)
        .unwrap()
        .split("\n}")
        .next()
        .unwrap();
    let fields = [
        "image_id",
        "image_name",
        "os_name",
        "os_type",
        "support",
        "version",
        "image_type",
        "create_time",
        "state",
        "image_size",
        "image_description",
    ];
    for field in fields {
        assert!(
            model.contains(&format!("pub {field}:")),
            "PHostImageSet.{field}"
        );
    }
    assert_eq!(model.matches("pub ").count(), 11);
    let request = text
        .split("pub struct DescribePHostImageRequest {")
        .nth(1)
        .unwrap()
        .split("\n}")
        .next()
        .unwrap();
    let params = [
        "region",
        "zone",
        "project_id",
        "image_type",
        "image_id",
        "offset",
        "limit",
        "machine_type",
        "cluster",
    ];
    for param in params {
        assert!(
            request.contains(&format!("pub {param}:")),
            "DescribePHostImageRequest.{param}"
        );
    }
    assert_eq!(request.matches("pub ").count(), 9);
    assert!(request.matches("    ///").count() >= 9);
}

#[test]
fn synthetic_specs_are_valid_for_every_benchmark_size() {
    for actions in [4, 10, 100] {
        let text = sigcal_tests::synthetic::spec(actions);
        let spec = Spec::parse("synthetic.yaml", &text)
            .unwrap_or_else(|e| panic!("{actions}: {}", e.render(false)));
        assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
        assert_eq!(spec.document.actions.iter().count(), actions);
        sigcal_codegen::render::render(&spec, &Options::default()).unwrap();
    }
}

/// Each generated service module is gated on a feature of the same name; the feature
/// must exist in `generated-client/Cargo.toml` or the module silently disappears.
#[test]
fn every_generated_service_has_its_cargo_feature() {
    let manifest = std::fs::read_to_string(root().join("generated-client/Cargo.toml")).unwrap();
    let features = manifest
        .split("[features]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for file in sigcal_codegen::write::spec_files(&root().join("spec")).unwrap() {
        let module = sigcal_codegen::ir::lower(&load(&file)).module;
        assert!(
            features
                .lines()
                .any(|line| line.starts_with(&format!("{module} = "))),
            "no `{module}` feature in generated-client/Cargo.toml"
        );
    }
}

/// The derives find the runtime at `::sigcal_client` unless told (`crate = …`); the
/// generator writes them out with the runtime where the options put it, in every impl.
#[test]
fn a_runtime_elsewhere_is_named_in_every_impl_the_derives_write() {
    let spec = load(&root().join("spec/uphost.yaml"));
    let default = sigcal_codegen::render::render(&spec, &Options::client()).unwrap();
    assert!(
        !default.contains("crate = "),
        "the default path is not repeated"
    );
    let moved = Options::client().runtime_path("::vendor::sigcal").unwrap();
    let rendered = sigcal_codegen::render::render(&spec, &moved).unwrap();
    // The derives are written out: every impl they write names the runtime where it is.
    let actions = default
        .matches("impl ::sigcal_client::Request for ")
        .count();
    assert!(actions >= 10, "the UPHost spec has its actions: {actions}");
    assert_eq!(
        rendered
            .matches("impl ::vendor::sigcal::Request for ")
            .count(),
        actions
    );
    let decoded = default
        .matches("impl ::sigcal_client::lenient::Fields for ")
        .count();
    assert!(decoded > actions, "answers and models: {decoded}");
    assert_eq!(
        rendered
            .matches("impl ::vendor::sigcal::lenient::Fields for ")
            .count(),
        decoded
    );
    // What stays a derive (the metadata, behind its feature) is told where the runtime
    // is; nothing is left for a derive to read.
    for text in [&default, &rendered] {
        assert!(!text.contains("#[wire("), "no helper attribute is left");
        assert!(!text.contains("#[request("), "no helper attribute is left");
    }
    assert!(
        !rendered.contains("::sigcal_client"),
        "nothing refers to the default path"
    );
}
