//! Scripted answers: per action, a fixed answer, a sequence of answers, or an API error,
//! given from Rust ([`crate::FakeServerBuilder::script`]) or from a YAML file
//! ([`Script::from_yaml`], `sigcal fake-server --script FILE.yaml`).
//!
//! A scripted action is still checked like any other (signature, action, parameters);
//! only its answer comes from the script. Each request takes the next reply of the
//! action's sequence, and the last reply repeats once the sequence is used up, so a
//! waiter polling `Initializing`, `Initializing`, `Running` then sees `Running` for good.
//!
//! The file format, one key per action:
//!
//! ```yaml
//! DescribeUHostInstance:
//!   - answer: {UHostSet: [{UHostId: uhost-1, State: Initializing}]}
//!   - answer: {UHostSet: [{UHostId: uhost-1, State: Running}]}
//! CreateUHostInstance:
//!   - error: {RetCode: 8039, Message: quota exceeded}
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Deserialize;
use serde_json::Value;
use sigcal_client::meta::ServiceMeta;
use sigcal_client::protocol;

/// One scripted reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The answer's fields as written (`Action` and `RetCode: 0` are added).
    Answer(Value),
    /// An API error: this RetCode (not 0) and message.
    Error {
        /// The RetCode answered.
        ret_code: i64,
        /// The message answered.
        message: String,
    },
}

impl Reply {
    /// An answer with these fields (a JSON object of the action's response fields).
    pub fn answer(fields: Value) -> Reply {
        Reply::Answer(fields)
    }

    /// An API error with `ret_code` and `message`.
    pub fn error(ret_code: i64, message: impl Into<String>) -> Reply {
        Reply::Error {
            ret_code,
            message: message.into(),
        }
    }
}

/// Replies per action, in the order they are given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    replies: BTreeMap<String, Vec<Reply>>,
    /// Where each reply was written (`file:line:column`), for replies read from a file.
    written_at: BTreeMap<String, Vec<String>>,
}

/// A problem with a script: where (the file and position, when it came from one), which
/// entry, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    problems: Vec<String>,
}

impl ScriptError {
    /// A problem found outside the script's text (a file that cannot be read, say).
    pub fn from_message(message: impl Into<String>) -> ScriptError {
        ScriptError {
            problems: vec![message.into()],
        }
    }

    /// Every problem found, one line each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for ScriptError {}

/// One reply as the file writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "lowercase")]
enum FileReply {
    Answer(BTreeMap<String, Value>),
    Error(FileError),
}

/// A scripted error as the file writes it: the answer's envelope, `RetCode` and an
/// optional `Message`, under the protocol's names.
#[derive(Debug)]
struct FileError {
    ret_code: i64,
    message: Option<String>,
}

impl<'de> Deserialize<'de> for FileError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FileError, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        const FIELDS: &[&str] = &[protocol::RET_CODE, protocol::MESSAGE];

        struct FileErrorVisitor;
        impl<'de> Visitor<'de> for FileErrorVisitor {
            type Value = FileError;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(
                    f,
                    "a map of {} and {}",
                    protocol::RET_CODE,
                    protocol::MESSAGE
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileError, A::Error> {
                // A repeated key never gets here: the YAML reader refuses it first.
                let (mut ret_code, mut message) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        protocol::RET_CODE => ret_code = Some(map.next_value()?),
                        protocol::MESSAGE => message = map.next_value()?,
                        _ => return Err(de::Error::unknown_field(&key, FIELDS)),
                    }
                }
                Ok(FileError {
                    ret_code: ret_code
                        .ok_or_else(|| de::Error::missing_field(protocol::RET_CODE))?,
                    message,
                })
            }
        }
        deserializer.deserialize_map(FileErrorVisitor)
    }
}

impl Script {
    /// An empty script: every action answers as it would unscripted.
    pub fn new() -> Script {
        Script::default()
    }

    /// Appends `replies` to `action`'s sequence.
    pub fn push(&mut self, action: impl Into<String>, replies: impl IntoIterator<Item = Reply>) {
        self.replies
            .entry(action.into())
            .or_default()
            .extend(replies);
    }

    /// Reads a script file's text; `origin` names it in errors (a path, say).
    pub fn from_yaml(origin: &str, text: &str) -> Result<Script, ScriptError> {
        type Located<T> = serde_saphyr::Spanned<T>;
        let parsed: BTreeMap<String, Located<Vec<Located<FileReply>>>> =
            serde_saphyr::from_str(text).map_err(|error| ScriptError {
                problems: vec![yaml_problem(origin, &error)],
            })?;
        let mut script = Script::new();
        for (action, replies) in parsed {
            let at = |location: serde_saphyr::Location| {
                format!("{origin}:{}:{}", location.line(), location.column())
            };
            if replies.value.is_empty() {
                script
                    .written_at
                    .insert(action.clone(), vec![at(replies.referenced)]);
            }
            for reply in replies.value {
                script
                    .written_at
                    .entry(action.clone())
                    .or_default()
                    .push(at(reply.referenced));
                let reply = match reply.value {
                    FileReply::Answer(fields) => {
                        Reply::Answer(Value::Object(fields.into_iter().collect()))
                    }
                    FileReply::Error(error) => Reply::Error {
                        ret_code: error.ret_code,
                        message: error.message.unwrap_or_else(|| "scripted error".to_owned()),
                    },
                };
                script.push(action.clone(), [reply]);
            }
            script.replies.entry(action).or_default();
        }
        Ok(script)
    }

    /// Appends every sequence of `other` to this one's.
    pub fn extend(&mut self, other: Script) {
        for (action, replies) in other.replies {
            let at = other.written_at.get(&action).cloned().unwrap_or_default();
            let known = self.replies.get(&action).map_or(0, Vec::len);
            if known == 0 || !at.is_empty() {
                // Positions index replies; keep them aligned when appending.
                let positions = self.written_at.entry(action.clone()).or_default();
                positions.resize(known, String::new());
                positions.extend(at);
            }
            self.replies.entry(action).or_default().extend(replies);
        }
    }

    /// Whether nothing is scripted.
    pub fn is_empty(&self) -> bool {
        self.replies.is_empty()
    }

    /// Checks every entry against the served services' metadata, reporting every
    /// problem at once: an action none of them has, an empty sequence, an answer that is
    /// not an object or names a field the action's answer does not have, an error with
    /// RetCode 0.
    pub fn check(&self, services: &[&'static ServiceMeta]) -> Result<(), ScriptError> {
        let mut problems = Vec::new();
        for (action, replies) in &self.replies {
            let written_at = self.written_at.get(action);
            let located = |index: usize, what: String| match written_at
                .and_then(|w| w.get(index))
                .filter(|at| !at.is_empty())
            {
                Some(at) => format!("{at}: {what}"),
                None => what,
            };
            let Some((_, meta)) = crate::candidates(services, action).into_iter().next() else {
                let known = suggest(action, services);
                problems.push(located(
                    0,
                    format!("script entry `{action}`: no served service has this action{known}"),
                ));
                continue;
            };
            if replies.is_empty() {
                problems.push(located(0, format!("script entry `{action}`: no replies")));
            }
            for (index, reply) in replies.iter().enumerate() {
                let at = located(
                    index,
                    format!("script entry `{action}`, reply {}", index + 1),
                );
                match reply {
                    Reply::Answer(Value::Object(fields)) => {
                        for name in fields.keys() {
                            if !meta.response.iter().any(|field| field.name == name) {
                                let known: Vec<&str> =
                                    meta.response.iter().map(|field| field.name).collect();
                                problems.push(format!(
                                    "{at}: `{name}` is not a field of {action}'s answer (its fields: {})",
                                    known.join(", ")
                                ));
                            }
                        }
                    }
                    Reply::Answer(other) => problems.push(format!(
                        "{at}: an answer is an object of the answer's fields, not `{other}`"
                    )),
                    Reply::Error { ret_code: 0, .. } => {
                        problems.push(format!("{at}: an error needs a RetCode other than 0"));
                    }
                    Reply::Error { .. } => {}
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScriptError { problems })
        }
    }
}

/// `origin:line:column: message` for a YAML error, the library's own location wording
/// taken out of the message. `sigcal` reports its input documents' errors with it too.
pub fn yaml_problem(origin: &str, error: &serde_saphyr::Error) -> String {
    let full = error.to_string();
    let first = full.lines().next().unwrap_or("invalid YAML");
    let mut message = first.strip_prefix("error: ").unwrap_or(first);
    if let Some(rest) = message.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
    {
        message = after;
    }
    if let Some(cut) = message.rfind(" at line ") {
        message = message.get(..cut).unwrap_or(message);
    }
    match error.location().filter(|location| location.line() > 0) {
        Some(location) => format!(
            "{origin}:{}:{}: {message}",
            location.line(),
            location.column()
        ),
        None => format!("{origin}: {message}"),
    }
}

/// ", did you mean `X`?" for the served action closest to `action`, if one is close.
fn suggest(action: &str, services: &[&'static ServiceMeta]) -> String {
    let names = services
        .iter()
        .flat_map(|service| service.actions.iter().map(|a| a.name));
    sigcal_protocol::suggest::closest(action, names)
        .map_or_else(String::new, |name| format!(" (did you mean `{name}`?)"))
}

/// A script being played: which reply each action is at.
#[derive(Debug, Default)]
pub(crate) struct Player {
    script: Script,
    played: Mutex<BTreeMap<String, usize>>,
}

impl Player {
    pub(crate) fn new(script: Script) -> Player {
        Player {
            script,
            played: Mutex::default(),
        }
    }

    /// The next reply for `action`, if it is scripted; the last one repeats.
    pub(crate) fn next(&self, action: &str) -> Option<Reply> {
        let replies = self.script.replies.get(action)?;
        let mut played = self
            .played
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = played.entry(action.to_owned()).or_insert(0);
        let reply = replies.get(*count).or_else(|| replies.last())?.clone();
        *count += 1;
        Some(reply)
    }
}
