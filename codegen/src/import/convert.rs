//! A read page to spec entries: types mapped, `Key.N.Field` rows grouped into request
//! models, documented enum values extracted, defaults and pagination inferred.

use std::collections::BTreeMap;

use super::page::{Page, Row};
use crate::spec::model::{
    Action, Entries, Entry, EnumDef, Examples, Field, Model, Pagination, Scalar, Spanned,
};
use crate::spec::types::{FieldType, Scalar as TypeScalar, TypeExpr, is_identifier};

// Envelope rows every page lists; the protocol owns them.
use sigcal_protocol::envelope::{REQUEST as REQUEST_ENVELOPE, RESPONSE as RESPONSE_ENVELOPE};

/// What one page contributes to a spec.
#[derive(Debug, Clone)]
pub(crate) struct Converted {
    pub(crate) name: String,
    pub(crate) action: Action,
    pub(crate) models: Vec<(String, Model)>,
    pub(crate) enums: Vec<(String, EnumDef)>,
    pub(crate) warnings: Vec<(u32, String)>,
}

pub(crate) fn spanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        span: crate::diagnostics::Span::default(),
    }
}

/// A field of type `ty` with nothing else said.
pub(crate) fn plain_field(ty: &str) -> Field {
    Field {
        ty: spanned(FieldType::new(ty)),
        required: None,
        description: None,
        default: None,
        example: None,
        rust_name: None,
        sdk_name: None,
        sensitive: None,
        corrected: None,
    }
}

pub(crate) fn entry<T>(name: &str, value: T) -> Entry<T> {
    Entry {
        name: spanned(name.to_owned()),
        value,
    }
}

/// Converts a page; `None` (with a warning) when the page names no action.
pub(crate) fn convert(page: &Page) -> Result<Converted, (u32, String)> {
    let Some((name, _)) = &page.action else {
        return Err((
            1,
            "no title of the form `Summary - ActionName`; the page names no action".to_owned(),
        ));
    };
    let mut converter = Converter {
        action: name.clone(),
        models: BTreeMap::new(),
        enums: Vec::new(),
        warnings: page.warnings.clone(),
    };
    let model_names: Vec<&str> = page.models.iter().map(|m| m.name.as_str()).collect();
    // Response models first, so a request model with the same name is renamed.
    for table in &page.models {
        let fields = converter.fields(&table.rows, &model_names, &[], None);
        converter.models.insert(
            table.name.clone(),
            Model {
                description: None,
                rust_name: None,
                fields: Entries(fields),
            },
        );
    }
    let request = converter.fields(
        &page.request,
        &model_names,
        &REQUEST_ENVELOPE,
        Some("Param"),
    );
    let response = converter.fields(&page.response, &model_names, &RESPONSE_ENVELOPE, None);
    let pagination = infer_pagination(&request, &response);
    let examples =
        (page.request_example.is_some() || page.response_example.is_some()).then(|| Examples {
            request: page.request_example.clone(),
            response: page.response_example.as_ref().and_then(|(json, line)| {
                match serde_json::from_str::<serde_json::Value>(json) {
                    Ok(value) => serde_json::to_string_pretty(&value).ok().map(spanned),
                    Err(error) => {
                        converter.warnings.push((
                            *line,
                            format!("the response example is not JSON ({error}); left out"),
                        ));
                        None
                    }
                }
            }),
        });
    let action = Action {
        summary: if page.summary.is_empty() {
            name.clone()
        } else {
            page.summary.clone()
        },
        description: (!page.description.is_empty() && page.description != page.summary)
            .then(|| page.description.clone()),
        rust_name: None,
        retry_safe: None,
        aliases: Vec::new(),
        sdk_name: None,
        request: Entries(request),
        response: Entries(response),
        pagination: pagination.map(spanned),
        examples,
        then_wait: None,
        from_sdk: None,
    };
    Ok(Converted {
        name: name.clone(),
        action,
        models: converter.models.into_iter().collect(),
        enums: converter.enums,
        warnings: converter.warnings,
    })
}

struct Converter {
    action: String,
    models: BTreeMap<String, Model>,
    enums: Vec<(String, EnumDef)>,
    warnings: Vec<(u32, String)>,
}

impl Converter {
    /// Rows to fields; `Key.N.Field` rows become fields of a request model named
    /// `{Action}{infix}{Key}` (the Python SDK's `CreatePHostParamDisks`), and deeper
    /// keys nest further (`CreatePHostParamNetworkInterfaceEIP`).
    fn fields(
        &mut self,
        rows: &[Row],
        model_names: &[&str],
        envelope: &[&str],
        infix: Option<&str>,
    ) -> Vec<Entry<Field>> {
        let prefix = format!("{}{}", self.action, infix.unwrap_or(""));
        let mut out: Vec<Entry<Field>> = Vec::new();
        for row in rows {
            let name = row
                .name
                .trim_matches(|c| c == '*' || c == '`')
                .trim()
                .to_owned();
            if envelope.contains(&name.as_str()) {
                continue;
            }
            let segments: Vec<&str> = name.split('.').collect();
            self.place(&mut out, &prefix, &segments, row, model_names);
        }
        out
    }

    /// Puts one row, whose key is `segments`, into `fields`; models for nested keys
    /// are named `{prefix}{Key}`.
    fn place(
        &mut self,
        fields: &mut Vec<Entry<Field>>,
        prefix: &str,
        segments: &[&str],
        row: &Row,
        model_names: &[&str],
    ) {
        match segments {
            [] => {}
            [single] => self.push(fields, single, row, model_names, false),
            [array, n] if is_n(n) => self.push(fields, array, row, model_names, true),
            [first, rest @ ..] => {
                let (array, rest) = match rest.split_first() {
                    Some((n, tail)) if is_n(n) => (true, tail),
                    _ => (false, rest),
                };
                if rest.is_empty() {
                    self.warnings.push((
                        row.line,
                        format!("`{}` ends at an index; row skipped", row.name),
                    ));
                    return;
                }
                if !is_identifier(first) {
                    self.warnings.push((
                        row.line,
                        format!("`{}` is not a valid wire name; row skipped", row.name),
                    ));
                    return;
                }
                let model_name = format!("{prefix}{first}");
                let ty = if array {
                    format!("array[{model_name}]")
                } else {
                    model_name.clone()
                };
                if !fields.iter().any(|e| e.name.value == *first) {
                    fields.push(entry(first, plain_field(&ty)));
                }
                let mut model = self.models.remove(&model_name).unwrap_or(Model {
                    description: None,
                    rust_name: None,
                    fields: Entries::default(),
                });
                self.place(&mut model.fields.0, &model_name, rest, row, model_names);
                self.models.insert(model_name, model);
            }
        }
    }

    fn push(
        &mut self,
        out: &mut Vec<Entry<Field>>,
        name: &str,
        row: &Row,
        model_names: &[&str],
        array: bool,
    ) {
        if !is_identifier(name) {
            self.warnings.push((
                row.line,
                format!("`{}` is not a valid wire name; row skipped", row.name),
            ));
            return;
        }
        if out.iter().any(|e| e.name.value == name) {
            self.warnings.push((
                row.line,
                format!("`{name}` is listed twice; the second row is skipped"),
            ));
            return;
        }
        // Older pages type a list `array` and name its model in the description
        // (`具体结构见下方AclInfo`, "see AclInfo below").
        let mut ty = if row.ty.trim().eq_ignore_ascii_case("array") {
            let named = model_names
                .iter()
                .filter(|model| row.description.contains(**model))
                .max_by_key(|model| model.len());
            match named {
                Some(model) => format!("array[{model}]"),
                None => {
                    self.warnings.push((
                        row.line,
                        "type `array` names no element type and its description no model of this page; imported as `array[string]`".to_owned(),
                    ));
                    "array[string]".to_owned()
                }
            }
        } else {
            self.map_type(&row.ty, row.line, model_names)
        };
        if ty == "string"
            && let Some(enum_name) = self.enumeration(name, &row.description)
        {
            ty = enum_name;
        }
        if array && !ty.starts_with("array[") {
            ty = format!("array[{ty}]");
        }
        let default = (!row.required && ty == "int")
            .then(|| int_default(&row.description))
            .flatten();
        out.push(entry(
            name,
            Field {
                ty: spanned(FieldType::new(ty)),
                required: row.required.then(|| spanned(true)),
                description: clean(&row.description),
                default: default.map(|d| spanned(Scalar::Int(d))),
                example: None,
                rust_name: None,
                sdk_name: None,
                sensitive: None,
                corrected: None,
            },
        ));
    }

    fn map_type(&mut self, ty: &str, line: u32, model_names: &[&str]) -> String {
        let compact: String = ty
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '*')
            .collect();
        if let Some(inner) = compact
            .strip_prefix("array[")
            .and_then(|t| t.strip_suffix(']'))
        {
            return format!("array[{}]", self.map_type(inner, line, model_names));
        }
        match compact.to_ascii_lowercase().as_str() {
            "string" | "str" => "string".to_owned(),
            "int" | "integer" | "long" | "int64" | "int32" => "int".to_owned(),
            "float" | "double" | "number" => "float".to_owned(),
            "bool" | "boolean" => "bool".to_owned(),
            "object" | "map" | "dict" => "json".to_owned(),
            _ if model_names.contains(&compact.as_str()) => compact,
            _ => {
                self.warnings.push((line, format!("type `{ty}` is not a known type or a model of this page; imported as `string`")));
                "string".to_owned()
            }
        }
    }

    /// An enum for a string field whose description lists its values; the enum is
    /// named after the field, or after action and field when that name is taken by
    /// different values.
    fn enumeration(&mut self, field: &str, description: &str) -> Option<String> {
        let values = enum_values(description);
        if values.len() < 2 {
            return None;
        }
        let def = EnumDef {
            description: None,
            rust_name: None,
            values: Entries(
                values
                    .into_iter()
                    .map(|(value, doc)| entry(&value, doc))
                    .collect(),
            ),
        };
        for name in [field.to_owned(), format!("{}{field}", self.action)] {
            match self.enums.iter().find(|(n, _)| *n == name) {
                Some((_, existing)) if same_values(existing, &def) => return Some(name),
                Some(_) => continue,
                None => {
                    self.enums.push((name.clone(), def));
                    return Some(name);
                }
            }
        }
        None
    }
}

pub(crate) fn same_values(a: &EnumDef, b: &EnumDef) -> bool {
    let names = |d: &EnumDef| {
        d.values
            .iter()
            .map(|e| e.name.value.clone())
            .collect::<Vec<_>>()
    };
    names(a) == names(b)
}

fn is_n(segment: &str) -> bool {
    segment.eq_ignore_ascii_case("n")
}

/// Descriptions without Markdown emphasis and with links reduced to their text.
fn clean(description: &str) -> Option<String> {
    let text = description.replace("**", "").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// `默认为0`, `默认值为1`, `default is 20`.
fn int_default(description: &str) -> Option<i64> {
    for marker in [
        "默认为",
        "默认值为",
        "默认",
        "default is ",
        "default: ",
        "defaults to ",
    ] {
        if let Some(rest) = description.split(marker).nth(1) {
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let after = rest.trim_start().chars().nth(digits.len());
            // `默认1G` is a size, not the number 1.
            if !digits.is_empty() && after.is_none_or(|c| !c.is_ascii_alphanumeric()) {
                return digits.parse().ok();
            }
        }
    }
    None
}

/// Documented values after `枚举值` / `enumeration values`: each segment between
/// separators that starts with a value-like token (`Base`, `CLOUD_RSSD`, `"Traffic"`)
/// followed by its description.
pub(crate) fn enum_values(description: &str) -> Vec<(String, Option<String>)> {
    let lower = description.to_lowercase();
    let start = [
        "枚举值为",
        "枚举值",
        "enumeration values",
        "enumeration value",
        "enum values",
    ]
    .iter()
    .find_map(|marker| lower.find(marker).map(|at| at + marker.len()));
    let Some(start) = start else {
        return Vec::new();
    };
    let rest = description.get(start..).unwrap_or_default();
    let mut values: Vec<(String, Option<String>)> = Vec::new();
    for segment in rest
        .split(['；', ';', '。', '，', ',', '、'])
        .flat_map(|s| s.split(". "))
    {
        let segment = segment.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '：' | '"' | '\'' | '“' | '为')
        });
        let token: String = segment
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let after = segment.get(token.len()..).unwrap_or_default();
        let next = after.chars().next();
        let value_like =
            token.chars().next().is_some_and(|c| c.is_ascii_uppercase()) || token.contains('_');
        let separated = next.is_none_or(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '=' | ':' | '：' | '(' | '（' | '"' | '\'' | '”' | '是' | ','
                )
        });
        if token.is_empty() || !value_like || !separated {
            // A segment that is not a value describes the value before it
            // (`Year, 按年付费`), unless that value has a description already.
            let text = segment.trim();
            if let Some((_, doc @ None)) = values.last_mut()
                && !text.is_empty()
                && !text.starts_with("默认")
            {
                *doc = Some(text.to_owned());
            }
            continue;
        }
        if values.iter().any(|(v, _)| *v == token) {
            continue;
        }
        let doc = after
            .trim_start_matches(|c: char| {
                c.is_whitespace()
                    || matches!(c, '=' | '>' | ':' | '：' | '"' | '\'' | '”' | '是' | ',')
            })
            .trim();
        values.push((token, (!doc.is_empty()).then(|| doc.to_owned())));
    }
    values
}

/// Offset and Limit ints in the request, TotalCount and one list of models in the
/// response: the action pages.
pub(crate) fn infer_pagination(
    request: &[Entry<Field>],
    response: &[Entry<Field>],
) -> Option<Pagination> {
    let is_int = |fields: &[Entry<Field>], name: &str| {
        fields.iter().any(|e| {
            e.name.value == name
                && e.value.ty.value.parsed() == Some(&TypeExpr::scalar(TypeScalar::Int))
        })
    };
    if !(is_int(request, "Offset") && is_int(request, "Limit") && is_int(response, "TotalCount")) {
        return None;
    }
    let lists: Vec<&Entry<Field>> = response
        .iter()
        .filter(|e| e.value.ty.value.parsed().is_some_and(TypeExpr::is_list))
        .collect();
    let [items] = lists.as_slice() else {
        return None;
    };
    Some(Pagination {
        offset: spanned("Offset".to_owned()),
        limit: spanned("Limit".to_owned()),
        total: spanned("TotalCount".to_owned()),
        items: spanned(items.name.value.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_from_descriptions() {
        let cases: [(&str, &[&str]); 9] = [
            (
                "镜像类别，枚举值，Base是基础镜像；Custom是自制镜像。",
                &["Base", "Custom"],
            ),
            (
                "枚举值：Base=>基础镜像，Custom=>自制镜像。",
                &["Base", "Custom"],
            ),
            (
                "计费模式，枚举值为：Year, 按年付费； Month,按月付费；默认按月付费",
                &["Year", "Month"],
            ),
            (
                "裸金属机型参数->磁盘类型：枚举值：CLOUD_RSSD",
                &["CLOUD_RSSD"],
            ),
            (
                "是否是系统盘。枚举值： True，是系统盘。 False，是数据盘（默认）。Disks数组中有且只能有一块盘是系统盘。",
                &["True", "False"],
            ),
            (
                "弹性IP的计费模式. 枚举值: \"Traffic\", 流量计费; \"Bandwidth\", 带宽计费; \"ShareBandwidth\",共享带宽模式. \"Free\":免费带宽模式,默认为 \"Bandwidth\"",
                &["Traffic", "Bandwidth", "ShareBandwidth", "Free"],
            ),
            (
                "Image Category, enumeration values, Base is the basic image; Custom is the self-made image.",
                &["Base", "Custom"],
            ),
            (
                "Enumeration values: Base=>Basic Image, Custom=>Custom Image.",
                &["Base", "Custom"],
            ),
            ("没有枚举", &[]),
        ];
        for (description, expected) in cases {
            let values: Vec<String> = enum_values(description)
                .into_iter()
                .map(|(v, _)| v)
                .collect();
            assert_eq!(values, expected, "{description}");
        }
    }

    #[test]
    fn int_defaults() {
        for (description, expected) in [
            ("数据偏移量，默认为0", Some(0)),
            ("返回数据长度，默认为20", Some(20)),
            ("Return data length, default is 20", Some(20)),
            ("默认25G", None),
            ("无", None),
        ] {
            assert_eq!(int_default(description), expected, "{description}");
        }
    }
}
