//! A waiter's path (`UHostSet[].State`, the syntax of `sigcal_protocol::path`) resolved
//! against the polled action's response types. The validator reports what does not
//! resolve; the IR lowers what does, both through [`resolve`].

use sigcal_protocol::path::Path;

use super::model::{Entries, Field, SpecFile};
use super::types::{Scalar, TypeExpr};

/// A path that resolves: each step's field and the type of the values it selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// One per step, in order.
    pub(crate) steps: Vec<ResolvedStep>,
    /// The type of each selected value (the list's element for a last `Name[]`; the
    /// list itself for a last step that names a list without `[]`).
    pub(crate) leaf: TypeExpr,
}

/// One resolved step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedStep {
    /// The field's name in the spec (its key).
    pub(crate) name: String,
    /// Whether the step goes into every item of a list.
    pub(crate) each: bool,
}

/// Why a path does not resolve, with a suggestion when one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unresolved {
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// Where a waiter takes what it polls: the first success acceptor that names it, a state
/// (`expected` text) or gone (the `empty` matcher). The one reading of a waiter's goal,
/// for the resources' agreement check and for the importer's inference.
pub(crate) fn success_target(waiter: &super::model::Waiter) -> Option<Target> {
    waiter.acceptors.iter().find_map(|acceptor| {
        let acceptor = &acceptor.value;
        if sigcal_protocol::waiter::Outcome::from(acceptor.state.value)
            != sigcal_protocol::waiter::Outcome::Success
        {
            return None;
        }
        match (
            &acceptor.expected,
            acceptor.matcher.as_ref().map(|m| m.value),
        ) {
            (Some(expected), _) => match &expected.value {
                super::model::Scalar::String(text) => Some(Target::State(text.clone())),
                _ => None,
            },
            (None, Some(super::model::Matcher::Empty)) => Some(Target::Gone),
            _ => None,
        }
    })
}

/// What a waiter waits for ([`success_target`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The polled value reads this text.
    State(String),
    /// Nothing is listed any more.
    Gone,
}

/// Walks `path` from the response fields `response` through the models of `spec`.
pub(crate) fn resolve(
    spec: &SpecFile,
    response: &Entries<Field>,
    path: &Path,
) -> Result<Resolved, Unresolved> {
    let mut fields = response;
    let mut within = "the answer".to_owned();
    let mut steps = Vec::new();
    let count = path.steps().len();
    let mut leaf = TypeExpr::scalar(Scalar::Json);
    for (index, step) in path.steps().iter().enumerate() {
        let last = index + 1 == count;
        let Some(field) = fields.iter().find(|entry| {
            entry.name.value == step.field
                || entry
                    .value
                    .sdk_name
                    .as_ref()
                    .is_some_and(|sdk| sdk.value == step.field)
        }) else {
            let known: Vec<&str> = fields.iter().map(|e| e.name.value.as_str()).collect();
            let help = match sigcal_protocol::suggest::closest(&step.field, known.iter().copied()) {
                Some(best) => Some(format!("did you mean `{best}`?")),
                None if known.is_empty() => None,
                None => Some(format!("its fields: {}", known.join(", "))),
            };
            return Err(Unresolved {
                message: format!("`{}` is not a field of {within}", step.field),
                help,
            });
        };
        let declared = field.value.ty.value.parsed().ok_or_else(|| Unresolved {
            message: format!("`{}` has no valid type", step.field),
            help: None,
        })?;
        let selected = match (step.each, declared.item()) {
            (true, Some(item)) => item,
            (true, None) => {
                return Err(Unresolved {
                    message: format!(
                        "`{}[]` steps into a list, but `{}` is a `{declared}`",
                        step.field, step.field
                    ),
                    help: Some(format!("write `{}`", step.field)),
                });
            }
            (false, Some(item)) if !last => {
                return Err(Unresolved {
                    message: format!("`{}` is a list of `{item}`", step.field),
                    help: Some(format!("write `{}[]` to look into every item", step.field)),
                });
            }
            (false, _) => declared.clone(),
        };
        steps.push(ResolvedStep {
            name: field.name.value.clone(),
            each: step.each,
        });
        if last {
            leaf = selected;
            break;
        }
        match selected.named_element().filter(|_| !selected.is_list()) {
            Some(name) => match spec.models.get(name) {
                Some(model) => {
                    fields = &model.value.fields;
                    within = format!("model `{name}`");
                }
                None => {
                    return Err(Unresolved {
                        message: format!(
                            "`{}` is the enum `{name}`: it has no field `{}`",
                            step.field,
                            path.steps().get(index + 1).map_or("", |s| s.field.as_str())
                        ),
                        help: None,
                    });
                }
            },
            None => {
                return Err(Unresolved {
                    message: format!(
                        "`{}` is a `{selected}`: it has no field `{}`",
                        step.field,
                        path.steps().get(index + 1).map_or("", |s| s.field.as_str())
                    ),
                    help: None,
                });
            }
        }
    }
    Ok(Resolved { steps, leaf })
}
