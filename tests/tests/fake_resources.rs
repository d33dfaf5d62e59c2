//! The fake server keeps the resources the actions a waiter covers make and move on:
//! every action of `spec/` that names a following waiter, called with no script, is
//! followed by its waiter succeeding after the configured number of polls; and a
//! user's flow (create, wait, describe, stop, wait, terminate, wait) end to end
//! through the typed client.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::time::Duration;

use sigcal_client::CallOptions;
use sigcal_client::waiter::{self, WaitOptions};
use sigcal_fake::FakeServer;

mod support;

const FAST: WaitOptions = WaitOptions {
    min_delay: Duration::from_millis(1),
    max_delay: Duration::from_millis(2),
    max_wait: Duration::from_secs(5),
};

#[tokio::test]
async fn every_action_followed_by_a_waiter_reaches_its_state_after_the_set_polls() {
    let mut followed = 0;
    for service in sigcal_client::SERVICES {
        for action in service.actions {
            let Some(follow) = action.then_wait else {
                continue;
            };
            let waiter = service.waiter(follow.waiter).unwrap();
            let polled = service.action(waiter.action).unwrap();
            for polls in [0, 3] {
                let server = FakeServer::builder()
                    .polls_until_ready(polls)
                    .start()
                    .await
                    .unwrap();
                let client = server.client();
                let options = CallOptions::default();
                let mut params = support::required_params(service, action);
                // A change needs a resource the server made, in a state it may start from.
                if let Some((resource, step)) = support::lifecycle::step_of(service, action)
                    && step.role != sigcal_client::meta::Role::Create
                {
                    let id = support::lifecycle::ready_for(&client, service, resource, step, polls)
                        .await;
                    support::lifecycle::name(&mut params, step.id, &id, service, action.name);
                }
                let answer = client
                    .send_raw(action.name, params, action.retry_safe, &options)
                    .await
                    .unwrap_or_else(|e| panic!("{}: {e}", action.name))
                    .into_inner();
                let mut inputs = follow.params_from(&answer, polled);
                assert!(
                    !inputs.is_empty(),
                    "{}: the answer names nothing: {answer}",
                    action.name
                );
                client
                    .complete_raw(
                        polled.name,
                        polled
                            .params
                            .iter()
                            .map(|p| p.name)
                            .filter(|n| sigcal_client::protocol::CONFIG_PARAMS.contains(n)),
                        std::iter::empty(),
                        &mut inputs,
                    )
                    .unwrap();
                let waited = waiter::poll_until(
                    waiter.name,
                    FAST,
                    || client.send_raw(polled.name, inputs.clone(), true, &options),
                    |result| waiter.classify(result),
                    |_| {},
                )
                .await
                .unwrap_or_else(|e| panic!("{} then {}: {e}", action.name, waiter.name));
                // A move the spec gives no state on the way (`via`) is made at once.
                let on_the_way =
                    support::lifecycle::step_of(service, action).is_none_or(|(_, step)| {
                        step.via.is_some() || step.role == sigcal_client::meta::Role::Delete
                    });
                assert_eq!(
                    waited.polls,
                    if on_the_way { polls.max(1) } else { 1 },
                    "{} then {}",
                    action.name,
                    waiter.name
                );
            }
            followed += 1;
        }
    }
    assert!(
        followed >= 18,
        "only {followed} actions name a following waiter"
    );
}

#[tokio::test]
async fn create_wait_describe_stop_terminate_through_the_typed_client() {
    use sigcal_client::uhost::{DescribeUHostInstanceResponse, UHostClient};
    let server = FakeServer::builder()
        .polls_until_ready(2)
        .start()
        .await
        .unwrap();
    let uhost = UHostClient::new(server.client());
    let created = uhost
        .create_uhost_instance("uimage-1", "Password")
        .password("cGFzc3dvcmQ=")
        .send()
        .await
        .unwrap();
    let ids = created.uhost_ids.clone();
    assert_eq!(ids.len(), 1);
    assert!(
        ids[0].starts_with("uhost-") || ids[0].contains("-fake"),
        "{ids:?}"
    );

    let states = |answer: &DescribeUHostInstanceResponse| -> Vec<String> {
        answer
            .uhost_set
            .iter()
            .map(|h| h.state.clone().unwrap_or_default())
            .collect()
    };
    // Before the wait: listed, on its way.
    let before = uhost
        .describe_uhost_instance()
        .uhost_ids(ids[0].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(states(&before), ["Initializing"]);

    let waited = created
        .wait_until_uhost_instance_running(&uhost)
        .delays(FAST.min_delay, FAST.max_delay)
        .wait()
        .await
        .unwrap();
    assert_eq!(waited.polls, 1, "the describe above was the first poll");
    let running = uhost
        .describe_uhost_instance()
        .uhost_ids(ids[0].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(states(&running), ["Running"]);
    assert_eq!(
        running.uhost_set[0].uhost_id.as_deref(),
        Some(ids[0].as_str())
    );

    let stopped = uhost
        .stop_uhost_instance(ids[0].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        stopped.uhost_id.as_deref(),
        Some(ids[0].as_str()),
        "the id asked for is echoed"
    );
    let waited = stopped
        .wait_until_uhost_instance_stopped(&uhost)
        .delays(FAST.min_delay, FAST.max_delay)
        .wait()
        .await
        .unwrap();
    assert_eq!(waited.polls, 2);

    let terminated = uhost
        .terminate_uhost_instance(ids[0].clone())
        .send()
        .await
        .unwrap();
    terminated
        .wait_until_uhost_instance_gone(&uhost)
        .delays(FAST.min_delay, FAST.max_delay)
        .wait()
        .await
        .unwrap();
    let all = uhost.describe_uhost_instance().send().await.unwrap();
    assert!(all.uhost_set.is_empty(), "{:?}", states(&all));
    // Every describe was answered from state, and the log saw each call.
    assert!(server.requests_for("DescribeUHostInstance").len() >= 6);
}

#[tokio::test]
async fn the_fake_keeps_a_bounded_number_of_resources_and_says_so_when_full() {
    let server = FakeServer::builder()
        .max_resources_per_kind(3)
        .start()
        .await
        .unwrap();
    let uhost = sigcal_client::uhost::UHostClient::new(server.client());
    let create = || uhost.create_uhost_instance("uimage-1", "Password").send();
    for _ in 0..3 {
        create().await.unwrap();
    }
    let error = create().await.unwrap_err();
    assert_eq!(
        error.ret_code(),
        Some(sigcal_fake::QUOTA_EXCEEDED),
        "{error}"
    );
    assert!(
        error.to_string().contains(
            "the fake keeps at most 3 UHostInstance resources (listed by DescribeUHostInstance)"
        ),
        "{error}"
    );
    // Another kind is not full.
    sigcal_client::udisk::UDiskClient::new(server.client())
        .create_udisk(40, "disk")
        .send()
        .await
        .unwrap();
}
