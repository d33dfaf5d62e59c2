//! `#[derive(Decode)]` on hand-written structs: the field's type as written picks the
//! lenient reader, as it does for generated responses and models.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use sigcal_client::Decode;

#[derive(Debug, Default, PartialEq, Decode)]
struct Disk {
    size: Option<i64>,
    #[wire(rename = "DiskType")]
    kind: Option<String>,
}

#[derive(Debug, Default, PartialEq, Decode)]
struct Answer {
    count: Option<i64>,
    ratio: Option<f64>,
    enabled: Option<bool>,
    names: Vec<String>,
    grid: Vec<Vec<i64>>,
    disk: Option<Disk>,
    disks: Vec<Disk>,
    extra: Option<serde_json::Value>,
    #[wire(rename = "UHostID", alias = "UHostId")]
    host_id: Option<String>,
    #[wire(skip)]
    local: Option<String>,
}

#[test]
fn each_field_type_decodes_leniently() {
    let answer: Answer = serde_json::from_str(
        r#"{
            "Count": "42", "Ratio": "1.5", "Enabled": "true",
            "Names": null, "Grid": [["1", 2]],
            "Disk": "not an object",
            "Disks": [{"Size": "20", "DiskType": "SSD"}, "broken", {"Size": 40}],
            "Extra": {"Any": ["shape"]},
            "UHostId": "uhost-1",
            "Local": "never read", "Unknown": {"deep": [1, 2, 3]}
        }"#,
    )
    .unwrap();
    assert_eq!(
        answer,
        Answer {
            count: Some(42),
            ratio: Some(1.5),
            enabled: Some(true),
            names: Vec::new(),
            grid: vec![vec![1, 2]],
            disk: None,
            disks: vec![
                Disk {
                    size: Some(20),
                    kind: Some("SSD".into())
                },
                Disk {
                    size: Some(40),
                    kind: None
                },
            ],
            extra: Some(serde_json::json!({"Any": ["shape"]})),
            host_id: Some("uhost-1".into()),
            local: None,
        }
    );
}

#[test]
fn the_wire_name_is_read_as_well_as_the_alias() {
    let answer: Answer = serde_json::from_str(r#"{"UHostID": "uhost-2", "Extra": null}"#).unwrap();
    assert_eq!(answer.host_id.as_deref(), Some("uhost-2"));
    assert_eq!(answer.extra, None);
}

#[test]
fn a_wrong_value_inside_a_model_fails_with_its_path() {
    let error = serde_json::from_str::<Answer>(r#"{"Disk": {"Size": "twenty"}}"#).unwrap_err();
    assert!(error.to_string().contains("twenty"), "{error}");
}

#[derive(Debug, Clone, PartialEq, sigcal_client::OpenEnum)]
enum ChargeType {
    Month,
    #[wire(rename = "Dynamic-Hour")]
    DynamicHour,
    Other(String),
}

#[derive(Debug, Default, PartialEq, Decode)]
struct Priced {
    charge_type: Option<ChargeType>,
    charge_types: Vec<ChargeType>,
}

#[test]
fn an_open_enum_keeps_documented_renamed_and_unknown_values() {
    let priced: Priced = serde_json::from_str(
        r#"{"ChargeType": "Dynamic-Hour", "ChargeTypes": ["Month", "Spot", 7]}"#,
    )
    .unwrap();
    assert_eq!(priced.charge_type, Some(ChargeType::DynamicHour));
    assert_eq!(
        priced.charge_types,
        [
            ChargeType::Month,
            ChargeType::Other("Spot".into()),
            ChargeType::Other("7".into())
        ]
    );
    assert_eq!(ChargeType::DynamicHour.as_str(), "Dynamic-Hour");
    assert_eq!(ChargeType::from("Year"), ChargeType::Other("Year".into()));
    assert_eq!(
        serde_json::to_string(&ChargeType::Other("Year".into())).unwrap(),
        r#""Year""#
    );

    let mut params = sigcal_client::Params::new();
    sigcal_client::WireValue::write_wire(&ChargeType::DynamicHour, "ChargeType", &mut params);
    assert_eq!(
        params.iter().collect::<Vec<_>>(),
        [("ChargeType", "Dynamic-Hour")]
    );
}
