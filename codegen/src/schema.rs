//! `cargo codegen schema`: the JSON Schema of the spec format, derived from the types the
//! loader reads specs into, so the two cannot drift apart. Editors with the YAML language
//! server use it through the `# yaml-language-server: $schema=…` first line of each spec.

use crate::spec::model::SpecFile;

/// Where the schema is checked in, relative to the workspace.
pub const PATH: &str = "spec/spec.schema.json";

/// The first line of every spec file: names the schema for editors.
pub use crate::spec::to_yaml::SCHEMA_MODELINE as MODELINE;

/// The schema, pretty-printed, with a trailing newline.
pub fn json() -> String {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<SpecFile>();
    schema.insert(
        "title".to_owned(),
        "sigcal spec: one service of an Action-style API".into(),
    );
    schema.insert(
        "description".to_owned(),
        "Written by `cargo codegen schema` from the loader's types; the format is in spec/README.md. \
         The schema checks shape (keys, value types); `cargo codegen validate` checks the rest \
         (names, type references, pagination, examples)."
            .into(),
    );
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
