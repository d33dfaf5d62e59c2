//! Stage 1 and 2: load a spec file and validate it.
//!
//! This module knows YAML and the spec's rules, and nothing of Rust tokens. It is the
//! only place that touches the YAML library, so swapping that library touches one file
//! (`load.rs`).

mod load;
pub mod model;
pub(crate) mod resources;
pub mod to_yaml;
pub mod types;
mod validate;
pub(crate) mod waiters;

use std::fmt;
use std::path::Path;

pub use model::SpecFile;

use crate::diagnostics::{self, Diagnostic, Severity};

/// A spec that loaded and validated without errors (warnings may remain).
#[derive(Debug, Clone)]
pub struct Spec {
    /// The path the spec was loaded from, as given.
    pub file: String,
    /// The text of the spec file.
    pub source: String,
    /// The parsed document.
    pub document: SpecFile,
    /// Warnings found while validating.
    pub warnings: Vec<Diagnostic>,
}

/// A spec that could not be loaded: every problem found, with the text to quote.
#[derive(Debug, Clone)]
pub struct SpecError {
    /// The path the spec was loaded from, as given.
    pub file: String,
    /// The text of the spec file (empty when it could not be read).
    pub source: String,
    /// Every error and warning, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl SpecError {
    /// Renders every diagnostic with a source snippet.
    pub fn render(&self, styled: bool) -> String {
        diagnostics::render(&self.diagnostics, &self.source, styled)
    }

    /// The errors only (not the warnings).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for diagnostic in &self.diagnostics {
            if !first {
                f.write_str("\n")?;
            }
            first = false;
            f.write_str(&diagnostic.headline())?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}

impl Spec {
    /// Reads and validates the spec file at `path`.
    pub fn load(path: impl AsRef<Path>) -> Result<Spec, SpecError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(source) => Spec::parse(&file, &source),
            Err(error) => Err(SpecError {
                file: file.clone(),
                source: String::new(),
                diagnostics: vec![Diagnostic {
                    severity: Severity::Error,
                    file,
                    span: diagnostics::Span::default(),
                    message: format!("cannot read the spec file: {error}"),
                    help: None,
                }],
            }),
        }
    }

    /// Parses and validates spec text; `file` names it in diagnostics.
    pub fn parse(file: &str, source: &str) -> Result<Spec, SpecError> {
        let mut found = diagnostics::Diagnostics::new(file);
        let document = load::parse_document(source, &mut found);
        if let Some(document) = &document {
            validate::check(document, &mut found);
            // The names the emitter will write are only known after lowering, which
            // needs a spec whose own rules hold.
            if !found.has_errors() {
                crate::check::names(&crate::ir::lower_document(document), &mut found);
            }
        }
        let has_errors = found.has_errors();
        let diagnostics = found.finish();
        match document {
            Some(document) if !has_errors => Ok(Spec {
                file: file.to_owned(),
                source: source.to_owned(),
                document,
                warnings: diagnostics,
            }),
            _ => Err(SpecError {
                file: file.to_owned(),
                source: source.to_owned(),
                diagnostics,
            }),
        }
    }

    /// A short, stable hash of the spec text, stamped into generated files.
    pub fn content_hash(&self) -> String {
        use sha1::Digest as _;
        let digest = sha1::Sha1::digest(self.source.as_bytes());
        hex::encode(digest).chars().take(16).collect()
    }
}
