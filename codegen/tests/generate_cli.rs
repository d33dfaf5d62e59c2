//! `sigcal-codegen generate`'s generator options: each flag reaches the generated code,
//! and a value the option refuses is a usage error naming the flag.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::Path;
use std::process::{Command, Output};

fn generate(out: &Path, extra: &[&str]) -> Output {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/uphost.yaml");
    Command::new(env!("CARGO_BIN_EXE_sigcal-codegen"))
        .arg("generate")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_options_reach_the_generated_code() {
    let defaults = scratch("options-default");
    assert!(generate(&defaults, &[]).status.success());
    let default = std::fs::read_to_string(defaults.join("uphost.rs")).unwrap();
    assert!(default.contains("::sigcal_client::Client"));
    assert!(default.contains(r#"#[cfg(feature = "metadata")]"#));
    assert!(default.contains(r#"feature = "serialize""#));

    let moved = scratch("options-moved");
    let output = generate(
        &moved,
        &[
            "--runtime-path",
            "::vendor::sigcal",
            "--metadata-feature",
            "",
            "--serialize-feature",
            "answers",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let code = std::fs::read_to_string(moved.join("uphost.rs")).unwrap();
    assert!(code.contains("::vendor::sigcal::Client"));
    assert!(!code.contains("::sigcal_client"));
    assert!(
        !code.contains(r#"feature = "metadata""#),
        "empty: always compiled"
    );
    assert!(code.contains(r#"feature = "answers""#));
}

#[test]
fn a_refused_value_names_its_flag_and_writes_nothing() {
    for (flag, value) in [
        ("--runtime-path", "vendor sigcal"),
        ("--runtime-path", "::Vec<u8>"),
        ("--metadata-feature", "a\"b"),
        ("--serialize-feature", ".x"),
    ] {
        let out = scratch("options-refused");
        let output = generate(&out, &[&format!("{flag}={value}")]);
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(flag), "{stderr}");
        assert!(!out.exists(), "nothing written for {flag} {value}");
    }
}
