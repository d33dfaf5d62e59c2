//! The client: fills, checks, signs and sends requests, decodes answers, retries.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::stream::BoxStream;
use tokio::time::Instant;

use crate::config::Config;
use crate::credentials::{
    Credentials, CredentialsCache, CredentialsError, ProvideCredentials as _,
};
use crate::error::{Error, excerpt};
use crate::interceptor::{AttemptReport, CallContext, CallReport};
#[cfg(feature = "metadata")]
use crate::meta::PaginationMeta;
use crate::protocol::{self, Pager, RawPage};
use crate::request::{ItemOf, ListResponse as _, Paginated, Request};
use crate::retry::{TokenBucket, backoff};
use crate::transport::{HttpRequest, ReqwestTransport, Transport, TransportError};
use crate::wire::Params;
use sigcal_protocol::retry::ret_code_refuses_credentials;

/// How many bytes of a body an error message quotes.
const EXCERPT_BYTES: usize = 256;

/// A SigcalCloud client. Cheap to clone: clones share the connection pool, the
/// credentials cache and the retry budget.
#[derive(Debug, Clone)]
pub struct Client {
    config: Arc<Config>,
    transport: Arc<dyn Transport>,
    credentials: Arc<CredentialsCache>,
    retry_budget: Arc<TokenBucket>,
    user_agent: Arc<str>,
}

/// Settings for one call that override the client's.
///
/// ```
/// use std::time::Duration;
/// use sigcal_client::CallOptions;
///
/// let options = CallOptions::new()
///     .deadline(Duration::from_secs(20))
///     .max_attempts(4)
///     .retry_unsafe(true);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Total time allowed for each attempt of this call.
    pub timeout: Option<Duration>,
    /// Time allowed for the whole call, every attempt and backoff included.
    pub deadline: Option<Duration>,
    /// Attempts in all for this call.
    pub max_attempts: Option<u32>,
    /// Retry even though the action changes something (`Create*`, `Terminate*`, …).
    /// Only set this when repeating the call is known to be harmless.
    pub retry_unsafe: bool,
    /// The service the action belongs to (its wire name, `UHost`), for the call's span
    /// and the hooks. Generated calls set it; raw calls may.
    pub service: Option<&'static str>,
}

impl CallOptions {
    /// The client's settings, unchanged.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// Time allowed for each attempt of this call (the client's timeout otherwise).
    pub fn timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for the whole call, every attempt and backoff included (the
    /// client's deadline otherwise).
    pub fn deadline(mut self, deadline: Duration) -> CallOptions {
        self.deadline = Some(deadline);
        self
    }

    /// Attempts in all for this call (the client's retry policy otherwise).
    pub fn max_attempts(mut self, attempts: u32) -> CallOptions {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Retries this call even though its action changes something. Only set this when
    /// repeating the call is known to be harmless.
    pub fn retry_unsafe(mut self, retry_unsafe: bool) -> CallOptions {
        self.retry_unsafe = retry_unsafe;
        self
    }

    /// Names the service the action belongs to (its wire name, `UHost`) in the call's
    /// span and in what the hooks are given. Generated calls set it themselves.
    pub fn service(mut self, service: &'static str) -> CallOptions {
        self.service = Some(service);
        self
    }
}

/// An answer the runtime has checked: its body, request id and HTTP status.
struct Answer {
    body: Vec<u8>,
    request_id: Option<String>,
    status: u16,
}

/// A decoded answer and the request id the server gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Output<T> {
    data: T,
    request_id: Option<String>,
}

impl<T> Output<T> {
    /// An answer as a call returns it (for tests, and for polling something other than
    /// a call with [`crate::waiter::poll_until`]).
    pub fn new(data: T, request_id: Option<String>) -> Output<T> {
        Output { data, request_id }
    }

    /// The `X-UCLOUD-REQUEST-UUID` of the call, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The decoded answer.
    pub fn into_inner(self) -> T {
        self.data
    }
}

impl<T> std::ops::Deref for Output<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

impl Client {
    /// A client with the default transport (reqwest over rustls).
    pub fn new(config: Config) -> Result<Client, Error> {
        let transport = ReqwestTransport::new(config.connect_timeout)?;
        Ok(Client::with_transport(config, Arc::new(transport)))
    }

    /// A client configured from the environment and the profile files.
    pub fn from_env() -> Result<Client, Error> {
        Client::new(Config::from_env()?)
    }

    /// A client that sends through `transport` (to intercept or fake requests).
    pub fn with_transport(config: Config, transport: Arc<dyn Transport>) -> Client {
        let credentials = CredentialsCache::new(config.credentials.clone())
            .with_time_source(Arc::clone(&config.time_source));
        Client {
            retry_budget: Arc::new(TokenBucket::new(config.retry_budget)),
            user_agent: config.user_agent().into(),
            credentials: Arc::new(credentials),
            config: Arc::new(config),
            transport,
        }
    }

    /// A client configured from the default credentials chain (environment, profile
    /// files, instance metadata service), the `SIGCAL_*` variables and the profile
    /// files. On a host whose role gave the credentials, the host's region, zone and
    /// project and the internal endpoint fill what the environment and the profile leave
    /// unset. Fails, naming every source tried, when none has credentials.
    pub async fn from_default_chain() -> Result<Client, Error> {
        Client::new(Config::from_default_chain().await?)
    }

    /// Tokens left in the client's retry budget ([`crate::RetryBudget`]).
    pub fn retry_tokens(&self) -> u32 {
        self.retry_budget.tokens()
    }

    /// Credentials that are valid now, from the client's cache (refreshed when due).
    pub async fn credentials(&self) -> Result<Arc<Credentials>, Error> {
        self.credentials
            .credentials()
            .await
            .map_err(|source| Error::Credentials { source })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends a request and decodes its answer.
    pub async fn send<R: Request>(&self, request: R) -> Result<Output<R::Response>, Error> {
        self.send_with(request, &CallOptions::default()).await
    }

    /// Sends a request with per-call options.
    pub async fn send_with<R: Request>(
        &self,
        request: R,
        options: &CallOptions,
    ) -> Result<Output<R::Response>, Error> {
        let params = self.prepare(&request)?;
        let answer = self
            .execute(R::ACTION, R::RETRY_SAFE, params, options)
            .await?;
        decode::<R::Response>(R::ACTION, answer)
    }

    /// The flat, signed parameters of a request, `Signature` included, exactly as they
    /// would be sent (interceptors run, credentials loaded). Fails before sending when a
    /// required parameter is missing.
    pub async fn signed_params<R: Request>(&self, request: &R) -> Result<Params, Error> {
        let params = self.prepare(request)?;
        self.sign_prepared(R::ACTION, params).await
    }

    /// Fills `params` for an action described by metadata rather than a type (the
    /// command-line tool): the configuration fills the action's config parameters that
    /// are unset, then every required parameter must be present. Nothing is sent.
    pub fn complete_raw<'a>(
        &self,
        action: &str,
        takes: impl IntoIterator<Item = &'a str>,
        required: impl IntoIterator<Item = &'a str>,
        params: &mut Params,
    ) -> Result<(), Error> {
        protocol::fill_from_config(&self.config, takes, params);
        protocol::check_required(action, required, params)
    }

    /// Signs raw parameters for `action` as they would be sent: interceptors run,
    /// `Action`, `PublicKey`, `SecurityToken` (for temporary credentials) and `Signature`
    /// added. The private key is not among them.
    pub async fn sign_raw(&self, action: &str, mut params: Params) -> Result<Params, Error> {
        params.insert(protocol::ACTION, action);
        self.sign_prepared(action, params).await
    }

    async fn sign_prepared(&self, action: &str, mut params: Params) -> Result<Params, Error> {
        // Signing alone is no call of a service client: the hooks are told no service.
        self.before_signing(None, action, &mut params)?;
        let credentials = self.credentials().await?;
        add_credentials(&mut params, &credentials);
        let signature = crate::signer::sign(&params, credentials.private_key());
        params.insert(protocol::SIGNATURE, signature);
        Ok(params)
    }

    /// Sends raw parameters for `action` and returns the JSON answer; used by the
    /// command-line tool, which works from metadata rather than types.
    pub async fn send_raw(
        &self,
        action: &str,
        params: Params,
        retry_safe: bool,
        options: &CallOptions,
    ) -> Result<Output<serde_json::Value>, Error> {
        let mut params = params;
        params.insert(protocol::ACTION, action);
        let answer = self.execute(action, retry_safe, params, options).await?;
        decode::<serde_json::Value>(action, answer)
    }

    /// Every page of a paginated action described by metadata, as JSON answers; the
    /// same paging rules as [`Client::pages`]; `paging` names the request's and the
    /// answer's paging fields. With the `metadata` feature.
    #[cfg(feature = "metadata")]
    pub fn pages_raw<'a>(
        &'a self,
        action: &'a str,
        params: Params,
        retry_safe: bool,
        paging: PaginationMeta,
        options: CallOptions,
    ) -> BoxStream<'a, Result<Output<serde_json::Value>, Error>> {
        use futures_util::StreamExt as _;
        let start = params
            .get(paging.offset)
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        let limit = params.get(paging.limit).and_then(|l| l.parse().ok());
        let pager = Pager::new(start, limit);
        futures_util::stream::try_unfold(
            (pager, params, options),
            move |(mut pager, mut params, options)| async move {
                let Some((offset, limit)) = pager.next_window() else {
                    return Ok(None);
                };
                params.insert(paging.offset, offset.to_string());
                params.insert(paging.limit, limit.to_string());
                let mut call = params.clone();
                call.insert(protocol::ACTION, action);
                let answer = self.execute(action, retry_safe, call, &options).await?;
                let raw = read_page(action, &answer, paging.items, paging.total)?;
                let output = decode::<serde_json::Value>(action, answer)?;
                pager.advance(action, &raw)?;
                Ok(Some((output, (pager, params, options))))
            },
        )
        .boxed()
    }

    /// A stream of pages: each item is one decoded response's items and the total.
    pub fn pages<'a, R>(&'a self, request: R) -> BoxStream<'a, Result<Page<ItemOf<R>>, Error>>
    where
        R: Paginated + Send + 'a,
        ItemOf<R>: Send,
        R::Response: Send,
    {
        self.pages_with(request, CallOptions::default())
    }

    /// [`Client::pages`] with per-call options, applied to every page's call.
    pub fn pages_with<'a, R>(
        &'a self,
        request: R,
        options: CallOptions,
    ) -> BoxStream<'a, Result<Page<ItemOf<R>>, Error>>
    where
        R: Paginated + Send + 'a,
        ItemOf<R>: Send,
        R::Response: Send,
    {
        use futures_util::StreamExt as _;
        let pager = Pager::new(request.offset(), request.limit());
        futures_util::stream::try_unfold(
            (pager, request, options),
            move |(mut pager, mut request, options)| async move {
                let Some((offset, limit)) = pager.next_window() else {
                    return Ok(None);
                };
                request.set_page(offset, limit);
                let params = self.prepare(&request)?;
                let answer = self
                    .execute(R::ACTION, R::RETRY_SAFE, params, &options)
                    .await?;
                // Paging counts the elements as sent: lenient decoding may drop a
                // malformed one, which must not end paging early.
                let raw = read_page(R::ACTION, &answer, R::Response::ITEMS, R::Response::TOTAL)?;
                let output = decode::<R::Response>(R::ACTION, answer)?;
                pager.advance(R::ACTION, &raw)?;
                let request_id = output.request_id.clone();
                let (total, items) = output.into_inner().into_page();
                let page = Page {
                    items,
                    total,
                    request_id,
                };
                Ok(Some((page, (pager, request, options))))
            },
        )
        .boxed()
    }

    /// A stream of every item of every page.
    pub fn items<'a, R>(&'a self, request: R) -> BoxStream<'a, Result<ItemOf<R>, Error>>
    where
        R: Paginated + Send + 'a,
        ItemOf<R>: Send + 'a,
        R::Response: Send,
    {
        self.items_with(request, CallOptions::default())
    }

    /// [`Client::items`] with per-call options, applied to every page's call.
    pub fn items_with<'a, R>(
        &'a self,
        request: R,
        options: CallOptions,
    ) -> BoxStream<'a, Result<ItemOf<R>, Error>>
    where
        R: Paginated + Send + 'a,
        ItemOf<R>: Send + 'a,
        R::Response: Send,
    {
        use futures_util::{StreamExt as _, TryStreamExt as _};
        self.pages_with(request, options)
            .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    fn prepare<R: Request>(&self, request: &R) -> Result<Params, Error> {
        let mut params = Params::new();
        // `Action` first: it sorts before the fields, which then go in after it (and
        // after each other) with one comparison each.
        params.insert(protocol::ACTION, R::ACTION);
        request.write_params(&mut params);
        protocol::fill_from_config(&self.config, R::FROM_CONFIG.iter().copied(), &mut params);
        protocol::check_required(R::ACTION, R::REQUIRED.iter().copied(), &params)?;
        Ok(params)
    }

    fn before_signing(
        &self,
        service: Option<&str>,
        action: &str,
        params: &mut Params,
    ) -> Result<(), Error> {
        let call = CallContext { service, action };
        for interceptor in &self.config.interceptors {
            interceptor
                .before_signing(&call, params)
                .map_err(|source| Error::Interceptor {
                    action: action.to_owned(),
                    source,
                })?;
        }
        Ok(())
    }

    /// The whole call: hooks, then attempts (each with credentials valid at its start)
    /// with backoff between them, within the deadline and the retry budget; one span
    /// for the call, one child span per attempt.
    async fn execute(
        &self,
        action: &str,
        retry_safe: bool,
        params: Params,
        options: &CallOptions,
    ) -> Result<Answer, Error> {
        use tracing::Instrument as _;
        let span = tracing::debug_span!(
            "sigcal.call",
            service = options.service,
            action,
            attempts = tracing::field::Empty,
            outcome = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut attempts = 0;
        let result = self
            .attempts(action, retry_safe, params, options, started, &mut attempts)
            .instrument(span.clone())
            .await;
        let (request_id, outcome) = match &result {
            Ok(answer) => (answer.request_id.as_deref(), "ok"),
            Err(error) => (error.request_id(), error_kind(error)),
        };
        span.record("attempts", attempts);
        span.record("outcome", outcome);
        if let Some(id) = request_id {
            span.record("request_id", id);
        }
        let _entered = span.enter();
        tracing::debug!(
            attempts,
            outcome,
            elapsed_ms = millis(started.elapsed()),
            "call ended"
        );
        if !self.config.interceptors.is_empty() {
            let error = result.as_ref().err();
            let report = CallReport {
                service: options.service,
                action,
                attempts,
                status: match &result {
                    Ok(answer) => Some(answer.status),
                    Err(error) => error.status(),
                },
                ret_code: error.map_or(Some(0), Error::ret_code),
                request_id,
                elapsed: started.elapsed(),
                error,
            };
            for interceptor in &self.config.interceptors {
                interceptor.after_call(&report);
            }
        }
        result
    }

    async fn attempts(
        &self,
        action: &str,
        retry_safe: bool,
        mut params: Params,
        options: &CallOptions,
        started: Instant,
        attempts: &mut u32,
    ) -> Result<Answer, Error> {
        use tracing::Instrument as _;
        self.before_signing(options.service, action, &mut params)?;
        let policy = &self.config.retry;
        let may_retry = retry_safe || options.retry_unsafe;
        let max_attempts = if may_retry {
            options.max_attempts.unwrap_or(policy.max_attempts).max(1)
        } else {
            1
        };
        let timeout = options.timeout.unwrap_or(self.config.timeout);
        let deadline = options.deadline.or(self.config.deadline);
        // A deadline too far to reach (`Duration::MAX`) is no limit.
        let ends_at = deadline.and_then(|deadline| started.checked_add(deadline));
        let past_deadline = |attempts: u32, last_error: Option<Error>| Error::Deadline {
            action: action.to_owned(),
            deadline: deadline.unwrap_or_default(),
            attempts,
            last_error: last_error.map(Box::new),
        };
        let mut signed_with: Option<Arc<Credentials>> = None;
        let mut last_retry_cost = None;
        let mut signed_again = false;
        loop {
            // The credentials, every attempt and every backoff draw from the time left;
            // each attempt is cut short where the deadline falls inside it.
            let left = ends_at.map(|end| end.saturating_duration_since(Instant::now()));
            if left.is_some_and(|left| left.is_zero()) {
                return Err(past_deadline(*attempts, None));
            }
            let this_timeout = left.map_or(timeout, |left| left.min(timeout));
            let credentials = match left {
                None => self.credentials().await?,
                Some(left) => match tokio::time::timeout(left, self.credentials()).await {
                    Ok(credentials) => credentials?,
                    Err(_) => {
                        let waiting = CredentialsError::transient(
                            self.config.credentials.source_name(),
                            "still loading when the deadline passed",
                        );
                        return Err(past_deadline(*attempts, Some(waiting.into())));
                    }
                },
            };
            if signed_with
                .as_ref()
                .is_none_or(|used| !Arc::ptr_eq(used, &credentials))
            {
                add_credentials(&mut params, &credentials);
                signed_with = Some(Arc::clone(&credentials));
            }
            *attempts += 1;
            let attempt = *attempts;
            let span = tracing::debug_span!("sigcal.attempt", attempt);
            let attempt_started = Instant::now();
            let result = self
                .attempt(action, &params, &credentials, this_timeout)
                .instrument(span.clone())
                .await;
            let elapsed = attempt_started.elapsed();
            self.report_attempt(options.service, action, attempt, &result, elapsed, &span);
            let error = match result {
                Ok(answer) => {
                    self.retry_budget.succeeded(last_retry_cost);
                    return Ok(answer);
                }
                Err(error) => error,
            };
            let cut_by_deadline = matches!(error, Error::Timeout { .. }) && this_timeout < timeout;
            if cut_by_deadline {
                return Err(past_deadline(attempt, Some(error)));
            }
            if !signed_again
                && error.ret_code().is_some_and(ret_code_refuses_credentials)
                && !self.credentials.is_fixed()
            {
                // Temporary credentials revoked or unknown to the API before they
                // expire here: load them afresh and sign again, once. The API acted on
                // nothing, so this holds for actions that are not retried too.
                signed_again = true;
                self.credentials.invalidate_if_held(&credentials);
                tracing::debug!(
                    attempt,
                    "the API refused the credentials; loading them afresh"
                );
                continue;
            }
            if !error.is_retryable() || attempt >= max_attempts {
                return Err(error);
            }
            let delay = backoff(policy.base_delay, policy.max_delay, attempt);
            let past_end =
                |end: Instant| Instant::now().checked_add(delay).is_none_or(|at| at >= end);
            if ends_at.is_some_and(past_end) {
                return Err(past_deadline(attempt, Some(error)));
            }
            let Some(cost) = self.retry_budget.take(error.is_timeout_or_connection()) else {
                tracing::debug!(attempt, "retry budget exhausted; not retrying");
                return Err(error);
            };
            last_retry_cost = Some(cost);
            tokio::time::sleep(delay).await;
        }
    }

    fn report_attempt(
        &self,
        service: Option<&str>,
        action: &str,
        attempt: u32,
        result: &Result<Answer, Error>,
        elapsed: Duration,
        span: &tracing::Span,
    ) {
        let _entered = span.enter();
        let elapsed_ms = millis(elapsed);
        match result {
            Ok(answer) => {
                tracing::debug!(request_id = answer.request_id.as_deref(), elapsed_ms, "ok");
            }
            Err(error) => tracing::debug!(
                request_id = error.request_id(),
                elapsed_ms,
                retryable = error.is_retryable(),
                error = error_kind(error),
                "failed"
            ),
        }
        if self.config.interceptors.is_empty() {
            return;
        }
        let error = result.as_ref().err();
        let report = AttemptReport {
            service,
            action,
            attempt,
            status: match result {
                Ok(answer) => Some(answer.status),
                Err(error) => error.status(),
            },
            ret_code: error.map_or(Some(0), Error::ret_code),
            request_id: match result {
                Ok(answer) => answer.request_id.as_deref(),
                Err(error) => error.request_id(),
            },
            elapsed,
            error,
        };
        for interceptor in &self.config.interceptors {
            interceptor.after_attempt(&report);
        }
    }

    /// One attempt: sign, send, and classify the answer (API errors included).
    async fn attempt(
        &self,
        action: &str,
        params: &Params,
        credentials: &Credentials,
        timeout: Duration,
    ) -> Result<Answer, Error> {
        let signature = crate::signer::sign(params, credentials.private_key());
        let body = {
            let mut form = form_urlencoded_serializer();
            for (key, value) in params.iter() {
                form.append_pair(key, value);
            }
            form.append_pair(protocol::SIGNATURE, &signature);
            form.finish()
        };
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let request = HttpRequest {
            url: self.config.base_url.clone(),
            headers: vec![
                ("User-Agent".to_owned(), self.user_agent.to_string()),
                ("U-Timestamp-Ms".to_owned(), millis.to_string()),
            ],
            body,
            timeout,
            max_response_bytes: self.config.max_response_bytes,
        };
        let response = match tokio::time::timeout(timeout, self.transport.send(request)).await {
            Err(_) | Ok(Err(TransportError::Timeout)) => {
                return Err(Error::Timeout {
                    action: action.to_owned(),
                    after: timeout,
                });
            }
            Ok(Err(TransportError::Connection { message, source })) => {
                return Err(Error::Connection {
                    action: action.to_owned(),
                    message,
                    source,
                });
            }
            Ok(Err(TransportError::Tls { message, source })) => {
                return Err(Error::Tls {
                    action: action.to_owned(),
                    message,
                    source,
                });
            }
            Ok(Err(TransportError::InvalidUrl { message })) => {
                return Err(Error::Config {
                    message: format!(
                        "{action} cannot be sent to `{}`: {message}",
                        self.config.base_url
                    ),
                });
            }
            Ok(Err(TransportError::BodyTooLarge(limit))) => {
                return Err(Error::ResponseTooLarge {
                    action: action.to_owned(),
                    limit,
                    request_id: None,
                });
            }
            Ok(Ok(response)) => response,
        };
        if (300..400).contains(&response.status) {
            return Err(Error::Redirect {
                action: action.to_owned(),
                status: response.status,
                location: response.location,
            });
        }
        if response.status >= 400 {
            return Err(Error::Http {
                action: action.to_owned(),
                status: response.status,
                excerpt: excerpt(&response.body, EXCERPT_BYTES),
                request_id: response.request_id,
            });
        }
        let envelope: protocol::Envelope =
            serde_json::from_slice(&response.body).map_err(|source| Error::Decode {
                action: action.to_owned(),
                path: ".".to_owned(),
                excerpt: excerpt(&response.body, EXCERPT_BYTES),
                request_id: response.request_id.clone(),
                status: response.status,
                source,
            })?;
        if envelope.ret_code != 0 {
            return Err(Error::Api {
                action: action.to_owned(),
                ret_code: envelope.ret_code,
                message: envelope.message.unwrap_or_default(),
                request_id: response.request_id,
                status: response.status,
            });
        }
        Ok(Answer {
            body: response.body,
            request_id: response.request_id,
            status: response.status,
        })
    }
}

/// `PublicKey`, and `SecurityToken` for temporary credentials; the private key only
/// signs.
fn add_credentials(params: &mut Params, credentials: &Credentials) {
    params.insert(protocol::PUBLIC_KEY, credentials.public_key());
    match credentials.security_token() {
        Some(token) => {
            params.insert(protocol::SECURITY_TOKEN, token);
        }
        None => {
            params.remove(protocol::SECURITY_TOKEN);
        }
    }
}

/// A short name of an error's kind, for spans and events (never its message, which may
/// quote the answer).
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Api { .. } => "api_error",
        Error::Http { .. } => "http_error",
        Error::Timeout { .. } => "timeout",
        Error::Connection { .. } => "connection_error",
        Error::Tls { .. } => "tls_error",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Paging { .. } => "paging_error",
        Error::Decode { .. } => "decode_error",
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Redirect { .. } => "redirect",
        Error::Deadline { .. } => "deadline",
        Error::Credentials { .. } => "credentials",
        Error::Interceptor { .. } => "interceptor",
        Error::Config { .. } => "config",
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total the server reported with this page.
    pub total: Option<i64>,
    /// The request id of the call that fetched the page.
    pub request_id: Option<String>,
}

fn read_page(action: &str, answer: &Answer, items: &str, total: &str) -> Result<RawPage, Error> {
    RawPage::read(&answer.body, items, total).map_err(|source| Error::Decode {
        action: action.to_owned(),
        path: ".".to_owned(),
        excerpt: excerpt(&answer.body, EXCERPT_BYTES),
        request_id: answer.request_id.clone(),
        status: answer.status,
        source,
    })
}

fn decode<T: serde::de::DeserializeOwned>(
    action: &str,
    answer: Answer,
) -> Result<Output<T>, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(&answer.body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(data) => Ok(Output {
            data,
            request_id: answer.request_id,
        }),
        Err(error) => {
            let path = error.path().to_string();
            let source = error.into_inner();
            Err(Error::Decode {
                action: action.to_owned(),
                path,
                excerpt: excerpt(&answer.body, EXCERPT_BYTES),
                request_id: answer.request_id,
                status: answer.status,
                source,
            })
        }
    }
}

fn form_urlencoded_serializer() -> form_urlencoded::Serializer<'static, String> {
    form_urlencoded::Serializer::new(String::new())
}
