//! The generated client and its runtime against a real HTTP server on 127.0.0.1.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::TryStreamExt as _;
use sigcal_client::uphost::{DescribePHostImageRequest, ImageType, UPHostClient};
use sigcal_client::{CallOptions, Error, Request as _};
use sigcal_tests::{PRIVATE_KEY, PUBLIC_KEY, Reply, TestServer, client_for};

fn uphost(url: &str, attempts: u32) -> UPHostClient {
    UPHostClient::new(client_for(url, attempts))
}

#[tokio::test]
async fn describe_sends_every_parameter_signed_and_decodes_the_answer() {
    let server = TestServer::start(|_| {
        Reply::json(
            r#"{"Action":"DescribePHostImageResponse","RetCode":0,"TotalCount":"2",
                "ImageSet":[{"ImageId":"pimg-1","ImageType":"Base","CreateTime":1700000000,"ImageSize":"20","Support":["a"],"Extra":{"x":1}},
                            {"ImageId":"pimg-2","ImageType":"Gold","Support":null}]}"#,
        )
    })
    .await;
    let client = uphost(&server.url, 1);
    let output = client
        .describe_phost_image()
        .zone("cn-bj2-04")
        .project_id("org-1")
        .image_type(ImageType::Custom)
        .image_id("pimg-1")
        .image_id("pimg-2")
        .offset(7)
        .limit(1)
        .machine_type("G1")
        .cluster("25G")
        .send()
        .await
        .expect("call succeeds");
    assert_eq!(output.request_id(), Some("req-test-1"));
    assert_eq!(output.total_count, Some(2));
    assert_eq!(output.image_set.len(), 2);
    let first = &output.image_set[0];
    assert_eq!(first.create_time.as_deref(), Some("1700000000"));
    assert_eq!(first.image_size, Some(20));
    assert_eq!(first.image_type, Some(ImageType::Base));
    assert_eq!(
        output.image_set[1].image_type,
        Some(ImageType::Unknown("Gold".into()))
    );
    assert_eq!(
        output.image_set[1]
            .image_type
            .as_ref()
            .map(ImageType::as_str),
        Some("Gold")
    );

    let seen = server.seen();
    let params = &seen[0].params;
    let expected = [
        ("Action", "DescribePHostImage"),
        ("Region", "cn-bj2"),
        ("Zone", "cn-bj2-04"),
        ("ProjectId", "org-1"),
        ("ImageType", "Custom"),
        ("ImageId.0", "pimg-1"),
        ("ImageId.1", "pimg-2"),
        ("Offset", "7"),
        ("Limit", "1"),
        ("MachineType", "G1"),
        ("Cluster", "25G"),
        ("PublicKey", PUBLIC_KEY),
    ];
    for (key, value) in expected {
        assert_eq!(params.get(key).map(String::as_str), Some(value), "{key}");
    }
    assert_eq!(params.len(), expected.len() + 1, "{params:?}");
    let mut unsigned = params.clone();
    let signature = unsigned.remove("Signature").expect("signed");
    assert_eq!(
        signature,
        sigcal_client::signer::sign(&unsigned.into_iter().collect(), PRIVATE_KEY)
    );
    assert!(
        seen[0]
            .headers
            .get("user-agent")
            .is_some_and(|ua| ua.starts_with("sigcal/"))
    );
    assert!(
        seen[0]
            .headers
            .get("u-timestamp-ms")
            .is_some_and(|ms| ms.parse::<u64>().is_ok())
    );
}

#[tokio::test]
async fn missing_region_fails_before_any_io() {
    let server = TestServer::start(|_| Reply::json("{}")).await;
    let config =
        sigcal_client::Config::builder(sigcal_client::Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
            .base_url(&server.url)
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .unwrap();
    let client = UPHostClient::new(sigcal_client::Client::new(config).unwrap());
    let error = client
        .describe_phost_image()
        .send()
        .await
        .expect_err("Region and Zone are missing");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("Region") && message.contains("Zone") && message.contains("SIGCAL_REGION"),
        "{message}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn api_errors_carry_retcode_message_and_request_id() {
    let server = TestServer::start(|_| Reply::json(r#"{"RetCode":171,"Message":"Signature VerifyAC Error","Action":"DescribePHostImageResponse"}"#)).await;
    let error = uphost(&server.url, 3)
        .describe_phost_image()
        .send()
        .await
        .expect_err("api error");
    assert_eq!(error.ret_code(), Some(171));
    assert_eq!(error.request_id(), Some("req-test-1"));
    assert!(!error.is_retryable());
    assert_eq!(server.seen().len(), 1, "171 is not retried");
    let text = error.to_string();
    assert!(
        text.contains("RetCode 171")
            && text.contains("Signature VerifyAC Error")
            && text.contains("req-test-1"),
        "{text}"
    );
}

#[tokio::test]
async fn http_errors_and_undecodable_bodies() {
    let cases: Vec<(Reply, &str)> = vec![
        (Reply::status(500, "<html>oops</html>"), "http"),
        (Reply::json("not json at all"), "decode"),
        (
            Reply::json(r#"{"RetCode":0,"TotalCount":5,"ImageSet":[{"ImageId":"#),
            "decode",
        ),
        (
            Reply::json(r#"{"RetCode":0,"ImageSet":[{"ImageSize":"huge"}]}"#),
            "decode-path",
        ),
        (
            Reply::json(r#"{"RetCode":0,"TotalCount":{"not":"a number"}}"#),
            "decode",
        ),
    ];
    for (reply, kind) in cases {
        let body = reply.body.clone();
        let server = TestServer::start(move |_| reply.clone()).await;
        let error = uphost(&server.url, 1)
            .describe_phost_image()
            .send()
            .await
            .expect_err(&body);
        match (kind, &error) {
            (
                "http",
                Error::Http {
                    status: 500,
                    excerpt,
                    ..
                },
            ) => assert!(excerpt.contains("oops")),
            ("decode", Error::Decode { .. }) => {}
            ("decode-path", Error::Decode { path, .. }) => {
                assert_eq!(path, "ImageSet[0].ImageSize")
            }
            _ => panic!("{body}: unexpected {error:?}"),
        }
    }
}

#[tokio::test]
async fn model_fields_of_the_wrong_shape_read_as_absent() {
    // Some of the API's own examples send a string where a list of models belongs.
    let cases = [
        (r#"{"RetCode":0,"ImageSet":"xCviqMvg"}"#, 0),
        (r#"{"RetCode":0,"ImageSet":{"ImageId":"one"}}"#, 1),
        (
            r#"{"RetCode":0,"ImageSet":[{"ImageId":"a"},"junk",7,{"ImageId":"b","ImageType":["odd"]}]}"#,
            2,
        ),
    ];
    for (body, count) in cases {
        let server = TestServer::start(move |_| Reply::json(body)).await;
        let output = uphost(&server.url, 1)
            .describe_phost_image()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(output.image_set.len(), count, "{body}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let big = format!(
        r#"{{"RetCode":0,"ImageSet":[{}]}}"#,
        vec![r#"{"ImageId":"x"}"#; 100_000].join(",")
    );
    let server = TestServer::start(move |_| Reply::json(big.clone())).await;
    let config =
        sigcal_client::Config::builder(sigcal_client::Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
            .base_url(&server.url)
            .region("r")
            .zone("z")
            .max_response_bytes(64 * 1024)
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .unwrap();
    let client = UPHostClient::new(sigcal_client::Client::new(config).unwrap());
    let error = client
        .describe_phost_image()
        .send()
        .await
        .expect_err("too large");
    assert!(
        error.to_string().contains("larger than the limit"),
        "{error}"
    );
}

#[tokio::test]
async fn slow_servers_time_out_per_call() {
    let server = TestServer::start(|_| Reply {
        delay: Duration::from_secs(3),
        ..Reply::json(r#"{"RetCode":0}"#)
    })
    .await;
    let mut options = CallOptions::default();
    options.timeout = Some(Duration::from_millis(200));
    let error = uphost(&server.url, 1)
        .describe_phost_image()
        .options(options)
        .send()
        .await
        .expect_err("the answer comes after the call's time limit");
    // The server would answer after 3 s: only the 200 ms limit can end the call so.
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(200)),
        "{error:?}"
    );
}

#[tokio::test]
async fn retries_stop_at_the_limit() {
    let server =
        TestServer::start(|_| Reply::json(r#"{"RetCode":153,"Message":"throttled"}"#)).await;
    let error = uphost(&server.url, 3)
        .describe_phost_image()
        .send()
        .await
        .expect_err("always throttled");
    assert_eq!(error.ret_code(), Some(153));
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn retries_recover_from_transient_faults() {
    let count = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let count = Arc::clone(&count);
        move |_| match count.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::status(503, "busy"),
            1 => Reply {
                drop_connection: true,
                ..Reply::json("")
            },
            2 => Reply::json(r#"{"RetCode":150,"Message":"busy"}"#),
            _ => Reply::json(r#"{"RetCode":0,"TotalCount":0}"#),
        }
    })
    .await;
    let output = uphost(&server.url, 5)
        .describe_phost_image()
        .send()
        .await
        .expect("fourth attempt succeeds");
    assert_eq!(output.total_count, Some(0));
    assert_eq!(server.seen().len(), 4);
}

/// An action that changes something, written by hand: the derive is the escape hatch
/// for actions not yet in the spec.
#[derive(Debug, Clone, Default, sigcal_client::Request)]
#[request(action = "TerminatePHost", response = Terminated)]
struct TerminatePHost {
    #[wire(required)]
    region: Option<String>,
    #[wire(required)]
    zone: Option<String>,
    #[wire(rename = "PHostId", required)]
    phost_id: String,
}

#[derive(Debug, serde::Deserialize)]
struct Terminated {
    #[serde(rename = "PHostId")]
    phost_id: String,
}

#[tokio::test]
async fn unsafe_actions_are_never_retried_unless_the_call_opts_in() {
    const { assert!(!TerminatePHost::RETRY_SAFE) };
    let server = TestServer::start(|_| Reply::status(503, "busy")).await;
    let client = client_for(&server.url, 4);
    let request = TerminatePHost {
        phost_id: "phost-1".into(),
        ..Default::default()
    };
    client.send(request.clone()).await.expect_err("503");
    assert_eq!(server.seen().len(), 1, "not retried");

    let mut options = CallOptions::default();
    options.retry_unsafe = true;
    client.send_with(request, &options).await.expect_err("503");
    assert_eq!(server.seen().len(), 1 + 4, "retried when asked");
}

#[tokio::test]
async fn a_hand_written_request_is_sent_through_the_client() {
    let server = TestServer::start(|seen| {
        let id = seen.params.get("PHostId").cloned().unwrap_or_default();
        Reply::json(format!(
            r#"{{"RetCode":0,"Action":"TerminatePHostResponse","PHostId":"{id}"}}"#
        ))
    })
    .await;
    let client = client_for(&server.url, 1);
    let output = client
        .send(TerminatePHost {
            phost_id: "phost-9".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(output.phost_id, "phost-9");
    let params = &server.seen()[0].params;
    assert_eq!(
        params.get("Action").map(String::as_str),
        Some("TerminatePHost")
    );
    assert_eq!(
        params.get("Region").map(String::as_str),
        Some("cn-bj2"),
        "filled from config"
    );
}

#[tokio::test]
async fn pagination_follows_offset_and_limit_over_several_pages() {
    let images: Vec<String> = (0..7).map(|i| format!("pimg-{i}")).collect();
    let server = TestServer::start(move |seen| {
        let offset: usize = seen
            .params
            .get("Offset")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let limit: usize = seen
            .params
            .get("Limit")
            .and_then(|v| v.parse().ok())
            .unwrap_or(20);
        let page: Vec<String> = images
            .iter()
            .skip(offset)
            .take(limit)
            .map(|id| format!(r#"{{"ImageId":"{id}"}}"#))
            .collect();
        Reply::json(format!(
            r#"{{"RetCode":0,"TotalCount":{},"ImageSet":[{}]}}"#,
            images.len(),
            page.join(",")
        ))
    })
    .await;
    let client = uphost(&server.url, 1);
    let ids: Vec<String> = client
        .describe_phost_image()
        .limit(3)
        .items()
        .map_ok(|image| image.image_id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, (0..7).map(|i| format!("pimg-{i}")).collect::<Vec<_>>());
    let offsets: Vec<String> = server
        .seen()
        .iter()
        .map(|s| s.params["Offset"].clone())
        .collect();
    assert_eq!(offsets, ["0", "3", "6"]);
}

#[tokio::test]
async fn pagination_stops_on_an_empty_page_and_a_shrinking_total() {
    let server = TestServer::start(|seen| {
        let offset: usize = seen.params.get("Offset").and_then(|v| v.parse().ok()).unwrap_or(0);
        // The total claims 100, but the list ends after two full pages.
        let body = if offset < 4 {
            format!(r#"{{"RetCode":0,"TotalCount":100,"ImageSet":[{{"ImageId":"a{offset}"}},{{"ImageId":"b{offset}"}}]}}"#)
        } else {
            r#"{"RetCode":0,"TotalCount":4,"ImageSet":[]}"#.to_owned()
        };
        Reply::json(body)
    })
    .await;
    let pages: Vec<_> = uphost(&server.url, 1)
        .describe_phost_image()
        .limit(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert!(pages[2].items.is_empty());
    assert_eq!(pages[2].total, Some(4));
}

#[tokio::test]
async fn unreachable_servers_are_connection_errors() {
    let error = uphost("http://127.0.0.1:9/", 1)
        .describe_phost_image()
        .send()
        .await
        .expect_err("nothing listens on port 9");
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn no_debug_or_display_output_contains_the_private_key() {
    let client = client_for("http://127.0.0.1:9/", 2);
    let request = DescribePHostImageRequest {
        zone: Some("z".into()),
        ..Default::default()
    };
    let errors = [
        Error::Config {
            message: "x".into(),
        },
        sigcal_client::Config::builder(sigcal_client::Credentials::new(PUBLIC_KEY, ""))
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .expect_err("empty private key"),
    ];
    let mut outputs = vec![
        format!("{client:?}"),
        format!("{:?}", client.config()),
        format!("{:#?}", client.config().credentials),
        format!("{request:?}"),
        format!("{:?}", client.signed_params(&request).await.unwrap()),
    ];
    for error in &errors {
        outputs.push(format!("{error} {error:?}"));
    }
    for output in outputs {
        assert!(!output.contains(PRIVATE_KEY), "leaked in: {output}");
    }
    assert!(format!("{:?}", client.config().credentials).contains("<redacted>"));
}

/// A transport that records what would be sent and answers from memory.
#[derive(Debug, Default)]
struct Recording {
    sent: std::sync::Mutex<Vec<sigcal_client::transport::HttpRequest>>,
}

impl sigcal_client::transport::Transport for Recording {
    fn send(
        &self,
        request: sigcal_client::transport::HttpRequest,
    ) -> sigcal_client::transport::TransportFuture<'_> {
        self.sent.lock().unwrap().push(request);
        Box::pin(async {
            Ok(sigcal_client::transport::HttpResponse {
                location: None,
                status: 200,
                request_id: Some("recorded".into()),
                body: br#"{"RetCode":0,"TotalCount":0}"#.to_vec(),
            })
        })
    }
}

#[tokio::test]
async fn a_custom_transport_intercepts_every_request() {
    let transport = Arc::new(Recording::default());
    let config =
        sigcal_client::Config::builder(sigcal_client::Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
            .base_url("https://api.sigcalcloud.com/")
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .unwrap();
    let client = UPHostClient::new(sigcal_client::Client::with_transport(
        config,
        transport.clone(),
    ));
    let output = client
        .describe_phost_image()
        .image_id("pimg-1")
        .send()
        .await
        .unwrap();
    assert_eq!(output.request_id(), Some("recorded"));
    let sent = transport.sent.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url, "https://api.sigcalcloud.com/");
    assert!(
        sent[0].body.contains("Action=DescribePHostImage")
            && sent[0].body.contains("ImageId.0=pimg-1")
            && sent[0].body.contains("Signature=")
    );
    assert!(!sent[0].body.contains(PRIVATE_KEY));
    assert!(
        sent[0]
            .headers
            .iter()
            .any(|(name, _)| name == "U-Timestamp-Ms")
    );
}
