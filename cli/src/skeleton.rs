//! `--generate-cli-skeleton [input|yaml-input]`: an action's input document, every
//! parameter with a placeholder of its type (required ones first), ready to fill in and
//! pass back with `--cli-input-json` / `--cli-input-yaml`. The YAML form says above
//! each key whether it is required, its type and its description.

use std::fmt::Write as _;

use serde_json::Value;
use sigcal_client::meta::{ActionMeta, Element, FieldMeta, FieldType, Scalar, ServiceMeta};

/// How deep models nest in a skeleton; a model met again inside itself is `{}`.
const MAX_DEPTH: usize = 8;

/// The skeleton's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Json,
    Yaml,
}

impl Form {
    /// The form a value of the flag names.
    pub(crate) fn from_flag(value: &str) -> Form {
        if value == crate::command::SKELETON_YAML {
            Form::Yaml
        } else {
            Form::Json
        }
    }
}

/// The skeleton of `action` in `form`.
pub(crate) fn render(service: &'static ServiceMeta, action: &ActionMeta, form: Form) -> String {
    let mut out = String::new();
    let fields = ordered(action.params);
    match form {
        Form::Json => {
            json_object(&mut out, service, &fields, 0, &mut Vec::new());
            out.push('\n');
        }
        Form::Yaml => {
            let _ = writeln!(
                out,
                "# Input of {} ({}): fill in, delete what you do not need, then\n# sigcal {} {} --cli-input-yaml FILE",
                action.name,
                service.name,
                service.module,
                crate::command::subcommand_name(action)
            );
            if fields.is_empty() {
                out.push_str("# (the action takes no parameters)\n{}\n");
            }
            yaml_object(&mut out, service, &fields, 0, &mut Vec::new());
        }
    }
    out
}

/// Required fields first, each group in the spec's order.
fn ordered(fields: &'static [FieldMeta]) -> Vec<&'static FieldMeta> {
    let (mut required, optional): (Vec<_>, Vec<_>) = fields.iter().partition(|f| f.required);
    required.extend(optional);
    required
}

/// The placeholder of a scalar, an enum, or a model the service does not describe.
fn placeholder(service: &ServiceMeta, ty: FieldType) -> Value {
    match ty.element {
        Element::Scalar(Scalar::Int) => Value::from(0),
        Element::Scalar(Scalar::Float) => Value::from(0.0),
        Element::Scalar(Scalar::Bool) => Value::Bool(false),
        Element::Scalar(Scalar::String) => Value::String(String::new()),
        Element::Scalar(Scalar::Json) => Value::Object(serde_json::Map::new()),
        Element::Named(name) => service
            .enumeration(name)
            .and_then(|e| e.values.first())
            .map_or_else(
                || Value::String(String::new()),
                |v| Value::String((*v).to_owned()),
            ),
    }
}

fn json_object(
    out: &mut String,
    service: &'static ServiceMeta,
    fields: &[&'static FieldMeta],
    depth: usize,
    models: &mut Vec<&'static str>,
) {
    if fields.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for (index, field) in fields.iter().enumerate() {
        out.push_str(&"  ".repeat(depth + 1));
        let _ = write!(out, "{}: ", Value::String(field.name.to_owned()));
        json_value(out, service, field.ty, depth + 1, models);
        out.push_str(if index + 1 < fields.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str(&"  ".repeat(depth));
    out.push('}');
}

fn json_value(
    out: &mut String,
    service: &'static ServiceMeta,
    ty: FieldType,
    depth: usize,
    models: &mut Vec<&'static str>,
) {
    if let Some(item) = ty.item() {
        if item.item().is_none() && model_of(service, item, models).is_some() {
            out.push_str("[\n");
            out.push_str(&"  ".repeat(depth + 1));
            json_value(out, service, item, depth + 1, models);
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
            out.push(']');
        } else {
            out.push('[');
            json_value(out, service, item, depth, models);
            out.push(']');
        }
        return;
    }
    match model_of(service, ty, models) {
        Some((name, fields)) => {
            models.push(name);
            json_object(out, service, &ordered(fields), depth, models);
            models.pop();
        }
        None => out.push_str(&placeholder(service, ty).to_string()),
    }
}

/// The model `ty` names and its fields, unless it is already being written (a model
/// that contains itself) or the skeleton is deep enough.
fn model_of(
    service: &'static ServiceMeta,
    ty: FieldType,
    models: &[&'static str],
) -> Option<(&'static str, &'static [FieldMeta])> {
    let Element::Named(name) = ty.element else {
        return None;
    };
    let model = service.model(name)?;
    if models.contains(&name) || models.len() >= MAX_DEPTH {
        return Some((name, &[]));
    }
    Some((name, model.fields))
}

fn yaml_object(
    out: &mut String,
    service: &'static ServiceMeta,
    fields: &[&'static FieldMeta],
    depth: usize,
    models: &mut Vec<&'static str>,
) {
    let indent = "  ".repeat(depth);
    for field in fields {
        let description = field
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let need = if field.required {
            "required"
        } else {
            "optional"
        };
        let filled = if sigcal_protocol::config::fills(field.name) {
            "; the configuration fills it when left out"
        } else {
            ""
        };
        let _ = writeln!(out, "{indent}# {need}, {}{filled}", field.ty);
        if !description.is_empty() {
            let _ = writeln!(out, "{indent}# {description}");
        }
        let _ = write!(out, "{indent}{}:", yaml_key(field.name));
        yaml_value(out, service, field.ty, depth, models);
    }
}

/// A wire name as a YAML key: plain when it is a plain name, else quoted.
fn yaml_key(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        Value::String(name.to_owned()).to_string()
    }
}

fn yaml_value(
    out: &mut String,
    service: &'static ServiceMeta,
    ty: FieldType,
    depth: usize,
    models: &mut Vec<&'static str>,
) {
    let indent = "  ".repeat(depth);
    if let Some(item) = ty.item() {
        match model_of(service, item, models) {
            Some((name, fields)) if !fields.is_empty() && item.item().is_none() => {
                let _ = writeln!(out, "\n{indent}  -");
                models.push(name);
                yaml_object(out, service, &ordered(fields), depth + 2, models);
                models.pop();
            }
            _ => {
                let mut inner = String::new();
                json_value(&mut inner, service, item, 0, models);
                let flat = inner.split_whitespace().collect::<Vec<_>>().join(" ");
                let _ = writeln!(out, " [{flat}]");
            }
        }
        return;
    }
    match model_of(service, ty, models) {
        Some((name, fields)) if !fields.is_empty() => {
            out.push('\n');
            models.push(name);
            yaml_object(out, service, &ordered(fields), depth + 1, models);
            models.pop();
        }
        Some(_) => out.push_str(" {}\n"),
        None => {
            let _ = writeln!(out, " {}", placeholder(service, ty));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Syntax, flatten, parse};

    /// Every action's skeleton, in both forms, reads back as a document its own check
    /// accepts but for missing required values (the placeholders of text are empty).
    #[test]
    fn every_skeleton_reads_back_through_its_own_check() {
        for service in sigcal_client::SERVICES {
            for action in service.actions {
                for (form, syntax) in [(Form::Json, Syntax::Json), (Form::Yaml, Syntax::Yaml)] {
                    let text = render(service, action, form);
                    let document = parse("skeleton", &text, syntax)
                        .unwrap_or_else(|e| panic!("{}: {e}\n{text}", action.name));
                    if let Err(problems) =
                        flatten("skeleton", &document, service, action, |_| false)
                    {
                        for problem in &problems {
                            assert!(
                                problem.contains("missing required"),
                                "{} {form:?}: {problem}\n{text}",
                                action.name
                            );
                        }
                    }
                }
            }
        }
    }
}
