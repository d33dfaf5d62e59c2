//! Every waiter of `spec/`, driven against the scripted fake through its success state,
//! its failure state (where it has one) and the maximum wait, with short delays.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::time::Duration;

use serde_json::{Value, json};
use sigcal_client::Request;
use sigcal_client::waiter::{WaitError, Waiter};
use sigcal_fake::{FakeServer, Reply};

const MIN: Duration = Duration::from_millis(1);
const MAX: Duration = Duration::from_millis(4);
/// Long enough that a loaded machine still answers the first poll inside it (a poll
/// unanswered at the maximum wait is dropped, and the case wants the last answer): at
/// 30 ms, a busy 2-core run timed out before the first answer now and then.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// An answer listing one resource in `state` (or none).
fn listing(list: &str, field: &str, state: Option<&str>) -> Reply {
    let items: Vec<Value> = state.map(|s| json!({ field: s })).into_iter().collect();
    Reply::answer(json!({ list: items }))
}

fn listing_json(list: &str, field: &str, state: Option<&str>) -> Value {
    let items: Vec<Value> = state.map(|s| json!({ field: s })).into_iter().collect();
    json!({ "RetCode": 0, "Action": "", list: items })
}

/// The generated `classify` of `W` and its metadata twin decide alike on `answer`, and
/// on an error RetCode.
fn twins_agree<W: Waiter>(action: &str, answer: &Value) {
    let meta = sigcal_client::SERVICES
        .iter()
        .flat_map(|service| service.waiters)
        .find(|waiter| waiter.name == W::NAME)
        .unwrap_or_else(|| panic!("{} is not in the metadata", W::NAME));
    assert_eq!(meta.action, action);
    let typed: <W::Request as Request>::Response = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(
        meta.classify(Ok(answer)),
        W::classify(Ok(&typed)),
        "{} on {answer}",
        W::NAME
    );
    let gone = sigcal_client::Error::Api {
        ret_code: 8039,
        message: "gone".into(),
        action: action.to_owned(),
        request_id: None,
        status: 200,
    };
    assert_eq!(
        meta.classify(Err(&gone)),
        W::classify(Err(&gone)),
        "{}",
        W::NAME
    );
}

async fn fake(action: &str, replies: Vec<Reply>) -> FakeServer {
    FakeServer::builder()
        .script(action, replies)
        .start()
        .await
        .unwrap()
}

/// One waiter: `$client::new(..).$method($id)` polls `$action`, whose `$list[].$field`
/// holds the state; `$pending` is not yet there, `$done` is, `$failed` (if any) ends
/// the wait. `None` for `$done` means "the list is empty".
macro_rules! waiter_cases {
    ($($test:ident: $client:path, $method:ident($id:expr), $waiter:ty, $action:literal, $list:literal, $field:literal,
        pending $pending:expr, done $done:expr, failed $failed:expr;)*) => {$(
        #[tokio::test]
        async fn $test() {
            use $client as Client;
            let pending: Option<&str> = $pending;
            let done: Option<&str> = $done;
            let failed: Option<&str> = $failed;

            // The metadata's acceptors (what `sigcal <service> wait` runs) decide as
            // the generated ones do, on every state of the case.
            for state in [pending, done, failed, Some("SomethingUndocumented")] {
                twins_agree::<$waiter>($action, &listing_json($list, $field, state));
            }

            // Success after a pending poll.
            let server = fake($action, vec![
                listing($list, $field, pending),
                listing($list, $field, done),
            ]).await;
            let waited = Client::new(server.client()).$method($id).delays(MIN, MAX).wait().await
                .unwrap_or_else(|e| panic!("{}: {e}", stringify!($method)));
            assert_eq!(waited.polls, 2, "{}", stringify!($method));
            assert_eq!(server.requests_for($action).len(), 2);

            // A failure state ends the wait at once.
            if let Some(failed) = failed {
                let server = fake($action, vec![
                    listing($list, $field, pending),
                    listing($list, $field, Some(failed)),
                    listing($list, $field, done),
                ]).await;
                let error = Client::new(server.client()).$method($id).delays(MIN, MAX).wait().await
                    .unwrap_err();
                assert!(
                    matches!(&error, WaitError::Failed { acceptor, polls: 2, .. } if acceptor.contains(failed)),
                    "{}: {error:?}", stringify!($method)
                );
            }

            // Never there: the maximum wait ends it with the last answer.
            let server = fake($action, vec![listing($list, $field, pending)]).await;
            let error = Client::new(server.client()).$method($id).delays(MIN, MAX).max_wait(MAX_WAIT)
                .wait().await.unwrap_err();
            assert!(
                matches!(&error, WaitError::TimedOut { last: Some(_), .. }),
                "{}: {error:?}", stringify!($method)
            );
        }
    )*};
}

waiter_cases! {
    uhost_instance_running: sigcal_client::uhost::UHostClient, wait_until_uhost_instance_running(["uhost-1"]), sigcal_client::uhost::UHostInstanceRunningWaiter,
        "DescribeUHostInstance", "UHostSet", "State",
        pending Some("Initializing"), done Some("Running"), failed Some("Install Fail");
    uhost_instance_stopped: sigcal_client::uhost::UHostClient, wait_until_uhost_instance_stopped(["uhost-1"]), sigcal_client::uhost::UHostInstanceStoppedWaiter,
        "DescribeUHostInstance", "UHostSet", "State",
        pending Some("Stopping"), done Some("Stopped"), failed Some("Install Fail");
    uhost_instance_gone: sigcal_client::uhost::UHostClient, wait_until_uhost_instance_gone(["uhost-1"]), sigcal_client::uhost::UHostInstanceGoneWaiter,
        "DescribeUHostInstance", "UHostSet", "State",
        pending Some("Stopped"), done None, failed None;
    phost_running: sigcal_client::uphost::UPHostClient, wait_until_phost_running(["uphost-1"]), sigcal_client::uphost::PHostRunningWaiter,
        "DescribePHost", "PHostSet", "PMStatus",
        pending Some("Starting"), done Some("Running"), failed Some("InstallFailed");
    phost_stopped: sigcal_client::uphost::UPHostClient, wait_until_phost_stopped(["uphost-1"]), sigcal_client::uphost::PHostStoppedWaiter,
        "DescribePHost", "PHostSet", "PMStatus",
        pending Some("Stopping"), done Some("Stopped"), failed Some("InstallFailed");
    udisk_available: sigcal_client::udisk::UDiskClient, wait_until_udisk_available("bsm-1"), sigcal_client::udisk::UDiskAvailableWaiter,
        "DescribeUDisk", "DataSet", "Status",
        pending Some("Initializating"), done Some("Available"), failed Some("Failed");
    udisk_in_use: sigcal_client::udisk::UDiskClient, wait_until_udisk_in_use("bsm-1"), sigcal_client::udisk::UDiskInUseWaiter,
        "DescribeUDisk", "DataSet", "Status",
        pending Some("Attaching"), done Some("InUse"), failed Some("Failed");
    udb_instance_running: sigcal_client::udb::UDBClient, wait_until_udb_instance_running("udb-1"), sigcal_client::udb::UDBInstanceRunningWaiter,
        "DescribeUDBInstance", "DataSet", "State",
        pending Some("Init"), done Some("Running"), failed Some("Recover fail");
    udb_instance_stopped: sigcal_client::udb::UDBClient, wait_until_udb_instance_stopped("udb-1"), sigcal_client::udb::UDBInstanceStoppedWaiter,
        "DescribeUDBInstance", "DataSet", "State",
        pending Some("Shutdown"), done Some("Shutoff"), failed Some("Fail");
    uredis_group_running: sigcal_client::umem::UMemClient, wait_until_uredis_group_running("uredis-1"), sigcal_client::umem::URedisGroupRunningWaiter,
        "DescribeURedisGroup", "DataSet", "State",
        pending Some("Creating"), done Some("Running"), failed Some("CreateFail");
    umemcache_group_running: sigcal_client::umem::UMemClient, wait_until_umemcache_group_running("umemcache-1"), sigcal_client::umem::UMemcacheGroupRunningWaiter,
        "DescribeUMemcacheGroup", "DataSet", "State",
        pending Some("Creating"), done Some("Running"), failed Some("CreateFail");
    load_balancer_normal: sigcal_client::ulb::ULBClient, wait_until_load_balancer_normal(["ulb-1"]), sigcal_client::ulb::LoadBalancerNormalWaiter,
        "DescribeLoadBalancers", "LoadBalancers", "Status",
        pending None, done Some("Normal"), failed Some("Arrears");
    eip_bound: sigcal_client::unet::UNetClient, wait_until_eip_bound(["eip-1"]), sigcal_client::unet::EIPBoundWaiter,
        "DescribeEIP", "EIPSet", "Status",
        pending Some("free"), done Some("used"), failed Some("freeze");
    eip_free: sigcal_client::unet::UNetClient, wait_until_eip_free(["eip-1"]), sigcal_client::unet::EIPFreeWaiter,
        "DescribeEIP", "EIPSet", "Status",
        pending Some("used"), done Some("free"), failed Some("freeze");
    uk8s_cluster_running: sigcal_client::uk8s::UK8SClient, wait_until_uk8s_cluster_running("uk8s-1"), sigcal_client::uk8s::UK8SClusterRunningWaiter,
        "ListUK8SClusterV2", "ClusterSet", "Status",
        pending Some("INITIALIZING"), done Some("RUNNING"), failed Some("CREATEFAILED");
}

/// Each waiter of `spec/` is one case above: a waiter added to the spec without a case
/// here fails this count.
#[test]
fn every_waiter_of_the_spec_has_a_case() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut waiters = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let spec =
                sigcal_codegen::Spec::load(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
            waiters += spec.document.waiters.iter().count();
        }
    }
    let cases = include_str!("waiters.rs")
        .matches(concat!("Client", ", wait_until_"))
        .count();
    assert_eq!(waiters, cases);
}
