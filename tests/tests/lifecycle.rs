//! Every resource `spec/` declares, through its whole lifecycle against the unscripted
//! fake, from the metadata alone: a create's inputs are shown by the describe of its id,
//! each update changes what it names and moves the state, a delete makes it gone, an id
//! the fake did not make is refused with RetCode 8039 and a move its state does not
//! allow with 8905.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use serde_json::Value;
use sigcal_client::meta::{Element, FieldMeta, ResourceMeta, Role, Scalar, ServiceMeta};
use sigcal_fake::FakeServer;

mod support;
use support::lifecycle;

/// Polls of the describing action before a move is made.
const POLLS: u32 = 1;

/// The item fields of `resource`.
fn item_fields(service: &ServiceMeta, resource: &ResourceMeta) -> &'static [FieldMeta] {
    let describe = service.action(resource.describe).unwrap();
    let list = describe
        .response
        .iter()
        .find(|f| f.name == resource.list)
        .unwrap();
    let item = list.ty.item().unwrap();
    match item.element {
        Element::Named(model) => service.model(model).unwrap().fields,
        Element::Scalar(_) => &[],
    }
}

/// Optional text parameters of `action` that are item fields too (what a create shows),
/// other than the id, the state and the configured ones (`Zone`, `ProjectId`).
fn echoed<'a>(
    service: &ServiceMeta,
    resource: &ResourceMeta,
    params: &'a [FieldMeta],
) -> Vec<&'a FieldMeta> {
    let fields = item_fields(service, resource);
    params
        .iter()
        .filter(|p| !p.required && !p.ty.is_list())
        .filter(|p| p.ty.element == Element::Scalar(Scalar::String))
        .filter(|p| p.name != resource.id && Some(p.name) != resource.state)
        .filter(|p| !sigcal_client::protocol::CONFIG_PARAMS.contains(&p.name))
        .filter(|p| {
            fields.iter().any(|f| {
                f.name == p.name
                    && !f.ty.is_list()
                    && f.ty.element == Element::Scalar(Scalar::String)
            })
        })
        .take(2)
        .collect()
}

fn shown<'v>(item: &'v Value, field: &str) -> Option<&'v str> {
    item.get(field).and_then(Value::as_str)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_declared_resource_lives_through_create_describe_update_delete() {
    let mut resources = 0;
    let mut problems = Vec::new();
    for service in sigcal_client::SERVICES {
        for resource in service.resources {
            resources += 1;
            if let Err(problem) = lifecycle_of(service, resource).await {
                problems.push(format!("{}.{}: {problem}", service.name, resource.name));
            }
        }
    }
    assert!(resources >= 100, "only {resources} resources declared");
    assert!(
        problems.is_empty(),
        "{} of {resources} resources:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

async fn lifecycle_of(
    service: &'static ServiceMeta,
    resource: &'static ResourceMeta,
) -> Result<(), String> {
    let server = FakeServer::builder()
        .services([service])
        .polls_until_ready(POLLS)
        .start()
        .await
        .map_err(|e| e.to_string())?;
    let client = server.client();
    let create = resource
        .steps
        .iter()
        .find(|s| s.role == Role::Create)
        .ok_or("no create")?;
    let create_action = service.action(create.action).ok_or("unknown create")?;

    // Create with inputs: the describe of the new id shows them.
    let inputs: Vec<(String, String)> = echoed(service, resource, create_action.params)
        .iter()
        .map(|p| {
            (
                p.name.to_owned(),
                format!("given-{}", p.name.to_ascii_lowercase()),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = inputs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let id = lifecycle::create(&client, service, resource, &pairs).await;
    let item = lifecycle::settle(&client, service, resource, &id, POLLS)
        .await
        .ok_or_else(|| format!("{id} is not listed after {}", create.action))?;
    for (name, value) in &inputs {
        if shown(&item, name) != Some(value) {
            return Err(format!(
                "{name} given to {} is not shown: {item}",
                create.action
            ));
        }
    }
    if let (Some(field), Some(state)) = (resource.state, create.state)
        && shown(&item, field) != Some(state)
    {
        return Err(format!("after {} it is not {state}: {item}", create.action));
    }
    // Made twice, listed twice: the second is another resource.
    let other = lifecycle::create(&client, service, resource, &[]).await;
    if other == id {
        return Err(format!("{} made the same id twice", create.action));
    }

    // Each update: what it sets is shown, the state it moves to is reached.
    for step in resource.steps.iter().filter(|s| s.role == Role::Update) {
        let target = lifecycle::ready_for(&client, service, resource, step, POLLS).await;
        let action = service.action(step.action).unwrap();
        let changed: Vec<(String, String)> = echoed(service, resource, action.params)
            .iter()
            .filter(|p| p.name != step.id)
            .map(|p| {
                (
                    p.name.to_owned(),
                    format!("changed-{}", p.name.to_ascii_lowercase()),
                )
            })
            .collect();
        let mut params = support::required_params(service, action);
        lifecycle::name(&mut params, step.id, &target, service, step.action);
        for (name, value) in &changed {
            params.insert(name, value);
        }
        client
            .send_raw(step.action, params, false, &Default::default())
            .await
            .map_err(|e| format!("{} of a resource it may change: {e}", step.action))?;
        let item = lifecycle::settle(&client, service, resource, &target, POLLS)
            .await
            .ok_or_else(|| format!("{target} is gone after {}", step.action))?;
        for (name, value) in &changed {
            if shown(&item, name) != Some(value) {
                return Err(format!(
                    "{name} set by {} is not shown: {item}",
                    step.action
                ));
            }
        }
        if let (Some(field), Some(state)) = (resource.state, step.state)
            && shown(&item, field) != Some(state)
        {
            return Err(format!("after {} it is not {state}: {item}", step.action));
        }
        // A move from a state it does not allow is refused, naming the id.
        if let (Some(field), false) = (resource.state, step.from.is_empty()) {
            let now = shown(&item, field).unwrap_or_default();
            if !step.from.contains(&now) {
                let refused = lifecycle::apply(&client, service, step, &target)
                    .await
                    .expect_err("a move from a state it does not allow");
                if refused.ret_code() != Some(sigcal_fake::WRONG_STATE)
                    || !refused.to_string().contains(&target)
                {
                    return Err(format!("{} from {now}: {refused}", step.action));
                }
            }
        }
    }

    // Delete: gone after the polls; the other one stays.
    for step in resource
        .steps
        .iter()
        .filter(|s| s.role == Role::Delete)
        .take(1)
    {
        let target = lifecycle::ready_for(&client, service, resource, step, POLLS).await;
        lifecycle::apply(&client, service, step, &target)
            .await
            .map_err(|e| format!("{}: {e}", step.action))?;
        if lifecycle::settle(&client, service, resource, &target, POLLS + 1)
            .await
            .is_some()
        {
            return Err(format!("{target} is still listed after {}", step.action));
        }
        if lifecycle::describe(&client, service, resource, &other)
            .await
            .is_none()
        {
            return Err(format!("{} removed {other} too", step.action));
        }
    }

    // An id the fake did not make: refused, named.
    if let Some(step) = resource.steps.iter().find(|s| s.role != Role::Create) {
        let refused = lifecycle::apply(&client, service, step, "no-such-id")
            .await
            .expect_err("an unknown id");
        if refused.ret_code() != Some(sigcal_fake::RESOURCE_NOT_FOUND)
            || !refused.to_string().contains("`no-such-id` does not exist")
        {
            return Err(format!("{} of an unknown id: {refused}", step.action));
        }
    }
    Ok(())
}
