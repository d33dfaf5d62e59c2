//! One level down and further: the fields of the models that the fields of joined
//! actions name (`Targets[].ResourceType`), compared with the SDK's models the same way
//! top-level fields are (missing, extra, shape, required-ness of request fields that
//! are not lists, spelling), and explained by the same rules.
//!
//! A spec model is shared by the actions that name it, while an SDK may give each
//! action its own model (the Python SDK's `AddTargetsParamTargets`): each field of a
//! spec model is compared once per SDK model it meets, reported under the first action
//! and path that reach it.

use std::collections::BTreeSet;

use super::compare::{
    Difference, Disagreement, Kind, Side, SpecService, find_action, wire_action, wire_field,
};
use super::sdk::{SdkField, SdkSchema, SdkService};
use crate::spec::model::{Action, Entries, Field, SpecFile};
use crate::spec::types::{Element, TypeExpr};

/// The nested fields of one SDK compared with `spec/`.
#[derive(Debug, Clone, Default)]
pub struct Nested {
    /// The SDK's package and version.
    pub sdk: String,
    /// The SDK's fields of request models: `(agreeing, all)`; all leaves out those it
    /// marks deprecated and `spec/` does not have.
    pub request: (usize, usize),
    /// The same for response models.
    pub response: (usize, usize),
    /// Fields of spec models the SDK's models lack: (request, response).
    pub extra: (usize, usize),
    /// Every nested field that does not agree, `field` being its path from the action
    /// (`Targets[].ResourceType`).
    pub disagreements: Vec<Disagreement>,
}

/// The model a type names, through any lists: `array[TargetConfig]` -> `TargetConfig`.
fn model_name(ty: &str) -> Option<String> {
    let parsed = TypeExpr::<&str>::parse(ty)?;
    match parsed.element {
        Element::Named(name) => Some(name.to_owned()),
        Element::Scalar(_) => None,
    }
}

/// Whether any model of `sdk` marks a field required: the Go SDK's models never do, so
/// its "optional" says nothing about a model's field.
pub(crate) fn marks_model_fields_required(sdk: &SdkSchema) -> bool {
    sdk.services
        .values()
        .flat_map(|service| service.models.values())
        .flatten()
        .any(|field| field.required)
}

/// `Targets` -> `Targets[]` for a list, `Targets` for one model.
fn step(path: &str, name: &str, kind: &Kind) -> String {
    let mut out = if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    };
    let mut inner = kind;
    while let Kind::Array(item) = inner {
        out.push_str("[]");
        inner = item;
    }
    out
}

struct Walk<'a> {
    document: &'a SpecFile,
    sdk_service: &'a SdkService,
    service: String,
    action: String,
    side: Side,
    /// Whether the SDK's models say which fields are required (the Go SDK's never do).
    required_known: bool,
    /// `(spec model, SDK model, field)` already compared.
    seen: &'a mut BTreeSet<(Side, String, String, String)>,
    out: &'a mut Nested,
}

impl Walk<'_> {
    fn is_model(&self, name: &str) -> bool {
        self.document.models.get(name).is_some()
    }

    /// Walks into the pair `spec_ty`/`sdk_ty` when both name models.
    fn enter(&mut self, path: &str, spec_model: &str, sdk_model: &str, depth: usize) {
        if depth > 8 {
            return;
        }
        let (Some(spec_fields), Some(sdk_fields)) = (
            self.document
                .models
                .get(spec_model)
                .map(|m| &m.value.fields),
            self.sdk_service.models.get(sdk_model),
        ) else {
            return;
        };
        self.fields(path, spec_model, sdk_model, spec_fields, sdk_fields, depth);
    }

    fn fields(
        &mut self,
        path: &str,
        spec_model: &str,
        sdk_model: &str,
        spec_fields: &Entries<Field>,
        sdk_fields: &[SdkField],
        depth: usize,
    ) {
        let mut matched = BTreeSet::new();
        for sdk_field in sdk_fields {
            let found = spec_fields
                .iter()
                .find(|f| wire_field(&f.name.value, &f.value) == sdk_field.name);
            if let Some(spec_field) = found {
                matched.insert(spec_field.name.value.clone());
            }
            let key = (
                self.side,
                spec_model.to_owned(),
                sdk_model.to_owned(),
                sdk_field.name.clone(),
            );
            let first = self.seen.insert(key);
            let sdk_kind = Kind::of(&sdk_field.ty, &|_| true);
            let here = step(path, &sdk_field.name, &sdk_kind);
            let Some(spec_field) = found else {
                if first {
                    self.missing(&here, spec_fields, sdk_field);
                }
                continue;
            };
            let spec_kind = Kind::of_field(&spec_field.value.ty.value, &|n| self.is_model(n));
            if first {
                self.compare(&here, spec_field, sdk_field, &spec_kind, &sdk_kind);
            }
            if spec_kind == sdk_kind
                && first
                && let (Some(inner_spec), Some(inner_sdk)) = (
                    model_name(&spec_field.value.ty.value.to_string()),
                    model_name(&sdk_field.ty),
                )
            {
                self.enter(&here, &inner_spec, &inner_sdk, depth + 1);
            }
        }
        for field in spec_fields.iter() {
            let key = (
                self.side,
                spec_model.to_owned(),
                sdk_model.to_owned(),
                format!("+{}", field.name.value),
            );
            if !matched.contains(&field.name.value) && self.seen.insert(key) {
                let wire = wire_field(&field.name.value, &field.value);
                match self.side {
                    Side::Request => self.out.extra.0 += 1,
                    Side::Response => self.out.extra.1 += 1,
                }
                let here = if path.is_empty() {
                    wire
                } else {
                    format!("{path}.{wire}")
                };
                self.push(&here, Difference::Extra);
            }
        }
    }

    fn totals(&mut self) -> &mut (usize, usize) {
        match self.side {
            Side::Request => &mut self.out.request,
            Side::Response => &mut self.out.response,
        }
    }

    fn missing(&mut self, here: &str, spec_fields: &Entries<Field>, sdk_field: &SdkField) {
        if !sdk_field.deprecated {
            self.totals().1 += 1;
        }
        let spelled = spec_fields
            .iter()
            .find(|f| wire_field(&f.name.value, &f.value).eq_ignore_ascii_case(&sdk_field.name));
        let difference = match spelled {
            Some(other) => Difference::Spelling {
                spec: wire_field(&other.name.value, &other.value),
            },
            None => Difference::Missing {
                sdk: sdk_field.ty.clone(),
                deprecated: sdk_field.deprecated,
            },
        };
        self.push(here, difference);
    }

    fn compare(
        &mut self,
        here: &str,
        spec_field: &crate::spec::model::Entry<Field>,
        sdk_field: &SdkField,
        spec_kind: &Kind,
        sdk_kind: &Kind,
    ) {
        self.totals().1 += 1;
        let spec_required = spec_field.value.required.as_ref().is_some_and(|r| r.value);
        if spec_kind != sdk_kind {
            self.push(
                here,
                Difference::Type {
                    spec: spec_field.value.ty.value.to_string(),
                    sdk: sdk_field.ty.clone(),
                },
            );
        } else if self.side == Side::Request
            && self.required_known
            && !matches!(sdk_kind, Kind::Array(_))
            && spec_required != sdk_field.required
        {
            self.push(
                here,
                Difference::Required {
                    spec: spec_required,
                },
            );
        } else {
            self.totals().0 += 1;
        }
    }

    fn push(&mut self, here: &str, difference: Difference) {
        self.out.disagreements.push(Disagreement {
            service: self.service.clone(),
            action: self.action.clone(),
            side: self.side,
            field: here.to_owned(),
            difference,
            reason: String::new(),
        });
    }
}

/// Where a walk into models starts: a top-level field of an action `spec/` and the SDK
/// both have, whose types name models of the same shape on both sides.
struct Root<'a> {
    /// The spec action's name, and the action.
    action: (&'a str, &'a Action),
    side: Side,
    /// The field's path (`Targets[]`).
    path: String,
    spec_model: String,
    sdk_model: String,
}

/// Every [`Root`] of `document` in `sdk_service`, in the SDK's order.
fn roots<'a>(document: &'a SpecFile, sdk_service: &'a SdkService) -> Vec<Root<'a>> {
    let is_model = |name: &str| document.models.get(name).is_some();
    let mut out = Vec::new();
    for (wire, sdk_action) in &sdk_service.actions {
        let Some((name, action)) = find_action(document, wire) else {
            continue;
        };
        for (side, fields) in [
            (Side::Request, &action.request),
            (Side::Response, &action.response),
        ] {
            for sdk_field in sdk_action.fields(side) {
                let Some(field) = fields
                    .iter()
                    .find(|f| wire_field(&f.name.value, &f.value) == sdk_field.name)
                else {
                    continue;
                };
                let spec_kind = Kind::of_field(&field.value.ty.value, &is_model);
                if spec_kind != Kind::of(&sdk_field.ty, &|_| true) {
                    continue;
                }
                let (Some(spec_model), Some(sdk_model)) = (
                    model_name(&field.value.ty.value.to_string()),
                    model_name(&sdk_field.ty),
                ) else {
                    continue;
                };
                out.push(Root {
                    action: (name, action),
                    side,
                    path: step("", &sdk_field.name, &spec_kind),
                    spec_model,
                    sdk_model,
                });
            }
        }
    }
    out
}

/// Compares the nested fields of every action both have.
pub fn compare_nested(specs: &[SpecService<'_>], sdk: &SdkSchema) -> Nested {
    let mut out = Nested {
        sdk: sdk.label(),
        ..Nested::default()
    };
    for (module, sdk_service) in &sdk.services {
        let Some(spec) = specs.iter().find(|s| &s.module == module) else {
            continue;
        };
        let document = spec.document;
        let mut seen = BTreeSet::new();
        for root in roots(document, sdk_service) {
            let mut walk = Walk {
                document,
                sdk_service,
                service: document.service.name.value.clone(),
                action: root.action.0.to_owned(),
                side: root.side,
                required_known: marks_model_fields_required(sdk),
                seen: &mut seen,
                out: &mut out,
            };
            walk.enter(&root.path, &root.spec_model, &root.sdk_model, 0);
        }
    }
    out.disagreements.sort();
    out
}

/// The spec field at `path` (`Targets[].ResourceType`) of `action`'s `side`, through
/// the models of `document`.
fn spec_field_at<'a>(
    document: &'a SpecFile,
    action: &'a Action,
    side: Side,
    path: &str,
) -> Option<&'a Field> {
    let mut fields = match side {
        Side::Request => &action.request,
        Side::Response => &action.response,
    };
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let name = part.trim_end_matches("[]");
        let field = fields
            .iter()
            .find(|f| wire_field(&f.name.value, &f.value) == name)?;
        if parts.peek().is_none() {
            return Some(&field.value);
        }
        let model = model_name(&field.value.ty.value.to_string())?;
        fields = &document.models.get(&model)?.value.fields;
    }
    None
}

/// The SDK field at `path` of `wire`'s `side` in another SDK, through its models.
fn sdk_field_at<'a>(
    sdk: &'a SdkSchema,
    module: &str,
    wire: &str,
    side: Side,
    path: &str,
) -> Option<&'a SdkField> {
    let service = sdk.services.get(module)?;
    let action = service.actions.get(wire)?;
    let mut fields: Vec<&SdkField> = action.fields(side).collect();
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let name = part.trim_end_matches("[]");
        let field = *fields.iter().find(|f| f.name == name)?;
        if parts.peek().is_none() {
            return Some(field);
        }
        let model = model_name(&field.ty)?;
        fields = service.models.get(&model)?.iter().collect();
    }
    None
}

/// Gives each nested disagreement its reason, by the rules of spec/README.md as they
/// apply to a model's fields.
pub fn explain_nested(nested: &mut Nested, specs: &[SpecService<'_>], schemas: &[SdkSchema]) {
    let this = nested.sdk.clone();
    let required_known: BTreeSet<String> = schemas
        .iter()
        .filter(|sdk| marks_model_fields_required(sdk))
        .map(SdkSchema::label)
        .collect();
    let mut observed_by_service = std::collections::BTreeMap::new();
    for d in &mut nested.disagreements {
        let Some(spec) = specs
            .iter()
            .find(|s| s.document.service.name.value == d.service)
        else {
            continue;
        };
        let Some(action) = spec.document.actions.get(&d.action) else {
            continue;
        };
        let action = &action.value;
        let own = spec_field_at(spec.document, action, d.side, &d.field);
        let wire = wire_action(&d.action, action);
        let others: Vec<(String, &SdkField)> = schemas
            .iter()
            .filter(|s| s.label() != this)
            .filter_map(|s| {
                Some((
                    s.label(),
                    sdk_field_at(s, &spec.module, &wire, d.side, &d.field)?,
                ))
            })
            .collect();
        let example =
            crate::import::decide::example_kind(action.examples.as_ref(), d.side, &d.field);
        let page_shown = own.zip(example).and_then(|(field, example)| {
            let kind = Kind::of_field(&field.ty.value, &|name| {
                spec.document.models.get(name).is_some()
            });
            crate::import::decide::fits(&example, &kind).then_some(kind)
        });
        d.reason = nested_reason(d, own, action, &this, &others, page_shown.as_ref());
        if d.reason.is_empty() {
            let observed = observed_by_service
                .entry(d.service.clone())
                .or_insert_with(|| observations(spec.document, &spec.module, schemas));
            if let Some(seen) = spec_owner_at(spec.document, action, d.side, &d.field)
                .and_then(|owner| observed.get(&owner))
            {
                d.reason = shared_model_reason(&d.difference, seen, &required_known);
            }
        }
    }
}

fn nested_reason(
    d: &Disagreement,
    own: Option<&Field>,
    action: &Action,
    this: &str,
    others: &[(String, &SdkField)],
    page_shown: Option<&Kind>,
) -> String {
    if let Some(corrected) = own.and_then(|f| f.corrected.as_ref()) {
        return format!("decided in `spec/`: {}", corrected.value);
    }
    let from_sdk = action.from_sdk.is_some();
    match &d.difference {
        Difference::Missing {
            deprecated: true, ..
        } => format!("deprecated in {this}: left out (rule 3)"),
        Difference::Missing { .. } if from_sdk => {
            "no page; the model is the other SDK's, which lacks it (rule 9)".to_owned()
        }
        Difference::Missing { .. } => match others.first() {
            Some((other, _)) => format!(
                "in both SDKs' models ({this}, {other}), not on the page: listed for a maintainer (rule 2 adds top-level fields only)"
            ),
            None => format!(
                "in {this}'s model only, not on the page: listed for a maintainer (rule 2 adds top-level fields only)"
            ),
        },
        Difference::Extra if from_sdk => {
            format!("no page; from the other SDK, {this} lacks it: kept (rule 9)")
        }
        Difference::Extra => {
            format!("documented by the page's model, not in {this}'s: kept (rule 1)")
        }
        Difference::Spelling { spec } => format!("spelled `{spec}` on the page: kept (rule 6)"),
        Difference::Type { sdk, .. } => {
            let sdk_kind = Kind::of(sdk, &|_| true);
            if let Some(kind) = page_shown {
                return format!("the page's example shows `{kind}`: kept (rule 4)");
            }
            match others
                .iter()
                .find(|(_, f)| Kind::of(&f.ty, &|_| true) != sdk_kind)
            {
                Some((other, field)) => format!(
                    "the SDKs disagree ({other} has `{}`): the page is kept (rule 4)",
                    field.ty
                ),
                None if from_sdk => {
                    "no page; the SDKs disagree, and the first one's is taken (rule 9)".to_owned()
                }
                None => String::new(),
            }
        }
        Difference::Required { spec: required } => {
            match others.iter().find(|(_, f)| f.required == *required) {
                Some((other, _)) => format!(
                    "the SDKs disagree ({other} has it {}): the page is kept (rule 5)",
                    if *required { "required" } else { "optional" }
                ),
                None if others.is_empty() && !required => format!(
                    "only {this} has the model's field, and requires it; the page does not: kept (rule 5)"
                ),
                None if from_sdk => {
                    "no page; the SDKs disagree, and the first one's is taken (rule 9)".to_owned()
                }
                None => String::new(),
            }
        }
    }
}

/// What the SDKs say of one field of a spec model, gathered over every action and SDK
/// model that meets it.
#[derive(Default)]
struct Observed {
    /// `(SDK label, its field)` where an SDK's model has it undeprecated.
    having: Vec<(String, SdkField)>,
    /// The same, from request models only (where required-ness means something).
    in_requests: Vec<(String, SdkField)>,
    /// SDK request models met that lack it.
    lacking: usize,
    /// What the pages' examples show at the paths reaching it.
    examples: Vec<Kind>,
}

impl Observed {
    /// What the request models meeting the field say of its required-ness: only SDKs
    /// whose models mark required fields at all (`required_known`) say anything, and a
    /// model that lacks the field could not send it (optional).
    fn required_said(&self, required_known: &BTreeSet<String>) -> BTreeSet<bool> {
        self.in_requests
            .iter()
            .filter(|(label, _)| required_known.contains(label))
            .map(|(_, f)| f.required)
            .chain((self.lacking > 0).then_some(false))
            .collect()
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "one recursive walk; the arguments are its position"
)]
fn observe(
    document: &SpecFile,
    service: &SdkService,
    label: &str,
    action: &Action,
    side: Side,
    (spec_model, sdk_model): (&str, &str),
    path: &str,
    depth: usize,
    visited: &mut BTreeSet<(String, String, String)>,
    out: &mut std::collections::BTreeMap<(String, String), Observed>,
) {
    if depth > 8
        || !visited.insert((
            label.to_owned(),
            spec_model.to_owned(),
            sdk_model.to_owned(),
        ))
    {
        return;
    }
    let (Some(model), Some(sdk_fields)) = (
        document.models.get(spec_model),
        service.models.get(sdk_model),
    ) else {
        return;
    };
    for field in model.value.fields.iter() {
        let wire = wire_field(&field.name.value, &field.value);
        let observed = out
            .entry((spec_model.to_owned(), field.name.value.clone()))
            .or_default();
        let spec_kind =
            Kind::of_field(&field.value.ty.value, &|n| document.models.get(n).is_some());
        let here = step(path, &wire, &spec_kind);
        observed
            .examples
            .extend(crate::import::decide::example_kind(
                action.examples.as_ref(),
                side,
                &here,
            ));
        match sdk_fields.iter().find(|f| f.name == wire) {
            Some(sdk_field) if !sdk_field.deprecated => {
                observed.having.push((label.to_owned(), sdk_field.clone()));
                if side == Side::Request {
                    observed
                        .in_requests
                        .push((label.to_owned(), sdk_field.clone()));
                }
                if spec_kind == Kind::of(&sdk_field.ty, &|_| true)
                    && let (Some(inner_spec), Some(inner_sdk)) = (
                        model_name(&field.value.ty.value.to_string()),
                        model_name(&sdk_field.ty),
                    )
                {
                    observe(
                        document,
                        service,
                        label,
                        action,
                        side,
                        (&inner_spec, &inner_sdk),
                        &here,
                        depth + 1,
                        visited,
                        out,
                    );
                }
            }
            Some(_) => {}
            None if side == Side::Request => observed.lacking += 1,
            None => {}
        }
    }
}

/// Whether `kind` is text, a number or a flag (or a list of them): a type the rules
/// may write into a model without taking a model from an SDK.
fn is_scalar(kind: &Kind) -> bool {
    match kind {
        Kind::Array(inner) => is_scalar(inner),
        Kind::Model => false,
        _ => true,
    }
}

/// Rules 4 and 5 applied to the fields of `document`'s models, as [`super::super::decide::decide`]
/// applies them to top-level fields: a type every SDK model meeting the field agrees on
/// (text, numbers and flags only), unless a page's example shows the page's; the
/// required-ness of a request model's field (not a list) every SDK model meeting it
/// agrees on, one lacking it counting as optional. Each changed field is marked
/// `corrected: "reconcile: …"`. Returns a line per decision.
pub(super) fn decide_nested(
    document: &mut SpecFile,
    module: &str,
    schemas: &[SdkSchema],
) -> Vec<String> {
    let observed = observations(document, module, schemas);
    let required_known: BTreeSet<String> = schemas
        .iter()
        .filter(|sdk| marks_model_fields_required(sdk))
        .map(SdkSchema::label)
        .collect();
    decide_observed(document, &observed, &required_known)
}

/// What the SDKs' models say of each field of `document`'s models, by `(model, field)`.
fn observations(
    document: &SpecFile,
    module: &str,
    schemas: &[SdkSchema],
) -> std::collections::BTreeMap<(String, String), Observed> {
    let mut observed = std::collections::BTreeMap::new();
    for sdk in schemas {
        let Some(service) = sdk.services.get(module) else {
            continue;
        };
        let label = sdk.label();
        let mut visited = BTreeSet::new();
        for root in roots(document, service) {
            observe(
                document,
                service,
                &label,
                root.action.1,
                root.side,
                (&root.spec_model, &root.sdk_model),
                &root.path,
                0,
                &mut visited,
                &mut observed,
            );
        }
    }
    observed
}

fn decide_observed(
    document: &mut SpecFile,
    observed: &std::collections::BTreeMap<(String, String), Observed>,
    required_known: &BTreeSet<String>,
) -> Vec<String> {
    let model_names: BTreeSet<String> = document
        .models
        .iter()
        .map(|m| m.name.value.clone())
        .collect();
    let mut changes = Vec::new();
    for model in &mut document.models.0 {
        for field in &mut model.value.fields.0 {
            let Some(seen) = observed.get(&(model.name.value.clone(), field.name.value.clone()))
            else {
                continue;
            };
            if seen.having.is_empty()
                || field
                    .value
                    .corrected
                    .as_ref()
                    .is_some_and(|c| !c.value.starts_with(crate::import::decide::MARK))
            {
                continue;
            }
            let sdks: BTreeSet<&str> = seen.having.iter().map(|(l, _)| l.as_str()).collect();
            let sdks: Vec<&str> = sdks.into_iter().collect();
            let sdks = sdks.join(" and ");
            let spec_kind = Kind::of_field(&field.value.ty.value, &|n| model_names.contains(n));
            let kinds: BTreeSet<Kind> = seen
                .having
                .iter()
                .map(|(_, f)| Kind::of(&f.ty, &|_| true))
                .collect();
            let mut decided = Vec::new();
            let at = format!("{}.{}", model.name.value, field.name.value);
            if let [kind] = kinds.iter().collect::<Vec<_>>().as_slice()
                && **kind != spec_kind
                && is_scalar(kind)
                && !seen
                    .examples
                    .iter()
                    .any(|e| crate::import::decide::fits(e, &spec_kind))
            {
                let ty = seen
                    .having
                    .first()
                    .map(|(_, f)| f.ty.clone())
                    .unwrap_or_default();
                decided.push(format!(
                    "`{ty}` in {sdks}'s models; the page says `{}` and shows no example of it",
                    field.value.ty.value
                ));
                changes.push(format!("{at}: type `{}` -> `{ty}`", field.value.ty.value));
                field.value.ty =
                    crate::import::convert::spanned(crate::spec::types::FieldType::new(ty));
            }
            let kind = Kind::of_field(&field.value.ty.value, &|n| model_names.contains(n));
            let spec_required = field.value.required.as_ref().is_some_and(|r| r.value);
            let required = seen.required_said(required_known);
            let judges: BTreeSet<&str> = seen
                .in_requests
                .iter()
                .filter(|(label, _)| required_known.contains(label))
                .map(|(label, _)| label.as_str())
                .collect();
            if !judges.is_empty()
                && !matches!(kind, Kind::Array(_))
                && required.len() == 1
                && !required.contains(&spec_required)
            {
                let word = |required: bool| if required { "required" } else { "optional" };
                let judges: Vec<&str> = judges.into_iter().collect();
                decided.push(format!(
                    "{} in {}'s models; the page says {}",
                    word(!spec_required),
                    judges.join(" and "),
                    word(spec_required)
                ));
                changes.push(format!("{at}: made {}", word(!spec_required)));
                field.value.required =
                    (!spec_required).then(|| crate::import::convert::spanned(true));
            }
            if !decided.is_empty() {
                field.value.corrected = Some(crate::import::convert::spanned(format!(
                    "{} {}",
                    crate::import::decide::MARK,
                    decided.join("; ")
                )));
            }
        }
    }
    changes
}

/// `(model, field)` of the spec model field at `path` of `action`'s `side`.
fn spec_owner_at(
    document: &SpecFile,
    action: &Action,
    side: Side,
    path: &str,
) -> Option<(String, String)> {
    let (parent, name) = path.rsplit_once('.')?;
    let parent = spec_field_at(document, action, side, parent)?;
    let model = model_name(&parent.ty.value.to_string())?;
    let field = document
        .models
        .get(&model)?
        .value
        .fields
        .iter()
        .find(|f| wire_field(&f.name.value, &f.value) == name)?;
    Some((model, field.name.value.clone()))
}

/// Why a dispute over a shared model's field stays: the SDKs' models of the actions
/// sharing it disagree among themselves (rules 4 and 5 then keep the page).
fn shared_model_reason(
    difference: &Difference,
    seen: &Observed,
    required_known: &BTreeSet<String>,
) -> String {
    match difference {
        Difference::Type { .. } => {
            let kinds: BTreeSet<String> = seen
                .having
                .iter()
                .map(|(label, f)| format!("`{}` in {label}", f.ty))
                .collect();
            if kinds.len() > 1 {
                let kinds: Vec<String> = kinds.into_iter().collect();
                return format!(
                    "the SDKs' models of the actions sharing the model disagree ({}): the page is kept (rule 4)",
                    kinds.join(", ")
                );
            }
            String::new()
        }
        Difference::Required { .. } => {
            if seen.required_said(required_known).len() > 1 {
                return "the SDKs' models of the actions sharing the model disagree (required in one, optional or absent in another): the page is kept (rule 5)".to_owned();
            }
            String::new()
        }
        _ => String::new(),
    }
}
