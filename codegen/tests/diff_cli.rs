//! `sigcal-codegen diff` as CI calls it: the exit status of `--deny breaking`, the three
//! formats, `--git` against this repository, and clear errors for bad input.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(case: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/specs/diff")
        .join(case)
        .join(side)
}

fn codegen(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigcal-codegen"))
        .arg("diff")
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .unwrap()
}

fn pair(case: &str, extra: &[&str]) -> Output {
    let (old, new) = (fixture(case, "old.yaml"), fixture(case, "new.yaml"));
    let mut args: Vec<&std::ffi::OsStr> = vec![old.as_os_str(), new.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    codegen(&args)
}

#[test]
fn deny_breaking_fails_on_breaking_changes_only() {
    let breaking = pair("parameter_made_required", &["--deny", "breaking"]);
    assert_eq!(breaking.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&breaking.stdout);
    assert!(stdout.contains("parameter made required"), "{stdout}");
    assert!(String::from_utf8_lossy(&breaking.stderr).contains("1 breaking change(s)"));

    let additive = pair("optional_parameter_added", &["--deny", "breaking"]);
    assert!(additive.status.success(), "{additive:?}");
    // Without --deny, a breaking change is reported but not an error.
    assert!(pair("parameter_made_required", &[]).status.success());
}

#[test]
fn markdown_and_json_formats() {
    let markdown = pair("action_removed", &["--format", "markdown"]);
    assert!(
        String::from_utf8_lossy(&markdown.stdout)
            .starts_with("## Spec changes (major version bump)")
    );
    let json = pair("enum_value_added", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["semver"], "minor");
}

/// The working tree's specs against the commit checked out: runs in any clone.
#[test]
fn git_revision_against_the_working_tree() {
    let output = codegen(&["--git".as_ref(), "HEAD".as_ref(), "spec".as_ref()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("change(s)"));
}

#[test]
fn bad_input_is_a_clear_error() {
    let missing = codegen(&["no/such/old.yaml".as_ref(), "spec".as_ref()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/old.yaml"));
    let bad_rev = codegen(&["--git".as_ref(), "no-such-revision".as_ref()]);
    assert_eq!(bad_rev.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_rev.stderr).contains("no-such-revision"));
}
