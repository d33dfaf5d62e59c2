//! Credentials from the `SIGCAL_*` environment variables.

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

pub use sigcal_protocol::config::{PRIVATE_KEY_VAR, PUBLIC_KEY_VAR, SECURITY_TOKEN_VAR};

/// Where these credentials come from, in errors and hints.
pub(crate) const SOURCE: &str = "environment";

/// Reads `SIGCAL_PUBLIC_KEY`, `SIGCAL_PRIVATE_KEY` and `SIGCAL_SECURITY_TOKEN` each time
/// it is asked.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvironmentProvider;

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async { from_vars(|name| std::env::var(name).ok()) })
    }

    fn source_name(&self) -> &str {
        SOURCE
    }
}

/// Credentials from the variables `var` looks up: both keys, and a token if set. Half a
/// credential (one key, or a token without keys) is an error, never a partial
/// credential; no variable at all is [`super::CredentialsErrorKind::NotConfigured`].
pub(crate) fn from_vars(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Credentials, CredentialsError> {
    let read = |name| var(name).filter(|value: &String| !value.is_empty());
    let token = read(SECURITY_TOKEN_VAR);
    match (read(PUBLIC_KEY_VAR), read(PRIVATE_KEY_VAR)) {
        (Some(public), Some(private)) => {
            let credentials = Credentials::new(public, private);
            Ok(match token {
                Some(token) => credentials.with_security_token(token),
                None => credentials,
            })
        }
        (None, None) if token.is_some() => Err(CredentialsError::invalid(
            SOURCE,
            format!(
                "{SECURITY_TOKEN_VAR} is set but {PUBLIC_KEY_VAR} and {PRIVATE_KEY_VAR} are not; a token is used with the key pair it was issued with"
            ),
        )),
        (None, None) => Err(CredentialsError::not_configured(
            SOURCE,
            format!("{PUBLIC_KEY_VAR} and {PRIVATE_KEY_VAR} are not set"),
        )),
        (Some(_), None) => Err(CredentialsError::invalid(
            SOURCE,
            format!("{PUBLIC_KEY_VAR} is set but {PRIVATE_KEY_VAR} is not"),
        )),
        (None, Some(_)) => Err(CredentialsError::invalid(
            SOURCE,
            format!("{PRIVATE_KEY_VAR} is set but {PUBLIC_KEY_VAR} is not"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn whole_credentials_or_a_named_reason() {
        let full = from_vars(vars(&[
            (PUBLIC_KEY_VAR, "pub"),
            (PRIVATE_KEY_VAR, "secret"),
            (SECURITY_TOKEN_VAR, "token"),
        ]))
        .unwrap();
        assert_eq!(full.security_token(), Some("token"));

        for (pairs, kind, says) in [
            (&[][..], CredentialsErrorKind::NotConfigured, "are not set"),
            (
                &[(SECURITY_TOKEN_VAR, "token")][..],
                CredentialsErrorKind::Invalid,
                "SIGCAL_SECURITY_TOKEN is set",
            ),
            (
                &[(PUBLIC_KEY_VAR, "pub")][..],
                CredentialsErrorKind::Invalid,
                "SIGCAL_PRIVATE_KEY is not",
            ),
            (
                &[(PRIVATE_KEY_VAR, "secret"), (PUBLIC_KEY_VAR, "")][..],
                CredentialsErrorKind::Invalid,
                "SIGCAL_PUBLIC_KEY is not",
            ),
        ] {
            let pairs: &'static [(&'static str, &'static str)] = pairs;
            let error = from_vars(vars(pairs)).unwrap_err();
            assert_eq!(error.kind(), kind, "{error}");
            assert!(error.to_string().contains(says), "{error}");
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }
}
