//! Errors on stderr: one line saying what failed, a `hint:` line saying what to do
//! (from the catalogue of common RetCodes, [`sigcal_protocol::ret_codes`]), and with
//! `-o json` one JSON object instead, for scripts.

use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use serde_json::{Map, Value, json};
use sigcal_client::Error;

use crate::exit;
use crate::output::Printer;

const PREFIX: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Yellow.on_default().bold();

/// Where an error is reported: how, and which credentials the call used (their
/// source's name, never their values).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Report<'a> {
    pub(crate) printer: Printer,
    pub(crate) credentials: Option<&'a str>,
}

impl Report<'_> {
    /// `error` on stderr, and the exit code of its kind.
    pub(crate) fn error(&self, error: &Error) -> ExitCode {
        let code = exit_code(error);
        let mut hint = error.hint();
        if let (Some(source), Some(ret_code)) = (self.credentials, api_ret_code(error))
            && sigcal_protocol::ret_codes::ret_code_concerns_credentials(ret_code)
        {
            let used = format!("the credentials used came from the {source}");
            hint = Some(match hint {
                Some(hint) => format!("{hint}; {used}"),
                None => used,
            });
        }
        if self.printer.is_json() {
            eprintln!("{}", self.json(error, hint.as_deref()));
        } else {
            self.line(&error.to_string(), hint.as_deref());
        }
        ExitCode::from(code)
    }

    /// A message of the tool's own (a usage or configuration problem), with `code`.
    pub(crate) fn message(&self, message: &str, code: u8) -> ExitCode {
        if self.printer.is_json() {
            let kind = if code == exit::USAGE { "Usage" } else { "Tool" };
            eprintln!("{}", json!({"Error": kind, "Message": message}));
        } else {
            self.line(message, None);
        }
        ExitCode::from(code)
    }

    fn line(&self, message: &str, hint: Option<&str>) {
        let paint = |style: Style, text: &str| {
            if self.printer.color_errors {
                format!("{style}{text}{style:#}")
            } else {
                text.to_owned()
            }
        };
        eprintln!("{} {message}", paint(PREFIX, "sigcal:"));
        if let Some(hint) = hint {
            eprintln!("{} {hint}", paint(HINT, "hint:"));
        }
    }

    /// `{"Error": kind, "Action", "RetCode", "Message", "RequestId", "Status", "Hint"}`,
    /// each only when the error has it.
    fn json(&self, error: &Error, hint: Option<&str>) -> Value {
        let mut object = Map::new();
        object.insert("Error".into(), json!(kind(error)));
        if let Error::Api {
            action,
            ret_code,
            message,
            ..
        } = error
        {
            object.insert("Action".into(), json!(action));
            object.insert("RetCode".into(), json!(ret_code));
            object.insert("Message".into(), json!(message));
        } else {
            object.insert("Message".into(), json!(error.to_string()));
        }
        if let Some(request_id) = error.request_id() {
            object.insert("RequestId".into(), json!(request_id));
        }
        if let Some(status) = error.status() {
            object.insert("Status".into(), json!(status));
        }
        if let Some(hint) = hint {
            object.insert("Hint".into(), json!(hint));
        }
        Value::Object(object)
    }
}

/// The RetCode of an API error, or of the last attempt before a deadline.
fn api_ret_code(error: &Error) -> Option<i64> {
    match error {
        Error::Deadline {
            last_error: Some(last),
            ..
        } => api_ret_code(last),
        _ => error.ret_code(),
    }
}

/// The error's kind, as JSON errors name it.
fn kind(error: &Error) -> &'static str {
    match error {
        Error::Api { .. } => "Api",
        Error::Http { .. } => "Http",
        Error::Timeout { .. } => "Timeout",
        Error::Connection { .. } => "Connection",
        Error::Tls { .. } => "Tls",
        Error::Deadline { .. } => "Deadline",
        Error::Redirect { .. } => "Redirect",
        Error::Config { .. } => "Config",
        Error::Credentials { .. } => "Credentials",
        Error::InvalidRequest { .. } => "InvalidRequest",
        Error::Decode { .. } => "Decode",
        Error::ResponseTooLarge { .. } => "ResponseTooLarge",
        Error::Paging { .. } => "Paging",
        _ => "Other",
    }
}

/// The exit code of an error's kind (documented in `sigcal --help`).
pub(crate) fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Api { .. } | Error::Http { .. } => exit::API,
        Error::Timeout { .. }
        | Error::Connection { .. }
        | Error::Tls { .. }
        | Error::Deadline { .. }
        | Error::Redirect { .. } => exit::NETWORK,
        Error::Config { .. } | Error::Credentials { .. } => exit::CONFIG,
        Error::InvalidRequest { .. } => exit::USAGE,
        Error::Decode { .. } | Error::ResponseTooLarge { .. } | Error::Paging { .. } => {
            exit::DECODE
        }
        _ => 1,
    }
}
