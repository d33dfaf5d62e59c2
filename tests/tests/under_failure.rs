//! The README's promises when things fail: the deadline bounds the wait for
//! credentials, one refresh serves every concurrent caller (and a failing provider is
//! asked once per pause), "no limit" durations are no limit, a wait never runs past its
//! maximum however its polls hang, and secrets stay out of `Debug` output and errors.
//! Time is tokio's paused clock or a clock the test moves; no assertion reads the wall.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sigcal_client::credentials::{
    AssumeRoleProvider, CredentialsError, CredentialsFuture, InstanceMetadata, ProvideCredentials,
    TimeSource,
};
use sigcal_client::transport::{HttpRequest, HttpResponse, Transport, TransportFuture};
use sigcal_client::uhost::CreateUHostInstanceRequest;
use sigcal_client::uphost::DescribePHostImageRequest;
use sigcal_client::waiter::{self, Matched, Outcome, WaitError, WaitOptions};
use sigcal_client::{CallOptions, Client, Config, Credentials, Error, Output};
use sigcal_tests::{PRIVATE_KEY, PUBLIC_KEY, Reply, TestServer};

/// A clock the test moves by hand (the credentials cache's time).
#[derive(Debug)]
struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    fn new() -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(
            UNIX_EPOCH + Duration::from_secs(2_000_000_000),
        )))
    }

    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        ManualClock::now(self)
    }
}

/// A provider that takes `delay` (tokio time) and then answers `answer(n)` for its
/// n-th call (from 1), counting calls.
struct Provider {
    calls: Arc<AtomicU32>,
    delay: Duration,
    answer: Box<dyn Fn(u32) -> Result<Credentials, CredentialsError> + Send + Sync>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Provider")
    }
}

impl ProvideCredentials for Provider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            (self.answer)(n)
        })
    }

    fn source_name(&self) -> &str {
        "test provider"
    }
}

fn provider(
    delay: Duration,
    answer: impl Fn(u32) -> Result<Credentials, CredentialsError> + Send + Sync + 'static,
) -> (Provider, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let provider = Provider {
        calls: Arc::clone(&calls),
        delay,
        answer: Box::new(answer),
    };
    (provider, calls)
}

/// An HTTP status and body for a request.
type Answer = Box<dyn Fn(&HttpRequest) -> (u16, String) + Send + Sync>;

/// Answers every request at once with `answer(request)`, keeping what was sent.
#[derive(Default)]
struct Answering {
    sent: Mutex<Vec<HttpRequest>>,
    answer: Option<Answer>,
}

impl std::fmt::Debug for Answering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Answering")
    }
}

impl Answering {
    fn with(answer: impl Fn(&HttpRequest) -> (u16, String) + Send + Sync + 'static) -> Self {
        Answering {
            sent: Mutex::default(),
            answer: Some(Box::new(answer)),
        }
    }

    fn count(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

impl Transport for Answering {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let (status, body) = match &self.answer {
            Some(answer) => answer(&request),
            None => (200, r#"{"RetCode":0,"TotalCount":0}"#.to_owned()),
        };
        self.sent.lock().unwrap().push(request);
        Box::pin(async move {
            Ok(HttpResponse {
                location: None,
                status,
                request_id: None,
                body: body.into_bytes(),
            })
        })
    }
}

fn builder() -> sigcal_client::ConfigBuilder {
    Config::builder(Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
        .base_url("http://127.0.0.1:9/")
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .profile_dir("/nonexistent-sigcal-profile-dir")
}

/// A client signing with `provider`'s credentials, cached on `clock`, sending through
/// `transport`; `config` adds to the configuration.
fn client_of(
    provider: Provider,
    clock: &Arc<ManualClock>,
    transport: &Arc<Answering>,
    config: impl FnOnce(sigcal_client::ConfigBuilder) -> sigcal_client::ConfigBuilder,
) -> Client {
    let builder = builder()
        .credentials_provider(sigcal_client::credentials::SharedCredentialsProvider::new(
            provider,
        ))
        .time_source(Arc::clone(clock) as Arc<dyn TimeSource>);
    Client::with_transport(config(builder).build().unwrap(), Arc::clone(transport) as _)
}

fn temporary(n: u32, expiry: SystemTime) -> Credentials {
    Credentials::temporary(
        format!("temp-public-{n}"),
        format!("temp-private-{n}"),
        format!("tok-{n}"),
        expiry,
    )
}

#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_the_wait_for_slow_credentials() {
    let clock = ManualClock::new();
    let expiry = clock.now() + Duration::from_secs(3600);
    let (slow, calls) = provider(Duration::from_secs(8), move |n| Ok(temporary(n, expiry)));
    let transport = Arc::new(Answering::default());
    let client = client_of(slow, &clock, &transport, |config| {
        config.deadline(Duration::from_secs(1))
    });
    let started = tokio::time::Instant::now();
    let error = client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::from_secs(1), "{error}");
    let Error::Deadline { attempts: 0, .. } = &error else {
        panic!("{error:?}");
    };
    assert!(
        error
            .to_string()
            .contains("test provider: still loading when the deadline passed"),
        "{error}"
    );
    assert_eq!((calls.load(Ordering::SeqCst), transport.count()), (1, 0));
    // The refresh the call started goes on for the next call, which is not asked to
    // start another: it waits the rest of the 8 s and is sent.
    client
        .send_with(
            DescribePHostImageRequest::default(),
            &CallOptions::new().deadline(Duration::from_secs(30)),
        )
        .await
        .unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(8));
    assert_eq!((calls.load(Ordering::SeqCst), transport.count()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_one_failing_refresh_and_it_is_retried_after_a_pause() {
    let clock = ManualClock::new();
    let (failing, calls) = provider(Duration::from_millis(300), |_| {
        Err(CredentialsError::transient(
            "test provider",
            "the metadata service is down",
        ))
    });
    let transport = Arc::new(Answering::default());
    let client = client_of(failing, &clock, &transport, |config| config);
    let round = || {
        futures_util::future::join_all(
            (0..20).map(|_| client.send(DescribePHostImageRequest::default())),
        )
    };
    let started = tokio::time::Instant::now();
    for result in round().await {
        let error = result.unwrap_err();
        assert!(
            error.to_string().contains("the metadata service is down"),
            "{error}"
        );
    }
    // One provider call, waited for by all twenty at once (not twenty in a row).
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(started.elapsed(), Duration::from_millis(300));
    // Within the pause, callers get the failure at once, without asking.
    let again = tokio::time::Instant::now();
    for result in round().await {
        assert!(matches!(result, Err(Error::Credentials { .. })));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(again.elapsed(), Duration::ZERO);
    // After the pause, one more call for all of them.
    clock.advance(sigcal_client::credentials::DEFAULT_RETRY_REFRESH_AFTER);
    for result in round().await {
        assert!(result.is_err());
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        transport.count(),
        0,
        "nothing was signed with half a credential"
    );
}

#[tokio::test(start_paused = true)]
async fn short_lived_credentials_are_refreshed_halfway_not_on_every_call() {
    let clock = ManualClock::new();
    // 30 s of life: less than the one-minute refresh-ahead window.
    let (short, calls) = provider(Duration::ZERO, {
        let clock = Arc::clone(&clock);
        move |n| Ok(temporary(n, clock.now() + Duration::from_secs(30)))
    });
    let transport = Arc::new(Answering::default());
    let client = client_of(short, &clock, &transport, |config| config);
    for _ in 0..10 {
        client
            .send(DescribePHostImageRequest::default())
            .await
            .unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(14));
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(2));
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn revoked_temporary_credentials_are_loaded_afresh_and_the_call_signed_again_once() {
    let clock = ManualClock::new();
    let expiry = clock.now() + Duration::from_secs(3600);
    let (provider, calls) = provider(Duration::ZERO, move |n| Ok(temporary(n, expiry)));
    // The API knows only the second token.
    let transport = Arc::new(Answering::with(|request| {
        if request.body.contains("SecurityToken=tok-2") {
            (200, r#"{"RetCode":0,"UHostIds":["uhost-1"]}"#.to_owned())
        } else {
            (
                200,
                r#"{"RetCode":174,"Message":"Token not exist"}"#.to_owned(),
            )
        }
    }));
    let client = client_of(provider, &clock, &transport, |config| config);
    // A call that is never retried otherwise: the API acted on nothing.
    let request = CreateUHostInstanceRequest {
        image_id: "uimage-1".into(),
        login_mode: "Password".into(),
        ..CreateUHostInstanceRequest::default()
    };
    let created = client.send(request.clone()).await.unwrap();
    assert_eq!(created.uhost_ids, ["uhost-1"]);
    assert_eq!((calls.load(Ordering::SeqCst), transport.count()), (2, 2));
    // Refused again with the new credentials: once is enough, the error is the caller's.
    let transport = Arc::new(Answering::with(|_| {
        (
            200,
            r#"{"RetCode":171,"Message":"Signature VerifyAC Error"}"#.to_owned(),
        )
    }));
    let (provider, calls) = provider_with_expiry(expiry);
    let client = client_of(provider, &clock, &transport, |config| config);
    let error = client.send(request).await.unwrap_err();
    assert_eq!(error.ret_code(), Some(171), "{error}");
    assert_eq!((calls.load(Ordering::SeqCst), transport.count()), (2, 2));
    // Fixed credentials are not reloaded: a wrong key pair stays wrong.
    let fixed = Client::with_transport(builder().build().unwrap(), transport.clone());
    assert!(
        fixed
            .send(DescribePHostImageRequest::default())
            .await
            .is_err()
    );
    assert_eq!(transport.count(), 3);
}

fn provider_with_expiry(expiry: SystemTime) -> (Provider, Arc<AtomicU32>) {
    provider(Duration::ZERO, move |n| Ok(temporary(n, expiry)))
}

#[tokio::test(start_paused = true)]
async fn no_limit_durations_mean_no_limit() {
    let transport = Arc::new(Answering::default());
    let client = Client::with_transport(
        builder()
            .deadline(Duration::MAX)
            .timeout(Duration::MAX)
            .build()
            .unwrap(),
        transport.clone(),
    );
    client
        .send_with(
            DescribePHostImageRequest::default(),
            &CallOptions::new()
                .deadline(Duration::MAX)
                .timeout(Duration::MAX),
        )
        .await
        .unwrap();
    let ready = |answer: Result<&u32, &Error>| {
        (answer.ok() == Some(&3)).then_some(Matched {
            outcome: Outcome::Success,
            acceptor: "three",
        })
    };
    let polls = AtomicU32::new(0);
    let waited = waiter::poll_until(
        "Test",
        WaitOptions {
            min_delay: Duration::from_secs(1),
            max_delay: Duration::MAX,
            max_wait: Duration::MAX,
        },
        || async { Ok(Output::new(polls.fetch_add(1, Ordering::SeqCst) + 1, None)) },
        ready,
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(waited.polls, 3);
}

#[tokio::test(start_paused = true)]
async fn a_hanging_poll_does_not_stretch_the_maximum_wait() {
    let started = tokio::time::Instant::now();
    let error = waiter::poll_until(
        "Test",
        WaitOptions {
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(100),
            max_wait: Duration::from_secs(2),
        },
        std::future::pending::<Result<Output<u32>, Error>>,
        |_: Result<&u32, &Error>| None,
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, WaitError::TimedOut { polls: 1, .. }),
        "{error}"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn polls_are_never_closer_than_the_floor() {
    let polls = AtomicU32::new(0);
    let _ = waiter::poll_until(
        "Test",
        WaitOptions {
            min_delay: Duration::from_nanos(1),
            max_delay: Duration::from_nanos(1),
            max_wait: Duration::from_secs(1),
        },
        || async {
            polls.fetch_add(1, Ordering::SeqCst);
            Ok(Output::new(0u32, None))
        },
        |_: Result<&u32, &Error>| None,
        |_| {},
    )
    .await;
    let floor = waiter::MIN_POLL_DELAY;
    let most = u32::try_from(Duration::from_secs(1).as_nanos() / floor.as_nanos()).unwrap();
    assert_eq!(polls.load(Ordering::SeqCst), most, "one poll per {floor:?}");
}

#[test]
fn the_signed_request_debug_shows_no_secret() {
    let transport = Arc::new(Answering::default());
    let request = CreateUHostInstanceRequest {
        image_id: "uimage-1".into(),
        login_mode: "Password".into(),
        password: Some("hunter2-password".into()),
        ..CreateUHostInstanceRequest::default()
    };
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let client = Client::with_transport(
                builder()
                    .credentials(
                        Credentials::new(PUBLIC_KEY, PRIVATE_KEY)
                            .with_security_token("tok-secret-0001"),
                    )
                    .build()
                    .unwrap(),
                transport.clone(),
            );
            client.send(request.clone()).await.unwrap();
        });
    let sent = transport.sent.lock().unwrap()[0].clone();
    let shown = format!("{sent:?}");
    for secret in ["hunter2-password", "tok-secret-0001", PRIVATE_KEY] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(
        shown.contains(r#""Password": <redacted>"#) && shown.contains(r#""ImageId": "uimage-1""#),
        "{shown}"
    );
    let signature = form_urlencoded::parse(sent.body.as_bytes())
        .find(|(k, _)| k == "Signature")
        .unwrap()
        .1;
    assert!(!shown.contains(&*signature), "{shown}");
    // The request type itself, as before.
    assert!(!format!("{request:?}").contains("hunter2-password"));
}

#[tokio::test]
async fn a_malformed_assume_role_answer_is_reported_without_its_secret() {
    // Cut short after the secret: the JSON does not parse, and the error quotes it.
    let transport = Arc::new(Answering::with(|_| {
        (
            200,
            r#"{"RetCode":0,"Credentials":{"AccessKeyId":"AK","AccessKeySecret":"sts-secret-key-0001","SecurityToken":"sts-token-0001","Expiration":"#
                .to_owned(),
        )
    }));
    let base = Client::with_transport(builder().build().unwrap(), transport.clone());
    let provider = AssumeRoleProvider::new(base, "ucs:iam::1:role/app", "session");
    let error = provider.provide_credentials().await.unwrap_err();
    let shown = format!("{error} {error:?} {}", with_causes(&error));
    for secret in ["sts-secret-key-0001", "sts-token-0001"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("AccessKeySecret"), "{shown}");
}

fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn hostile_expiries_from_the_metadata_service_are_refused_and_offsets_are_read() {
    let expiration = Arc::new(Mutex::new(serde_json::json!(u64::MAX)));
    let server = TestServer::start({
        let expiration = Arc::clone(&expiration);
        move |_| {
            Reply::json(
                serde_json::json!({
                    "RetCode": 0,
                    "Data": {
                        "AccessKeyId": "ak",
                        "AccessKeySecret": "imds-secret-0001",
                        "SecurityToken": "imds-token-0001",
                        "Expiration": *expiration.lock().unwrap(),
                    }
                })
                .to_string(),
            )
        }
    })
    .await;
    let metadata = InstanceMetadata::new().endpoint(server.url.trim_end_matches('/'));
    for hostile in [
        serde_json::json!(u64::MAX),
        serde_json::json!("18446744073709551615"),
        serde_json::json!("9999-99-99T99:99:99Z"),
        serde_json::json!("2023-11-14T22:13:20+99:00"),
    ] {
        *expiration.lock().unwrap() = hostile.clone();
        let error = metadata.credentials().await.unwrap_err();
        let text = error.to_string();
        assert!(text.contains("`Data.Expiration` is not a time"), "{text}");
        assert!(!text.contains("imds-secret-0001"), "{text}");
    }
    *expiration.lock().unwrap() = serde_json::json!("2033-05-18T11:33:20+08:00");
    let credentials = metadata.credentials().await.unwrap();
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(2_000_000_000))
    );
}

#[tokio::test]
async fn tls_failures_and_bad_urls_are_not_retried() {
    // https to a server that answers in plain HTTP: the handshake fails, and would
    // again, so one connection is all the call makes.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicU32::new(0));
    let server = tokio::spawn({
        let connections = Arc::clone(&connections);
        async move {
            use tokio::io::AsyncWriteExt as _;
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                connections.fetch_add(1, Ordering::SeqCst);
                let _ = stream
                    .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                    .await;
            }
        }
    });
    let client = Client::new(
        builder()
            .base_url(format!("https://{address}/"))
            .max_attempts(5)
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    server.abort();
    assert!(matches!(error, Error::Tls { .. }), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(connections.load(Ordering::SeqCst), 1);
    // A URL that does not parse is refused when the configuration is built.
    let error = builder()
        .base_url("http://exa mple.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config { message } if message.contains("cannot be used")),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_fake_refuses_durations_sts_does_not_take() {
    let server = sigcal_fake::FakeServer::start().await.unwrap();
    let sts = sigcal_client::sts::STSClient::new(server.client());
    for duration in [9_223_372_036_854_775_807, 300_000_000_000, 0, -1] {
        let error = sts
            .send(sigcal_client::sts::AssumeRoleRequest {
                role_urn: "ucs:iam::1:role/app".into(),
                role_session_name: "s".into(),
                duration_seconds: Some(duration),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(error.ret_code(), Some(230), "{duration}: {error}");
        assert!(error.to_string().contains("DurationSeconds"), "{error}");
    }
}
