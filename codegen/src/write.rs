//! Stage 6: files. Loads every spec of a directory, renders it, and writes only what
//! changed (or, in check mode, reports what is stale).

use std::path::{Path, PathBuf};

use crate::{Options, Spec, SpecError};

/// One output file and its rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Where the file goes.
    pub path: PathBuf,
    /// What it must contain.
    pub contents: String,
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// A spec is invalid.
    Spec(SpecError),
    /// The spec directory or an output could not be read or written.
    Io(String),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Spec(error) => write!(f, "{error}"),
            GenerateError::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for GenerateError {}

/// The spec files of a directory, sorted (a file path is taken as it is).
pub fn spec_files(path: &Path) -> Result<Vec<PathBuf>, GenerateError> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| GenerateError::Io(format!("cannot read {}: {e}", path.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Renders every spec in `spec_dir` into files under `out_dir`: one module per
/// service and a `mod.rs` declaring them.
pub fn outputs(
    spec_dir: &Path,
    out_dir: &Path,
    options: &Options,
) -> Result<Vec<Output>, GenerateError> {
    modules_and_outputs(spec_dir, out_dir, options).map(|(_, outputs)| outputs)
}

/// What [`outputs`] renders, with each service's (module, doc) in spec order.
type Modules = Vec<(String, String)>;

fn modules_and_outputs(
    spec_dir: &Path,
    out_dir: &Path,
    options: &Options,
) -> Result<(Modules, Vec<Output>), GenerateError> {
    let mut outputs = Vec::new();
    let mut modules = Vec::new();
    for file in spec_files(spec_dir)? {
        let spec = Spec::load(&file).map_err(GenerateError::Spec)?;
        let service = crate::ir::lower(&spec);
        let contents = crate::render::render(&spec, options).map_err(|e| {
            GenerateError::Io(format!(
                "generated code does not parse (a generator bug): {e}"
            ))
        })?;
        outputs.push(Output {
            path: out_dir.join(format!("{}.rs", service.module)),
            contents,
        });
        modules.push((service.module, service.doc));
    }
    outputs.push(Output {
        path: out_dir.join("mod.rs"),
        contents: crate::render::render_index(&modules, options),
    });
    Ok((modules, outputs))
}

/// The outputs of [`outputs`], plus the runtime crate's manifest at `manifest` with its
/// service features rewritten (the lines between [`FEATURES_BEGIN`] and
/// [`FEATURES_END`]), so a new spec file needs no hand edit outside `spec/`.
pub fn client_outputs(
    spec_dir: &Path,
    out_dir: &Path,
    manifest: &Path,
    options: &Options,
) -> Result<Vec<Output>, GenerateError> {
    let (modules, mut all) = modules_and_outputs(spec_dir, out_dir, options)?;
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| GenerateError::Io(format!("cannot read {}: {e}", manifest.display())))?;
    let contents = replace_between(
        &text,
        FEATURES_BEGIN,
        FEATURES_END,
        &crate::render::render_features(&modules),
    )
    .ok_or_else(|| {
        GenerateError::Io(format!(
            "{} has no `{FEATURES_BEGIN}` … `{FEATURES_END}` block in its [features]",
            manifest.display()
        ))
    })?;
    all.push(Output {
        path: manifest.to_path_buf(),
        contents,
    });
    Ok(all)
}

/// The line after which the generator writes the service features.
pub const FEATURES_BEGIN: &str =
    "# @generated service features: `cargo codegen generate` rewrites them";
/// The line that ends the generated service features.
pub const FEATURES_END: &str = "# @end generated service features";

/// `text` with the lines strictly between the `begin` and `end` lines replaced by
/// `lines`; `None` when either marker line is missing.
fn replace_between(text: &str, begin: &str, end: &str, lines: &str) -> Option<String> {
    let start = text.find(begin)? + begin.len();
    let start = start + text.get(start..)?.find('\n')? + 1;
    let stop = start + text.get(start..)?.find(end)?;
    Some(format!(
        "{}{lines}{}",
        text.get(..start)?,
        text.get(stop..)?
    ))
}

/// Writes the outputs whose contents differ from what is on disk; returns those paths.
pub fn write_changed(outputs: &[Output]) -> Result<Vec<PathBuf>, GenerateError> {
    let mut written = Vec::new();
    for output in stale(outputs) {
        if let Some(parent) = output.path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                GenerateError::Io(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&output.path, &output.contents).map_err(|e| {
            GenerateError::Io(format!("cannot write {}: {e}", output.path.display()))
        })?;
        written.push(output.path.clone());
    }
    Ok(written)
}

/// The outputs whose files are missing or differ.
pub fn stale(outputs: &[Output]) -> Vec<&Output> {
    outputs
        .iter()
        .filter(|output| {
            std::fs::read_to_string(&output.path).ok().as_deref() != Some(output.contents.as_str())
        })
        .collect()
}
