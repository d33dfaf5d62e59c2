//! Testing your own code against the scripted fake: a sequence of answers for the action
//! your code polls, an error for another, and the request log to assert on what your
//! code sent. The first test is written as an application's test would be; copy it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::time::Duration;

use serde_json::json;
use sigcal_client::Error;
use sigcal_client::uphost::UPHostClient;
use sigcal_fake::{FakeServer, Reply, Script};

/// The application code under test: start a host, then poll until it runs.
async fn start_and_wait(uphost: &UPHostClient, id: &str) -> Result<u32, Error> {
    uphost.start_phost(id).send().await?;
    let mut polls = 0;
    loop {
        polls += 1;
        let answer = uphost.describe_phost().phost_id(id).send().await?;
        let running = answer
            .phost_set
            .iter()
            .all(|host| host.pm_status.as_deref() == Some("Running"));
        if running && !answer.phost_set.is_empty() {
            return Ok(polls);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::test]
async fn a_host_that_starts_after_two_polls() {
    let host = |status: &str| json!({"PHostSet": [{"PHostId": "uphost-1", "PMStatus": status}]});
    // The host is the script's: the unscripted fake would refuse to start a host it did
    // not make (RetCode 8039).
    let server = FakeServer::builder()
        .script(
            "StartPHost",
            [Reply::answer(json!({"PHostId": "uphost-1"}))],
        )
        .script(
            "DescribePHost",
            [
                Reply::answer(host("Starting")),
                Reply::answer(host("Starting")),
                Reply::answer(host("Running")),
            ],
        )
        .start()
        .await
        .unwrap();
    let uphost = UPHostClient::new(server.client());

    assert_eq!(start_and_wait(&uphost, "uphost-1").await.unwrap(), 3);

    // What the code sent, in order, parameters as signed (the signature left out).
    let sent: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|request| request.action.clone())
        .collect();
    assert_eq!(
        sent,
        [
            "StartPHost",
            "DescribePHost",
            "DescribePHost",
            "DescribePHost"
        ]
    );
    let polls = server.requests_for("DescribePHost");
    assert!(
        polls
            .iter()
            .all(|poll| poll.param("PHostId.0") == Some("uphost-1"))
    );
    assert!(polls.iter().all(|poll| poll.param("Signature").is_none()));
    assert!(polls.iter().all(|poll| poll.ret_code == Some(0)));

    // The last answer of a sequence repeats.
    let again = uphost.describe_phost().send().await.unwrap();
    assert_eq!(again.phost_set[0].pm_status.as_deref(), Some("Running"));
}

#[tokio::test]
async fn a_scripted_error_reaches_the_caller_and_the_log() {
    let server = FakeServer::builder()
        .script("StartPHost", [Reply::error(8039, "the host is locked")])
        .start()
        .await
        .unwrap();
    let uphost = UPHostClient::new(server.client());
    let error = start_and_wait(&uphost, "uphost-1").await.unwrap_err();
    assert_eq!(error.ret_code(), Some(8039), "{error}");
    assert!(error.to_string().contains("the host is locked"), "{error}");
    let log = server.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].ret_code, Some(8039));

    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_scripted_action_is_still_checked() {
    let server = FakeServer::builder()
        .script("StartPHost", [Reply::answer(json!({}))])
        .start()
        .await
        .unwrap();
    let uphost = UPHostClient::new(server.client());
    // The signature is checked before the script answers: a wrong key gets 172.
    let stranger = sigcal_client::Client::new(
        sigcal_client::Config::builder(sigcal_client::Credentials::new("someone", "else"))
            .base_url(server.url())
            .region("cn-bj2")
            .project_id("org-fake")
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = UPHostClient::new(stranger)
        .start_phost("uphost-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.ret_code(), Some(172), "{error}");
    uphost.start_phost("uphost-1").send().await.unwrap();
    assert_eq!(
        server
            .requests()
            .iter()
            .map(|r| r.ret_code)
            .collect::<Vec<_>>(),
        [Some(172), Some(0)]
    );
}

#[tokio::test]
async fn every_problem_of_a_script_is_reported_at_once() {
    let error = FakeServer::builder()
        .script("DescribePHosts", [Reply::answer(json!({}))])
        .script("DescribePHost", [Reply::answer(json!({"PHostSett": []}))])
        .script("StartPHost", [Reply::answer(json!([1, 2]))])
        .script("StopPHost", [Reply::error(0, "not an error")])
        .script("RebootPHost", [])
        .start()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    let message = error.to_string();
    for expected in [
        "script entry `DescribePHosts`: no served service has this action (did you mean `DescribePHost`?)",
        "script entry `DescribePHost`, reply 1: `PHostSett` is not a field of DescribePHost's answer",
        "script entry `StartPHost`, reply 1: an answer is an object of the answer's fields",
        "script entry `StopPHost`, reply 1: an error needs a RetCode other than 0",
        "script entry `RebootPHost`: no replies",
    ] {
        assert!(
            message.contains(expected),
            "missing {expected:?} in:\n{message}"
        );
    }
    assert_eq!(message.lines().count(), 5, "{message}");
}

#[tokio::test]
async fn a_script_file_is_read_with_positions() {
    let text = "\
DescribePHost:
  - answer: {PHostSet: [{PHostId: uphost-1, PMStatus: Running}]}
StartPHost:
  - error: {RetCode: 8039, Message: locked}
  - answer: {PHostSett: []}
";
    let script = Script::from_yaml("hosts.yaml", text).unwrap();
    let error = FakeServer::builder()
        .scripted(script)
        .start()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("hosts.yaml:5:5: script entry `StartPHost`, reply 2: `PHostSett`"),
        "{message}"
    );

    let fixed = text.replace("{PHostSett: []}", "{}");
    let script = Script::from_yaml("hosts.yaml", &fixed).unwrap();
    let server = FakeServer::builder()
        .scripted(script)
        .start()
        .await
        .unwrap();
    let uphost = UPHostClient::new(server.client());
    let error = uphost.start_phost("uphost-1").send().await.unwrap_err();
    assert_eq!(error.ret_code(), Some(8039));
    uphost.start_phost("uphost-1").send().await.unwrap();
    let hosts = uphost.describe_phost().send().await.unwrap();
    assert_eq!(hosts.phost_set[0].phost_id.as_deref(), Some("uphost-1"));

    for (bad, expected) in [
        (
            "StartPHost: [{answr: {}}]",
            "hosts.yaml:1:15: unknown variant `answr`, expected one of answer, error",
        ),
        (
            "StartPHost: [{error: {Message: no code}}]",
            "hosts.yaml:1:23: missing field `RetCode`",
        ),
        (
            "StartPHost: [{error: {RetCode: 8039, Mesage: typo}}]",
            "hosts.yaml:1:38: unknown field `Mesage`, expected one of RetCode, Message",
        ),
        (
            "StartPHost: [{error: {RetCode: 8039, Message: null, Message: m}}]",
            "hosts.yaml:1:53: duplicate mapping key: Message",
        ),
        ("- just a list", "hosts.yaml:1:1: "),
    ] {
        let error = Script::from_yaml("hosts.yaml", bad).unwrap_err();
        assert!(error.to_string().starts_with(expected), "{bad}: {error}");
        assert_eq!(error.problems().len(), 1);
    }
}

#[tokio::test]
async fn the_log_keeps_the_latest_requests_up_to_its_limit() {
    let server = FakeServer::builder()
        .request_log_limit(2)
        .start()
        .await
        .unwrap();
    let uphost = UPHostClient::new(server.client());
    for limit in [1, 2, 3] {
        uphost
            .describe_phost_image()
            .limit(limit)
            .send()
            .await
            .unwrap();
    }
    let log = server.requests();
    let limits: Vec<Option<&str>> = log.iter().map(|r| r.param("Limit")).collect();
    assert_eq!(limits, [Some("2"), Some("3")]);
    assert_eq!(server.request_count(), 3);
}
