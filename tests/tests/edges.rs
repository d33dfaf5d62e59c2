//! The runtime at its edges, against a scripted server on 127.0.0.1: required lists,
//! servers that cap `Limit` or ignore `Offset`, lenient decoding while paging, and call
//! options that must hold on every page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::TryStreamExt as _;
use sigcal_client::uphost::UPHostClient;
use sigcal_client::{CallOptions, Error};
use sigcal_tests::{Reply, Seen, TestServer, client_for};

fn number(seen: &Seen, key: &str, default: usize) -> usize {
    seen.params
        .get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A list of `total` images served by Offset/Limit; `cap` bounds the page size as a
/// real server may, `with_total` decides whether `TotalCount` is sent.
fn images(total: usize, cap: usize, with_total: bool) -> impl Fn(&Seen) -> Reply + Send + Sync {
    move |seen| {
        let offset = number(seen, "Offset", 0);
        let limit = number(seen, "Limit", 20).min(cap);
        let page: Vec<String> = (offset..total.min(offset + limit))
            .map(|i| format!(r#"{{"ImageId":"pimg-{i}"}}"#))
            .collect();
        let total = if with_total {
            format!(r#""TotalCount":{total},"#)
        } else {
            String::new()
        };
        Reply::json(format!(
            r#"{{"RetCode":0,{total}"ImageSet":[{}]}}"#,
            page.join(",")
        ))
    }
}

async fn ids(client: &UPHostClient, limit: i64) -> Result<Vec<String>, Error> {
    client
        .describe_phost_image()
        .limit(limit)
        .items()
        .map_ok(|image| image.image_id.unwrap_or_default())
        .try_collect()
        .await
}

#[tokio::test]
async fn a_server_capping_limit_still_delivers_every_item() {
    let server = TestServer::start(images(23, 7, true)).await;
    let client = UPHostClient::new(client_for(&server.url, 1));
    let ids = ids(&client, 100).await.unwrap();
    assert_eq!(
        ids,
        (0..23).map(|i| format!("pimg-{i}")).collect::<Vec<_>>()
    );
    let offsets: Vec<usize> = server
        .seen()
        .iter()
        .map(|s| number(s, "Offset", 0))
        .collect();
    assert_eq!(offsets, [0, 7, 14, 21]);
}

#[tokio::test]
async fn without_a_total_a_short_page_is_the_last() {
    let server = TestServer::start(images(23, 100, false)).await;
    let client = UPHostClient::new(client_for(&server.url, 1));
    assert_eq!(ids(&client, 10).await.unwrap().len(), 23);
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn a_server_ignoring_offset_is_an_error_not_a_hang() {
    // The same full page whatever the offset, and no total.
    let server = TestServer::start(|seen| {
        let limit = number(seen, "Limit", 20);
        let page: Vec<String> = (0..limit)
            .map(|i| format!(r#"{{"ImageId":"p{i}"}}"#))
            .collect();
        Reply::json(format!(
            r#"{{"RetCode":0,"ImageSet":[{}]}}"#,
            page.join(",")
        ))
    })
    .await;
    let client = UPHostClient::new(client_for(&server.url, 1));
    let error = ids(&client, 5).await.expect_err("a repeated page");
    assert!(
        matches!(error, Error::Paging { offset: 5, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("ignore Offset"), "{error}");
    assert_eq!(server.seen().len(), 2, "stops at the first repeat");
}

#[tokio::test]
async fn elements_dropped_by_lenient_decoding_do_not_end_paging() {
    // Page one holds a malformed element, which decoding drops: two items of a page of
    // three, but the page was full, so paging goes on.
    let server = TestServer::start(|seen| {
        let body = match number(seen, "Offset", 0) {
            0 => r#"{"RetCode":0,"ImageSet":[{"ImageId":"a"},"not an image",{"ImageId":"b"}]}"#,
            3 => r#"{"RetCode":0,"ImageSet":[{"ImageId":"c"}]}"#,
            _ => r#"{"RetCode":0,"ImageSet":[]}"#,
        };
        Reply::json(body)
    })
    .await;
    let client = UPHostClient::new(client_for(&server.url, 1));
    assert_eq!(ids(&client, 3).await.unwrap(), ["a", "b", "c"]);
}

#[tokio::test]
async fn call_options_hold_on_every_page() {
    // Every first attempt at a page fails with 503; the client allows one attempt, the
    // call's options three, so paging only succeeds when every page uses the options.
    let calls = Arc::new(AtomicUsize::new(0));
    let list = images(9, 100, true);
    let counter = Arc::clone(&calls);
    let server = TestServer::start(move |seen| {
        if counter.fetch_add(1, Ordering::SeqCst).is_multiple_of(2) {
            Reply::status(503, "busy")
        } else {
            list(seen)
        }
    })
    .await;
    let client = UPHostClient::new(client_for(&server.url, 1));
    let mut options = CallOptions::default();
    options.max_attempts = Some(3);
    let items: Vec<_> = client
        .describe_phost_image()
        .limit(4)
        .options(options)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 9);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        6,
        "three pages, two attempts each"
    );
}

/// A request whose required parameter is a list of models, as UHost's
/// `CreateUHostInstance.Disks`.
#[derive(Debug, Clone, Default, sigcal_client::Request)]
#[request(action = "CreateThing", response = Created)]
struct CreateThing {
    #[wire(required)]
    region: Option<String>,
    #[wire(required)]
    disks: Vec<Disk>,
}

#[derive(Debug, Clone, Default, sigcal_client::WireModel)]
struct Disk {
    size: i64,
    is_boot: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct Created {}

#[tokio::test]
async fn a_required_list_is_sent_as_flattened_keys() {
    let server = TestServer::start(|_| Reply::json(r#"{"RetCode":0}"#)).await;
    let client = client_for(&server.url, 1);
    let request = CreateThing {
        disks: vec![Disk {
            size: 40,
            is_boot: Some("True".into()),
        }],
        ..Default::default()
    };
    client.send(request).await.unwrap();
    let params = &server.seen()[0].params;
    assert_eq!(params["Disks.0.Size"], "40");
    assert_eq!(params["Disks.0.IsBoot"], "True");

    let error = client
        .send(CreateThing::default())
        .await
        .expect_err("no disks");
    assert!(
        matches!(&error, Error::InvalidRequest { message, .. } if message.contains("Disks")),
        "{error}"
    );
    assert_eq!(server.seen().len(), 1, "nothing sent without Disks");
}

#[tokio::test]
async fn a_too_large_body_is_its_own_kind_of_error() {
    let big = format!(r#"{{"RetCode":0,"Pad":"{}"}}"#, "x".repeat(100_000));
    let server = TestServer::start(move |_| Reply::json(big.clone())).await;
    let config = sigcal_client::Config::builder(sigcal_client::Credentials::new("p", "s"))
        .base_url(&server.url)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let client = sigcal_client::Client::new(config).unwrap();
    let error = client
        .send(CreateThing {
            region: Some("r".into()),
            disks: vec![Disk::default()],
        })
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn errors_keep_their_sources() {
    use std::error::Error as _;
    let server = TestServer::start(|_| Reply::json("{not json")).await;
    let error = client_for(&server.url, 1)
        .send(CreateThing {
            region: Some("r".into()),
            disks: vec![Disk::default()],
        })
        .await
        .expect_err("undecodable");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.source().is_some(), "the JSON error is the source");

    let unreachable = client_for("http://127.0.0.1:9/", 1)
        .send(CreateThing {
            region: Some("r".into()),
            disks: vec![Disk::default()],
        })
        .await
        .expect_err("nothing listens on port 9");
    assert!(unreachable.source().is_some(), "{unreachable:?}");
}

#[test]
fn explicit_configuration_reads_no_profile_files() {
    // A HOME whose active profile sets a region. The check runs in a child process of
    // this test binary, so HOME can be set for it without touching this process.
    let home = std::env::temp_dir().join(format!("sigcal-explicit-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".sigcal")).unwrap();
    std::fs::write(
        home.join(".sigcal/config.json"),
        r#"[{"profile":"default","active":true,"region":"from-file"}]"#,
    )
    .unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "explicit_configuration_child",
            "--ignored",
            "--quiet",
        ])
        .env("HOME", &home)
        .env("SIGCAL_EXPLICIT_CHILD", "1")
        .status()
        .unwrap();
    std::fs::remove_dir_all(&home).unwrap();
    assert!(status.success(), "the child's assertions failed");
}

/// Run by [`explicit_configuration_reads_no_profile_files`] with HOME set.
#[test]
#[ignore = "run as a child process by explicit_configuration_reads_no_profile_files"]
fn explicit_configuration_child() {
    assert!(
        std::env::var_os("SIGCAL_EXPLICIT_CHILD").is_some(),
        "run by its parent test"
    );
    let explicit = sigcal_client::Config::builder(sigcal_client::Credentials::new("p", "s"))
        .build()
        .unwrap();
    assert_eq!(
        explicit.region, None,
        "an explicit configuration read ~/.sigcal"
    );
    let with_files = sigcal_client::Config::builder(sigcal_client::Credentials::new("p", "s"))
        .load_profile_files()
        .build()
        .unwrap();
    assert_eq!(with_files.region.as_deref(), Some("from-file"));
}
