//! The runtime's production edges: redirects never followed, temporary credentials
//! signed, the deadline of a whole call, the retry budget, and interceptors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sigcal_client::transport::{HttpRequest, HttpResponse, Transport, TransportFuture};
use sigcal_client::uphost::{DescribePHostImageRequest, UPHostClient};
use sigcal_client::{
    CallOptions, Client, Config, Credentials, Error, Params, RetryBudget, RetryPolicy,
};
use sigcal_tests::{PRIVATE_KEY, PUBLIC_KEY, Reply, TestServer};

/// Answers every request with `status` (and the empty list on 200), counting them.
#[derive(Debug, Default)]
struct Scripted {
    failures_left: AtomicU32,
    sent: Mutex<Vec<HttpRequest>>,
}

impl Transport for Scripted {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        self.sent.lock().unwrap().push(request);
        let fail = self
            .failures_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        Box::pin(async move {
            Ok(HttpResponse {
                location: None,
                status: if fail { 503 } else { 200 },
                request_id: None,
                body: br#"{"RetCode":0,"TotalCount":0}"#.to_vec(),
            })
        })
    }
}

fn config(credentials: Credentials) -> sigcal_client::ConfigBuilder {
    Config::builder(credentials)
        .base_url("http://127.0.0.1:9/")
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .profile_dir("/nonexistent-sigcal-profile-dir")
}

fn form(request: &HttpRequest) -> Params {
    form_urlencoded::parse(request.body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn a_redirect_is_an_error_and_the_signed_request_goes_nowhere_else() {
    let elsewhere = TestServer::start(|_| Reply::json(r#"{"RetCode":0}"#)).await;
    let to = elsewhere.url.clone();
    let redirecting = TestServer::start(move |_| Reply {
        location: Some(to.clone()),
        ..Reply::status(307, "")
    })
    .await;
    let client = sigcal_tests::client_for(&redirecting.url, 3);
    let error = client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    let Error::Redirect {
        status, location, ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(
        (*status, location.as_deref()),
        (307, Some(elsewhere.url.as_str()))
    );
    assert!(error.to_string().contains("redirect"), "{error}");
    assert_eq!(redirecting.seen().len(), 1, "a redirect is not retried");
    assert!(
        elsewhere.seen().is_empty(),
        "the signed request went elsewhere"
    );
}

#[tokio::test]
async fn the_security_token_is_sent_and_signed_and_the_user_agent_carries_the_suffix() {
    let transport = Arc::new(Scripted::default());
    let credentials = Credentials::new(PUBLIC_KEY, PRIVATE_KEY).with_security_token("tok-1");
    let client = Client::with_transport(
        config(credentials)
            .user_agent_suffix("myapp/1.2")
            .build()
            .unwrap(),
        transport.clone(),
    );
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    let sent = transport.sent.lock().unwrap()[0].clone();
    let mut params = form(&sent);
    assert_eq!(params.get("SecurityToken"), Some("tok-1"));
    let signature = params.remove("Signature").unwrap();
    assert_eq!(sigcal_client::signer::sign(&params, PRIVATE_KEY), signature);
    let agent = sent.headers.iter().find(|(name, _)| name == "User-Agent");
    assert_eq!(
        agent.map(|(_, value)| value.as_str()),
        Some(format!("{} myapp/1.2", sigcal_client::USER_AGENT).as_str())
    );
    assert!(!format!("{:?}", client.config()).contains("tok-1"));
}

#[tokio::test(start_paused = true)]
async fn the_deadline_ends_a_call_that_retries_would_make_longer() {
    let transport = Arc::new(Scripted {
        failures_left: AtomicU32::new(u32::MAX),
        ..Scripted::default()
    });
    let policy = RetryPolicy {
        max_attempts: 1000,
        base_delay: Duration::from_millis(500),
        max_delay: Duration::from_secs(1),
    };
    let client = Client::with_transport(
        config(Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
            .retry(policy)
            .retry_budget(RetryBudget::unlimited())
            .deadline(Duration::from_secs(3))
            .build()
            .unwrap(),
        transport.clone(),
    );
    let started = tokio::time::Instant::now();
    let error = client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap_err();
    let Error::Deadline { attempts, .. } = &error else {
        panic!("{error:?}");
    };
    let sent = u32::try_from(transport.sent.lock().unwrap().len()).unwrap();
    assert_eq!(*attempts, sent);
    assert!(sent > 1 && sent < 1000, "{sent}");
    // The paused clock moves only by the backoff sleeps: never past the deadline.
    assert!(started.elapsed() <= Duration::from_secs(3));
    assert!(error.to_string().contains("deadline of 3s"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn an_outage_empties_the_budget_and_successes_refill_it() {
    let transport = Arc::new(Scripted {
        failures_left: AtomicU32::new(7),
        ..Scripted::default()
    });
    let client = Client::with_transport(
        config(Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
            .max_attempts(3)
            .retry_budget(RetryBudget {
                capacity: 20,
                ..RetryBudget::default()
            })
            .build()
            .unwrap(),
        transport.clone(),
    );
    let attempts = || transport.sent.lock().unwrap().len();
    // Two calls of three attempts each take 4 retries x 5 tokens: the bucket is empty.
    for _ in 0..2 {
        assert!(
            client
                .send(DescribePHostImageRequest::default())
                .await
                .is_err()
        );
    }
    assert_eq!((attempts(), client.retry_tokens()), (6, 0));
    // The third call's failure is returned at once.
    assert!(
        client
            .send(DescribePHostImageRequest::default())
            .await
            .is_err()
    );
    assert_eq!(attempts(), 7);
    // The outage is over: each success puts a token back.
    client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    assert_eq!(client.retry_tokens(), 1);
}

#[derive(Debug, Default)]
struct Tagging {
    attempts: AtomicU32,
    calls: AtomicU32,
    /// The service each call named, before signing, after each attempt, after the call.
    services: Mutex<Vec<Option<String>>>,
}

impl sigcal_client::Interceptor for Tagging {
    fn before_signing(
        &self,
        call: &sigcal_client::interceptor::CallContext<'_>,
        params: &mut Params,
    ) -> Result<(), sigcal_client::BoxError> {
        assert!(
            params.get("PublicKey").is_none(),
            "hooks run before credentials"
        );
        params.insert("ImageType", "Base");
        self.services
            .lock()
            .unwrap()
            .push(call.service.map(str::to_owned));
        if call.action == "Refused" {
            return Err("refused by policy".into());
        }
        Ok(())
    }

    fn after_attempt(&self, attempt: &sigcal_client::interceptor::AttemptReport<'_>) {
        assert_eq!(attempt.status, Some(200));
        self.services
            .lock()
            .unwrap()
            .push(attempt.service.map(str::to_owned));
        self.attempts.fetch_add(1, Ordering::SeqCst);
    }

    fn after_call(&self, call: &sigcal_client::interceptor::CallReport<'_>) {
        if call.action == "Refused" {
            // Stopped before sending: no attempt, and the hook's error.
            assert_eq!(call.attempts, 0);
            assert!(matches!(call.error, Some(Error::Interceptor { .. })));
        } else {
            assert_eq!((call.attempts, call.ret_code), (1, Some(0)));
        }
        self.services
            .lock()
            .unwrap()
            .push(call.service.map(str::to_owned));
        self.calls.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn an_interceptor_adds_a_parameter_the_fake_verifies_and_an_error_stops_the_call() {
    let server = sigcal_fake::FakeServer::start().await.unwrap();
    let hook = Arc::new(Tagging::default());
    let config = Config::builder(server.credentials())
        .base_url(server.url())
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .profile_dir("/nonexistent-sigcal-profile-dir")
        .interceptor(hook.clone())
        .build()
        .unwrap();
    let client = Client::new(config).unwrap();
    let answer = client
        .send(DescribePHostImageRequest::default())
        .await
        .unwrap();
    // The fake checked the signature over the added parameter and filtered by it.
    assert!(!answer.image_set.is_empty());
    assert!(
        answer
            .image_set
            .iter()
            .all(|image| image.image_type.as_ref().map(|t| t.as_str()) == Some("Base"))
    );
    assert_eq!(hook.attempts.load(Ordering::SeqCst), 1);
    assert_eq!(hook.calls.load(Ordering::SeqCst), 1);

    let before = server.request_count();
    let error = client
        .send_raw("Refused", Params::new(), true, &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Interceptor { .. }), "{error:?}");
    assert!(error.to_string().contains("refused by policy"), "{error}");
    assert_eq!(server.request_count(), before, "nothing was sent");
    assert_eq!(hook.calls.load(Ordering::SeqCst), 2);

    // A generated call names its service, also when given options of its own; a raw
    // call names none unless told.
    hook.services.lock().unwrap().clear();
    UPHostClient::new(client.clone())
        .describe_phost_image()
        .options(CallOptions::new().max_attempts(2))
        .send()
        .await
        .unwrap();
    let mut params = Params::new();
    params.insert("Region", "cn-bj2");
    params.insert("Zone", "cn-bj2-05");
    client
        .send_raw(
            "DescribePHostImage",
            params,
            true,
            &CallOptions::new().service("UPHost"),
        )
        .await
        .unwrap();
    let named = Some("UPHost".to_owned());
    assert_eq!(*hook.services.lock().unwrap(), vec![named; 6]);
}
