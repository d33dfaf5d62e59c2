//! A resource entry (`resources:`) resolved against the service's actions and models.
//! The validator reports every [`Problem`]; the IR lowers the [`Resolved`] form, both
//! through [`resolve`], so the defaults (`by`, `ids`, `id`) are worked out in one place.

use sigcal_protocol::path::Path;

use super::model::{Action, Entries, Field, Resource, Spanned, SpecFile};
use super::types::TypeExpr;
use crate::diagnostics::Span;

/// What an action does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Create,
    Update,
    Delete,
}

/// A resource entry with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub(crate) id: String,
    pub(crate) describe: String,
    pub(crate) list: String,
    pub(crate) by: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) steps: Vec<Step>,
}

/// One action of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) action: String,
    pub(crate) role: Role,
    /// For a create, the answer path of the new ids; otherwise the request parameter
    /// naming the resource.
    pub(crate) id: String,
    pub(crate) from: Vec<String>,
    pub(crate) state: Option<String>,
    pub(crate) via: Option<String>,
    /// `(request parameter, item field)` pairs named in the spec.
    pub(crate) set: Vec<(String, String)>,
}

/// One thing wrong with an entry, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) span: Span,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// The field named `name` (its wire name) among `fields`.
fn field<'s>(fields: &'s Entries<Field>, name: &str) -> Option<&'s Field> {
    fields
        .iter()
        .find(|entry| entry.name.value == name)
        .map(|entry| &entry.value)
}

fn type_of(field: &Field) -> Option<&TypeExpr> {
    field.ty.value.parsed()
}

/// The parameter among `fields` that names a resource by `id`: `id` itself, or its
/// plural (`UHostIds` for `UHostId`).
pub(crate) fn id_parameter(fields: &Entries<Field>, id: &str) -> Option<String> {
    [id.to_owned(), format!("{id}s")]
        .into_iter()
        .find(|name| field(fields, name).is_some())
}

struct Resolver<'s> {
    spec: &'s SpecFile,
    name: &'s str,
    problems: Vec<Problem>,
}

impl<'s> Resolver<'s> {
    fn problem(&mut self, span: Span, message: String, help: Option<String>) {
        self.problems.push(Problem {
            span,
            message,
            help,
        });
    }

    fn action(&mut self, name: &Spanned<String>) -> Option<&'s Action> {
        let spec = self.spec;
        if let Some(action) = spec.actions.get(&name.value) {
            return Some(&action.value);
        }
        let known = spec.actions.iter().map(|a| a.name.value.as_str());
        let help = sigcal_protocol::suggest::closest(&name.value, known)
            .map(|best| format!("did you mean `{best}`?"));
        self.problem(
            name.span,
            format!(
                "resource `{}` names `{}`, which is not an action of this service",
                self.name, name.value
            ),
            help,
        );
        None
    }

    /// `name` is a field of `fields`, described as `within` when it is not.
    fn known(
        &mut self,
        fields: &Entries<Field>,
        name: &Spanned<String>,
        within: &str,
    ) -> Option<()> {
        if field(fields, &name.value).is_some() {
            return Some(());
        }
        let known = fields.iter().map(|e| e.name.value.as_str());
        let help = sigcal_protocol::suggest::closest(&name.value, known)
            .map(|best| format!("did you mean `{best}`?"));
        self.problem(name.span, format!("`{}` is not {within}", name.value), help);
        None
    }
}

/// Resolves the entry `name` of `spec`: the resolved form when nothing is wrong, and
/// every problem found.
pub(crate) fn resolve(
    spec: &SpecFile,
    name: &Spanned<String>,
    resource: &Resource,
) -> (Option<Resolved>, Vec<Problem>) {
    let name_span = name.span;
    let mut r = Resolver {
        spec,
        name: &name.value,
        problems: Vec::new(),
    };
    let describe = &resource.describe.value;
    let Some(describing) = r.action(&describe.action) else {
        return (None, r.problems);
    };
    let list_field = r
        .known(
            &describing.response,
            &describe.list,
            &format!("a field of `{}`'s answer", describe.action.value),
        )
        .and_then(|()| field(&describing.response, &describe.list.value));
    let item = list_field.and_then(|list| {
        let ty = type_of(list)?;
        let model = ty.item().and_then(|item| {
            item.named_element()
                .and_then(|model| spec.models.get(model))
                .filter(|_| !item.is_list())
        });
        if model.is_none() {
            r.problem(
                describe.list.span,
                format!(
                    "`{}` is a `{ty}`, not a list of a model: a resource is listed as items with fields",
                    describe.list.value
                ),
                None,
            );
        }
        model.map(|m| &m.value.fields)
    });
    let Some(item) = item else {
        return (None, r.problems);
    };
    let item_fields = format!("a field of `{}`'s items", describe.list.value);
    r.known(item, &resource.id, &item_fields);
    let state = describe.state.as_ref().and_then(|state| {
        r.known(item, state, &item_fields)
            .map(|()| state.value.clone())
    });
    let by = match &describe.by {
        Some(by) => r
            .known(
                &describing.request,
                by,
                &format!("a request parameter of `{}`", describe.action.value),
            )
            .map(|()| by.value.clone()),
        None => id_parameter(&describing.request, &resource.id.value),
    };
    // The states the resource can be in, for the check of every state named.
    let enum_values: Option<Vec<String>> = state
        .as_deref()
        .and_then(|state| field(item, state))
        .and_then(type_of)
        .and_then(TypeExpr::named_element)
        .and_then(|name| spec.enums.get(name))
        .map(|e| {
            e.value
                .values
                .iter()
                .map(|v| v.name.value.clone())
                .collect()
        });
    let mut steps = Vec::new();
    let entries = resource
        .create
        .iter()
        .map(|e| {
            (
                Role::Create,
                &e.name,
                e.value.span,
                Some(&e.value.value),
                None,
            )
        })
        .chain(resource.update.iter().map(|e| {
            (
                Role::Update,
                &e.name,
                e.value.span,
                None,
                Some(&e.value.value),
            )
        }))
        .chain(resource.delete.iter().map(|e| {
            (
                Role::Delete,
                &e.name,
                e.value.span,
                None,
                Some(&e.value.value),
            )
        }));
    for (role, action_name, span, create, update) in entries {
        let Some(action) = r.action(action_name) else {
            continue;
        };
        let request_within = format!("a request parameter of `{}`", action_name.value);
        let (id, set, state_named, via, from) = match (create, update) {
            (Some(create), _) => {
                let id = match &create.ids {
                    Some(ids) => ids_path(&mut r, action, &action_name.value, ids)
                        .map(|()| ids.value.clone()),
                    None => match id_parameter(&action.response, &resource.id.value) {
                        Some(found) => {
                            let list = field(&action.response, &found)
                                .and_then(type_of)
                                .is_some_and(TypeExpr::is_list);
                            Some(if list { format!("{found}[]") } else { found })
                        }
                        None => {
                            r.problem(
                                action_name.span,
                                format!(
                                    "`{}`'s answer has no `{}` or `{}s`: say where it holds the new ids",
                                    action_name.value, resource.id.value, resource.id.value
                                ),
                                Some("add `ids: <path>`, for example `ids: \"DataSet[].Id\"`".to_owned()),
                            );
                            None
                        }
                    },
                };
                (
                    id,
                    &create.echo,
                    create.state.as_ref(),
                    create.via.as_ref(),
                    &[][..],
                )
            }
            (None, Some(update)) => {
                let id = match &update.id {
                    Some(id) => r
                        .known(&action.request, id, &request_within)
                        .map(|()| id.value.clone()),
                    None => {
                        let found = id_parameter(&action.request, &resource.id.value);
                        if found.is_none() {
                            r.problem(
                                action_name.span,
                                format!(
                                    "`{}` has no request parameter `{}` or `{}s`: say which names the resource",
                                    action_name.value, resource.id.value, resource.id.value
                                ),
                                Some("add `id: <parameter>`".to_owned()),
                            );
                        }
                        found
                    }
                };
                (
                    id,
                    &update.set,
                    update.state.as_ref(),
                    update.via.as_ref(),
                    &update.from[..],
                )
            }
            (None, None) => continue,
        };
        let mut pairs = Vec::new();
        for pair in set.iter() {
            let known_param = r.known(&action.request, &pair.name, &request_within);
            let known_field = r.known(item, &pair.value, &item_fields);
            if known_param.is_some() && known_field.is_some() {
                pairs.push((pair.name.value.clone(), pair.value.value.clone()));
            }
        }
        let named_states = state_named.iter().chain(via.iter()).copied().chain(from);
        // A misspelt `describe.state` is reported once, not again at each state.
        if describe.state.is_none() {
            for named in named_states {
                r.problem(
                    named.span,
                    format!(
                        "`{}` names the state `{}`, but resource `{}` has no state (`describe.state`)",
                        action_name.value, named.value, r.name
                    ),
                    None,
                );
            }
        } else if let Some(values) = &enum_values {
            for named in named_states {
                if !values.contains(&named.value) {
                    let help = sigcal_protocol::suggest::closest(
                        &named.value,
                        values.iter().map(String::as_str),
                    )
                    .map(|best| format!("did you mean `{best}`?"));
                    r.problem(
                        named.span,
                        format!("`{}` is not a value of the state's enum", named.value),
                        help,
                    );
                }
            }
        }
        if role == Role::Create && describe.state.is_some() && state_named.is_none() {
            r.problem(
                span,
                format!(
                    "`{}` creates a resource with states: say which it reaches (`state:`)",
                    action_name.value
                ),
                None,
            );
        }
        if let Some(id) = id {
            steps.push(Step {
                action: action_name.value.clone(),
                role,
                id,
                from: from.iter().map(|s| s.value.clone()).collect(),
                state: state_named.map(|s| s.value.clone()),
                via: via.map(|s| s.value.clone()),
                set: pairs,
            });
        }
    }
    // A step and the waiter that follows its action say the same of where it goes.
    for step in &steps {
        let Some(then_wait) = spec
            .actions
            .get(&step.action)
            .and_then(|a| a.value.then_wait.as_ref())
        else {
            continue;
        };
        let Some(waiter) = spec.waiters.get(&then_wait.value.waiter.value) else {
            continue;
        };
        let waits_for = super::waiters::success_target(&waiter.value).map(|target| match target {
            super::waiters::Target::State(state) => Some(state),
            super::waiters::Target::Gone => None,
        });
        let says = match step.role {
            Role::Delete => Some(None),
            Role::Create | Role::Update => step.state.clone().map(Some),
        };
        if let (Some(waits_for), Some(says)) = (waits_for, says)
            && waits_for != says
        {
            let name = |state: &Option<String>| {
                state
                    .as_ref()
                    .map_or_else(|| "gone".to_owned(), |s| format!("`{s}`"))
            };
            let span = resource
                .create
                .get(&step.action)
                .map(|e| e.name.span)
                .or_else(|| resource.update.get(&step.action).map(|e| e.name.span))
                .or_else(|| resource.delete.get(&step.action).map(|e| e.name.span))
                .unwrap_or(name_span);
            r.problem(
                span,
                format!(
                    "`{}` takes resource `{}` to {}, but the waiter that follows it (`{}`) waits for {}",
                    step.action,
                    r.name,
                    name(&says),
                    then_wait.value.waiter.value,
                    name(&waits_for)
                ),
                None,
            );
        }
    }
    // Every state a move starts from is one some action reaches.
    if state.is_some() {
        let reached: Vec<&str> = steps
            .iter()
            .flat_map(|s| s.state.iter().chain(s.via.iter()))
            .map(String::as_str)
            .collect();
        for entry in resource.update.iter().chain(resource.delete.iter()) {
            for from in &entry.value.value.from {
                if !reached.contains(&from.value.as_str()) {
                    let mut known = reached.clone();
                    known.sort_unstable();
                    known.dedup();
                    r.problem(
                        from.span,
                        format!(
                            "no action of resource `{}` moves it to `{}`",
                            r.name, from.value
                        ),
                        Some(format!("its states: {}", known.join(", "))),
                    );
                }
            }
        }
    }
    if resource.create.is_empty() {
        r.problem(
            name.span,
            format!("resource `{}` has no `create` action", r.name),
            None,
        );
    }
    let resolved = r.problems.is_empty().then(|| Resolved {
        id: resource.id.value.clone(),
        describe: describe.action.value.clone(),
        list: describe.list.value.clone(),
        by,
        state,
        steps,
    });
    (resolved, r.problems)
}

/// A create's `ids` path selects strings in its answer.
fn ids_path(
    r: &mut Resolver<'_>,
    action: &Action,
    name: &str,
    ids: &Spanned<String>,
) -> Option<()> {
    let path = match Path::parse(&ids.value) {
        Ok(path) => path,
        Err(error) => {
            r.problem(ids.span, format!("`{}`: {error}", ids.value), None);
            return None;
        }
    };
    match super::waiters::resolve(r.spec, &action.response, &path) {
        Ok(resolved) if resolved.leaf.is_list() => {
            r.problem(
                ids.span,
                format!("`{}` selects a list in `{name}`'s answer", ids.value),
                Some(format!("write `{}[]` to take its items", ids.value)),
            );
            None
        }
        Ok(resolved) if resolved.leaf.scalar_element() != Some(super::types::Scalar::String) => {
            r.problem(
                ids.span,
                format!(
                    "`{}` holds `{}` values in `{name}`'s answer; ids are text",
                    ids.value, resolved.leaf
                ),
                None,
            );
            None
        }
        Ok(_) => Some(()),
        Err(unresolved) => {
            r.problem(ids.span, unresolved.message, unresolved.help);
            None
        }
    }
}
