//! The envelope every call carries besides the action's own parameters and fields.

/// The request parameter naming the action; also the answer's field naming it
/// ([`response_action`]).
pub const ACTION: &str = "Action";
/// The request parameter carrying the public key.
pub const PUBLIC_KEY: &str = "PublicKey";
/// The request parameter carrying the signature.
pub const SIGNATURE: &str = "Signature";
/// The request parameter carrying the security token of temporary credentials; signed
/// like the others.
pub const SECURITY_TOKEN: &str = "SecurityToken";
/// Parameters a request carries besides the action's own (`SecurityToken` only with
/// temporary credentials). A spec never declares them.
pub const REQUEST: [&str; 4] = [ACTION, PUBLIC_KEY, SECURITY_TOKEN, SIGNATURE];

/// The answer's status code; 0 is success.
pub const RET_CODE: &str = "RetCode";
/// The answer's explanation of a non-zero `RetCode`.
pub const MESSAGE: &str = "Message";
/// Fields every answer carries besides the action's own. A spec never declares them.
pub const RESPONSE: [&str; 3] = [RET_CODE, ACTION, MESSAGE];

/// The answer's `Action` field for `action`: `DescribeUHostInstanceResponse`.
pub fn response_action(action: &str) -> String {
    format!("{action}{RESPONSE_SUFFIX}")
}

/// What [`response_action`] appends.
const RESPONSE_SUFFIX: &str = "Response";

/// Whether `name` is a parameter ([`REQUEST`]) or answer field ([`RESPONSE`]) of the
/// envelope.
pub fn is_request_envelope(name: &str) -> bool {
    REQUEST.contains(&name)
}

/// Whether `name` is a field every answer carries.
pub fn is_response_envelope(name: &str) -> bool {
    RESPONSE.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_names_its_action_with_the_suffix() {
        assert_eq!(response_action("AssumeRole"), "AssumeRoleResponse");
        assert!(is_request_envelope("Signature") && !is_request_envelope("Region"));
        assert!(is_response_envelope("RetCode") && !is_response_envelope("TotalCount"));
    }
}
