//! The client: fills, checks, signs and sends requests, decodes answers, retries.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::stream::BoxStream;

use crate::config::Config;
use crate::error::{Error, excerpt};
use crate::request::{Paginated, Request};
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
        params.insert("Signature".to_owned(), signature);
        Ok(params)
    }

    /// Signs raw parameters for `action` as they would be sent: `Action`, `PublicKey`
    /// and `Signature` added. The private key is not among them.
    pub fn sign_raw(&self, action: &str, mut params: Params) -> Params {
        params.insert("Action".to_owned(), action.to_owned());
        params.insert(
            "PublicKey".to_owned(),
            self.config.credentials.public_key().to_owned(),
        );
        let signature = crate::signer::sign(&params, self.config.credentials.private_key());
        params.insert("Signature".to_owned(), signature);
        params
    }

    /// Sends raw parameters for `action` and returns the JSON answer; used by the
    /// command-line tool, which works from metadata rather than types.
    pub async fn send_raw(
        &self,
        action: &str,
        mut params: Params,
        retry_safe: bool,
        options: &CallOptions,
    ) -> Result<Output<serde_json::Value>, Error> {
        params.insert("Action".to_owned(), action.to_owned());
        params.insert(
            "PublicKey".to_owned(),
            self.config.credentials.public_key().to_owned(),
        );
        let (body, request_id) = self.execute(action, retry_safe, &params, options).await?;
        decode::<serde_json::Value>(action, &body, request_id)
    }

    /// A stream of pages: each item is one decoded response's items and the total.
    pub fn pages<'a, R>(&'a self, request: R) -> BoxStream<'a, Result<Page<R::Item>, Error>>
    where
        R: Paginated + Send + 'a,
        R::Item: Send,
        R::Response: Send,
    {
        use futures_util::StreamExt as _;
        let start = request.offset();
        futures_util::stream::try_unfold(Some((request, start)), move |state| async move {
            let Some((mut request, offset)) = state else {
                return Ok(None);
            };
            let limit = request.limit().unwrap_or(DEFAULT_PAGE_SIZE).max(1);
            request.set_page(offset, limit);
            let output = self.send(request.clone()).await?;
            let request_id = output.request_id.clone();
            let (total, items) = R::into_page(output.into_inner());
            let next = offset.saturating_add(items.len() as i64);
            // Stop on an empty page (the list shrank under us), a short page, or once
            // the total is reached; the total is re-read on every page because it can
            // change while paging.
            let done = items.is_empty()
                || (items.len() as i64) < limit
                || total.is_some_and(|t| next >= t);
            let page = Page {
                items,
                total,
                request_id,
            };
            Ok(Some((page, (!done).then_some((request, next)))))
        })
        .boxed()
    }

    /// A stream of every item of every page.
    pub fn items<'a, R>(&'a self, request: R) -> BoxStream<'a, Result<R::Item, Error>>
    where
        R: Paginated + Send + 'a,
        R::Item: Send + 'a,
        R::Response: Send,
    {
        use futures_util::{StreamExt as _, TryStreamExt as _};
        self.pages(request)
            .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    fn prepare<R: Request>(&self, request: &R) -> Result<Params, Error> {
        let mut params = Params::new();
        request.write_params(&mut params);
        for &name in R::FROM_CONFIG {
            if params.contains_key(name) {
                continue;
            }
            let fallback = match name {
                "Region" => self.config.region.as_ref(),
                "Zone" => self.config.zone.as_ref(),
                "ProjectId" => self.config.project_id.as_ref(),
                _ => None,
            };
            if let Some(value) = fallback.filter(|v| !v.is_empty()) {
                params.insert(name.to_owned(), value.clone());
            }
        }
        let missing: Vec<&str> = R::REQUIRED
            .iter()
            .copied()
            .filter(|name| !params.contains_key(*name))
            .collect();
        if !missing.is_empty() {
            let from_config: Vec<&str> = missing
                .iter()
                .copied()
                .filter(|m| R::FROM_CONFIG.contains(m))
                .collect();
            let mut message = format!("missing required parameter(s): {}", missing.join(", "));
            if !from_config.is_empty() {
                message.push_str(&format!(
                    "; set them on the request or in the configuration (SIGCAL_{})",
                    from_config
                        .iter()
                        .map(|n| upper_snake(n))
                        .collect::<Vec<_>>()
                        .join(", SIGCAL_")
                ));
            }
            return Err(Error::InvalidRequest {
                action: R::ACTION.to_owned(),
                message,
            });
        }
        params.insert("Action".to_owned(), R::ACTION.to_owned());
        params.insert(
            "PublicKey".to_owned(),
            self.config.credentials.public_key().to_owned(),
        );
        Ok(params)
    }

    async fn execute(
        &self,
        action: &str,
        retry_safe: bool,
        params: &Params,
        options: &CallOptions,
    ) -> Result<(Vec<u8>, Option<String>), Error> {
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
            let span = tracing::debug_span!("sigcal.call", action, attempt);
            let started = std::time::Instant::now();
            let result = self.attempt(action, params, timeout).await;
            let _entered = span.enter();
            match &result {
                Ok((_, request_id)) => tracing::debug!(
                    request_id = request_id.as_deref(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "ok"
                ),
                Err(error) => tracing::debug!(
                    request_id = error.request_id(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    retryable = error.is_retryable(),
                    "failed"
                ),
            }
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
            for (key, value) in params {
                form.append_pair(key, value);
            }
            form.append_pair("Signature", &signature);
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
            Ok(Err(TransportError::Connection(message))) => {
                return Err(Error::Connection {
                    action: action.to_owned(),
                    message,
                });
            }
            Ok(Err(TransportError::BodyTooLarge(limit))) => {
                return Err(Error::Decode {
                    action: action.to_owned(),
                    path: ".".to_owned(),
                    message: format!("the response is larger than the limit of {limit} bytes"),
                    excerpt: String::new(),
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
            serde_json::from_slice(&response.body).map_err(|error| Error::Decode {
                action: action.to_owned(),
                path: ".".to_owned(),
                message: error.to_string(),
                excerpt: excerpt(&response.body, EXCERPT_BYTES),
                request_id: response.request_id.clone(),
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

/// Page size used when a paginated request sets no limit.
const DEFAULT_PAGE_SIZE: i64 = 100;

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
    #[serde(rename = "RetCode", deserialize_with = "crate::lenient::de")]
    ret_code: i64,
    #[serde(rename = "Message", default, deserialize_with = "crate::lenient::de")]
    message: Option<String>,
}

fn decode<T: serde::de::DeserializeOwned>(
    action: &str,
    body: &[u8],
    request_id: Option<String>,
) -> Result<Output<T>, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(data) => Ok(Output { data, request_id }),
        Err(error) => Err(Error::Decode {
            action: action.to_owned(),
            path: error.path().to_string(),
            message: error.into_inner().to_string(),
            excerpt: excerpt(body, EXCERPT_BYTES),
            request_id,
        }),
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

fn upper_snake(name: &str) -> String {
    match name {
        "ProjectId" => "PROJECT_ID".to_owned(),
        other => other.to_ascii_uppercase(),
    }
}

fn form_urlencoded_serializer() -> form_urlencoded::Serializer<'static, String> {
    form_urlencoded::Serializer::new(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

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
