//! `cargo codegen`: the command-line front end of the generator.
//!
//! It only decides where specs come from, where output goes and how diagnostics are
//! shown; everything else is the library's.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sigcal_codegen::{Diagnostic, Spec};

/// Generate, check and validate sigcal clients from YAML specs.
#[derive(Debug, Parser)]
#[command(name = "sigcal-codegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the client from the specs, writing only files that changed.
    Generate {
        /// A spec file or a directory of `*.yaml` specs.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Where the generated modules go.
        #[arg(long, default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// The runtime crate's manifest, whose service features are rewritten (default:
        /// `generated-client/Cargo.toml` when `--out` is the default; none otherwise, so
        /// generating elsewhere never touches the checked-in client).
        #[arg(long)]
        manifest: Option<PathBuf>,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Exit 1 and name the stale files when the checked-in code differs from the specs.
    Check {
        /// A spec file or a directory of `*.yaml` specs.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Where the generated modules are.
        #[arg(long, default_value = DEFAULT_OUT)]
        out: PathBuf,
        /// The runtime crate's manifest, whose service features are checked (default as
        /// for `generate`).
        #[arg(long)]
        manifest: Option<PathBuf>,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Turn reference pages (Markdown) into spec entries: printed as a complete spec, or
    /// merged into an existing spec with `--into`, keeping its hand edits.
    Import {
        /// Reference pages, in the seed's English layout or the original Chinese one.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// The service name of a new spec.
        #[arg(long, default_value = "UPHost")]
        service: String,
        /// A spec file to merge into (rewritten in place; changes are listed).
        #[arg(long)]
        into: Option<PathBuf>,
    },
    /// Write the coverage report: per service, the reference pages, actions imported,
    /// pages skipped by reason, hand corrections, and the Python SDK's services.
    Coverage {
        /// The published reference: one `<module>-api` folder per service.
        #[arg(long, default_value = "../shared/reference/api")]
        reference: PathBuf,
        /// A spec file or a directory of `*.yaml` specs.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Where the report goes.
        #[arg(long, default_value = "spec/COVERAGE.md")]
        out: PathBuf,
    },
    /// Compare `spec/` with both official SDKs' API schemas, field by field, and write the
    /// report of every disagreement left, with the agreement figures per SDK.
    Reconcile {
        /// A spec file or a directory of `*.yaml` specs.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// The Go SDK's API schema: one JSON file per service.
        #[arg(long, default_value = "../shared/reference/sdk-go")]
        go: PathBuf,
        /// The Python interpreter that has `ucloud-sdk-python3` installed (CI's venv).
        #[arg(long, default_value = "target/ci-venv/bin/python")]
        python: PathBuf,
        /// The published reference, whose pages the spec is compared with too.
        #[arg(long, default_value = "../shared/reference/api")]
        reference: PathBuf,
        /// Where the report goes.
        #[arg(long, default_value = "spec/RECONCILE.md")]
        out: PathBuf,
        /// Apply the rules first: write each decision into the spec files (marked
        /// `corrected: "reconcile: …"`) and list them.
        #[arg(long)]
        apply: bool,
    },
    /// What a spec change does to users: every change to services, actions, parameters,
    /// fields, models and enums, classified by its effect on the generated Rust API and
    /// on the wire, with the version bump it calls for.
    Diff {
        /// `OLD NEW`: two spec files or directories. With `--git`, only `NEW` (default
        /// `spec`), whose version in that revision is the old side.
        #[arg(value_name = "PATHS", num_args = 0..=2)]
        paths: Vec<PathBuf>,
        /// Take the old specs from this git revision.
        #[arg(long, value_name = "REV")]
        git: Option<String>,
        /// How to print the changes.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 1 when a change of this kind is found.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Write the JSON Schema of the spec format (for editors: each spec names it in its
    /// first line).
    Schema {
        /// Where it goes.
        #[arg(long, default_value = sigcal_codegen::schema::PATH)]
        out: PathBuf,
        /// Exit 1 when the file differs from the schema instead of writing it.
        #[arg(long)]
        check: bool,
    },
    /// Infer the resources (what each Create/Allocate action makes, what lists, changes
    /// and removes it) of spec files, as `import` does, and write them in place: entries
    /// marked `inferred: true` are inferred again, the others are kept as written.
    Resources {
        /// Spec files or directories of `*.yaml` files.
        #[arg(default_value = "spec")]
        paths: Vec<PathBuf>,
        /// Exit 1 when a file would change instead of writing it.
        #[arg(long)]
        check: bool,
    },
    /// Check spec files and print every diagnostic; exit 1 when there are errors.
    Validate {
        /// Spec files or directories of `*.yaml` files.
        #[arg(default_value = "spec")]
        paths: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Output format for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Source snippets, as rustc prints them.
    Human,
    /// One JSON array of diagnostics, for tools.
    Json,
}

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// One line per change, then the bump.
    Text,
    /// A CHANGELOG section.
    Markdown,
    /// One JSON document, for tools.
    Json,
}

/// What `diff --deny` refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Changes that break users' code or old clients on the wire (a major bump).
    Breaking,
}

/// Where the checked-in client's modules go, and its manifest.
/// The generator's options, as `generate` and `check` take them; the defaults are
/// `sigcal-client`'s own (`Options::client`). Each value is checked by the option's
/// setter as it is parsed, so a bad one is a usage error naming the flag.
#[derive(Debug, clap::Args)]
struct OptionArgs {
    /// The path generated code reaches the runtime crate by.
    #[arg(long, value_name = "PATH", default_value = sigcal_protocol::names::DEFAULT_RUNTIME_PATH,
          value_parser = |value: &str| checked("runtime_path", value))]
    runtime_path: String,
    /// The cargo feature that compiles the metadata table; empty: always compiled.
    #[arg(long, value_name = "FEATURE", default_value = "metadata",
          value_parser = |value: &str| checked("metadata_feature", value))]
    metadata_feature: String,
    /// The cargo feature that derives `Serialize` on answers; empty: never derived.
    #[arg(long, value_name = "FEATURE", default_value = "serialize",
          value_parser = |value: &str| checked("serialize_feature", value))]
    serialize_feature: String,
    /// The crate whose modules the services are, for the `# Example` of each action's
    /// docs; empty: no examples.
    #[arg(long, value_name = "CRATE", default_value = "sigcal_client",
          value_parser = |value: &str| checked("doc_examples", value))]
    doc_examples: String,
}

/// `value` when `option` takes it (an empty feature means none).
fn checked(option: &str, value: &str) -> Result<String, sigcal_codegen::OptionError> {
    if value.is_empty() && option != "runtime_path" {
        return Ok(String::new());
    }
    sigcal_codegen::Options::default().set(option, value)?;
    Ok(value.to_owned())
}

impl OptionArgs {
    fn options(&self) -> sigcal_codegen::Options {
        let mut options = sigcal_codegen::Options::default();
        for (option, value) in [
            ("runtime_path", &self.runtime_path),
            ("metadata_feature", &self.metadata_feature),
            ("serialize_feature", &self.serialize_feature),
            ("doc_examples", &self.doc_examples),
        ] {
            if value.is_empty() {
                continue;
            }
            // Invariant: clap ran `checked` on each value, which set it the same way.
            options = options.set(option, value).expect("checked by clap");
        }
        options
    }
}

const DEFAULT_OUT: &str = "generated-client/src/generated";
const DEFAULT_MANIFEST: &str = "generated-client/Cargo.toml";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { paths, format } => validate(&paths, format),
        Command::Generate {
            spec,
            out,
            manifest,
            options,
        } => generate(&spec, &out, manifest.as_deref(), &options.options(), false),
        Command::Check {
            spec,
            out,
            manifest,
            options,
        } => generate(&spec, &out, manifest.as_deref(), &options.options(), true),
        Command::Coverage {
            reference,
            spec,
            out,
        } => coverage(&reference, &spec, &out),
        Command::Reconcile {
            spec,
            go,
            python,
            reference,
            out,
            apply,
        } => reconcile(&spec, &go, &python, &reference, &out, apply),
        Command::Import {
            pages,
            service,
            into,
        } => import(&pages, &service, into.as_deref()),
        Command::Schema { out, check } => schema(&out, check),
        Command::Resources { paths, check } => resources(&paths, check),
        Command::Diff {
            paths,
            git,
            format,
            deny,
        } => match (paths.as_slice(), git.as_deref()) {
            ([], Some(rev)) => diff(None, Path::new("spec"), Some(rev), format, deny),
            ([new], Some(rev)) => diff(None, new, Some(rev), format, deny),
            ([old, new], None) => diff(Some(old), new, None, format, deny),
            (_, Some(_)) => usage_error("with --git, give at most one path: the new specs"),
            (_, None) => usage_error("give OLD and NEW spec paths, or --git REV [NEW]"),
        },
    }
}

fn resources(paths: &[PathBuf], check: bool) -> ExitCode {
    let files = match spec_files(paths) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let mut stale = false;
    for file in files {
        let name = file.display().to_string();
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("error: cannot read {name}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let mut spec = match Spec::parse(&name, &text) {
            Ok(spec) => spec,
            Err(error) => {
                eprint!("{}", error.render(std::io::stderr().is_terminal()));
                return ExitCode::FAILURE;
            }
        };
        let added = sigcal_codegen::import::resources::propose(&mut spec.document);
        let yaml = sigcal_codegen::spec::to_yaml::to_yaml(&spec.document);
        if yaml == text {
            continue;
        }
        if let Err(error) = Spec::parse(&name, &yaml) {
            eprint!("{}", error.render(false));
            return ExitCode::FAILURE;
        }
        stale = true;
        if check {
            eprintln!("stale: {name} (run `cargo codegen resources`)");
            continue;
        }
        if let Err(error) = std::fs::write(&file, yaml) {
            eprintln!("error: cannot write {name}: {error}");
            return ExitCode::FAILURE;
        }
        for line in added {
            println!("{name}: {line}");
        }
    }
    if stale && check {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn schema(out: &Path, check: bool) -> ExitCode {
    let schema = sigcal_codegen::schema::json();
    let current = std::fs::read_to_string(out).ok();
    if check {
        if current.as_deref() == Some(schema.as_str()) {
            return ExitCode::SUCCESS;
        }
        eprintln!("stale: {} (run `cargo codegen schema`)", out.display());
        return ExitCode::FAILURE;
    }
    if current.as_deref() == Some(schema.as_str()) {
        return ExitCode::SUCCESS;
    }
    match std::fs::write(out, schema) {
        Ok(()) => {
            eprintln!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!(
        "error: {message}\n\nUsage: sigcal-codegen diff OLD NEW | sigcal-codegen diff --git REV [NEW]"
    );
    ExitCode::from(2)
}

fn diff(
    old: Option<&Path>,
    new_path: &Path,
    git: Option<&str>,
    format: DiffFormat,
    deny: Option<Deny>,
) -> ExitCode {
    let old_specs = match (old, git) {
        (_, Some(rev)) => specs_at_revision(rev, new_path),
        (Some(path), None) => sigcal_codegen::diff::load(path),
        (None, None) => Err("give OLD or --git REV".to_owned()),
    };
    let loaded = old_specs.and_then(|old| Ok((old, sigcal_codegen::diff::load(new_path)?)));
    let (old_specs, new_specs) = match loaded {
        Ok(both) => both,
        Err(error) => {
            eprint!("{error}");
            if !error.ends_with('\n') {
                eprintln!();
            }
            return ExitCode::FAILURE;
        }
    };
    let changes = sigcal_codegen::diff::diff(
        &sigcal_codegen::diff::services(&old_specs),
        &sigcal_codegen::diff::services(&new_specs),
    );
    print!(
        "{}",
        match format {
            DiffFormat::Text => sigcal_codegen::diff::render_text(&changes),
            DiffFormat::Markdown => sigcal_codegen::diff::render_markdown(&changes),
            DiffFormat::Json => sigcal_codegen::diff::render_json(&changes),
        }
    );
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    if deny == Some(Deny::Breaking) && breaking > 0 {
        eprintln!("error: {breaking} breaking change(s) (--deny breaking)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn reconcile(
    spec: &Path,
    go: &Path,
    python: &Path,
    reference: &Path,
    out: &Path,
    apply: bool,
) -> ExitCode {
    use sigcal_codegen::import::reconcile;
    let schemas = reconcile::python_schema(python).and_then(|python| {
        let go = reconcile::SdkSchema::read_go(go)?;
        Ok([go, python])
    });
    let schemas = match schemas {
        Ok(schemas) if apply => match reconcile::apply(spec, &schemas) {
            Ok(applied) => {
                for file in applied {
                    for change in &file.changes {
                        eprintln!("{change}");
                    }
                    if let Err(error) = std::fs::write(&file.path, &file.yaml) {
                        eprintln!("error: cannot write {}: {error}", file.path.display());
                        return ExitCode::FAILURE;
                    }
                }
                Ok(schemas)
            }
            Err(error) => Err(error),
        },
        other => other,
    };
    write_report(
        schemas.and_then(|schemas| reconcile::report(spec, reference, &schemas)),
        out,
    )
}

fn coverage(reference: &Path, spec: &Path, out: &Path) -> ExitCode {
    write_report(
        sigcal_codegen::import::coverage::report(reference, spec),
        out,
    )
}

/// Writes a generated report to `out`, or says why there is none.
fn write_report(report: Result<String, String>, out: &Path) -> ExitCode {
    match report {
        Ok(report) => match std::fs::write(out, report) {
            Ok(()) => {
                eprintln!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", out.display());
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn import(pages: &[PathBuf], service: &str, into: Option<&Path>) -> ExitCode {
    let mut texts = Vec::new();
    for page in pages {
        match std::fs::read_to_string(page) {
            Ok(text) => texts.push((page.display().to_string(), text)),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", page.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let existing = match into {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some((path.display().to_string(), text)),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        },
    };
    let into_text = existing
        .as_ref()
        .map(|(name, text)| (name.as_str(), text.as_str()));
    let imported = sigcal_codegen::import::reimport(&texts, service, into_text);
    let imported = match imported {
        Ok(imported) => imported,
        Err(sigcal_codegen::import::ImportError::Existing(error)) => {
            eprint!("{}", error.render(std::io::stderr().is_terminal()));
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    for warning in &imported.warnings {
        eprintln!("{}", warning.headline());
    }
    for change in &imported.merged {
        eprintln!("{change}");
    }
    let Some(((name, before), path)) = existing.zip(into) else {
        print!("{}", imported.yaml);
        return ExitCode::SUCCESS;
    };
    if imported.merged.is_empty() {
        eprintln!("{name}: no changes");
    }
    if !imported.changes.is_empty() {
        eprint!("{}", sigcal_codegen::diff::render_text(&imported.changes));
    }
    if before == imported.yaml {
        return ExitCode::SUCCESS;
    }
    match std::fs::write(path, imported.yaml) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}

fn generate(
    spec_dir: &Path,
    out_dir: &Path,
    manifest: Option<&Path>,
    options: &sigcal_codegen::Options,
    check_only: bool,
) -> ExitCode {
    let manifest = manifest
        .map(Path::to_path_buf)
        .or_else(|| (out_dir == Path::new(DEFAULT_OUT)).then(|| PathBuf::from(DEFAULT_MANIFEST)));
    let outputs = match &manifest {
        Some(manifest) => {
            sigcal_codegen::write::client_outputs(spec_dir, out_dir, manifest, options)
        }
        None => sigcal_codegen::write::outputs(spec_dir, out_dir, options),
    };
    let outputs = match outputs {
        Ok(outputs) => outputs,
        Err(sigcal_codegen::write::GenerateError::Spec(error)) => {
            eprint!("{}", error.render(std::io::stderr().is_terminal()));
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let orphans = sigcal_codegen::write::orphans(out_dir, &outputs);
    if check_only {
        let stale = sigcal_codegen::write::stale(&outputs);
        for output in &stale {
            eprintln!(
                "stale: {} (run `cargo codegen generate`)",
                output.path.display()
            );
        }
        for orphan in &orphans {
            eprintln!(
                "stale: {} has no spec any more (run `cargo codegen generate`)",
                orphan.display()
            );
        }
        return if stale.is_empty() && orphans.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    for orphan in &orphans {
        match std::fs::remove_file(orphan) {
            Ok(()) => eprintln!("removed {} (its spec is gone)", orphan.display()),
            Err(error) => {
                eprintln!("error: cannot remove {}: {error}", orphan.display());
                return ExitCode::FAILURE;
            }
        }
    }
    match sigcal_codegen::write::write_changed(&outputs) {
        Ok(written) => {
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            eprintln!(
                "{} file(s) generated, {} changed",
                outputs.len(),
                written.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn validate(paths: &[PathBuf], format: Format) -> ExitCode {
    let files = match spec_files(paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let styled = std::io::stderr().is_terminal();
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut failed = false;
    for file in &files {
        match Spec::load(file) {
            Ok(spec) => {
                if format == Format::Human {
                    eprint!(
                        "{}",
                        sigcal_codegen::diagnostics::render(&spec.warnings, &spec.source, styled)
                    );
                }
                all.extend(spec.warnings);
            }
            Err(error) => {
                failed = true;
                if format == Format::Human {
                    eprint!("{}", error.render(styled));
                }
                all.extend(error.diagnostics);
            }
        }
    }
    if format == Format::Json {
        match serde_json::to_string_pretty(&all) {
            Ok(json) => println!("{json}"),
            Err(error) => eprintln!("error: cannot write diagnostics as JSON: {error}"),
        }
    } else {
        let errors = all
            .iter()
            .filter(|d| d.severity == sigcal_codegen::Severity::Error)
            .count();
        let warnings = all.len() - errors;
        eprintln!(
            "{} spec file(s) checked: {errors} error(s), {warnings} warning(s)",
            files.len()
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Expands directories into their `*.yaml` files, sorted so output is stable.
fn spec_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read directory {}: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| is_yaml(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("no *.yaml spec files in {}", path.display()));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// Loads the specs that were at `path` (a file or a directory, relative to the current
/// directory inside a git work tree) in revision `rev`, read with `git ls-tree` and
/// `git show`.
fn specs_at_revision(rev: &str, path: &Path) -> Result<Vec<sigcal_codegen::Spec>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        String::from_utf8(output.stdout).map_err(|e| format!("git {}: {e}", args.join(" ")))
    };
    let spec = path.to_string_lossy().replace('\\', "/");
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        rev,
        "--",
        &format!("./{spec}"),
    ])?;
    let mut files: Vec<&str> = listing
        .lines()
        .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml"))
        .collect();
    files.sort_unstable();
    if files.is_empty() {
        return Err(format!("no spec files under `{spec}` in {rev}"));
    }
    files
        .iter()
        .map(|file| {
            let text = git(&["show", &format!("{rev}:./{file}")])?;
            let name = format!("{rev}:{file}");
            sigcal_codegen::Spec::parse(&name, &text).map_err(|e| e.render(false))
        })
        .collect()
}
