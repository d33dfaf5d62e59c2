//! `cargo codegen reconcile`: `spec/` compared with both official SDKs' API schemas,
//! field by field, with the rules of spec/README.md ("Reconciling with the SDKs")
//! deciding each disagreement, and a report of what remains and why.
//!
//! The Go SDK's schema is data in `../shared/reference/sdk-go/` (one JSON file per
//! service); the Python SDK's is read from the installed package by
//! `codegen/python/sdk_schema.py`, which prints the same layout for every service. Both
//! are [`SdkSchema`]s here.

mod compare;
mod nested;
mod reasons;
mod render;
mod sdk;

use std::collections::BTreeSet;
use std::path::Path;

pub use compare::{
    Comparison, Difference, Disagreement, Kind, Side, SpecService, compare, sdk_module, stale,
};
pub(crate) use compare::{find_action, wire_field};
pub use nested::{Nested, compare_nested, explain_nested};
pub use reasons::explain;
pub use render::{render, render_nested};
pub use sdk::{PYTHON_SCRIPT, SdkAction, SdkField, SdkSchema, SdkService, python_schema};

use compare::contradictions;

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
    let nested: Vec<Nested> = schemas
        .iter()
        .map(|sdk| {
            let mut nested = compare_nested(&specs, sdk);
            explain_nested(&mut nested, &specs, schemas);
            nested
        })
        .collect();
    let mut out = render(&comparisons, &stale);
    out.push_str(&render_nested(&nested));
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

/// Rules 4 and 5 applied to the fields of `document`'s models (what `--apply` does for
/// them); a line per decision.
pub fn apply_nested(
    document: &mut crate::spec::model::SpecFile,
    module: &str,
    schemas: &[SdkSchema],
) -> Vec<String> {
    nested::decide_nested(document, module, schemas)
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
                crate::import::decide::new_service(module, schemas),
            ));
        }
    }
    let mut applied = Vec::new();
    for (file, module, mut document) in documents {
        let mut changes = crate::import::decide::add_actions(&mut document, &module, schemas);
        changes.extend(crate::import::decide::decide(
            &mut document,
            &module,
            schemas,
        ));
        changes.extend(nested::decide_nested(&mut document, &module, schemas));
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
