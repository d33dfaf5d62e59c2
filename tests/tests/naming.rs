//! The naming rule over every name the generator emits for `spec/`: a table of the
//! tricky wire names pinned to the Rust names a reader would write, and a property that
//! no generated identifier splits an acronym apart.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "tests: a panic is a failed test"
)]

use std::collections::BTreeMap;
use std::path::Path;

use sigcal_codegen::Spec;

/// Every `(wire name, Rust name)` the generator emits by the naming rule for `spec/`:
/// action methods, waiter methods, request, response and model fields. Names a spec
/// sets by hand (`rust_name`) are left out.
fn emitted_names() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut names = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 88, "{} specs", files.len());
    for path in files {
        let spec = Spec::load(&path).unwrap_or_else(|e| panic!("{}", e.render(false)));
        let service = sigcal_codegen::ir::lower(&spec);
        let mut add = |wire: &str, rust: &str| {
            let rust = rust.strip_prefix("r#").unwrap_or(rust);
            if rust.trim_end_matches('_') == sigcal_codegen::names::snake_case(wire) {
                names.insert(wire.to_owned(), rust.trim_end_matches('_').to_owned());
            }
        };
        for action in &service.actions {
            add(&action.wire, &action.method);
            for field in action.params.iter().chain(&action.response) {
                add(&field.wire, &field.rust);
            }
        }
        for model in &service.models {
            for field in &model.fields {
                add(&field.wire, &field.rust);
            }
        }
        for waiter in &service.waiters {
            let method = waiter.method.strip_prefix("wait_until_").unwrap();
            add(&waiter.name, method);
        }
    }
    names
}

#[test]
fn the_tricky_names_of_the_api_read_as_a_person_writes_them() {
    let names = emitted_names();
    for (wire, rust) in [
        ("DescribeUK8SCluster", "describe_uk8s_cluster"),
        ("AddUK8SNodeGroup", "add_uk8s_node_group"),
        ("AddUK8SPHostNode", "add_uk8s_phost_node"),
        ("UK8SClusterRunning", "uk8s_cluster_running"),
        ("CreateUGA3Instance", "create_uga3_instance"),
        ("AddVPCIPv6", "add_vpc_ipv6"),
        ("VPCIPv6Network", "vpc_ipv6_network"),
        ("EIPIDs", "eip_ids"),
        ("VPCIDs", "vpc_ids"),
        ("NLBs", "nlbs"),
        ("NICs", "nics"),
        ("PolicyURNs", "policy_urns"),
        ("PricingSKUs", "pricing_skus"),
        ("UPhoneGPSs", "uphone_gpss"),
        ("DescribePHostImage", "describe_phost_image"),
        ("DescribeUHostInstance", "describe_uhost_instance"),
        ("UHostIds", "uhost_ids"),
        (
            "AllocateIpv6InternetBandwidth",
            "allocate_ipv6_internet_bandwidth",
        ),
        ("LoadAvg15m", "load_avg15m"),
    ] {
        assert_eq!(
            names.get(wire).map(String::as_str),
            Some(rust),
            "{wire} (is it still in spec/?)"
        );
    }
}

/// The wire name's words as the Rust name `rust` cuts it (`UK8SCluster`,
/// `uk8s_cluster` -> `UK8S`, `Cluster`).
fn cut<'a>(letters: &'a [char], rust: &str) -> Vec<&'a [char]> {
    let mut words = Vec::new();
    let mut at = 0;
    for word in rust.split('_') {
        let end = (at + word.chars().count()).min(letters.len());
        words.push(&letters[at..end]);
        at = end;
    }
    words
}

/// Why the cut between `before` and `after` splits an acronym, if it does.
fn split_acronym(
    wire: &str,
    letters: &[char],
    at: usize,
    before: &[char],
    after: &[char],
) -> Option<&'static str> {
    let caps_and_digits = |w: &[char]| {
        w.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let starts_two_capitals = after.len() > 2
        && after[0].is_ascii_uppercase()
        && after[1].is_ascii_uppercase()
        && !after[2].is_ascii_uppercase();
    if caps_and_digits(before)
        && before.last().is_some_and(char::is_ascii_digit)
        && starts_two_capitals
        && !wire.contains(&format!("{}IPv", before.iter().collect::<String>()))
    {
        return Some("the capital after an acronym's digits left it (`uk8_scluster`)");
    }
    if after.len() == 2
        && after[0].is_ascii_uppercase()
        && after[1] == 's'
        && before.last().is_some_and(char::is_ascii_uppercase)
    {
        return Some("a plural acronym lost its last capital (`eipi_ds`)");
    }
    let text: String = letters.iter().collect();
    for word in ["IPv4", "IPv6", "DDoS"] {
        for (start, _) in text.match_indices(word) {
            if start < at && at < start + word.len() {
                return Some("a mixed-case word is cut (`vpci_pv6`)");
            }
        }
    }
    None
}

/// No identifier splits an acronym apart as the old rule did (`uk8_scluster`,
/// `eipi_ds`, `vpci_pv6`, `ud_do_s`), and no word is a lone capital cut from one.
#[test]
fn no_identifier_splits_an_acronym() {
    let mut broken = Vec::new();
    for (wire, rust) in emitted_names() {
        let letters: Vec<char> = wire.chars().filter(|c| c.is_alphanumeric()).collect();
        assert_eq!(
            rust.replace('_', "").chars().count(),
            letters.len(),
            "{wire} -> {rust}"
        );
        let words = cut(&letters, &rust);
        let mut at = 0;
        for pair in words.windows(2) {
            at += pair[0].len();
            if let Some(why) = split_acronym(&wire, &letters, at, pair[0], pair[1]) {
                broken.push(format!("{wire} -> {rust}: {why}"));
            }
        }
        let mut at: usize = 0;
        for word in &words {
            let neighbours = [
                at.checked_sub(1).and_then(|i| letters.get(i)),
                letters.get(at + 1),
            ];
            if word.len() == 1
                && word[0].is_ascii_uppercase()
                && neighbours
                    .iter()
                    .any(|c| c.is_some_and(char::is_ascii_uppercase))
            {
                broken.push(format!(
                    "{wire} -> {rust}: a one-letter word cut from an acronym"
                ));
            }
            at += word.len();
        }
    }
    assert!(
        broken.is_empty(),
        "{} names split an acronym:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// The property catches what the old rule did.
#[test]
fn the_property_catches_the_old_splits() {
    for (wire, old) in [
        ("DescribeUK8SCluster", "describe_uk8_scluster"),
        ("EIPIDs", "eipi_ds"),
        ("AddVPCIPv6", "add_vpci_pv6"),
        ("NLBs", "nl_bs"),
    ] {
        let letters: Vec<char> = wire.chars().filter(|c| c.is_alphanumeric()).collect();
        let words = cut(&letters, old);
        let mut at = 0;
        let found = words.windows(2).any(|pair| {
            at += pair[0].len();
            split_acronym(wire, &letters, at, pair[0], pair[1]).is_some()
        });
        assert!(found, "{wire} -> {old}");
    }
}
