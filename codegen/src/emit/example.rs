//! The `# Example` of each action's rustdoc: the call built from the reference page's
//! request example (required parameters as the method's arguments, up to three
//! optional ones as setters, a paged action read through `items()`), compiled by
//! `cargo test --doc` and never run (`no_run`).
//!
//! The example is written as `#[cfg_attr(doc, doc = "…")]`: only rustdoc (which sets
//! `cfg(doc)`, also when it collects doc tests) keeps it, so a build of the client drops
//! it at cfg-expansion and never stores it in the crate's metadata.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Action, Field, Service, Ty};
use sigcal_protocol::types::Scalar;

/// Optional parameters an example sets at most.
const MAX_SETTERS: usize = 3;

/// The longest example value an optional parameter is shown with.
const MAX_SHOWN: usize = 40;

/// The example of `action`, reached as `{krate}::{module}` (`sigcal_client::uhost`): one
/// attribute holding every line, so it costs the generated file one line.
pub(super) fn attrs(krate: &str, service: &Service, action: &Action) -> TokenStream {
    let text: Vec<String> = lines(krate, service, action)
        .iter()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    let text = text.join("\n");
    quote!(#[cfg_attr(doc, doc = #text)])
}

/// The example's lines, fence included.
pub(super) fn lines(krate: &str, service: &Service, action: &Action) -> Vec<String> {
    let values = request_values(action);
    let module = format!("{krate}::{}", service.module);
    let literal = Literal {
        module: &module,
        service,
    };
    let client = service.module.clone();
    let args: Vec<String> = action
        .params
        .iter()
        .filter(|f| f.is_plain_in_request())
        .map(|f| literal.argument(f, values.get(&f.wire).map(String::as_str)))
        .collect();
    let paging: Vec<&str> = action
        .pagination
        .iter()
        .flat_map(|p| [p.offset.wire.as_str(), p.limit.wire.as_str()])
        .collect();
    let setters: Vec<String> = action
        .params
        .iter()
        .filter(|f| {
            !f.is_plain_in_request() && !f.from_config && !paging.contains(&f.wire.as_str())
        })
        .filter_map(|f| {
            let value = values
                .get(&f.wire)
                .filter(|v| v.chars().count() <= MAX_SHOWN)?;
            let value = literal.setter_value(&f.ty, value)?;
            Some(format!("    .{}({value})", f.rust))
        })
        .take(MAX_SETTERS)
        .collect();
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!("# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{"),
    ];
    if action.pagination.is_some() {
        lines.push("use futures_util::TryStreamExt as _;".to_owned());
        lines.push(String::new());
    }
    lines.push(format!(
        "let {client} = {module}::{}::new(client);",
        service.client_type
    ));
    lines.push(format!(
        "let {} = {client}",
        if action.pagination.is_some() {
            "mut items"
        } else {
            "answer"
        }
    ));
    lines.push(format!("    .{}({})", action.method, args.join(", ")));
    lines.extend(setters);
    if action.pagination.is_some() {
        lines.push("    .items();".to_owned());
        lines.push("while let Some(item) = items.try_next().await? {".to_owned());
        lines.push("    println!(\"{item:?}\");".to_owned());
        lines.push("}".to_owned());
    } else {
        lines.push("    .send()".to_owned());
        lines.push("    .await?;".to_owned());
        lines.push("println!(\"{answer:?}\");".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

/// The page's request example as `Name` -> value: `Name=value` pairs of its query
/// string, one per line or `&`-separated; a list's item (`ImageId.0`, `ImageId.n`) is
/// the list's value, the first one kept.
fn request_values(action: &Action) -> std::collections::BTreeMap<String, String> {
    let mut values = std::collections::BTreeMap::new();
    let Some(example) = &action.request_example else {
        return values;
    };
    let query = example.split_once('?').map_or(example.as_str(), |(_, q)| q);
    for pair in query.split(['&', '\n']) {
        let Some((key, value)) = pair.trim().split_once('=') else {
            continue;
        };
        let name = key.split('.').next().unwrap_or(key);
        if !value.is_empty() && !key.contains("..") {
            values
                .entry(name.to_owned())
                .or_insert_with(|| value.to_owned());
        }
    }
    values
}

/// Rust expressions for values of the service's types.
struct Literal<'a> {
    module: &'a str,
    service: &'a Service,
}

impl Literal<'_> {
    /// An argument of the action's method: the example's value, else a placeholder of
    /// the field's type.
    fn argument(&self, field: &Field, value: Option<&str>) -> String {
        self.value(&field.ty, value.unwrap_or_default(), 0)
    }

    /// A setter's value; `None` for what a one-line example cannot show (a model, a
    /// list of models, JSON).
    fn setter_value(&self, ty: &Ty, value: &str) -> Option<String> {
        match ty {
            Ty::Array(item) => self.setter_value(item, value),
            Ty::Model(_) | Ty::Scalar(Scalar::Json) => None,
            ty => Some(self.value(ty, value, 0)),
        }
    }

    fn value(&self, ty: &Ty, value: &str, depth: usize) -> String {
        match ty {
            Ty::Scalar(Scalar::String) | Ty::Enum(_) => {
                let text = if value.is_empty() { "example" } else { value };
                format!("{text:?}")
            }
            // A setter takes `impl Into<i64>`, where a bare literal is an `i32`: one
            // past its range says `i64`.
            Ty::Scalar(Scalar::Int) => {
                let number = value.parse::<i64>().unwrap_or(1);
                if i32::try_from(number).is_ok() {
                    number.to_string()
                } else {
                    format!("{number}_i64")
                }
            }
            Ty::Scalar(Scalar::Float) => {
                let number = value.parse::<f64>().ok().filter(|f| f.is_finite());
                format!("{:?}", number.unwrap_or(1.0))
            }
            Ty::Scalar(Scalar::Bool) => value.eq_ignore_ascii_case("true").to_string(),
            Ty::Scalar(Scalar::Json) => "serde_json::Value::Null".to_owned(),
            Ty::Array(_) => "Vec::new()".to_owned(),
            Ty::Model(name) => {
                let model = self.service.models.iter().find(|m| &m.rust == name);
                let plain: Vec<&Field> = model
                    .map(|m| m.plain_fields().collect())
                    .unwrap_or_default();
                if plain.is_empty() || depth > 4 {
                    format!("{}::{name}::default()", self.module)
                } else {
                    let args: Vec<String> = plain
                        .iter()
                        .map(|f| self.value(&f.ty, "", depth + 1))
                        .collect();
                    format!("{}::{name}::new({})", self.module, args.join(", "))
                }
            }
        }
    }
}
