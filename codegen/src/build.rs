//! The build-script front end, for people who keep their own specs.
//!
//! In `build.rs`, `sigcal_codegen::build::generate("spec/x.yaml");`, then in the
//! library `include!(concat!(env!("OUT_DIR"), "/x.rs"));`. With the default options the
//! code includes the service's metadata table, which needs `sigcal-client`'s `metadata`
//! feature; `metadata_feature` puts it behind a feature of your crate instead (which
//! then turns on `sigcal-client/metadata`).

use std::path::{Path, PathBuf};

use crate::{Options, Spec};

/// Generates `OUT_DIR/<module>.rs` from the spec at `path` with default options, and
/// exits the build with every diagnostic when the spec is invalid.
pub fn generate(path: impl AsRef<Path>) -> PathBuf {
    generate_with(path, &Options::default())
}

/// [`generate`] with options.
#[allow(
    clippy::print_stdout,
    reason = "cargo reads build-script instructions from stdout"
)]
pub fn generate_with(path: impl AsRef<Path>, options: &Options) -> PathBuf {
    let path = path.as_ref();
    println!("cargo::rerun-if-changed={}", path.display());
    let spec = match Spec::load(path) {
        Ok(spec) => spec,
        Err(error) => {
            // Cargo shows a failed build script's stderr in full; the rendered snippets
            // read as they do from `cargo codegen validate`.
            for diagnostic in error.errors() {
                println!("cargo::error={}", diagnostic.headline());
            }
            eprintln!("{}", error.render(false));
            std::process::exit(1);
        }
    };
    for warning in &spec.warnings {
        println!("cargo::warning={}", warning.headline());
    }
    let out_dir = std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    match generate_into(&spec, &out_dir, options) {
        Ok(target) => target,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(1);
        }
    }
}

/// Renders a loaded spec into `out_dir/<module>.rs` and returns that path.
pub fn generate_into(spec: &Spec, out_dir: &Path, options: &Options) -> Result<PathBuf, String> {
    let module = crate::ir::lower(spec).module;
    let target = out_dir.join(format!("{module}.rs"));
    let contents = crate::render::render(spec, options).map_err(|error| {
        format!("generated code does not parse (a sigcal-codegen bug): {error}")
    })?;
    std::fs::write(&target, contents)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    Ok(target)
}
