//! Credentials: a key pair, or a temporary key pair with a security token and an
//! expiry, and the providers that load them (static, environment, profile files, STS
//! `AssumeRole`, the instance metadata service, and a chain of these), behind a cache
//! that refreshes ahead of expiry once for all callers.
//!
//! Only the signer reads a private key; `Debug` shows neither the private key nor the
//! security token, and no error message quotes either.

mod cache;
mod chain;
pub(crate) mod environment;
mod expiry;
mod instance_metadata;
pub(crate) mod profile;
#[cfg(feature = "sts")]
mod sts;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

pub use cache::{CredentialsCache, DEFAULT_REFRESH_AHEAD, DEFAULT_RETRY_REFRESH_AFTER};
pub use chain::DefaultCredentialsChain;
pub use environment::{EnvironmentProvider, PRIVATE_KEY_VAR, PUBLIC_KEY_VAR, SECURITY_TOKEN_VAR};
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub use instance_metadata::instance_metadata_answer;
pub use instance_metadata::{
    DEFAULT_METADATA_ENDPOINT, INTERNAL_API_ENDPOINT, InstanceMetadata, InstanceMetadataProvider,
    MetadataVersion,
};
pub use profile::ProfileProvider;
#[cfg(feature = "sts")]
pub use sts::AssumeRoleProvider;

/// A key pair, and for temporary credentials a security token and an expiry. The private
/// key and the token never appear in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    public_key: String,
    private_key: String,
    security_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// A key pair from the console; it does not expire.
    pub fn new(public_key: impl Into<String>, private_key: impl Into<String>) -> Credentials {
        Credentials {
            public_key: public_key.into(),
            private_key: private_key.into(),
            security_token: None,
            expiry: None,
        }
    }

    /// Temporary credentials (STS, the instance metadata service): the token is sent as
    /// `SecurityToken` and signed with the other parameters; `expiry` is when they stop
    /// working.
    pub fn temporary(
        public_key: impl Into<String>,
        private_key: impl Into<String>,
        security_token: impl Into<String>,
        expiry: SystemTime,
    ) -> Credentials {
        Credentials {
            security_token: Some(security_token.into()),
            expiry: Some(expiry),
            ..Credentials::new(public_key, private_key)
        }
    }

    /// These credentials with a security token (an empty one is no token).
    pub fn with_security_token(mut self, security_token: impl Into<String>) -> Credentials {
        self.security_token = Some(security_token.into()).filter(|t| !t.is_empty());
        self
    }

    /// These credentials, valid until `expiry`.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Credentials {
        self.expiry = Some(expiry);
        self
    }

    /// The public key, sent as `PublicKey`.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The private key; only the signer should read it.
    pub fn private_key(&self) -> &str {
        &self.private_key
    }

    /// The security token of temporary credentials, sent as `SecurityToken`.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When temporary credentials stop working; `None` for a key pair that does not
    /// expire.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Whether the credentials have expired at `now`.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.expiry.is_some_and(|expiry| expiry <= now)
    }

    /// Whether both keys are there: a credential with an empty key would sign requests
    /// that can only fail.
    pub(crate) fn check_complete(&self, source: &'static str) -> Result<(), CredentialsError> {
        if self.public_key.is_empty() || self.private_key.is_empty() {
            return Err(CredentialsError::invalid(
                source,
                "the public and the private key must both be non-empty",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Credentials");
        debug
            .field("public_key", &self.public_key)
            .field("private_key", &"<redacted>");
        if self.security_token.is_some() {
            debug.field("security_token", &"<redacted>");
        }
        if let Some(expiry) = self.expiry {
            debug.field("expiry", &expiry);
        }
        debug.finish()
    }
}

/// Why a provider gave no credentials. The message names the source and never quotes a
/// key or a token.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    source_name: String,
    message: String,
    #[source]
    cause: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

/// What kind of failure a [`CredentialsError`] is; a chain moves on past
/// [`CredentialsErrorKind::NotConfigured`] and stops at the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source holds nothing here (no variables set, no profile file, no metadata
    /// service on this host).
    NotConfigured,
    /// The source holds credentials that cannot be used (a token without keys, an
    /// expired credential, an answer that does not parse).
    Invalid,
    /// Loading failed in a way that may pass (a network error, an error RetCode).
    Transient,
}

impl CredentialsError {
    /// The source holds nothing (a chain tries the next one).
    pub fn not_configured(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::new(CredentialsErrorKind::NotConfigured, source, message)
    }

    /// The source holds credentials that cannot be used.
    pub fn invalid(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::new(CredentialsErrorKind::Invalid, source, message)
    }

    /// Loading failed and may succeed later.
    pub fn transient(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::new(CredentialsErrorKind::Transient, source, message)
    }

    fn new(
        kind: CredentialsErrorKind,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        CredentialsError {
            kind,
            source_name: source.into(),
            message: message.into(),
            cause: None,
        }
    }

    /// This error with the lower layer's error as its `source()`.
    pub fn with_cause(mut self, cause: impl Into<crate::BoxError>) -> Self {
        self.cause = Some(Arc::from(cause.into()));
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The source that failed (`environment`, `profile default`, `instance metadata`).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// What went wrong, without the source's name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The future a [`ProvideCredentials`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Loads credentials. The client calls a provider through a [`CredentialsCache`], so a
/// provider may be slow (a network call) and need not cache anything itself.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Loads a fresh set of credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;

    /// The source's name in errors about what it handed out (`instance metadata`).
    fn source_name(&self) -> &str {
        "credentials provider"
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// A provider as [`crate::Config`] holds it: a fixed [`Credentials`] (read with no I/O
/// and no lock) or any provider behind an `Arc`.
#[derive(Debug, Clone)]
pub struct SharedCredentialsProvider(Provider);

#[derive(Debug, Clone)]
enum Provider {
    /// Fixed credentials, and where they were read (`environment`, `profile `default``).
    Static(Arc<Credentials>, Cow<'static, str>),
    Dynamic(Arc<dyn ProvideCredentials>),
}

impl SharedCredentialsProvider {
    /// Shares `provider`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        SharedCredentialsProvider(Provider::Dynamic(Arc::new(provider)))
    }

    /// Fixed credentials read from `source` (`environment`, `profile `default``), which
    /// [`ProvideCredentials::source_name`] then reports: errors and `sigcal`'s hints
    /// name where a refused key pair came from, never the keys.
    pub fn fixed(credentials: Credentials, source: impl Into<Cow<'static, str>>) -> Self {
        SharedCredentialsProvider(Provider::Static(Arc::new(credentials), source.into()))
    }

    /// The credentials themselves when they are fixed, which needs no I/O to read.
    pub fn as_static(&self) -> Option<&Credentials> {
        match &self.0 {
            Provider::Static(credentials, _) => Some(credentials),
            Provider::Dynamic(_) => None,
        }
    }

    pub(crate) fn static_arc(&self) -> Option<Arc<Credentials>> {
        match &self.0 {
            Provider::Static(credentials, _) => Some(Arc::clone(credentials)),
            Provider::Dynamic(_) => None,
        }
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        SharedCredentialsProvider::fixed(credentials, "explicit credentials")
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        match &self.0 {
            Provider::Static(credentials, _) => credentials.provide_credentials(),
            Provider::Dynamic(provider) => provider.provide_credentials(),
        }
    }

    fn source_name(&self) -> &str {
        match &self.0 {
            Provider::Static(_, source) => source,
            Provider::Dynamic(provider) => provider.source_name(),
        }
    }
}

/// Where the time comes from: the system clock, or in tests a clock they move.
pub trait TimeSource: fmt::Debug + Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}
