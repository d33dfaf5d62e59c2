//! The client: fills, checks, signs and sends requests, decodes answers, retries.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::stream::BoxStream;

use crate::config::Config;
use crate::error::{Error, excerpt};
use crate::meta::PaginationMeta;
use crate::protocol::{self, Pager, RawPage};
use crate::request::{ItemOf, ListResponse as _, Paginated, Request};
use crate::transport::{HttpRequest, ReqwestTransport, Transport, TransportError};
use crate::wire::Params;

/// How many bytes of a body an error message quotes.
const EXCERPT_BYTES: usize = 256;

/// A SigcalCloud client. Cheap to clone: clones share the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    config: Arc<Config>,
    transport: Arc<dyn Transport>,
}

/// Settings for one call that override the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// Total time allowed for each attempt of this call.
    pub timeout: Option<Duration>,
    /// Attempts in all for this call.
    pub max_attempts: Option<u32>,
    /// Retry even though the action changes something (`Create*`, `Terminate*`, …).
    /// Only set this when repeating the call is known to be harmless.
    pub retry_unsafe: bool,
}

/// A decoded answer and the request id the server gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Output<T> {
    data: T,
    request_id: Option<String>,
}

impl<T> Output<T> {
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
        Client {
            config: Arc::new(config),
            transport,
        }
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
        let (body, request_id) = self
            .execute(R::ACTION, R::RETRY_SAFE, &params, options)
            .await?;
        decode::<R::Response>(R::ACTION, &body, request_id)
    }

    /// The flat, signed parameters of a request, `Signature` included, exactly as they
    /// would be sent. Fails before any I/O when a required parameter is missing.
    pub fn signed_params<R: Request>(&self, request: &R) -> Result<Params, Error> {
        let mut params = self.prepare(request)?;
        let signature = crate::signer::sign(&params, self.config.credentials.private_key());
        params.insert(protocol::SIGNATURE, signature);
        Ok(params)
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

    /// Signs raw parameters for `action` as they would be sent: `Action`, `PublicKey`
    /// and `Signature` added. The private key is not among them.
    pub fn sign_raw(&self, action: &str, params: Params) -> Params {
        let mut params = self.envelope(action, params);
        let signature = crate::signer::sign(&params, self.config.credentials.private_key());
        params.insert(protocol::SIGNATURE, signature);
        params
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
        let params = self.envelope(action, params);
        let (body, request_id) = self.execute(action, retry_safe, &params, options).await?;
        decode::<serde_json::Value>(action, &body, request_id)
    }

    /// Every page of a paginated action described by metadata, as JSON answers; the
    /// same paging rules as [`Client::pages`]; `paging` names the request's and the
    /// answer's paging fields.
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
                let signed = self.envelope(action, params.clone());
                let (body, request_id) =
                    self.execute(action, retry_safe, &signed, &options).await?;
                let raw = read_page(action, &body, paging.items, paging.total, &request_id)?;
                let output = decode::<serde_json::Value>(action, &body, request_id)?;
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
                let (body, request_id) = self
                    .execute(R::ACTION, R::RETRY_SAFE, &params, &options)
                    .await?;
                // Paging counts the elements as sent: lenient decoding may drop a
                // malformed one, which must not end paging early.
                let raw = read_page(
                    R::ACTION,
                    &body,
                    R::Response::ITEMS,
                    R::Response::TOTAL,
                    &request_id,
                )?;
                let output = decode::<R::Response>(R::ACTION, &body, request_id)?;
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
        params.insert(protocol::PUBLIC_KEY, self.config.credentials.public_key());
        Ok(params)
    }

    /// `Action` and `PublicKey` added; `Signature` comes last, when signing.
    fn envelope(&self, action: &str, mut params: Params) -> Params {
        params.insert(protocol::ACTION, action);
        params.insert(protocol::PUBLIC_KEY, self.config.credentials.public_key());
        params
    }

    async fn execute(
        &self,
        action: &str,
        retry_safe: bool,
        params: &Params,
        options: &CallOptions,
    ) -> Result<(Vec<u8>, Option<String>), Error> {
        use tracing::Instrument as _;
        let policy = &self.config.retry;
        let may_retry = retry_safe || options.retry_unsafe;
        let attempts = if may_retry {
            options.max_attempts.unwrap_or(policy.max_attempts).max(1)
        } else {
            1
        };
        let timeout = options.timeout.unwrap_or(self.config.timeout);
        let mut attempt = 1;
        loop {
            // The span covers one attempt and its log line, never the backoff sleep.
            let span = tracing::debug_span!("sigcal.call", action, attempt);
            let result = async {
                let started = std::time::Instant::now();
                let result = self.attempt(action, params, timeout).await;
                let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                match &result {
                    Ok((_, request_id)) => {
                        tracing::debug!(request_id = request_id.as_deref(), elapsed_ms, "ok");
                    }
                    Err(error) => tracing::debug!(
                        request_id = error.request_id(),
                        elapsed_ms,
                        retryable = error.is_retryable(),
                        "failed"
                    ),
                }
                result
            }
            .instrument(span)
            .await;
            match result {
                Err(error) if error.is_retryable() && attempt < attempts => {
                    tokio::time::sleep(backoff(policy.base_delay, policy.max_delay, attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One attempt: sign, send, and classify the answer (API errors included).
    async fn attempt(
        &self,
        action: &str,
        params: &Params,
        timeout: Duration,
    ) -> Result<(Vec<u8>, Option<String>), Error> {
        let signature = crate::signer::sign(params, self.config.credentials.private_key());
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
            headers: vec![("U-Timestamp-Ms".to_owned(), millis.to_string())],
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
            Ok(Err(TransportError::BodyTooLarge(limit))) => {
                return Err(Error::ResponseTooLarge {
                    action: action.to_owned(),
                    limit,
                    request_id: None,
                });
            }
            Ok(Ok(response)) => response,
        };
        if response.status >= 400 {
            return Err(Error::Http {
                action: action.to_owned(),
                status: response.status,
                excerpt: excerpt(&response.body, EXCERPT_BYTES),
                request_id: response.request_id,
            });
        }
        let envelope: Envelope =
            serde_json::from_slice(&response.body).map_err(|source| Error::Decode {
                action: action.to_owned(),
                path: ".".to_owned(),
                excerpt: excerpt(&response.body, EXCERPT_BYTES),
                request_id: response.request_id.clone(),
                source,
            })?;
        if envelope.ret_code != 0 {
            return Err(Error::Api {
                action: action.to_owned(),
                ret_code: envelope.ret_code,
                message: envelope.message.unwrap_or_default(),
                request_id: response.request_id,
            });
        }
        Ok((response.body, response.request_id))
    }
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

/// The part of every answer the runtime reads before the action's own fields.
#[derive(serde::Deserialize)]
struct Envelope {
    // The names are `protocol::RET_CODE` and `protocol::MESSAGE`; serde's attributes
    // take literals only, and a unit test checks the two agree.
    #[serde(rename = "RetCode", deserialize_with = "crate::lenient::de")]
    ret_code: i64,
    #[serde(rename = "Message", default, deserialize_with = "crate::lenient::de")]
    message: Option<String>,
}

fn read_page(
    action: &str,
    body: &[u8],
    items: &str,
    total: &str,
    request_id: &Option<String>,
) -> Result<RawPage, Error> {
    RawPage::read(body, items, total).map_err(|source| Error::Decode {
        action: action.to_owned(),
        path: ".".to_owned(),
        excerpt: excerpt(body, EXCERPT_BYTES),
        request_id: request_id.clone(),
        source,
    })
}

fn decode<T: serde::de::DeserializeOwned>(
    action: &str,
    body: &[u8],
    request_id: Option<String>,
) -> Result<Output<T>, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(data) => Ok(Output { data, request_id }),
        Err(error) => {
            let path = error.path().to_string();
            let source = error.into_inner();
            Err(Error::Decode {
                action: action.to_owned(),
                path,
                excerpt: excerpt(body, EXCERPT_BYTES),
                request_id,
                source,
            })
        }
    }
}

/// Exponential backoff with full jitter: a random delay up to `base * 2^(attempt-1)`.
fn backoff(base: Duration, max: Duration, attempt: u32) -> Duration {
    let ceiling = base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
        .min(max);
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rand::random_range(0..=nanos))
}

fn form_urlencoded_serializer() -> form_urlencoded::Serializer<'static, String> {
    form_urlencoded::Serializer::new(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_names_are_the_protocol_s() {
        let envelope: Envelope = serde_json::from_value(serde_json::json!({
            protocol::RET_CODE: 7,
            protocol::MESSAGE: "m",
        }))
        .unwrap();
        assert_eq!(
            (envelope.ret_code, envelope.message.as_deref()),
            (7, Some("m"))
        );
    }

    #[test]
    fn backoff_stays_under_the_ceiling() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 1..40 {
            let ceiling = base.saturating_mul(1u32 << (attempt - 1).min(20)).min(max);
            assert!(backoff(base, max, attempt) <= ceiling);
        }
    }
}
