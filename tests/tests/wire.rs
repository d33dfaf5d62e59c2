//! Derived request structs produce the documented flat maps and signatures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use sigcal_client::{Params, Request, WireModel, signer};

#[derive(Debug, Default, sigcal_client::WireModel)]
struct Eip {
    #[wire(rename = "Bandwidth")]
    bandwidth: Option<i64>,
    #[wire(rename = "PayMode")]
    pay_mode: Option<String>,
}

#[derive(Debug, Default, sigcal_client::WireModel)]
struct NetworkInterface {
    #[wire(rename = "EIP")]
    eip: Option<Eip>,
}

#[derive(Debug, Default, sigcal_client::WireModel)]
struct Disk {
    size: Option<i64>,
    #[wire(rename = "IsBoot")]
    is_boot: Option<bool>,
}

#[derive(Debug, Default, sigcal_client::Request)]
#[request(action = "CreatePHost", response = (), retry_safe = false)]
struct CreatePHost {
    #[wire(required)]
    region: Option<String>,
    #[wire(rename = "Ids")]
    ids: Vec<String>,
    disks: Vec<Disk>,
    #[wire(rename = "NetworkInterface")]
    network_interface: Vec<NetworkInterface>,
    #[wire(rename = "Price")]
    price: Option<f64>,
    #[wire(rename = "Tiny")]
    tiny: Option<f64>,
    #[wire(rename = "Name")]
    name: String,
    #[wire(skip)]
    #[allow(dead_code, reason = "proves a skipped field is not sent")]
    local_note: String,
}

fn flat(request: &impl Request) -> Vec<(String, String)> {
    let mut params = Params::new();
    request.write_params(&mut params);
    params.into_iter().collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn scalars_arrays_models_bools_and_floats() {
    let request = CreatePHost {
        region: Some("cn-bj2".into()),
        ids: vec!["a".into(), "b".into()],
        disks: vec![
            Disk {
                size: Some(100),
                is_boot: Some(true),
            },
            Disk {
                size: Some(200),
                is_boot: Some(false),
            },
        ],
        network_interface: vec![NetworkInterface {
            eip: Some(Eip {
                bandwidth: Some(10),
                pay_mode: Some("Bandwidth".into()),
            }),
        }],
        price: Some(42.0),
        tiny: Some(0.00001),
        name: String::new(),
        local_note: "never sent".into(),
    };
    assert_eq!(
        flat(&request),
        pairs(&[
            ("Disks.0.IsBoot", "true"),
            ("Disks.0.Size", "100"),
            ("Disks.1.IsBoot", "false"),
            ("Disks.1.Size", "200"),
            ("Ids.0", "a"),
            ("Ids.1", "b"),
            ("NetworkInterface.0.EIP.Bandwidth", "10"),
            ("NetworkInterface.0.EIP.PayMode", "Bandwidth"),
            ("Price", "42"),
            ("Region", "cn-bj2"),
            ("Tiny", "0.00001"),
        ])
    );
    assert_eq!(CreatePHost::ACTION, "CreatePHost");
    const { assert!(!CreatePHost::RETRY_SAFE) };
    assert_eq!(CreatePHost::REQUIRED, ["Region"]);
    assert_eq!(CreatePHost::FROM_CONFIG, ["Region"]);
}

#[test]
fn twelve_elements_sort_bytewise_in_the_string_to_sign() {
    let request = CreatePHost {
        ids: (0..12).map(|i| format!("id{i}")).collect(),
        ..Default::default()
    };
    let mut params = Params::new();
    request.write_params(&mut params);
    let keys: Vec<&str> = params.keys().collect();
    assert_eq!(
        keys,
        [
            "Ids.0", "Ids.1", "Ids.10", "Ids.11", "Ids.2", "Ids.3", "Ids.4", "Ids.5", "Ids.6",
            "Ids.7", "Ids.8", "Ids.9"
        ]
    );
    let to_sign = signer::string_to_sign(&params, "k");
    assert!(
        to_sign.starts_with("Ids.0id0Ids.1id1Ids.10id10Ids.11id11Ids.2id2"),
        "{to_sign}"
    );
}

#[test]
fn unicode_and_reserved_characters_are_signed_raw() {
    let request = CreatePHost {
        name: "主机 & a=b+c%20".into(),
        ..Default::default()
    };
    let mut params = Params::new();
    request.write_params(&mut params);
    assert_eq!(signer::string_to_sign(&params, "k"), "Name主机 & a=b+c%20k");
}

/// The documented vector of the protocol reference, through a derived struct.
#[derive(Debug, Default, sigcal_client::Request)]
#[request(action = "DescribeUHostInstance", response = ())]
struct DescribeUHostInstance {
    region: Option<String>,
    limit: Option<i64>,
}

#[test]
fn derived_structs_sign_to_the_documented_signature() {
    let request = DescribeUHostInstance {
        region: Some("cn-bj2".into()),
        limit: Some(10),
    };
    let mut params = Params::new();
    request.write_params(&mut params);
    params.insert("Action", DescribeUHostInstance::ACTION);
    params.insert("PublicKey", sigcal_tests::PUBLIC_KEY);
    assert_eq!(
        signer::sign(&params, sigcal_tests::PRIVATE_KEY),
        "cba5cf5ec4d4233d206b1b54951e3787350a642f"
    );
    const {
        assert!(
            DescribeUHostInstance::RETRY_SAFE,
            "Describe is inferred safe"
        )
    };
}

#[test]
fn models_write_under_any_prefix() {
    let mut params = Params::new();
    Disk {
        size: Some(1),
        is_boot: None,
    }
    .write_fields("Disks.3", &mut params);
    assert_eq!(
        params.into_iter().collect::<Vec<_>>(),
        pairs(&[("Disks.3.Size", "1")])
    );
}
