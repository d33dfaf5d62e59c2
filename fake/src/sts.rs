//! Temporary credentials: STS `AssumeRole` hands out a key pair with a security token
//! and an expiry, and the server then accepts calls signed with them, as the real API
//! does (the token travels as `SecurityToken`, signed with the rest).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use sigcal_client::{Params, protocol};

/// How long issued credentials last when `DurationSeconds` is not given.
const DEFAULT_DURATION: Duration = Duration::from_secs(3600);
/// The shortest `DurationSeconds` STS takes (15 minutes).
pub(crate) const MIN_DURATION: Duration = Duration::from_secs(900);
/// The longest `DurationSeconds` STS takes (12 hours).
pub(crate) const MAX_DURATION: Duration = Duration::from_secs(43_200);

/// One issued credential.
#[derive(Debug, Clone)]
struct Issued {
    public_key: String,
    private_key: String,
    security_token: String,
    expires: SystemTime,
}

/// Every credential the server has issued.
#[derive(Debug, Default)]
pub(crate) struct Issuer {
    issued: Mutex<Vec<Issued>>,
}

/// Why a call's credentials are refused: the RetCode and message of the real API.
pub(crate) type Refusal = (i64, String);

impl Issuer {
    /// `AssumeRole`'s answer: fresh credentials for the role, remembered; refused, as
    /// the API's RetCode 230, when `DurationSeconds` is not a whole number of seconds
    /// from [`MIN_DURATION`] to [`MAX_DURATION`].
    pub(crate) fn assume_role(&self, params: &Params) -> Result<Value, Refusal> {
        let duration = match params.get("DurationSeconds") {
            None => DEFAULT_DURATION,
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .map(Duration::from_secs)
                .filter(|d| (MIN_DURATION..=MAX_DURATION).contains(d))
                .ok_or_else(|| {
                    (
                        230,
                        format!(
                            "Params [DurationSeconds] not valid: `{}` is not a number of seconds from {} to {}",
                            text.escape_debug(),
                            MIN_DURATION.as_secs(),
                            MAX_DURATION.as_secs()
                        ),
                    )
                })?,
        };
        let expires = SystemTime::now() + duration;
        let issued = Issued {
            public_key: format!("sts-{:016x}", rand::random::<u64>()),
            private_key: format!("{:032x}", rand::random::<u128>()),
            security_token: format!("token-{:032x}", rand::random::<u128>()),
            expires,
        };
        let answer = json!({
            "Credentials": {
                "AccessKeyId": issued.public_key,
                "AccessKeySecret": issued.private_key,
                "SecurityToken": issued.security_token,
                "Expiration": rfc3339(expires),
            }
        });
        if let Ok(mut all) = self.issued.lock() {
            all.push(issued);
        }
        Ok(answer)
    }

    /// The private key that signed a call made with issued credentials; `None` when the
    /// public key is not one the server issued.
    pub(crate) fn private_key_for(&self, params: &Params) -> Option<Result<String, Refusal>> {
        let public_key = params.get(protocol::PUBLIC_KEY)?;
        let all = self.issued.lock().ok()?;
        let issued = all.iter().find(|i| i.public_key == public_key)?;
        Some(match params.get(protocol::SECURITY_TOKEN) {
            None => Err((
                174,
                "Token not exist: a temporary key needs its SecurityToken".into(),
            )),
            Some(token) if token != issued.security_token => Err((174, "Token not exist".into())),
            Some(_) if issued.expires <= SystemTime::now() => Err((174, "Token expired".into())),
            Some(_) => Ok(issued.private_key.clone()),
        })
    }
}

/// `2026-12-02T19:08:41Z`, as STS writes expiry times.
fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn expiry_times_are_rfc3339() {
        for (seconds, text) in [
            (0, "1970-01-01T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
        ] {
            assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(seconds)), text);
        }
    }
}
