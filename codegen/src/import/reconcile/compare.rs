//! `spec/` against an SDK's schema, field by field: what differs, why it remains (the
//! rule that keeps it), and the decisions no SDK backs any more.

use std::collections::BTreeSet;
use std::path::Path;

use super::sdk::SdkSchema;
use crate::spec::model::{Action, Field, SpecFile};
use crate::spec::types::{Element, FieldType, Scalar, TypeExpr};

/// A type as far as the SDKs and the spec can be compared: model and enum names differ
/// between them (`RuleCondition`, `CreateRuleParamRuleConditions`), their shapes do not.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Text, and the spec's enums (plain strings in both SDKs).
    String,
    /// An integer.
    Int,
    /// A number.
    Float,
    /// `true`/`false`.
    Bool,
    /// A structure: a model, or `json` (the pages' `object`).
    Model,
    /// A list of the inner kind.
    Array(Box<Kind>),
}

impl Kind {
    /// The kind of a type written in the spec's syntax (an SDK's field type); `is_model`
    /// tells a model name from an enum name (for SDK types, any name is a model). Text
    /// that is not a type is taken for text.
    pub(crate) fn of(ty: &str, is_model: &dyn Fn(&str) -> bool) -> Kind {
        TypeExpr::<&str>::parse(ty).map_or(Kind::String, |ty| Kind::of_expr(&ty, is_model))
    }

    /// The kind of a spec field's type, as [`Kind::of`].
    pub(crate) fn of_field(ty: &FieldType, is_model: &dyn Fn(&str) -> bool) -> Kind {
        ty.parsed()
            .map_or(Kind::String, |ty| Kind::of_expr(&ty.as_ref(), is_model))
    }

    fn of_expr<N: AsRef<str>>(ty: &TypeExpr<N>, is_model: &dyn Fn(&str) -> bool) -> Kind {
        let mut kind = match &ty.element {
            Element::Scalar(Scalar::String) => Kind::String,
            Element::Scalar(Scalar::Int) => Kind::Int,
            Element::Scalar(Scalar::Float) => Kind::Float,
            Element::Scalar(Scalar::Bool) => Kind::Bool,
            Element::Scalar(Scalar::Json) => Kind::Model,
            Element::Named(name) if is_model(name.as_ref()) => Kind::Model,
            Element::Named(_) => Kind::String,
        };
        for _ in 0..ty.lists {
            kind = Kind::Array(Box::new(kind));
        }
        kind
    }

    fn is_array(&self) -> bool {
        matches!(self, Kind::Array(_))
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Kind::String => f.write_str("string"),
            Kind::Int => f.write_str("int"),
            Kind::Float => f.write_str("float"),
            Kind::Bool => f.write_str("bool"),
            Kind::Model => f.write_str("model"),
            Kind::Array(inner) => write!(f, "array[{inner}]"),
        }
    }
}

/// Request parameters or response fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// What the caller sends.
    Request,
    /// What the API answers.
    Response,
}

impl Side {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// How one top-level field differs between `spec/` and an SDK.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// The SDK has it, `spec/` does not.
    Missing {
        /// The SDK's type.
        sdk: String,
        /// Whether the SDK marks it deprecated.
        deprecated: bool,
    },
    /// `spec/` has it, the SDK does not.
    Extra,
    /// Both have it, spelled apart in case only (`UhostId`, `UHostId`).
    Spelling {
        /// The spec's spelling.
        spec: String,
    },
    /// Both have it, with other shapes.
    Type {
        /// The spec's type.
        spec: String,
        /// The SDK's type.
        sdk: String,
    },
    /// Both have it, one requires it (request parameters that are not lists: the
    /// Python SDK never marks a list required).
    Required {
        /// Whether `spec/` requires it.
        spec: bool,
    },
}

/// One disagreement, located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Disagreement {
    /// The spec's service name.
    pub service: String,
    /// The action's wire name.
    pub action: String,
    /// Request or response.
    pub side: Side,
    /// The field's wire name.
    pub field: String,
    /// How it differs.
    pub difference: Difference,
    /// Why it remains: the rule of spec/README.md that keeps it, or the decision in
    /// `spec/` that does; empty when no rule settles it.
    pub reason: String,
}

/// One SDK compared with `spec/`.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// The SDK's package and version.
    pub sdk: String,
    /// Actions both have.
    pub joined: usize,
    /// The SDK's actions `spec/` lacks, as `module.Action`.
    pub missing_actions: Vec<String>,
    /// The SDK's top-level request parameters on joined actions: `(agreeing, all)`; all
    /// leaves out those the SDK marks deprecated and `spec/` does not have.
    pub request: (usize, usize),
    /// The same for response fields.
    pub response: (usize, usize),
    /// Top-level fields `spec/` has and the SDK does not: (request, response).
    pub extra: (usize, usize),
    /// Every field that does not agree.
    pub disagreements: Vec<Disagreement>,
}

/// A spec file with the module it is compared under.
pub struct SpecService<'a> {
    /// The SDKs' module the service is compared under: its `sdk_module`, else its Rust
    /// module ([`sdk_module`]).
    pub module: String,
    /// The document.
    pub document: &'a SpecFile,
}

/// The official SDKs' module for a spec's service: its `sdk_module` (UDDoS's `uads`),
/// else its Rust module.
pub fn sdk_module(spec: &crate::Spec) -> String {
    spec.document
        .service
        .sdk_module
        .as_ref()
        .map_or_else(|| crate::ir::lower(spec).module, |m| m.value.clone())
}

/// The wire name a spec action is called by.
pub(super) fn wire_action(name: &str, action: &Action) -> String {
    action
        .sdk_name
        .as_ref()
        .map_or_else(|| name.to_owned(), |n| n.value.clone())
}

/// The wire name a spec field is sent or read by.
pub(crate) fn wire_field(name: &str, field: &Field) -> String {
    field
        .sdk_name
        .as_ref()
        .map_or_else(|| name.to_owned(), |n| n.value.clone())
}

/// The spec action an SDK action joins: by the wire name, the page's name or an alias.
pub(crate) fn find_action<'a>(document: &'a SpecFile, wire: &str) -> Option<(&'a str, &'a Action)> {
    document.actions.iter().find_map(|entry| {
        let name = entry.name.value.as_str();
        let action = &entry.value;
        (wire_action(name, action) == wire
            || name == wire
            || action.aliases.iter().any(|a| a.value == wire))
        .then_some((name, action))
    })
}

/// Compares every service both have, field by field.
pub fn compare(specs: &[SpecService<'_>], sdk: &SdkSchema) -> Comparison {
    let mut comparison = Comparison {
        sdk: sdk.label(),
        ..Comparison::default()
    };
    for (module, service) in &sdk.services {
        let spec = specs.iter().find(|s| &s.module == module);
        for (wire, sdk_action) in &service.actions {
            let Some((name, action)) = spec.and_then(|s| find_action(s.document, wire)) else {
                comparison.missing_actions.push(format!("{module}.{wire}"));
                continue;
            };
            let Some(spec) = spec else { continue };
            comparison.joined += 1;
            let document = spec.document;
            let is_model = |name: &str| document.models.get(name).is_some();
            for (side, spec_fields) in [
                (Side::Request, &action.request),
                (Side::Response, &action.response),
            ] {
                let mut agree = 0;
                let mut all = 0;
                let mut seen = BTreeSet::new();
                let mut push = |field: &str, difference| {
                    comparison.disagreements.push(Disagreement {
                        service: document.service.name.value.clone(),
                        action: name.to_owned(),
                        side,
                        field: field.to_owned(),
                        difference,
                        reason: String::new(),
                    });
                };
                for sdk_field in sdk_action.fields(side) {
                    let found = spec_fields
                        .iter()
                        .find(|f| wire_field(&f.name.value, &f.value) == sdk_field.name);
                    let Some(spec_field) = found else {
                        if !sdk_field.deprecated {
                            all += 1;
                        }
                        if let Some(other) = spec_fields.iter().find(|f| {
                            wire_field(&f.name.value, &f.value)
                                .eq_ignore_ascii_case(&sdk_field.name)
                        }) {
                            push(
                                &sdk_field.name,
                                Difference::Spelling {
                                    spec: wire_field(&other.name.value, &other.value),
                                },
                            );
                            continue;
                        }
                        push(
                            &sdk_field.name,
                            Difference::Missing {
                                sdk: sdk_field.ty.clone(),
                                deprecated: sdk_field.deprecated,
                            },
                        );
                        continue;
                    };
                    seen.insert(spec_field.name.value.clone());
                    all += 1;
                    let spec_kind = Kind::of_field(&spec_field.value.ty.value, &is_model);
                    let sdk_kind = Kind::of(&sdk_field.ty, &|_| true);
                    let spec_required = spec_field.value.required.as_ref().is_some_and(|r| r.value);
                    if spec_kind != sdk_kind {
                        push(
                            &sdk_field.name,
                            Difference::Type {
                                spec: spec_field.value.ty.value.to_string(),
                                sdk: sdk_field.ty.clone(),
                            },
                        );
                    } else if side == Side::Request
                        && !sdk_kind.is_array()
                        && spec_required != sdk_field.required
                    {
                        push(
                            &sdk_field.name,
                            Difference::Required {
                                spec: spec_required,
                            },
                        );
                    } else {
                        agree += 1;
                    }
                }
                let mut extra = 0;
                for field in spec_fields.iter() {
                    if !seen.contains(&field.name.value) {
                        extra += 1;
                        push(
                            &wire_field(&field.name.value, &field.value),
                            Difference::Extra,
                        );
                    }
                }
                match side {
                    Side::Request => comparison.extra.0 += extra,
                    Side::Response => comparison.extra.1 += extra,
                }
                let totals = match side {
                    Side::Request => &mut comparison.request,
                    Side::Response => &mut comparison.response,
                };
                totals.0 += agree;
                totals.1 += all;
            }
        }
    }
    comparison.disagreements.sort();
    comparison
}

/// Top-level fields that differ from the page (imported afresh from the service's
/// reference folder) and from every SDK that has the action, as
/// `Service Action side Field`. Actions no page documents (`from_sdk`) have no page to
/// contradict.
pub(super) fn contradictions(
    specs: &[SpecService<'_>],
    reference: &Path,
    schemas: &[SdkSchema],
) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for spec in specs {
        let module = crate::ir::lower_document(spec.document).module;
        let folder = reference.join(crate::import::coverage::folder_for(&module));
        if !folder.is_dir() {
            continue;
        }
        let pages = crate::import::coverage::folder_pages(&folder)?;
        let page = crate::import::import_pages(&pages, &spec.document.service.name.value).document;
        let shape = |document: &SpecFile, field: &Field| {
            let kind = Kind::of_field(&field.ty.value, &|name| document.models.get(name).is_some());
            let required = field.required.as_ref().is_some_and(|r| r.value);
            (kind, required)
        };
        for action in spec.document.actions.iter() {
            if action.value.from_sdk.is_some() {
                continue;
            }
            let views = crate::import::decide::views(
                schemas,
                &spec.module,
                &wire_action(&action.name.value, &action.value),
            );
            let Some(paged) = page.actions.get(&action.name.value) else {
                continue;
            };
            if views.is_empty() {
                continue;
            }
            for (side, fields, page_fields) in [
                (Side::Request, &action.value.request, &paged.value.request),
                (
                    Side::Response,
                    &action.value.response,
                    &paged.value.response,
                ),
            ] {
                for field in fields.iter() {
                    let (kind, required) = shape(spec.document, &field.value);
                    let same = |other: (Kind, bool)| {
                        other.0 == kind
                            && (side == Side::Response || kind.is_array() || other.1 == required)
                    };
                    let on_page = page_fields
                        .get(&field.name.value)
                        .is_some_and(|p| same(shape(&page, &p.value)));
                    let wire = wire_field(&field.name.value, &field.value);
                    // An SDK without the field agrees with an optional parameter (it
                    // never sends it) and with any answer field (it never reads it).
                    let in_an_sdk =
                        views
                            .iter()
                            .any(|view| match view.fields(side).find(|f| f.name == wire) {
                                Some(f) => same((Kind::of(&f.ty, &|_| true), f.required)),
                                None => side == Side::Response || !required,
                            });
                    if !on_page && !in_an_sdk {
                        found.push(format!(
                            "{} {} {} {}",
                            spec.document.service.name.value,
                            action.name.value,
                            side.as_str(),
                            field.name.value
                        ));
                    }
                }
            }
        }
    }
    Ok(found)
}

/// Decisions of the rules (`corrected: "reconcile: …"`) that no SDK backs any more: no
/// SDK with the action has the field, or each that has it gives it another type.
/// As `Service Action side Field`.
pub fn stale(
    specs: &[SpecService<'_>],
    schemas: &[SdkSchema],
    comparisons: &[Comparison],
) -> Vec<String> {
    let mut stale = Vec::new();
    for spec in specs {
        for action in spec.document.actions.iter() {
            let wire = wire_action(&action.name.value, &action.value);
            let views = crate::import::decide::views(schemas, &spec.module, &wire);
            for (side, fields) in [
                (Side::Request, &action.value.request),
                (Side::Response, &action.value.response),
            ] {
                for field in fields.iter() {
                    let decided = field
                        .value
                        .corrected
                        .as_ref()
                        .is_some_and(|c| c.value.starts_with(crate::import::decide::MARK));
                    if !decided {
                        continue;
                    }
                    let name = wire_field(&field.name.value, &field.value);
                    // Backed: an SDK with the action has the field, of the same type
                    // (required-ness is settled across the SDKs, rule 5).
                    let backed = views.iter().any(|view| {
                        let has = view.fields(side).any(|f| f.name == name && !f.deprecated);
                        let label = view.sdk.label();
                        let other_type = comparisons.iter().filter(|c| c.sdk == label).any(|c| {
                            c.disagreements.iter().any(|d| {
                                d.service == spec.document.service.name.value
                                    && d.action == action.name.value
                                    && d.side == side
                                    && d.field == name
                                    && matches!(d.difference, Difference::Type { .. })
                            })
                        });
                        has && !other_type
                    });
                    if !backed {
                        stale.push(format!(
                            "{} {} {} {}",
                            spec.document.service.name.value,
                            action.name.value,
                            side.as_str(),
                            name
                        ));
                    }
                }
            }
        }
    }
    stale
}
