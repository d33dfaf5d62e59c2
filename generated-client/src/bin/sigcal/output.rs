//! Printing answers: JSON (pretty on a terminal, compact in a pipe) or a table.

use std::io::IsTerminal as _;

use serde_json::Value;
use sigcal_client::meta::{ActionMeta, PaginationMeta};
use sigcal_client::{CallOptions, Client, Error, Params};

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
        for envelope in ["RetCode", "Action", "Message"] {
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
            .find(|f| {
                f.ty.starts_with("array[") && !f.ty.contains("string") && !f.ty.contains("int")
            })
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

/// `--all`: every page, as one JSON list of items.
pub(crate) async fn fetch_all(
    client: &Client,
    action: &ActionMeta,
    pagination: PaginationMeta,
    params: Params,
    options: &CallOptions,
) -> Result<Value, Error> {
    let mut offset: i64 = params
        .get(pagination.offset)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let limit: i64 = params
        .get(pagination.limit)
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
        .max(1);
    let mut items = Vec::new();
    loop {
        let mut page = params.clone();
        page.insert(pagination.offset.to_owned(), offset.to_string());
        page.insert(pagination.limit.to_owned(), limit.to_string());
        let answer = client
            .send_raw(action.name, page, action.retry_safe, options)
            .await?
            .into_inner();
        let page_items = match answer.get(pagination.items) {
            Some(Value::Array(list)) => list.clone(),
            _ => Vec::new(),
        };
        let total = answer.get(pagination.total).and_then(|t| {
            t.as_i64()
                .or_else(|| t.as_str().and_then(|s| s.parse().ok()))
        });
        let count = page_items.len() as i64;
        items.extend(page_items);
        offset += count;
        if count == 0 || count < limit || total.is_some_and(|t| offset >= t) {
            break;
        }
    }
    Ok(Value::Array(items))
}
