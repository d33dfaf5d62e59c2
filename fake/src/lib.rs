//! A fake SigcalCloud server driven by the generated metadata, for tests without an
//! account or a network: a dev-dependency, as mocks crates are.
//!
//! It serves every service of `sigcal-client` compiled in (or the ones you name),
//! checks signatures for real, validates every parameter against the spec's metadata,
//! and answers with data that fits each action's documented types: the reference
//! page's example where it fits, values synthesized from the types where it does not.
//! With the `uphost` feature, DescribePHostImage pages through a realistic image set.
//! Faults can be injected. Answers can be scripted per action (a fixed answer, a
//! sequence, an API error: [`Script`]), and every request received is logged for tests
//! to assert on ([`FakeServer::requests`]).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let server = sigcal_fake::FakeServer::start().await?;
//! let client = server.client();
//! # Ok(()) }
//! ```

mod answer;
#[cfg(feature = "uphost")]
mod data;
mod paging;
mod resources;
mod script;
mod sts;
mod validate;

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use rand::rngs::StdRng;
use rand::{RngExt as _, SeedableRng as _};
use serde_json::{Value, json};
use tokio::net::TcpListener;

pub use answer::{conform, synthesize};
#[cfg(feature = "uphost")]
pub use data::{default_images, load_images};
pub use resources::{
    DEFAULT_POLLS_UNTIL_READY, MAX_RESOURCES_PER_KIND, QUOTA_EXCEEDED, RESOURCE_NOT_FOUND,
    WRONG_STATE,
};
pub use script::{Reply, Script, ScriptError, yaml_problem};

use sigcal_client::meta::{ActionMeta, ServiceMeta};
#[cfg(feature = "uphost")]
use sigcal_client::uphost::PHostImageSet;
use sigcal_client::{Params, protocol};
use sigcal_protocol::retry;

/// The key pair a fake server accepts unless told otherwise.
pub const DEFAULT_PUBLIC_KEY: &str = "sigcal-fake-public-key";
/// The matching private key.
pub const DEFAULT_PRIVATE_KEY: &str = "sigcal-fake-private-key";

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Most parameters accepted in one request.
pub const MAX_PARAMS: usize = 1000;
/// Requests [`FakeServer::requests`] keeps unless told otherwise; older ones are
/// dropped, so a long-running server does not grow without bound.
pub const DEFAULT_REQUEST_LOG_LIMIT: usize = 10_000;

/// Faults to inject, each on a share (0.0 to 1.0) of requests. Which requests are hit
/// follows from `seed`: the same seed and the same order of requests inject the same
/// faults, so a run that failed can be repeated ([`FakeServer::fault_seed`] tells a
/// server's seed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Seed of the draws; unset, the server picks one.
    pub seed: Option<u64>,
    /// Delay added to the chosen share of requests.
    pub latency: Duration,
    /// Share of requests delayed by `latency`.
    pub latency_share: f64,
    /// Share answered with HTTP 503.
    pub http_503_share: f64,
    /// Share answered with RetCode 150 (service unavailable).
    pub retcode_150_share: f64,
    /// Share answered with RetCode 153 (throttled).
    pub retcode_153_share: f64,
    /// Share whose connection is closed without an answer.
    pub drop_share: f64,
}

impl Faults {
    /// Whether any fault is on (a seed alone injects nothing).
    pub fn any(&self) -> bool {
        let Faults {
            seed: _,
            latency: _,
            latency_share,
            http_503_share,
            retcode_150_share,
            retcode_153_share,
            drop_share,
        } = self;
        [
            latency_share,
            http_503_share,
            retcode_150_share,
            retcode_153_share,
            drop_share,
        ]
        .iter()
        .any(|share| **share > 0.0)
    }
}

/// How to start a [`FakeServer`].
#[derive(Debug, Clone)]
pub struct FakeServerBuilder {
    services: Vec<&'static ServiceMeta>,
    listen: SocketAddr,
    public_key: String,
    private_key: String,
    #[cfg(feature = "uphost")]
    images: Vec<PHostImageSet>,
    faults: Faults,
    script: Script,
    log_limit: usize,
    polls_until_ready: u32,
    max_resources_per_kind: usize,
}

impl Default for FakeServerBuilder {
    fn default() -> Self {
        FakeServerBuilder {
            services: sigcal_client::SERVICES.to_vec(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_key: DEFAULT_PUBLIC_KEY.to_owned(),
            private_key: DEFAULT_PRIVATE_KEY.to_owned(),
            #[cfg(feature = "uphost")]
            images: default_images(),
            faults: Faults::default(),
            script: Script::new(),
            log_limit: DEFAULT_REQUEST_LOG_LIMIT,
            polls_until_ready: DEFAULT_POLLS_UNTIL_READY,
            max_resources_per_kind: MAX_RESOURCES_PER_KIND,
        }
    }
}

impl FakeServerBuilder {
    /// Fakes only `service` (default: every service of `sigcal-client` compiled in).
    /// Code generated from your own spec has its own `SERVICE` table; pass it here and
    /// the server validates and answers its actions.
    pub fn service(self, service: &'static ServiceMeta) -> Self {
        self.services([service])
    }

    /// Fakes exactly these services. An action name two of them share is answered by
    /// the first whose parameters the request fits, those a reference page documents
    /// before those only the official SDKs have (UCloudStack's `DescribeEIP` is the
    /// private cloud's; serve UCloudStack alone to answer as it does).
    pub fn services(mut self, services: impl IntoIterator<Item = &'static ServiceMeta>) -> Self {
        self.services = services.into_iter().collect();
        self
    }

    /// Where to listen (default `127.0.0.1:0`, a free port).
    pub fn listen(mut self, address: SocketAddr) -> Self {
        self.listen = address;
        self
    }

    /// The only key pair the server accepts.
    pub fn keys(mut self, public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        self.public_key = public_key.into();
        self.private_key = private_key.into();
        self
    }

    /// The images DescribePHostImage serves (default: [`default_images`]).
    #[cfg(feature = "uphost")]
    pub fn images(mut self, images: Vec<PHostImageSet>) -> Self {
        self.images = images;
        self
    }

    /// Faults to inject.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Answers `action` with `replies`, one per request in order, the last repeating
    /// (after the usual checks of signature and parameters). Calling it again for the
    /// same action appends.
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// use sigcal_fake::{FakeServer, Reply};
    /// use serde_json::json;
    /// let server = FakeServer::builder()
    ///     .script("DescribePHost", [
    ///         Reply::answer(json!({"PHostSet": [{"PHostId": "uphost-1", "PMStatus": "Starting"}]})),
    ///         Reply::answer(json!({"PHostSet": [{"PHostId": "uphost-1", "PMStatus": "Running"}]})),
    ///     ])
    ///     .script("TerminatePHost", [Reply::error(8039, "the host is locked")])
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn script(
        mut self,
        action: impl Into<String>,
        replies: impl IntoIterator<Item = Reply>,
    ) -> Self {
        self.script.push(action, replies);
        self
    }

    /// How many of the latest requests [`FakeServer::requests`] keeps (default
    /// [`DEFAULT_REQUEST_LOG_LIMIT`]; 0 keeps none).
    pub fn request_log_limit(mut self, limit: usize) -> Self {
        self.log_limit = limit;
        self
    }

    /// The most resources of one kind the server keeps (default
    /// [`MAX_RESOURCES_PER_KIND`]); a creation past it is refused with
    /// [`QUOTA_EXCEEDED`].
    pub fn max_resources_per_kind(mut self, max: usize) -> Self {
        self.max_resources_per_kind = max;
        self
    }

    /// How many polls of its describing action a resource takes to reach the state an
    /// action moves it to, when the spec's `resources:` give that action a `via` state
    /// (`CreateUHostInstance` shows `Initializing`, then `Running`; a delete with a
    /// `via` shows it, then the resource is gone); [`DEFAULT_POLLS_UNTIL_READY`] unless
    /// set, 0 for at once. A scripted action is answered from its script and changes no
    /// resource.
    pub fn polls_until_ready(mut self, polls: u32) -> Self {
        self.polls_until_ready = polls;
        self
    }

    /// Plays `script` (from [`Script::from_yaml`], say), after what was scripted before.
    pub fn scripted(mut self, script: Script) -> Self {
        self.script.extend(script);
        self
    }

    /// Binds and starts serving in the background. A script that names an action no
    /// served service has, or an answer field the action's answer lacks, is an
    /// `InvalidInput` error listing every problem ([`ScriptError`] inside).
    pub async fn start(self) -> std::io::Result<FakeServer> {
        self.script
            .check(&self.services)
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))?;
        let listener = TcpListener::bind(self.listen).await?;
        let address = listener.local_addr()?;
        let fault_seed = self.faults.seed.unwrap_or_else(rand::random);
        let state = Arc::new(State {
            services: self.services,
            public_key: self.public_key.clone(),
            private_key: self.private_key.clone(),
            #[cfg(feature = "uphost")]
            images: self.images,
            faults: self.faults,
            fault_seed,
            draws: Mutex::new(StdRng::seed_from_u64(fault_seed)),
            requests: AtomicU64::new(0),
            issuer: sts::Issuer::default(),
            player: script::Player::new(self.script),
            log: Mutex::default(),
            log_limit: self.log_limit,
            resources: resources::Resources::new(
                self.polls_until_ready,
                self.max_resources_per_kind,
            ),
        });
        let task = tokio::spawn(serve(listener, Arc::clone(&state)));
        Ok(FakeServer {
            address,
            public_key: self.public_key,
            private_key: self.private_key,
            state,
            task,
        })
    }
}

/// A running fake server; it stops when dropped.
#[derive(Debug)]
pub struct FakeServer {
    address: SocketAddr,
    public_key: String,
    private_key: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    /// Starts a server on a free loopback port with the default keys and data.
    pub async fn start() -> std::io::Result<FakeServer> {
        FakeServer::builder().start().await
    }

    /// Configures a server before starting it.
    pub fn builder() -> FakeServerBuilder {
        FakeServerBuilder::default()
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The accepted key pair, for building clients.
    pub fn credentials(&self) -> sigcal_client::Credentials {
        sigcal_client::Credentials::new(self.public_key.clone(), self.private_key.clone())
    }

    /// The answer the server gives to a call of these parameters (the form body's pairs,
    /// `Signature` included), as it would over HTTP but without it: signature check,
    /// validation, script, resources. For fuzzing and benchmarks of the server's logic;
    /// the request is not logged.
    pub fn respond(&self, params: Params) -> serde_json::Value {
        answer(&self.state, params)
    }

    /// The services it answers.
    pub fn services(&self) -> &[&'static ServiceMeta] {
        &self.state.services
    }

    /// The seed the injected faults are drawn with: [`Faults::seed`], or the one the
    /// server picked. Start a server with it to inject the same faults again.
    pub fn fault_seed(&self) -> u64 {
        self.state.fault_seed
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// Every request received so far (the latest
    /// [`FakeServerBuilder::request_log_limit`]), in the order they arrived.
    pub fn requests(&self) -> Vec<Received> {
        self.state.lock_log().iter().cloned().collect()
    }

    /// The requests received so far for `action`.
    pub fn requests_for(&self, action: &str) -> Vec<Received> {
        self.state
            .lock_log()
            .iter()
            .filter(|request| request.action.as_deref() == Some(action))
            .cloned()
            .collect()
    }

    /// Forgets the requests received so far (the script's positions are kept).
    pub fn clear_requests(&self) {
        self.state.lock_log().clear();
    }

    /// A client for this server, with region `cn-bj2`, zone `cn-bj2-05` and project
    /// `org-fake`.
    pub fn client(&self) -> sigcal_client::Client {
        let config = sigcal_client::Config::builder(self.credentials())
            .base_url(self.url())
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .project_id("org-fake")
            .build();
        // Invariant: the URL and keys above are always valid configuration, and the
        // default transport builds wherever the platform's certificate store loads.
        sigcal_client::Client::new(config.expect("valid fake configuration"))
            .expect("HTTP client builds")
    }

    /// Serves until the task is stopped (for the standalone `sigcal fake-server`).
    pub async fn wait(self) {
        let _ = (&mut { self }.task).await;
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug)]
struct State {
    services: Vec<&'static ServiceMeta>,
    public_key: String,
    private_key: String,
    #[cfg(feature = "uphost")]
    images: Vec<PHostImageSet>,
    faults: Faults,
    fault_seed: u64,
    draws: Mutex<StdRng>,
    requests: AtomicU64,
    issuer: sts::Issuer,
    player: script::Player,
    log: Mutex<VecDeque<Received>>,
    log_limit: usize,
    resources: resources::Resources,
}

/// A request the server received, as [`FakeServer::requests`] keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Received {
    /// The `Action` parameter, if the request had one.
    pub action: Option<String>,
    /// Every parameter sent, `Signature` left out (it is checked, not kept).
    pub params: BTreeMap<String, String>,
    /// The HTTP status answered (0 when the connection was dropped on purpose).
    pub status: u16,
    /// The RetCode answered, when the answer had one.
    pub ret_code: Option<i64>,
    /// The `X-UCLOUD-REQUEST-UUID` answered.
    pub request_id: String,
}

impl Received {
    /// The parameter `key` as sent.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str)
    }
}

impl State {
    /// Whether a fault injected on `share` of requests hits this one. A share of zero
    /// draws nothing, so faults that are off leave the others' draws as they were.
    fn draw(&self, share: f64) -> bool {
        if share <= 0.0 {
            return false;
        }
        let mut draws = self
            .draws
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        draws.random::<f64>() < share
    }

    fn lock_log(&self) -> std::sync::MutexGuard<'_, VecDeque<Received>> {
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn record(&self, received: Received) {
        if self.log_limit == 0 {
            return;
        }
        let mut log = self.lock_log();
        if log.len() >= self.log_limit {
            log.pop_front();
        }
        log.push_back(received);
    }
}

/// The first pause after a failed `accept`, doubled on each failure in a row.
const ACCEPT_PAUSE_MIN: Duration = Duration::from_millis(10);
/// The longest pause after failed `accept`s.
const ACCEPT_PAUSE_MAX: Duration = Duration::from_secs(1);

async fn serve(listener: TcpListener, state: Arc<State>) {
    let mut pause = ACCEPT_PAUSE_MIN;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                pause = ACCEPT_PAUSE_MIN;
                stream
            }
            Err(_) => {
                // Out of file descriptors (or another failure that lasts): accepting
                // again at once would fail again at once, spinning a core. Wait,
                // longer each time, for connections to close.
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(ACCEPT_PAUSE_MAX);
                continue;
            }
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { handle(&state, request).await }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

/// Why a request gets no answer at all.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

async fn handle(
    state: &State,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let number = state.requests.fetch_add(1, Ordering::Relaxed);
    let request_id = format!("fake-{number:08}-{:08x}", rand::random::<u32>());
    let query = request.uri().query().unwrap_or("").to_owned();
    let body = Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
        .map(|body| body.to_bytes());
    let mut params = Params::new();
    let mut too_many = false;
    if let Ok(body) = &body {
        for (count, (key, value)) in form_urlencoded::parse(query.as_bytes())
            .chain(form_urlencoded::parse(body))
            .enumerate()
        {
            if count >= MAX_PARAMS {
                too_many = true;
                break;
            }
            params.insert(key, value);
        }
    }
    let mut received = Received {
        action: params.get(protocol::ACTION).map(str::to_owned),
        params: params
            .iter()
            .filter(|(key, _)| *key != protocol::SIGNATURE)
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect(),
        status: 200,
        ret_code: None,
        request_id: request_id.clone(),
    };
    let (status, answer) = match body {
        Err(_) => (413, json!("request body too large")),
        Ok(_) => match injected(state).await {
            Err(Dropped) => {
                received.status = 0;
                state.record(received);
                return Err(Dropped);
            }
            Ok(Some(fault)) => fault,
            Ok(None) if too_many => (
                200,
                error(
                    None,
                    230,
                    format!("too many parameters (at most {MAX_PARAMS})"),
                ),
            ),
            Ok(None) => (200, answer(state, params)),
        },
    };
    received.status = status;
    received.ret_code = answer.get(protocol::RET_CODE).and_then(Value::as_i64);
    state.record(received);
    Ok(reply(status, &request_id, answer))
}

/// The injected fault for this request, if one is drawn: a delay first, then a dropped
/// connection, HTTP 503, or RetCode 150 or 153.
async fn injected(state: &State) -> Result<Option<(u16, Value)>, Dropped> {
    let faults = &state.faults;
    if state.draw(faults.latency_share) {
        tokio::time::sleep(faults.latency).await;
    }
    if state.draw(faults.drop_share) {
        return Err(Dropped);
    }
    if state.draw(faults.http_503_share) {
        return Ok(Some((503, json!("service unavailable (injected)"))));
    }
    for (share, code, message) in [
        (
            faults.retcode_150_share,
            retry::SERVICE_UNAVAILABLE,
            "Service temporarily unavailable, retry later (injected)",
        ),
        (
            faults.retcode_153_share,
            retry::THROTTLED,
            "Request throttled (injected)",
        ),
    ] {
        if state.draw(share) {
            return Ok(Some((
                200,
                json!({protocol::RET_CODE: code, protocol::MESSAGE: message}),
            )));
        }
    }
    Ok(None)
}

/// The whole protocol: signature first, then the action, then its parameters.
fn answer(state: &State, mut params: Params) -> Value {
    let action = params.get(protocol::ACTION).map(str::to_owned);
    let Some(signature) = params.remove(protocol::SIGNATURE) else {
        return error(action.as_deref(), 170, "Missing signature".into());
    };
    let private_key = match state.issuer.private_key_for(&params) {
        Some(Ok(private_key)) => private_key,
        Some(Err((code, message))) => return error(action.as_deref(), code, message),
        None => match params.get(protocol::PUBLIC_KEY) {
            Some(key) if key == state.public_key => state.private_key.clone(),
            _ => return error(action.as_deref(), 172, "User not exist".into()),
        },
    };
    if sigcal_client::signer::sign(&params, &private_key) != signature.to_ascii_lowercase() {
        return error(action.as_deref(), 171, "Signature VerifyAC Error".into());
    }
    let Some(action) = action else {
        return error(None, 160, "Missing Action".into());
    };
    let candidates = candidates(&state.services, &action);
    let mut first_problem = None;
    let mut chosen = None;
    for (service, meta) in candidates {
        match validate::params(service, meta, &params) {
            Ok(()) => {
                chosen = Some((service, meta));
                break;
            }
            Err(problem) => {
                first_problem.get_or_insert(problem);
            }
        }
    }
    let Some((service, meta)) = chosen else {
        return match first_problem {
            Some(problem) => error(Some(&action), 230, problem),
            None => error(
                Some(&action),
                sigcal_protocol::ret_codes::NO_SUCH_ACTION,
                format!("Action [{action}] not found"),
            ),
        };
    };
    // Scripted under the action's name or the spelling the request used.
    let scripted = state
        .player
        .next(meta.name)
        .or_else(|| state.player.next(&action));
    let mut body = match scripted {
        Some(script::Reply::Answer(fields)) => fields,
        Some(script::Reply::Error { ret_code, message }) => {
            return error(Some(&action), ret_code, message);
        }
        None => {
            if let Err((ret_code, message)) = state.resources.check(service, meta, &params) {
                return error(Some(&action), ret_code, message);
            }
            let mut body = match respond(state, service, meta, &params) {
                Ok(body) => body,
                Err((ret_code, message)) => return error(Some(&action), ret_code, message),
            };
            if let Err((ret_code, message)) =
                state.resources.apply(service, meta, &params, &mut body)
            {
                return error(Some(&action), ret_code, message);
            }
            body
        }
    };
    if let Value::Object(map) = &mut body {
        map.insert(
            protocol::ACTION.into(),
            json!(protocol::response_action(&action)),
        );
        map.insert(protocol::RET_CODE.into(), json!(0));
    }
    body
}

/// The answer's own fields: the image set for UPHost's DescribePHostImage, otherwise
/// the page's example conformed to the response types, paged when the action pages.
fn respond(
    state: &State,
    service: &'static ServiceMeta,
    meta: &'static ActionMeta,
    params: &Params,
) -> Result<Value, sts::Refusal> {
    #[cfg(feature = "uphost")]
    if service.name == "UPHost" && meta.name == "DescribePHostImage" {
        return Ok(data::describe_phost_image(&state.images, params));
    }
    if service.name == "STS" && meta.name == "AssumeRole" {
        return state.issuer.assume_role(params);
    }
    Ok(answer::respond(service, meta, params))
}

/// The served actions named `action`, in the order the server tries them: those a
/// reference page documents first, then those only the official SDKs have (UCloudStack,
/// the private cloud, shares `DescribeEIP` and others with the public cloud's services,
/// whose calls the server answers unless it serves UCloudStack alone); each group in
/// the order the services were given.
pub(crate) fn candidates(
    services: &[&'static ServiceMeta],
    action: &str,
) -> Vec<(&'static ServiceMeta, &'static ActionMeta)> {
    let mut found: Vec<(&'static ServiceMeta, &'static ActionMeta)> = services
        .iter()
        .filter_map(|service| service.action(action).map(|meta| (*service, meta)))
        .collect();
    found.sort_by_key(|(_, meta)| meta.from_sdk.is_some());
    found
}

fn error(action: Option<&str>, ret_code: i64, message: String) -> Value {
    let action = action.map_or_else(|| protocol::response_action(""), protocol::response_action);
    json!({protocol::ACTION: action, protocol::RET_CODE: ret_code, protocol::MESSAGE: message})
}

fn reply(status: u16, request_id: &str, body: Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        "Content-Type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = hyper::header::HeaderValue::from_str(request_id) {
        headers.insert(protocol::REQUEST_ID_HEADER, value);
    }
    response
}
