//! The instance metadata service of a SigcalCloud host: the credentials of the role
//! bound to the host (v1 and v2 of the service), and the host's region and zone.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::expiry::parse_expiry;
use super::{
    Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, SharedCredentialsProvider,
};
use crate::config::ConfigBuilder;
use crate::lenient;
use crate::protocol::{Envelope, EnvelopeField, EnvelopeFields};

/// Where the metadata service answers on a host.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.80.80.80";
/// The API endpoint for calls made with a host's role credentials.
pub const INTERNAL_API_ENDPOINT: &str = "http://api.service.ucloud.cn";

const V1_CREDENTIALS_PATH: &str = "/meta-data/v1/uam/security-credentials";
const V2_CREDENTIALS_PATH: &str = "/meta-data/v2/iam/security-credentials";
const REGION_PATH: &str = "/meta-data/latest/region";
const ZONE_PATH: &str = "/meta-data/latest/availability-zone";

/// The largest answer read from the metadata service.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

const SOURCE: &str = "instance metadata";

/// Which form of the credentials path to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum MetadataVersion {
    /// `/meta-data/v1/uam/security-credentials/<Role>`: Unix-seconds expiry.
    V1,
    /// `/meta-data/v2/iam/security-credentials/<Role>`: ISO 8601 expiry, and the
    /// optional `Duration-Seconds` and `Session-Name` request headers.
    #[default]
    V2,
}

/// A client of the metadata service. Its base address is configurable so tests can run
/// a metadata service of their own on loopback.
#[derive(Debug, Clone)]
pub struct InstanceMetadata {
    endpoint: String,
    version: MetadataVersion,
    role: Option<String>,
    duration: Option<Duration>,
    session_name: Option<String>,
    timeout: Duration,
    /// Built on the first request and kept (clones share it): one connection pool for
    /// every refresh.
    http: Arc<std::sync::OnceLock<reqwest::Client>>,
}

impl Default for InstanceMetadata {
    fn default() -> Self {
        InstanceMetadata::new()
    }
}

/// The role credentials the service handed out, and the project they belong to.
#[derive(Debug, Clone)]
struct RoleCredentials {
    credentials: Credentials,
    project_id: Option<String>,
}

impl InstanceMetadata {
    /// The service at [`DEFAULT_METADATA_ENDPOINT`], v2, for the role bound to the host,
    /// with a 2-second timeout (a host without the service should fail fast).
    pub fn new() -> InstanceMetadata {
        InstanceMetadata {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            version: MetadataVersion::default(),
            role: None,
            duration: None,
            session_name: None,
            timeout: Duration::from_secs(2),
            http: Arc::default(),
        }
    }

    /// Asks the service at `endpoint` (`http://127.0.0.1:PORT` in tests).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> InstanceMetadata {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }

    /// Uses the v1 or the v2 credentials path.
    pub fn version(mut self, version: MetadataVersion) -> InstanceMetadata {
        self.version = version;
        self
    }

    /// The role to take the credentials of (default: the role bound to the host).
    pub fn role(mut self, role: impl Into<String>) -> InstanceMetadata {
        self.role = Some(role.into()).filter(|r| !r.is_empty());
        self
    }

    /// How long v2 credentials should last (`Duration-Seconds`).
    pub fn duration(mut self, duration: Duration) -> InstanceMetadata {
        self.duration = Some(duration);
        self
    }

    /// The session name v2 records (`Session-Name`).
    pub fn session_name(mut self, name: impl Into<String>) -> InstanceMetadata {
        self.session_name = Some(name.into());
        self
    }

    /// Time allowed for each request to the service (default 2 s).
    pub fn timeout(mut self, timeout: Duration) -> InstanceMetadata {
        self.timeout = timeout;
        self.http = Arc::default();
        self
    }

    /// The host's region (`/meta-data/latest/region`).
    pub async fn region(&self) -> Result<String, CredentialsError> {
        self.text(REGION_PATH).await
    }

    /// The host's availability zone (`/meta-data/latest/availability-zone`).
    pub async fn zone(&self) -> Result<String, CredentialsError> {
        self.text(ZONE_PATH).await
    }

    /// The role's credentials.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.role_credentials().await.map(|role| role.credentials)
    }

    /// A configuration for code running on the host: the role's credentials (behind a
    /// cache that refreshes them), the host's region and zone, the role's project, and
    /// the internal endpoint. Settings made on the returned builder win over these.
    pub async fn config_builder(&self) -> Result<ConfigBuilder, crate::Error> {
        let role = self.role_credentials().await?;
        let region = self.region().await?;
        let zone = self.zone().await?;
        let provider = InstanceMetadataProvider::new(self.clone());
        let mut builder = ConfigBuilder::default()
            .credentials_provider(provider)
            .base_url(INTERNAL_API_ENDPOINT)
            .region(region)
            .zone(zone);
        if let Some(project) = role.project_id {
            builder = builder.project_id(project);
        }
        Ok(builder)
    }

    fn http(&self) -> Result<reqwest::Client, CredentialsError> {
        if let Some(http) = self.http.get() {
            return Ok(http.clone());
        }
        let http = crate::transport::http_client(self.timeout)
            .map_err(|error| CredentialsError::invalid(SOURCE, error.to_string()))?;
        Ok(self.http.get_or_init(|| http).clone())
    }

    async fn get(&self, path: &str) -> Result<Vec<u8>, CredentialsError> {
        let url = format!("{}{path}", self.endpoint);
        let mut request = self.http()?.get(&url).timeout(self.timeout);
        if self.version == MetadataVersion::V2 && path.starts_with(V2_CREDENTIALS_PATH) {
            if let Some(duration) = self.duration {
                request = request.header("Duration-Seconds", duration.as_secs().to_string());
            }
            if let Some(name) = &self.session_name {
                request = request.header("Session-Name", name);
            }
        }
        let unreachable = |error: reqwest::Error| {
            CredentialsError::not_configured(
                SOURCE,
                format!(
                    "no metadata service answered at {url}: {}",
                    crate::error::with_causes(&error)
                ),
            )
        };
        let mut response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        if !status.is_success() {
            return Err(CredentialsError::transient(
                SOURCE,
                format!("{url} answered HTTP status {}", status.as_u16()),
            ));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(CredentialsError::invalid(
                    SOURCE,
                    format!("{url} answered more than {MAX_ANSWER_BYTES} bytes"),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    async fn text(&self, path: &str) -> Result<String, CredentialsError> {
        let body = self.get(path).await?;
        let text = String::from_utf8_lossy(&body).trim().to_owned();
        if text.is_empty() || text.len() > 128 || text.chars().any(char::is_control) {
            return Err(CredentialsError::invalid(
                SOURCE,
                format!("{}{path} did not answer a name", self.endpoint),
            ));
        }
        Ok(text)
    }

    async fn role_credentials(&self) -> Result<RoleCredentials, CredentialsError> {
        let base = match self.version {
            MetadataVersion::V1 => V1_CREDENTIALS_PATH,
            MetadataVersion::V2 => V2_CREDENTIALS_PATH,
        };
        let path = match &self.role {
            Some(role) => format!("{base}/{}", percent_encode_segment(role)),
            None => base.to_owned(),
        };
        let body = self.get(&path).await?;
        parse_credentials(self.version, &body).map_err(|message| {
            CredentialsError::invalid(SOURCE, format!("{}{path}: {message}", self.endpoint))
        })?
    }
}

/// An answer of the credentials path: the API's envelope and the credentials' `Data`.
struct Answer {
    envelope: Envelope,
    data: Option<serde_json::Map<String, Value>>,
}

/// An [`Answer`] being read: `Data` here, the envelope's fields by the protocol's reader.
#[derive(Default)]
struct AnswerFields {
    envelope: EnvelopeFields,
    data: Option<serde_json::Map<String, Value>>,
}

/// The key of the credentials in an answer.
const DATA: &str = "Data";

impl lenient::Fields for AnswerFields {
    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match EnvelopeField::of(key) {
            Some(field) => self.envelope.read(field, map),
            None if key == DATA => {
                self.data = map.next_value()?;
                Ok(())
            }
            None => lenient::skip(map),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Answer, D::Error> {
        let fields: AnswerFields = lenient::fields(deserializer)?;
        Ok(Answer {
            envelope: fields.envelope.finish()?,
            data: fields.data,
        })
    }
}

/// Reads an answer of the credentials path; the outer error is an unreadable answer,
/// the inner one an answer that reports a failure.
fn parse_credentials(
    version: MetadataVersion,
    body: &[u8],
) -> Result<Result<RoleCredentials, CredentialsError>, String> {
    // serde_json's message gives a position, never the text read.
    let answer: Answer = serde_json::from_slice(body)
        .map_err(|error| format!("the answer is not the documented JSON ({error})"))?;
    if answer.envelope.ret_code != 0 {
        let message = answer.envelope.message.unwrap_or_default();
        return Ok(Err(CredentialsError::transient(
            SOURCE,
            format!(
                "the service answered RetCode {}: {message}",
                answer.envelope.ret_code
            ),
        )));
    }
    let data = answer.data.ok_or("the answer has no `Data`")?;
    let text = |name: &str| -> Result<String, String> {
        match data.get(name) {
            Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
            Some(Value::Number(number)) => Ok(number.to_string()),
            _ => Err(format!("`Data.{name}` is missing or empty")),
        }
    };
    let (public, private) = match version {
        MetadataVersion::V1 => ("PublicKey", "PrivateKey"),
        MetadataVersion::V2 => ("AccessKeyId", "AccessKeySecret"),
    };
    let expiry = data
        .get("Expiration")
        .ok_or("`Data.Expiration` is missing")
        .and_then(|value| {
            parse_expiry(value).ok_or(
                "`Data.Expiration` is not a time (Unix seconds or RFC 3339) the clock can hold",
            )
        })?;
    let credentials = Credentials::temporary(
        text(public)?,
        text(private)?,
        text("SecurityToken")?,
        expiry,
    );
    Ok(Ok(RoleCredentials {
        credentials,
        project_id: text("ProjectID").ok(),
    }))
}

/// Reads an answer of the credentials path as [`InstanceMetadata::credentials`] does:
/// the credentials, or the error message (for fuzzing).
#[cfg(feature = "fuzzing")]
pub fn instance_metadata_answer(v2: bool, body: &[u8]) -> Result<Credentials, String> {
    let version = if v2 {
        MetadataVersion::V2
    } else {
        MetadataVersion::V1
    };
    match parse_credentials(version, body)? {
        Ok(role) => Ok(role.credentials),
        Err(error) => Err(error.to_string()),
    }
}

fn percent_encode_segment(segment: &str) -> String {
    form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The role credentials of the host, as a provider: each refresh asks the metadata
/// service again. Put it behind the client's cache (any [`crate::Config`] does).
#[derive(Debug, Clone)]
pub struct InstanceMetadataProvider {
    metadata: Arc<InstanceMetadata>,
}

impl InstanceMetadataProvider {
    /// A provider asking `metadata`.
    pub fn new(metadata: InstanceMetadata) -> InstanceMetadataProvider {
        InstanceMetadataProvider {
            metadata: Arc::new(metadata),
        }
    }
}

impl ProvideCredentials for InstanceMetadataProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.metadata.credentials().await })
    }

    fn source_name(&self) -> &str {
        SOURCE
    }
}

impl From<InstanceMetadataProvider> for SharedCredentialsProvider {
    fn from(provider: InstanceMetadataProvider) -> Self {
        SharedCredentialsProvider::new(provider)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_of_both_versions() {
        let v1 = br#"{"RetCode":0,"Message":"","Data":{"PublicKey":"pub","PrivateKey":"pri","SecurityToken":"tok","Expiration":1700000000,"ProjectID":"org-1","CharacterName":"r"}}"#;
        let role = parse_credentials(MetadataVersion::V1, v1).unwrap().unwrap();
        assert_eq!(role.credentials.public_key(), "pub");
        assert_eq!(role.credentials.security_token(), Some("tok"));
        assert_eq!(
            role.credentials.expiry(),
            super::super::expiry::from_unix_seconds(1_700_000_000)
        );
        assert_eq!(role.project_id.as_deref(), Some("org-1"));

        let v2 = br#"{"RetCode":0,"Data":{"AccessKeyId":"ak","AccessKeySecret":"sk","SecurityToken":"tok","Expiration":"2023-11-14T22:13:20Z"}}"#;
        let role = parse_credentials(MetadataVersion::V2, v2).unwrap().unwrap();
        assert_eq!(role.credentials.private_key(), "sk");
        assert_eq!(
            role.credentials.expiry(),
            super::super::expiry::from_unix_seconds(1_700_000_000)
        );
    }

    #[test]
    fn bad_answers_are_named_and_quote_no_secret() {
        for (body, says) in [
            (&b"<html>"[..], "not the documented JSON"),
            (br#"{"RetCode":0}"#, "no `Data`"),
            (
                br#"{"RetCode":0,"Data":{"PublicKey":"pub","PrivateKey":"secret-key","Expiration":1}}"#,
                "SecurityToken",
            ),
            (
                br#"{"RetCode":0,"Data":{"PublicKey":"pub","PrivateKey":"secret-key","SecurityToken":"t","Expiration":"soon"}}"#,
                "not a time",
            ),
        ] {
            let error = parse_credentials(MetadataVersion::V1, body).unwrap_err();
            assert!(error.contains(says), "{error}");
            assert!(!error.contains("secret-key"), "{error}");
        }
        let refused = br#"{"RetCode":15000,"Message":"role not bound"}"#;
        let error = parse_credentials(MetadataVersion::V1, refused)
            .unwrap()
            .unwrap_err();
        assert!(
            error.to_string().contains("RetCode 15000: role not bound"),
            "{error}"
        );
    }
}
