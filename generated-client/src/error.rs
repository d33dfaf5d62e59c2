//! One error type for every way a call can fail, with kinds a caller can match on.

use std::time::Duration;

use sigcal_protocol::retry;

/// Why a call failed. `Display` says what happened and what to do next.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-zero RetCode.
    #[error(
        "{action} failed: RetCode {ret_code}: {message}{}",
        request_id_suffix(request_id)
    )]
    Api {
        /// The action called.
        action: String,
        /// The API's status code (0 means success, so never 0 here).
        ret_code: i64,
        /// The API's explanation.
        message: String,
        /// The `X-UCLOUD-REQUEST-UUID` of the failed call, for support requests.
        request_id: Option<String>,
        /// The HTTP status the answer came with (200 from the API itself).
        status: u16,
    },
    /// The server answered with an HTTP error status.
    #[error(
        "{action} failed: HTTP status {status}{}; the service or a proxy in between refused the call: {excerpt}",
        request_id_suffix(request_id)
    )]
    Http {
        /// The action called.
        action: String,
        /// The HTTP status code (400 or more).
        status: u16,
        /// The start of the response body.
        excerpt: String,
        /// The request id, when the server sent one.
        request_id: Option<String>,
    },
    /// No answer arrived in time.
    #[error("{action} timed out after {after:?}; raise the timeout or check the network")]
    Timeout {
        /// The action called.
        action: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The connection failed or broke.
    #[error("{action} could not reach the API: {message}; check the base URL and the network")]
    Connection {
        /// The action called.
        action: String,
        /// What the network layer said.
        message: String,
        /// The network layer's own error, when there is one.
        #[source]
        source: Option<BoxError>,
    },
    /// TLS failed: the server's certificate did not verify, or the server does not
    /// speak TLS. Not retried: another attempt would fail the same way.
    #[error(
        "{action} could not set up TLS with the API: {message}; check the base URL (https to an http server?) and the server's certificate"
    )]
    Tls {
        /// The action called.
        action: String,
        /// What the TLS layer said.
        message: String,
        /// The TLS layer's own error, when there is one.
        #[source]
        source: Option<BoxError>,
    },
    /// The answer is larger than the configured limit; it was not read to the end.
    #[error(
        "{action} returned a response larger than the limit of {limit} bytes{}; raise `ConfigBuilder::max_response_bytes` or ask for less (a smaller Limit)",
        request_id_suffix(request_id)
    )]
    ResponseTooLarge {
        /// The action called.
        action: String,
        /// The limit in bytes.
        limit: usize,
        /// The request id, when the server sent one.
        request_id: Option<String>,
    },
    /// Paging cannot go on safely (the server sent the same page twice, so it ignores
    /// `Offset`); the pages before it were delivered.
    #[error("{action} paging stopped at offset {offset}: {message}")]
    Paging {
        /// The action paged.
        action: String,
        /// The offset of the page that failed.
        offset: i64,
        /// What went wrong.
        message: String,
    },
    /// The answer was not the JSON the action documents.
    #[error(
        "{action} returned a response that cannot be decoded at `{path}`: {source}{}; the body starts with: {excerpt}",
        request_id_suffix(request_id)
    )]
    Decode {
        /// The action called.
        action: String,
        /// Where in the document decoding failed (`ImageSet[3].ImageSize`).
        path: String,
        /// The start of the body, bounded.
        excerpt: String,
        /// The request id, when the server sent one.
        request_id: Option<String>,
        /// The HTTP status the answer came with.
        status: u16,
        /// The JSON parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// The request is incomplete; nothing was sent.
    #[error("{action} was not sent: {message}")]
    InvalidRequest {
        /// The action that would have been called.
        action: String,
        /// What is missing or wrong.
        message: String,
    },
    /// The server answered with a redirect. It is never followed: a signed request
    /// carries no timestamp or nonce, so whoever receives it could replay it.
    #[error(
        "{action} was answered with a redirect (HTTP status {status}{}); it was not followed, since the signed request could be replayed by whoever received it; check the base URL",
        location_suffix(location)
    )]
    Redirect {
        /// The action called.
        action: String,
        /// The HTTP status code (3xx).
        status: u16,
        /// The `Location` the server named, if any.
        location: Option<String>,
    },
    /// The call's deadline passed before it could finish.
    #[error(
        "{action} did not finish within its deadline of {deadline:?} ({attempts} attempt(s) made{})",
        last_error_suffix(last_error)
    )]
    Deadline {
        /// The action called.
        action: String,
        /// The deadline of the whole call.
        deadline: Duration,
        /// Attempts made before it passed.
        attempts: u32,
        /// The last attempt's failure, when one failed before the deadline passed.
        #[source]
        last_error: Option<Box<Error>>,
    },
    /// No credentials could be loaded; nothing was sent.
    #[error("no usable credentials: {source}")]
    Credentials {
        /// Which source failed and why.
        #[source]
        source: crate::credentials::CredentialsError,
    },
    /// An interceptor stopped the call before anything was sent.
    #[error("{action} was stopped by an interceptor before it was sent: {source}")]
    Interceptor {
        /// The action that would have been called.
        action: String,
        /// The interceptor's error.
        #[source]
        source: BoxError,
    },
    /// The client's configuration is incomplete or unreadable.
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong and where it came from.
        message: String,
    },
}

/// A boxed error from a lower layer, kept as an error's `source()`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

fn request_id_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

impl From<crate::credentials::CredentialsError> for Error {
    fn from(source: crate::credentials::CredentialsError) -> Self {
        Error::Credentials { source }
    }
}

fn location_suffix(location: &Option<String>) -> String {
    location
        .as_ref()
        .map(|to| format!(" to {to}"))
        .unwrap_or_default()
}

fn last_error_suffix(last: &Option<Box<Error>>) -> String {
    last.as_ref()
        .map(|error| format!("; the last failed with: {error}"))
        .unwrap_or_default()
}

impl Error {
    /// Whether repeating the call may succeed: network trouble, throttling, overload.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { ret_code, .. } => retry::ret_code_is_retryable(*ret_code),
            Error::Http { status, .. } => retry::status_is_retryable(*status),
            Error::Timeout { .. } | Error::Connection { .. } => true,
            Error::Decode { .. }
            | Error::Tls { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Paging { .. }
            | Error::InvalidRequest { .. }
            | Error::Redirect { .. }
            | Error::Deadline { .. }
            | Error::Credentials { .. }
            | Error::Interceptor { .. }
            | Error::Config { .. } => false,
        }
    }

    /// The request id of the failed call, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            Error::Deadline {
                last_error: Some(last),
                ..
            } => last.request_id(),
            _ => None,
        }
    }

    /// The HTTP status of the answer that failed, when one arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::Http { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the failure is a timeout or a broken connection (a retry of it costs more
    /// of the retry budget).
    pub(crate) fn is_timeout_or_connection(&self) -> bool {
        matches!(self, Error::Timeout { .. } | Error::Connection { .. })
    }

    /// The API's RetCode, for API errors.
    pub fn ret_code(&self) -> Option<i64> {
        match self {
            Error::Api { ret_code, .. } => Some(*ret_code),
            _ => None,
        }
    }

    /// What to do about an API error with one of the RetCodes every service shares
    /// (171: check the key pair; 299: ask for `{action}` to be allowed; …), from
    /// [`sigcal_protocol::ret_codes::COMMON`]. A deadline reports its last error's hint.
    ///
    /// ```
    /// let error = sigcal_client::Error::Api {
    ///     action: "DescribeUHostInstance".into(),
    ///     ret_code: 299,
    ///     message: "permission denied".into(),
    ///     request_id: None,
    ///     status: 200,
    /// };
    /// let hint = error.hint().unwrap_or_default();
    /// assert!(hint.contains("`DescribeUHostInstance`"), "{hint}");
    /// ```
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Api {
                action, ret_code, ..
            } => sigcal_protocol::ret_codes::common(*ret_code).map(|known| known.hint_for(action)),
            Error::Deadline {
                last_error: Some(last),
                ..
            } => last.hint(),
            _ => None,
        }
    }
}

/// An error's message followed by each of its causes, for one-line reports.
pub(crate) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The first `limit` bytes of a body as text, cut at a character boundary, with the
/// values of secret members left out (`AccessKeySecret` in a malformed `AssumeRole`
/// answer, say): error messages get logged.
pub(crate) fn excerpt(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let text = sigcal_protocol::secrets::redact_json(&text);
    if text.len() <= limit {
        return text.into_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}… ({} bytes in all)",
        text.get(..end).unwrap_or_default(),
        body.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_kinds() {
        let api = |ret_code| Error::Api {
            action: "A".into(),
            ret_code,
            message: String::new(),
            request_id: None,
            status: 200,
        };
        let http = |status| Error::Http {
            action: "A".into(),
            status,
            excerpt: String::new(),
            request_id: None,
        };
        for (error, retryable) in [
            (api(150), true),
            (api(153), true),
            (api(2000), true),
            (api(171), false),
            (http(503), true),
            (http(429), true),
            (http(404), false),
            (
                Error::Timeout {
                    action: "A".into(),
                    after: Duration::from_secs(1),
                },
                true,
            ),
        ] {
            assert_eq!(error.is_retryable(), retryable, "{error}");
        }
    }

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt(b"short", 10), "short");
        assert_eq!(excerpt("ééé".as_bytes(), 3), "é… (6 bytes in all)");
    }

    #[test]
    fn excerpts_leave_secrets_out() {
        let body =
            br#"{"RetCode":0,"Credentials":{"AccessKeySecret":"sk-very-secret","Expiration":[1]}}"#;
        let shown = excerpt(body, 256);
        assert!(!shown.contains("sk-very-secret"), "{shown}");
        assert!(
            shown.contains(r#""AccessKeySecret":"<redacted>""#),
            "{shown}"
        );
        // Cut inside the secret: still none of it.
        let shown = excerpt(body, 45);
        assert!(!shown.contains("sk-very"), "{shown}");
    }
}
