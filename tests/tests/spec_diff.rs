//! `cargo codegen diff`: every fixture pair under `specs/diff/<change>/` (`old.yaml`,
//! `new.yaml`) holds one kind of change; its classification is snapshot-tested.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::Path;

use sigcal_codegen::Spec;
use sigcal_codegen::diff::{self, Bump, Change, RustImpact, WireImpact};

fn changes(dir: &Path) -> Vec<Change> {
    let load = |name: &str| {
        let path = dir.join(name);
        let spec = Spec::load(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
        diff::services(std::slice::from_ref(&spec))
    };
    diff::diff(&load("old.yaml"), &load("new.yaml"))
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs/diff")
        .join(name)
}

#[test]
fn each_fixture_pair_is_classified() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/specs/diff"),
        "*/new.yaml",
        |path| {
            let dir = path.parent().unwrap();
            let changes = changes(dir);
            assert!(!changes.is_empty(), "{} shows no change", dir.display());
            insta::assert_snapshot!(diff::render_text(&changes));
        }
    );
}

/// The classifications the issue names, asserted outright as well as snapshotted.
#[test]
fn the_named_cases_get_their_classification() {
    let first = |name: &str| changes(&fixture(name)).into_iter().next().unwrap();
    let expect = |name: &str, rust, wire, semver| {
        let change = first(name);
        assert_eq!(
            (change.rust, change.wire, change.semver),
            (rust, wire, semver),
            "{name}: {change:?}"
        );
    };
    use {Bump::*, RustImpact as R, WireImpact as W};
    expect(
        "optional_parameter_added",
        R::Additive,
        W::Compatible,
        Minor,
    );
    expect("parameter_made_required", R::Breaking, W::Breaking, Major);
    expect("response_field_removed", R::Breaking, W::Compatible, Major);
    expect("enum_value_added", R::Additive, W::Compatible, Minor);
    expect("type_narrowed", R::Breaking, W::Breaking, Major);
    expect("action_removed", R::Breaking, W::Breaking, Major);
    expect("description_only", R::None, W::Compatible, Patch);
    let renamed = changes(&fixture("action_renamed"));
    assert!(
        renamed
            .iter()
            .all(|c| c.hint.as_deref().is_some_and(|h| h.contains("rename"))),
        "{renamed:?}"
    );
    assert_eq!(diff::required_bump(&renamed), Major);
}

#[test]
fn markdown_and_json_reports() {
    let changes = changes(&fixture("action_renamed"));
    insta::assert_snapshot!("action_renamed_markdown", diff::render_markdown(&changes));
    insta::assert_snapshot!("action_renamed_json", diff::render_json(&changes));
    let json: serde_json::Value = serde_json::from_str(&diff::render_json(&changes)).unwrap();
    assert_eq!(json["semver"], "major");
    assert_eq!(json["breaking"], 1);
}

/// The same spec on both sides, and the checked-in specs against themselves: nothing.
#[test]
fn no_change_no_report() {
    let specs = diff::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let services = diff::services(&specs);
    assert!(diff::diff(&services, &services).is_empty());
    assert!(diff::render_text(&[]).contains("0 change(s), 0 breaking"));
}
