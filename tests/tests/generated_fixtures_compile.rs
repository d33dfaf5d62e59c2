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
mod waiters {
    sigcal_macros::generate!("specs/codegen/waiters.yaml");
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

/// The runtime under another path, as an application that re-exports it would have it.
mod vendor {
    pub(crate) use sigcal_client as sigcal;
}

/// The UPHost spec with a generator option given to the macro.
mod uphost_with_options {
    sigcal_macros::generate!(
        "../spec/uphost.yaml",
        runtime_path = "crate::vendor::sigcal"
    );
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

mod waiting {
    //! The fixture's waiters driven against the scripted fake: success, a failure
    //! state, the maximum wait, success by RetCode, a poll error, the inputs sent.

    use std::time::Duration;

    use serde_json::json;
    use sigcal_client::waiter::WaitError;
    use sigcal_fake::{FakeServer, Reply};

    use super::waiters::{DemoClient, HostState};

    fn hosts(states: &[&str]) -> Reply {
        let set: Vec<_> = states
            .iter()
            .enumerate()
            .map(|(i, state)| json!({"HostId": format!("h-{i}"), "State": state}))
            .collect();
        Reply::answer(json!({"HostSet": set}))
    }

    async fn start_demo(replies: Vec<Reply>) -> (FakeServer, DemoClient) {
        let server = FakeServer::builder()
            .service(&super::waiters::SERVICE)
            .script("DescribeHost", replies)
            .start()
            .await
            .unwrap();
        let client = DemoClient::new(server.client());
        (server, client)
    }

    const FAST: (Duration, Duration) = (Duration::from_millis(1), Duration::from_millis(4));

    #[tokio::test]
    async fn success_after_pending_states_with_the_inputs_sent() {
        let (server, demo) = start_demo(vec![
            hosts(&[]),
            hosts(&["Initializing", "Running"]),
            hosts(&["Running", "Running"]),
        ])
        .await;
        let waited = demo
            .wait_until_host_running(["h-0", "h-1"])
            .delays(FAST.0, FAST.1)
            .wait()
            .await
            .unwrap();
        assert_eq!(waited.polls, 3);
        let answer = waited.answer.unwrap();
        assert!(
            answer
                .host_set
                .iter()
                .all(|h| h.state == Some(HostState::Running))
        );
        let polls = server.requests_for("DescribeHost");
        assert_eq!(polls.len(), 3);
        assert!(polls.iter().all(|p| p.param("HostIds.0") == Some("h-0") && p.param("HostIds.1") == Some("h-1")));
    }

    #[tokio::test]
    async fn an_answer_starts_the_waiter_that_follows_its_action_with_its_ids() {
        let (server, demo) = start_demo(vec![hosts(&["Running", "Running"])]).await;
        // A list in the answer (`HostSet[].HostId`) becomes the list input; the zone
        // is the configuration's.
        let created: super::waiters::CreateHostResponse = serde_json::from_value(json!({
            "HostSet": [{"HostId": "h-0"}, {"HostId": "h-1"}]
        }))
        .unwrap();
        created
            .wait_until_host_running(&demo)
            .delays(FAST.0, FAST.1)
            .wait()
            .await
            .unwrap();
        let polls = server.requests_for("DescribeHost");
        assert_eq!(polls.len(), 1);
        assert_eq!(
            (
                polls[0].param("HostIds.0"),
                polls[0].param("HostIds.1"),
                polls[0].param("Zone")
            ),
            (Some("h-0"), Some("h-1"), Some("cn-bj2-05"))
        );
        // One value feeds a list input and a scalar one; an absent value sets nothing.
        server.clear_requests();
        let started: super::waiters::StartHostResponse =
            serde_json::from_value(json!({"HostId": "h-7", "Zone": "cn-sh2-02"})).unwrap();
        started
            .wait_until_host_running(&demo)
            .delays(FAST.0, FAST.1)
            .wait()
            .await
            .unwrap();
        let polls = server.requests_for("DescribeHost");
        assert_eq!(
            (
                polls[0].param("HostIds.0"),
                polls[0].param("HostIds.1"),
                polls[0].param("Zone")
            ),
            (Some("h-7"), None, Some("cn-sh2-02"))
        );
        server.clear_requests();
        // An answer that names no host starts no wait: it would wait on every host.
        let bare: super::waiters::StartHostResponse = serde_json::from_value(json!({})).unwrap();
        let wait = bare.wait_until_host_running(&demo);
        assert!(wait.request().host_ids.is_empty() && wait.request().zone.is_none());
        let error = wait.wait().await.unwrap_err();
        let WaitError::Request {
            source, polls: 0, ..
        } = &error
        else {
            panic!("{error:?}");
        };
        assert!(
            source.to_string().contains("HostRunning needs HostIds"),
            "{source}"
        );
        let empty: [&str; 0] = [];
        assert!(demo.wait_until_host_running(empty).wait().await.is_err());
        assert!(server.requests_for("DescribeHost").is_empty());
    }

    #[tokio::test]
    async fn a_failure_state_ends_the_wait_at_once() {
        let (server, demo) = start_demo(vec![
            hosts(&["Initializing"]),
            hosts(&["Install Fail"]),
            hosts(&["Running"]),
        ])
        .await;
        let error = demo
            .wait_until_host_running(["h-0"])
            .delays(FAST.0, FAST.1)
            .wait()
            .await
            .unwrap_err();
        let WaitError::Failed {
            acceptor,
            answer,
            polls,
            ..
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!(*polls, 2);
        assert_eq!(*acceptor, "some HostSet[].State is \"Install Fail\"");
        assert_eq!(
            answer.as_ref().unwrap().host_set[0]
                .state
                .as_ref()
                .unwrap()
                .as_str(),
            "Install Fail"
        );
        assert!(
            error
                .to_string()
                .contains("HostRunning: failure state reached after 2 poll(s)"),
            "{error}"
        );
        assert_eq!(
            server.requests_for("DescribeHost").len(),
            2,
            "no poll after the failure"
        );
    }

    #[tokio::test]
    async fn the_maximum_wait_ends_a_state_never_reached_with_the_last_answer() {
        let (_server, demo) = start_demo(vec![hosts(&["Initializing"])]).await;
        let error = demo
            .wait_until_host_running(["h-0"])
            .delays(FAST.0, FAST.1)
            .max_wait(Duration::from_millis(40))
            .wait()
            .await
            .unwrap_err();
        let WaitError::TimedOut { last, polls, .. } = &error else {
            panic!("{error:?}");
        };
        assert!(*polls >= 1);
        assert_eq!(
            last.as_ref().unwrap().host_set[0].state,
            Some(HostState::Initializing)
        );
        assert!(
            error.to_string().contains("not reached within 40ms"),
            "{error}"
        );
    }

    /// The blocking client runs the same waits (the fake serves from its own thread).
    #[test]
    fn the_blocking_client_waits_too() {
        let (sender, receiver) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async {
                let (server, _) =
                    start_demo(vec![hosts(&["Initializing"]), hosts(&["Running"])]).await;
                sender.send((server.url(), server.credentials())).unwrap();
                let _ = stopped.await;
            });
        });
        let (url, credentials) = receiver.recv().unwrap();
        let config = sigcal_client::Config::builder(credentials)
            .base_url(url)
            .region("cn-bj2")
            .profile_dir("/nonexistent-sigcal-profile-dir")
            .build()
            .unwrap();
        let blocking = sigcal_client::blocking::BlockingClient::new(config).unwrap();
        let demo = DemoClient::new(blocking.client().clone());
        let waited = blocking
            .block_on(
                demo.wait_until_host_running(["h-0"])
                    .delays(FAST.0, FAST.1)
                    .wait(),
            )
            .unwrap()
            .unwrap();
        assert_eq!(waited.polls, 2);
        stop.send(()).unwrap();
        server.join().unwrap();
    }

    #[tokio::test]
    async fn a_ret_code_acceptor_and_an_unexpected_error() {
        let (_server, demo) = start_demo(vec![
            hosts(&["Running"]),
            Reply::error(8039, "no such host"),
        ])
        .await;
        // HostGone: the host is still listed, then the API says it does not exist.
        let waited = demo
            .wait_until_host_gone(["h-0"])
            .delays(FAST.0, FAST.1)
            .wait()
            .await
            .unwrap();
        assert_eq!(waited.polls, 2);
        assert!(
            waited.answer.is_none(),
            "success by RetCode carries no answer"
        );

        let (_server, demo) = start_demo(vec![Reply::error(230, "bad parameter")]).await;
        let error = demo
            .wait_until_host_running(["h-0"])
            .delays(FAST.0, FAST.1)
            .wait()
            .await
            .unwrap_err();
        let WaitError::Request { source, polls, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!((polls, source.ret_code()), (&1, Some(230)));
    }
}

/// `generate!`'s options reach the generator: the client generated to find the runtime
/// at `crate::vendor::sigcal` compiles there and signs what the checked-in one signs.
#[tokio::test]
async fn the_macro_takes_the_generator_options() {
    let client = sigcal_tests::client_for("http://127.0.0.1:9/", 1);
    let moved = uphost_with_options::UPHostClient::new(client.clone())
        .describe_phost_image()
        .image_id("pimg-1")
        .into_request();
    let checked_in = sigcal_client::uphost::UPHostClient::new(client.clone())
        .describe_phost_image()
        .image_id("pimg-1")
        .into_request();
    assert_eq!(
        client.signed_params(&moved).await.unwrap(),
        client.signed_params(&checked_in).await.unwrap()
    );
}
