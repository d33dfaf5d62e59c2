//! Printing answers: JSON (pretty on a terminal, compact in a pipe) or a table.

use std::io::IsTerminal as _;

use serde_json::Value;
use sigcal_client::meta::{ActionMeta, PaginationMeta};
use sigcal_client::{CallOptions, Client, Error, Params, protocol};

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Pretty JSON.
    PrettyJson,
    /// One line of JSON.
    CompactJson,
    /// A table of the list in the answer.
    Table,
}

impl Format {
    pub(crate) fn from_matches(matches: &clap::ArgMatches) -> Format {
        match matches.get_one::<String>("output").map(String::as_str) {
            Some("table") => Format::Table,
            _ if std::io::stdout().is_terminal() => Format::PrettyJson,
            _ => Format::CompactJson,
        }
    }
}

/// The action's fields, without the envelope.
pub(crate) fn print_response(action: &ActionMeta, value: &Value, format: Format) {
    let mut value = value.clone();
    if let Value::Object(map) = &mut value {
        for envelope in protocol::RESPONSE_ENVELOPE {
            map.remove(envelope);
        }
    }
    if format == Format::Table {
        let rows = list_in(action, &value);
        println!("{}", table(rows));
    } else {
        print_json(&value, format);
    }
}

/// The part of `answer` at `path`: the one value, or for a path with `Name[]` the list
/// of every value it selects (items without the field left out). A field the answer
/// does not have, or `[]` on what is not a list, is an error saying which step.
pub(crate) fn query(answer: &Value, path: &sigcal_protocol::path::Path) -> Result<Value, String> {
    let mut values = vec![answer];
    let mut many = false;
    for step in path.steps() {
        let mut next = Vec::new();
        for value in values {
            match value.get(&step.field) {
                Some(found) if step.each => match found {
                    Value::Array(items) => next.extend(items),
                    Value::Null => {}
                    _ => return Err(format!("`{}` is not a list", step.field)),
                },
                Some(found) => next.push(found),
                // In a list, an item without the field is left out.
                None if many => {}
                None => {
                    let known: Vec<&str> = value
                        .as_object()
                        .map(|map| map.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    return Err(format!(
                        "the answer has no `{}` here (it has: {})",
                        step.field,
                        known.join(", ")
                    ));
                }
            }
        }
        many |= step.each;
        values = next;
    }
    if many {
        Ok(Value::Array(values.into_iter().cloned().collect()))
    } else {
        Ok(values.first().map_or(Value::Null, |value| (*value).clone()))
    }
}

pub(crate) fn print_json(value: &Value, format: Format) {
    let text = if format == Format::CompactJson {
        value.to_string()
    } else {
        serde_json::to_string_pretty(value).unwrap_or_default()
    };
    println!("{text}");
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

/// `--all`: every page, as one JSON list of items, paged by the runtime's rules.
pub(crate) async fn fetch_all(
    client: &Client,
    action: &ActionMeta,
    pagination: PaginationMeta,
    params: Params,
    options: CallOptions,
) -> Result<Value, Error> {
    use futures_util::TryStreamExt as _;
    let mut pages = client.pages_raw(action.name, params, action.retry_safe, pagination, options);
    let mut items = Vec::new();
    while let Some(page) = pages.try_next().await? {
        if let Some(Value::Array(list)) = page.into_inner().get_mut(pagination.items) {
            items.append(list);
        }
    }
    Ok(Value::Array(items))
}
