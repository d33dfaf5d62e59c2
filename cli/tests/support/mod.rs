//! What the tests of `sigcal` share: the fake server (as a process, or in this process
//! to read what it was sent), a `sigcal` command against it, and a run's outcome.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a panic is a failed test, and not every test file uses each one"
)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use assert_cmd::prelude::*;

pub const PUBLIC_KEY: &str = "cli-test-public";
pub const PRIVATE_KEY: &str = "cli-test-private-key-0123456789";

/// `sigcal fake-server` as its own process; killed on drop.
pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// The fake server with more `sigcal fake-server` flags.
    pub fn start_with(flags: &[&str]) -> Server {
        let mut child = Command::cargo_bin("sigcal")
            .unwrap()
            .args([
                "fake-server",
                "--listen",
                "127.0.0.1:0",
                "--public-key",
                PUBLIC_KEY,
                "--private-key",
                PRIVATE_KEY,
            ])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .to_owned();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `sigcal` invocation with an empty HOME and the test keys in the environment.
pub fn sigcal(server: &Server, home: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("sigcal").unwrap();
    command
        .env_clear()
        .env("HOME", home)
        .env("SIGCAL_PUBLIC_KEY", PUBLIC_KEY)
        .env("SIGCAL_PRIVATE_KEY", PRIVATE_KEY)
        .env("SIGCAL_BASE_URL", &server.url)
        .env("SIGCAL_REGION", "cn-bj2");
    command
}

pub fn home(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sigcal-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(command: &mut Command) -> Run {
    let output = command.output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(PRIVATE_KEY) && !run.stderr.contains(PRIVATE_KEY),
        "private key leaked: {} {}",
        run.stdout,
        run.stderr
    );
    run
}

/// The fake server in this process (so the test can read what it was sent), scripted.
pub fn scripted_fake(script: &str) -> (tokio::runtime::Runtime, sigcal_fake::FakeServer, Server) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let script = sigcal_fake::Script::from_yaml("test script", script).unwrap();
    let fake = runtime
        .block_on(
            sigcal_fake::FakeServer::builder()
                .keys(PUBLIC_KEY, PRIVATE_KEY)
                .scripted(script)
                .start(),
        )
        .unwrap();
    // A `Server` whose child is a process that is already gone, so only its URL is used.
    let child = Command::new("true").spawn().unwrap();
    let url = fake.url();
    (runtime, fake, Server { child, url })
}
