//! Answers that fit the spec's types. A reference page's example is kept where each of
//! its values fits the documented type; a value that does not (a string where the page
//! documents a list of models, say) is replaced by one synthesized from the type, so a
//! client that trusts the documented types can read every answer. Synthesized data is
//! deterministic: the same action always gets the same answer.

use serde_json::{Map, Value, json};
use sigcal_client::Params;
use sigcal_client::meta::{ActionMeta, Element, FieldMeta, FieldType, Scalar, ServiceMeta};

/// How many items a synthesized paginated list holds in all.
const SYNTHETIC_TOTAL: i64 = 3;
/// How deep synthesized models nest before lists are left empty (models may refer to
/// themselves through lists).
const MAX_DEPTH: usize = 4;

/// The answer to `action`: its example conformed to the response fields (or synthesized
/// when there is none); a paginated action pages through its example's list (or
/// [`SYNTHETIC_TOTAL`] synthesized items) by the request's offset and limit.
pub(crate) fn respond(service: &ServiceMeta, action: &ActionMeta, params: &Params) -> Value {
    let example = action
        .response_example
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .filter(Value::is_object);
    let mut body = match example {
        Some(example) => conform_fields(service, action.response, example, 0),
        None => synthesize_fields(service, action.response, 0),
    };
    if let (Some(paging), Value::Object(map)) = (action.pagination, &mut body)
        && let Some(field) = action.response.iter().find(|f| f.name == paging.items)
    {
        // The list to page through: the example's, when it has one, else synthesized.
        let item = field.ty.item().unwrap_or(field.ty);
        let all: Vec<Value> = match map.remove(paging.items) {
            Some(Value::Array(items)) if !items.is_empty() => items,
            _ => (0..SYNTHETIC_TOTAL)
                .map(|i| synthesize_numbered(service, item, field.name, i, 1))
                .collect(),
        };
        let total = all.len();
        let page = crate::paging::page(all, params, paging.offset, paging.limit);
        map.insert(paging.items.to_owned(), Value::Array(page));
        map.insert(paging.total.to_owned(), json!(total));
    }
    body
}

/// `value` where it fits `ty`, field by field for models; what does not fit is
/// replaced by [`synthesize`]d data.
pub fn conform(service: &ServiceMeta, ty: FieldType, name: &str, value: Value) -> Value {
    conform_at(service, ty, name, value, 0)
}

fn conform_at(
    service: &ServiceMeta,
    ty: FieldType,
    name: &str,
    value: Value,
    depth: usize,
) -> Value {
    if let Some(item_type) = ty.item() {
        return match value {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| conform_at(service, item_type, name, item, depth + 1))
                    .collect(),
            ),
            _ => synthesize_numbered(service, ty, name, 0, depth),
        };
    }
    if let Some(model) = ty.named_element().and_then(|name| service.model(name)) {
        return match value {
            Value::Object(_) => conform_fields(service, model.fields, value, depth + 1),
            _ => synthesize_numbered(service, ty, name, 0, depth),
        };
    }
    match exact_scalar(ty.scalar_element(), value) {
        Some(value) => value,
        None => synthesize_numbered(service, ty, name, 0, depth),
    }
}

fn conform_fields(
    service: &ServiceMeta,
    fields: &[FieldMeta],
    value: Value,
    depth: usize,
) -> Value {
    let Value::Object(mut map) = value else {
        return synthesize_fields(service, fields, depth);
    };
    for field in fields {
        // The pages' examples sometimes spell a documented field differently (`Cpu`
        // for `CPU`, or the page's name where the SDK's is on the wire): the answer
        // uses the documented wire name.
        if !map.contains_key(field.name) {
            let other = map
                .keys()
                .find(|key| {
                    key.eq_ignore_ascii_case(field.name)
                        || field.page_name.is_some_and(|page| key.as_str() == page)
                })
                .cloned();
            if let Some(value) = other.and_then(|key| map.remove(&key)) {
                map.insert(field.name.to_owned(), value);
            }
        }
        if let Some(value) = map.remove(field.name) {
            map.insert(
                field.name.to_owned(),
                conform_at(service, field.ty, field.name, value, depth),
            );
        }
    }
    Value::Object(map)
}

/// The value as exactly the JSON type the spec documents, so that strict clients (the
/// official SDKs' schemas) read it too: the pages' examples often send numbers as
/// strings and the other way round, which is converted (`"2000"` -> `2000` for a
/// `float`, `9` -> `"9"` for a `string`); what cannot be converted is `None`.
fn exact_scalar(ty: Option<Scalar>, value: Value) -> Option<Value> {
    match (ty, value) {
        (Some(Scalar::Json), value) => Some(value),
        (_, Value::Null | Value::Array(_) | Value::Object(_)) => None,
        (Some(Scalar::Int), Value::Number(n)) => n.is_i64().then_some(Value::Number(n)),
        (Some(Scalar::Int), Value::String(s)) => s.trim().parse::<i64>().ok().map(Value::from),
        (Some(Scalar::Float), Value::Number(n)) => Some(Value::Number(n)),
        (Some(Scalar::Float), Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        (Some(Scalar::Bool), Value::Bool(b)) => Some(Value::Bool(b)),
        (Some(Scalar::Bool), Value::String(s)) => match s.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        // A `string` or an enum: text as it is, numbers as their text.
        (_, Value::String(s)) => Some(Value::String(s)),
        (_, Value::Number(n)) => Some(Value::String(n.to_string())),
        (_, Value::Bool(_)) => None,
    }
}

/// A value of type `ty` for a field called `name`: text names the field, numbers are 1,
/// enums take their first documented value, lists hold one element, models every field.
pub fn synthesize(service: &ServiceMeta, ty: FieldType, name: &str) -> Value {
    synthesize_numbered(service, ty, name, 0, 0)
}

/// Like [`synthesize`], for the `n`th element of a list (ids differ per element).
fn synthesize_numbered(
    service: &ServiceMeta,
    ty: FieldType,
    name: &str,
    n: i64,
    depth: usize,
) -> Value {
    if let Some(item) = ty.item() {
        if depth >= MAX_DEPTH {
            return Value::Array(Vec::new());
        }
        return Value::Array(vec![synthesize_numbered(service, item, name, n, depth + 1)]);
    }
    if let Some(model) = ty.named_element().and_then(|name| service.model(name)) {
        if depth >= MAX_DEPTH {
            return Value::Object(Map::new());
        }
        let mut map = Map::new();
        for field in model.fields {
            map.insert(
                field.name.to_owned(),
                synthesize_numbered(service, field.ty, field.name, n, depth + 1),
            );
        }
        return Value::Object(map);
    }
    if let Some(enumeration) = ty
        .named_element()
        .and_then(|name| service.enumeration(name))
    {
        return json!(enumeration.values.first().copied().unwrap_or("Unknown"));
    }
    match ty.element {
        Element::Scalar(Scalar::Int) => json!(n + 1),
        Element::Scalar(Scalar::Float) => json!(n as f64 + 1.5),
        Element::Scalar(Scalar::Bool) => json!(true),
        Element::Scalar(Scalar::Json) => Value::Object(Map::new()),
        Element::Scalar(Scalar::String) | Element::Named(_) => {
            json!(format!("{}-{}", name.to_ascii_lowercase(), n + 1))
        }
    }
}

fn synthesize_fields(service: &ServiceMeta, fields: &[FieldMeta], depth: usize) -> Value {
    let mut map = Map::new();
    for field in fields {
        map.insert(
            field.name.to_owned(),
            synthesize_numbered(service, field.ty, field.name, 0, depth),
        );
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigcal_client::meta::{EnumMeta, ModelMeta, TypeExpr, field};

    static DISK: &[FieldMeta] = &[
        field("Size", "size", TypeExpr::scalar(Scalar::Int), false, ""),
        field("Kind", "kind", TypeExpr::named("DiskKind"), false, ""),
        field(
            "Tags",
            "tags",
            TypeExpr::scalar(Scalar::String).in_lists(1),
            false,
            "",
        ),
    ];

    fn ty(text: &'static str) -> FieldType {
        FieldType::parse(text).unwrap()
    }
    static SERVICE: ServiceMeta = ServiceMeta {
        name: "Test",
        module: "test",
        summary: "",
        endpoint: "http://x/",
        actions: &[],
        models: &[ModelMeta {
            name: "Disk",
            fields: DISK,
        }],
        enums: &[EnumMeta {
            name: "DiskKind",
            values: &["SSD", "HDD"],
        }],
        waiters: &[],
        resources: &[],
    };

    #[test]
    fn values_are_converted_to_the_documented_type_or_synthesized() {
        for (ty, value, expected) in [
            ("int", json!("42"), json!(42)),
            ("int", json!("many"), json!(1)),
            ("string", json!(7), json!("7")),
            ("bool", json!("yes"), json!(true)),
            ("bool", json!("false"), json!(false)),
            ("float", json!(1), json!(1)),
            ("float", json!("2000"), json!(2000.0)),
            ("DiskKind", json!(3), json!("3")),
            (
                "array[Disk]",
                json!("a string"),
                json!([{"Size": 1, "Kind": "SSD", "Tags": ["tags-1"]}]),
            ),
            (
                "Disk",
                json!({"Size": "x", "Kind": "NVMe", "Extra": 1}),
                json!({"Size": 1, "Kind": "NVMe", "Extra": 1}),
            ),
            ("array[int]", json!([1, "2", null]), json!([1, 2, 1])),
            ("json", json!([1, {"a": null}]), json!([1, {"a": null}])),
        ] {
            assert_eq!(
                conform(&SERVICE, self::ty(ty), "Field", value.clone()),
                expected,
                "{ty} {value}"
            );
        }
    }

    #[test]
    fn synthesized_data_is_deterministic() {
        assert_eq!(
            synthesize(&SERVICE, ty("Disk"), "Disk"),
            synthesize(&SERVICE, ty("Disk"), "Disk")
        );
        assert_eq!(
            synthesize(&SERVICE, ty("string"), "ImageId"),
            json!("imageid-1")
        );
    }
}
