//! Resources the fake keeps between calls, for the actions a waiter covers, worked out
//! from the metadata alone: an action that names the waiter following it
//! (`CreateUHostInstance` -> `UHostInstanceRunning`) creates or moves on the resources
//! its answer names; the waiter's polled action (`DescribeUHostInstance`) then lists
//! them in the waiter's pending state until, after a set number of polls, they reach
//! its target state (or, for a waiter whose success is an empty list, are gone). So
//! `create -> wait -> describe` works with no script.
//!
//! What a resource is comes from the waiter: the list and state field from its first
//! path acceptor (`UHostSet[].State`), the id from the input that names the list's
//! items (`UHostIds` names items by `UHostId`: the item field of the input's name, or
//! of its name without a final `s`), the target from its first success acceptor, the
//! state on the way from its `pending` states (else `Pending`).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};
use sigcal_client::Params;
use sigcal_client::meta::{AcceptorTest, ActionMeta, Expected, ServiceMeta, WaiterMeta};
use sigcal_client::waiter::{Matcher, Outcome};
use sigcal_protocol::path::Path;

/// Polls of the describing action before a resource shows its target state.
pub const DEFAULT_POLLS_UNTIL_READY: u32 = 2;

/// The most resources of one kind (one describing action) the fake keeps by default
/// (`FakeServerBuilder::max_resources_per_kind`); creating more is refused with
/// [`QUOTA_EXCEEDED`] until some are deleted. Without a bound, a
/// test that creates in a loop would make every describe slower than the last.
pub const MAX_RESOURCES_PER_KIND: usize = 10_000;

/// The RetCode of a creation refused because [`MAX_RESOURCES_PER_KIND`] are kept (the
/// API's "your quota is not enough", as UDB documents it).
pub const QUOTA_EXCEEDED: i64 = 7058;

/// The state shown on the way when the waiter documents none.
const PENDING: &str = "Pending";

#[derive(Debug)]
pub(crate) struct Resources {
    polls_until_ready: u32,
    max_per_kind: usize,
    /// By service and describing action; a key, once there, answers from state even
    /// when every resource is gone.
    kinds: Mutex<BTreeMap<(&'static str, &'static str), Vec<Resource>>>,
    next_id: AtomicU64,
}

#[derive(Debug, Clone)]
struct Resource {
    id: String,
    shown: String,
    /// The state it is on its way to; `None`: it is being deleted.
    target: Option<String>,
    polls_left: u32,
}

/// How one waiter sees its resources.
#[derive(Debug, Clone, Copy)]
struct Kind {
    /// The describing action's list field (`UHostSet`).
    list: &'static str,
    /// The items' state field (`State`), when the waiter looks at one.
    state: Option<&'static str>,
    /// The waiter input that names resources (`UHostIds`).
    input: &'static str,
    /// The items' id field (`UHostId`).
    id: &'static str,
}

impl Resources {
    pub(crate) fn new(polls_until_ready: u32, max_per_kind: usize) -> Resources {
        Resources {
            polls_until_ready,
            max_per_kind,
            kinds: Mutex::default(),
            next_id: AtomicU64::new(1),
        }
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, BTreeMap<(&'static str, &'static str), Vec<Resource>>> {
        self.kinds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// After `action` answered `body`: the resources its answer names are created, or
    /// moved on towards the state of the waiter that follows it. An id the request
    /// gave (`StartUHostInstance`'s `UHostId`) is echoed; one the answer makes up
    /// (`CreateUHostInstance`'s `UHostIds`) is made unique.
    pub(crate) fn after_action(
        &self,
        service: &'static ServiceMeta,
        action: &'static ActionMeta,
        params: &Params,
        body: &mut Value,
    ) -> Result<(), (i64, String)> {
        let Some(follow) = action.then_wait else {
            return Ok(());
        };
        let Some(waiter) = service.waiter(follow.waiter) else {
            return Ok(());
        };
        let (Some(kind), Some(target)) = (kind(service, waiter), target(waiter)) else {
            return Ok(());
        };
        let Some((_, path)) = follow.inputs.iter().find(|(input, _)| *input == kind.input) else {
            return Ok(());
        };
        let Ok(path) = Path::parse(path) else {
            return Ok(());
        };
        let echoed = match path.steps() {
            [step] if !step.each => params.get(&step.field).map(str::to_owned),
            _ => None,
        };
        let mut ids = Vec::new();
        path.for_each_leaf_mut(body, &mut |value| {
            let id = match &echoed {
                Some(id) => id.clone(),
                None => {
                    let made = value.as_str().unwrap_or(kind.id);
                    let prefix = made
                        .split('-')
                        .next()
                        .filter(|p| !p.is_empty())
                        .unwrap_or("res");
                    let number = self.next_id.fetch_add(1, Ordering::Relaxed);
                    format!("{}-fake{number:04}", prefix.to_ascii_lowercase())
                }
            };
            *value = json!(id);
            ids.push(id);
        });
        let pending = waiter.pending.first().copied().unwrap_or(PENDING);
        let mut kinds = self.lock();
        let resources = kinds.entry((service.name, waiter.action)).or_default();
        let new = ids
            .iter()
            .filter(|id| !resources.iter().any(|r| r.id == **id))
            .count();
        if resources.len() + new > self.max_per_kind {
            return Err((
                QUOTA_EXCEEDED,
                format!(
                    "quota exceeded: the fake keeps at most {} resources listed by {}; delete some first",
                    self.max_per_kind, waiter.action
                ),
            ));
        }
        for id in ids {
            let resource = match resources.iter_mut().find(|r| r.id == id) {
                Some(known) => known,
                None => {
                    resources.push(Resource {
                        id: id.clone(),
                        shown: pending.to_owned(),
                        target: None,
                        polls_left: 0,
                    });
                    let Some(last) = resources.last_mut() else {
                        return Ok(());
                    };
                    last
                }
            };
            if target.is_some() {
                resource.shown = pending.to_owned();
            }
            resource.target.clone_from(&target);
            resource.polls_left = self.polls_until_ready;
            if resource.polls_left == 0 {
                settle(resources, &id);
            }
        }
        Ok(())
    }

    /// Before `action` answers: when it describes resources the fake keeps, its list
    /// holds them (those the request names, or all), each poll moving them on.
    pub(crate) fn describe(
        &self,
        service: &'static ServiceMeta,
        action: &'static ActionMeta,
        params: &Params,
        body: &mut Value,
    ) {
        let Some(kind) = service
            .waiters
            .iter()
            .filter(|w| w.action == action.name)
            .find_map(|w| kind(service, w))
        else {
            return;
        };
        let mut kinds = self.lock();
        let Some(resources) = kinds.get_mut(&(service.name, action.name)) else {
            return;
        };
        let asked: Vec<&str> = params
            .iter()
            .filter(|(key, _)| {
                *key == kind.input || sigcal_protocol::keys::item_of(key, kind.input).is_some()
            })
            .map(|(_, value)| value)
            .collect();
        let listed: Vec<String> = resources
            .iter()
            .filter(|r| asked.is_empty() || asked.contains(&r.id.as_str()))
            .map(|r| r.id.clone())
            .collect();
        for id in &listed {
            if let Some(resource) = resources.iter_mut().find(|r| &r.id == id)
                && resource.polls_left > 0
            {
                resource.polls_left -= 1;
                if resource.polls_left == 0 {
                    settle(resources, id);
                }
            }
        }
        let Value::Object(map) = body else {
            return;
        };
        let template = match map.get(kind.list) {
            Some(Value::Array(items)) => items.first().cloned(),
            _ => None,
        };
        let items: Vec<Value> = resources
            .iter()
            .filter(|r| listed.contains(&r.id))
            .map(|resource| {
                let mut item = match template.clone() {
                    Some(Value::Object(item)) => item,
                    _ => Map::new(),
                };
                item.insert(kind.id.to_owned(), json!(resource.id));
                if let Some(state) = kind.state {
                    item.insert(state.to_owned(), json!(resource.shown));
                }
                Value::Object(item)
            })
            .collect();
        let count = items.len();
        map.insert(kind.list.to_owned(), Value::Array(items));
        if let Some(paging) = action.pagination
            && paging.items == kind.list
        {
            map.insert(paging.total.to_owned(), json!(count));
        }
    }
}

/// The resource `id` reaches its target: it shows it, or is gone.
fn settle(resources: &mut Vec<Resource>, id: &str) {
    let Some(index) = resources.iter().position(|r| r.id == id) else {
        return;
    };
    match resources.get(index).and_then(|r| r.target.clone()) {
        Some(target) => {
            if let Some(resource) = resources.get_mut(index) {
                resource.shown = target;
            }
        }
        None => {
            resources.remove(index);
        }
    }
}

/// What `waiter` waits for: `Some(state)`, or `None` for "gone" (its success is an
/// empty list); the outer `None` when it waits for neither.
fn target(waiter: &WaiterMeta) -> Option<Option<String>> {
    let success = waiter
        .acceptors
        .iter()
        .find(|a| a.outcome == Outcome::Success)?;
    match success.test {
        AcceptorTest::Path {
            expected: Some(Expected::Text(state)),
            ..
        } => Some(Some(state.to_owned())),
        AcceptorTest::Path {
            matcher: Matcher::Empty,
            ..
        } => Some(None),
        _ => None,
    }
}

/// How `waiter` sees its resources; `None` when its paths are not `List[]` or
/// `List[].Field`, or no input names the list's items.
fn kind(service: &'static ServiceMeta, waiter: &'static WaiterMeta) -> Option<Kind> {
    let action = service.action(waiter.action)?;
    let path = waiter.acceptors.iter().find_map(|a| match a.test {
        AcceptorTest::Path { path, .. } => Some(path),
        AcceptorTest::RetCode(_) => None,
    })?;
    let path = Path::parse(path).ok()?;
    let (list, state) = match path.steps() {
        [list] if list.each => (list.field.as_str(), None),
        [list, state] if list.each && !state.each => {
            (list.field.as_str(), Some(state.field.as_str()))
        }
        _ => return None,
    };
    let field = action.response.iter().find(|f| f.name == list)?;
    let model = service.model(field.ty.named_element()?)?;
    let (input, id) = waiter.inputs.iter().find_map(|input| {
        let singular = input.strip_suffix('s').unwrap_or(input);
        model
            .fields
            .iter()
            .find(|f| f.name == *input || f.name == singular)
            .map(|f| (*input, f.name))
    })?;
    let state = match state {
        Some(state) => Some(model.fields.iter().find(|f| f.name == state)?.name),
        None => None,
    };
    Some(Kind {
        list: field.name,
        state,
        input,
        id,
    })
}
