//! Helpers shared by the tests that call actions from metadata.

use sigcal_client::Params;
use sigcal_client::meta::{ActionMeta, Element, FieldMeta, FieldType, Scalar, ServiceMeta};

/// A value of `ty` on the wire under `key`: scalars as text, lists as `key.0`, models by
/// their required fields (or their first field when none is required).
pub(crate) fn fill(
    service: &ServiceMeta,
    key: &str,
    ty: FieldType,
    params: &mut Params,
    depth: usize,
) {
    if let Some(item) = ty.item() {
        return fill(service, &format!("{key}.0"), item, params, depth);
    }
    if let Some(model) = ty.named_element().and_then(|name| service.model(name)) {
        let required: Vec<&FieldMeta> = model.fields.iter().filter(|f| f.required).collect();
        let fields = if required.is_empty() {
            model.fields.iter().take(1).collect()
        } else {
            required
        };
        for field in fields {
            if depth < 4 {
                fill(
                    service,
                    &format!("{key}.{}", field.name),
                    field.ty,
                    params,
                    depth + 1,
                );
            }
        }
        return;
    }
    let value = match ty.element {
        Element::Scalar(Scalar::Int) => "1".to_owned(),
        Element::Scalar(Scalar::Float) => "1.5".to_owned(),
        Element::Scalar(Scalar::Bool) => "true".to_owned(),
        Element::Scalar(_) => "sigcal-test".to_owned(),
        Element::Named(name) => match service.enumeration(name) {
            Some(enumeration) => enumeration.values[0].to_owned(),
            None => "sigcal-test".to_owned(),
        },
    };
    params.insert(key, value);
}

/// The required parameters of `action`, synthesized by [`fill`].
#[allow(dead_code, reason = "not every test that shares this module uses it")]
pub(crate) fn required_params(service: &ServiceMeta, action: &ActionMeta) -> Params {
    let mut params = Params::new();
    for field in action.params.iter().filter(|f| f.required) {
        fill(service, field.name, field.ty, &mut params, 0);
    }
    params
}

/// Resource workflows from the spec's `resources:` metadata, through the raw client.
#[allow(dead_code, reason = "not every test that shares this module uses it")]
pub(crate) mod lifecycle {
    use serde_json::Value;
    use sigcal_client::meta::{ActionMeta, LifecycleMeta, ResourceMeta, Role, ServiceMeta};
    use sigcal_client::{CallOptions, Client, Params};
    use sigcal_protocol::path::{Absent, Path};

    /// The resource step `action` is, if any.
    pub(crate) fn step_of(
        service: &'static ServiceMeta,
        action: &ActionMeta,
    ) -> Option<(&'static ResourceMeta, &'static LifecycleMeta)> {
        service.resources.iter().find_map(|r| {
            r.steps
                .iter()
                .find(|s| s.action == action.name)
                .map(|s| (r, s))
        })
    }

    /// `params` with `name` (a parameter or a list of them) naming `id` alone.
    pub(crate) fn name(
        params: &mut Params,
        parameter: &str,
        id: &str,
        service: &ServiceMeta,
        action: &str,
    ) {
        let keys: Vec<String> = params
            .iter()
            .map(|(k, _)| k.to_owned())
            .filter(|k| k == parameter || sigcal_protocol::keys::item_of(k, parameter).is_some())
            .collect();
        for key in keys {
            params.remove(&key);
        }
        let list = service
            .action(action)
            .and_then(|a| a.params.iter().find(|p| p.name == parameter))
            .is_some_and(|p| p.ty.is_list());
        if list {
            params.insert(sigcal_protocol::keys::item(parameter, 0), id);
        } else {
            params.insert(parameter, id);
        }
    }

    pub(crate) async fn send(client: &Client, action: &str, params: Params) -> Value {
        client
            .send_raw(action, params, false, &CallOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{action}: {e}"))
            .into_inner()
    }

    /// The resource's item as its describing action lists it, or `None` when it is not
    /// listed.
    pub(crate) async fn describe(
        client: &Client,
        service: &'static ServiceMeta,
        resource: &ResourceMeta,
        id: &str,
    ) -> Option<Value> {
        let describe = service.action(resource.describe).unwrap();
        let mut params = super::required_params(service, describe);
        if let Some(by) = resource.by {
            name(&mut params, by, id, service, resource.describe);
        }
        let answer = send(client, resource.describe, params).await;
        answer
            .get(resource.list)
            .and_then(Value::as_array)
            .and_then(|items| {
                items
                    .iter()
                    .find(|item| item.get(resource.id).and_then(Value::as_str) == Some(id))
                    .cloned()
            })
    }

    /// Describes until the resource shows no state on the way (`via`): at most
    /// `polls + 1` describes.
    pub(crate) async fn settle(
        client: &Client,
        service: &'static ServiceMeta,
        resource: &ResourceMeta,
        id: &str,
        polls: u32,
    ) -> Option<Value> {
        let mut item = None;
        for _ in 0..=polls {
            item = describe(client, service, resource, id).await;
        }
        item
    }

    /// Creates one with `extra` parameters on top of the required ones; its id.
    pub(crate) async fn create(
        client: &Client,
        service: &'static ServiceMeta,
        resource: &ResourceMeta,
        extra: &[(&str, &str)],
    ) -> String {
        let step = resource
            .steps
            .iter()
            .find(|s| s.role == Role::Create)
            .unwrap();
        let action = service.action(step.action).unwrap();
        let mut params = super::required_params(service, action);
        for (key, value) in extra {
            params.insert(key, value);
        }
        let answer = send(client, step.action, params).await;
        let path = Path::parse(step.id).unwrap();
        let ids = path.select(&answer, Absent::Fail).unwrap();
        let id = ids
            .leaves()
            .first()
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{}: no id at {} in {answer}", step.action, step.id));
        id.to_owned()
    }

    /// Calls `step` on `id` with its required parameters.
    pub(crate) async fn apply(
        client: &Client,
        service: &'static ServiceMeta,
        step: &LifecycleMeta,
        id: &str,
    ) -> Result<Value, sigcal_client::Error> {
        let action = service.action(step.action).unwrap();
        let mut params = super::required_params(service, action);
        name(&mut params, step.id, id, service, step.action);
        client
            .send_raw(step.action, params, false, &CallOptions::default())
            .await
            .map(|output| output.into_inner())
    }

    /// Makes one and moves it to a state `step` may start from; its id.
    pub(crate) async fn ready_for(
        client: &Client,
        service: &'static ServiceMeta,
        resource: &'static ResourceMeta,
        step: &LifecycleMeta,
        polls: u32,
    ) -> String {
        let id = create(client, service, resource, &[]).await;
        settle(client, service, resource, &id, polls).await;
        let state = |item: &Option<Value>| {
            resource
                .state
                .and_then(|s| item.as_ref()?.get(s)?.as_str().map(str::to_owned))
        };
        for _ in 0..3 {
            let item = describe(client, service, resource, &id).await;
            let shown = state(&item);
            if step.from.is_empty() || shown.as_deref().is_some_and(|s| step.from.contains(&s)) {
                return id;
            }
            // One move from here into a state the step starts from.
            let next = resource.steps.iter().find(|s| {
                s.role == Role::Update
                    && s.state.is_some_and(|t| step.from.contains(&t))
                    && (s.from.is_empty() || shown.as_deref().is_some_and(|c| s.from.contains(&c)))
            });
            let Some(next) = next else { return id };
            apply(client, service, next, &id).await.unwrap();
            settle(client, service, resource, &id, polls).await;
        }
        id
    }
}
