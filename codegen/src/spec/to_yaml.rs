//! A spec document back to YAML, in the layout `spec/README.md` shows. Used by
//! `cargo codegen import`; writing what was read gives the same text again, so a
//! repeated import changes nothing.

use std::fmt::Write as _;

use super::model::{
    Action, Entries, EnumDef, Field, Model, Resource, Scalar, Spanned, SpecFile, Waiter,
};

/// The first line of every spec file: names the JSON Schema of the format (written by
/// `cargo codegen schema` next to the specs) for editors with the YAML language server.
pub const SCHEMA_MODELINE: &str = "# yaml-language-server: $schema=spec.schema.json";

/// The whole document.
pub fn to_yaml(spec: &SpecFile) -> String {
    let mut out = String::new();
    let service = &spec.service;
    out.push_str(SCHEMA_MODELINE);
    out.push('\n');
    let _ = writeln!(
        out,
        "# The {} service of the SigcalCloud API; the format is in spec/README.md.",
        service.name.value
    );
    let _ = writeln!(
        out,
        "# `cargo codegen import` rewrites this file, keeping hand edits (rust_name, retry_safe, aliases, sdk_name, sensitive, enum types)."
    );
    out.push_str("service:\n");
    key_value(&mut out, 1, "name", &service.name.value);
    if let Some(module) = &service.module {
        key_value(&mut out, 1, "module", &module.value);
    }
    key_value(&mut out, 1, "endpoint", &service.endpoint.value);
    key_value(&mut out, 1, "version", &service.version.value);
    if let Some(summary) = &service.summary {
        key_value(&mut out, 1, "summary", &summary.value);
    }
    if let Some(description) = &service.description {
        key_value(&mut out, 1, "description", description);
    }
    if let Some(sdk_module) = &service.sdk_module {
        key_value(&mut out, 1, "sdk_module", &sdk_module.value);
    }
    if !spec.actions.is_empty() {
        out.push_str("\nactions:\n");
        for entry in spec.actions.iter() {
            action(&mut out, &entry.name.value, &entry.value);
        }
    }
    if !spec.models.is_empty() {
        out.push_str("\nmodels:\n");
        for entry in spec.models.iter() {
            model(&mut out, &entry.name.value, &entry.value);
        }
    }
    if !spec.enums.is_empty() {
        out.push_str("\nenums:\n");
        for entry in spec.enums.iter() {
            enumeration(&mut out, &entry.name.value, &entry.value);
        }
    }
    if !spec.waiters.is_empty() {
        out.push_str("\nwaiters:\n");
        for entry in spec.waiters.iter() {
            waiter(&mut out, &entry.name.value, &entry.value);
        }
    }
    if !spec.resources.is_empty() {
        out.push_str("\nresources:\n");
        for entry in spec.resources.iter() {
            resource(&mut out, &entry.name.value, &entry.value);
        }
    }
    out
}

/// A resource, each action on one line in flow style.
fn resource(out: &mut String, name: &str, resource: &Resource) {
    let _ = writeln!(out, "{}{}:", indent(1), flow_scalar(name));
    if let Some(description) = &resource.description {
        key_value(out, 2, "description", description);
    }
    key_value(out, 2, "id", &resource.id.value);
    let describe = &resource.describe.value;
    let mut pairs = vec![
        ("action", flow_scalar(&describe.action.value)),
        ("list", flow_scalar(&describe.list.value)),
    ];
    if let Some(by) = &describe.by {
        pairs.push(("by", flow_scalar(&by.value)));
    }
    if let Some(state) = &describe.state {
        pairs.push(("state", flow_scalar(&state.value)));
    }
    let _ = writeln!(out, "{}describe: {}", indent(2), flow(&pairs));
    if !resource.create.is_empty() {
        let _ = writeln!(out, "{}create:", indent(2));
        for entry in resource.create.iter() {
            let create = &entry.value.value;
            let mut pairs = Vec::new();
            if let Some(ids) = &create.ids {
                pairs.push(("ids", flow_scalar(&ids.value)));
            }
            push_states(&mut pairs, &[], create.state.as_ref(), create.via.as_ref());
            if !create.echo.is_empty() {
                pairs.push(("echo", mapping(&create.echo)));
            }
            let _ = writeln!(
                out,
                "{}{}: {}",
                indent(3),
                flow_scalar(&entry.name.value),
                flow(&pairs)
            );
        }
    }
    for (key, entries) in [("update", &resource.update), ("delete", &resource.delete)] {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}{key}:", indent(2));
        for entry in entries.iter() {
            let update = &entry.value.value;
            let mut pairs = Vec::new();
            if let Some(id) = &update.id {
                pairs.push(("id", flow_scalar(&id.value)));
            }
            push_states(
                &mut pairs,
                &update.from,
                update.state.as_ref(),
                update.via.as_ref(),
            );
            if !update.set.is_empty() {
                pairs.push(("set", mapping(&update.set)));
            }
            let _ = writeln!(
                out,
                "{}{}: {}",
                indent(3),
                flow_scalar(&entry.name.value),
                flow(&pairs)
            );
        }
    }
    if let Some(inferred) = &resource.inferred {
        let _ = writeln!(out, "{}inferred: {}", indent(2), inferred.value);
    }
}

fn push_states(
    pairs: &mut Vec<(&'static str, String)>,
    from: &[Spanned<String>],
    state: Option<&Spanned<String>>,
    via: Option<&Spanned<String>>,
) {
    if !from.is_empty() {
        let from: Vec<String> = from.iter().map(|s| flow_scalar(&s.value)).collect();
        pairs.push(("from", format!("[{}]", from.join(", "))));
    }
    if let Some(state) = state {
        pairs.push(("state", flow_scalar(&state.value)));
    }
    if let Some(via) = via {
        pairs.push(("via", flow_scalar(&via.value)));
    }
}

fn mapping(entries: &Entries<Spanned<String>>) -> String {
    let pairs: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                flow_scalar(&e.name.value),
                flow_scalar(&e.value.value)
            )
        })
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// A scalar inside `{...}` or `[...]`, where `,[]{}` are syntax anywhere in it.
fn flow_scalar(text: &str) -> String {
    if text.contains([',', '[', ']', '{', '}']) {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    } else {
        scalar(text)
    }
}

fn flow(pairs: &[(&str, String)]) -> String {
    let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", pairs.join(", "))
}

/// A waiter as written by hand: imports never make one, so it is written back as is.
fn waiter(out: &mut String, name: &str, waiter: &Waiter) {
    let _ = writeln!(out, "{}{}:", indent(1), scalar(name));
    if let Some(description) = &waiter.description {
        key_value(out, 2, "description", description);
    }
    if let Some(page) = &waiter.page {
        key_value(out, 2, "page", &page.value);
    }
    key_value(out, 2, "action", &waiter.action.value);
    if !waiter.input.is_empty() {
        let input: Vec<String> = waiter.input.iter().map(|i| scalar(&i.value)).collect();
        let _ = writeln!(out, "{}input: [{}]", indent(2), input.join(", "));
    }
    if !waiter.acceptors.is_empty() {
        let _ = writeln!(out, "{}acceptors:", indent(2));
    }
    // One line per acceptor, in flow style, as specs write them by hand; texts are
    // quoted (a path's `[]` and `,` need it in flow style).
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"));
    for acceptor in &waiter.acceptors {
        let acceptor = &acceptor.value;
        let state = sigcal_protocol::waiter::Outcome::from(acceptor.state.value).as_str();
        let mut parts = vec![format!("state: {state}")];
        if let Some(path) = &acceptor.path {
            parts.push(format!("path: {}", quoted(&path.value)));
        }
        if let Some(matcher) = &acceptor.matcher {
            let matcher = sigcal_protocol::waiter::Matcher::from(matcher.value).as_str();
            parts.push(format!("matcher: {matcher}"));
        }
        if let Some(expected) = &acceptor.expected {
            let expected = match &expected.value {
                Scalar::String(text) => quoted(text),
                other => literal(other),
            };
            parts.push(format!("expected: {expected}"));
        }
        if let Some(ret_code) = &acceptor.ret_code {
            parts.push(format!("ret_code: {}", ret_code.value));
        }
        let _ = writeln!(out, "{}- {{{}}}", indent(3), parts.join(", "));
    }
    if let Some(delay) = &waiter.delay {
        let _ = writeln!(
            out,
            "{}delay: {{min: {}, max: {}}}",
            indent(2),
            delay.value.min.value,
            delay.value.max.value
        );
    }
    if let Some(max_wait) = &waiter.max_wait {
        let _ = writeln!(out, "{}max_wait: {}", indent(2), max_wait.value);
    }
    if !waiter.pending.is_empty() {
        let pending: Vec<String> = waiter.pending.iter().map(|p| scalar(&p.value)).collect();
        let _ = writeln!(out, "{}pending: [{}]", indent(2), pending.join(", "));
    }
}

/// One action as YAML, for comparisons.
#[cfg(feature = "import")]
pub(crate) fn action_yaml(name: &str, action: &Action) -> String {
    let mut out = String::new();
    self::action(&mut out, name, action);
    out
}

/// One model as YAML, for comparisons.
#[cfg(feature = "import")]
pub(crate) fn model_yaml(name: &str, model: &Model) -> String {
    let mut out = String::new();
    self::model(&mut out, name, model);
    out
}

fn action(out: &mut String, name: &str, action: &Action) {
    let _ = writeln!(out, "  {}:", scalar(name));
    key_value(out, 2, "summary", &action.summary);
    if let Some(description) = &action.description {
        key_value(out, 2, "description", description);
    }
    if let Some(rust_name) = &action.rust_name {
        key_value(out, 2, "rust_name", &rust_name.value);
    }
    if let Some(retry_safe) = &action.retry_safe {
        let _ = writeln!(out, "    retry_safe: {}", retry_safe.value);
    }
    if let Some(from_sdk) = &action.from_sdk {
        let _ = writeln!(out, "    from_sdk: {}", scalar(&from_sdk.value));
    }
    if let Some(sdk_name) = &action.sdk_name {
        let _ = writeln!(out, "    sdk_name: {}", scalar(&sdk_name.value));
    }
    if !action.aliases.is_empty() {
        let aliases: Vec<String> = action.aliases.iter().map(|a| scalar(&a.value)).collect();
        let _ = writeln!(out, "    aliases: [{}]", aliases.join(", "));
    }
    fields(out, 2, "request", &action.request);
    fields(out, 2, "response", &action.response);
    if let Some(pagination) = &action.pagination {
        let p = &pagination.value;
        out.push_str("    pagination:\n");
        for (key, value) in [
            ("offset", &p.offset),
            ("limit", &p.limit),
            ("total", &p.total),
            ("items", &p.items),
        ] {
            key_value(out, 3, key, &value.value);
        }
    }
    if let Some(then_wait) = &action.then_wait {
        let then_wait = &then_wait.value;
        out.push_str("    then_wait:\n");
        key_value(out, 3, "waiter", &then_wait.waiter.value);
        if !then_wait.input.is_empty() {
            out.push_str("      input:\n");
            for input in then_wait.input.iter() {
                key_value(out, 4, &input.name.value, &input.value.value);
            }
        }
    }
    if let Some(examples) = &action.examples {
        out.push_str("    examples:\n");
        if let Some(request) = &examples.request {
            block(out, 3, "request", request);
        }
        if let Some(response) = &examples.response {
            block(out, 3, "response", &response.value);
        }
    }
}

fn model(out: &mut String, name: &str, model: &Model) {
    let _ = writeln!(out, "  {}:", scalar(name));
    if let Some(description) = &model.description {
        key_value(out, 2, "description", description);
    }
    if let Some(rust_name) = &model.rust_name {
        key_value(out, 2, "rust_name", &rust_name.value);
    }
    if model.fields.is_empty() {
        out.push_str("    fields: {}\n");
    } else {
        fields(out, 2, "fields", &model.fields);
    }
}

fn enumeration(out: &mut String, name: &str, enumeration: &EnumDef) {
    let _ = writeln!(out, "  {}:", scalar(name));
    if let Some(description) = &enumeration.description {
        key_value(out, 2, "description", description);
    }
    if let Some(rust_name) = &enumeration.rust_name {
        key_value(out, 2, "rust_name", &rust_name.value);
    }
    out.push_str("    values:\n");
    for value in enumeration.values.iter() {
        match &value.value {
            Some(description) => key_value(out, 3, &value.name.value, description),
            None => {
                let _ = writeln!(out, "      {}: ~", scalar(&value.name.value));
            }
        }
    }
}

fn fields(out: &mut String, depth: usize, key: &str, fields: &Entries<Field>) {
    if fields.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}{key}:", indent(depth));
    for entry in fields.iter() {
        let field = &entry.value;
        let _ = writeln!(out, "{}{}:", indent(depth + 1), scalar(&entry.name.value));
        key_value(out, depth + 2, "type", field.ty.value.text());
        if let Some(required) = &field.required {
            let _ = writeln!(out, "{}required: {}", indent(depth + 2), required.value);
        }
        if let Some(description) = &field.description {
            key_value(out, depth + 2, "description", description);
        }
        for (name, value) in [("default", &field.default), ("example", &field.example)] {
            if let Some(value) = value {
                let _ = writeln!(
                    out,
                    "{}{name}: {}",
                    indent(depth + 2),
                    literal(&value.value)
                );
            }
        }
        if let Some(rust_name) = &field.rust_name {
            key_value(out, depth + 2, "rust_name", &rust_name.value);
        }
        if let Some(sdk_name) = &field.sdk_name {
            key_value(out, depth + 2, "sdk_name", &sdk_name.value);
        }
        if let Some(sensitive) = &field.sensitive {
            let _ = writeln!(out, "{}sensitive: {}", indent(depth + 2), sensitive.value);
        }
        if let Some(corrected) = &field.corrected {
            key_value(out, depth + 2, "corrected", &corrected.value);
        }
    }
}

fn key_value(out: &mut String, depth: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{}{}: {}", indent(depth), scalar(key), scalar(value));
}

/// A multi-line text as a literal block when that round-trips, quoted otherwise.
fn block(out: &mut String, depth: usize, key: &str, text: &str) {
    let literal_safe = !text.is_empty()
        && !text.starts_with([' ', '\n'])
        && text
            .lines()
            .all(|line| line == line.trim_end() && !line.contains('\t'))
        && !text.ends_with('\n')
        && !text.contains("\n\n");
    if !literal_safe {
        key_value(out, depth, key, text);
        return;
    }
    let _ = writeln!(out, "{}{key}: |-", indent(depth));
    for line in text.lines() {
        let _ = writeln!(out, "{}{line}", indent(depth + 1));
    }
}

fn literal(value: &Scalar) -> String {
    match value {
        Scalar::Bool(value) => value.to_string(),
        Scalar::Int(value) => value.to_string(),
        Scalar::Float(value) => {
            let text = value.to_string();
            if text.contains('.') {
                text
            } else {
                format!("{text}.0")
            }
        }
        Scalar::String(text) => scalar(text),
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// A string as a YAML scalar: plain when YAML reads it back as the same string,
/// double-quoted (JSON escaping, which YAML accepts) otherwise.
pub(crate) fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let looks_numeric = text.parse::<f64>().is_ok()
        || text.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+' || c == '-');
    !(text.trim() != text
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || reserved.contains(&text.to_ascii_lowercase().as_str())
        || looks_numeric
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.chars().any(|c| {
            c.is_control() || matches!(c, '\u{feff}' | '\u{85}' | '\u{2028}' | '\u{2029}')
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_round_trip_through_yaml() {
        for text in [
            "plain words",
            "true",
            "20",
            "- dash",
            "key: value",
            "ends with colon:",
            "#hash",
            "with \"quotes\" and 'single'",
            "line\nbreak",
            "中文描述，包含：冒号",
            "https://api.sigcalcloud.com/",
            " leading space",
            "array[PHostImageSet]",
            "25G",
        ] {
            let yaml = format!("v: {}\n", scalar(text));
            #[derive(serde::Deserialize)]
            struct Doc {
                v: String,
            }
            let doc: Doc = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(doc.v, text, "{yaml}");
        }
    }
}
