//! `cargo codegen diff`: what a spec change does to the people who use the generated
//! client. Both sides are lowered to the IR the emitter reads, so every change is judged
//! by the Rust it generates (a parameter made required is a new constructor argument) and
//! by what goes on the wire (an old client against the new API).
//!
//! [`diff`] classifies (`classify.rs`), the `render_*` functions write a report
//! (`render.rs`); reading an old revision from git is the binary's job.

mod classify;
mod render;

use serde::Serialize;

use crate::ir::{self, Service};

pub use classify::diff;
pub use render::{render_json, render_markdown, render_text};

/// What a change does to code written against the generated Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RustImpact {
    /// Code that compiled before may not compile, or may mean something else.
    Breaking,
    /// New API; existing code compiles as before.
    Additive,
    /// The generated API is the same (docs at most).
    None,
}

/// What a change does to a client built from the old spec, talking to the new API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WireImpact {
    /// Old clients may send what the API now refuses, or miss what it now requires.
    Breaking,
    /// Old clients keep working.
    Compatible,
}

/// The version bump a change calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Docs only.
    Patch,
    /// New API.
    Minor,
    /// Breaking.
    Major,
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The service's wire name.
    pub service: String,
    /// Where: `action DescribePHostImage`, `action DescribePHostImage, parameter Limit`,
    /// `model PHostImageSet, field OsName`, `enum ImageType`.
    pub item: String,
    /// What changed, in a few words.
    pub change: String,
    /// Its effect on the Rust API.
    pub rust: RustImpact,
    /// Its effect on the wire.
    pub wire: WireImpact,
    /// The bump it calls for.
    pub semver: Bump,
    /// A hint for the reader (a removal and an addition that look like a rename).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Change {
    /// Whether the change breaks users, in their code or on the wire.
    pub fn is_breaking(&self) -> bool {
        self.semver == Bump::Major
    }
}

/// The largest bump the changes call for; a patch when there are none.
pub fn required_bump(changes: &[Change]) -> Bump {
    changes
        .iter()
        .map(|c| c.semver)
        .max()
        .unwrap_or(Bump::Patch)
}

/// Lowers specs for [`diff`].
pub fn services(specs: &[crate::Spec]) -> Vec<Service> {
    specs.iter().map(ir::lower).collect()
}

/// Loads the specs at `path` (a file or a directory of `*.yaml`); an error is the
/// rendered diagnostics.
pub fn load(path: &std::path::Path) -> Result<Vec<crate::Spec>, String> {
    let files = crate::write::spec_files(path).map_err(|e| e.to_string())?;
    files
        .iter()
        .map(|file| crate::Spec::load(file).map_err(|e| e.render(false)))
        .collect()
}
