//! `cargo codegen reconcile`: `spec/` compared with both official SDKs' API schemas,
//! field by field, with the rules of spec/README.md ("Reconciling with the SDKs")
//! deciding each disagreement, and a report of what remains and why.
//!
//! The Go SDK's schema is data in `../shared/reference/sdk-go/` (one JSON file per
//! service); the Python SDK's is read from the installed package by
//! `codegen/python/sdk_schema.py`, which prints the same layout for every service. Both
//! are [`SdkSchema`]s here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::spec::model::{Action, Field, SpecFile};

/// One SDK's API schema: per service module, its actions and models.
#[derive(Debug, Clone, Default)]
pub struct SdkSchema {
    /// The SDK's package name (`ucloud-sdk-go`).
    pub sdk: String,
    /// Its version.
    pub version: String,
    /// By service module (`uhost`, `uk8s`, `ucloudstack`).
    pub services: BTreeMap<String, SdkService>,
}

/// One service of an SDK.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkService {
    /// The service's name as the SDK's client spells it (`UCloudStack`), where it says.
    #[serde(default)]
    pub client: Option<String>,
    /// By wire name.
    pub actions: BTreeMap<String, SdkAction>,
    /// By the SDK's model name.
    #[serde(default)]
    pub models: BTreeMap<String, Vec<SdkField>>,
}

/// An action's request and response fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkAction {
    /// One line of what the action does, where the SDK says.
    #[serde(default)]
    pub summary: Option<String>,
    /// Request parameters, top level.
    #[serde(default)]
    pub request: Vec<SdkField>,
    /// Response fields, top level.
    #[serde(default)]
    pub response: Vec<SdkField>,
}

/// One field of an SDK's schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkField {
    /// The wire name.
    pub name: String,
    /// The type in the spec's syntax (`string`, `array[Model]`, a model name, `json`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the SDK requires it.
    #[serde(default)]
    pub required: bool,
    /// Whether the SDK marks it deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Region/Zone/ProjectId, which the SDK fills from its config.
    #[serde(default)]
    pub common: bool,
}

/// A Go SDK facts file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoFile {
    sdk: String,
    version: String,
    service: String,
    actions: BTreeMap<String, SdkAction>,
    #[serde(default)]
    models: BTreeMap<String, Vec<SdkField>>,
}

/// What `codegen/python/sdk_schema.py` prints.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PythonFile {
    sdk: String,
    version: String,
    services: BTreeMap<String, SdkService>,
}

impl SdkSchema {
    /// `ucloud-sdk-go 0.22.98`: the package and its release (the first `x.y.z` of the
    /// version text, which for the Go SDK is a commit line naming the release).
    pub fn label(&self) -> String {
        let release = self
            .version
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .find(|part| part.split('.').filter(|p| !p.is_empty()).count() == 3)
            .unwrap_or(&self.version);
        format!("{} {release}", self.sdk)
    }

    /// The Go SDK's facts: every `*.json` of `dir` but none skipped. A file that does not
    /// read as the layout of the folder's README is an error naming it.
    pub fn read_go(dir: &Path) -> Result<SdkSchema, String> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(format!(
                "{}: no Go SDK schema files (*.json)",
                dir.display()
            ));
        }
        let mut schema = SdkSchema::default();
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: GoFile = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}: not the Go SDK schema layout this reads (a newer layout?): {e}",
                    path.display()
                )
            })?;
            if !schema.version.is_empty() && schema.version != file.version {
                return Err(format!(
                    "{}: version {} where the other files are {}",
                    path.display(),
                    file.version,
                    schema.version
                ));
            }
            schema.sdk = file.sdk;
            schema.version = file.version;
            schema.services.insert(
                file.service,
                SdkService {
                    client: None,
                    actions: file.actions,
                    models: file.models,
                },
            );
        }
        Ok(schema)
    }

    /// The Python SDK's schema as `codegen/python/sdk_schema.py` prints it; `origin`
    /// names it in errors.
    pub fn read_python(text: &str, origin: &str) -> Result<SdkSchema, String> {
        let file: PythonFile = serde_json::from_str(text).map_err(|e| {
            format!("{origin}: not the layout codegen/python/sdk_schema.py prints: {e}")
        })?;
        Ok(SdkSchema {
            sdk: file.sdk,
            version: file.version,
            services: file.services,
        })
    }
}

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
    /// The kind of a type written in the spec's syntax; `is_model` tells a model name
    /// from an enum name (for SDK types, any name is a model).
    pub(crate) fn of(ty: &str, is_model: &dyn Fn(&str) -> bool) -> Kind {
        if let Some(inner) = ty.strip_prefix("array[").and_then(|t| t.strip_suffix(']')) {
            return Kind::Array(Box::new(Kind::of(inner, is_model)));
        }
        match ty {
            "string" => Kind::String,
            "int" => Kind::Int,
            "float" => Kind::Float,
            "bool" => Kind::Bool,
            "json" => Kind::Model,
            name if is_model(name) => Kind::Model,
            _ => Kind::String,
        }
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
    fn as_str(self) -> &'static str {
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
fn wire_action(name: &str, action: &Action) -> String {
    action
        .sdk_name
        .as_ref()
        .map_or_else(|| name.to_owned(), |n| n.value.clone())
}

/// The wire name a spec field is sent or read by.
fn wire_field(name: &str, field: &Field) -> String {
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
            for (side, spec_fields, sdk_fields) in [
                (Side::Request, &action.request, &sdk_action.request),
                (Side::Response, &action.response, &sdk_action.response),
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
                let envelope = match side {
                    Side::Request => sigcal_protocol::envelope::is_request_envelope,
                    Side::Response => sigcal_protocol::envelope::is_response_envelope,
                };
                for sdk_field in sdk_fields.iter().filter(|f| !envelope(&f.name)) {
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
                    let spec_kind = Kind::of(&spec_field.value.ty.value, &is_model);
                    let sdk_kind = Kind::of(&sdk_field.ty, &|_| true);
                    let spec_required = spec_field.value.required.as_ref().is_some_and(|r| r.value);
                    if spec_kind != sdk_kind {
                        push(
                            &sdk_field.name,
                            Difference::Type {
                                spec: spec_field.value.ty.value.clone(),
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

/// `agree / all` as a percentage with one decimal.
fn percent((agree, all): (usize, usize)) -> String {
    if all == 0 {
        return "100.0%".to_owned();
    }
    // Rounded down to a tenth: 99.96% is not 100.0%.
    let tenths = agree * 1000 / all;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The report: agreement figures per SDK, then every remaining disagreement.
pub fn render(comparisons: &[Comparison], stale: &[String]) -> String {
    let mut out = String::from(
        "<!-- @generated by `cargo codegen reconcile`; do not edit. -->\n\
         # `spec/` and the official SDKs\n\n\
         Every action and top-level field of `spec/` compared with each official SDK's API\n\
         schema; the rules that decide a disagreement are in spec/README.md (\"Reconciling\n\
         with the SDKs\"). Of the SDK's top-level fields on the actions both have (those it\n\
         marks deprecated left out, unless `spec/` has them), a field agrees when `spec/` has\n\
         it with the same shape (model and enum names aside) and, for a request parameter\n\
         that is not a list, the same required-ness. Fields only `spec/` has are the pages'\n\
         (the SDK lags), kept and listed.\n\n\
         | SDK | actions joined | SDK actions missing from `spec/` | request fields agreeing | response fields agreeing | fields only in `spec/` (request, response) |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for c in comparisons {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} of {} ({}) | {} of {} ({}) | {}, {} |",
            c.sdk,
            c.joined,
            c.missing_actions.len(),
            c.request.0,
            c.request.1,
            percent(c.request),
            c.response.0,
            c.response.1,
            percent(c.response),
            c.extra.0,
            c.extra.1,
        );
    }
    let _ = writeln!(
        out,
        "\n{} stale decision(s) (rule 8: a decision no SDK backs any more){}",
        stale.len(),
        if stale.is_empty() {
            String::from(".")
        } else {
            format!(": {}.", stale.join(", "))
        }
    );
    for c in comparisons {
        let _ = writeln!(out, "\n## {}\n", c.sdk);
        if !c.missing_actions.is_empty() {
            let _ = writeln!(
                out,
                "Actions missing from `spec/`: {}.\n",
                c.missing_actions.join(", ")
            );
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &c.disagreements {
            *counts.entry(kind_name(&d.difference)).or_insert(0) += 1;
        }
        for (kind, count) in &counts {
            let _ = writeln!(out, "- {kind}: {count}");
        }
        let unsettled = c
            .disagreements
            .iter()
            .filter(|d| d.reason.is_empty())
            .count();
        let _ = writeln!(out, "\n{unsettled} disagreement(s) no rule settles.");
        out.push_str(
            "\n| service | action | side | field | difference | why it remains |\n|---|---|---|---|---|---|\n",
        );
        for d in &c.disagreements {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                d.service,
                d.action,
                d.side.as_str(),
                d.field,
                describe(&d.difference),
                if d.reason.is_empty() {
                    "**no rule settles it**"
                } else {
                    d.reason.as_str()
                }
            );
        }
    }
    out
}

fn kind_name(difference: &Difference) -> &'static str {
    match difference {
        Difference::Missing {
            deprecated: true, ..
        } => "deprecated in the SDK, not in `spec/`",
        Difference::Missing { .. } => "in the SDK, not in `spec/`",
        Difference::Extra => "in `spec/`, not in the SDK",
        Difference::Spelling { .. } => "spelled apart in case only",
        Difference::Type { .. } => "another type",
        Difference::Required { .. } => "required on one side only",
    }
}

fn describe(difference: &Difference) -> String {
    match difference {
        Difference::Missing { sdk, deprecated } => format!(
            "not in `spec/`; the SDK has `{sdk}`{}",
            if *deprecated { ", deprecated" } else { "" }
        ),
        Difference::Extra => "not in the SDK".to_owned(),
        Difference::Spelling { spec } => format!("`{spec}` in `spec/`"),
        Difference::Type { spec, sdk } => format!("`{spec}` in `spec/`, `{sdk}` in the SDK"),
        Difference::Required { spec } => {
            if *spec {
                "required in `spec/`, optional in the SDK".to_owned()
            } else {
                "optional in `spec/`, required in the SDK".to_owned()
            }
        }
    }
}

/// The script that prints the Python SDK's schema.
pub const PYTHON_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python/sdk_schema.py");

/// The Python SDK's schema, read from the package installed for `python` by
/// [`PYTHON_SCRIPT`]. An interpreter without the SDK, or an SDK whose layout the script
/// does not know, is an error saying so.
pub fn python_schema(python: &Path) -> Result<SdkSchema, String> {
    let output = std::process::Command::new(python)
        .arg(PYTHON_SCRIPT)
        .output()
        .map_err(|e| {
            format!(
                "cannot run {} (the Python with ucloud-sdk-python3; `bash .ci/run` makes it): {e}",
                python.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!(
            "{} {PYTHON_SCRIPT} failed: {}",
            python.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|e| format!("{PYTHON_SCRIPT}: output is not UTF-8: {e}"))?;
    SdkSchema::read_python(&text, PYTHON_SCRIPT)
}

/// The report for the specs in `spec_dir` against `schemas`.
pub fn report(spec_dir: &Path, reference: &Path, schemas: &[SdkSchema]) -> Result<String, String> {
    let mut loaded = Vec::new();
    for file in crate::write::spec_files(spec_dir).map_err(|e| e.to_string())? {
        loaded.push(crate::Spec::load(&file).map_err(|e| e.to_string())?);
    }
    let specs: Vec<SpecService<'_>> = loaded
        .iter()
        .map(|spec| SpecService {
            module: sdk_module(spec),
            document: &spec.document,
        })
        .collect();
    let comparisons: Vec<Comparison> = schemas
        .iter()
        .map(|sdk| {
            let mut comparison = compare(&specs, sdk);
            explain(&mut comparison, &specs, schemas);
            comparison
        })
        .collect();
    let stale = stale(&specs, schemas, &comparisons);
    let contradictions = contradictions(&specs, reference, schemas)?;
    let mut out = render(&comparisons, &stale);
    let heading = out.find("\n## ").unwrap_or(out.len());
    out.insert_str(
        heading,
        &format!(
            "\n{} field(s) of `spec/` contradict both the page its folder's `_sidebar.md` links and every SDK with the action (the page imported afresh; shape and, for request parameters that are not lists, required-ness){}\n",
            contradictions.len(),
            if contradictions.is_empty() {
                ".".to_owned()
            } else {
                format!(": {}.", contradictions.join(", "))
            }
        ),
    );
    Ok(out)
}

/// Top-level fields that differ from the page (imported afresh from the service's
/// reference folder) and from every SDK that has the action, as
/// `Service Action side Field`. Actions no page documents (`from_sdk`) have no page to
/// contradict.
fn contradictions(
    specs: &[SpecService<'_>],
    reference: &Path,
    schemas: &[SdkSchema],
) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for spec in specs {
        let module = crate::ir::lower_document(spec.document).module;
        let folder = reference.join(super::coverage::folder_for(&module));
        if !folder.is_dir() {
            continue;
        }
        let pages = super::coverage::folder_pages(&folder)?;
        let page = super::import_pages(&pages, &spec.document.service.name.value).document;
        let shape = |document: &SpecFile, field: &Field| {
            let kind = Kind::of(&field.ty.value, &|name| document.models.get(name).is_some());
            let required = field.required.as_ref().is_some_and(|r| r.value);
            (kind, required)
        };
        for action in spec.document.actions.iter() {
            if action.value.from_sdk.is_some() {
                continue;
            }
            let views = super::decide::views(
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
                    let in_an_sdk = views.iter().any(|view| {
                        match view.fields(side).find(|f| f.name == wire) {
                            Some(f) => same((Kind::of(&f.ty, &|_| true), f.required)),
                            None => side == Side::Response || !required,
                        }
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

/// A spec file rewritten by the rules: its path, its new text, one line per decision.
pub struct Applied {
    /// The spec file.
    pub path: std::path::PathBuf,
    /// Its text with the decisions in (what `to_yaml` writes).
    pub yaml: String,
    /// What was decided.
    pub changes: Vec<String>,
}

/// Applies the rules of [`super::decide`] to every spec in `spec_dir`; the text of each
/// file that changed must load and validate, or nothing is returned.
pub fn apply(spec_dir: &Path, schemas: &[SdkSchema]) -> Result<Vec<Applied>, String> {
    let mut documents = Vec::new();
    for file in crate::write::spec_files(spec_dir).map_err(|e| e.to_string())? {
        let spec = crate::Spec::load(&file).map_err(|e| e.to_string())?;
        let module = sdk_module(&spec);
        documents.push((file, module, spec.document));
    }
    // A service only the SDKs have becomes a spec of its own.
    let modules: BTreeSet<&String> = schemas.iter().flat_map(|s| s.services.keys()).collect();
    for module in modules {
        if !documents.iter().any(|(_, m, _)| m == module) {
            documents.push((
                spec_dir.join(format!("{module}.yaml")),
                module.clone(),
                super::decide::new_service(module, schemas),
            ));
        }
    }
    let mut applied = Vec::new();
    for (file, module, mut document) in documents {
        let mut changes = super::decide::add_actions(&mut document, &module, schemas);
        changes.extend(super::decide::decide(&mut document, &module, schemas));
        if changes.is_empty() {
            continue;
        }
        let yaml = crate::spec::to_yaml::to_yaml(&document);
        crate::Spec::parse(&file.display().to_string(), &yaml).map_err(|error| {
            format!(
                "{}: the decided spec does not validate (a bug of the rules):\n{}",
                file.display(),
                error.render(false)
            )
        })?;
        applied.push(Applied {
            path: file,
            yaml,
            changes,
        });
    }
    Ok(applied)
}

/// Gives each disagreement of `comparison` its reason.
pub fn explain(comparison: &mut Comparison, specs: &[SpecService<'_>], schemas: &[SdkSchema]) {
    for d in &mut comparison.disagreements {
        let Some(spec) = specs
            .iter()
            .find(|s| s.document.service.name.value == d.service)
        else {
            continue;
        };
        let Some(action) = spec.document.actions.get(&d.action) else {
            continue;
        };
        d.reason = reason(d, spec, &action.value, &comparison.sdk, schemas);
    }
}

/// The rule (spec/README.md, "Reconciling with the SDKs") or decision that keeps `d`.
fn reason(
    d: &Disagreement,
    spec: &SpecService<'_>,
    action: &Action,
    this: &str,
    schemas: &[SdkSchema],
) -> String {
    let fields = match d.side {
        Side::Request => &action.request,
        Side::Response => &action.response,
    };
    let wire = |f: &crate::spec::model::Entry<Field>| wire_field(&f.name.value, &f.value);
    let own = fields.iter().find(|f| wire(f) == d.field);
    if let Some(corrected) = own.and_then(|f| f.value.corrected.as_ref()) {
        return format!("decided in `spec/`: {}", corrected.value);
    }
    let others: Vec<(String, SdkField)> =
        super::decide::views(schemas, &spec.module, &wire_action(&d.action, action))
            .iter()
            .filter(|v| v.sdk.label() != this)
            .filter_map(|v| {
                Some((
                    v.sdk.label(),
                    v.fields(d.side).find(|f| f.name == d.field)?.clone(),
                ))
            })
            .collect();
    let is_model = |name: &str| spec.document.models.get(name).is_some();
    if action.from_sdk.is_some() {
        // No page: the action is the SDKs' (rule 9).
        return match &d.difference {
            Difference::Extra => {
                format!("no page; from the other SDK, {this} lacks it: kept (rule 9)")
            }
            Difference::Type { .. } | Difference::Required { .. } => format!(
                "no page; the SDKs disagree, and the first one's ({}) is taken (rule 9)",
                others.first().map_or(this, |(label, _)| label.as_str())
            ),
            Difference::Missing {
                deprecated: true, ..
            } => format!("deprecated in {this}: left out (rule 3)"),
            _ => String::new(),
        };
    }
    match &d.difference {
        Difference::Missing {
            deprecated: true, ..
        } => format!("deprecated in {this}: left out (rule 3)"),
        Difference::Missing { .. } => match fields.iter().find(|f| f.name.value == d.field) {
            Some(page) => format!(
                "`spec/` sends the page's `{}` as `{}`, the other SDK's spelling (a decision in `spec/`)",
                d.field,
                wire(page)
            ),
            None => String::new(),
        },
        Difference::Extra => format!("documented by the page, not in {this}: kept (rule 1)"),
        Difference::Spelling { spec: spelling } => {
            let shown = action
                .examples
                .as_ref()
                .is_some_and(|examples| match d.side {
                    Side::Request => examples
                        .request
                        .as_deref()
                        .is_some_and(|t| t.contains(&format!("{spelling}="))),
                    Side::Response => examples
                        .response
                        .as_ref()
                        .is_some_and(|t| t.value.contains(&format!("\"{spelling}\""))),
                });
            if shown {
                format!("the page's example spells it `{spelling}`: kept (rule 6)")
            } else {
                format!("spelled `{spelling}` on the page: kept (rule 6)")
            }
        }
        Difference::Type { spec: ty, .. } => {
            let kind = Kind::of(ty, &is_model);
            let example = super::decide::example_kind(action.examples.as_ref(), d.side, &d.field)
                .or_else(|| {
                    own.and_then(|f| f.value.default.as_ref())
                        .map(|d| super::decide::scalar_kind(&d.value))
                });
            if example.is_some_and(|e| super::decide::fits(&e, &kind)) {
                format!("the page's example or default shows `{kind}`: kept (rule 4)")
            } else if let Some((other, field)) = others
                .iter()
                .find(|(_, f)| Kind::of(&f.ty, &|_| true) != Kind::of(&d_sdk_type(d), &|_| true))
            {
                format!(
                    "the SDKs disagree ({other} has `{}`): the page is kept (rule 4)",
                    field.ty
                )
            } else {
                String::new()
            }
        }
        Difference::Required { spec: required } => {
            let lacking =
                super::decide::views(schemas, &spec.module, &wire_action(&d.action, action))
                    .iter()
                    .find(|v| v.fields(d.side).all(|f| f.name != d.field))
                    .map(|v| v.sdk.label());
            match (
                others.iter().find(|(_, f)| f.required == *required),
                lacking,
            ) {
                (_, Some(lacking)) if !*required => format!(
                    "{lacking} has the action without it and could not send it: optional (rule 5)"
                ),
                (Some((other, _)), _) => format!(
                    "the SDKs disagree ({other} has it {}): the page is kept (rule 5)",
                    if *required { "required" } else { "optional" }
                ),
                _ => String::new(),
            }
        }
    }
}

fn d_sdk_type(d: &Disagreement) -> String {
    match &d.difference {
        Difference::Type { sdk, .. } | Difference::Missing { sdk, .. } => sdk.clone(),
        _ => String::new(),
    }
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
            let views = super::decide::views(schemas, &spec.module, &wire);
            for (side, fields) in [
                (Side::Request, &action.value.request),
                (Side::Response, &action.value.response),
            ] {
                for field in fields.iter() {
                    let decided = field
                        .value
                        .corrected
                        .as_ref()
                        .is_some_and(|c| c.value.starts_with(super::decide::MARK));
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
