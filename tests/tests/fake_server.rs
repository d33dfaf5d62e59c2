//! The generated client against the spec-driven fake server: every parameter, every
//! error path of the protocol, pagination, and retries under injected faults.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::time::Duration;

use futures_util::TryStreamExt as _;
use sigcal_client::uphost::{ImageType, UPHostClient};
use sigcal_client::{Client, Config, Credentials, Error, Params};
use sigcal_fake::{FakeServer, Faults};

fn uphost(server: &FakeServer) -> UPHostClient {
    UPHostClient::new(server.client())
}

/// Raw POST of a form to the server, bypassing the client, for protocol error paths.
async fn raw(
    server: &FakeServer,
    params: &[(&str, &str)],
    sign_with: Option<&str>,
) -> serde_json::Value {
    let mut flat: Params = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    if let Some(key) = sign_with {
        let signature = sigcal_client::signer::sign(&flat, key);
        flat.insert("Signature", signature);
    }
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(flat.iter())
        .finish();
    let response = reqwest_post(&server.url(), body).await;
    serde_json::from_str(&response).unwrap()
}

async fn reqwest_post(url: &str, body: String) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn describe_with_every_parameter() {
    let server = FakeServer::start().await.unwrap();
    let client = uphost(&server);
    let all = client
        .describe_phost_image()
        .limit(100)
        .send()
        .await
        .unwrap();
    assert_eq!(all.total_count, Some(48));
    let ids: Vec<String> = all
        .image_set
        .iter()
        .filter_map(|i| i.image_id.clone())
        .collect();

    let output = client
        .describe_phost_image()
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .project_id("org-1")
        .image_type(ImageType::Custom)
        .image_id(ids[2].clone())
        .image_id(ids[3].clone())
        .image_id(ids[8].clone())
        .offset(1)
        .limit(1)
        .machine_type("G4")
        .cluster("25G")
        .send()
        .await
        .unwrap();
    assert_eq!(
        output.total_count,
        Some(2),
        "ids 2 and 3 are custom images, 8 is a base image"
    );
    assert_eq!(output.image_set.len(), 1);
    assert_eq!(output.image_set[0].image_id.as_ref(), Some(&ids[3]));
    assert!(
        output
            .request_id()
            .is_some_and(|id| id.starts_with("fake-"))
    );
}

#[tokio::test]
async fn pagination_over_several_pages_like_all() {
    let server = FakeServer::start().await.unwrap();
    let items: Vec<_> = uphost(&server)
        .describe_phost_image()
        .limit(10)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 48);
    assert_eq!(server.request_count(), 5);
    let unique: std::collections::BTreeSet<_> = items.iter().map(|i| i.image_id.clone()).collect();
    assert_eq!(unique.len(), 48);
}

#[tokio::test]
async fn protocol_error_paths_in_order() {
    let server = FakeServer::builder()
        .keys("pk", "sk")
        .start()
        .await
        .unwrap();
    type Case = (
        Vec<(&'static str, &'static str)>,
        Option<&'static str>,
        i64,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            vec![("Action", "DescribePHostImage"), ("PublicKey", "pk")],
            None,
            170,
            "Missing signature",
        ),
        (
            vec![("Action", "DescribePHostImage"), ("PublicKey", "pk")],
            Some("wrong"),
            171,
            "Signature",
        ),
        (
            vec![("Action", "DescribePHostImage"), ("PublicKey", "nobody")],
            Some("sk"),
            172,
            "User not exist",
        ),
        (vec![("PublicKey", "pk")], Some("sk"), 160, "Missing Action"),
        (
            vec![("Action", "LaunchRocket"), ("PublicKey", "pk")],
            Some("sk"),
            161,
            "LaunchRocket",
        ),
        (
            vec![
                ("Action", "DescribePHostImage"),
                ("PublicKey", "pk"),
                ("Region", "r"),
            ],
            Some("sk"),
            230,
            "Params [Zone] not available",
        ),
        (
            vec![
                ("Action", "DescribePHostImage"),
                ("PublicKey", "pk"),
                ("Region", "r"),
                ("Zone", "z"),
                ("Limit", "ten"),
            ],
            Some("sk"),
            230,
            "Params [Limit] is not a valid int",
        ),
        (
            vec![
                ("Action", "DescribePHostImage"),
                ("PublicKey", "pk"),
                ("Region", "r"),
                ("Zone", "z"),
                ("ImageId", "x"),
            ],
            Some("sk"),
            230,
            "Params [ImageId] is a list",
        ),
        (
            vec![
                ("Action", "DescribePHostImage"),
                ("PublicKey", "pk"),
                ("Region", "r"),
                ("Zone", "z"),
                ("ImageId.x", "x"),
            ],
            Some("sk"),
            230,
            "not an array index",
        ),
        (
            vec![
                ("Action", "DescribePHostImage"),
                ("PublicKey", "pk"),
                ("Region", "r"),
                ("Zone", "z"),
                ("Colour", "red"),
            ],
            Some("sk"),
            230,
            "Params [Colour] is not a parameter",
        ),
    ];
    for (params, key, ret_code, message) in cases {
        let answer = raw(&server, &params, key).await;
        assert_eq!(answer["RetCode"], ret_code, "{params:?}: {answer}");
        assert!(
            answer["Message"]
                .as_str()
                .unwrap_or_default()
                .contains(message),
            "{params:?}: {answer}"
        );
    }
}

#[tokio::test]
async fn the_typed_client_sees_protocol_errors() {
    let server = FakeServer::start().await.unwrap();
    let config = Config::builder(Credentials::new(
        sigcal_fake::DEFAULT_PUBLIC_KEY,
        "not-the-key",
    ))
    .base_url(server.url())
    .region("r")
    .zone("z")
    .profile_dir("/nonexistent-sigcal-profile-dir")
    .build()
    .unwrap();
    let client = UPHostClient::new(Client::new(config).unwrap());
    let error = client.describe_phost_image().send().await.unwrap_err();
    assert_eq!(error.ret_code(), Some(171));
}

#[tokio::test]
async fn get_query_strings_are_accepted() {
    let server = FakeServer::builder()
        .keys("pk", "sk")
        .start()
        .await
        .unwrap();
    let mut params: Params = [
        ("Action", "DescribePHostImage"),
        ("PublicKey", "pk"),
        ("Region", "r"),
        ("Zone", "z"),
        ("Limit", "1"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let signature = sigcal_client::signer::sign(&params, "sk");
    params.insert("Signature", signature);
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter())
        .finish();
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let address = server.address();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(
            format!("GET /?{query} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let body: serde_json::Value =
        serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["RetCode"], 0);
    assert_eq!(body["Action"], "DescribePHostImageResponse");
    assert_eq!(body["ImageSet"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn hostile_requests_are_bounded() {
    let server = FakeServer::builder()
        .keys("pk", "sk")
        .start()
        .await
        .unwrap();
    let many: String = (0..5000).map(|i| format!("K{i}=v&")).collect();
    let answer: serde_json::Value =
        serde_json::from_str(&reqwest_post(&server.url(), many).await).unwrap();
    assert_eq!(answer["RetCode"], 230);
    let huge = "A=".to_owned() + &"x".repeat(2 * 1024 * 1024);
    let response = reqwest_post(&server.url(), huge).await;
    assert!(response.contains("too large"), "{response}");
    for garbage in ["%%%", "=&=&=", "Signature", "\u{0}\u{1}"] {
        let answer: serde_json::Value =
            serde_json::from_str(&reqwest_post(&server.url(), garbage.to_owned()).await).unwrap();
        assert_ne!(answer["RetCode"], 0, "{garbage:?}");
    }
    // Still serving.
    assert_eq!(
        raw(&server, &[("Action", "DescribePHostImage")], None).await["RetCode"],
        170
    );
}

#[tokio::test]
async fn retries_succeed_under_injected_faults() {
    // Seeded, so the faults fall on the same requests every run.
    let faults = Faults {
        seed: Some(1),
        http_503_share: 0.3,
        retcode_153_share: 0.2,
        drop_share: 0.1,
        ..Faults::default()
    };
    let server = FakeServer::builder().faults(faults).start().await.unwrap();
    let config = Config::builder(server.credentials())
        .base_url(server.url())
        .region("r")
        .zone("z")
        .max_attempts(30)
        .retry(sigcal_client::RetryPolicy {
            max_attempts: 30,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
        })
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .build()
        .unwrap();
    let client = UPHostClient::new(Client::new(config).unwrap());
    for _ in 0..20 {
        let output = client
            .describe_phost_image()
            .limit(1)
            .send()
            .await
            .expect("retries absorb the faults");
        assert_eq!(output.total_count, Some(48));
    }
    assert!(server.request_count() > 20, "some requests were retried");
}

#[tokio::test]
async fn the_same_seed_injects_the_same_faults() {
    async fn outcomes(seed: Option<u64>) -> (u64, Vec<(u16, Option<i64>)>) {
        let server = FakeServer::builder()
            .faults(Faults {
                seed,
                http_503_share: 0.3,
                retcode_150_share: 0.3,
                ..Faults::default()
            })
            .start()
            .await
            .unwrap();
        for _ in 0..40 {
            let _ = uphost(&server)
                .describe_phost_image()
                .options(sigcal_client::CallOptions::default().max_attempts(1))
                .send()
                .await;
        }
        let seen = server
            .requests()
            .iter()
            .map(|received| (received.status, received.ret_code))
            .collect();
        (server.fault_seed(), seen)
    }
    let seed_only = Faults {
        seed: Some(7),
        ..Faults::default()
    };
    assert!(!seed_only.any(), "a seed alone injects nothing");
    let (seed, first) = outcomes(Some(7)).await;
    assert_eq!(seed, 7);
    assert_eq!(first.len(), 40);
    assert!(first.iter().any(|&(status, _)| status == 503), "{first:?}");
    assert!(
        first.iter().any(|&(_, code)| code == Some(150)),
        "{first:?}"
    );
    assert!(first.iter().any(|&(_, code)| code == Some(0)), "{first:?}");
    assert_eq!(outcomes(Some(7)).await.1, first);
    assert_ne!(
        outcomes(Some(8)).await.1,
        first,
        "another seed, other faults"
    );
    // A picked seed is told, and repeats the run it was picked for.
    let (picked, picked_run) = outcomes(None).await;
    assert_eq!(outcomes(Some(picked)).await.1, picked_run);
}

#[tokio::test]
async fn without_retries_injected_faults_surface() {
    let server = FakeServer::builder()
        .faults(Faults {
            retcode_150_share: 1.0,
            ..Faults::default()
        })
        .start()
        .await
        .unwrap();
    let error = uphost(&server)
        .describe_phost_image()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.ret_code(), Some(150));
    assert!(error.is_retryable());
    let server = FakeServer::builder()
        .faults(Faults {
            latency: Duration::from_secs(2),
            latency_share: 1.0,
            ..Faults::default()
        })
        .start()
        .await
        .unwrap();
    let mut options = sigcal_client::CallOptions::default();
    options.timeout = Some(Duration::from_millis(100));
    let error = uphost(&server)
        .describe_phost_image()
        .options(options)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }));
}

#[tokio::test]
async fn data_files_replace_the_default_images() {
    let dir = std::env::temp_dir().join(format!("sigcal-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = dir.join("images.yaml");
    std::fs::write(&yaml, "- ImageId: pimg-y1\n  ImageType: Base\n  CreateTime: 1700000000\n- ImageId: pimg-y2\n  ImageType: Custom\n").unwrap();
    let json = dir.join("images.json");
    std::fs::write(&json, r#"[{"ImageId":"pimg-j1","OsName":"Debian 12"}]"#).unwrap();
    for (path, count) in [(&yaml, 2), (&json, 1)] {
        let images = sigcal_fake::load_images(path).unwrap();
        let server = FakeServer::builder().images(images).start().await.unwrap();
        let output = uphost(&server).describe_phost_image().send().await.unwrap();
        assert_eq!(output.total_count, Some(count), "{}", path.display());
    }
    std::fs::write(&json, "{not json").unwrap();
    assert!(sigcal_fake::load_images(&json).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
