//! The JSON Schema of the spec format (`spec/spec.schema.json`): fresh, named by every
//! spec, and checked with a real JSON Schema validator (the `jsonschema` crate) against
//! every spec in `spec/` and the fixtures: valid ones pass, shape-broken ones fail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("spec/spec.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

/// The spec as JSON, or `None` when it is not YAML at all (a syntax-error fixture).
fn as_json(path: &Path) -> Option<serde_json::Value> {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).ok()
}

fn errors(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let instance = as_json(path).unwrap_or_else(|| panic!("{} is not YAML", path.display()));
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_checked_in_schema_is_fresh() {
    sigcal_tests::ensure_file_contents(
        &root().join(sigcal_codegen::schema::PATH),
        &sigcal_codegen::schema::json(),
        "cargo codegen schema",
    );
}

#[test]
fn every_spec_names_the_schema_on_its_first_line() {
    for path in yaml_files(&root().join("spec")) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(sigcal_codegen::schema::MODELINE),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_spec_and_valid_fixture_passes_the_schema() {
    let validator = validator();
    let mut files = yaml_files(&root().join("spec"));
    files.extend(yaml_files(&root().join("tests/specs/valid")));
    for dir in std::fs::read_dir(root().join("tests/specs/diff")).unwrap() {
        files.extend(yaml_files(&dir.unwrap().path()));
    }
    assert!(files.len() > 90, "{} files", files.len());
    for path in files {
        let errors = errors(&validator, &path);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

/// Broken fixtures whose mistake is one of shape (a key, a value's type, a missing key)
/// fail the schema; those whose mistake is semantic (an unknown model, a name clash)
/// pass it, and only `cargo codegen validate` finds them.
#[test]
fn shape_broken_fixtures_fail_the_schema_and_semantic_ones_pass() {
    let validator = validator();
    let shape_broken = [
        "unknown_field_key.yaml",
        "unknown_top_level_key.yaml",
        "required_not_bool.yaml",
        "missing_service.yaml",
        "empty_file.yaml",
    ];
    let broken = root().join("tests/specs/broken");
    for name in shape_broken {
        let path = broken.join(name);
        assert!(
            !errors(&validator, &path).is_empty(),
            "{name} passes the schema"
        );
    }
    for name in [
        "unknown_model.yaml",
        "pagination_missing_field.yaml",
        "names_collide_after_case_conversion.yaml",
    ] {
        let path = broken.join(name);
        let errors = errors(&validator, &path);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}
