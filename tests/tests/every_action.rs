//! Every action of every service in `spec/`, called through the runtime against the fake
//! server with its required parameters (values synthesized from the spec's types), is
//! answered with RetCode 0, and every field of every answer fits the type the spec
//! gives it (checked here, independently of the fake's own code, by walking the
//! metadata: models field by field, lists element by element).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use serde_json::Value;
use sigcal_client::meta::{Element, FieldType, Scalar, ServiceMeta};
use sigcal_client::{CallOptions, Params};
use sigcal_fake::FakeServer;

mod support;
use support::fill;

/// Where `value` does not fit the spec type `ty`, as `path: what`.
fn misfits(service: &ServiceMeta, path: &str, ty: FieldType, value: &Value, out: &mut Vec<String>) {
    if value.is_null() {
        return;
    }
    if let Some(item_type) = ty.item() {
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    misfits(service, &format!("{path}[{index}]"), item_type, item, out);
                }
            }
            other => out.push(format!("{path}: a list expected, got {other}")),
        }
        return;
    }
    let fits = match ty.element {
        Element::Scalar(Scalar::String) => value.is_string(),
        Element::Scalar(Scalar::Int) => value.is_i64() || value.is_u64(),
        Element::Scalar(Scalar::Float) => value.is_number(),
        Element::Scalar(Scalar::Bool) => value.is_boolean(),
        Element::Scalar(Scalar::Json) => true,
        Element::Named(name) if service.enumeration(name).is_some() => value.is_string(),
        Element::Named(name) => match (service.model(name), value) {
            (Some(model), Value::Object(fields)) => {
                for field in model.fields {
                    if let Some(inner) = fields.get(field.name) {
                        misfits(
                            service,
                            &format!("{path}.{}", field.name),
                            field.ty,
                            inner,
                            out,
                        );
                    }
                }
                true
            }
            (Some(_), _) => false,
            (None, _) => {
                out.push(format!("{path}: the spec type `{name}` is unknown"));
                true
            }
        },
    };
    if !fits {
        out.push(format!("{path}: `{ty}` expected, got {value}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_of_every_service_is_answered_with_data_that_fits_its_types() {
    let server = FakeServer::start().await.unwrap();
    let client = server.client();
    let mut answered = 0;
    let mut problems = Vec::new();
    for service in sigcal_client::SERVICES {
        for action in service.actions {
            let mut params = Params::new();
            for field in action.params.iter().filter(|f| f.required) {
                fill(service, field.name, field.ty, &mut params, 0);
            }
            // A change is answered for a resource the server made (an id it did not
            // make is refused, as the API refuses it).
            if let Some((resource, step)) = support::lifecycle::step_of(service, action)
                && step.role != sigcal_client::meta::Role::Create
            {
                let polls = sigcal_fake::DEFAULT_POLLS_UNTIL_READY;
                let id =
                    support::lifecycle::ready_for(&client, service, resource, step, polls).await;
                support::lifecycle::name(&mut params, step.id, &id, service, action.name);
            }
            let output = match client
                .send_raw(
                    action.name,
                    params,
                    action.retry_safe,
                    &CallOptions::default(),
                )
                .await
            {
                Ok(output) => output,
                // An action another service has too (VPC2's of VPC) may be answered as
                // that service's, whose resources the one made here is not among.
                Err(error)
                    if error.ret_code() == Some(sigcal_fake::RESOURCE_NOT_FOUND)
                        && sigcal_client::SERVICES.iter().any(|other| {
                            other.name != service.name && other.action(action.name).is_some()
                        }) =>
                {
                    answered += 1;
                    continue;
                }
                Err(error) => {
                    problems.push(format!("{}.{}: {error}", service.name, action.name));
                    continue;
                }
            };
            let body = output.into_inner();
            let mut found = Vec::new();
            for field in action.response {
                if let Some(value) = body.get(field.name) {
                    misfits(service, field.name, field.ty, value, &mut found);
                }
            }
            if found.is_empty() {
                answered += 1;
            }
            problems.extend(
                found
                    .into_iter()
                    .map(|p| format!("{}.{}: {p}", service.name, action.name)),
            );
        }
    }
    let total: usize = sigcal_client::SERVICES
        .iter()
        .map(|s| s.actions.len())
        .sum();
    println!("{answered}/{total} actions answered with data that fits their types");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(answered, total);
}
