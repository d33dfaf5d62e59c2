//! Every fixture spec, expanded by the `generate!` macro front end, compiles under the
//! workspace's lints, and the generated surfaces are usable as documented.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

mod arrays {
    sigcal_macros::generate!("specs/codegen/arrays.yaml");
}
mod keywords_and_colliding_names {
    sigcal_macros::generate!("specs/codegen/keywords_and_colliding_names.yaml");
}
mod nested_models {
    sigcal_macros::generate!("specs/codegen/nested_models.yaml");
}
mod open_enum {
    sigcal_macros::generate!("specs/codegen/open_enum.yaml");
}
mod pagination {
    sigcal_macros::generate!("specs/codegen/pagination.yaml");
}
mod secrets {
    sigcal_macros::generate!("specs/codegen/secrets.yaml");
}
mod scalars_optional_and_required {
    sigcal_macros::generate!("specs/codegen/scalars_optional_and_required.yaml");
}

/// The real UPHost spec, expanded by the macro itself.
mod uphost_by_macro {
    sigcal_macros::generate!("../spec/uphost.yaml");
}

use sigcal_client::{Params, Request as _};

/// The macro front end and `cargo codegen generate` (the checked-in file) agree: the
/// same metadata table, and the same request encodes to the same signed wire form.
#[tokio::test]
async fn the_macro_expands_to_the_checked_in_client() {
    assert_eq!(uphost_by_macro::SERVICE, sigcal_client::uphost::SERVICE);
    let client = sigcal_tests::client_for("http://127.0.0.1:9/", 1);
    let by_macro = uphost_by_macro::UPHostClient::new(client.clone())
        .describe_phost_image()
        .image_type(uphost_by_macro::ImageType::Custom)
        .image_id("pimg-1")
        .limit(5)
        .into_request();
    let checked_in = sigcal_client::uphost::UPHostClient::new(client.clone())
        .describe_phost_image()
        .image_type(sigcal_client::uphost::ImageType::Custom)
        .image_id("pimg-1")
        .limit(5)
        .into_request();
    assert_eq!(
        client.signed_params(&by_macro).await.unwrap(),
        client.signed_params(&checked_in).await.unwrap()
    );
}

fn flat(request: &impl sigcal_client::Request) -> Vec<(String, String)> {
    let mut params = Params::new();
    request.write_params(&mut params);
    params.into_iter().collect()
}

#[test]
fn required_parameters_are_constructor_arguments() {
    let client = scalars_optional_and_required::DemoClient::new(sigcal_tests::client_for(
        "http://127.0.0.1:9/",
        1,
    ));
    let request = client
        .get_thing("widget")
        .count(3)
        .ratio(0.5)
        .verbose(true)
        .into_request();
    assert_eq!(request.name, "widget");
    let pairs = flat(&request);
    assert!(pairs.contains(&("Name".into(), "widget".into())));
    assert!(pairs.contains(&("Ratio".into(), "0.5".into())));
    assert_eq!(
        scalars_optional_and_required::GetThingRequest::REQUIRED,
        ["Zone", "Name"]
    );
    const { assert!(scalars_optional_and_required::GetThingRequest::RETRY_SAFE) };
}

#[test]
fn keywords_are_raw_identifiers_and_overrides_apply() {
    let request = keywords_and_colliding_names::DescribeThingRequest {
        r#type: Some("t".into()),
        self_: Some("s".into()),
        r#async: Some(false),
        image_id_upper: Some("U".into()),
        image_id: Some("l".into()),
    };
    assert_eq!(
        flat(&request),
        [
            ("Async", "false"),
            ("ImageID", "U"),
            ("ImageId", "l"),
            ("Self", "s"),
            ("Type", "t")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
}

#[test]
fn nested_models_flatten_with_indices() {
    use nested_models::{Backup, CreateThingRequest, Disk};
    let request = CreateThingRequest {
        disks: vec![
            Disk {
                size: Some(10),
                backup: Some(Backup { period: Some(7) }),
            },
            Disk {
                size: Some(20),
                backup: None,
            },
        ],
    };
    assert_eq!(
        flat(&request),
        [
            ("Disks.0.Backup.Period", "7"),
            ("Disks.0.Size", "10"),
            ("Disks.1.Size", "20")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    const {
        assert!(
            !CreateThingRequest::RETRY_SAFE,
            "Create is never retried by default"
        )
    };
}

#[test]
fn open_enums_round_trip_unknown_values() {
    use open_enum::Kind;
    for (wire, kind) in [
        ("Base", Kind::Base),
        ("high-speed", Kind::HighSpeed),
        ("25G", Kind::_25G),
        ("Turbo", Kind::Unknown("Turbo".into())),
    ] {
        assert_eq!(Kind::from(wire), kind);
        assert_eq!(kind.as_str(), wire);
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
    }
    let response: open_enum::DescribeThingResponse =
        serde_json::from_str(r#"{"Kinds":["Base","Other"]}"#).unwrap();
    assert_eq!(response.kinds, [Kind::Base, Kind::Unknown("Other".into())]);
}

#[test]
fn arrays_append_one_element_per_call() {
    let client = arrays::DemoClient::new(sigcal_tests::client_for("http://127.0.0.1:9/", 1));
    let request = client
        .describe_things()
        .thing_id("a")
        .thing_id("b")
        .sizes(1)
        .into_request();
    assert_eq!(request.thing_id, ["a", "b"]);
    let response: arrays::DescribeThingsResponse =
        serde_json::from_str(r#"{"Names":[1,"x"]}"#).unwrap();
    assert_eq!(response.names, ["1", "x"]);
}

#[test]
fn pagination_metadata_is_in_the_static_table() {
    let action = pagination::SERVICE.action("ListThings").unwrap();
    let meta = action.pagination.unwrap();
    assert_eq!(
        (meta.offset, meta.limit, meta.total, meta.items),
        ("Offset", "Limit", "TotalCount", "Things")
    );
    assert!(action.retry_safe);
    assert_eq!(
        pagination::SERVICE.model("Thing").unwrap().fields[0].name,
        "Id"
    );
}

#[test]
fn debug_shows_whether_a_secret_is_set_never_its_value() {
    use secrets::{CreateThingRequest, CreateThingResponse, Credentials, KeyPair};
    let request = CreateThingRequest {
        name: "thing-1".into(),
        password: "hunter2-password".into(),
        admin_password: None,
        vnc_password: Some("vnc-shown".into()),
        client_secret_hint: Some("hint-hidden".into()),
        next_token: Some("page-2".into()),
        has_password: Some(true),
        keys: vec![KeyPair::new("pub-shown", "private-hidden")],
    };
    let shown = format!("{request:?}");
    for hidden in ["hunter2-password", "hint-hidden", "private-hidden"] {
        assert!(!shown.contains(hidden), "{hidden} in {shown}");
    }
    for visible in [
        "thing-1",
        "password: <redacted>",
        "admin_password: None",
        "vnc-shown",
        "client_secret_hint: Some(<redacted>)",
        "page-2",
        "has_password: Some(true)",
        "pub-shown",
        "private_key: <redacted>",
    ] {
        assert!(shown.contains(visible), "{visible} not in {shown}");
    }

    let answer: CreateThingResponse = serde_json::from_str(
        r#"{"ThingId":"t-1","Tokens":["tok-a","tok-b"],"Credentials":{"AccessKeyId":"id-shown","AccessKeySecret":"secret-hidden","SecurityToken":"token-hidden"}}"#,
    )
    .unwrap();
    let shown = format!("{answer:?}");
    for hidden in ["secret-hidden", "token-hidden", "tok-a", "tok-b"] {
        assert!(!shown.contains(hidden), "{hidden} in {shown}");
    }
    for visible in ["t-1", "id-shown", "tokens: [<redacted>; 2]"] {
        assert!(shown.contains(visible), "{visible} not in {shown}");
    }
    // The values are there to use; only `Debug` leaves them out.
    let credentials: &Credentials = answer.credentials.as_ref().unwrap();
    assert_eq!(
        credentials.access_key_secret.as_deref(),
        Some("secret-hidden")
    );
}
