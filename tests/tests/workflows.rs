//! Ordinary workflows against the unscripted fake, through the typed client, as a user
//! writes them: what is created is there with what was given, changes show, states
//! move, deletes are gone, and an id never made is refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::time::Duration;

use sigcal_client::waiter::WaitOptions;
use sigcal_fake::FakeServer;

const FAST: WaitOptions = WaitOptions {
    min_delay: Duration::from_millis(1),
    max_delay: Duration::from_millis(2),
    max_wait: Duration::from_secs(5),
};

#[tokio::test]
async fn a_redis_group_is_created_runs_is_renamed_and_deleted() {
    use sigcal_client::umem::UMemClient;
    let server = FakeServer::start().await.unwrap();
    let umem = UMemClient::new(server.client());
    let created = umem
        .create_uredis_group("cache", "secret-password")
        .send()
        .await
        .unwrap();
    let id = created.group_id.clone().unwrap();
    created
        .wait_until_uredis_group_running(&umem)
        .delays(FAST.min_delay, FAST.max_delay)
        .wait()
        .await
        .unwrap();
    let describe = || umem.describe_uredis_group().group_id(id.clone()).send();
    let group = &describe().await.unwrap().data_set[0];
    assert_eq!(group.name.as_deref(), Some("cache"));
    assert_eq!(group.state.as_deref(), Some("Running"));

    umem.modify_uredis_group_name(id.clone(), "sessions")
        .send()
        .await
        .unwrap();
    let renamed = describe().await.unwrap();
    assert_eq!(renamed.data_set[0].name.as_deref(), Some("sessions"));

    umem.delete_uredis_group(id.clone()).send().await.unwrap();
    // Gone after the polls of its deletion.
    let mut listed = usize::MAX;
    for _ in 0..=sigcal_fake::DEFAULT_POLLS_UNTIL_READY {
        listed = describe().await.unwrap().data_set.len();
    }
    assert_eq!(listed, 0);
    let refused = umem
        .modify_uredis_group_name(id.clone(), "again")
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.ret_code(), Some(sigcal_fake::RESOURCE_NOT_FOUND));
    assert!(refused.to_string().contains(&id), "{refused}");
}

#[tokio::test]
async fn a_host_keeps_its_inputs_stops_resizes_and_starts() {
    use sigcal_client::uhost::UHostClient;
    let server = FakeServer::builder()
        .polls_until_ready(0)
        .start()
        .await
        .unwrap();
    let uhost = UHostClient::new(server.client());
    let created = uhost
        .create_uhost_instance("uimage-base", "Password")
        .password("cGFzc3dvcmQ=")
        .cpu(2)
        .memory(4096)
        .name("web")
        .send()
        .await
        .unwrap();
    let id = created.uhost_ids[0].clone();
    let describe = || uhost.describe_uhost_instance().uhost_ids(id.clone()).send();
    let host = describe().await.unwrap().uhost_set[0].clone();
    assert_eq!(host.uhost_id.as_deref(), Some(id.as_str()));
    assert_eq!(host.cpu, Some(2));
    assert_eq!(host.memory, Some(4096));
    assert_eq!(host.name.as_deref(), Some("web"));
    assert_eq!(host.image_id.as_deref(), Some("uimage-base"));
    assert_eq!(host.state.as_deref(), Some("Running"));

    // Resizing a running host is refused, naming it and its state.
    let refused = uhost
        .resize_uhost_instance(id.clone())
        .memory(8192)
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.ret_code(), Some(sigcal_fake::WRONG_STATE));
    assert!(refused.to_string().contains("is Running"), "{refused}");

    uhost.stop_uhost_instance(id.clone()).send().await.unwrap();
    assert_eq!(
        describe().await.unwrap().uhost_set[0].state.as_deref(),
        Some("Stopped")
    );
    uhost
        .resize_uhost_instance(id.clone())
        .cpu(4)
        .memory(8192)
        .send()
        .await
        .unwrap();
    uhost.start_uhost_instance(id.clone()).send().await.unwrap();
    let host = describe().await.unwrap().uhost_set[0].clone();
    assert_eq!(
        (host.cpu, host.memory, host.state.as_deref()),
        (Some(4), Some(8192), Some("Running"))
    );
    // Starting it again: it is not stopped.
    let refused = uhost
        .start_uhost_instance(id.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.ret_code(), Some(sigcal_fake::WRONG_STATE));
}

#[tokio::test]
async fn a_shared_bandwidth_is_described_by_the_id_it_was_given() {
    use sigcal_client::unet::UNetClient;
    let server = FakeServer::start().await.unwrap();
    let unet = UNetClient::new(server.client());
    let made = unet
        .allocate_share_bandwidth("office", "Month", 20)
        .send()
        .await
        .unwrap();
    let id = made.share_bandwidth_id.clone().unwrap();
    let listed = unet
        .describe_share_bandwidth()
        .share_bandwidth_ids(id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(listed.data_set.len(), 1);
    assert_eq!(
        listed.data_set[0].share_bandwidth_id.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(listed.data_set[0].name.as_deref(), Some("office"));
    assert_eq!(listed.total_count, Some(1));
    // Another one: two listed, each once.
    unet.allocate_share_bandwidth("lab", "Month", 10)
        .send()
        .await
        .unwrap();
    let all = unet.describe_share_bandwidth().send().await.unwrap();
    assert_eq!(all.data_set.len(), 2);
}

#[tokio::test]
async fn a_database_stops_and_a_disk_clone_becomes_available() {
    use sigcal_client::udb::UDBClient;
    use sigcal_client::udisk::UDiskClient;
    // The second describe after a move shows where it went; the first, the way.
    let server = FakeServer::builder()
        .polls_until_ready(2)
        .start()
        .await
        .unwrap();
    let udb = UDBClient::new(server.client());
    let made = udb
        .create_udb_instance("orders", "secret", "mysql-8.0", 3306, 20, 1000)
        .send()
        .await
        .unwrap();
    let id = made.db_id.clone().unwrap();
    let state = || async {
        udb.describe_udb_instance()
            .class_type("sql")
            .db_id(id.clone())
            .send()
            .await
            .unwrap()
            .data_set[0]
            .state
            .clone()
    };
    assert_eq!(state().await.as_deref(), Some("Init"));
    assert_eq!(state().await.as_deref(), Some("Running"));
    udb.stop_udb_instance(id.clone()).send().await.unwrap();
    assert_eq!(state().await.as_deref(), Some("Shutdown"));
    assert_eq!(state().await.as_deref(), Some("Shutoff"));

    let udisk = UDiskClient::new(server.client());
    let disk = udisk.create_udisk(40, "data").send().await.unwrap();
    let source = disk.udisk_id[0].clone();
    let clone = udisk.clone_udisk("copy", source).send().await.unwrap();
    let copy = clone.udisk_id[0].clone();
    let status = || async {
        udisk
            .describe_udisk()
            .udisk_id(copy.clone())
            .send()
            .await
            .unwrap()
            .data_set[0]
            .status
            .clone()
    };
    assert_eq!(status().await.as_deref(), Some("Cloning"));
    assert_eq!(status().await.as_deref(), Some("Available"));
}

#[tokio::test]
async fn kept_hosts_page_by_offset_and_limit_with_their_total() {
    use sigcal_client::uhost::UHostClient;
    let server = FakeServer::start().await.unwrap();
    let uhost = UHostClient::new(server.client());
    let mut made = Vec::new();
    for n in 0..5 {
        let created = uhost
            .create_uhost_instance("uimage-1", "Password")
            .name(format!("host-{n}"))
            .send()
            .await
            .unwrap();
        made.push(created.uhost_ids[0].clone());
    }
    let page = uhost
        .describe_uhost_instance()
        .offset(2)
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(5));
    let ids: Vec<_> = page
        .uhost_set
        .iter()
        .map(|h| h.uhost_id.clone().unwrap())
        .collect();
    assert_eq!(ids, made[2..4]);
    // The pager walks them all, each once, in the order made.
    use futures_util::TryStreamExt as _;
    let all: Vec<_> = uhost
        .describe_uhost_instance()
        .limit(2)
        .items()
        .map_ok(|h| h.uhost_id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, made);
}
