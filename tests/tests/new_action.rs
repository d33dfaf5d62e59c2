//! Adding an action to `spec/uphost.yaml` and generating is all it takes: this test
//! appends a fixture action to a copy of the spec, generates the client exactly as
//! `cargo codegen generate` does into a scratch crate, and runs a program there that
//! calls the new method against the fake server.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const NEW_ACTION: &str = r#"
  DescribePHostWidget:
    summary: Lists the widgets of a host (a fixture action added by a test)
    request:
      Region: {type: string, required: true}
      Zone: {type: string, required: true}
      PHostId: {type: string, required: true, description: The host.}
      WidgetType: {type: ImageType, description: Reuses an existing enum.}
      Offset: {type: int}
      Limit: {type: int}
    response:
      TotalCount: {type: int}
      WidgetSet: {type: "array[PHostImageSet]"}
    pagination: {offset: Offset, limit: Limit, total: TotalCount, items: WidgetSet}
    examples:
      response: '{"RetCode": 0, "TotalCount": 1, "WidgetSet": [{"ImageId": "widget-1"}]}'
"#;

const PROGRAM: &str = r#"
#[rustfmt::skip]
mod generated;

use generated::uphost::{ImageType, UPHostClient, SERVICE};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let server = sigcal_fake::FakeServer::builder().service(&SERVICE).start().await.unwrap();
    let uphost = UPHostClient::new(server.client());
    let answer = uphost.describe_phost_widget("phost-1").widget_type(ImageType::Base).send().await.unwrap();
    assert_eq!(answer.total_count, Some(1));
    assert_eq!(answer.widget_set[0].image_id.as_deref(), Some("widget-1"));
    println!("new action answered: {}", answer.widget_set.len());
}
"#;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

#[test]
fn a_new_spec_entry_becomes_a_working_client_method() {
    let root = workspace();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let scratch = target.join("new-action-test");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("spec")).unwrap();
    std::fs::create_dir_all(scratch.join("src")).unwrap();

    let spec = std::fs::read_to_string(root.join("spec/uphost.yaml")).unwrap();
    let with_action = spec.replacen("\nactions:\n", &format!("\nactions:{NEW_ACTION}"), 1);
    assert_ne!(spec, with_action, "the spec has an actions section");
    std::fs::write(scratch.join("spec/uphost.yaml"), with_action).unwrap();

    // What `cargo codegen generate --spec … --out …` does.
    let outputs = sigcal_codegen::write::outputs(
        &scratch.join("spec"),
        &scratch.join("src/generated"),
        &sigcal_codegen::Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    sigcal_codegen::write::write_changed(&outputs).unwrap();

    let client = root.join("generated-client");
    let fake = root.join("fake");
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"new-action-test\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
             [features]\ndefault = [\"uphost\"]\nuphost = []\n\n[dependencies]\n\
             sigcal-client = {{ path = {client:?}, default-features = false }}\n\
             sigcal-fake = {{ path = {fake:?}, default-features = false }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
        ),
    )
    .unwrap();
    std::fs::write(scratch.join("src/main.rs"), PROGRAM).unwrap();
    // The workspace's lock file pins the same dependency versions, already built.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();

    // The workspace's target directory already holds every dependency.
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("new action answered: 1"), "{stdout}");
}
