//! Resources inferred from the actions' names and fields: a `Create<X>` or
//! `Allocate<X>` action makes an `<X>`, listed by `Describe<X>` (or `List<X>`, `Get<X>`)
//! in the answer's list of models that has the id the create answers with; the
//! `Modify`/`Update`/`Resize`/`Start`/`Stop`/... `<X>` actions with an id parameter
//! change it and `Delete`/`Release`/`Terminate` `<X>` remove it.
//!
//! An inferred entry says `inferred: true` and is inferred again by each import; a
//! maintainer who corrects one removes that line, and the entry is theirs, kept as is.
//! Only entries that resolve (`spec::resources`) are proposed.

use crate::spec::model::{
    Create, Describe, Entries, Entry, Field, Resource, Spanned, SpecFile, Update,
};
use crate::spec::types::{Scalar, TypeExpr};

const CREATE: &[&str] = &["Create", "Allocate"];
const UPDATE: &[&str] = &[
    "Modify", "Update", "Resize", "Start", "Stop", "Restart", "Reboot", "Poweroff", "Rename",
    "Upgrade", "Extend", "Set",
];
const DELETE: &[&str] = &["Delete", "Release", "Terminate", "Destroy", "Remove", "Del"];

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        span: crate::diagnostics::Span::default(),
    }
}

fn entry<T>(name: &str, value: T) -> Entry<T> {
    Entry {
        name: spanned(name.to_owned()),
        value,
    }
}

/// Drops the inferred entries of `document` and infers them again for every create
/// action no maintainer's entry covers; returns a line per resource added.
pub fn propose(document: &mut SpecFile) -> Vec<String> {
    document
        .resources
        .0
        .retain(|r| !r.value.inferred.as_ref().is_some_and(|i| i.value));
    let mut added = Vec::new();
    let creates: Vec<String> = document
        .actions
        .iter()
        .map(|a| a.name.value.clone())
        .filter(|name| noun_of(name, CREATE).is_some())
        .collect();
    let mut later = Vec::new();
    for create in creates {
        let covered = document
            .resources
            .iter()
            .any(|r| r.value.create.get(&create).is_some());
        if covered {
            continue;
        }
        let Some((name, resource)) = infer(document, &create) else {
            later.push(create);
            continue;
        };
        if let Some(known) = document
            .resources
            .0
            .iter_mut()
            .find(|r| r.name.value == name)
        {
            // A second create of a resource already inferred (`CreateUHostInstance` and
            // `CreateUHostInstanceFromImage`, say): one more create on it, if it has the
            // same list.
            if known.value.inferred.is_some()
                && known.value.describe.value.action.value == resource.describe.value.action.value
            {
                known.value.create.0.extend(resource.create.0);
            }
            continue;
        }
        let candidate = entry(&name, resource);
        let (resolved, _) =
            crate::spec::resources::resolve(document, &candidate.name, &candidate.value);
        if resolved.is_some() {
            added.push(format!("inferred resource {name} (created by {create})"));
            document.resources.0.push(candidate);
        }
    }
    // Another way to make a resource inferred already (`CreateUDBSlave` answers the
    // `DBId` of a database listed as `UDBInstance`): one more create of it.
    for create in later {
        also_creates(document, &create);
    }
    // Inferred entries come and go between the maintainer's: by name, the file's order
    // does not depend on which were inferred.
    document
        .resources
        .0
        .sort_by(|a, b| a.name.value.cmp(&b.name.value));
    added
}

/// Adds `create` to the inferred resource whose id its answer holds (and its request
/// does not name), when exactly one does and the entry still resolves.
fn also_creates(document: &mut SpecFile, create: &str) {
    let Some(action) = document.actions.get(create).map(|a| a.value.clone()) else {
        return;
    };
    let mut found = document
        .resources
        .iter()
        .enumerate()
        .filter_map(|(index, r)| {
            let id = r.value.id.value.as_str();
            let inferred = r.value.inferred.as_ref().is_some_and(|i| i.value);
            if !inferred || action.request.get(id).is_some() {
                return None;
            }
            answer_path(document, &action.response, id).map(|path| (index, id.to_owned(), path))
        });
    let (Some((index, id, path)), None) = (found.next(), found.next()) else {
        return;
    };
    let Some(entry) = document.resources.0.get(index) else {
        return;
    };
    let mut candidate = entry.value.clone();
    let first = candidate
        .create
        .iter()
        .next()
        .map(|c| c.value.value.clone());
    let defaults = [id.clone(), format!("{id}[]"), format!("{id}s[]")];
    candidate.create.0.push(self::entry(
        create,
        spanned(Create {
            ids: (!defaults.contains(&path)).then(|| spanned(path)),
            state: first.as_ref().and_then(|c| c.state.clone()),
            via: first.as_ref().and_then(|c| c.via.clone()),
            echo: Entries::default(),
        }),
    ));
    let (resolved, _) = crate::spec::resources::resolve(document, &entry.name, &candidate);
    if resolved.is_some()
        && let Some(entry) = document.resources.0.get_mut(index)
    {
        entry.value = candidate;
    }
}

/// Whether `action` is named as one that makes a resource (`Create<X>`, `Allocate<X>`).
pub fn is_create(action: &str) -> bool {
    noun_of(action, CREATE).is_some()
}

/// The noun of an action named `<verb><noun>` for one of `verbs`.
fn noun_of<'a>(action: &'a str, verbs: &[&str]) -> Option<&'a str> {
    verbs.iter().find_map(|verb| {
        action
            .strip_prefix(verb)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// `name` without a version suffix (`ClusterV2` -> `Cluster`).
fn unversioned(name: &str) -> &str {
    let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit());
    match trimmed.strip_suffix('V') {
        Some(base) if trimmed.len() < name.len() && !base.is_empty() => base,
        _ => name,
    }
}

fn parsed(field: &Field) -> Option<&TypeExpr> {
    field.ty.value.parsed()
}

fn infer(spec: &SpecFile, create: &str) -> Option<(String, Resource)> {
    let noun = noun_of(create, CREATE)?;
    let base = unversioned(noun);
    let candidates = [
        format!("Describe{noun}"),
        format!("Describe{noun}s"),
        format!("Describe{base}"),
        format!("Describe{base}s"),
        format!("Describe{noun}List"),
        format!("Describe{noun}2"),
        format!("Describe{base}2"),
        format!("List{noun}"),
        format!("List{noun}s"),
        format!("List{base}"),
        format!("Get{noun}"),
        format!("Get{noun}List"),
        format!("Get{noun}Info"),
    ];
    let created = &spec.actions.get(create)?.value;
    // Other resources' nouns that extend this one (`NATGWPolicy` of `NATGW`): their
    // actions are theirs.
    let longer: Vec<&str> = spec
        .actions
        .iter()
        .filter_map(|a| noun_of(&a.name.value, CREATE))
        .filter(|other| other.len() > noun.len() && other.starts_with(noun))
        .collect();
    let describes = candidates
        .iter()
        .filter_map(|name| spec.actions.get(name).map(|a| (name.clone(), &a.value)));
    // The list of models whose items carry the id the create answers with.
    for (describe_name, describe) in describes {
        for list in describe.response.iter() {
            let Some(item) = parsed(&list.value)
                .filter(|ty| ty.lists == 1)
                .and_then(TypeExpr::named_element)
                .and_then(|model| spec.models.get(model))
            else {
                continue;
            };
            let fields = &item.value.fields;
            let mut ids: Vec<&str> = fields
                .iter()
                .map(|f| f.name.value.as_str())
                .filter(|f| f.ends_with("Id"))
                .collect();
            let preferred = format!("{base}Id");
            ids.sort_by_key(|id| *id != preferred);
            for id in ids {
                // An id the create must be given names something else it refers to
                // (its VPC), not what it makes; so does a configured one (its project).
                let given = created
                    .request
                    .get(id)
                    .is_some_and(|f| f.value.required.as_ref().is_some_and(|r| r.value));
                if given || sigcal_protocol::config::PARAMS.contains(&id) {
                    continue;
                }
                let Some(ids_path) = answer_path(spec, &created.response, id) else {
                    continue;
                };
                // The state field: the one a waiter on this list reads, else `State` or
                // `Status`.
                let watched = spec.waiters.iter().find_map(|w| {
                    let path = w
                        .value
                        .acceptors
                        .iter()
                        .find_map(|a| a.value.path.as_ref())?;
                    let (head, field) = path.value.split_once("[].")?;
                    (w.value.action.value == describe_name && head == list.name.value)
                        .then(|| field.to_owned())
                });
                let state = fields.iter().find(|f| match &watched {
                    Some(watched) => &f.name.value == watched,
                    None => f.name.value == "State" || f.name.value == "Status",
                });
                let mut resource = Resource {
                    description: None,
                    id: spanned(id.to_owned()),
                    describe: spanned(Describe {
                        action: spanned(describe_name.clone()),
                        list: spanned(list.name.value.clone()),
                        by: None,
                        state: None,
                    }),
                    create: Entries::default(),
                    update: Entries::default(),
                    delete: Entries::default(),
                    inferred: Some(spanned(true)),
                };
                let default_ids = [id.to_owned(), format!("{id}[]"), format!("{id}s[]")];
                let states = state.and_then(|state| {
                    let target = reached(
                        spec,
                        created,
                        &describe.examples,
                        &describe_name,
                        &list.name.value,
                        &state.name.value,
                        state.value.description.as_deref().unwrap_or_default(),
                    )?;
                    Some((state, target))
                });
                let mut create_entry = Create {
                    ids: (!default_ids.contains(&ids_path)).then(|| spanned(ids_path)),
                    state: None,
                    via: None,
                    echo: Entries::default(),
                };
                let vocabulary = states
                    .as_ref()
                    .map(|(state, _)| state.value.description.clone().unwrap_or_default())
                    .unwrap_or_default();
                let has = |word: &str| {
                    vocabulary
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .any(|w| w == word)
                };
                if let Some((state, (target, via))) = &states {
                    resource.describe.value.state = Some(spanned(state.name.value.clone()));
                    create_entry.state = Some(spanned(target.clone()));
                    create_entry.via = via.clone().map(spanned);
                }
                resource.create.0.push(entry(create, spanned(create_entry)));
                for action in spec.actions.iter() {
                    let name = action.name.value.as_str();
                    let (verb, rest) = match (noun_of(name, UPDATE), noun_of(name, DELETE)) {
                        (Some(rest), _) => (&name[..name.len() - rest.len()], rest),
                        (None, Some(rest)) => (&name[..name.len() - rest.len()], rest),
                        (None, None) => continue,
                    };
                    let exact = rest == noun || rest == base || rest == format!("{noun}s");
                    // `ModifyUHostInstanceName` changes a host; only `DeleteUHostInstance`
                    // removes one.
                    let ours = exact
                        || (rest.starts_with(noun) && !DELETE.contains(&verb) && verb != "Set");
                    if !ours || longer.iter().any(|other| rest.starts_with(other)) {
                        continue;
                    }
                    // The parameter naming it holds ids (text), as the create answers them.
                    let id_is_text =
                        crate::spec::resources::id_parameter(&action.value.request, id)
                            .and_then(|param| action.value.request.get(&param))
                            .and_then(|param| parsed(&param.value))
                            .is_some_and(|ty| ty.scalar_element() == Some(Scalar::String));
                    if !id_is_text {
                        continue;
                    }
                    let mut update = Update {
                        id: None,
                        from: Vec::new(),
                        state: None,
                        via: None,
                        set: Entries::default(),
                    };
                    if let Some((_, (target, _))) = &states {
                        let word = |w: &str| has(w).then(|| spanned(w.to_owned()));
                        // Stopped: as a waiter of the same list says, else as the state's
                        // description words it.
                        let stopped = spec
                            .waiters
                            .iter()
                            .find(|w| {
                                w.value.action.value == describe_name
                                    && w.name.value.ends_with("Stopped")
                            })
                            .and_then(|w| waiter_target(&w.value))
                            .or_else(|| {
                                has("Stopped").then(|| {
                                    (
                                        "Stopped".to_owned(),
                                        has("Stopping").then(|| "Stopping".to_owned()),
                                    )
                                })
                            });
                        match (verb, stopped) {
                            ("Stop" | "Poweroff", Some((stopped, stopping))) => {
                                update.from = vec![spanned(target.clone())];
                                update.state = Some(spanned(stopped));
                                update.via = stopping.map(spanned);
                            }
                            ("Start", Some((stopped, _))) => {
                                update.from = vec![spanned(stopped)];
                                update.state = Some(spanned(target.clone()));
                                update.via = word("Starting");
                            }
                            ("Restart" | "Reboot", _) => {
                                update.from = vec![spanned(target.clone())];
                                update.state = Some(spanned(target.clone()));
                                update.via = word("Restarting").or_else(|| word("Rebooting"));
                            }
                            _ => {}
                        }
                    }
                    // The waiter that follows it knows best where it goes.
                    if let Some(then_wait) = &action.value.then_wait
                        && let Some(waiter) = spec.waiters.get(&then_wait.value.waiter.value)
                        && states.is_some()
                    {
                        let waiter = &waiter.value;
                        update.via = waiter.pending.first().map(|p| spanned(p.value.clone()));
                        if let Some((target, _)) = waiter_target(waiter) {
                            update.state = Some(spanned(target));
                        }
                    }
                    let slot = if DELETE.contains(&verb) {
                        &mut resource.delete
                    } else {
                        &mut resource.update
                    };
                    slot.0.push(entry(name, spanned(update)));
                }
                return Some((base.to_owned(), resource));
            }
        }
    }
    None
}

/// Where `fields` (a create's answer) holds `id`: `Id`, `Ids[]`, or `List[].Id`.
fn answer_path(spec: &SpecFile, fields: &Entries<Field>, id: &str) -> Option<String> {
    let string =
        |field: &Field| parsed(field).is_some_and(|ty| ty.scalar_element() == Some(Scalar::String));
    for field in fields.iter() {
        let name = field.name.value.as_str();
        if name == id && string(&field.value) {
            // `PHostId: array[string]` is a list under a singular name.
            let each = if parsed(&field.value)?.is_list() {
                "[]"
            } else {
                ""
            };
            return Some(format!("{id}{each}"));
        }
        if name == format!("{id}s") && string(&field.value) {
            return Some(format!("{name}[]"));
        }
    }
    for field in fields.iter() {
        let ty = parsed(&field.value)?;
        let Some(model) = ty.named_element().and_then(|m| spec.models.get(m)) else {
            continue;
        };
        if model.value.fields.get(id).is_some_and(|f| string(&f.value)) {
            let step = if ty.is_list() { "[]" } else { "" };
            return Some(format!("{}{step}.{id}", field.name.value));
        }
    }
    None
}

/// The state a create reaches, and the one shown on the way: the waiter that follows
/// it, else the state of the describing page's first example item.
fn reached(
    spec: &SpecFile,
    created: &crate::spec::model::Action,
    examples: &Option<crate::spec::model::Examples>,
    describe_name: &str,
    list: &str,
    state: &str,
    description: &str,
) -> Option<(String, Option<String>)> {
    if let Some(then_wait) = &created.then_wait
        && let Some(waiter) = spec.waiters.get(&then_wait.value.waiter.value)
        && let Some(found) = waiter_target(&waiter.value)
    {
        return Some(found);
    }
    // A waiter for the ready state of what this list holds.
    let ready = spec.waiters.iter().find(|w| {
        w.value.action.value == describe_name
            && w.value.acceptors.iter().any(|a| {
                a.value
                    .path
                    .as_ref()
                    .is_some_and(|p| p.value.starts_with(&format!("{list}[].")))
            })
            && ["Running", "Available", "Normal", "Ready"]
                .iter()
                .any(|word| w.name.value.ends_with(word))
    });
    if let Some(found) = ready.and_then(|w| waiter_target(&w.value)) {
        return Some((found.0, None));
    }
    let example: serde_json::Value =
        serde_json::from_str(examples.as_ref()?.response.as_ref()?.value.as_str()).ok()?;
    let shown = example.get(list)?.get(0)?.get(state)?.as_str()?;
    // An example's value is taken when the field's description names it (examples
    // hold made-up text too).
    let described = description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == shown);
    (!shown.is_empty() && described).then(|| (shown.to_owned(), None))
}

/// The state text a waiter's first success acceptor waits for, and its first pending
/// state.
/// The state a waiter waits for ([`crate::spec::waiters::success_target`]; one that
/// waits for a resource to be gone names none) and its first pending state.
fn waiter_target(waiter: &crate::spec::model::Waiter) -> Option<(String, Option<String>)> {
    match crate::spec::waiters::success_target(waiter)? {
        crate::spec::waiters::Target::State(target) => {
            Some((target, waiter.pending.first().map(|p| p.value.clone())))
        }
        crate::spec::waiters::Target::Gone => None,
    }
}

#[cfg(test)]
mod tests {
    use super::propose;
    use crate::spec::Spec;
    use crate::spec::to_yaml::to_yaml;

    const SPEC: &str = r#"service:
  name: Demo
  endpoint: https://api.sigcalcloud.com/
  version: "1"
actions:
  CreateHost:
    summary: Makes hosts.
    request:
      Name: {type: string}
      VPCId: {type: string}
    response:
      HostIds: {type: "array[string]"}
  DescribeHost:
    summary: Lists hosts.
    request:
      HostIds: {type: "array[string]"}
    response:
      HostSet: {type: "array[Host]"}
  StopHost:
    summary: Stops a host.
    request:
      HostId: {type: string}
  StartHost:
    summary: Starts a host.
    request:
      HostId: {type: string}
  ModifyHostName:
    summary: Renames a host.
    request:
      HostId: {type: string}
      Name: {type: string}
  TerminateHost:
    summary: Removes a host.
    request:
      HostId: {type: string}
  CreateHostSnapshot:
    summary: Makes a snapshot of a host.
    request:
      HostId: {type: string}
    response:
      SnapshotId: {type: string}
models:
  Host:
    fields:
      HostId: {type: string}
      VPCId: {type: string}
      Name: {type: string}
      State: {type: string, description: "Running, Stopping, Stopped"}
"#;

    fn inferred(source: &str) -> String {
        let mut spec = Spec::parse("demo.yaml", source).unwrap();
        propose(&mut spec.document);
        let yaml = to_yaml(&spec.document);
        Spec::parse("demo.yaml", &yaml).unwrap();
        yaml.split_once("\nresources:\n")
            .map(|(_, resources)| resources.to_owned())
            .unwrap_or_default()
    }

    #[test]
    fn a_create_family_becomes_a_resource_with_its_changes_and_states() {
        let example = SPEC.replace(
            "  StopHost:",
            "    examples:\n      response: '{\"HostSet\": [{\"HostId\": \"h-1\", \"State\": \"Running\"}]}'\n  StopHost:",
        );
        assert_eq!(
            inferred(&example),
            "  Host:
    id: HostId
    describe: {action: DescribeHost, list: HostSet, state: State}
    create:
      CreateHost: {state: Running}
    update:
      StopHost: {from: [Running], state: Stopped, via: Stopping}
      StartHost: {from: [Stopped], state: Running}
      ModifyHostName: {}
    delete:
      TerminateHost: {}
    inferred: true
"
        );
    }

    #[test]
    fn a_maintainers_entry_is_kept_and_an_inferred_one_is_inferred_again() {
        let first = inferred(SPEC);
        assert!(first.contains("CreateHost: {}"), "{first}");
        // The maintainer corrects the entry: it is theirs from then on.
        let corrected = first
            .replace("    inferred: true\n", "")
            .replace("ModifyHostName: {}", "ModifyHostName: {set: {Name: Name}}");
        let source = format!("{SPEC}\nresources:\n{corrected}");
        assert_eq!(inferred(&source), corrected);
        // An inferred entry edited but still marked is inferred again.
        let stale = first.replace("      ModifyHostName: {}\n", "");
        let source = format!("{SPEC}\nresources:\n{stale}");
        assert_eq!(inferred(&source), first);
    }
}
