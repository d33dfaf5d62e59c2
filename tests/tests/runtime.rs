//! The runtime's configuration precedence, the blocking client, and what its logs say.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::collections::HashMap;
use std::time::Duration;

use sigcal_client::blocking::BlockingClient;
use sigcal_client::uphost::{DescribePHostImageRequest, UPHostClient};
use sigcal_client::{Config, ConfigBuilder, Credentials, Error};
use sigcal_fake::FakeServer;

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sigcal-runtime-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_profiles(dir: &std::path::Path) {
    std::fs::write(
        dir.join("config.json"),
        r#"[{"profile":"default","active":true,"region":"file-region","zone":"file-zone","project_id":"file-project","base_url":"http://file.invalid/","timeout_sec":7},
            {"profile":"other","region":"other-region"}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("credential.json"),
        r#"[{"profile":"default","public_key":"file-public","private_key":"file-private"},
            {"profile":"other","public_key":"other-public","private_key":"other-private"}]"#,
    )
    .unwrap();
}

#[test]
fn explicit_settings_beat_the_environment_which_beats_the_files() {
    let dir = temp_dir("precedence");
    write_profiles(&dir);
    let env: HashMap<&str, &str> = [
        ("SIGCAL_REGION", "env-region"),
        ("SIGCAL_PUBLIC_KEY", "env-public"),
        ("SIGCAL_PRIVATE_KEY", "env-private"),
        ("SIGCAL_TIMEOUT_SECONDS", "2.5"),
    ]
    .into();
    let lookup = |name: &str| env.get(name).map(|v| (*v).to_owned());

    let files_only = ConfigBuilder::default().profile_dir(&dir).build().unwrap();
    assert_eq!(files_only.region.as_deref(), Some("file-region"));
    assert_eq!(files_only.zone.as_deref(), Some("file-zone"));
    assert_eq!(
        files_only.credentials.as_static().unwrap().public_key(),
        "file-public"
    );
    assert_eq!(files_only.base_url, "http://file.invalid/");
    assert_eq!(files_only.timeout, Duration::from_secs(7));

    let with_env = ConfigBuilder::default()
        .profile_dir(&dir)
        .load_env_from(lookup)
        .build()
        .unwrap();
    assert_eq!(with_env.region.as_deref(), Some("env-region"));
    assert_eq!(
        with_env.zone.as_deref(),
        Some("file-zone"),
        "unset in the environment, so from the file"
    );
    assert_eq!(
        with_env.credentials.as_static().unwrap().public_key(),
        "env-public"
    );
    assert_eq!(with_env.timeout, Duration::from_millis(2500));

    let explicit = ConfigBuilder::default()
        .region("explicit-region")
        .profile_dir(&dir)
        .load_env_from(lookup)
        .build()
        .unwrap();
    assert_eq!(explicit.region.as_deref(), Some("explicit-region"));

    let other = ConfigBuilder::default()
        .profile("other")
        .profile_dir(&dir)
        .build()
        .unwrap();
    assert_eq!(
        (
            other.region.as_deref(),
            other.credentials.as_static().unwrap().public_key()
        ),
        (Some("other-region"), "other-public")
    );

    let missing = ConfigBuilder::default()
        .profile("nope")
        .profile_dir(&dir)
        .build()
        .unwrap_err();
    assert!(missing.to_string().contains("profile `nope`"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn broken_configuration_is_a_clear_error() {
    let dir = temp_dir("broken");
    std::fs::write(dir.join("config.json"), "{ not json").unwrap();
    let error = ConfigBuilder::default()
        .profile_dir(&dir)
        .build()
        .unwrap_err();
    assert!(
        matches!(error, Error::Config { .. }) && error.to_string().contains("config.json"),
        "{error}"
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let error = ConfigBuilder::default()
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("SIGCAL_PUBLIC_KEY"), "{error}");
    let error = Config::builder(Credentials::new("p", "s"))
        .base_url("ftp://x")
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("ftp://x"), "{error}");
}

#[test]
fn the_blocking_client_needs_no_runtime_of_its_own() {
    // The fake server runs on a runtime of its own thread; the test thread is plain.
    let (url_sender, url_receiver) = std::sync::mpsc::channel();
    let (stop_sender, stop_receiver) = tokio::sync::oneshot::channel::<()>();
    let server_thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let server = FakeServer::start().await.unwrap();
            url_sender
                .send((server.url(), server.credentials()))
                .unwrap();
            let _ = stop_receiver.await;
        });
    });
    let (url, credentials) = url_receiver.recv().unwrap();
    let config = Config::builder(credentials)
        .base_url(url)
        .region("r")
        .zone("z")
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .build()
        .unwrap();
    let blocking = BlockingClient::new(config).unwrap();

    let output = blocking
        .send(DescribePHostImageRequest {
            limit: Some(3),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(output.image_set.len(), 3);
    let uphost = UPHostClient::new(blocking.client().clone());
    let output = blocking
        .block_on(uphost.describe_phost_image().limit(1).send())
        .unwrap()
        .unwrap();
    assert_eq!(output.total_count, Some(48));
    let count = blocking
        .items(DescribePHostImageRequest {
            limit: Some(20),
            ..Default::default()
        })
        .map(Result::unwrap)
        .count();
    assert_eq!(count, 48);

    stop_sender.send(()).unwrap();
    server_thread.join().unwrap();
}

#[tokio::test]
async fn the_blocking_client_refuses_to_run_inside_a_runtime() {
    let config = Config::builder(Credentials::new("p", "s"))
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .build()
        .unwrap();
    let blocking = std::thread::spawn(move || BlockingClient::new(config).unwrap())
        .join()
        .unwrap();
    let error = blocking
        .send(DescribePHostImageRequest::default())
        .unwrap_err();
    assert!(
        error.to_string().contains("inside an async runtime"),
        "{error}"
    );
}
