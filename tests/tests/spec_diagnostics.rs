//! Every broken spec under `specs/broken/` holds one mistake and is named after it; its
//! rendered diagnostics are snapshot-tested, line and column included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::Path;

use sigcal_codegen::{Severity, Spec};

fn display_name(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("spec.yaml");
    format!("broken/{name}")
}

#[test]
fn broken_specs_render_located_diagnostics() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/specs/broken"),
        "*.yaml",
        |path| {
            let source = std::fs::read_to_string(path).expect("fixture is readable");
            let name = display_name(path);
            let rendered = match Spec::parse(&name, &source) {
                Ok(spec) => {
                    assert!(
                        !spec.warnings.is_empty(),
                        "{name} is in broken/ but loads without errors or warnings"
                    );
                    sigcal_codegen::diagnostics::render(&spec.warnings, &source, false)
                }
                Err(error) => error.render(false),
            };
            insta::assert_snapshot!(rendered);
        }
    );
}

#[test]
fn valid_specs_load_without_diagnostics() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/specs/valid"),
        "*.yaml",
        |path| {
            let source = std::fs::read_to_string(path).expect("fixture is readable");
            let spec = Spec::parse("valid.yaml", &source)
                .unwrap_or_else(|e| panic!("{}", e.render(false)));
            assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
        }
    );
}

#[test]
fn the_checked_in_spec_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/uphost.yaml");
    let spec = Spec::load(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
}

#[test]
fn several_mistakes_are_reported_together() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/broken/several_mistakes.yaml");
    let error = Spec::load(&path).expect_err("the fixture is broken");
    let headlines: Vec<String> = error
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {:?} {}",
                d.span.line, d.span.column, d.severity, d.message
            )
        })
        .collect();
    assert_eq!(
        headlines,
        [
            "10:15 Error unknown type `strnig`",
            "14:18 Error parameter `Limit` is required, so it cannot have a default",
            "15:7 Error `Signature` belongs to the protocol envelope, not to an action's entry",
            "17:22 Error unknown type `Thing`",
            "19:3 Warning model `Orphan` is never used",
        ]
    );
    assert_eq!(error.errors().count(), 4);
    assert!(
        error
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning)
    );
}

/// A misspelt key, a value of the wrong type and an unknown model: shape and semantic
/// mistakes of one file, all reported, located, in one run.
#[test]
fn shape_and_semantic_mistakes_come_in_one_run() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs/broken/misspelt_key_wrong_type_unknown_model.yaml");
    let error = Spec::load(&path).expect_err("the fixture is broken");
    let errors: Vec<String> = error
        .errors()
        .map(|d| format!("{}:{} {}", d.span.line, d.span.column, d.message))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with("11:9 unknown field `requird`"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with("12:36 invalid boolean"),
        "{errors:#?}"
    );
    assert!(
        errors[2].starts_with("14:22 unknown type `Thingy`"),
        "{errors:#?}"
    );
}
