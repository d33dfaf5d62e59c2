//! Printing answers: JSON (pretty on a terminal, compact in a pipe) or a table.

use std::io::IsTerminal as _;

use serde_json::Value;
use sigcal_client::meta::ActionMeta;
use sigcal_client::protocol;

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Pretty JSON.
    PrettyJson,
    /// One line of JSON.
    CompactJson,
    /// A table of the list in the answer.
    Table,
    /// YAML.
    Yaml,
    /// Tab-separated rows, one per item (as aws-cli's `text`).
    Text,
}

/// How answers and errors are shown: the format, and whether stdout and stderr get
/// colour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Printer {
    pub(crate) format: Format,
    /// Colour on stdout (JSON).
    pub(crate) color: bool,
    /// Colour on stderr (the `sigcal:` and `hint:` prefixes).
    pub(crate) color_errors: bool,
    /// `-o json` was given: errors go to stderr as JSON too.
    pub(crate) json_errors: bool,
}

impl Printer {
    pub(crate) fn from_matches(matches: &clap::ArgMatches) -> Printer {
        let output = matches
            .try_get_one::<String>("output")
            .ok()
            .flatten()
            .map(String::as_str);
        let format = match output {
            Some("table") => Format::Table,
            Some("yaml") => Format::Yaml,
            Some("text") => Format::Text,
            _ if std::io::stdout().is_terminal() => Format::PrettyJson,
            _ => Format::CompactJson,
        };
        let choice = color_choice(matches);
        let on = |choice: anstream::ColorChoice| choice != anstream::ColorChoice::Never;
        Printer {
            format,
            color: on(resolve(
                choice,
                &anstream::AutoStream::choice(&std::io::stdout()),
            )),
            color_errors: on(resolve(
                choice,
                &anstream::AutoStream::choice(&std::io::stderr()),
            )),
            json_errors: output == Some("json"),
        }
    }

    /// Whether `-o json` was asked for (errors then go to stderr as JSON too).
    pub(crate) fn is_json(self) -> bool {
        self.json_errors
    }

    /// `value` in the chosen format; a table shows a list's items as rows.
    pub(crate) fn value(self, value: &Value) {
        match self.format {
            Format::Table => {
                let rows = match value {
                    Value::Array(items) => items.iter().collect(),
                    _ => vec![value],
                };
                println!("{}", table(rows));
            }
            Format::Yaml => print!("{}", crate::render::yaml(value)),
            Format::Text => print!("{}", crate::render::text(value)),
            Format::PrettyJson => println!("{}", crate::render::json(value, true, self.color)),
            Format::CompactJson => println!("{}", crate::render::json(value, false, self.color)),
        }
    }

    /// The action's answer without the envelope; tables and text show the list the
    /// answer holds.
    pub(crate) fn response(self, action: &ActionMeta, value: &Value) {
        let mut value = value.clone();
        if let Value::Object(map) = &mut value {
            for envelope in protocol::RESPONSE_ENVELOPE {
                map.remove(envelope);
            }
        }
        match self.format {
            Format::Table | Format::Text => {
                let rows = list_in(action, &value)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>();
                self.value(&Value::Array(rows));
            }
            _ => self.value(&value),
        }
    }
}

/// `--color`: the flag, else `auto`.
fn color_choice(matches: &clap::ArgMatches) -> anstream::ColorChoice {
    match matches
        .try_get_one::<String>("color")
        .ok()
        .flatten()
        .map(String::as_str)
    {
        Some("always") => anstream::ColorChoice::Always,
        Some("never") => anstream::ColorChoice::Never,
        _ => anstream::ColorChoice::Auto,
    }
}

/// `auto` is what the stream supports (a terminal, and neither `NO_COLOR` nor
/// `CLICOLOR=0` set); `always` and `never` are themselves.
fn resolve(
    choice: anstream::ColorChoice,
    stream_choice: &anstream::ColorChoice,
) -> anstream::ColorChoice {
    match choice {
        anstream::ColorChoice::Auto => *stream_choice,
        chosen => chosen,
    }
}

/// The part of `answer` at `path`: the one value, or for a path with `Name[]` the list
/// of every value it selects (items without the field left out). A field the answer
/// does not have, or `[]` on what is not a list, is an error saying which step
/// (`sigcal_protocol::path::Path::select`, the reader the waiters and the fake use).
pub(crate) fn query(answer: &Value, path: &sigcal_protocol::path::Path) -> Result<Value, String> {
    let selection = path.select(answer, sigcal_protocol::path::Absent::Fail)?;
    if selection.many {
        Ok(Value::Array(
            selection.values.into_iter().cloned().collect(),
        ))
    } else {
        Ok(selection
            .values
            .first()
            .map_or(Value::Null, |value| (*value).clone()))
    }
}

/// The list a table shows: the paginated items, the first list of objects, or the
/// answer itself as one row.
fn list_in<'a>(action: &ActionMeta, value: &'a Value) -> Vec<&'a Value> {
    if let Value::Array(items) = value {
        return items.iter().collect();
    }
    let items_field = action.pagination.map(|p| p.items).or_else(|| {
        action
            .response
            .iter()
            .find(|f| f.ty.is_list() && f.ty.named_element().is_some())
            .map(|f| f.name)
    });
    match items_field.and_then(|field| value.get(field)) {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => vec![value],
    }
}

fn table(rows: Vec<&Value>) -> comfy_table::Table {
    let mut columns: Vec<String> = Vec::new();
    for row in &rows {
        if let Value::Object(map) = row {
            for key in map.keys() {
                if !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
        }
    }
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::ASCII_MARKDOWN);
    table.set_header(columns.clone());
    for row in rows {
        table.add_row(columns.iter().map(|column| {
            match row.get(column) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.clone(),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(","),
                Some(other) => other.to_string(),
            }
        }));
    }
    table
}
