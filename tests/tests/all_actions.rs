//! Every UPHost action of the spec, called once through the generated client against
//! the fake server, which validates the parameters and answers with the reference
//! page's example. Required parameters are constructor arguments, so this file also
//! proves the generated signatures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use sigcal_client::uphost::{self, UPHostClient};
use sigcal_fake::FakeServer;

#[tokio::test]
async fn every_action_is_callable_end_to_end() {
    // States move at once, so the host's moves below run in a valid order.
    let server = FakeServer::builder()
        .polls_until_ready(0)
        .start()
        .await
        .unwrap();
    let client = UPHostClient::new(server.client());
    let mut called = Vec::new();

    macro_rules! call {
        ($name:literal, $builder:expr) => {{
            let output = $builder
                .send()
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", $name));
            called.push($name);
            output
        }};
    }

    let images = call!("DescribePHostImage", client.describe_phost_image().limit(2));
    assert_eq!(images.image_set.len(), 2);
    let created = call!(
        "CreatePHost",
        client
            .create_phost("pimg-1", "cGFzc3dvcmQ=")
            .name("db-1")
            .disks(uphost::CreatePHostParamDisks {
                size: Some(40),
                is_boot: Some("True".into()),
                ..Default::default()
            })
            .network_interface(uphost::CreatePHostParamNetworkInterface {
                eip: Some(uphost::CreatePHostParamNetworkInterfaceEIP {
                    bandwidth: Some("10".into()),
                    pay_mode: Some(uphost::PayMode::Bandwidth),
                    ..Default::default()
                }),
            })
    );
    assert!(!created.phost_id.is_empty(), "the example answer has ids");
    // The host and image the fake made: changing one it did not make is refused
    // (RetCode 8039), as the API refuses it.
    let host = created.phost_id[0].clone();
    let image = call!(
        "CreatePHostImage",
        client.create_phost_image("phost-1", "image-1")
    )
    .image_id
    .clone()
    .unwrap();
    call!(
        "DescribeBaremetalMachineType",
        client.describe_baremetal_machine_type()
    );
    let hosts = call!(
        "DescribePHost",
        client
            .describe_phost()
            .phost_id(created.phost_id[0].clone())
            .limit(10)
    );
    // The fake keeps the host it made (the resources of the actions a waiter covers).
    assert_eq!(hosts.phost_set.len(), 1);
    assert_eq!(
        hosts.phost_set[0].phost_id.as_ref(),
        Some(&created.phost_id[0])
    );
    call!(
        "DescribePHostMachineType",
        client.describe_phost_machine_type()
    );
    call!("DescribePHostTags", client.describe_phost_tags());
    call!(
        "GetPHostDiskUpgradePrice",
        client
            .get_phost_disk_upgrade_price("phost-1", 100, "disk-1")
            .reinstall_tag(false)
    );
    call!("GetPHostPrice", client.get_phost_price(1, "Month", 1));
    call!(
        "ModifyPHostImageInfo",
        client
            .modify_phost_image_info(image.as_str())
            .name("renamed")
    );
    call!(
        "ModifyPHostInfo",
        client.modify_phost_info(host.as_str()).name("renamed")
    );
    call!("RebootPHost", client.reboot_phost(host.as_str()));
    call!(
        "PoweroffPHost",
        client.poweroff_phost(host.as_str()).project_id("org-1")
    );
    call!(
        "ReinstallPHost",
        client.reinstall_phost(host.as_str(), "cGFzc3dvcmQ=")
    );
    call!(
        "ResetPHostPassword",
        client.reset_phost_password(host.as_str(), "cGFzc3dvcmQ=")
    );
    call!(
        "ResizePHostAttachedDisk",
        client
            .resize_phost_attached_disk()
            .phost_id(host.as_str())
            .disk_space(100)
    );
    call!("StartPHost", client.start_phost(host.as_str()));
    call!("StopPHost", client.stop_phost(host.as_str()));
    // A host the fake did not make is refused, naming it.
    let refused = client.stop_phost("phost-unknown").send().await.unwrap_err();
    assert_eq!(
        refused.ret_code(),
        Some(sigcal_fake::RESOURCE_NOT_FOUND),
        "{refused}"
    );
    assert!(
        refused
            .to_string()
            .contains("`phost-unknown` does not exist"),
        "{refused}"
    );
    call!("TerminatePHost", client.terminate_phost(host.as_str()));
    call!(
        "TerminatePHostImage",
        client.terminate_phost_image(image.as_str())
    );

    let mut expected: Vec<&str> = uphost::SERVICE.actions.iter().map(|a| a.name).collect();
    expected.sort_unstable();
    called.sort_unstable();
    assert_eq!(called, expected, "every action of the spec is called once");
    assert_eq!(expected.len(), 20);
}

/// Where the official SDK spells an action differently from its page, the spec records
/// the SDK's spelling (`sdk_name`); the generated client sends that, which is what
/// production clients send, and the fake server answers both spellings.
#[tokio::test]
async fn the_sdk_spelling_of_an_action_is_what_the_client_sends() {
    use sigcal_client::Request as _;
    assert_eq!(
        uphost::GetPHostDiskUpgradePriceRequest::ACTION,
        "GetPhostDiskUpgradePrice"
    );
    let meta = uphost::SERVICE.action("GetPHostDiskUpgradePrice").unwrap();
    assert_eq!(meta.aliases, ["GetPhostDiskUpgradePrice"]);
    assert!(uphost::SERVICE.action("GetPhostDiskUpgradePrice").is_some());
}

/// A parameter the official SDK spells differently from its page (`DiskId` for the
/// page's `UDiskId`, recorded as the field's `sdk_name`): the generated client sends the
/// SDK's spelling, and the fake server accepts both.
#[tokio::test]
async fn the_sdk_spelling_of_a_parameter_is_what_the_client_sends() {
    use sigcal_client::{Params, Request as _};
    let server = FakeServer::start().await.unwrap();
    let client = UPHostClient::new(server.client());
    let builder = client.get_phost_disk_upgrade_price("phost-1", 100, "disk-1");
    let mut params = Params::new();
    builder.clone().into_request().write_params(&mut params);
    assert_eq!(params.get("DiskId"), Some("disk-1"));
    assert_eq!(params.get("UDiskId"), None);
    builder
        .send()
        .await
        .expect("the fake takes the SDK's spelling");

    let meta = uphost::SERVICE.action("GetPHostDiskUpgradePrice").unwrap();
    let field = meta
        .params
        .iter()
        .find(|f| f.rust_name == "udisk_id")
        .unwrap();
    assert_eq!((field.name, field.page_name), ("DiskId", Some("UDiskId")));
    assert!(field.is_named("DiskId") && field.is_named("UDiskId"));

    let by_page = PageSpelling {
        phost_id: "phost-1".into(),
        disk_space: 100,
        udisk_id: "disk-1".into(),
        ..Default::default()
    };
    server
        .client()
        .send(by_page)
        .await
        .expect("the fake takes the page's spelling too");
}

/// `GetPHostDiskUpgradePrice` written by hand with the page's spelling of the disk.
#[derive(Debug, Clone, Default, sigcal_client::Request)]
#[request(action = "GetPHostDiskUpgradePrice", response = uphost::GetPHostDiskUpgradePriceResponse)]
struct PageSpelling {
    #[wire(required)]
    region: Option<String>,
    #[wire(required)]
    zone: Option<String>,
    #[wire(rename = "PHostId", required)]
    phost_id: String,
    #[wire(required)]
    disk_space: i64,
    #[wire(rename = "UDiskId")]
    udisk_id: String,
}
