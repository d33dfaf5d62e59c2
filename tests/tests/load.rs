//! A load test on loopback: concurrent clients each send a fixed number of requests to
//! the fake server, and no request may fail. Run with `--nocapture` to see the
//! throughput (BENCHMARKS.md records it); the test asserts no speed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use sigcal_client::uphost::UPHostClient;
use sigcal_fake::FakeServer;

const CLIENTS: usize = 16;
/// Requests each client sends; `SIGCAL_LOAD_REQUESTS` raises it for a measurement
/// (`bench/run.sh` does).
fn requests_per_client() -> u64 {
    std::env::var("SIGCAL_LOAD_REQUESTS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(250)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_see_no_failures() {
    let server = FakeServer::start().await.unwrap();
    let succeeded = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let per_client = requests_per_client();
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let client = UPHostClient::new(server.client());
            let (succeeded, failed) = (Arc::clone(&succeeded), Arc::clone(&failed));
            tokio::spawn(async move {
                for _ in 0..per_client {
                    let result = client
                        .describe_phost_image()
                        .limit(((n % 5) + 1) as i64)
                        .send()
                        .await;
                    match result {
                        Ok(output) if output.total_count == Some(48) => {
                            succeeded.fetch_add(1, Ordering::Relaxed)
                        }
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (ok, bad) = (
        succeeded.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
    );
    println!(
        "load: {CLIENTS} clients, {elapsed:.1} s, {ok} requests, {:.0} requests/s, {bad} failed",
        ok as f64 / elapsed
    );
    assert_eq!(bad, 0);
    assert_eq!(ok, CLIENTS as u64 * per_client);
}

/// The same clients, each through a host's lifecycle while the others' hosts are kept:
/// create, describe by id, stop, terminate. Every answer is the fake's state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_lifecycles_keep_every_resource_apart() {
    use sigcal_client::uhost::UHostClient;
    let server = FakeServer::builder()
        .polls_until_ready(0)
        .start()
        .await
        .unwrap();
    let succeeded = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    // Four requests a round.
    let rounds = requests_per_client() / 4;
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let uhost = UHostClient::new(server.client());
            let (succeeded, failed) = (Arc::clone(&succeeded), Arc::clone(&failed));
            tokio::spawn(async move {
                let name = format!("client-{n}");
                for _ in 0..rounds {
                    let ok = async {
                        let made = uhost
                            .create_uhost_instance("uimage-1", "Password")
                            .name(name.as_str())
                            .send()
                            .await
                            .ok()?;
                        let id = made.uhost_ids.first()?.clone();
                        let listed = uhost
                            .describe_uhost_instance()
                            .uhost_ids(id.clone())
                            .send()
                            .await
                            .ok()?;
                        let mine = listed.uhost_set.len() == 1
                            && listed.uhost_set[0].name.as_deref() == Some(name.as_str());
                        uhost.stop_uhost_instance(id.clone()).send().await.ok()?;
                        uhost.terminate_uhost_instance(id).send().await.ok()?;
                        Some(mine)
                    }
                    .await;
                    match ok {
                        Some(true) => succeeded.fetch_add(4, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (ok, bad) = (
        succeeded.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
    );
    println!(
        "load with resources: {CLIENTS} clients, {elapsed:.1} s, {ok} requests, {:.0} requests/s, {bad} failed",
        ok as f64 / elapsed
    );
    assert_eq!(bad, 0);
    assert_eq!(ok, CLIENTS as u64 * rounds * 4);
}
