//! Which values are secrets (passwords, private and secret keys, tokens that
//! authenticate), and how text that may hold them is shown: the generator marks such
//! fields `sensitive`, the runtime's `Debug` output and error messages, the tool's
//! `--dry-run` and `--debug` and the fake's logs leave their values out, all by this
//! one rule.

/// What is shown in place of a secret value.
pub const REDACTED: &str = "<redacted>";

/// Name endings that mark a secret, in lower case (the API spells them `Password`,
/// `PassWord`, `Passwd`, `Privatekey`, …).
const SECRET_ENDINGS: [&str; 7] = [
    "password",
    "passwd",
    "privatekey",
    "privatekeybody",
    "privatekeyplaintext",
    "secret",
    "secretkey",
];

/// Whole names of tokens that authenticate, in lower case; other `…Token` names are
/// paging tokens or ids (`NextToken`, `TokenId`).
const AUTH_TOKENS: [&str; 5] = [
    "token",
    "securitytoken",
    "accesstoken",
    "apptoken",
    "vnctoken",
];

/// Whether a field named `name` holds a secret by its name, in any letter case: a
/// password, a private or secret key, a token that authenticates. Paging tokens
/// (`NextToken`) and ids of tokens (`TokenId`) are not secrets. The generator applies
/// it to text fields only (a `bool` `HasPassword` is shown), and a spec entry's
/// `sensitive` overrides it.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_ENDINGS.iter().any(|end| lower.ends_with(end)) || AUTH_TOKENS.contains(&&*lower)
}

/// Whether a flat request key (`Password`, `Disks.0.Password`, `Nodes.1.Privatekey`)
/// holds a secret: its last segment that is not a list index is a secret's name.
pub fn is_secret_key(key: &str) -> bool {
    crate::keys::segments(key)
        .rev()
        .find(|segment| !crate::keys::is_index(segment))
        .is_some_and(is_secret_name)
}

/// `text` with the value of every member whose name is a secret's replaced by
/// `"<redacted>"`, for quoting an answer in an error or a log. Works on JSON that is
/// cut short or malformed too (an excerpt, an answer that failed to decode): a secret
/// value that runs to the end of the text is redacted to the end. Text that is not JSON
/// comes back unchanged.
pub fn redact_json(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Where the text not yet copied to `out` starts.
    let mut copied = 0;
    let mut at = 0;
    while let Some(quote) = find_byte(bytes, at, b'"') {
        let key_end = string_end(bytes, quote + 1);
        let key = text.get(quote + 1..key_end).unwrap_or_default();
        let mut next = skip_space(bytes, key_end + 1);
        if bytes.get(next) != Some(&b':') || !is_secret_name(key) {
            at = key_end + 1;
            continue;
        }
        next = skip_space(bytes, next + 1);
        let value_end = match bytes.get(next) {
            Some(b'"') => string_end(bytes, next + 1) + 1,
            Some(b'{' | b'[') | None => {
                at = next;
                continue;
            }
            Some(_) => scalar_end(bytes, next),
        }
        .min(bytes.len());
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(text.get(copied..next).unwrap_or_default());
        out.push('"');
        out.push_str(REDACTED);
        out.push('"');
        copied = value_end;
        at = value_end;
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(text.get(copied..).unwrap_or_default());
            std::borrow::Cow::Owned(out)
        }
    }
}

fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|b| *b == byte)
        .map(|at| from + at)
}

/// Where the string whose text starts at `from` ends (its closing quote, or the end).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

fn skip_space(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Where a number, `true`, `false` or `null` starting at `from` ends.
fn scalar_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while bytes
        .get(at)
        .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
    {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_known_by_name_in_any_case_and_ids_of_them_are_not() {
        for secret in [
            "Password",
            "PassWord",
            "password",
            "AdminPassword",
            "VncPassword",
            "PrivateKey",
            "Privatekey",
            "SslPrivateKey",
            "PrivateKeyPlaintext",
            "AccessKeySecret",
            "SecretKey",
            "SecurityToken",
            "Token",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for plain in [
            "PasswordResetRequired",
            "MaxPasswordAge",
            "PublicKey",
            "PrivateKeyCiphertextBlob",
            "NextToken",
            "TokenId",
            "TokenName",
            "AccessKeyId",
        ] {
            assert!(!is_secret_name(plain), "{plain}");
        }
    }

    #[test]
    fn flat_keys_are_judged_by_their_last_name() {
        assert!(is_secret_key("Password"));
        assert!(is_secret_key("Disks.0.Password"));
        assert!(is_secret_key("Nodes.3.Privatekey"));
        assert!(!is_secret_key("Password.Length"));
        assert!(!is_secret_key("UHostIds.0"));
        assert!(!is_secret_key("0"));
    }

    #[test]
    fn answers_are_quoted_without_their_secrets() {
        let answer = r#"{"RetCode":0,"Credentials":{"AccessKeyId":"AK","AccessKeySecret":"s3cr\"et","SecurityToken" : "tok","Expiration":17},"Token":12345}"#;
        let shown = redact_json(answer);
        assert_eq!(
            shown,
            r#"{"RetCode":0,"Credentials":{"AccessKeyId":"AK","AccessKeySecret":"<redacted>","SecurityToken" : "<redacted>","Expiration":17},"Token":"<redacted>"}"#
        );
        // Cut short inside the secret: redacted to the end.
        assert_eq!(
            redact_json(r#"{"Password":"hunter2-and-mo"#),
            r#"{"Password":"<redacted>""#
        );
        assert_eq!(redact_json(r#"{"Password""#), r#"{"Password""#);
        // Not JSON, or no secret: unchanged and not copied.
        for text in [
            "<html>Password: x</html>",
            r#"{"Name":"Password"}"#,
            "",
            "\"",
            "\"\\",
        ] {
            assert!(matches!(redact_json(text), std::borrow::Cow::Borrowed(t) if t == text));
        }
        // Structures named like secrets are walked into, not dropped.
        assert_eq!(
            redact_json(r#"{"Secret":{"Password":"x"}}"#),
            r#"{"Secret":{"Password":"<redacted>"}}"#
        );
    }
}
