//! An operator's day with `sigcal`: requests from documents and their skeletons, any
//! action by name, paging that stops and resumes, yaml and text output, errors that say
//! what to do, and profiles listed and removed. Each against the fake server.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests: a panic is a failed test"
)]

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::Stdio;

mod support;
use support::*;

/// What the in-process fake was last sent for `action`, without the signature's inputs.
fn last_sent(fake: &sigcal_fake::FakeServer, action: &str) -> BTreeMap<String, String> {
    let mut params = fake
        .requests_for(action)
        .pop()
        .unwrap_or_else(|| panic!("the fake got no {action}"))
        .params;
    params.remove("PublicKey");
    params
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_filled_skeleton_sends_what_the_equivalent_flags_send() {
    let (_runtime, fake, server) = scripted_fake("{}");
    let home = home("skeleton");
    let skeleton = run(sigcal(&server, &home).args([
        "uhost",
        "create-uhost-instance",
        "--generate-cli-skeleton",
        "yaml-input",
    ]));
    assert_eq!(skeleton.code, 0, "{}", skeleton.stderr);
    assert!(
        skeleton.stdout.contains("# required, string\n"),
        "{}",
        skeleton.stdout
    );
    let json = run(sigcal(&server, &home).args([
        "uhost",
        "create-uhost-instance",
        "--generate-cli-skeleton",
    ]));
    let mut document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // Required parameters come first.
    let keys: Vec<&String> = document.as_object().unwrap().keys().collect();
    assert!(keys.contains(&&"ImageId".to_owned()));
    assert!(json.stdout.find("\"ImageId\"") < json.stdout.find("\"Name\""));

    // Fill the skeleton as a user would: the needed fields, the rest deleted.
    let map = document.as_object_mut().unwrap();
    let disk = map["Disks"][0].as_object().unwrap().clone();
    map.retain(|key, _| {
        [
            "Zone",
            "ImageId",
            "LoginMode",
            "Password",
            "Name",
            "CPU",
            "Disks",
        ]
        .contains(&key.as_str())
    });
    map.insert("Zone".into(), "cn-bj2-02".into());
    map.insert("ImageId".into(), "uimage-base".into());
    map.insert("LoginMode".into(), "Password".into());
    map.insert("Password".into(), "pass,word=1".into());
    map.insert("Name".into(), "web,a=b".into());
    map.insert("CPU".into(), 2.into());
    let mut disk: serde_json::Map<_, _> = disk
        .into_iter()
        .filter(|(key, _)| ["IsBoot", "Type", "Size"].contains(&key.as_str()))
        .collect();
    disk.insert("IsBoot".into(), "True".into());
    disk.insert("Type".into(), "CLOUD_SSD".into());
    disk.insert("Size".into(), 40.into());
    map.insert("Disks".into(), serde_json::Value::Array(vec![disk.into()]));
    let file = write(&home, "host.json", &document.to_string());

    let from_file = run(sigcal(&server, &home)
        .args(["uhost", "create-uhost-instance", "--cli-input-json"])
        .arg(&file));
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    let sent_from_file = last_sent(&fake, "CreateUHostInstance");

    let from_flags = run(sigcal(&server, &home).args([
        "uhost",
        "create-uhost-instance",
        "--zone",
        "cn-bj2-02",
        "--image-id",
        "uimage-base",
        "--login-mode",
        "Password",
        "--password",
        "pass,word=1",
        "--name",
        "web,a=b",
        "--cpu",
        "2",
        "--disks",
        "IsBoot=True,Type=CLOUD_SSD,Size=40",
    ]));
    assert_eq!(from_flags.code, 0, "{}", from_flags.stderr);
    assert_eq!(sent_from_file, last_sent(&fake, "CreateUHostInstance"));
    // A comma and `=` inside a value, which a flag's Field=value pairs cannot carry.
    assert_eq!(sent_from_file["Name"], "web,a=b");
    assert_eq!(sent_from_file["Disks.0.Size"], "40");

    // The same document as YAML, from stdin; a flag beside it wins.
    let yaml = "Zone: cn-bj2-02\nImageId: uimage-base\nLoginMode: Password\nPassword: 'pass,word=1'\nName: 'web,a=b'\nCPU: 2\nDisks:\n  - {IsBoot: 'True', Type: CLOUD_SSD, Size: 40}\n";
    let mut child = sigcal(&server, &home)
        .args([
            "uhost",
            "create-uhost-instance",
            "--cli-input-yaml",
            "-",
            "--cpu",
            "4",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(yaml.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let sent = last_sent(&fake, "CreateUHostInstance");
    assert_eq!(sent["CPU"], "4");
    assert_eq!(sent["Name"], "web,a=b");
}

#[test]
fn a_bad_document_reports_every_mistake_located_and_sends_nothing() {
    let (_runtime, fake, server) = scripted_fake("{}");
    let home = home("bad-input");
    let file = write(
        &home,
        "bad.yaml",
        "Zone: z\nImageId: [a]\nNmae: web\nCPU: two\nDisks:\n  - Size: 40\n",
    );
    let out = run(sigcal(&server, &home)
        .args(["uhost", "create-uhost-instance", "--cli-input-yaml"])
        .arg(&file));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let origin = file.display().to_string();
    for expected in [
        format!("{origin}:2:10: `ImageId` is text, not a list"),
        format!("{origin}:3:1: unknown parameter `Nmae` (did you mean `Name`?)"),
        format!("{origin}:4:6: `CPU` is an integer, not text"),
        format!("{origin}:6:5: missing required `IsBoot` and `Type` of `Disks.0`"),
        format!("{origin}:1:1: missing required `LoginMode`"),
    ] {
        assert!(
            out.stderr.contains(&expected),
            "{expected}\nin:\n{}",
            out.stderr
        );
    }
    let not_json = write(&home, "not.json", "{\"Zone\": \"z\",}");
    let out = run(sigcal(&server, &home)
        .args(["uhost", "create-uhost-instance", "--cli-input-json"])
        .arg(&not_json));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not.json:1:14: not JSON"),
        "{}",
        out.stderr
    );
    assert!(fake.requests().is_empty(), "nothing is sent");
}

#[test]
fn api_calls_a_listed_action_checked_and_an_unlisted_one_as_given() {
    let server = Server::start();
    let home = home("api");
    let listed = run(sigcal(&server, &home).args([
        "api",
        "DescribePHostImage",
        "Zone=cn-bj2-02",
        "Limit=2",
        "--query",
        "ImageSet[].ImageId",
    ]));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let ids: Vec<String> = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(ids.len(), 2);

    let unlisted = run(sigcal(&server, &home).args(["api", "DescribeSomethingNewer", "Id=1"]));
    assert_eq!(unlisted.code, 3, "{}", unlisted.stderr);
    assert!(
        unlisted
            .stderr
            .contains("note: DescribeSomethingNewer is not an action"),
        "{}",
        unlisted.stderr
    );
    assert!(
        unlisted.stderr.contains("RetCode 161"),
        "{}",
        unlisted.stderr
    );
    assert!(
        unlisted
            .stderr
            .contains("hint: check the spelling of `DescribeSomethingNewer`"),
        "{}",
        unlisted.stderr
    );

    let checked = run(sigcal(&server, &home).args([
        "api",
        "DescribePHostImage",
        "Zone=z",
        "Limt=2",
        "Offset=ten",
    ]));
    assert_eq!(checked.code, 2);
    assert!(
        checked
            .stderr
            .contains("unknown parameter `Limt` (did you mean `Limit`?)"),
        "{}",
        checked.stderr
    );
    assert!(
        checked.stderr.contains("`ten` is not an integer"),
        "{}",
        checked.stderr
    );

    let not_a_name = run(sigcal(&server, &home).args(["api", "Describe;rm"]));
    assert_eq!(not_a_name.code, 2);
    assert!(
        not_a_name.stderr.contains("is not an action name"),
        "{}",
        not_a_name.stderr
    );
}

#[test]
fn max_items_and_starting_token_resume_without_duplicates_or_gaps() {
    let server = Server::start();
    let home = home("paging");
    let list = |extra: &[&str]| {
        let mut command = sigcal(&server, &home);
        command.args([
            "--zone",
            "z",
            "uphost",
            "describe-phost-image",
            "--page-size",
            "16",
        ]);
        command.args(extra);
        run(&mut command)
    };
    let all = list(&["--all"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let all: Vec<serde_json::Value> = serde_json::from_str(&all.stdout).unwrap();
    assert_eq!(all.len(), 48, "three pages of 16");

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..3 {
        let mut extra = vec!["--max-items", "20"];
        if let Some(token) = &token {
            extra.extend(["--starting-token", token.as_str()]);
        }
        let out = list(&extra);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let items: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
        seen.extend(items);
        token = out
            .stderr
            .lines()
            .find_map(|line| line.strip_prefix("NextToken: "))
            .map(str::to_owned);
    }
    assert_eq!(seen, all, "20 + 20 + 8, in order");
    assert_eq!(token, None, "the last run reached the end");

    // A token from another listing, and counts below one, are usage errors.
    let first = list(&["--max-items", "5"]);
    let token = first
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("NextToken: "))
        .unwrap()
        .to_owned();
    let other = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--image-type",
        "Base",
        "--starting-token",
        &token,
    ]));
    assert_eq!(other.code, 2);
    assert!(
        other.stderr.contains("other parameters or another --query"),
        "{}",
        other.stderr
    );
    let junk = list(&["--starting-token", "not-a-token"]);
    assert_eq!(junk.code, 2);
    assert!(
        junk.stderr.contains("not a token sigcal printed"),
        "{}",
        junk.stderr
    );
    assert_eq!(list(&["--max-items", "0"]).code, 2);
    let both = list(&["--no-paginate", "--all"]);
    assert_eq!(both.code, 2);
    // A query reads the items of every page as one answer.
    let ids = list(&["--max-items", "20", "--query", "ImageSet[].ImageId"]);
    assert_eq!(ids.code, 0, "{}", ids.stderr);
    let ids: Vec<String> = serde_json::from_str(&ids.stdout).unwrap();
    assert_eq!(ids.len(), 20);
    assert_eq!(ids[0], all[0]["ImageId"].as_str().unwrap());
    let one = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--no-paginate",
        "--limit",
        "3",
    ]));
    let answer: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(answer["ImageSet"].as_array().map(Vec::len), Some(3));
}

#[test]
fn yaml_and_text_output() {
    let server = Server::start();
    let home = home("formats");
    let yaml = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "-o",
        "yaml",
        "uphost",
        "describe-phost-image",
        "--limit",
        "2",
    ]));
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    let json = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "uphost",
        "describe-phost-image",
        "--limit",
        "2",
    ]));
    let from_yaml: serde_json::Value = serde_saphyr::from_str(&yaml.stdout).unwrap();
    let from_json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(from_yaml, from_json);
    assert!(!yaml.stdout.contains('\u{1b}'), "no colour in a pipe");

    let text = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "-o",
        "text",
        "uphost",
        "describe-phost-image",
        "--limit",
        "3",
        "--query",
        "ImageSet[].ImageId",
    ]));
    assert_eq!(text.code, 0, "{}", text.stderr);
    let ids: Vec<&str> = text.stdout.trim_end().split('\t').collect();
    assert_eq!(ids.len(), 3, "{:?}", text.stdout);
    let rows = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "-o",
        "text",
        "uphost",
        "describe-phost-image",
        "--limit",
        "3",
    ]));
    assert_eq!(
        rows.stdout.lines().count(),
        3,
        "one row per image: {}",
        rows.stdout
    );
    assert!(rows.stdout.lines().all(|row| row.split('\t').count() > 3));

    let coloured = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "--color",
        "always",
        "-o",
        "json",
        "uphost",
        "describe-phost-image",
        "--limit",
        "1",
    ]));
    assert!(coloured.stdout.contains('\u{1b}'), "{}", coloured.stdout);
    let plain = run(sigcal(&server, &home).args([
        "--zone",
        "z",
        "--color",
        "never",
        "-o",
        "json",
        "uphost",
        "describe-phost-image",
        "--limit",
        "1",
    ]));
    assert!(!plain.stdout.contains('\u{1b}'));
}

#[test]
fn errors_say_what_to_do_and_json_errors_carry_the_fields() {
    let (_runtime, _fake, server) = scripted_fake(
        "DescribeUHostInstance:\n  - error: {RetCode: 294, Message: ip not allowed}\n",
    );
    let home = home("hints");
    let refused =
        run(sigcal(&server, &home).args(["--zone", "z", "uhost", "describe-uhost-instance"]));
    assert_eq!(refused.code, 3);
    assert!(
        refused
            .stderr
            .contains("hint: the key has an IP allow-list"),
        "{}",
        refused.stderr
    );

    let signature = run(sigcal(&server, &home)
        .env("SIGCAL_PRIVATE_KEY", "wrong-key")
        .args(["--zone", "z", "uphost", "describe-phost-image"]));
    assert_eq!(signature.code, 3);
    let hint = signature
        .stderr
        .lines()
        .find(|l| l.starts_with("hint: "))
        .unwrap();
    assert!(
        hint.contains("private key belongs to the public key"),
        "{hint}"
    );
    assert!(hint.contains("clock is not the cause"), "{hint}");
    assert!(hint.contains("came from the environment"), "{hint}");
    assert!(!signature.stderr.contains("wrong-key"));

    let json = run(sigcal(&server, &home)
        .env("SIGCAL_PRIVATE_KEY", "wrong-key")
        .args([
            "--zone",
            "z",
            "-o",
            "json",
            "uphost",
            "describe-phost-image",
        ]));
    assert_eq!(json.code, 3);
    let error: serde_json::Value = serde_json::from_str(json.stderr.trim()).unwrap();
    assert_eq!(error["RetCode"], 171);
    assert_eq!(error["Action"], "DescribePHostImage");
    assert!(
        error["RequestId"]
            .as_str()
            .is_some_and(|id| id.starts_with("fake-"))
    );
    assert!(error["Hint"].as_str().is_some_and(|h| h.contains("clock")));
    assert!(error["Message"].is_string());
}

#[test]
fn configure_lists_and_removes_profiles_without_secrets() {
    let server = Server::start();
    let home = home("profiles");
    for (name, public) in [("work", "pub-work-key-1234"), ("play", "pub-play-key-5678")] {
        let mut child = sigcal(&server, &home)
            .args(["configure", "--name", name])
            .stdin(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let answers = format!("{public}\nsecret-private-{name}\ntoken-{name}\ncn-bj2\n\n\n");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answers.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
    }
    let list = run(sigcal(&server, &home).args(["-o", "json", "configure", "list"]));
    assert_eq!(list.code, 0, "{}", list.stderr);
    for secret in ["secret-private", "token-work", "pub-work-key"] {
        assert!(!list.stdout.contains(secret), "{secret} in {}", list.stdout);
    }
    let rows: Vec<serde_json::Value> = serde_json::from_str(&list.stdout).unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["Profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["work", "play"]);
    assert_eq!(rows[1]["PublicKey"], "*************5678");
    assert_eq!(rows[1]["SecurityToken"], "set");
    assert_eq!(rows[1]["Active"], true);

    let removed = run(sigcal(&server, &home).args(["configure", "remove", "work"]));
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    let list = run(sigcal(&server, &home).args(["-o", "json", "configure", "list"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows.len(), 1);
    let missing = run(sigcal(&server, &home).args(["configure", "remove", "work"]));
    assert_eq!(missing.code, 5);
    assert!(
        missing.stderr.contains("no profile `work`"),
        "{}",
        missing.stderr
    );
}

#[test]
fn the_top_level_help_says_what_each_service_is_for() {
    let server = Server::start();
    let help = run(sigcal(&server, &home("help")).arg("--help"));
    assert_eq!(help.code, 0);
    for service in sigcal_client::SERVICES {
        let line = help
            .stdout
            .lines()
            .find(|line| {
                line.trim_start()
                    .starts_with(&format!("{} ", service.module))
            })
            .unwrap_or_else(|| panic!("{} is not listed:\n{}", service.module, help.stdout));
        assert!(
            !line.contains(&format!("The {} service.", service.name))
                && line.trim_end().ends_with('.'),
            "{} has no hand-written summary in its spec: {line}",
            service.name
        );
    }
}

#[test]
fn subcommands_keep_acronyms_whole() {
    let server = Server::start();
    let help = run(sigcal(&server, &home("uk8s")).args(["uk8s", "--help"]));
    assert_eq!(help.code, 0, "{}", help.stderr);
    for name in [
        "describe-uk8s-cluster",
        "add-uk8s-node-group",
        "add-uk8s-phost-node",
    ] {
        assert!(help.stdout.contains(name), "{name} in:\n{}", help.stdout);
    }
    assert!(!help.stdout.contains("uk8-s"), "{}", help.stdout);
    let wait = run(sigcal(&server, &home("uk8s")).args(["uk8s", "wait", "--help"]));
    assert!(
        wait.stdout.contains("uk8s-cluster-running"),
        "{}",
        wait.stdout
    );
    let vpc = run(sigcal(&server, &home("uk8s")).args(["vpc", "--help"]));
    assert!(vpc.stdout.contains("add-vpc-ipv6"), "{}", vpc.stdout);
}
