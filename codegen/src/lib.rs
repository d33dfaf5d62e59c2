//! sigcal-codegen: turns a YAML description of an Action-style cloud API into a typed,
//! signed Rust client.
//!
//! The pipeline, one module per stage:
//! [`spec`] (load, validate) -> IR (lower) -> emit -> render -> write.

pub mod diagnostics;
pub mod names;
pub mod spec;
mod suggest;

pub use diagnostics::{Diagnostic, Severity, Span};
pub use spec::{Spec, SpecError};
