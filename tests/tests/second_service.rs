//! A second service, UHost, added the way the README says: its spec imported into
//! `spec/uhost.yaml`, `cargo codegen generate`, nothing else. Its client calls the fake
//! server, which answers with data that fits the documented types.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use futures_util::TryStreamExt as _;
use sigcal_client::uhost::{
    CreateUHostInstanceParamDisks, CreateUHostInstanceParamNetworkInterface,
    CreateUHostInstanceParamNetworkInterfaceEIP, PayMode, UHostClient,
};
use sigcal_fake::FakeServer;

#[tokio::test]
async fn the_fake_serves_every_compiled_in_service() {
    let server = FakeServer::start().await.unwrap();
    let names: Vec<&str> = server.services().iter().map(|s| s.name).collect();
    assert!(
        names.contains(&"UHost") && names.contains(&"UPHost"),
        "{names:?}"
    );
}

#[tokio::test]
async fn a_paginated_list_pages_through_the_fake() {
    let server = FakeServer::start().await.unwrap();
    let uhost = UHostClient::new(server.client());
    let whole = uhost
        .describe_uhost_instance()
        .limit(100)
        .send()
        .await
        .unwrap();
    let total = whole.total_count.unwrap();
    assert!(
        total >= 1 && whole.uhost_set.len() as i64 == total,
        "{whole:?}"
    );
    let paged: Vec<_> = uhost
        .describe_uhost_instance()
        .limit(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(paged, whole.uhost_set, "one page at a time, the same hosts");
    assert_eq!(server.request_count(), 1 + total as u64);
}

#[tokio::test]
async fn nested_request_models_with_booleans_reach_the_server_intact() {
    let server = FakeServer::start().await.unwrap();
    let uhost = UHostClient::new(server.client());
    // Required model fields are constructor arguments: a disk without a size does
    // not compile.
    let mut system = CreateUHostInstanceParamDisks::new("True", "CLOUD_SSD", 40);
    system.encrypted = Some(false);
    let data = CreateUHostInstanceParamDisks::new("False", "CLOUD_RSSD", 100);
    let network = CreateUHostInstanceParamNetworkInterface {
        eip: Some(CreateUHostInstanceParamNetworkInterfaceEIP {
            bandwidth: Some(10),
            pay_mode: Some(PayMode::Bandwidth),
            ..Default::default()
        }),
        ..Default::default()
    };
    let request = uhost
        .create_uhost_instance("uimage-1", "Password")
        .password("cGFzc3dvcmQ=")
        .disks(system)
        .disks(data)
        .network_interface(network)
        .hotplug_feature(true)
        .into_request();
    let signed = server.client().signed_params(&request).await.unwrap();
    for (key, value) in [
        ("Disks.0.IsBoot", "True"),
        ("Disks.0.Size", "40"),
        ("Disks.0.Encrypted", "false"),
        ("Disks.1.Type", "CLOUD_RSSD"),
        ("NetworkInterface.0.EIP.Bandwidth", "10"),
        ("NetworkInterface.0.EIP.PayMode", "Bandwidth"),
        ("HotplugFeature", "true"),
    ] {
        assert_eq!(signed.get(key), Some(value), "{key}");
    }
    // The fake validates every key against the spec's metadata (RetCode 230 otherwise)
    // and answers with lists where the spec documents lists.
    let answer = uhost.send(request).await.unwrap();
    assert_eq!(answer.uhost_ids.len(), 1);
}

#[tokio::test]
async fn the_fake_rejects_what_the_spec_does_not_allow() {
    let server = FakeServer::start().await.unwrap();
    let mut params = sigcal_client::Params::new();
    params.insert("Region", "cn-bj2");
    params.insert("Zone", "cn-bj2-05");
    params.insert("ImageId", "uimage-1");
    params.insert("LoginMode", "Password");
    params.insert("Disks.0.Size", "forty");
    let error = server
        .client()
        .send_raw("CreateUHostInstance", params, false, &Default::default())
        .await
        .expect_err("Size is an int");
    assert_eq!(error.ret_code(), Some(230), "{error}");
    assert!(error.to_string().contains("Disks.0.Size"), "{error}");
}

/// Floats and booleans both ways, in two more services: a float parameter
/// (UEC's `CpuCore`) and a boolean one (UMem's `HighPerformance`) go out in the
/// API's text form, and float prices come back as `f64`.
#[tokio::test]
async fn floats_and_booleans_go_out_and_come_back() {
    let server = FakeServer::start().await.unwrap();
    let uec = sigcal_client::uec::UECClient::new(server.client());
    let request = uec.get_uec_pod_price("idc-1").cpu_core(1.5).into_request();
    let signed = server.client().signed_params(&request).await.unwrap();
    assert_eq!(signed.get("CpuCore"), Some("1.5"));
    let price = uec.send(request).await.unwrap();
    assert!(price.holder_price.is_some_and(f64::is_finite), "{price:?}");

    let umem = sigcal_client::umem::UMemClient::new(server.client());
    let request = umem
        .describe_uredis_upgrade_price(2, "redis-1")
        .high_performance(true)
        .into_request();
    let signed = server.client().signed_params(&request).await.unwrap();
    assert_eq!(signed.get("HighPerformance"), Some("true"));
    assert_eq!(signed.get("Size"), Some("2"));
    let price = umem.send(request).await.unwrap();
    assert!(price.price.is_some_and(f64::is_finite), "{price:?}");
}
