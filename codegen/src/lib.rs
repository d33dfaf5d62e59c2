//! sigcal-codegen: turns a YAML description of an Action-style cloud API into a typed,
//! signed Rust client.
//!
//! The pipeline, one module per stage:
//! [`spec`] (load, validate) -> [`ir`] (lower) -> [`check`] (the lowered names) -> `emit` (tokens) -> `expand`
//! (the derives written out, by `sigcal-derive`) -> `layout` (what a feature
//! compiles, in files of its own) -> [`render`] (prettyplease) -> [`write`](mod@write) (files). [`generate`] is the pure core every front end
//! shares: the command-line tool, [`build::generate`] for build scripts, and the
//! `sigcal_macros::generate!` macro.

pub mod build;
pub mod check;
pub mod diff;
mod emit;
mod expand;
#[cfg(feature = "import")]
pub mod import;
pub mod ir;
mod layout;
pub mod render;
#[cfg(feature = "schema")]
pub mod schema;
pub mod spec;
pub mod write;

pub mod diagnostics;
pub mod names;
mod options;

pub use diagnostics::{Diagnostic, Severity, Span};
pub use options::{OptionError, Options};
pub use spec::{Spec, SpecError};

/// The Rust items generated for one spec. Pure and byte-deterministic: the same spec
/// and options always give the same tokens.
pub fn generate(spec: &Spec, options: &Options) -> proc_macro2::TokenStream {
    let service = ir::lower(spec);
    expand::derives(
        emit::service(&service, options),
        options.runtime_path_text(),
    )
}
