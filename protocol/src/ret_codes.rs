//! The RetCodes every service shares (the "error codes" table of the API's quick-start
//! page), what each means and what to do about it. The runtime's `Error::hint`, the
//! `sigcal` tool and the fake read them from here.

use crate::retry;

/// One common RetCode: its meaning and what the caller should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommonRetCode {
    /// The code.
    pub code: i64,
    /// What the API means by it, in one line.
    pub meaning: &'static str,
    /// What to do about it. `{action}` stands for the action called.
    pub hint: &'static str,
}

/// RetCode of an answer saying the call took longer than the API allows (60 s).
pub const API_TIMEOUT: i64 = 110;
/// RetCode of an answer saying the gateway or the authentication service failed.
pub const GATEWAY_ERROR: i64 = 130;
/// RetCode of a request without `Action`.
pub const MISSING_ACTION: i64 = 160;
/// RetCode of a request naming an action the API does not have.
pub const NO_SUCH_ACTION: i64 = 161;
/// RetCode of a request without `Signature`.
pub const MISSING_SIGNATURE: i64 = 170;
/// RetCode of a request whose public key names no user.
pub const NO_SUCH_USER: i64 = 172;
/// RetCode of a request naming a project that does not exist.
pub const NO_SUCH_PROJECT: i64 = 292;
/// RetCode of a request for a zone the account may not use.
pub const ZONE_NOT_ALLOWED: i64 = 293;
/// RetCode of a request from an address the key's allow-list refuses.
pub const ADDRESS_REFUSED: i64 = 294;
/// RetCode of a request the account's security lock stopped.
pub const SECURITY_LOCK: i64 = 295;
/// RetCode of a request the caller's IAM policies do not allow.
pub const IAM_DENIED: i64 = 299;

/// The common RetCodes, in order.
pub const COMMON: &[CommonRetCode] = &[
    CommonRetCode {
        code: API_TIMEOUT,
        meaning: "the API took longer than 60 seconds to answer",
        hint: "the action may still have happened: check its effect (describe the resource) before sending it again",
    },
    CommonRetCode {
        code: GATEWAY_ERROR,
        meaning: "the API gateway or its authentication service failed",
        hint: "a fault on the API's side; try again in a moment",
    },
    CommonRetCode {
        code: retry::SERVICE_UNAVAILABLE,
        meaning: "the service is unavailable for now",
        hint: "try again later; more attempts (--max-attempts, ConfigBuilder::max_attempts) retry it with backoff",
    },
    CommonRetCode {
        code: retry::THROTTLED,
        meaning: "the request was throttled",
        hint: "send fewer requests per second; more attempts (--max-attempts, ConfigBuilder::max_attempts) wait and retry",
    },
    CommonRetCode {
        code: MISSING_ACTION,
        meaning: "the request has no Action",
        hint: "name the action to call",
    },
    CommonRetCode {
        code: NO_SUCH_ACTION,
        meaning: "the API has no such action",
        hint: "check the spelling of `{action}` and the endpoint: the action may be newer than this API, or belong to another endpoint",
    },
    CommonRetCode {
        code: MISSING_SIGNATURE,
        meaning: "the request has no Signature",
        hint: "sign every request with the private key",
    },
    CommonRetCode {
        code: retry::SIGNATURE_REFUSED,
        meaning: "the signature does not match",
        hint: "check that the private key belongs to the public key used (a pasted key with a space or a line break cut off is the usual cause); requests carry no timestamp, so the clock is not the cause",
    },
    CommonRetCode {
        code: NO_SUCH_USER,
        meaning: "no user has this public key",
        hint: "check the public key: it may be mistyped, deleted, or from another account",
    },
    CommonRetCode {
        code: retry::TOKEN_REFUSED,
        meaning: "the security token does not exist",
        hint: "the temporary credentials expired or were revoked: assume the role again, or drop the token to use a key pair",
    },
    CommonRetCode {
        code: NO_SUCH_PROJECT,
        meaning: "the project does not exist",
        hint: "check ProjectId (--project-id, SIGCAL_PROJECT_ID, the profile): it must be a project of this account",
    },
    CommonRetCode {
        code: ZONE_NOT_ALLOWED,
        meaning: "the account may not use this zone",
        hint: "check Region and Zone, and that the account has access to the zone",
    },
    CommonRetCode {
        code: ADDRESS_REFUSED,
        meaning: "the API refused the caller's IP address",
        hint: "the key has an IP allow-list: call from an allowed address, or add this one to the list in the console",
    },
    CommonRetCode {
        code: SECURITY_LOCK,
        meaning: "the account's security lock stopped the request",
        hint: "the account protects this operation with a security lock: confirm it in the console, or ask the account's owner",
    },
    CommonRetCode {
        code: IAM_DENIED,
        meaning: "the caller's IAM policies do not allow this",
        hint: "ask an administrator to allow `{action}` for this user or role (and the resource it names)",
    },
];

/// What `ret_code` means and what to do about it, when it is a common one.
pub fn common(ret_code: i64) -> Option<&'static CommonRetCode> {
    COMMON.iter().find(|known| known.code == ret_code)
}

impl CommonRetCode {
    /// The hint with the action's name in place of `{action}`.
    pub fn hint_for(&self, action: &str) -> String {
        self.hint.replace("{action}", action)
    }
}

/// Whether `ret_code` says something about the credentials used (wrong key pair,
/// unknown user, expired token): the place to say which credentials those were.
pub fn ret_code_concerns_credentials(ret_code: i64) -> bool {
    matches!(
        ret_code,
        retry::SIGNATURE_REFUSED | NO_SUCH_USER | retry::TOKEN_REFUSED
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_once_in_order_with_an_ending_hint() {
        let codes: Vec<i64> = COMMON.iter().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for known in COMMON {
            assert!(
                !known.hint.is_empty() && !known.hint.ends_with('.'),
                "{known:?}"
            );
            assert_eq!(common(known.code), Some(known));
        }
        assert_eq!(common(0), None);
        assert_eq!(common(8039), None);
    }

    #[test]
    fn the_action_is_named_where_the_hint_wants_it() {
        let denied = common(IAM_DENIED).map(|c| c.hint_for("DescribeUHostInstance"));
        assert!(denied.is_some_and(|h| h.contains("`DescribeUHostInstance`")));
        let signature = common(retry::SIGNATURE_REFUSED).map(|c| c.hint_for("X"));
        assert!(signature.is_some_and(|h| h.contains("clock is not the cause")));
    }
}
