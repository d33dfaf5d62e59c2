//! The default chain: explicit credentials, then the environment, then the profile
//! files, then the instance metadata service.

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, EnvironmentProvider,
    InstanceMetadata, InstanceMetadataProvider, ProfileProvider, ProvideCredentials,
    SharedCredentialsProvider,
};

/// Tries each source in turn and uses the first that has credentials.
///
/// A source that holds nothing ([`CredentialsErrorKind::NotConfigured`]) passes to the
/// next; a source that holds credentials it cannot hand out (half a key pair, an
/// unreadable file, an error from the metadata service) ends the chain, so a call is
/// never signed with what a later source happens to have. The error names every source
/// tried and why each gave nothing.
#[derive(Debug, Clone)]
pub struct DefaultCredentialsChain {
    sources: Vec<(String, SharedCredentialsProvider)>,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        DefaultCredentialsChain::new()
    }
}

impl DefaultCredentialsChain {
    /// The environment, the active profile of `~/.sigcal`, and the metadata service at
    /// its default address.
    pub fn new() -> DefaultCredentialsChain {
        DefaultCredentialsChain::empty()
            .then("environment", EnvironmentProvider)
            .then("profile", ProfileProvider::new())
            .then(
                "instance metadata",
                InstanceMetadataProvider::new(InstanceMetadata::new()),
            )
    }

    /// The default chain with explicit credentials first.
    pub fn with_explicit(credentials: Credentials) -> DefaultCredentialsChain {
        let mut chain = DefaultCredentialsChain::new();
        chain
            .sources
            .insert(0, ("explicit".to_owned(), credentials.into()));
        chain
    }

    /// A chain with no source yet (add them with [`DefaultCredentialsChain::then`]).
    pub fn empty() -> DefaultCredentialsChain {
        DefaultCredentialsChain {
            sources: Vec::new(),
        }
    }

    /// Adds `provider` after the sources already in the chain.
    pub fn then(
        mut self,
        name: impl Into<String>,
        provider: impl Into<SharedCredentialsProvider>,
    ) -> DefaultCredentialsChain {
        self.sources.push((name.into(), provider.into()));
        self
    }

    /// Replaces the source named `name` (to point the profile source at another
    /// directory, or the metadata source at a service on loopback).
    pub fn replace(
        mut self,
        name: &str,
        provider: impl Into<SharedCredentialsProvider>,
    ) -> DefaultCredentialsChain {
        if let Some(slot) = self.sources.iter_mut().find(|(n, _)| n == name) {
            slot.1 = provider.into();
        }
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for (name, provider) in &self.sources {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(source = name.as_str(), "credentials loaded");
                    return Ok(credentials);
                }
                Err(error) if error.kind() == CredentialsErrorKind::NotConfigured => {
                    tried.push(format!("{name}: {error}"));
                }
                Err(error) => {
                    tried.push(format!("{name}: {error}"));
                    return Err(CredentialsError::new(
                        error.kind(),
                        "credentials chain",
                        format!("{name} failed; tried {}", tried.join("; ")),
                    )
                    .with_cause(error));
                }
            }
        }
        Err(CredentialsError::not_configured(
            "credentials chain",
            if tried.is_empty() {
                "no source in the chain".to_owned()
            } else {
                format!("no source had credentials; tried {}", tried.join("; "))
            },
        ))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }

    fn source_name(&self) -> &str {
        "credentials chain"
    }
}

impl From<DefaultCredentialsChain> for SharedCredentialsProvider {
    fn from(chain: DefaultCredentialsChain) -> Self {
        SharedCredentialsProvider::new(chain)
    }
}

impl From<EnvironmentProvider> for SharedCredentialsProvider {
    fn from(provider: EnvironmentProvider) -> Self {
        SharedCredentialsProvider::new(provider)
    }
}

impl From<ProfileProvider> for SharedCredentialsProvider {
    fn from(provider: ProfileProvider) -> Self {
        SharedCredentialsProvider::new(provider)
    }
}
