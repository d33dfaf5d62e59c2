//! UCloudStack, the private cloud, is a service of its own with actions named like the
//! public cloud's (`DescribeEIP`, `AllocateEIP`): the fake server answers such a call as
//! the public cloud's service would, and as UCloudStack's when it serves UCloudStack
//! alone, as a private deployment does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a panic is a failed test"
)]

use sigcal_client::ucloudstack::{self, UCloudStackClient};
use sigcal_client::unet::{self, UNetClient};
use sigcal_fake::FakeServer;

#[tokio::test]
async fn a_shared_action_name_is_the_public_clouds_unless_ucloudstack_is_served_alone() {
    let meta = |service: &'static sigcal_client::meta::ServiceMeta| {
        service
            .action("DescribeEIP")
            .expect("both have DescribeEIP")
    };
    assert!(meta(&unet::SERVICE).from_sdk.is_none());
    assert!(meta(&ucloudstack::SERVICE).from_sdk.is_some());

    let everything = FakeServer::start().await.unwrap();
    let public = UNetClient::new(everything.client())
        .describe_eip()
        .send()
        .await
        .unwrap();
    assert!(!public.eip_set.is_empty(), "UNet's answer: {public:?}");

    let alone = FakeServer::builder()
        .service(&ucloudstack::SERVICE)
        .start()
        .await
        .unwrap();
    let private = UCloudStackClient::new(alone.client())
        .describe_eip()
        .zone("cn-zone-1")
        .send()
        .await
        .unwrap();
    assert!(
        !private.infos.is_empty(),
        "UCloudStack's answer: {private:?}"
    );
    // The public cloud's fake does not know UCloudStack's own answer.
    let mixed = UCloudStackClient::new(everything.client())
        .describe_eip()
        .zone("cn-zone-1")
        .send()
        .await
        .unwrap();
    assert!(mixed.infos.is_empty(), "{mixed:?}");
}
