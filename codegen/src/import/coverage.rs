//! `cargo codegen coverage`: how much of the published reference `spec/` holds, per
//! service: pages, action pages, actions imported, pages skipped and why, hand
//! corrections (entries that differ from a fresh import of the pages), and whether the
//! official Python SDK has the service. Written to `spec/COVERAGE.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{SkipReason, import_pages, same_enums_same_names};
use crate::Spec;
use crate::spec::to_yaml::{action_yaml, model_yaml};

/// The service modules of the official Python SDK, `ucloud-sdk-python3` 0.11.150 (the
/// version the interop tests pin), as its `ucloud/services/` folder names them.
const PYTHON_SDK_MODULES: [&str; 62] = [
    "cloudwatch",
    "cube",
    "iam",
    "ipsecvpn",
    "ipv6gw",
    "isms",
    "nlb",
    "pathx",
    "sandbox",
    "ses",
    "stepflow",
    "sts",
    "tidb",
    "uaaa",
    "uaccount",
    "uads",
    "uai_modelverse",
    "uas",
    "ubill",
    "ucdn",
    "uclickhouse",
    "ucloudstack",
    "ucompshare",
    "udb",
    "udbproxy",
    "uddb",
    "udi",
    "udisk",
    "udns",
    "udpn",
    "udts",
    "uec",
    "ues",
    "ufile",
    "ufs",
    "ugn",
    "uhadoop",
    "uhids",
    "uhost",
    "uhub",
    "uk8s",
    "ukafka",
    "ukms",
    "ulb",
    "ulighthost",
    "ulogservice",
    "umem",
    "umongodb",
    "unet",
    "unvs",
    "upfs",
    "upgsql",
    "uphone",
    "uphost",
    "urocketmq",
    "uslk",
    "usms",
    "utsdb",
    "uvms",
    "uwsc",
    "vpc",
    "vpc2",
];

/// Reference folders whose name is not `{module}-api`.
const FOLDERS: [(&str, &str); 2] = [("uddosuclean", "uddos-uclean-api"), ("vpc2", "vpc2.0-api")];

/// One service's line of the report.
struct Row {
    service: String,
    module: String,
    pages: usize,
    action_pages: usize,
    /// Distinct action names the action pages' titles give (some pages are copies).
    documented: usize,
    /// Documented names with no spec entry and no page skipped for a stated reason.
    missing: Vec<String>,
    actions: usize,
    /// Actions no page documents, imported from the SDKs' types.
    from_sdk: usize,
    skipped: BTreeMap<SkipReason, usize>,
    corrections: Vec<String>,
    warnings: usize,
    /// What `cargo codegen validate` warns about the spec (`file:line:column: message`).
    spec_warnings: Vec<String>,
    /// Resources declared, and how many of them a maintainer wrote (not `inferred`).
    resources: usize,
    maintained: usize,
    /// The Create/Allocate actions, and those no resource makes.
    creates: usize,
    uncovered: Vec<String>,
}

/// Every page of a reference folder as `(path, text)`, in file order; none when there is
/// no folder (a service only the SDKs have, `ucloudstack`).
pub fn folder_pages(folder: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries.collect::<Vec<_>>(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(format!("{}: {error}", folder.display())),
    };
    let mut paths: Vec<_> = entries
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        pages.push((path.display().to_string(), text));
    }
    Ok(pages)
}

/// The reference folder of a service module (`uhost-api`; `vpc2.0-api` for `vpc2`).
pub fn folder_for(module: &str) -> String {
    FOLDERS.iter().find(|(m, _)| *m == module).map_or_else(
        || format!("{module}-api"),
        |(_, folder)| (*folder).to_owned(),
    )
}

/// The report for every spec in `spec_dir` against the reference folders in `reference`.
pub fn report(reference: &Path, spec_dir: &Path) -> Result<String, String> {
    let mut rows = Vec::new();
    for file in crate::write::spec_files(spec_dir).map_err(|e| e.to_string())? {
        let spec = Spec::load(&file).map_err(|e| e.to_string())?;
        let document = &spec.document;
        let module = crate::ir::lower(&spec).module;
        let folder = reference.join(folder_for(&module));
        let pages = folder_pages(&folder)?;
        let mut imported = import_pages(&pages, &document.service.name.value);
        // Enum names are the importer's by order; compare entries by what they hold.
        same_enums_same_names(document, &mut imported.document);
        let mut skipped = BTreeMap::new();
        for reason in imported.pages.iter().filter_map(|p| p.skipped) {
            *skipped.entry(reason).or_insert(0) += 1;
        }
        let skipped_titles: Vec<&String> = imported
            .pages
            .iter()
            .filter(|p| p.skipped.is_some())
            .filter_map(|p| p.action.as_ref())
            .collect();
        let warnings = imported.warnings.len() - skipped.values().sum::<usize>();
        let mut corrections = Vec::new();
        let mut from_sdk = 0;
        for action in document.actions.iter() {
            // An action no page documents came from the SDKs' types (`from_sdk`), not
            // from a page to correct.
            if action.value.from_sdk.is_some() {
                from_sdk += 1;
                continue;
            }
            let fresh = imported.document.actions.get(&action.name.value);
            // The waiter that follows an action is an addition of the spec's, as its
            // waiters are, not a correction of the page.
            let mut kept = action.value.clone();
            kept.then_wait = None;
            if fresh.is_none_or(|f| {
                action_yaml(&f.name.value, &f.value) != action_yaml(&action.name.value, &kept)
            }) {
                corrections.push(format!("action `{}`", action.name.value));
            }
        }
        for model in document.models.iter() {
            let fresh = imported.document.models.get(&model.name.value);
            if fresh.is_none() && super::decide::is_sdk_model(&model.value) {
                continue;
            }
            if fresh.is_none_or(|f| {
                model_yaml(&f.name.value, &f.value) != model_yaml(&model.name.value, &model.value)
            }) {
                corrections.push(format!("model `{}`", model.name.value));
            }
        }
        let mut titles: Vec<&String> = imported
            .pages
            .iter()
            .filter(|p| p.current_layout)
            .filter_map(|p| p.action.as_ref())
            .collect();
        titles.sort();
        titles.dedup();
        let missing: Vec<String> = titles
            .iter()
            .filter(|name| document.actions.get(name).is_none() && !skipped_titles.contains(name))
            .map(|name| (*name).clone())
            .collect();
        let creates: Vec<&String> = document
            .actions
            .iter()
            .map(|a| &a.name.value)
            .filter(|name| super::resources::is_create(name))
            .collect();
        let uncovered: Vec<String> = creates
            .iter()
            .filter(|name| {
                !document
                    .resources
                    .iter()
                    .any(|r| r.value.create.get(name).is_some())
            })
            .map(|name| (*name).clone())
            .collect();
        rows.push(Row {
            resources: document.resources.0.len(),
            maintained: document
                .resources
                .iter()
                .filter(|r| !r.value.inferred.as_ref().is_some_and(|i| i.value))
                .count(),
            creates: creates.len(),
            uncovered,
            service: document.service.name.value.clone(),
            module,
            pages: pages.len(),
            action_pages: imported.pages.iter().filter(|p| p.current_layout).count(),
            documented: titles.len(),
            missing,
            actions: document.actions.0.len(),
            from_sdk,
            skipped,
            corrections,
            warnings,
            spec_warnings: spec
                .warnings
                .iter()
                .map(|w| {
                    let file = file
                        .file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default();
                    format!(
                        "spec/{file}:{}:{}: {}",
                        w.span.line, w.span.column, w.message
                    )
                })
                .collect(),
        });
    }
    Ok(render(&rows))
}

fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "<!-- @generated by `cargo codegen coverage`; do not edit. -->\n\
         # Coverage of the published reference\n\n\
         Per service: the pages of its folder in the reference, the action pages among them\n\
         (those with a `## 定义` section), the actions `spec/` holds, the pages the importer\n\
         skipped (reasons below), the entries that differ from a fresh import of the pages\n\
         (hand corrections, kept by re-imports), the importer's other warnings (rows it mapped\n\
         approximately), and whether the official Python SDK (`ucloud-sdk-python3` 0.11.150)\n\
         has the service.\n\n",
    );
    let total = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>();
    let _ = writeln!(
        out,
        "**{} services, {} pages, {} action pages documenting {} distinct actions, {} actions in `spec/` ({} of them from the official SDKs only, no page documenting them; see RECONCILE.md), {} documented actions missing, {} pages skipped, {} hand-corrected entries, {} services in the Python SDK.**\n",
        rows.len(),
        total(|r| r.pages),
        total(|r| r.action_pages),
        total(|r| r.documented),
        total(|r| r.actions),
        total(|r| r.from_sdk),
        total(|r| r.missing.len()),
        total(|r| r.skipped.values().sum()),
        total(|r| r.corrections.len()),
        rows.iter()
            .filter(|r| PYTHON_SDK_MODULES.contains(&r.module.as_str()))
            .count(),
    );
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        for (reason, count) in &row.skipped {
            *reasons.entry(reason.to_string()).or_insert(0) += count;
        }
    }
    out.push_str("Pages skipped, by reason:\n\n| reason | pages |\n|---|---:|\n");
    for (reason, count) in &reasons {
        let _ = writeln!(out, "| {reason} | {count} |");
    }
    let spec_warnings: Vec<&String> = rows.iter().flat_map(|r| &r.spec_warnings).collect();
    let _ = writeln!(
        out,
        "\n`cargo codegen validate` reports no errors and {} warning(s):\n",
        spec_warnings.len()
    );
    for warning in spec_warnings {
        let _ = writeln!(out, "- {warning}");
    }
    out.push_str(
        "\n| service | module | pages | action pages | documented actions | actions | missing | skipped | hand corrections | warnings | Python SDK |\n\
         |---|---|---:|---:|---:|---:|---|---:|---|---:|---|\n",
    );
    for row in rows {
        let corrections = if row.corrections.is_empty() {
            "—".to_owned()
        } else {
            row.corrections.join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.service,
            row.module,
            row.pages,
            row.action_pages,
            row.documented,
            row.actions,
            if row.missing.is_empty() {
                "—".to_owned()
            } else {
                row.missing.join(", ")
            },
            row.skipped.values().sum::<usize>(),
            corrections,
            row.warnings,
            if PYTHON_SDK_MODULES.contains(&row.module.as_str()) {
                "yes"
            } else {
                "no"
            },
        );
    }
    let creates = total(|r| r.creates);
    let covered = creates - total(|r| r.uncovered.len());
    let _ = writeln!(
        out,
        "\n## Resources\n\n\
         What the fake keeps (spec/README.md, \"Resources\"): per service, the resources declared\n\
         (those a maintainer wrote or corrected, the rest inferred by `cargo codegen resources`),\n\
         the Create/Allocate actions, and those no resource makes.\n\n\
         **{} resources in {} services ({} maintained); {covered} of {creates} Create/Allocate actions make a declared resource ({:.0}%).**\n",
        total(|r| r.resources),
        rows.iter().filter(|r| r.resources > 0).count(),
        total(|r| r.maintained),
        if creates == 0 {
            0.0
        } else {
            covered as f64 * 100.0 / creates as f64
        },
    );
    out.push_str(
        "| service | resources | maintained | Create/Allocate actions | covered | not covered |\n\
         |---|---:|---:|---:|---:|---|\n",
    );
    for row in rows.iter().filter(|r| r.creates > 0 || r.resources > 0) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.service,
            row.resources,
            row.maintained,
            row.creates,
            row.creates - row.uncovered.len(),
            if row.uncovered.is_empty() {
                "—".to_owned()
            } else {
                row.uncovered.join(", ")
            },
        );
    }
    out
}
