//! Resources the fake keeps between calls, as the spec's `resources:` declare them
//! (`sigcal_client::meta::ResourceMeta`): a create makes them (its answer carries new,
//! unique ids), the describing action lists them (filtered by the ids asked for, paged,
//! counted), an update changes the fields its parameters name and moves the state, a
//! delete removes them. Every item keeps what its create request gave, under the same
//! name (or the one the spec's `echo` says); the rest of it is the reference page's
//! example, taken once and then stable.
//!
//! Until the first create, update or delete of a kind, its describing action answers as
//! the reference page's example shows (single calls see documented data); from then on
//! it lists what the server holds. An id the server does not hold is refused with
//! [`RESOURCE_NOT_FOUND`], as the API refuses it; a move from a state the spec does not
//! allow with [`WRONG_STATE`].

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};
use sigcal_client::Params;
use sigcal_client::meta::{
    ActionMeta, Element, FieldMeta, FieldType, LifecycleMeta, ResourceMeta, Role, Scalar,
    ServiceMeta,
};
use sigcal_protocol::path::Path;

/// Polls of the describing action before a resource shows the state it moves to.
pub const DEFAULT_POLLS_UNTIL_READY: u32 = 2;

/// The most resources of one kind the fake keeps by default
/// (`FakeServerBuilder::max_resources_per_kind`); creating more is refused with
/// [`QUOTA_EXCEEDED`] until some are deleted. Without a bound, a test that creates in a
/// loop would make every describe slower than the last.
pub const MAX_RESOURCES_PER_KIND: usize = 10_000;

/// The RetCode of a creation refused because [`MAX_RESOURCES_PER_KIND`] are kept (the
/// API's "your quota is not enough", as UDB documents it).
pub const QUOTA_EXCEEDED: i64 = 7058;

/// The RetCode of an action naming a resource the fake does not hold: the API's
/// "resource does not exist" (8039 in the UNet and UHost error tables).
pub const RESOURCE_NOT_FOUND: i64 = 8039;

/// The RetCode of a move the resource's state does not allow (starting a running
/// host): the API's "the state is wrong, try again later" (UHost's 8905).
pub const WRONG_STATE: i64 = 8905;

/// A refusal: RetCode and message.
pub(crate) type Refusal = (i64, String);

#[derive(Debug)]
pub(crate) struct Resources {
    polls_until_ready: u32,
    max_per_kind: usize,
    /// By resource name and describing action: a service that shares a resource with
    /// another (VPC2 with VPC, whose actions answer both) shares its resources too.
    kinds: Mutex<Kinds>,
    next_id: AtomicU64,
}

#[derive(Debug, Clone)]
struct Kept {
    id: String,
    /// Made by a create (the quota counts these, not the example's).
    made: bool,
    item: Map<String, Value>,
    /// What happens when `polls_left` reaches 0.
    next: Next,
    polls_left: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Next {
    Stay,
    Show(String),
    Gone,
}

type Kinds = BTreeMap<(&'static str, &'static str), Kind>;

/// The resources of one kind, and whether any action has made or changed one: until
/// then the describing action answers as it would without resources (its example, or
/// the data the server was given), so single calls see the reference page's answer.
#[derive(Debug, Default)]
struct Kind {
    touched: bool,
    kept: Vec<Kept>,
    /// A new item's fields before its request is applied ([`template`]), worked out at
    /// the kind's first create: the describing action's example is read once per kind.
    template: Option<Map<String, Value>>,
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Kinds> {
        self.kinds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Before `action` is answered: every resource an update or delete names exists and
    /// is in a state the move allows.
    pub(crate) fn check(
        &self,
        service: &'static ServiceMeta,
        action: &'static ActionMeta,
        params: &Params,
    ) -> Result<(), Refusal> {
        if steps(service, action).all(|(_, step)| step.role == Role::Create) {
            return Ok(());
        }
        let mut kinds = self.lock();
        for (resource, step) in steps(service, action) {
            if step.role == Role::Create {
                continue;
            }
            let kept = &kind(&mut kinds, service, resource).kept;
            for id in named(params, step.id) {
                let Some(found) = kept.iter().find(|k| k.id == id) else {
                    return Err((
                        RESOURCE_NOT_FOUND,
                        format!("{} `{id}` does not exist", resource.name),
                    ));
                };
                let shown = state_of(resource, found);
                if !step.from.is_empty()
                    && !shown.as_deref().is_some_and(|s| step.from.contains(&s))
                {
                    return Err((
                        WRONG_STATE,
                        format!(
                            "{} `{id}` is {}; {} needs it {}",
                            resource.name,
                            shown.as_deref().unwrap_or("in no state"),
                            action.name,
                            step.from.join(" or ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// After `action` answered `body`: a create makes its resources (writing their new
    /// ids into the answer), an update or delete applies to the resources it names, a
    /// describe lists the resources held.
    pub(crate) fn apply(
        &self,
        service: &'static ServiceMeta,
        action: &'static ActionMeta,
        params: &Params,
        body: &mut Value,
    ) -> Result<(), Refusal> {
        let describes = || {
            service
                .resources
                .iter()
                .filter(|r| r.describe == action.name)
        };
        if steps(service, action).next().is_none() && describes().next().is_none() {
            return Ok(());
        }
        let mut kinds = self.lock();
        for (resource, step) in steps(service, action) {
            match step.role {
                Role::Create => self.create(&mut kinds, service, resource, step, params, body)?,
                Role::Update | Role::Delete => {
                    let polls = self.polls_until_ready;
                    let found_kind = kind(&mut kinds, service, resource);
                    found_kind.touched = true;
                    let kept = &mut found_kind.kept;
                    let ids = named(params, step.id);
                    for id in &ids {
                        if let Some(found) = kept.iter_mut().find(|k| &k.id == id) {
                            change(service, resource, step, params, found, polls);
                        }
                    }
                    echo_ids(resource, step, &ids, body);
                    kept.retain(|k| !(k.next == Next::Gone && k.polls_left == 0));
                }
            }
        }
        for resource in describes() {
            let found = kind(&mut kinds, service, resource);
            if found.touched {
                list(resource, action, params, &mut found.kept, body);
            }
        }
        Ok(())
    }

    fn create(
        &self,
        kinds: &mut Kinds,
        service: &'static ServiceMeta,
        resource: &'static ResourceMeta,
        step: &LifecycleMeta,
        params: &Params,
        body: &mut Value,
    ) -> Result<(), Refusal> {
        let Ok(path) = Path::parse(step.id) else {
            return Ok(());
        };
        let found = kind(kinds, service, resource);
        found.touched = true;
        let template = &*found
            .template
            .get_or_insert_with(|| template(service, resource));
        let kept = &mut found.kept;
        let made = |kept: &[Kept]| kept.iter().filter(|k| k.made).count();
        if made(kept) >= self.max_per_kind {
            return Err((
                QUOTA_EXCEEDED,
                format!(
                    "quota exceeded: the fake keeps at most {} {} resources (listed by {}); delete some first",
                    self.max_per_kind, resource.name, resource.describe
                ),
            ));
        }
        // The answer holds at least one id where the path says, whatever its example.
        ensure(path.steps(), body, resource.id);
        let mut ids = Vec::new();
        path.for_each_leaf_mut(body, &mut |value| {
            let prefix = value
                .as_str()
                .and_then(|v| v.split('-').next())
                .filter(|p| {
                    !p.is_empty() && p.len() <= 12 && p.chars().all(|c| c.is_ascii_alphanumeric())
                })
                .unwrap_or(resource.name)
                .to_ascii_lowercase();
            let number = self.next_id.fetch_add(1, Ordering::Relaxed);
            let id = format!("{prefix}-fake{number:04}");
            *value = json!(id);
            ids.push(id);
        });
        for id in ids {
            if made(kept) >= self.max_per_kind {
                break;
            }
            let mut item = template.clone();
            item.insert(resource.id.to_owned(), json!(id));
            let mut found = Kept {
                id,
                made: true,
                item,
                next: Next::Stay,
                polls_left: 0,
            };
            change(
                service,
                resource,
                step,
                params,
                &mut found,
                self.polls_until_ready,
            );
            kept.push(found);
        }
        Ok(())
    }
}

/// An answer that names the resource (`StopUHostInstance`'s `UHostId`) names the ones
/// the request did.
fn echo_ids(resource: &ResourceMeta, step: &LifecycleMeta, ids: &[String], body: &mut Value) {
    let Value::Object(map) = body else { return };
    let Some(first) = ids.first() else { return };
    for name in [resource.id, step.id] {
        match map.get_mut(name) {
            Some(Value::String(text)) => *text = first.clone(),
            Some(Value::Array(items)) => *items = ids.iter().map(|id| json!(id)).collect(),
            _ => {}
        }
    }
}

/// Makes `steps` select at least one value in `value`: absent or empty places on the
/// way become objects (or lists of one), the last holds `placeholder`.
fn ensure(steps: &[sigcal_protocol::path::Step], value: &mut Value, placeholder: &str) {
    let Some((step, rest)) = steps.split_first() else {
        return;
    };
    let Value::Object(map) = value else { return };
    let leaf = || {
        if rest.is_empty() {
            json!(placeholder)
        } else {
            Value::Object(Map::new())
        }
    };
    let slot = map.entry(step.field.clone()).or_insert(Value::Null);
    if step.each {
        match slot {
            Value::Array(items) if !items.is_empty() => {}
            _ => *slot = json!([leaf()]),
        }
        if let Value::Array(items) = slot {
            for item in items {
                ensure(rest, item, placeholder);
            }
        }
    } else {
        if slot.is_null()
            || (rest.is_empty() && !slot.is_string())
            || (!rest.is_empty() && !slot.is_object())
        {
            *slot = leaf();
        }
        ensure(rest, slot, placeholder);
    }
}

/// The resources `action` is a step of, with the step.
fn steps(
    service: &'static ServiceMeta,
    action: &'static ActionMeta,
) -> impl Iterator<Item = (&'static ResourceMeta, &'static LifecycleMeta)> {
    service.resources.iter().flat_map(move |resource| {
        resource
            .steps
            .iter()
            .filter(move |step| step.action == action.name)
            .map(move |step| (resource, step))
    })
}

/// The resources of `resource`'s kind.
fn kind<'k>(
    kinds: &'k mut Kinds,
    service: &'static ServiceMeta,
    resource: &'static ResourceMeta,
) -> &'k mut Kind {
    kinds.entry((service.name, resource.name)).or_default()
}

/// A new item's fields before its create request is applied: the describing action's
/// first example item (or one synthesized from the item type).
fn template(service: &'static ServiceMeta, resource: &'static ResourceMeta) -> Map<String, Value> {
    let Some(describe) = service.action(resource.describe) else {
        return Map::new();
    };
    let body = crate::answer::respond(service, describe, &Params::new());
    if let Some(Value::Object(item)) = body
        .get(resource.list)
        .and_then(Value::as_array)
        .and_then(|items| items.first())
    {
        return item.clone();
    }
    match item_type(service, resource)
        .map(|ty| crate::answer::synthesize(service, ty, resource.list))
    {
        Some(Value::Object(item)) => item,
        _ => Map::new(),
    }
}

fn item_type(service: &ServiceMeta, resource: &ResourceMeta) -> Option<FieldType> {
    let describe = service.action(resource.describe)?;
    let list = describe.response.iter().find(|f| f.name == resource.list)?;
    list.ty.item()
}

fn item_fields(service: &ServiceMeta, resource: &ResourceMeta) -> &'static [FieldMeta] {
    item_type(service, resource)
        .and_then(|ty| match ty.element {
            Element::Named(name) => Some(name),
            Element::Scalar(_) => None,
        })
        .and_then(|name| service.model(name))
        .map_or(&[], |model| model.fields)
}

/// The ids `params` names in the parameter `name`: its value, or its items.
fn named(params: &Params, name: &str) -> Vec<String> {
    params
        .iter()
        .filter(|(key, _)| *key == name || sigcal_protocol::keys::item_of(key, name).is_some())
        .map(|(_, value)| value.to_owned())
        .collect()
}

/// The state `kept` shows.
fn state_of(resource: &ResourceMeta, kept: &Kept) -> Option<String> {
    let state = resource.state?;
    kept.item.get(state)?.as_str().map(str::to_owned)
}

/// Applies `step` of `params` to `kept`: the fields the request sets (a parameter named
/// as an item field, or paired with one), then the state it moves to.
fn change(
    service: &ServiceMeta,
    resource: &ResourceMeta,
    step: &LifecycleMeta,
    params: &Params,
    kept: &mut Kept,
    polls: u32,
) {
    let fields = item_fields(service, resource);
    for (key, text) in params.iter() {
        if key == step.id || key == resource.id || Some(key) == resource.state {
            continue;
        }
        let target = step
            .set
            .iter()
            .find(|(param, _)| *param == key)
            .map_or(key, |(_, field)| *field);
        if let Some(field) = fields.iter().find(|f| f.name == target)
            && let Some(value) = typed(field.ty, text)
        {
            kept.item.insert(field.name.to_owned(), value);
        }
    }
    let show = |kept: &mut Kept, state: &str| {
        if let Some(field) = resource.state {
            kept.item.insert(field.to_owned(), json!(state));
        }
    };
    let next = match (step.role, step.state) {
        (Role::Delete, _) => Next::Gone,
        (_, Some(state)) => Next::Show(state.to_owned()),
        (_, None) => return,
    };
    // A delete takes the polls too, listed as it was (or in its `via` state).
    match step.via {
        _ if polls > 0 && step.role == Role::Delete => {
            if let Some(via) = step.via {
                show(kept, via);
            }
            kept.next = next;
            kept.polls_left = polls;
        }
        Some(via) if polls > 0 => {
            show(kept, via);
            kept.next = next;
            kept.polls_left = polls;
        }
        _ => {
            if let Next::Show(state) = &next {
                show(kept, state);
            }
            kept.next = if next == Next::Gone {
                Next::Gone
            } else {
                Next::Stay
            };
            kept.polls_left = 0;
        }
    }
}

/// A request parameter's text as a value of an item field's type; `None` for a list
/// or a model (a flat parameter does not set one) or text that does not parse.
fn typed(ty: FieldType, text: &str) -> Option<Value> {
    if ty.is_list() {
        return None;
    }
    match ty.element {
        Element::Scalar(Scalar::Int) => text.parse::<i64>().ok().map(Value::from),
        Element::Scalar(Scalar::Float) => text.parse::<f64>().ok().map(Value::from),
        Element::Scalar(Scalar::Bool) => match text {
            "true" => Some(json!(true)),
            "false" => Some(json!(false)),
            _ => None,
        },
        Element::Scalar(Scalar::String) => Some(json!(text)),
        Element::Scalar(Scalar::Json) => None,
        // An enum's value is its text; a model is not set from one parameter.
        Element::Named(_) => Some(json!(text)),
    }
}

/// The describing answer: the items held (those asked for, or all), each poll moving
/// them on; paged and counted when the action pages.
fn list(
    resource: &ResourceMeta,
    action: &ActionMeta,
    params: &Params,
    kept: &mut Vec<Kept>,
    body: &mut Value,
) {
    let asked = resource.by.map(|by| named(params, by)).unwrap_or_default();
    let wanted = |k: &Kept| asked.is_empty() || asked.contains(&k.id);
    for found in kept.iter_mut().filter(|k| wanted(k)) {
        if found.polls_left > 0 {
            found.polls_left -= 1;
            if found.polls_left == 0
                && let Next::Show(state) = &found.next
                && let Some(field) = resource.state
            {
                found.item.insert(field.to_owned(), json!(state));
                found.next = Next::Stay;
            }
        }
    }
    kept.retain(|k| !(k.next == Next::Gone && k.polls_left == 0));
    let items: Vec<Value> = kept
        .iter()
        .filter(|k| wanted(k))
        .map(|k| Value::Object(k.item.clone()))
        .collect();
    let Value::Object(map) = body else {
        return;
    };
    let total = items.len();
    let items = match action.pagination {
        Some(paging) if paging.items == resource.list => {
            map.insert(paging.total.to_owned(), json!(total));
            crate::paging::page(items, params, paging.offset, paging.limit)
        }
        _ => items,
    };
    map.insert(resource.list.to_owned(), Value::Array(items));
}
