//! `WireSerialize`, the `serialize` feature's derive: an answer serialises under the wire
//! names it was decoded from, exactly as serde's derive with the same renames would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a panic is a failed test"
)]

use serde::Serialize;
use sigcal_client::{Decode, OpenEnum, WireSerialize};

#[derive(Debug, Clone, PartialEq, Eq, OpenEnum)]
enum State {
    Running,
    Unknown(String),
}

#[derive(Debug, Default, PartialEq, Decode, WireSerialize)]
struct Disk {
    size: Option<i64>,
    #[wire(rename = "DiskType")]
    kind: Option<String>,
}

#[derive(Debug, Default, PartialEq, Decode, WireSerialize)]
struct Host {
    #[wire(rename = "UHostId")]
    host_id: Option<String>,
    name: Option<String>,
    ratio: Option<f64>,
    disks: Vec<Disk>,
    state: Option<State>,
    extra: Option<serde_json::Value>,
}

/// The same shape through serde's own derive, as the generator wrote it before.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SerdeDisk {
    size: Option<i64>,
    #[serde(rename = "DiskType")]
    kind: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SerdeHost {
    #[serde(rename = "UHostId")]
    host_id: Option<String>,
    name: Option<String>,
    ratio: Option<f64>,
    disks: Vec<SerdeDisk>,
    state: Option<String>,
    extra: Option<serde_json::Value>,
}

#[test]
fn hand_written_answers_serialise_as_serde_derive_would() {
    let host = Host {
        host_id: Some("uhost-1".into()),
        name: None,
        ratio: Some(0.5),
        disks: vec![Disk {
            size: Some(20),
            kind: None,
        }],
        state: Some(State::Unknown("Rebooting".into())),
        extra: Some(serde_json::json!({"a": [1, 2]})),
    };
    let serde_host = SerdeHost {
        host_id: Some("uhost-1".into()),
        name: None,
        ratio: Some(0.5),
        disks: vec![SerdeDisk {
            size: Some(20),
            kind: None,
        }],
        state: Some("Rebooting".into()),
        extra: Some(serde_json::json!({"a": [1, 2]})),
    };
    assert_eq!(
        serde_json::to_string(&host).unwrap(),
        serde_json::to_string(&serde_host).unwrap(),
        "same keys, same order, unset options as null"
    );
    let back: Host = serde_json::from_str(&serde_json::to_string(&host).unwrap()).unwrap();
    assert_eq!(back, host);
}

#[test]
fn generated_answers_round_trip_under_their_wire_names() {
    use sigcal_client::uphost::{CreatePHostResponse, DescribePHostImageResponse};
    let text = r#"{"TotalCount": 2, "ImageSet": [
        {"ImageId": "pimg-1", "ImageType": "Base", "Support": ["x"]},
        {"ImageId": "pimg-2", "ImageSize": "40"}
    ]}"#;
    let answer: DescribePHostImageResponse = serde_json::from_str(text).unwrap();
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(json["TotalCount"], 2);
    assert_eq!(
        json["ImageSet"][1]["ImageSize"], 40,
        "read leniently, written as a number"
    );
    let again: DescribePHostImageResponse = serde_json::from_value(json).unwrap();
    assert_eq!(again, answer);

    let created: CreatePHostResponse = serde_json::from_str(r#"{"PHostId": ["phost-1"]}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&created).unwrap(),
        serde_json::json!({"PHostId": ["phost-1"]}),
        "a renamed field keeps its wire name"
    );
}
