//! Temporary credentials end to end: a metadata service on loopback (v1 and v2), the
//! cache in front of it under a clock the test moves, the default chain's error, a
//! profile with half a credential, and STS `AssumeRole` against `sigcal-fake`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sigcal_client::credentials::{
    AssumeRoleProvider, CredentialsErrorKind, DefaultCredentialsChain, InstanceMetadata,
    InstanceMetadataProvider, MetadataVersion, ProfileProvider, ProvideCredentials as _,
    TimeSource,
};
use sigcal_client::uphost::DescribePHostImageRequest;
use sigcal_client::{Client, Config, ConfigBuilder, Credentials, Error};
use sigcal_tests::{Reply, Seen, TestServer};

/// The temporary credential the fake metadata service hands out first.
const TEMP_PUBLIC: &str = "TOKEN_imds-temporary-public-0001";
const TEMP_PRIVATE: &str = "imds-temporary-private-key-0001";
const TEMP_TOKEN: &str = "imds-security-token-0001";

/// A clock the test moves by hand.
#[derive(Debug)]
struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    fn at(seconds: u64) -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(
            UNIX_EPOCH + Duration::from_secs(seconds),
        )))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

const CLOCK_START: u64 = 2_000_000_000;

/// What the fake metadata service does on its credentials path.
type CredentialsAnswer = dyn Fn(u32) -> Reply + Send + Sync;

/// A metadata service on loopback: region, zone, and `answer(n)` for the n-th request
/// (from 1) of the credentials path, which it counts.
struct Metadata {
    server: TestServer,
    credential_requests: Arc<AtomicU32>,
}

impl Metadata {
    async fn start(answer: impl Fn(u32) -> Reply + Send + Sync + 'static) -> Metadata {
        let count = Arc::new(AtomicU32::new(0));
        let answer: Arc<CredentialsAnswer> = Arc::new(answer);
        let server = TestServer::start({
            let count = Arc::clone(&count);
            move |seen: &Seen| match seen.path.as_str() {
                "/meta-data/latest/region" => Reply::json("cn-sh2"),
                "/meta-data/latest/availability-zone" => Reply::json("cn-sh2-02"),
                path if path.contains("/security-credentials") && seen.method == "GET" => {
                    answer(count.fetch_add(1, Ordering::SeqCst) + 1)
                }
                _ => Reply::status(404, "not found"),
            }
        })
        .await;
        Metadata {
            server,
            credential_requests: count,
        }
    }

    fn endpoint(&self) -> String {
        self.server.url.trim_end_matches('/').to_owned()
    }

    fn requests(&self) -> u32 {
        self.credential_requests.load(Ordering::SeqCst)
    }
}

/// A v1 answer for the n-th credential, expiring `lifetime` after the clock's start.
fn v1_answer(n: u32, expiration: u64) -> Reply {
    Reply::json(
        serde_json::json!({
            "RetCode": 0,
            "Message": "",
            "Data": {
                "PublicKey": format!("TOKEN_imds-temporary-public-000{n}"),
                "PrivateKey": format!("imds-temporary-private-key-000{n}"),
                "SecurityToken": format!("imds-security-token-000{n}"),
                "Expiration": expiration,
                "ProjectID": "org-imds",
                "CharacterName": "app-role",
                "UHostID": "uhost-imds",
            }
        })
        .to_string(),
    )
}

/// The API: answers every call with an empty list and records what it was sent.
async fn api() -> TestServer {
    TestServer::start(|_| Reply::json(r#"{"RetCode":0,"TotalCount":0,"ImageSet":[]}"#)).await
}

fn client_on_metadata(
    api: &TestServer,
    metadata: InstanceMetadata,
    clock: Arc<ManualClock>,
) -> Client {
    let config = Config::builder(Credentials::new("unused", "unused"))
        .credentials_provider(InstanceMetadataProvider::new(metadata))
        .time_source(clock)
        .base_url(&api.url)
        .region("cn-sh2")
        .zone("cn-sh2-02")
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

fn public_keys(api: &TestServer) -> Vec<String> {
    api.seen()
        .iter()
        .map(|seen| seen.params["PublicKey"].clone())
        .collect()
}

#[tokio::test]
async fn metadata_credentials_are_loaded_and_signed_as_the_python_sdk_signs() {
    let expiration =
        humantime::format_rfc3339_seconds(SystemTime::now() + Duration::from_secs(3600));
    let metadata = Metadata::start(move |_| {
        Reply::json(
            serde_json::json!({
                "RetCode": 0,
                "Message": "",
                "Data": {
                    "AccessKeyId": TEMP_PUBLIC,
                    "AccessKeySecret": TEMP_PRIVATE,
                    "SecurityToken": TEMP_TOKEN,
                    "Expiration": expiration.to_string(),
                    "ProjectID": "org-imds",
                    "HostID": "uhost-imds",
                }
            })
            .to_string(),
        )
    })
    .await;
    let api = api().await;
    let source = InstanceMetadata::new()
        .endpoint(metadata.endpoint())
        .role("app-role")
        .duration(Duration::from_secs(1800))
        .session_name("sigcal-test");
    // Region, zone and project come from the metadata service; the endpoint is moved
    // from the internal one to the test's API.
    let config = source
        .config_builder()
        .await
        .unwrap()
        .base_url(&api.url)
        .build()
        .unwrap();
    assert_eq!(config.region.as_deref(), Some("cn-sh2"));
    assert_eq!(config.zone.as_deref(), Some("cn-sh2-02"));
    assert_eq!(config.project_id.as_deref(), Some("org-imds"));
    assert!(
        !format!("{config:?}").contains(TEMP_PRIVATE),
        "the configuration's Debug shows no key"
    );
    let client = Client::new(config).unwrap();
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();

    let asked: Vec<Seen> = metadata.server.seen();
    let credentials_request = asked
        .iter()
        .find(|seen| seen.path.contains("security-credentials"))
        .unwrap();
    assert_eq!(
        credentials_request.path,
        "/meta-data/v2/iam/security-credentials/app-role"
    );
    assert_eq!(credentials_request.headers["duration-seconds"], "1800");
    assert_eq!(credentials_request.headers["session-name"], "sigcal-test");

    // What the API received is, parameter for parameter, a vector that the official
    // Python SDK's signer computed (tests/interop/signature_vectors.py; CI re-checks it).
    let sent = &api.seen()[0].params;
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../vectors/python_sdk_signatures.json")).unwrap();
    let vector = file["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "temporary_credentials_from_metadata")
        .unwrap();
    assert_eq!(vector["private_key"], TEMP_PRIVATE);
    let expected: BTreeMap<String, String> = vector["params"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let unsigned: BTreeMap<String, String> = sent
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(unsigned, expected);
    assert_eq!(sent["SecurityToken"], TEMP_TOKEN);
    assert_eq!(sent["Signature"], vector["signature"].as_str().unwrap());
}

#[tokio::test]
async fn the_cache_refreshes_ahead_of_expiry_once_for_a_hundred_concurrent_calls() {
    let clock = ManualClock::at(CLOCK_START);
    // Each credential lasts an hour from the moment it is asked for.
    let answer_clock = Arc::clone(&clock);
    let metadata = Metadata::start(move |n| {
        let now = answer_clock
            .now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        Reply {
            delay: Duration::from_millis(50),
            ..v1_answer(n, now + 3600)
        }
    })
    .await;
    let api = api().await;
    let source = InstanceMetadata::new()
        .endpoint(metadata.endpoint())
        .version(MetadataVersion::V1)
        .role("app-role");
    let client = client_on_metadata(&api, source, Arc::clone(&clock));

    // A hundred callers at once on an empty cache: one request to the service.
    let calls = (0..100).map(|_| client.send(DescribePHostImageRequest::default()));
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(metadata.requests(), 1);
    assert!(
        public_keys(&api)
            .iter()
            .all(|k| k == "TOKEN_imds-temporary-public-0001")
    );
    assert_eq!(
        metadata.server.seen()[0].path,
        "/meta-data/v1/uam/security-credentials/app-role"
    );

    // Half an hour on: still fresh, nothing asked.
    clock.advance(Duration::from_secs(1800));
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(metadata.requests(), 1);

    // 30 s before expiry (inside the minute of refresh-ahead): a hundred callers at
    // once cause one refresh; none waits on an expired credential.
    clock.advance(Duration::from_secs(1800 - 30));
    let calls = (0..100).map(|_| client.send(DescribePHostImageRequest::default()));
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(metadata.requests(), 2);
    // After the refresh, every call signs with the new credential.
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        public_keys(&api).last().unwrap(),
        "TOKEN_imds-temporary-public-0002"
    );
    assert_eq!(
        api.seen().last().unwrap().params["SecurityToken"],
        "imds-security-token-0002"
    );
}

#[tokio::test]
async fn a_failed_refresh_is_served_from_the_cache_until_the_credential_expires() {
    let clock = ManualClock::at(CLOCK_START);
    let metadata = Metadata::start(|n| match n {
        1 => v1_answer(1, CLOCK_START + 3600),
        _ => Reply::status(500, "metadata service down"),
    })
    .await;
    let api = api().await;
    let source = InstanceMetadata::new()
        .endpoint(metadata.endpoint())
        .version(MetadataVersion::V1);
    let client = client_on_metadata(&api, source, Arc::clone(&clock));
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();

    // Due for a refresh, the service fails: the held credential is still valid and used.
    clock.advance(Duration::from_secs(3600 - 40));
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(metadata.requests(), 2);
    // The service is not asked again on every call while it is down.
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(metadata.requests(), 2);
    assert_eq!(api.seen().len(), 3);
    assert!(
        public_keys(&api)
            .iter()
            .all(|k| k == "TOKEN_imds-temporary-public-0001")
    );

    // Past expiry: the provider's error is the caller's, and nothing is sent.
    clock.advance(Duration::from_secs(60));
    let error = client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    let Error::Credentials { source } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(source.source_name(), "instance metadata");
    assert!(source.message().contains("HTTP status 500"), "{source}");
    assert_eq!(
        api.seen().len(),
        3,
        "no call signed with an expired credential"
    );
}

#[tokio::test]
async fn a_bad_metadata_service_is_a_clear_error_naming_it_and_nothing_is_sent() {
    let past = CLOCK_START - 10;
    let cases: Vec<(&str, Reply, &str)> = vec![
        (
            "garbage",
            Reply::json("<html>captive portal</html>"),
            "not the documented JSON",
        ),
        (
            "an error RetCode",
            Reply::json(r#"{"RetCode":8044,"Message":"role not bound"}"#),
            "RetCode 8044",
        ),
        (
            "a missing token",
            Reply::json(
                r#"{"RetCode":0,"Data":{"PublicKey":"p","PrivateKey":"s","Expiration":2000003600}}"#,
            ),
            "SecurityToken",
        ),
        (
            "an expired credential",
            v1_answer(1, past),
            "already expired",
        ),
        (
            "a huge answer",
            Reply::json(format!(
                "{{\"RetCode\":0,\"Message\":\"{}\"}}",
                "x".repeat(100_000)
            )),
            "more than",
        ),
    ];
    for (what, reply, says) in cases {
        let metadata = Metadata::start(move |_| reply.clone()).await;
        let api = api().await;
        let source = InstanceMetadata::new()
            .endpoint(metadata.endpoint())
            .version(MetadataVersion::V1);
        let client = client_on_metadata(&api, source, ManualClock::at(CLOCK_START));
        let error = client
            .send(DescribePHostImageRequest::default())
            .await
            .unwrap_err();
        let Error::Credentials { source } = &error else {
            panic!("{what}: {error:?}");
        };
        assert_eq!(source.source_name(), "instance metadata", "{what}");
        assert!(error.to_string().contains(says), "{what}: {error}");
        assert!(api.seen().is_empty(), "{what}: nothing may be sent");
        for leak in ["imds-temporary-private-key", "imds-security-token"] {
            assert!(
                !format!("{error} {error:?}").contains(leak),
                "{what}: {error:?}"
            );
        }
    }

    // Nothing listening at all: "not configured", so a chain moves on past it.
    let nothing = InstanceMetadata::new()
        .endpoint("http://127.0.0.1:9")
        .timeout(Duration::from_secs(2));
    let error = InstanceMetadataProvider::new(nothing)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(
        error.to_string().contains("no metadata service answered"),
        "{error}"
    );
}

fn empty_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("sigcal-credentials-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn the_default_chain_names_every_source_it_tried() {
    let chain = DefaultCredentialsChain::new()
        .replace("profile", ProfileProvider::new().dir(empty_dir("chain")))
        .replace(
            "instance metadata",
            InstanceMetadataProvider::new(InstanceMetadata::new().endpoint("http://127.0.0.1:9")),
        );
    let error = chain.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    let message = error.to_string();
    for source in ["environment: ", "profile: ", "instance metadata: "] {
        assert!(message.contains(source), "{source} missing from: {message}");
    }
    assert!(message.contains("127.0.0.1:9"), "{message}");

    // Through a configuration: the error is the chain's.
    let config = Config::builder(Credentials::new("unused", "unused"))
        .credentials_provider(chain)
        .base_url("http://127.0.0.1:9/")
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .build()
        .unwrap();
    let error = Client::new(config)
        .unwrap()
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Credentials { source } if source.source_name() == "credentials chain"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_profile_with_a_token_but_no_keys_stops_the_chain() {
    let dir = empty_dir("token-only");
    std::fs::write(
        dir.join("config.json"),
        r#"[{"profile":"default","active":true}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("credential.json"),
        r#"[{"profile":"default","security_token":"orphan-token-0001"}]"#,
    )
    .unwrap();
    let metadata = Metadata::start(|n| v1_answer(n, CLOCK_START + 3600)).await;
    let chain = DefaultCredentialsChain::empty()
        .then("profile", ProfileProvider::new().dir(&dir))
        .then(
            "instance metadata",
            InstanceMetadataProvider::new(
                InstanceMetadata::new()
                    .endpoint(metadata.endpoint())
                    .version(MetadataVersion::V1),
            ),
        );
    let error = chain.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    assert!(error.to_string().contains("profile failed"), "{error}");
    assert!(!format!("{error} {error:?}").contains("orphan-token-0001"));
    assert_eq!(metadata.requests(), 0, "a later source is never asked");
}

#[tokio::test]
async fn assume_role_credentials_sign_the_next_call_and_the_fake_checks_their_token() {
    let server = sigcal_fake::FakeServer::builder()
        .keys("base-public", "base-private-key-0001")
        .start()
        .await
        .unwrap();
    let base = server.client();
    let provider = AssumeRoleProvider::new(base, "ucs:iam::org:role/app", "sigcal-test")
        .duration(Duration::from_secs(900));
    let issued = provider.provide_credentials().await.unwrap();
    assert!(issued.security_token().is_some());
    assert!(issued.expiry().is_some());
    assert_ne!(issued.public_key(), "base-public");

    let before = server.request_count();
    let config = Config::builder(Credentials::new("unused", "unused"))
        .credentials_provider(provider)
        .base_url(server.url())
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .build()
        .unwrap();
    let client = Client::new(config).unwrap();
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    // One AssumeRole for the cache, then the two calls.
    assert_eq!(server.request_count() - before, 3);

    // The issued keys without their token are refused by the fake.
    let tokenless = Config::builder(Credentials::new(issued.public_key(), issued.private_key()))
        .base_url(server.url())
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .build()
        .unwrap();
    let error = Client::new(tokenless)
        .unwrap()
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    assert_eq!(error.ret_code(), Some(174), "{error}");

    // An STS call that fails is an error naming STS.
    let refused = AssumeRoleProvider::new(
        Client::new(
            Config::builder(Credentials::new("base-public", "wrong-private-key"))
                .base_url(server.url())
                .region("cn-bj2")
                .build()
                .unwrap(),
        )
        .unwrap(),
        "ucs:iam::org:role/app",
        "sigcal-test",
    );
    let error = refused.provide_credentials().await.unwrap_err();
    assert_eq!(error.source_name(), "STS AssumeRole");
    assert!(error.to_string().contains("RetCode 171"), "{error}");
}

/// Fixed credentials say where they were read, so a refused key pair can be traced to
/// its source (`sigcal`'s hint for RetCode 171/172/174) without showing a key.
#[test]
fn fixed_credentials_name_their_source() {
    let dir = empty_dir("source-name");
    std::fs::write(
        dir.join("credential.json"),
        r#"[{"profile":"work","public_key":"pk-file","private_key":"sk-file"}]"#,
    )
    .unwrap();
    let vars = |name: &str| match name {
        "SIGCAL_PUBLIC_KEY" => Some("pk-env".to_owned()),
        "SIGCAL_PRIVATE_KEY" => Some("sk-env".to_owned()),
        _ => None,
    };
    let from_env = ConfigBuilder::default()
        .load_env_from(vars)
        .profile_dir(&dir)
        .build()
        .unwrap();
    assert_eq!(from_env.credentials.source_name(), "environment");
    let from_profile = ConfigBuilder::default()
        .load_env_from(|_| None)
        .profile_dir(&dir)
        .profile("work")
        .load_profile_files()
        .build()
        .unwrap();
    assert_eq!(from_profile.credentials.source_name(), "profile `work`");
    let explicit = Config::builder(Credentials::new("pk", "sk"))
        .profile_dir(&dir)
        .build()
        .unwrap();
    assert_eq!(explicit.credentials.source_name(), "explicit credentials");
}
