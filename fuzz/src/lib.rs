//! One function per reader of outside input, each the body of a fuzz target
//! (`fuzz_targets/`): it must return, whatever the bytes, and never panic. The readers
//! are reached through their public entries where they have one (a client whose
//! transport answers with the input, a fake server answering in process, the
//! configuration builder over files), so what is fuzzed is what users run.
//!
//! `fuzz/run.sh` builds and runs them (smoke in CI, long by hand); seeds come from
//! `spec/`, the reference pages and `fuzz/seeds/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "set-up of the harness, not the code under test: a failure there is no finding"
)]

// The `sigcal` tool's own readers of flags, `--query` paths and input documents, by path:
// its library links every service, which would multiply this crate's instrumented build.
#[allow(dead_code, reason = "the harness uses part of the binary's module")]
#[path = "../../cli/src/command.rs"]
mod command;
#[allow(
    dead_code,
    unused_imports,
    reason = "the harness uses part of the binary's module"
)]
#[path = "../../cli/src/output.rs"]
mod output;
#[allow(dead_code, reason = "the harness uses part of the binary's module")]
#[path = "../../cli/src/input.rs"]
mod input;
#[allow(dead_code, reason = "the harness uses part of the binary's module")]
#[path = "../../cli/src/render.rs"]
mod render;
#[allow(dead_code, reason = "the harness uses part of the binary's module")]
#[path = "../../cli/src/params.rs"]
mod params;
#[allow(
    dead_code,
    unused_imports,
    reason = "the harness uses part of the binary's module"
)]
#[path = "../../cli/src/values.rs"]
mod values;
#[allow(dead_code, reason = "the harness uses part of the binary's module")]
#[path = "../../cli/src/wait.rs"]
mod wait;

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use sigcal_client::credentials::{AssumeRoleProvider, ProvideCredentials as _};
use sigcal_client::meta::ServiceMeta;
use sigcal_client::transport::{HttpRequest, HttpResponse, Transport, TransportFuture};
use sigcal_client::{Client, Config, Credentials, Params};

/// Text of the input, when it is UTF-8 (most readers take text).
fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The input split at its first byte `0`: two documents from one input.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// A spec: loaded and validated, and when it validates, lowered and emitted.
pub fn spec_load(data: &[u8]) {
    let Some(source) = text(data) else { return };
    if let Ok(spec) = sigcal_codegen::Spec::parse("fuzz.yaml", source) {
        let _ = sigcal_codegen::generate(&spec, &sigcal_codegen::Options::default());
    }
}

/// A reference page (Markdown), imported alone and beside a second one.
pub fn page_import(data: &[u8]) {
    let (first, second) = split(data);
    let (Some(first), Some(second)) = (text(first), text(second)) else {
        return;
    };
    let mut pages = vec![("fuzz/first.md".to_owned(), first.to_owned())];
    if !second.is_empty() {
        pages.push(("fuzz/second.md".to_owned(), second.to_owned()));
    }
    let _ = sigcal_codegen::import::import_pages(&pages, "Fuzz");
}

thread_local! {
    /// What the transport answers: the input under test.
    static ANSWER: RefCell<(u16, Vec<u8>)> = const { RefCell::new((200, Vec::new())) };
}

/// A transport that answers every request with the current input.
#[derive(Debug)]
struct Answers;

impl Transport for Answers {
    fn send(&self, _: HttpRequest) -> TransportFuture<'_> {
        let (status, body) = ANSWER.with(|answer| answer.borrow().clone());
        Box::pin(async move {
            Ok(HttpResponse {
                location: None,
                status,
                request_id: Some("fuzz".to_owned()),
                body,
            })
        })
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    })
}

fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let config = Config::builder(Credentials::new("fuzz-public", "fuzz-private"))
            .base_url("http://127.0.0.1:9/")
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .profile_dir("/nonexistent-sigcal-fuzz")
            .max_attempts(1)
            .build()
            .unwrap();
        Client::with_transport(config, Arc::new(Answers))
    })
}

/// An answer of the API, as each kind of call reads it: the envelope, a typed response
/// (lenient decoding, field paths), a raw JSON answer, and the pages of a list. The
/// first byte picks the HTTP status's class, so error answers are quoted too.
pub fn answer_decode(data: &[u8]) {
    let Some((first, body)) = data.split_first() else {
        return;
    };
    let status = match first % 4 {
        0 => 503,
        1 => 404,
        _ => 200,
    };
    ANSWER.with(|answer| *answer.borrow_mut() = (status, body.to_vec()));
    let client = client();
    runtime().block_on(async {
        use futures_util::StreamExt as _;
        let _ = client
            .send(sigcal_client::uhost::DescribeUHostInstanceRequest::default())
            .await;
        let _ = client
            .send(sigcal_client::uphost::DescribePHostImageRequest::default())
            .await;
        let _ = client
            .send_raw(
                "DescribeUHostInstance",
                Params::new(),
                true,
                &Default::default(),
            )
            .await;
        // Paging reads `TotalCount` and the list; a hostile answer must end it.
        let pages = client
            .pages(sigcal_client::uphost::DescribePHostImageRequest::default())
            .take(3)
            .collect::<Vec<_>>()
            .await;
        drop(pages);
    });
    let _ = sigcal_protocol::secrets::redact_json(&String::from_utf8_lossy(body));
}

/// A credentials answer: the instance metadata service's (v1 and v2) and STS
/// `AssumeRole`'s, as the providers read them: the input as it is, and, when it is a
/// JSON object, again with every secret member's value replaced by a marker no message
/// could hold by chance; no error may quote a marker.
pub fn credentials_answer(data: &[u8]) {
    read_credentials(data);
    if let Some((marked, markers)) = mark_secrets(data) {
        for message in read_credentials(&marked) {
            for marker in &markers {
                assert!(
                    !message.contains(marker.as_str()),
                    "a secret quoted in: {message}"
                );
            }
        }
    }
}

/// The error messages (with their causes) of every reader of `answer`.
fn read_credentials(answer: &[u8]) -> Vec<String> {
    let mut messages = Vec::new();
    for v2 in [false, true] {
        if let Err(message) = sigcal_client::fuzzing::instance_metadata_answer(v2, answer) {
            messages.push(message);
        }
    }
    ANSWER.with(|current| *current.borrow_mut() = (200, answer.to_vec()));
    let provider = AssumeRoleProvider::new(client().clone(), "ucs:iam::1:role/fuzz", "fuzz");
    if let Err(error) = runtime().block_on(provider.provide_credentials()) {
        let mut message = format!("{error} {error:?}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        messages.push(message);
    }
    messages
}

/// `answer` with the value of every member whose name is a secret's (at any depth)
/// replaced by a marker of its own, and the markers; `None` when it is not a JSON
/// object.
fn mark_secrets(answer: &[u8]) -> Option<(Vec<u8>, Vec<String>)> {
    fn walk(value: &mut serde_json::Value, markers: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, member) in map.iter_mut() {
                    if sigcal_protocol::secrets::is_secret_name(key) && !member.is_object() {
                        // Fresh each time: libFuzzer learns the strings a target compares
                        // with and would plant a fixed marker elsewhere in its inputs.
                        let marker = format!("secret{:016x}", fresh());
                        *member = serde_json::Value::String(marker.clone());
                        markers.push(marker);
                    } else {
                        walk(member, markers);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, markers);
                }
            }
            _ => {}
        }
    }
    /// A random number, another one each call.
    fn fresh() -> u64 {
        use std::hash::{BuildHasher as _, Hasher as _};
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    }
    let mut value: serde_json::Value = serde_json::from_slice(answer).ok()?;
    if !value.is_object() {
        return None;
    }
    let mut markers = Vec::new();
    walk(&mut value, &mut markers);
    if markers.is_empty() {
        return None;
    }
    Some((serde_json::to_vec(&value).ok()?, markers))
}

/// The profile files (`config.json`, `credential.json`: the input's two halves) and the
/// `SIGCAL_*` variables (the input's lines), as the configuration builder reads them.
pub fn profile_and_env(data: &[u8]) {
    thread_local! {
        static DIR: std::path::PathBuf = {
            let dir = std::env::temp_dir()
                .join(format!("sigcal-fuzz-profile-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            dir
        };
    }
    let (config, credential) = split(data);
    DIR.with(|dir| {
        std::fs::write(dir.join("config.json"), config).unwrap();
        std::fs::write(dir.join("credential.json"), credential).unwrap();
        let _ = sigcal_client::ConfigBuilder::default()
            .profile_dir(dir)
            .build();
        let _ = sigcal_client::ConfigBuilder::default()
            .profile_dir(dir)
            .profile("default")
            .build();
    });
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let values: Vec<(&str, &str)> = sigcal_protocol::config::VARS
        .iter()
        .map(|name| (*name, lines.next().unwrap_or_default()))
        .collect();
    let _ = sigcal_client::ConfigBuilder::default()
        .profile_dir("/nonexistent-sigcal-fuzz")
        .load_env_from(|name| {
            values
                .iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| (*value).to_owned())
                .filter(|value| !value.is_empty())
        })
        .build();
}

/// Inputs one fake server answers before a fresh one takes over: what a request
/// creates stays, so a server kept for the whole run would answer each input from the
/// pile of every earlier one (and a target should depend on its input alone).
const FAKE_SERVES: u32 = 1_000;

thread_local! {
    static FAKE: RefCell<Option<(sigcal_fake::FakeServer, u32)>> = const { RefCell::new(None) };
}

/// A request to the fake server: the input is the form body; it is signed with the
/// server's key (else only the signature check would ever run), then answered as the
/// server answers it (validation, scripts, resources).
pub fn fake_request(data: &[u8]) {
    FAKE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot
            .as_ref()
            .is_none_or(|(_, served)| *served >= FAKE_SERVES)
        {
            let fresh = runtime()
                .block_on(sigcal_fake::FakeServer::start())
                .unwrap();
            *slot = Some((fresh, 0));
        }
        if let Some((fake, served)) = slot.as_mut() {
            *served += 1;
            answer_request(fake, data);
        }
    });
}

fn answer_request(fake: &sigcal_fake::FakeServer, data: &[u8]) {
    let credentials = fake.credentials();
    let mut params: Params = form_urlencoded::parse(data)
        .take(2_000)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    params.insert(
        sigcal_client::protocol::PUBLIC_KEY,
        credentials.public_key(),
    );
    params.remove(sigcal_client::protocol::SIGNATURE);
    let signature = sigcal_client::signer::sign(&params, credentials.private_key());
    params.insert(sigcal_client::protocol::SIGNATURE, signature);
    let _guard = runtime().enter();
    let _ = fake.respond(params);
}

/// A script file of the fake server (YAML), read and checked against the services.
pub fn fake_script(data: &[u8]) {
    let Some(source) = text(data) else { return };
    if let Ok(script) = sigcal_fake::Script::from_yaml("fuzz.yaml", source) {
        let _ = script.check(&[
            &sigcal_client::uhost::SERVICE,
            &sigcal_client::uphost::SERVICE,
            &sigcal_client::sts::SERVICE,
        ]);
    }
}

/// A `sigcal` command line (the input's lines are the arguments) as the tool parses
/// it: clap with the flags built from the metadata, then every flag value read into
/// request parameters; and a `--query` path (the first line) over an answer (the
/// rest, as JSON).
pub fn cli_args(data: &[u8]) {
    let Some(source) = text(data) else { return };
    let services: [&'static ServiceMeta; 2] = [
        &sigcal_client::uhost::SERVICE,
        &sigcal_client::uphost::SERVICE,
    ];
    let args: Vec<&str> = std::iter::once("sigcal").chain(source.lines()).collect();
    let os_args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    let detailed = command::requested_service(&services, &os_args);
    if let Ok(matches) = command::build(&services, detailed).try_get_matches_from(&os_args)
        && let Some((service_name, service_matches)) = matches.subcommand()
        && let Some(service) = command::service_named(&services, service_name)
        && let Some((action_name, action_matches)) = service_matches.subcommand()
        && let Some(action) = service
            .actions
            .iter()
            .find(|a| command::subcommand_name(a) == action_name)
    {
        let _ = params::collect(service, action, action_matches);
    }
    let mut lines = source.splitn(2, '\n');
    let (Some(path), Some(answer)) = (lines.next(), lines.next()) else {
        return;
    };
    if let Ok(path) = sigcal_protocol::path::Path::parse(path)
        && let Ok(answer) = serde_json::from_str::<serde_json::Value>(answer)
    {
        let _ = output::query(&answer, &path);
        let _ = sigcal_client::meta::values_at(&answer, &path.to_string());
    }
}

/// `sigcal … --cli-input-json|--cli-input-yaml`: the first byte picks the syntax, the rest
/// is the document, checked against a few actions of UHost and UPHost (models, lists,
/// enums, required fields). Whatever the document, the reader returns problems or
/// parameters, and every parameter it returns is under a parameter of the action.
pub fn cli_input(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = text(rest) else { return };
    let syntax = if first % 2 == 0 {
        input::Syntax::Json
    } else {
        input::Syntax::Yaml
    };
    let Ok(document) = input::parse("input", text, syntax) else {
        return;
    };
    for (service, action) in [
        (&sigcal_client::uhost::SERVICE, "CreateUHostInstance"),
        (&sigcal_client::uhost::SERVICE, "DescribeUHostInstance"),
        (&sigcal_client::uphost::SERVICE, "CreatePHost"),
    ] {
        let Some(action) = service.action(action) else {
            continue;
        };
        let given = |name: &str| name.len() % 7 == usize::from(first % 7);
        if let Ok(params) = input::flatten("input", &document, service, action, given) {
            for key in params.keys() {
                let name = key.split('.').next().unwrap_or_default();
                assert!(
                    action.params.iter().any(|p| p.name == name),
                    "{key} is not under a parameter of {}",
                    action.name
                );
            }
        }
    }
}
