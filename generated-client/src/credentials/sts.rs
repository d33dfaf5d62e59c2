//! Temporary credentials for a role from STS `AssumeRole`, called through the generated
//! STS client with a base credential.

use std::time::Duration;

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::sts::{AssumeRoleRequest, STSClient};

const SOURCE: &str = "STS AssumeRole";

/// Calls `AssumeRole` with the base client's credentials each time it is asked; the
/// client's cache keeps the answer until shortly before it expires.
#[derive(Debug, Clone)]
pub struct AssumeRoleProvider {
    sts: STSClient,
    request: AssumeRoleRequest,
}

impl AssumeRoleProvider {
    /// Assumes `role_urn` under `session_name`, signing with `base`'s credentials.
    pub fn new(
        base: crate::Client,
        role_urn: impl Into<String>,
        session_name: impl Into<String>,
    ) -> AssumeRoleProvider {
        AssumeRoleProvider {
            sts: STSClient::new(base),
            request: AssumeRoleRequest {
                role_urn: role_urn.into(),
                role_session_name: session_name.into(),
                ..AssumeRoleRequest::default()
            },
        }
    }

    /// How long the credentials should last (whole seconds; STS takes 900 and up).
    pub fn duration(mut self, duration: Duration) -> AssumeRoleProvider {
        self.request.duration_seconds = i64::try_from(duration.as_secs()).ok();
        self
    }

    /// A policy that narrows what the credentials may do.
    pub fn policy(mut self, policy: impl Into<String>) -> AssumeRoleProvider {
        self.request.policy = Some(policy.into());
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let answer = self.sts.send(self.request.clone()).await.map_err(|error| {
            let message = format!("AssumeRole of {} failed: {error}", self.request.role_urn);
            if error.is_retryable() {
                CredentialsError::transient(SOURCE, message)
            } else {
                CredentialsError::invalid(SOURCE, message)
            }
            .with_cause(error)
        })?;
        let invalid = |what: &str| CredentialsError::invalid(SOURCE, format!("the answer {what}"));
        let given = answer
            .into_inner()
            .credentials
            .ok_or_else(|| invalid("has no `Credentials`"))?;
        let field = |value: Option<String>, name: &str| {
            value
                .filter(|v| !v.is_empty())
                .ok_or_else(|| invalid(&format!("has no `Credentials.{name}`")))
        };
        let expiration = field(given.expiration, "Expiration")?;
        let expiry = super::expiry::parse_expiry(&serde_json::Value::String(expiration))
            .ok_or_else(|| invalid("has an `Expiration` that is not a time"))?;
        Ok(Credentials::temporary(
            field(given.access_key_id, "AccessKeyId")?,
            field(given.access_key_secret, "AccessKeySecret")?,
            field(given.security_token, "SecurityToken")?,
            expiry,
        ))
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }

    fn source_name(&self) -> &str {
        SOURCE
    }
}

impl From<AssumeRoleProvider> for super::SharedCredentialsProvider {
    fn from(provider: AssumeRoleProvider) -> Self {
        super::SharedCredentialsProvider::new(provider)
    }
}
