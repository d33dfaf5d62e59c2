//! A whole import as `cargo codegen import` runs it: pages to entries, merged into an
//! existing spec when there is one (keeping its hand edits), written as YAML, read
//! back as a spec (what is written must load), and the merge's effect on users
//! classified as `diff` does. Reading and writing files is the caller's part.

use crate::diff::{self, Change};
use crate::import::{self, Imported};
use crate::spec::to_yaml::to_yaml;
use crate::{Diagnostic, Spec, SpecError};

/// What an import produced.
#[derive(Debug)]
pub struct Reimported {
    /// The spec to write: the whole file, as `to_yaml` writes it.
    pub yaml: String,
    /// Rows or sections of the pages that could not be mapped exactly.
    pub warnings: Vec<Diagnostic>,
    /// What the merge changed in the existing spec, one line each (empty for a new spec,
    /// and when the pages bring nothing new).
    pub merged: Vec<String>,
    /// What the merge does to users of the generated client (empty for a new spec).
    pub changes: Vec<Change>,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The spec the pages merge into does not load.
    Existing(SpecError),
    /// The spec the import produced does not load: a bug in the importer.
    Produced(SpecError),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Existing(error) => write!(f, "{}", error.render(false)),
            ImportError::Produced(error) => write!(
                f,
                "{}error: the imported spec does not validate; nothing written",
                error.render(false)
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Imports `pages` (`(path, text)`) for `service`: a new spec, or merged `into` an
/// existing one (named `file`, as its diagnostics will say).
pub fn reimport(
    pages: &[(String, String)],
    service: &str,
    into: Option<(&str, &str)>,
) -> Result<Reimported, ImportError> {
    let Imported {
        document: imported,
        warnings,
        ..
    } = import::import_pages(pages, service);
    let (document, name, before, merged) = match into {
        None => (imported, "imported.yaml", None, Vec::new()),
        Some((file, source)) => {
            let before = Spec::parse(file, source).map_err(ImportError::Existing)?;
            let mut document = before.document.clone();
            let merged = import::merge(&mut document, imported);
            (document, file, Some(before), merged)
        }
    };
    let yaml = to_yaml(&document);
    let after = Spec::parse(name, &yaml).map_err(ImportError::Produced)?;
    let changes = before.map_or_else(Vec::new, |before| {
        diff::diff(
            &diff::services(std::slice::from_ref(&before)),
            &diff::services(std::slice::from_ref(&after)),
        )
    });
    Ok(Reimported {
        yaml,
        warnings,
        merged,
        changes,
    })
}
