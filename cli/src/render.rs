//! Answers as text: pretty JSON (coloured on request), YAML, and tab-separated rows.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use serde_json::Value;

const KEY: Style = AnsiColor::Blue.on_default().bold();
const STRING: Style = AnsiColor::Green.on_default();
const NUMBER: Style = AnsiColor::Cyan.on_default();
const LITERAL: Style = AnsiColor::Magenta.on_default();

/// `value` as serde_json's JSON, pretty or on one line, with keys, strings, numbers
/// and literals coloured when `color` is set; the same characters otherwise.
pub(crate) fn json(value: &Value, pretty: bool, color: bool) -> String {
    match (color, pretty) {
        (false, true) => serde_json::to_string_pretty(value).unwrap_or_default(),
        (false, false) => value.to_string(),
        (true, _) => {
            let mut out = String::new();
            write_json(&mut out, value, pretty.then_some(0));
            out
        }
    }
}

fn styled(out: &mut String, style: Style, text: &str) {
    let _ = write!(out, "{style}{text}{style:#}");
}

/// `depth`: the indentation level when pretty, `None` on one line.
fn write_json(out: &mut String, value: &Value, depth: Option<usize>) {
    let newline = |out: &mut String, depth: Option<usize>| {
        if let Some(depth) = depth {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    let inner = depth.map(|d| d + 1);
    match value {
        Value::Null | Value::Bool(_) => styled(out, LITERAL, &value.to_string()),
        Value::Number(_) => styled(out, NUMBER, &value.to_string()),
        Value::String(_) => styled(out, STRING, &value.to_string()),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_json(out, item, inner);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(out, inner);
                styled(out, KEY, &Value::String(key.clone()).to_string());
                out.push_str(if depth.is_some() { ": " } else { ":" });
                write_json(out, item, inner);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// `value` as a YAML document (serde-saphyr quotes what would read back as another
/// type, such as `"0123"` or `"yes"`).
pub(crate) fn yaml(value: &Value) -> String {
    match serde_saphyr::to_string(value) {
        Ok(text) if text.ends_with('\n') => text,
        Ok(text) => format!("{text}\n"),
        // A JSON value always serialises; keep the answer visible if that ever breaks.
        Err(_) => format!("{value}\n"),
    }
}

/// `value` as tab-separated rows, for shell loops: a scalar is one line; a list of
/// scalars one line of fields; a list of objects one row per object with a column per
/// key (every key any row has, sorted; a missing one is an empty field); an object one
/// row of its values. A nested list or object is one field of compact JSON. Tabs and
/// line breaks inside a value are written `\t`, `\n`, so a row is always one line.
pub(crate) fn text(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
            let mut columns: Vec<&String> = items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|map| map.keys())
                .collect();
            columns.sort();
            columns.dedup();
            for item in items {
                let row: Vec<String> = columns
                    .iter()
                    .map(|column| item.get(column.as_str()).map(field).unwrap_or_default())
                    .collect();
                out.push_str(&row.join("\t"));
                out.push('\n');
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_array() || i.is_object()) => {
            for item in items {
                out.push_str(&text(item));
            }
        }
        Value::Array(items) => {
            let row: Vec<String> = items.iter().map(field).collect();
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        Value::Object(map) => {
            let row: Vec<String> = map.values().map(field).collect();
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        scalar => {
            out.push_str(&field(scalar));
            out.push('\n');
        }
    }
    out
}

/// One field of a text row.
fn field(value: &Value) -> String {
    let raw = match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => value.to_string(),
    };
    raw.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn coloured_json_is_plain_json_once_the_colour_is_taken_out() {
        let value = json!({"A": [1, "two", null, true, {"B": {}}], "C": [], "D": "x\"y"});
        for pretty in [true, false] {
            let coloured = json(&value, pretty, true);
            assert!(coloured.contains('\u{1b}'));
            let plain = anstream::adapter::strip_str(&coloured).to_string();
            assert_eq!(plain, json(&value, pretty, false));
        }
    }

    #[test]
    fn text_rows() {
        let cases = [
            (json!("web"), "web\n"),
            (json!(null), "\n"),
            (json!(["a", 2, true]), "a\t2\ttrue\n"),
            (
                json!([{"Id": "a", "State": "Running"}, {"Id": "b", "Tag": "x\ty"}]),
                "a\tRunning\t\nb\t\tx\\ty\n",
            ),
            (json!({"Id": "a", "Ips": ["1", "2"]}), "a\t[\"1\",\"2\"]\n"),
            (json!([["a", "b"], ["c"]]), "a\tb\nc\n"),
            (json!("line\nbreak"), "line\\nbreak\n"),
        ];
        for (value, expected) in cases {
            assert_eq!(text(&value), expected, "{value}");
        }
    }

    #[test]
    fn yaml_reads_back_as_the_same_value() {
        let value = json!({"Name": "yes", "Code": "0123", "Count": 3, "List": [{"A": null}], "Text": "a: b\nc"});
        let text = yaml(&value);
        let back: Value = serde_saphyr::from_str(&text).unwrap_or_default();
        assert_eq!(back, value, "{text}");
    }
}
