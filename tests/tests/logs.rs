//! What the client logs: the call, never the private key or parameter values.
//!
//! A test binary of its own: tracing caches whether a call site is enabled, and tests
//! running without a subscriber in the same process would disable these call sites.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::sync::{Arc, Mutex};

use sigcal_client::uphost::UPHostClient;
use sigcal_client::{Config, Credentials};
use sigcal_fake::FakeServer;

/// A log sink for tracing that keeps everything written to it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn logs_name_the_call_but_never_the_key_or_the_values() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = FakeServer::builder()
                .keys("log-public", "log-private-key-0123456789")
                .start()
                .await
                .unwrap();
            let uphost = UPHostClient::new(server.client());
            uphost
                .describe_phost_image()
                .machine_type("secret-machine-type")
                .send()
                .await
                .unwrap();
            let config =
                Config::builder(Credentials::new("log-public", "log-private-key-0123456789"))
                    .base_url(server.url())
                    .region("r")
                    .zone("z")
                    .profile_dir("/nonexistent-sigcal-profile-dir")
                    .build()
                    .unwrap();
            let client = UPHostClient::new(sigcal_client::Client::new(config).unwrap());
            client.describe_phost_image().send().await.unwrap();
        });
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("sigcal.call") && logs.contains("DescribePHostImage"),
        "{logs}"
    );
    assert!(
        logs.contains("service=\"UPHost\""),
        "the call's span names the service: {logs}"
    );
    assert!(
        logs.contains("request_id") && logs.contains("elapsed_ms"),
        "{logs}"
    );
    assert!(!logs.contains("log-private-key-0123456789"), "{logs}");
    assert!(
        !logs.contains("secret-machine-type"),
        "parameter values are not logged: {logs}"
    );
}
