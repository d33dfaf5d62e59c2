//! Which calls may be repeated: by the action's verb (a read changes nothing, so sending
//! it twice is harmless) and by the answer (throttling and overload pass).

/// RetCode of an answer saying the service is briefly unavailable.
pub const SERVICE_UNAVAILABLE: i64 = 150;
/// RetCode of an answer saying the caller is throttled.
pub const THROTTLED: i64 = 153;
/// RetCodes from this one up are the back end's own failures, worth another attempt.
pub const SERVER_ERRORS_FROM: i64 = 2000;

/// RetCode of an answer saying the signature does not match (a wrong private key, or
/// temporary credentials the API no longer knows).
pub const SIGNATURE_REFUSED: i64 = 171;
/// RetCode of an answer saying the security token does not exist (revoked or expired
/// temporary credentials).
pub const TOKEN_REFUSED: i64 = 174;

/// Whether an answer with `ret_code` refused the credentials themselves: temporary
/// credentials that got it are dropped and loaded afresh, and the call is signed again
/// once (the API acted on nothing, so sending it again is harmless).
pub fn ret_code_refuses_credentials(ret_code: i64) -> bool {
    matches!(ret_code, SIGNATURE_REFUSED | TOKEN_REFUSED)
}

/// HTTP statuses that pass: too many requests, and a gateway or service in trouble.
pub const RETRYABLE_STATUSES: [u16; 4] = [429, 502, 503, 504];

/// Verbs of actions that read without changing anything.
pub const READ_VERBS: [&str; 5] = ["Describe", "Get", "List", "Query", "Check"];

/// Whether an action is retried unless its spec says otherwise: its verb is one of
/// [`READ_VERBS`]. Everything else (`Create`, `Terminate`, `Modify`, `Reinstall`, `Reset`,
/// `Start`, `Stop`, …) is not, since a second attempt could act twice.
pub fn verb_is_retry_safe(action: &str) -> bool {
    READ_VERBS.iter().any(|verb| action.starts_with(verb))
}

/// Whether an answer with `ret_code` may succeed when asked again.
pub fn ret_code_is_retryable(ret_code: i64) -> bool {
    matches!(ret_code, SERVICE_UNAVAILABLE | THROTTLED) || ret_code >= SERVER_ERRORS_FROM
}

/// Whether an HTTP answer with `status` may succeed when asked again.
pub fn status_is_retryable(status: u16) -> bool {
    RETRYABLE_STATUSES.contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_safety_follows_the_verb() {
        for (action, safe) in [
            ("DescribePHostImage", true),
            ("GetPHostPrice", true),
            ("ListThings", true),
            ("QueryThing", true),
            ("CheckThing", true),
            ("CreatePHost", false),
            ("TerminatePHost", false),
            ("ReinstallPHost", false),
            ("ModifyPHostInfo", false),
            ("StopUHostInstance", false),
        ] {
            assert_eq!(verb_is_retry_safe(action), safe, "{action}");
        }
    }

    #[test]
    fn throttling_and_overload_pass_and_refusals_do_not() {
        for (ret_code, retryable) in [
            (0, false),
            (150, true),
            (153, true),
            (160, false),
            (171, false),
            (1999, false),
            (2000, true),
            (8039, true),
        ] {
            assert_eq!(ret_code_is_retryable(ret_code), retryable, "{ret_code}");
        }
        for (status, retryable) in [(429, true), (502, true), (503, true), (504, true)] {
            assert_eq!(status_is_retryable(status), retryable, "{status}");
        }
        for status in [200, 400, 403, 404, 500] {
            assert!(!status_is_retryable(status), "{status}");
        }
    }
}
