//! The HTTP layer behind a trait, so tests and users can intercept requests.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// One signed call, ready to send: a form-encoded POST. Its `Debug` output shows the
/// body's parameters with the values of secrets (`Password`, `SecurityToken`, …, by
/// [`sigcal_protocol::secrets::is_secret_key`]) and the `Signature` left out, so a
/// transport that logs what it sends logs no secret.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The endpoint.
    pub url: String,
    /// Headers besides `Content-Type` (`User-Agent`, `U-Timestamp-Ms`).
    pub headers: Vec<(String, String)>,
    /// `application/x-www-form-urlencoded` body, `Signature` included.
    pub body: String,
    /// Total time allowed.
    pub timeout: Duration,
    /// Largest body to accept.
    pub max_response_bytes: usize,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Body<'a>(&'a str);
        impl fmt::Debug for Body<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (key, value) in form_urlencoded::parse(self.0.as_bytes()) {
                    let hidden = key == crate::protocol::SIGNATURE
                        || sigcal_protocol::secrets::is_secret_key(&key);
                    if hidden {
                        map.entry(
                            &key,
                            &format_args!("{}", sigcal_protocol::secrets::REDACTED),
                        );
                    } else {
                        map.entry(&key, &value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &Body(&self.body))
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The `Location` header, for a redirect (which the client never follows).
    pub location: Option<String>,
    /// HTTP status code.
    pub status: u16,
    /// The `X-UCLOUD-REQUEST-UUID` header, if any.
    pub request_id: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why no response arrived.
#[derive(Debug)]
#[non_exhaustive]
pub enum TransportError {
    /// The timeout expired.
    Timeout,
    /// Connecting failed or the connection broke.
    Connection {
        /// What happened, for people.
        message: String,
        /// The underlying error, kept as the client error's `source()`.
        source: Option<crate::error::BoxError>,
    },
    /// The body exceeded the limit (the limit in bytes).
    BodyTooLarge(usize),
    /// TLS failed: the server's certificate did not verify, or the server does not
    /// speak TLS. Sending again would fail the same way.
    Tls {
        /// What happened, for people.
        message: String,
        /// The underlying error.
        source: Option<crate::error::BoxError>,
    },
    /// The request could not be built (a URL the HTTP layer refuses); nothing was sent.
    InvalidUrl {
        /// What is wrong.
        message: String,
    },
}

impl TransportError {
    /// A connection failure described by `message` alone.
    pub fn connection(message: impl Into<String>) -> TransportError {
        TransportError::Connection {
            message: message.into(),
            source: None,
        }
    }
}

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request. The default is [`ReqwestTransport`].
///
/// A transport must send the request to `request.url` and nowhere else: it must not
/// follow redirects (hand a 3xx answer back, with its `Location`, and the client reports
/// it as [`crate::Error::Redirect`]), and must not downgrade an `https` URL to `http`.
/// A signed request carries no timestamp or nonce, so whoever receives it can replay it.
/// The request's headers (`User-Agent`, `U-Timestamp-Ms`) are sent as given.
pub trait Transport: fmt::Debug + Send + Sync {
    /// Sends `request` and returns the whole response.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// The default transport: reqwest over rustls (ring), one connection pool per client.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with its own connection pool.
    ///
    /// TLS uses rustls with the ring provider and the platform's certificate verifier,
    /// configured for this client alone: building a client never installs a
    /// process-wide rustls provider, so an application that chose another one keeps it.
    pub fn new(connect_timeout: Duration) -> Result<ReqwestTransport, crate::Error> {
        Ok(ReqwestTransport {
            client: http_client(connect_timeout)?,
        })
    }
}

/// The HTTP client of the runtime (the transport and the instance metadata service):
/// rustls with the ring provider and the platform's certificate verifier, configured for
/// this client alone, never following redirects, with no `User-Agent` of its own (each
/// request carries the configured one).
pub(crate) fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, crate::Error> {
    let config_error = |what: &str, error: &dyn fmt::Display| crate::Error::Config {
        message: format!("cannot build the HTTP client: {what}: {error}"),
    };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|error| config_error("certificate verifier", &error))?;
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| config_error("TLS versions", &error))?
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(verifier))
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|error| config_error("reqwest", &error))
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let mut builder = self
                .client
                .post(&request.url)
                .timeout(request.timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(request.body);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let mut response = builder.send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let request_id = header(crate::protocol::REQUEST_ID_HEADER);
            let location = header("Location");
            if response
                .content_length()
                .is_some_and(|len| len > request.max_response_bytes as u64)
            {
                return Err(TransportError::BodyTooLarge(request.max_response_bytes));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if body.len() + chunk.len() > request.max_response_bytes {
                    return Err(TransportError::BodyTooLarge(request.max_response_bytes));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                location,
                status,
                request_id,
                body,
            })
        })
    }
}

fn classify(error: reqwest::Error) -> TransportError {
    if error.is_timeout() {
        TransportError::Timeout
    } else if error.is_builder() {
        TransportError::InvalidUrl {
            message: crate::error::with_causes(&error),
        }
    } else if is_tls_failure(&error) {
        TransportError::Tls {
            message: crate::error::with_causes(&error),
            source: Some(Box::new(error)),
        }
    } else {
        // reqwest's messages name the URL but never the body, which holds no secret
        // anyway (the private key is never sent). The message folds in the causes, for
        // one-line reports; the error itself stays the source, for error reporters.
        TransportError::Connection {
            message: crate::error::with_causes(&error),
            source: Some(Box::new(error)),
        }
    }
}

/// Whether rustls failed somewhere down `error`'s causes (a certificate that does not
/// verify, a server that does not speak TLS). An `io::Error` hides the error it wraps
/// from `source()`, so each one is opened too.
fn is_tls_failure(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        if let Some(inner) = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            && is_tls_failure(inner)
        {
            return true;
        }
        current = error.source();
    }
    false
}
