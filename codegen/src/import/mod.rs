//! `cargo codegen import`: reference pages to spec entries, and merging them into an
//! existing spec without losing hand edits.

mod convert;
pub mod coverage;
pub mod decide;
mod page;
pub mod reconcile;
pub mod resources;
mod workflow;

pub use workflow::{ImportError, Reimported, reimport};

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::spec::model::{Action, Entries, Field, Model, Service, SpecFile};
use crate::spec::types::{Element, FieldType, Scalar};

use convert::{entry, same_values, spanned};

/// The endpoint a newly imported service starts with.
pub(crate) const DEFAULT_ENDPOINT: &str = "https://api.sigcalcloud.com/";

/// What importing pages produced.
#[derive(Debug, Clone)]
pub struct Imported {
    /// A complete spec document holding the imported entries.
    pub document: SpecFile,
    /// Rows or sections that could not be mapped exactly, located in their page.
    pub warnings: Vec<Diagnostic>,
    /// What became of each page, in the order they were given.
    pub pages: Vec<PageOutcome>,
}

/// What the importer made of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOutcome {
    /// The page's path, as given.
    pub file: String,
    /// The action its title names, if it names one.
    pub action: Option<String>,
    /// Whether it defines an action in the current layout (a `## 定义` section).
    pub current_layout: bool,
    /// Why it was not imported; `None` when its entries are in the document.
    pub skipped: Option<SkipReason>,
}

/// Why a page was not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// An index, sidebar, glossary or change log.
    NotAnActionPage,
    /// No action title and no `## 定义` section.
    NoDefinition,
    /// A `## 定义` section, but no `Summary - ActionName` title.
    UntitledActionPage,
    /// A REST object-storage call, not an Action API.
    RestObjectStorage,
    /// An older copy, `(旧)` in its title.
    OlderCopy,
    /// An older-layout copy of an action a current page defines.
    OlderLayoutCopy,
    /// A copy of an action's page that sends its parameters as a JSON body, where a
    /// form-encoded page of the same action exists.
    JsonBodyCopy,
    /// A copy of an action's page that the folder's `_sidebar.md` does not link, where it
    /// links another page of the same action.
    UnlinkedCopy,
    /// A second page of an action, alike in every way the rules rank; the last in order
    /// is kept.
    SameActionCopy,
    /// A titled page with no definition, no parameters and no fields: a change log or a
    /// notes page (`更新日志 - ChangeLog`, `重要说明 - Description`).
    NoParametersOrFields,
}

impl SkipReason {
    /// The importer's warning for a page that names `action` and is skipped for this
    /// reason.
    fn warning(self, action: &str) -> String {
        match self {
            SkipReason::OlderLayoutCopy => format!(
                "an older-layout copy of the page for `{action}`, which a current page defines; page skipped"
            ),
            SkipReason::RestObjectStorage => format!(
                "`{action}` is a REST object-storage call (`GET /… HTTP/1.1` to a bucket host), not an Action API; page skipped"
            ),
            SkipReason::OlderCopy => format!(
                "an older copy of the page for `{action}` (`(旧)` in its title); page skipped"
            ),
            SkipReason::JsonBodyCopy => format!(
                "a JSON-body copy of the page for `{action}`, which a form-encoded page defines; page skipped"
            ),
            SkipReason::UnlinkedCopy => format!(
                "a copy of the page for `{action}` that `_sidebar.md` does not link; the linked page wins; page skipped"
            ),
            SkipReason::SameActionCopy => format!(
                "another page for `{action}`, which a later page in order defines as well; page skipped"
            ),
            other => format!("`{action}`: {other}; page skipped"),
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::NotAnActionPage => {
                "not an action page (index, sidebar, glossary, change log)"
            }
            SkipReason::NoDefinition => {
                "no `## 定义` section (an older page layout, or not an Action-API page)"
            }
            SkipReason::UntitledActionPage => {
                "an action page whose title is not `Summary - ActionName`"
            }
            SkipReason::RestObjectStorage => {
                "a REST object-storage page (`GET /… HTTP/1.1`), not an Action API"
            }
            SkipReason::OlderCopy => "an older copy of another page (`(旧)` in the title)",
            SkipReason::OlderLayoutCopy => "an older-layout copy of a page a current page replaces",
            SkipReason::JsonBodyCopy => {
                "a JSON-body copy of an action a form-encoded page defines"
            }
            SkipReason::UnlinkedCopy => {
                "a copy of an action's page that `_sidebar.md` does not link, where it links another"
            }
            SkipReason::SameActionCopy => "a second page of an action, ranked alike; the last wins",
            SkipReason::NoParametersOrFields => {
                "a titled page with no `## 定义` section, parameters or fields (a change log or notes)"
            }
        })
    }
}

/// Imports pages given as `(path, text)` into a new document for `service`.
pub fn import_pages(pages: &[(String, String)], service: &str) -> Imported {
    let mut document = SpecFile {
        service: Service {
            name: spanned(service.to_owned()),
            module: Some(spanned(sigcal_protocol::names::module_name(service))),
            endpoint: spanned(DEFAULT_ENDPOINT.to_owned()),
            version: spanned("1".to_owned()),
            summary: None,
            description: None,
            sdk_module: None,
        },
        actions: Entries::default(),
        models: Entries::default(),
        enums: Entries::default(),
        waiters: Entries::default(),
        resources: Entries::default(),
    };
    let mut warnings = Vec::new();
    let mut outcomes = Vec::new();
    // Pages in the current layout (with a `## 定义` section) first, each group in file
    // order: the order shared enum and model names are settled in.
    let reads: Vec<page::Page> = pages.iter().map(|(_, text)| page::read(text)).collect();
    let choices = choose_pages(pages, &reads);
    let mut ordered: Vec<_> = pages
        .iter()
        .zip(&reads)
        .zip(choices)
        .enumerate()
        .map(|(index, ((page, read), skip))| (index, page, read, skip))
        .collect();
    ordered.sort_by_key(|(index, (_, text), _, _)| (!is_current_layout(text), *index));
    for (index, (path, text), read, skip) in ordered {
        outcomes.push((
            index,
            PageOutcome {
                file: path.clone(),
                action: read.action.as_ref().map(|(action, _)| action.clone()),
                current_layout: is_current_layout(text),
                skipped: skip,
            },
        ));
        let mut warn = |line: u32, message: String| {
            warnings.push(Diagnostic {
                severity: Severity::Warning,
                file: path.clone(),
                span: Span {
                    line,
                    column: 1,
                    byte_offset: 0,
                    byte_len: 0,
                },
                message,
                help: None,
            });
        };
        match (&read.action, skip) {
            (None, _) => {
                warn(
                    1,
                    "no title of the form `Summary - ActionName`; the page names no action; page skipped"
                        .to_owned(),
                );
                continue;
            }
            (Some((action, _)), Some(reason)) => {
                warn(1, reason.warning(action));
                continue;
            }
            (Some(_), None) => {}
        }
        let converted = match convert::convert(read) {
            Ok(converted) => converted,
            Err((line, message)) => {
                warn(line, format!("{message}; page skipped"));
                continue;
            }
        };
        for (line, message) in &converted.warnings {
            warn(*line, message.clone());
        }
        add_page(&mut document, converted, &mut warn);
    }
    name_models_apart(&mut document);
    resources::propose(&mut document);
    outcomes.sort_by_key(|(index, _)| *index);
    Imported {
        document,
        warnings,
        pages: outcomes.into_iter().map(|(_, outcome)| outcome).collect(),
    }
}

/// Whether a page is in the current layout: it has a `## 定义` (definition) section.
fn is_current_layout(text: &str) -> bool {
    text.contains("## 定义")
}

/// What the page-choice rules need to know of one page.
struct Candidate {
    /// The page's folder and file stem, as a sidebar links it.
    key: (std::path::PathBuf, String),
    current: bool,
    json_body: bool,
}

impl Candidate {
    fn of(path: &str, text: &str) -> Self {
        let path = std::path::Path::new(path);
        let stem = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        Candidate {
            key: (path.parent().unwrap_or(path).to_path_buf(), stem),
            current: is_current_layout(text),
            // The request example of a JSON-body page posts `Content-Type:
            // application/json`; form-encoded pages send `Key=value` pairs.
            json_body: text.contains("Content-Type: application/json"),
        }
    }
}

/// The pages each folder's `_sidebar.md` links, as (folder, file stem): links read
/// `[title](api/<folder>/<stem>)`, with or without `.md`.
fn sidebar_links(pages: &[(String, String)]) -> BTreeSet<(std::path::PathBuf, String)> {
    let mut links = BTreeSet::new();
    for (path, text) in pages {
        let path = std::path::Path::new(path);
        if path.file_name().and_then(|n| n.to_str()) != Some("_sidebar.md") {
            continue;
        }
        let folder = path.parent().unwrap_or(path).to_path_buf();
        for (_, rest) in text
            .match_indices("](")
            .map(|(at, _)| text.split_at(at + 2))
        {
            let Some(target) = rest.split(')').next() else {
                continue;
            };
            let Some(stem) = target.rsplit('/').next() else {
                continue;
            };
            let stem = stem.split('#').next().unwrap_or(stem);
            let stem = stem.strip_suffix(".md").unwrap_or(stem);
            links.insert((folder.clone(), stem.to_owned()));
        }
    }
    links
}

/// For each page, why it is not imported, if it is not. A page is skipped for what it
/// is (not an action page, a REST object-storage call, an older copy); of the pages
/// left that define one action, one wins, ranked by these rules in turn:
///
/// 1. the page the folder's `_sidebar.md` links over one it does not;
/// 2. a form-encoded page over a JSON-body one (the API is form-encoded; a JSON-body
///    page's nested models flatten to the same `Key.N.Field` keys);
/// 3. a current-layout page (with `## 定义`) over an older-layout one;
/// 4. otherwise the last in order (current pages in file order, then older ones).
fn choose_pages(pages: &[(String, String)], reads: &[page::Page]) -> Vec<Option<SkipReason>> {
    let links = sidebar_links(pages);
    // Per page: what the rules rank (linked, form-encoded, current), why it is skipped.
    let mut ranked: Vec<_> = pages
        .iter()
        .zip(reads)
        .map(|((path, text), read)| {
            let candidate = Candidate::of(path, text);
            let rank = (
                links.contains(&candidate.key),
                !candidate.json_body,
                candidate.current,
            );
            (rank, intrinsic_skip(path, text, read, candidate.current))
        })
        .collect();
    // Processing order: current pages first, each group in file order; the last of
    // equals wins.
    let mut by_action: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by_key(|&i| (ranked.get(i).is_none_or(|(rank, _)| !rank.2), i));
    for index in order {
        let kept = ranked.get(index).is_some_and(|(_, skip)| skip.is_none());
        if let (true, Some(Some((action, _)))) = (kept, reads.get(index).map(|r| &r.action)) {
            by_action.entry(action).or_default().push(index);
        }
    }
    for indices in by_action.values().filter(|indices| indices.len() > 1) {
        let rank_of = |i: usize| ranked.get(i).map(|(rank, _)| *rank);
        let Some(winner) = indices
            .iter()
            .enumerate()
            .max_by_key(|&(position, &i)| (rank_of(i), position))
            .map(|(_, &i)| i)
        else {
            continue;
        };
        let Some((linked, form, current)) = rank_of(winner) else {
            continue;
        };
        for &index in indices.iter().filter(|&&i| i != winner) {
            let Some(((other_linked, other_form, other_current), skip)) = ranked.get_mut(index)
            else {
                continue;
            };
            *skip = Some(if linked != *other_linked {
                SkipReason::UnlinkedCopy
            } else if form != *other_form {
                SkipReason::JsonBodyCopy
            } else if current != *other_current {
                SkipReason::OlderLayoutCopy
            } else {
                SkipReason::SameActionCopy
            });
        }
    }
    ranked.into_iter().map(|(_, skip)| skip).collect()
}

/// Why a page is not one to import whatever other pages there are, if it is not.
fn intrinsic_skip(path: &str, text: &str, read: &page::Page, current: bool) -> Option<SkipReason> {
    let Some(_) = &read.action else {
        let name = std::path::Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        return Some(
            if name.starts_with('_') || matches!(name, "README.md" | "index.md" | "change_log.md") {
                SkipReason::NotAnActionPage
            } else if current {
                SkipReason::UntitledActionPage
            } else {
                SkipReason::NoDefinition
            },
        );
    };
    // A titled page with no definition, no parameters and no fields is a change log or
    // a notes page (`更新日志 - ChangeLog`, `重要说明 - Description`), not an action.
    if !current && read.request.is_empty() && read.response.is_empty() {
        return Some(SkipReason::NoParametersOrFields);
    }
    if text.contains("HTTP/1.1") && text.contains("Host: <bucket_name>") {
        return Some(SkipReason::RestObjectStorage);
    }
    if read.summary.contains("(旧)") || read.summary.contains("（旧）") {
        return Some(SkipReason::OlderCopy);
    }
    None
}

/// Gives a model whose Rust name would be one the generator writes for an action (the
/// builder `GetRole`, `GetRoleRequest`, `GetRoleResponse`) or for the service client a
/// `rust_name` with `Model` appended: the pages often name the structure an action
/// returns after the action itself (IAM's `GetRole`, UMon's
/// `DescribeResourceMetricResponse`). The wire name stays.
pub(crate) fn name_models_apart(document: &mut SpecFile) {
    use crate::names::pascal_case;
    let mut taken: std::collections::BTreeSet<String> = document
        .actions
        .iter()
        .flat_map(|action| {
            let name = pascal_case(&action.name.value);
            [
                sigcal_protocol::names::request_type(&name),
                sigcal_protocol::names::response_type(&name),
                name,
            ]
        })
        .collect();
    taken.insert(sigcal_protocol::names::client_type(&pascal_case(
        &document.service.name.value,
    )));
    let names: Vec<String> = document
        .models
        .iter()
        .map(|m| pascal_case(&m.name.value))
        .chain(document.enums.iter().map(|e| pascal_case(&e.name.value)))
        .collect();
    for model in &mut document.models.0 {
        let rust = pascal_case(&model.name.value);
        if model.value.rust_name.is_some() || !taken.contains(&rust) {
            continue;
        }
        let mut renamed = format!("{rust}Model");
        let mut number = 1;
        while taken.contains(&renamed) || names.contains(&renamed) {
            number += 1;
            renamed = format!("{rust}Model{number}");
        }
        taken.insert(renamed.clone());
        model.value.rust_name = Some(spanned(renamed));
    }
}

/// Adds one page's entries, settling enum and model names shared with earlier pages.
fn add_page(
    document: &mut SpecFile,
    mut page: convert::Converted,
    warn: &mut impl FnMut(u32, String),
) {
    for (name, definition) in std::mem::take(&mut page.enums) {
        match document.enums.get(&name) {
            Some(existing) if same_values(&existing.value, &definition) => {}
            Some(_) => {
                // The same name with other values: the page's action names it apart
                // (`DescribeLoadBalancersState`), and a number when even that is taken
                // with other values (a second page of the same action).
                let mut renamed = format!("{}{name}", page.name);
                let mut number = 1;
                loop {
                    match document.enums.get(&renamed) {
                        Some(existing) if same_values(&existing.value, &definition) => break,
                        Some(_) => {
                            number += 1;
                            renamed = format!("{}{name}{number}", page.name);
                        }
                        None => {
                            document.enums.0.push(entry(&renamed, definition));
                            break;
                        }
                    }
                }
                retype(&mut page, &name, &renamed);
            }
            None => document.enums.0.push(entry(&name, definition)),
        }
    }
    for (name, model) in std::mem::take(&mut page.models) {
        match document.models.0.iter_mut().find(|e| e.name.value == name) {
            Some(existing) => {
                for field in model.fields.0 {
                    match existing.value.fields.get(&field.name.value) {
                        Some(known) if known.value.ty.value != field.value.ty.value => warn(
                            1,
                            format!(
                                "model `{name}` field `{}` is `{}` here and `{}` on an earlier page; the earlier type is kept",
                                field.name.value, field.value.ty.value, known.value.ty.value
                            ),
                        ),
                        Some(_) => {}
                        None => existing.value.fields.0.push(field),
                    }
                }
            }
            None => document.models.0.push(entry(&name, model)),
        }
    }
    match document
        .actions
        .0
        .iter_mut()
        .find(|e| e.name.value == page.name)
    {
        Some(existing) => existing.value = page.action,
        None => document.actions.0.push(entry(&page.name, page.action)),
    }
}

/// Gives each imported enum the name of an existing enum with exactly its values, where
/// the names differ: the importer names enums by the order it meets them (`Type`,
/// `CreateRuleType`, `CreateRuleType2`), so another set of pages can hand the same
/// enum another name, and merging by name would mix two enums' values.
pub(crate) fn same_enums_same_names(existing: &SpecFile, imported: &mut SpecFile) {
    let values = |definition: &crate::spec::model::EnumDef| -> BTreeSet<String> {
        definition
            .values
            .iter()
            .map(|v| v.name.value.clone())
            .collect()
    };
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for entry_ in imported.enums.iter() {
        let wanted = values(&entry_.value);
        if existing
            .enums
            .get(&entry_.name.value)
            .is_some_and(|known| values(&known.value) == wanted)
        {
            continue;
        }
        if let Some(known) = existing.enums.iter().find(|known| {
            values(&known.value) == wanted
                && imported
                    .enums
                    .get(&known.name.value)
                    .is_none_or(|other| values(&other.value) != wanted)
        }) {
            renames.insert(entry_.name.value.clone(), known.name.value.clone());
        }
    }
    if renames.is_empty() {
        return;
    }
    let retarget = |fields: &mut Entries<Field>| {
        for field in &mut fields.0 {
            field
                .value
                .ty
                .value
                .rename(|name| renames.get(name).cloned());
        }
    };
    for action in &mut imported.actions.0 {
        retarget(&mut action.value.request);
        retarget(&mut action.value.response);
    }
    for model in &mut imported.models.0 {
        retarget(&mut model.value.fields);
    }
    // The existing enum holds the values already.
    imported
        .enums
        .0
        .retain(|e| !renames.contains_key(&e.name.value));
}

/// Points every field of the page typed `from` (or `array[from]`) at `to`.
fn retype(page: &mut convert::Converted, from: &str, to: &str) {
    let fix = |fields: &mut Entries<Field>| {
        for field in &mut fields.0 {
            field
                .value
                .ty
                .value
                .rename(|name| (name == from).then(|| to.to_owned()));
        }
    };
    fix(&mut page.action.request);
    fix(&mut page.action.response);
    for (_, model) in &mut page.models {
        fix(&mut model.fields);
    }
}

/// Merges imported entries into `existing`, keeping hand edits: action and field
/// `rust_name`s, `sdk_name`s and `sensitive`, `retry_safe`, entries marked `corrected`, required
/// parameters made optional, enum types given to fields the pages call `string`,
/// enum values and descriptions already there. Returns one line per change.
pub fn merge(existing: &mut SpecFile, mut imported: SpecFile) -> Vec<String> {
    let mut changes = Vec::new();
    same_enums_same_names(existing, &mut imported);
    for entry_ in imported.enums.0 {
        match existing
            .enums
            .0
            .iter_mut()
            .find(|e| e.name.value == entry_.name.value)
        {
            Some(known) => {
                for value in entry_.value.values.0 {
                    if known.value.values.get(&value.name.value).is_none() {
                        changes.push(format!(
                            "enum {}: added value {}",
                            known.name.value, value.name.value
                        ));
                        known.value.values.0.push(value);
                    }
                }
            }
            None => {
                changes.push(format!("added enum {}", entry_.name.value));
                existing.enums.0.push(entry_);
            }
        }
    }
    let enum_names: Vec<String> = existing
        .enums
        .iter()
        .map(|e| e.name.value.clone())
        .collect();
    for entry_ in imported.models.0 {
        match existing
            .models
            .0
            .iter_mut()
            .find(|e| e.name.value == entry_.name.value)
        {
            Some(known) => {
                let mut model = entry_.value;
                model.description = known.value.description.clone().or(model.description);
                model.rust_name = known.value.rust_name.clone();
                keep_field_edits(&known.value.fields, &mut model.fields, &enum_names);
                if !same_model(&known.value, &model) {
                    changes.push(format!("updated model {}", known.name.value));
                    known.value = model;
                }
            }
            None => {
                changes.push(format!("added model {}", entry_.name.value));
                existing.models.0.push(entry_);
            }
        }
    }
    for entry_ in imported.actions.0 {
        match existing
            .actions
            .0
            .iter_mut()
            .find(|e| e.name.value == entry_.name.value)
        {
            Some(known) => {
                let mut action = entry_.value;
                action.rust_name = known.value.rust_name.clone();
                action.retry_safe = known.value.retry_safe.clone();
                action.aliases = known.value.aliases.clone();
                action.sdk_name = known.value.sdk_name.clone();
                action.then_wait = known.value.then_wait.clone();
                keep_field_edits(&known.value.request, &mut action.request, &enum_names);
                keep_field_edits(&known.value.response, &mut action.response, &enum_names);
                if !same_action(&known.value, &action) {
                    changes.push(format!("updated action {}", known.name.value));
                    known.value = action;
                }
            }
            None => {
                changes.push(format!("added action {}", entry_.name.value));
                existing.actions.0.push(entry_);
            }
        }
    }
    let before: Vec<String> = existing
        .resources
        .iter()
        .map(|r| r.name.value.clone())
        .collect();
    changes.extend(resources::propose(existing).into_iter().filter(|line| {
        !before
            .iter()
            .any(|name| line.starts_with(&format!("inferred resource {name} ")))
    }));
    changes
}

/// Field-level hand edits survive a re-import: an entry marked `corrected` as it is
/// (also when the page lacks it), `rust_name` and `sdk_name`, an enum type where the
/// page says `string`, one value where the page says a list of them or the other way
/// round (pages that document `array[Model]` where servers send one `Model`), and a
/// default or example the page does not give.
fn keep_field_edits(known: &Entries<Field>, imported: &mut Entries<Field>, enum_names: &[String]) {
    for field in &mut imported.0 {
        let Some(old) = known.get(&field.name.value) else {
            continue;
        };
        if old.value.corrected.is_some() {
            field.value = old.value.clone();
            continue;
        }
        let new = &mut field.value;
        new.rust_name = old.value.rust_name.clone();
        new.sdk_name = old.value.sdk_name.clone();
        new.sensitive = old.value.sensitive.clone();
        let old_ty = &old.value.ty.value;
        let element = |ty: &FieldType| ty.parsed().map(|t| t.element.clone());
        let (old_element, new_element) = (element(old_ty), element(&new.ty.value));
        let is_enum = |element: &Option<Element<String>>| matches!(element, Some(Element::Named(name)) if enum_names.contains(name));
        let is_text = new_element == Some(Element::Scalar(Scalar::String));
        if is_enum(&old_element) && (is_text || is_enum(&new_element)) {
            new.ty.value = old_ty.clone();
        }
        if old_element == new_element && *old_ty != new.ty.value {
            new.ty.value = old_ty.clone();
        }
        // A parameter the spec relaxed (the page calls it required, but the official
        // SDK cannot send it) stays optional.
        let required = |f: &Field| f.required.as_ref().is_some_and(|r| r.value);
        if required(new) && !required(&old.value) {
            new.required = old.value.required.clone();
        }
        if new.default.is_none() {
            new.default = old.value.default.clone();
        }
        if new.example.is_none() {
            new.example = old.value.example.clone();
        }
    }
    // Corrected entries the page lacks go back where they were: after the entry that
    // preceded them.
    for (index, old) in known.0.iter().enumerate() {
        if old.value.corrected.is_none() || imported.get(&old.name.value).is_some() {
            continue;
        }
        let after = known
            .0
            .get(..index)
            .unwrap_or_default()
            .iter()
            .rev()
            .find_map(|before| {
                imported
                    .0
                    .iter()
                    .position(|e| e.name.value == before.name.value)
            });
        imported.0.insert(after.map_or(0, |i| i + 1), old.clone());
    }
}

/// Equality of what the YAML says (spans ignored): compares the written forms.
fn same_action(a: &Action, b: &Action) -> bool {
    let doc = |action: &Action| crate::spec::to_yaml::action_yaml("A", action);
    doc(a) == doc(b)
}

fn same_model(a: &Model, b: &Model) -> bool {
    let doc = |model: &Model| crate::spec::to_yaml::model_yaml("M", model);
    doc(a) == doc(b)
}
