//! The `sigcal` command-line tool against the fake server, run as a real process.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::process::{Command, Stdio};

use assert_cmd::prelude::*;

mod support;
use support::*;

#[test]
fn every_flag_reaches_the_wire() {
    let server = Server::start();
    let home = home("flags");
    let out = run(sigcal(&server, &home).args([
        "--zone",
        "cn-bj2-05",
        "--project-id",
        "org-1",
        "uphost",
        "describe-phost-image",
        "--image-type",
        "Custom",
        "--image-id",
        "a",
        "--image-id",
        "b",
        "--image-id",
        "c",
        "--offset",
        "2",
        "--limit",
        "5",
        "--machine-type",
        "G4",
        "--cluster",
        "25G",
        "--dry-run",
        "--show-signature",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let params: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for (key, value) in [
        ("Action", "DescribePHostImage"),
        ("Region", "cn-bj2"),
        ("Zone", "cn-bj2-05"),
        ("ProjectId", "org-1"),
        ("ImageType", "Custom"),
        ("ImageId.0", "a"),
        ("ImageId.1", "b"),
        ("ImageId.2", "c"),
        ("Offset", "2"),
        ("Limit", "5"),
        ("MachineType", "G4"),
        ("Cluster", "25G"),
        ("PublicKey", PUBLIC_KEY),
    ] {
        assert_eq!(params[key], value, "{key}");
    }
    assert_eq!(params["Signature"].as_str().map(str::len), Some(40));

    // The same flags, sent: the fake server validates and answers.
    let out = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--image-type",
        "Base",
        "--limit",
        "3",
        "--offset",
        "1",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let answer: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(answer["TotalCount"], 24);
    assert_eq!(answer["ImageSet"].as_array().map(Vec::len), Some(3));
    assert!(
        answer.get("RetCode").is_none(),
        "the envelope is not printed"
    );
}

#[test]
fn all_follows_every_page() {
    let server = Server::start();
    let out = run(sigcal(&server, &home("all")).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--all",
        "--limit",
        "7",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let items: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(items.len(), 48);
}

#[test]
fn table_output_lists_items() {
    let server = Server::start();
    let out = run(sigcal(&server, &home("table")).args([
        "--zone",
        "z",
        "-o",
        "table",
        "uphost",
        "describe-phost-image",
        "--limit",
        "2",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "header, rule, two rows: {}", out.stdout);
    assert!(lines[0].contains("ImageId") && lines[0].contains("OsName"));
}

#[test]
fn errors_have_one_line_and_distinct_exit_codes() {
    let server = Server::start();
    let home = home("errors");
    // Missing Zone: a usage error, before any I/O.
    let out = run(sigcal(&server, &home).args(["uphost", "describe-phost-image"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("Zone"), "{}", out.stderr);
    // Wrong key: an API error with RetCode, Message and request id on one line.
    let out = run(sigcal(&server, &home)
        .env("SIGCAL_PRIVATE_KEY", "wrong")
        .args(["--zone", "z", "uphost", "describe-phost-image"]));
    assert_eq!(out.code, 3);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "what failed, then what to do: {}",
        out.stderr
    );
    assert!(lines[1].starts_with("hint: "), "{}", out.stderr);
    assert!(
        out.stderr.contains("RetCode 171") && out.stderr.contains("request id fake-"),
        "{}",
        out.stderr
    );
    // Nothing listening: a network error.
    let out = run(sigcal(&server, &home).args([
        "--base-url",
        "http://127.0.0.1:9/",
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
    ]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    // A bad flag value: clap's usage error.
    let out = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--limit",
        "ten",
    ]));
    assert_eq!(out.code, 2);
    // No credentials: a configuration error.
    let out = run(sigcal(&server, &home)
        .env_remove("SIGCAL_PRIVATE_KEY")
        .args(["--zone", "z", "uphost", "describe-phost-image"]));
    assert_eq!(out.code, 5, "{}", out.stderr);
}

#[test]
fn configure_writes_a_profile_the_tool_then_uses() {
    let server = Server::start();
    let home = home("configure");
    let mut command = Command::cargo_bin("sigcal").unwrap();
    command
        .env_clear()
        .env("HOME", &home)
        .args(["configure", "--name", "work"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PUBLIC_KEY}\n{PRIVATE_KEY}\n\ncn-bj2\ncn-bj2-05\n\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains(PRIVATE_KEY));
    assert!(!String::from_utf8_lossy(&output.stderr).contains(PRIVATE_KEY));
    let credentials = std::fs::read_to_string(home.join(".sigcal/credential.json")).unwrap();
    assert!(credentials.contains(PRIVATE_KEY));
    // Keys, region and zone now come from the profile.
    let mut command = Command::cargo_bin("sigcal").unwrap();
    command.env_clear().env("HOME", &home).args([
        "--profile",
        "work",
        "--base-url",
        &server.url,
        "uphost",
        "describe-phost-image",
        "--limit",
        "1",
    ]);
    let out = run(&mut command);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn completions_and_help() {
    let out = Command::cargo_bin("sigcal")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("describe-phost-image") && script.contains("--image-type"));
    assert!(
        script.contains("Base") && script.contains("Custom"),
        "documented enum values are completed"
    );
    let help = Command::cargo_bin("sigcal")
        .unwrap()
        .args(["uphost", "describe-phost-image", "--help"])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8_lossy(&help.stdout));
}

/// The top-level help names every variable the client reads, from the protocol crate's
/// list, and where a variable has a flag the flag's help names it too.
#[test]
fn help_names_every_configuration_variable() {
    let out = Command::cargo_bin("sigcal")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for variable in sigcal_protocol::config::VARS {
        assert!(help.contains(variable), "{variable} missing from:\n{help}");
    }
    assert!(
        help.contains("stands in for SIGCAL_SECURITY_TOKEN"),
        "the --security-token flag names its variable:\n{help}"
    );
}

/// A server on loopback answering every request with `head` (an HTTP status line and
/// headers), counting the requests it received.
fn answering(head: String) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buffer = [0u8; 16 * 1024];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(head.as_bytes());
        }
    });
    (url, count)
}

#[test]
fn a_redirect_is_a_network_error_and_nothing_reaches_the_other_host() {
    let server = Server::start();
    let home = home("redirect");
    let (elsewhere, reached) = answering(
        "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{\"RetCode\":0}".into(),
    );
    let (redirecting, _) = answering(format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    let out = run(sigcal(&server, &home).args([
        "--base-url",
        &redirecting,
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
    ]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains("307") && out.stderr.contains(&elsewhere),
        "{}",
        out.stderr
    );
    assert_eq!(reached.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[test]
fn the_deadline_ends_a_slow_call_and_bad_seconds_are_usage_errors() {
    let server = Server::start_with(&["--latency-ms", "5000"]);
    let home = home("deadline");
    // Every answer comes after 5 s: exit 4 naming the deadline means 0.3 s ended it.
    let out = run(sigcal(&server, &home).args([
        "--deadline",
        "0.3",
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
    ]));
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("deadline of 300ms"), "{}", out.stderr);
    for bad in ["0", "-1", "soon", "NaN", "inf"] {
        let out =
            run(sigcal(&server, &home).args(["--deadline", bad, "uphost", "describe-phost-image"]));
        assert_eq!(out.code, 2, "--deadline {bad}: {}", out.stderr);
        let out =
            run(sigcal(&server, &home).args(["--timeout", bad, "uphost", "describe-phost-image"]));
        assert_eq!(out.code, 2, "--timeout {bad}: {}", out.stderr);
    }
}

#[test]
fn debug_shows_the_call_and_no_secret() {
    let server = Server::start();
    let home = home("debug");
    let out = run(sigcal(&server, &home).args([
        "--debug",
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--limit",
        "1",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("sigcal.call") && out.stderr.contains("sigcal.attempt"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("DescribePHostImage"), "{}", out.stderr);
    assert!(!out.stderr.contains("Signature"), "{}", out.stderr);
    // Without --debug, stderr stays quiet.
    let out = run(sigcal(&server, &home).args(["--zone", "z", "uphost", "describe-phost-image"]));
    assert_eq!(out.stderr, "");
}

#[test]
fn assumed_role_credentials_work_with_the_security_token_flag() {
    let server = Server::start();
    let home = home("sts");
    let out = run(sigcal(&server, &home).args([
        "-o",
        "json",
        "sts",
        "assume-role",
        "--role-urn",
        "ucs:iam::org:role/app",
        "--role-session-name",
        "cli-test",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let answer: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let issued = &answer["Credentials"];
    let (public, private, token) = (
        issued["AccessKeyId"].as_str().unwrap(),
        issued["AccessKeySecret"].as_str().unwrap(),
        issued["SecurityToken"].as_str().unwrap(),
    );
    let temporary = |command: &mut Command| {
        command
            .env("SIGCAL_PUBLIC_KEY", public)
            .env("SIGCAL_PRIVATE_KEY", private);
    };
    let mut command = sigcal(&server, &home);
    temporary(&mut command);
    let out = run(command.args([
        "--security-token",
        token,
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The variable works the same; without a token the fake refuses the keys.
    let mut command = sigcal(&server, &home);
    temporary(&mut command);
    let out = run(command.env("SIGCAL_SECURITY_TOKEN", token).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut command = sigcal(&server, &home);
    temporary(&mut command);
    let out = run(command.args(["--zone", "z", "uphost", "describe-phost-image"]));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("RetCode 174"), "{}", out.stderr);
    // --dry-run shows that a token is sent, never the token.
    let mut command = sigcal(&server, &home);
    temporary(&mut command);
    let out = run(command.args([
        "--security-token",
        token,
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--dry-run",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("SecurityToken") && !out.stdout.contains(token),
        "{}",
        out.stdout
    );
}

#[test]
fn configure_stores_a_security_token_without_echoing_it() {
    let home = home("configure-token");
    let token = "configured-security-token-0001";
    let mut command = Command::cargo_bin("sigcal").unwrap();
    command
        .env_clear()
        .env("HOME", &home)
        .args(["configure"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PUBLIC_KEY}\n{PRIVATE_KEY}\n{token}\ncn-bj2\n\n\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !printed.contains(token) && !printed.contains(PRIVATE_KEY),
        "{printed}"
    );
    let stored: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(home.join(".sigcal/credential.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(stored[0]["security_token"], token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(home.join(".sigcal/credential.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "credential.json is {mode:o}");
    }
    // The tool signs with it: the dry run shows a token is sent.
    let out = run(Command::cargo_bin("sigcal")
        .unwrap()
        .env_clear()
        .env("HOME", &home)
        .args(["--zone", "z", "uphost", "describe-phost-image", "--dry-run"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\"SecurityToken\":\"<redacted>\""),
        "{}",
        out.stdout
    );
}

#[test]
fn a_script_file_answers_in_sequence_and_a_bad_one_is_located() {
    let home = home("script");
    let script = home.join("hosts.yaml");
    std::fs::write(
        &script,
        "DescribePHost:\n  - answer: {PHostSet: [{PHostId: uphost-1, PMStatus: Starting}]}\n  - answer: {PHostSet: [{PHostId: uphost-1, PMStatus: Running}]}\nStopPHost:\n  - error: {RetCode: 8039, Message: the host is locked}\n",
    )
    .unwrap();
    let server = Server::start_with(&["--script", script.to_str().unwrap()]);
    let describe = |server: &Server| {
        run(sigcal(server, &home).args(["--project-id", "org-1", "uphost", "describe-phost"]))
    };
    let first = describe(&server);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("Starting"), "{}", first.stdout);
    for _ in 0..2 {
        let next = describe(&server);
        assert!(next.stdout.contains("Running"), "{}", next.stdout);
    }
    let stop = run(sigcal(&server, &home).args([
        "--project-id",
        "org-1",
        "uphost",
        "stop-phost",
        "--phost-id",
        "uphost-1",
    ]));
    assert_eq!(stop.code, 3, "{}", stop.stderr);
    assert!(
        stop.stderr.contains("8039") && stop.stderr.contains("locked"),
        "{}",
        stop.stderr
    );

    // A script that does not fit: every problem, located, and the configuration exit code.
    std::fs::write(
        &script,
        "DescribePHost:\n  - answer: {PHostSett: []}\nStopPHosts:\n  - error: {RetCode: 1}\n",
    )
    .unwrap();
    let out = run(Command::cargo_bin("sigcal").unwrap().args([
        "fake-server",
        "--script",
        script.to_str().unwrap(),
    ]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    let path = script.display().to_string();
    assert!(
        out.stderr.contains(&format!(
            "sigcal: {path}:2:5: script entry `DescribePHost`, reply 1: `PHostSett`"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "`StopPHosts`: no served service has this action (did you mean `StopPHost`?)"
        ),
        "{}",
        out.stderr
    );
    std::fs::write(&script, "DescribePHost: [{answer: 1\n").unwrap();
    let out = run(Command::cargo_bin("sigcal").unwrap().args([
        "fake-server",
        "--script",
        script.to_str().unwrap(),
    ]));
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(&format!("sigcal: {path}:")),
        "{}",
        out.stderr
    );
}

#[test]
fn faults_from_the_command_line() {
    let home = home("faults");
    let describe = ["--zone", "z", "uphost", "describe-phost-image"];
    let throttled = Server::start_with(&["--throttle-share", "1"]);
    let out = run(sigcal(&throttled, &home).args(describe));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("153"), "{}", out.stderr);
    let unavailable = Server::start_with(&["--unavailable-share", "1"]);
    let out = run(sigcal(&unavailable, &home).args(describe));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("150"), "{}", out.stderr);
    let dropping = Server::start_with(&["--drop-share", "1"]);
    let out = run(sigcal(&dropping, &home).args(describe));
    assert_eq!(out.code, 4, "{}", out.stderr);
    let out =
        run(Command::cargo_bin("sigcal")
            .unwrap()
            .args(["fake-server", "--drop-share", "1.5"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("not a share from 0 to 1"),
        "{}",
        out.stderr
    );
}

#[test]
fn query_prints_part_of_the_answer_and_a_missing_place_has_its_own_exit_code() {
    let home = home("query");
    let script = home.join("query.yaml");
    std::fs::write(
        &script,
        "DescribePHost:\n  - answer: {TotalCount: 2, PHostSet: [{PHostId: uphost-1, PMStatus: Running}, {PHostId: uphost-2, PMStatus: Starting}]}\n",
    )
    .unwrap();
    let server = Server::start_with(&["--script", script.to_str().unwrap()]);
    let query = |path: &str| {
        run(sigcal(&server, &home).args([
            "--project-id",
            "org-1",
            "uphost",
            "describe-phost",
            "--query",
            path,
        ]))
    };
    let states = query("PHostSet[].PMStatus");
    assert_eq!(states.code, 0, "{}", states.stderr);
    assert_eq!(states.stdout.trim(), r#"["Running","Starting"]"#);
    let total = query("TotalCount");
    assert_eq!(total.stdout.trim(), "2");
    let missing = query("PHostSet[].PMStatus.Detail");
    assert_eq!(
        missing.code, 0,
        "items without the field are left out: {}",
        missing.stderr
    );
    assert_eq!(missing.stdout.trim(), "[]");
    let absent = query("HostSet");
    assert_eq!(absent.code, 7, "{}", absent.stderr);
    assert!(
        absent
            .stderr
            .contains("--query HostSet: the answer has no `HostSet` here (it has: ")
            && absent.stderr.contains("PHostSet"),
        "{}",
        absent.stderr
    );
    let bad = query("PHostSet[0]");
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("`[]` closes a step"), "{}", bad.stderr);
}

const HOSTS: &str = "DescribeUHostInstance:
  - answer: {UHostSet: [{UHostId: uhost-a, State: Initializing}]}
  - answer: {UHostSet: [{UHostId: uhost-a, State: Running}]}
";

const FAST: [&str; 4] = ["--min-delay", "0.1", "--max-delay", "0.1"];

#[test]
fn wait_polls_until_the_state_and_a_failure_and_a_timeout_have_their_own_exit_codes() {
    let home = home("wait");
    let (_runtime, fake, server) = scripted_fake(HOSTS);
    let wait = |server: &Server, extra: &[&str]| {
        run(sigcal(server, &home)
            .args([
                "--zone",
                "cn-bj2-05",
                "uhost",
                "wait",
                "uhost-instance-running",
                "--uhost-ids",
                "uhost-a",
            ])
            .args(FAST)
            .args(extra))
    };
    let done = wait(&server, &["--query", "UHostSet[].State"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stdout.trim(), r#"["Running"]"#);
    let polls = fake.requests_for("DescribeUHostInstance");
    assert_eq!(polls.len(), 2);
    assert!(
        polls
            .iter()
            .all(|p| p.param("UHostIds.0") == Some("uhost-a")
                && p.param("Zone") == Some("cn-bj2-05"))
    );
    // Not a terminal: no progress line on stderr.
    assert_eq!(done.stderr, "");

    let (_runtime, _fake, server) = scripted_fake(
        "DescribeUHostInstance:
  - answer: {UHostSet: [{UHostId: uhost-a, State: Initializing}]}
  - answer: {UHostSet: [{UHostId: uhost-a, State: Install Fail}]}
",
    );
    let failed = wait(&server, &[]);
    assert_eq!(failed.code, 8, "{}", failed.stderr);
    assert!(
        failed.stderr.contains("Install Fail") && failed.stderr.contains("2 poll(s)"),
        "{}",
        failed.stderr
    );
    assert_eq!(failed.stdout, "");

    let (_runtime, _fake, server) = scripted_fake(
        "DescribeUHostInstance:\n  - answer: {UHostSet: [{UHostId: uhost-a, State: Initializing}]}\n",
    );
    let late = wait(&server, &["--max-wait", "0.2"]);
    assert_eq!(late.code, 9, "{}", late.stderr);
    assert!(
        late.stderr
            .contains("UHostInstanceRunning: not reached within 200ms"),
        "{}",
        late.stderr
    );

    let (_runtime, _fake, server) =
        scripted_fake("DescribeUHostInstance:\n  - error: {RetCode: 230, Message: no such zone}\n");
    let error = wait(&server, &[]);
    assert_eq!(error.code, 3, "{}", error.stderr);
    assert!(error.stderr.contains("230"), "{}", error.stderr);

    let bad = run(sigcal(&server, &home).args([
        "uhost",
        "wait",
        "uhost-instance-running",
        "--max-wait",
        "soon",
    ]));
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    // What the wait names is required, and not empty; polls are at least 100 ms apart.
    for (args, says) in [
        (
            &["uhost", "wait", "uhost-instance-running"][..],
            "--uhost-ids",
        ),
        (
            &["uhost", "wait", "uhost-instance-running", "--uhost-ids", ""][..],
            "needs UHostIds",
        ),
        (
            &[
                "uhost",
                "wait",
                "uhost-instance-running",
                "--uhost-ids",
                "uhost-a",
                "--min-delay",
                "0.000001",
            ][..],
            "shortest delay between polls, 0.1 s",
        ),
    ] {
        let refused = run(sigcal(&server, &home)
            .args(["--zone", "cn-bj2-05"])
            .args(args));
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert!(
            refused.stderr.contains(says),
            "{args:?}: {}",
            refused.stderr
        );
    }
    let unknown = run(sigcal(&server, &home).args(["uhost", "wait", "uhost-instance-runing"]));
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("uhost-instance-running"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn wait_help_lists_the_waiters_and_their_acceptors() {
    let help = run(Command::cargo_bin("sigcal")
        .unwrap()
        .args(["uhost", "wait", "--help"]));
    assert_eq!(help.code, 0, "{}", help.stderr);
    for waiter in [
        "uhost-instance-running",
        "uhost-instance-stopped",
        "uhost-instance-gone",
    ] {
        assert!(help.stdout.contains(waiter), "{}", help.stdout);
    }
    let one = run(Command::cargo_bin("sigcal").unwrap().args([
        "uhost",
        "wait",
        "uhost-instance-running",
        "--help",
    ]));
    assert!(
        one.stdout.contains("--uhost-ids") && one.stdout.contains("--max-wait"),
        "{}",
        one.stdout
    );
    assert!(
        one.stdout
            .contains(r#"failure: some UHostSet[].State is "Install Fail""#),
        "{}",
        one.stdout
    );
    let top = run(Command::cargo_bin("sigcal").unwrap().arg("--help"));
    assert!(
        top.stdout.contains("8 a wait reached a failure state"),
        "{}",
        top.stdout
    );
}

#[test]
fn wait_after_an_action_feeds_the_waiter_from_its_answer() {
    let home = home("then-wait");
    let (_runtime, fake, server) = scripted_fake(&format!(
        "StartUHostInstance:\n  - answer: {{UHostId: uhost-a}}\n{HOSTS}"
    ));
    let start = run(sigcal(&server, &home)
        .args([
            "--zone",
            "cn-bj2-05",
            "uhost",
            "start-uhost-instance",
            "--uhost-id",
            "uhost-a",
            "--wait",
        ])
        .args(FAST));
    assert_eq!(start.code, 0, "{}", start.stderr);
    // The action's answer is printed, before the wait.
    assert!(start.stdout.contains("uhost-a"), "{}", start.stdout);
    let polls = fake.requests_for("DescribeUHostInstance");
    assert_eq!(polls.len(), 2);
    assert!(
        polls
            .iter()
            .all(|p| p.param("UHostIds.0") == Some("uhost-a"))
    );

    // Without `--wait` nothing is polled; the wait's flags need it.
    fake.clear_requests();
    let alone = run(sigcal(&server, &home).args([
        "--zone",
        "cn-bj2-05",
        "uhost",
        "start-uhost-instance",
        "--uhost-id",
        "uhost-a",
    ]));
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    assert!(fake.requests_for("DescribeUHostInstance").is_empty());
    let orphan = run(sigcal(&server, &home).args([
        "--zone",
        "cn-bj2-05",
        "uhost",
        "start-uhost-instance",
        "--uhost-id",
        "uhost-a",
        "--max-wait",
        "5",
    ]));
    assert_eq!(orphan.code, 2, "{}", orphan.stderr);

    // An answer that names no host: the wait is refused rather than run over every
    // host of the account.
    let (_runtime, fake, server) =
        scripted_fake(&format!("StartUHostInstance:\n  - answer: {{}}\n{HOSTS}"));
    let nameless = run(sigcal(&server, &home)
        .args([
            "--zone",
            "cn-bj2-05",
            "uhost",
            "start-uhost-instance",
            "--uhost-id",
            "uhost-a",
            "--wait",
        ])
        .args(FAST));
    assert_eq!(nameless.code, 2, "{}", nameless.stderr);
    assert!(
        nameless
            .stderr
            .contains("--wait: the answer names nothing to wait on")
            && nameless.stderr.contains("needs UHostIds"),
        "{}",
        nameless.stderr
    );
    assert!(fake.requests_for("DescribeUHostInstance").is_empty());

    // A list in the answer becomes the waiter's list input: AllocateEIP's `EIPSet[].EIPId`.
    let (_runtime, fake, server) = scripted_fake(
        "AllocateEIP:
  - answer: {EIPSet: [{EIPId: eip-1}, {EIPId: eip-2}]}
DescribeEIP:
  - answer: {EIPSet: [{EIPId: eip-1, Status: free}, {EIPId: eip-2, Status: free}]}
",
    );
    let allocate = run(sigcal(&server, &home)
        .args([
            "unet",
            "allocate-eip",
            "--operator-name",
            "Bgp",
            "--bandwidth",
            "2",
            "--wait",
        ])
        .args(FAST));
    assert_eq!(allocate.code, 0, "{}", allocate.stderr);
    let polls = fake.requests_for("DescribeEIP");
    assert_eq!(polls.len(), 1);
    assert_eq!(
        (polls[0].param("EIPIds.0"), polls[0].param("EIPIds.1")),
        (Some("eip-1"), Some("eip-2"))
    );

    // An action no waiter follows has no `--wait`.
    let none = run(sigcal(&server, &home).args(["uhost", "describe-uhost-instance", "--wait"]));
    assert_eq!(none.code, 2, "{}", none.stderr);
}

#[test]
fn create_then_wait_against_the_stateful_fake_server_ends_when_the_host_runs() {
    let home = home("create-wait");
    let server = Server::start_with(&["--polls-until-ready", "3"]);
    let created = run(sigcal(&server, &home)
        .args([
            "--zone",
            "cn-bj2-05",
            "uhost",
            "create-uhost-instance",
            "--image-id",
            "uimage-1",
        ])
        .args([
            "--login-mode",
            "Password",
            "--password",
            "cGFzc3dvcmQ=",
            "--wait",
        ])
        .args(FAST)
        .args(["--query", "UHostIds[]"]));
    assert_eq!(created.code, 0, "{}", created.stderr);
    let ids: Vec<String> = serde_json::from_str(created.stdout.trim()).unwrap();
    assert_eq!(ids.len(), 1, "{}", created.stdout);
    let described = run(sigcal(&server, &home)
        .args([
            "--zone",
            "cn-bj2-05",
            "uhost",
            "describe-uhost-instance",
            "--uhost-ids",
            &ids[0],
        ])
        .args(["--query", "UHostSet[].State"]));
    assert_eq!(
        described.stdout.trim(),
        r#"["Running"]"#,
        "{}",
        described.stderr
    );
    let gone = run(sigcal(&server, &home)
        .args([
            "--zone",
            "cn-bj2-05",
            "uhost",
            "terminate-uhost-instance",
            "--uhost-id",
            &ids[0],
            "--wait",
        ])
        .args(FAST));
    assert_eq!(gone.code, 0, "{}", gone.stderr);
    let after = run(sigcal(&server, &home).args([
        "--zone",
        "cn-bj2-05",
        "uhost",
        "describe-uhost-instance",
        "--query",
        "UHostSet",
    ]));
    assert_eq!(after.stdout.trim(), "[]", "{}", after.stderr);
}

#[test]
fn the_fake_server_refuses_an_unknown_id_and_a_create_past_its_bound() {
    let home = home("fake-bounds");
    let server = Server::start_with(&["--max-resources-per-kind", "1"]);
    let create = || {
        run(sigcal(&server, &home)
            .args(["--zone", "cn-bj2-05", "uhost", "create-uhost-instance"])
            .args(["--image-id", "uimage-1", "--login-mode", "Password"])
            .args(["--password", "cGFzc3dvcmQ="]))
    };
    let first = create();
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = create();
    assert_ne!(second.code, 0);
    assert!(
        second.stderr.contains("7058") && second.stderr.contains("at most 1 UHostInstance"),
        "{}",
        second.stderr
    );
    let unknown = run(sigcal(&server, &home).args([
        "--zone",
        "cn-bj2-05",
        "uhost",
        "stop-uhost-instance",
        "--uhost-id",
        "uhost-never-made",
    ]));
    assert_ne!(unknown.code, 0);
    assert!(
        unknown.stderr.contains("8039")
            && unknown.stderr.contains("`uhost-never-made` does not exist"),
        "{}",
        unknown.stderr
    );
}

/// An action no reference page documents says so in its help, and a service only the
/// SDKs have (UCloudStack) is a service of its own, apart from UNet's actions of the
/// same name.
#[test]
fn an_action_from_the_sdks_says_so_and_ucloudstack_is_its_own_service() {
    let help =
        run(Command::cargo_bin("sigcal")
            .unwrap()
            .args(["ucloudstack", "allocate-eip", "--help"]));
    assert_eq!(help.code, 0, "{}", help.stderr);
    assert!(
        help.stdout
            .contains("No reference page documents this action; its parameters are those of the official SDKs (ucloud-sdk-go"),
        "{}",
        help.stdout
    );
    let unet = run(Command::cargo_bin("sigcal")
        .unwrap()
        .args(["unet", "allocate-eip", "--help"]));
    assert_eq!(unet.code, 0, "{}", unet.stderr);
    assert!(
        !unet.stdout.contains("No reference page"),
        "{}",
        unet.stdout
    );
    assert_ne!(help.stdout, unet.stdout);
}

#[test]
fn secrets_stay_out_of_dry_runs_debug_output_and_errors() {
    let server = Server::start();
    let home = home("secrets");
    let (password, disk_password, vhost_password, token) = (
        "hunter2-host-password",
        "hunter2-disk-password",
        "hunter2-vhost-pass-word",
        "secret-security-token-0001",
    );
    let create = [
        "--zone",
        "cn-bj2-05",
        "uhost",
        "create-uhost-instance",
        "--image-id",
        "uimage-1",
        "--login-mode",
        "Password",
        "--password",
        password,
        "--disk-password",
        disk_password,
    ];
    let leaked = |out: &Run| {
        [password, disk_password, vhost_password, token]
            .into_iter()
            .find(|secret| out.stdout.contains(secret) || out.stderr.contains(secret))
    };
    // A dry run shows that each secret is sent, not what it is, and no Signature.
    let out = run(sigcal(&server, &home).args(create).arg("--dry-run"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(leaked(&out), None, "{}", out.stdout);
    let shown: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(shown["Password"], "<redacted>");
    assert_eq!(shown["DiskPassword"], "<redacted>");
    assert_eq!(shown["ImageId"], "uimage-1");
    assert!(shown.get("Signature").is_none(), "{shown}");
    // The API's spelling `PassWord` is a secret too.
    let out = run(sigcal(&server, &home).args([
        "uec",
        "create-uec-vhost",
        "--pass-word",
        vhost_password,
        "--dry-run",
    ]));
    assert_eq!(leaked(&out), None, "{}{}", out.stdout, out.stderr);
    // Sent with a token under --debug: what the call did is printed, no secret is.
    let out = run(sigcal(&server, &home)
        .env("SIGCAL_SECURITY_TOKEN", token)
        .arg("--debug")
        .args(create));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("sigcal.call"), "{}", out.stderr);
    assert_eq!(leaked(&out), None, "{}", out.stderr);
    // And when it fails (nothing listens there), retried and reported: no secret either.
    let out = run(sigcal(&server, &home)
        .env("SIGCAL_SECURITY_TOKEN", token)
        .env("SIGCAL_BASE_URL", "http://127.0.0.1:1")
        .args(["--debug", "--max-attempts", "2"])
        .args(create));
    assert_ne!(out.code, 0, "{}", out.stdout);
    assert!(out.stderr.contains("connection_error"), "{}", out.stderr);
    assert_eq!(leaked(&out), None, "{}", out.stderr);
}

#[test]
fn configure_keeps_other_profiles_when_the_file_cannot_be_read() {
    let home = home("configure-unreadable");
    // Where credential.json should be, something that cannot be read as a file.
    std::fs::create_dir_all(home.join(".sigcal/credential.json/profiles")).unwrap();
    let mut child = Command::cargo_bin("sigcal")
        .unwrap()
        .env_clear()
        .env("HOME", &home)
        .args(["configure"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PUBLIC_KEY}\n{PRIVATE_KEY}\n\ncn-bj2\n\n\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("cannot read") && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(!stderr.contains(PRIVATE_KEY));
    assert!(home.join(".sigcal/credential.json/profiles").is_dir());
}
