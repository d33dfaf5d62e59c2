//! Helpers shared by the tests in `tests/tests/`: a scripted HTTP server on 127.0.0.1.
//!
//! The server is deliberately tiny (HTTP/1.1, one request per connection) so each test
//! can script exactly what the client sees: any status, any body, a delay, a dropped
//! connection.

pub mod synthetic;

/// The README's Rust examples, compiled as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;

/// The Rust examples of the crates' own READMEs (what crates.io shows), compiled too.
#[cfg(doctest)]
#[doc = include_str!("../../generated-client/README.md")]
pub struct ClientReadmeExamples;

/// The fake's README example.
#[cfg(doctest)]
#[doc = include_str!("../../fake/README.md")]
pub struct FakeReadmeExamples;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The request method (`GET`, `POST`).
    pub method: String,
    /// The request target, query included (`/meta-data/latest/region`).
    pub path: String,
    /// Request headers, names lower-cased.
    pub headers: BTreeMap<String, String>,
    /// The decoded form parameters.
    pub params: BTreeMap<String, String>,
}

/// What the server answers to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Body.
    pub body: String,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Close the connection without answering.
    pub drop_connection: bool,
    /// The `X-UCLOUD-REQUEST-UUID` header.
    pub request_id: Option<String>,
    /// The `Location` header (for redirects).
    pub location: Option<String>,
}

impl Reply {
    /// A 200 with a JSON body.
    pub fn json(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            delay: Duration::ZERO,
            drop_connection: false,
            request_id: Some("req-test-1".into()),
            location: None,
        }
    }

    /// Any status with a body.
    pub fn status(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            ..Reply::json(body)
        }
    }
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

/// A scripted server; stops when dropped.
pub struct TestServer {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering every request with `handler`.
    pub async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address: SocketAddr = listener.local_addr().expect("local address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn({
            let seen = Arc::clone(&seen);
            async move {
                while let Ok((mut socket, _)) = listener.accept().await {
                    let handler = Arc::clone(&handler);
                    let seen = Arc::clone(&seen);
                    tokio::spawn(async move {
                        let Some(request) = read_request(&mut socket).await else {
                            return;
                        };
                        let reply = handler(&request);
                        seen.lock().expect("not poisoned").push(request);
                        tokio::time::sleep(reply.delay).await;
                        if reply.drop_connection {
                            return;
                        }
                        let mut head = format!(
                            "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                            reply.status,
                            reply.body.len()
                        );
                        if let Some(to) = &reply.location {
                            head.push_str(&format!("Location: {to}\r\n"));
                        }
                        if let Some(id) = &reply.request_id {
                            head.push_str(&format!("X-UCLOUD-REQUEST-UUID: {id}\r\n"));
                        }
                        head.push_str("\r\n");
                        let _ = socket.write_all(head.as_bytes()).await;
                        let _ = socket.write_all(reply.body.as_bytes()).await;
                        let _ = socket.shutdown().await;
                    });
                }
            }
        });
        TestServer {
            url: format!("http://{address}/"),
            seen,
            task,
        }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(chunk.get(..read)?);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(buffer.get(..header_end)?).into_owned();
    let mut request_line = head.lines().next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let path = request_line.next().unwrap_or_default().to_owned();
    let headers: BTreeMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(chunk.get(..read)?);
    }
    let body = buffer.get(header_end..)?;
    let params = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Some(Seen {
        method,
        path,
        headers,
        params,
    })
}

/// The documented key pair of the protocol reference.
pub const PUBLIC_KEY: &str = "ucloudsomeone@example.com1296235120854146120";
/// The documented private key; tests check it never leaks.
pub const PRIVATE_KEY: &str = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

/// A client for `server` with the documented keys and the given retry attempts.
pub fn client_for(url: &str, attempts: u32) -> sigcal_client::Client {
    let config =
        sigcal_client::Config::builder(sigcal_client::Credentials::new(PUBLIC_KEY, PRIVATE_KEY))
            .base_url(url)
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .timeout(Duration::from_secs(5))
            .retry(sigcal_client::RetryPolicy {
                max_attempts: attempts,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(5),
            })
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .expect("valid test configuration");
    sigcal_client::Client::new(config).expect("client builds")
}

/// Fails when the checked-in file at `path` is not `fresh`; [`ensure_files_fresh`] for
/// one file.
pub fn ensure_file_contents(path: &std::path::Path, fresh: &str, command: &str) {
    ensure_files_fresh([(path, fresh)], command);
}

/// Fails when any checked-in file is not what `command` writes (its path and fresh
/// contents given). A stale file never passes: locally each stale file is first
/// rewritten, so the fix is `git add` (as rust-analyzer's `ensure_file_contents`); in
/// CI (`CI` set) the checkout is thrown away, so nothing is written and the failure
/// names `command`.
pub fn ensure_files_fresh<'a>(
    files: impl IntoIterator<Item = (&'a std::path::Path, &'a str)>,
    command: &str,
) {
    let stale: Vec<(&std::path::Path, &str)> = files
        .into_iter()
        .filter(|(path, fresh)| std::fs::read_to_string(path).ok().as_deref() != Some(*fresh))
        .collect();
    if stale.is_empty() {
        return;
    }
    let names = stale
        .iter()
        .map(|(path, _)| path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if std::env::var_os("CI").is_some() {
        panic!("stale: {names}; run `{command}` and commit");
    }
    for (path, fresh) in &stale {
        if let Err(error) = std::fs::write(path, fresh) {
            panic!(
                "{} is stale and cannot be rewritten: {error}",
                path.display()
            );
        }
    }
    panic!(
        "stale and now rewritten (as `{command}` does): {names}; review, `git add` and re-run the tests"
    );
}
