//! The reconcile rules of spec/README.md ("Reconciling with the SDKs"), applied: each
//! disagreement between `spec/` and the official SDKs that a rule settles becomes a
//! decision in the spec, a field marked `corrected: "reconcile: …"`, which re-imports
//! and later reconciles keep.

use std::collections::BTreeSet;

use super::convert::{entry, plain_field, spanned};
use super::reconcile::{Kind, SdkAction, SdkField, SdkSchema, SdkService, Side, wire_field};
use crate::spec::model::{Action, Entries, Field, Model, SpecFile};
use crate::spec::types::FieldType;

/// What marks a decision of these rules in a field's `corrected:` text.
pub const MARK: &str = "reconcile:";

/// How the description of a model taken from an SDK's types begins.
const SDK_MODEL: &str = "From the official SDK";

/// Whether `model` was taken from an SDK's types by these rules, not from a page.
pub fn is_sdk_model(model: &Model) -> bool {
    model
        .description
        .as_deref()
        .is_some_and(|d| d.starts_with(SDK_MODEL))
}

/// One SDK's view of an action: the SDK and the action's fields.
pub(crate) struct View<'a> {
    pub(crate) sdk: &'a SdkSchema,
    pub(crate) service: &'a SdkService,
    pub(crate) action: &'a SdkAction,
}

impl View<'_> {
    pub(crate) fn fields(&self, side: Side) -> impl Iterator<Item = &SdkField> {
        self.action.fields(side)
    }

    fn field(&self, side: Side, wire: &str) -> Option<&SdkField> {
        self.fields(side).find(|f| f.name == wire)
    }
}

/// The SDKs that have action `wire` of `module`.
pub(crate) fn views<'a>(schemas: &'a [SdkSchema], module: &str, wire: &str) -> Vec<View<'a>> {
    schemas
        .iter()
        .filter_map(|sdk| {
            let service = sdk.services.get(module)?;
            let action = service.actions.get(wire)?;
            Some(View {
                sdk,
                service,
                action,
            })
        })
        .collect()
}

/// `a and b` of the SDKs' labels.
fn labels<'a>(views: impl Iterator<Item = &'a View<'a>>) -> String {
    let labels: Vec<String> = views.map(|v| v.sdk.label()).collect();
    labels.join(" and ")
}

/// What a page's example shows of the field at `path` (a top-level wire name, or a
/// nested field's path, `DataSet[].Port`), when it shows anything: in the answer's JSON,
/// through the first item of each list on the way; in the request's query, the value of
/// `DataSet.0.Port=` (or `.n`).
pub(crate) fn example_kind(
    examples: Option<&crate::spec::model::Examples>,
    side: Side,
    path: &str,
) -> Option<Kind> {
    let examples = examples?;
    match side {
        Side::Request => {
            let text = examples.request.as_deref()?;
            let keys = [path.replace("[]", ".0"), path.replace("[]", ".n")];
            let value = text
                .split(['?', '&', '\n'])
                .map(str::trim)
                .find_map(|pair| {
                    keys.iter()
                        .find_map(|key| pair.strip_prefix(key.as_str())?.strip_prefix('='))
                })?;
            Some(if value == "true" || value == "false" {
                Kind::Bool
            } else if value.parse::<i64>().is_ok() {
                Kind::Int
            } else if value.parse::<f64>().is_ok() {
                Kind::Float
            } else {
                Kind::String
            })
        }
        Side::Response => {
            let text = &examples.response.as_ref()?.value;
            let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
            for part in path.split('.') {
                let name = part.trim_end_matches("[]");
                value = value.get(name)?.clone();
                for _ in 0..(part.len() - name.len()) / 2 {
                    value = value.as_array()?.first()?.clone();
                }
            }
            Some(json_kind(&value))
        }
    }
}

pub(crate) fn scalar_kind(value: &crate::spec::model::Scalar) -> Kind {
    use crate::spec::model::Scalar;
    match value {
        Scalar::Bool(_) => Kind::Bool,
        Scalar::Int(_) => Kind::Int,
        Scalar::Float(_) => Kind::Float,
        Scalar::String(_) => Kind::String,
    }
}

fn json_kind(value: &serde_json::Value) -> Kind {
    use serde_json::Value;
    match value {
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Int,
        Value::Number(_) => Kind::Float,
        Value::Object(_) | Value::Null => Kind::Model,
        Value::Array(items) => Kind::Array(Box::new(items.first().map_or(Kind::String, json_kind))),
        Value::String(_) => Kind::String,
    }
}

/// Whether an example of kind `example` fits a field of kind `kind` (an integer
/// example fits a float; an empty list fits any list).
pub(crate) fn fits(example: &Kind, kind: &Kind) -> bool {
    match (example, kind) {
        (Kind::Int, Kind::Float) => true,
        (Kind::Array(a), Kind::Array(b)) => fits(a, b) || **a == Kind::String,
        (a, b) => a == b,
    }
}

/// Applies the rules to one spec (its service module `module`); returns a line per
/// decision taken.
pub fn decide(document: &mut SpecFile, module: &str, schemas: &[SdkSchema]) -> Vec<String> {
    let mut changes = Vec::new();
    let service = document.service.name.value.clone();
    // The actions are taken out while models are added to the document.
    let mut actions = std::mem::take(&mut document.actions.0);
    for entry_ in &mut actions {
        let name = entry_.name.value.clone();
        let action = &mut entry_.value;
        let wire = action
            .sdk_name
            .as_ref()
            .map_or_else(|| name.clone(), |n| n.value.clone());
        let views = views(schemas, module, &wire);
        if views.is_empty() {
            continue;
        }
        for side in [Side::Request, Side::Response] {
            decide_side(document, action, side, &views, &mut |line| {
                changes.push(format!("{service} {name} {}: {line}", side_name(side)));
            });
        }
    }
    document.actions.0 = actions;
    changes
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Request => "parameter",
        Side::Response => "response field",
    }
}

fn decide_side(
    document: &mut SpecFile,
    action: &mut Action,
    side: Side,
    views: &[View<'_>],
    change: &mut dyn FnMut(String),
) {
    let examples = action.examples.clone();
    let fields = match side {
        Side::Request => &mut action.request,
        Side::Response => &mut action.response,
    };
    // Rule 2: what an SDK has and no page documents is added, from the SDK's types.
    let mut wanted: Vec<&str> = Vec::new();
    for view in views {
        for field in view.fields(side) {
            if !wanted.contains(&field.name.as_str()) {
                wanted.push(&field.name);
            }
        }
    }
    for wire in wanted {
        // A field of another spelling only (`UhostId`, `UHostId`) is the report's, not
        // a second field.
        if fields
            .iter()
            .any(|f| wire_field(&f.name.value, &f.value).eq_ignore_ascii_case(wire))
        {
            continue;
        }
        // Rule 3: a field an SDK marks deprecated, and no other SDK has undeprecated, is
        // left out (the report lists it).
        let Some((mut field, having)) = sdk_field(document, views, side, wire) else {
            continue;
        };
        field.corrected = Some(spanned(format!("{MARK} in {having}; no page documents it")));
        change(format!(
            "{wire}: added (`{}`{})",
            field.ty.value,
            if field.required.is_some() {
                ", required"
            } else {
                ""
            }
        ));
        fields.0.push(entry(wire, field));
    }
    // Rules 4 and 5: type and required-ness disputes, where every SDK that has the field
    // agrees.
    for entry_ in &mut fields.0 {
        let field = &mut entry_.value;
        if field.corrected.is_some() {
            // A decision already, by hand or by these rules.
            continue;
        }
        let wire = wire_field(&entry_.name.value, field);
        let having: Vec<(&View<'_>, &SdkField)> = views
            .iter()
            .filter_map(|v| Some((v, v.field(side, &wire)?)))
            .collect();
        let Some(&(first_view, first)) = having.first() else {
            continue;
        };
        let spec_kind =
            Kind::of_field(&field.ty.value, &|name| document.models.get(name).is_some());
        let sdk_kinds: BTreeSet<Kind> = having
            .iter()
            .map(|(_, f)| Kind::of(&f.ty, &|_| true))
            .collect();
        let mut decided = Vec::new();
        if !sdk_kinds.contains(&spec_kind) && sdk_kinds.len() == 1 {
            // Rule 4: the page's own example decides where it shows the page right; a
            // documented default is the page's example too.
            let example = example_kind(examples.as_ref(), side, &wire)
                .or_else(|| field.default.as_ref().map(|d| scalar_kind(&d.value)));
            let page_shown = example.as_ref().is_some_and(|e| fits(e, &spec_kind));
            if !page_shown {
                let ty = spec_type(
                    document,
                    first_view.service,
                    &first.ty,
                    &first_view.sdk.label(),
                );
                decided.push(format!(
                    "`{ty}` in {}; the page says `{}`{}",
                    labels(having.iter().map(|(v, _)| *v)),
                    field.ty.value,
                    match example {
                        Some(_) => " and its example agrees with the SDKs",
                        None => " and shows no example of it",
                    }
                ));
                change(format!("{wire}: type `{}` -> `{ty}`", field.ty.value));
                field.ty = spanned(FieldType::new(ty));
            }
        }
        let kind = Kind::of_field(&field.ty.value, &|name| document.models.get(name).is_some());
        let spec_required = field.required.as_ref().is_some_and(|r| r.value);
        // Every SDK with the action counts: one that lacks the field sends it never, so
        // it is not required.
        let sdk_required: BTreeSet<bool> = views
            .iter()
            .map(|v| v.field(side, &wire).is_some_and(|f| f.required))
            .collect();
        if side == Side::Request
            && !matches!(kind, Kind::Array(_))
            && sdk_required.len() == 1
            && !sdk_required.contains(&spec_required)
        {
            // Rule 5.
            let required = !spec_required;
            let word = |required: bool| if required { "required" } else { "optional" };
            decided.push(format!(
                "{} in {}; the page says {}",
                word(required),
                labels(having.iter().map(|(v, _)| *v)),
                word(spec_required),
            ));
            change(format!("{wire}: made {}", word(required)));
            field.required = required.then(|| spanned(true));
        }
        if !decided.is_empty() {
            field.corrected = Some(spanned(format!("{MARK} {}", decided.join("; "))));
        }
    }
}

/// Field `wire` of one side of an action as the SDKs in `views` have it, with the labels
/// of those that have it undeprecated: the first one's type (models added from it), and
/// required when every SDK with the action requires it (a list never is). `None` when every SDK that
/// has it marks it deprecated.
fn sdk_field(
    document: &mut SpecFile,
    views: &[View<'_>],
    side: Side,
    wire: &str,
) -> Option<(Field, String)> {
    let having: Vec<&View<'_>> = views
        .iter()
        .filter(|v| v.field(side, wire).is_some_and(|f| !f.deprecated))
        .collect();
    let first = having.first()?;
    let sdk_field = first.field(side, wire)?;
    let ty = spec_type(document, first.service, &sdk_field.ty, &first.sdk.label());
    // Required only when every SDK with the action sends it: one that lacks the field
    // could not call the action otherwise.
    let required = side == Side::Request
        && !sdk_field.ty.starts_with("array[")
        && views
            .iter()
            .all(|v| v.field(side, wire).is_some_and(|f| f.required));
    let field = Field {
        required: required.then(|| spanned(true)),
        ..plain_field(&ty)
    };
    Some((field, labels(having.iter().copied())))
}

/// Rule 9: every action of `module` that an SDK has and `document` lacks, imported from
/// the SDKs' types (the first SDK's where they differ) and marked `from_sdk`. Returns a
/// line per action added.
pub fn add_actions(document: &mut SpecFile, module: &str, schemas: &[SdkSchema]) -> Vec<String> {
    let mut wires: BTreeSet<&str> = BTreeSet::new();
    for sdk in schemas {
        if let Some(service) = sdk.services.get(module) {
            wires.extend(service.actions.keys().map(String::as_str));
        }
    }
    let mut added = Vec::new();
    for wire in wires {
        if super::reconcile::find_action(document, wire).is_some() {
            continue;
        }
        let views = views(schemas, module, wire);
        let from = labels(views.iter());
        let mut request = Entries::default();
        let mut response = Entries::default();
        for (side, fields) in [
            (Side::Request, &mut request),
            (Side::Response, &mut response),
        ] {
            let mut names: Vec<&str> = Vec::new();
            for view in &views {
                for field in view.fields(side) {
                    if !names.contains(&field.name.as_str()) {
                        names.push(&field.name);
                    }
                }
            }
            for name in names {
                if let Some((field, _)) = sdk_field(document, &views, side, name) {
                    fields.0.push(entry(name, field));
                }
            }
        }
        let pagination = super::convert::infer_pagination(&request.0, &response.0).map(spanned);
        let summary = views
            .iter()
            .find_map(|v| v.action.summary.clone())
            .unwrap_or_else(|| wire.to_owned());
        document.actions.0.push(entry(
            wire,
            Action {
                summary,
                description: Some(format!(
                    "No reference page documents this action; its parameters and fields are those of {from}."
                )),
                rust_name: None,
                retry_safe: None,
                aliases: Vec::new(),
                sdk_name: None,
                from_sdk: Some(spanned(from.replace(" and ", ", "))),
                request,
                response,
                pagination,
                examples: None,
                then_wait: None,
            },
        ));
        added.push(format!(
            "{} {wire}: action added from {from}",
            document.service.name.value
        ));
    }
    if !added.is_empty() {
        super::name_models_apart(document);
    }
    added
}

/// A spec for a service only the SDKs have (`ucloudstack`), named as the Python SDK's
/// client names it, else `U` and the rest of the module capitalised (`UMedia`).
pub fn new_service(module: &str, schemas: &[SdkSchema]) -> SpecFile {
    use crate::spec::model::Service;
    let name = schemas
        .iter()
        .find_map(|sdk| sdk.services.get(module)?.client.clone())
        // `UAI_Modelverse`: the API spells its services without underscores.
        .map(|client| client.replace('_', ""))
        .unwrap_or_else(|| match module.strip_prefix('u') {
            Some(rest) => {
                let mut chars = rest.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                format!(
                    "U{}{}",
                    first.map(String::from).unwrap_or_default(),
                    chars.as_str()
                )
            }
            None => module.to_ascii_uppercase(),
        });
    let from: Vec<String> = schemas
        .iter()
        .filter(|sdk| sdk.services.contains_key(module))
        .map(SdkSchema::label)
        .collect();
    SpecFile {
        service: Service {
            name: spanned(name),
            module: Some(spanned(module.to_owned())),
            endpoint: spanned(super::DEFAULT_ENDPOINT.to_owned()),
            version: spanned("1".to_owned()),
            summary: None,
            description: Some(format!(
                "No reference pages document this service; its actions are those of {}.",
                from.join(" and ")
            )),
            sdk_module: None,
        },
        actions: Entries::default(),
        models: Entries::default(),
        enums: Entries::default(),
        waiters: Entries::default(),
        resources: Entries::default(),
    }
}

/// An SDK type in the spec's syntax, adding the models it names (from the SDK's own
/// models) where the spec has no model of that name.
pub(crate) fn spec_type(
    document: &mut SpecFile,
    service: &SdkService,
    ty: &str,
    label: &str,
) -> String {
    match sigcal_protocol::types::TypeExpr::<String>::parse(ty) {
        Some(parsed) => parsed
            .map(|name| ensure_model(document, service, &name, label))
            .to_string(),
        // Not in the spec's type language: a model of the SDK's by that name, or else a
        // map, as for any name the SDK does not define.
        None => ensure_model(document, service, ty, label),
    }
}

fn ensure_model(document: &mut SpecFile, service: &SdkService, name: &str, label: &str) -> String {
    if document.models.get(name).is_some() {
        return name.to_owned();
    }
    let Some(fields) = service
        .models
        .get(name)
        .filter(|fields| fields.iter().any(|f| !f.deprecated))
    else {
        // A name the SDK does not define, or defines with no fields: a map (`json`).
        return "json".to_owned();
    };
    // An enum of the same name would be shadowed: the model is named apart.
    let own = if document.enums.get(name).is_some() {
        format!("{name}Model")
    } else {
        name.to_owned()
    };
    // Added first, so that a model naming itself ends the recursion.
    document.models.0.push(entry(
        &own,
        Model {
            description: Some(format!("{SDK_MODEL} {label}; no page documents it.")),
            rust_name: None,
            fields: Entries::default(),
        },
    ));
    let mut converted = Entries::default();
    for field in fields.iter().filter(|f| !f.deprecated) {
        let ty = spec_type(document, service, &field.ty, label);
        converted.0.push(entry(&field.name, plain_field(&ty)));
    }
    if let Some(model) = document.models.0.iter_mut().find(|m| m.name.value == own) {
        model.value.fields = converted;
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_types_become_spec_types_with_the_models_they_name() {
        let service: SdkService = serde_json::from_value(serde_json::json!({
            "actions": {},
            "models": {
                "Disk": [
                    {"name": "Size", "type": "int"},
                    {"name": "Tags", "type": "array[Tag]"},
                ],
                "Tag": [{"name": "Key", "type": "string"}],
                "Hollow": [],
            },
        }))
        .unwrap();
        let mut document = new_service("utest", &[]);
        for (sdk, spec) in [
            ("string", "string"),
            ("array[array[float]]", "array[array[float]]"),
            ("json", "json"),
            ("array[Disk]", "array[Disk]"),
            ("Tag", "Tag"),
            // A name the SDK does not define, or defines with no fields, is a map.
            ("array[Missing]", "array[json]"),
            ("Hollow", "json"),
            // Not in the spec's type language, and no model of the SDK's: a map.
            ("array[", "json"),
        ] {
            assert_eq!(
                spec_type(&mut document, &service, sdk, "sdk 1"),
                spec,
                "{sdk}"
            );
        }
        let models: Vec<&str> = document
            .models
            .0
            .iter()
            .map(|m| m.name.value.as_str())
            .collect();
        assert_eq!(models, ["Disk", "Tag"]);
    }
}
