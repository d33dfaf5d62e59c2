//! Every action of the checked-in client has an `# Example` in its docs: a `no_run`
//! block that calls the action's method (the doc tests of CI compile those of a few
//! services; this checks that none is missing anywhere).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests: a panic is a failed test"
)]

use std::path::Path;

/// `(service file, method, the attributes and docs written before the request struct)`
/// of every action in the checked-in client.
fn requests() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src/generated");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs") && !path.ends_with("mod.rs"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Each action's request implements `Request`; its service client's method is the
        // one that returns its builder (the generator writes both out).
        for (at, _) in text.match_indices("impl ::sigcal_client::Request for ") {
            let rest = &text[at + "impl ::sigcal_client::Request for ".len()..];
            let request = rest.split([' ', '<']).next().unwrap_or_default();
            let returns = format!("-> Call<'_, {request}> {{");
            let method = text
                .find(&returns)
                .and_then(|end| text[..end].rfind("pub fn "))
                .map(|start| {
                    text[start + "pub fn ".len()..]
                        .split(['(', '<'])
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
                .unwrap_or_else(|| panic!("{name}: no method returns the builder of {request}"));
            let declared = text
                .find(&format!("pub struct {request} {{"))
                .unwrap_or_else(|| panic!("{name}: {request} is not declared"));
            // The item before the struct ends with a line holding only `}`.
            let start = text[..declared].rfind("\n}\n").map_or(0, |end| end + 3);
            found.push((name.clone(), method, text[start..declared].to_owned()));
        }
    }
    found
}

#[test]
fn every_action_of_the_client_has_an_example_that_calls_it() {
    let requests = requests();
    assert!(requests.len() >= 2000, "{} actions", requests.len());
    let missing: Vec<String> = requests
        .iter()
        .filter(|(_, method, docs)| {
            let method = method.strip_prefix("r#").unwrap_or(method);
            !(docs.contains("#[cfg_attr(")
                && docs.contains(" # Example\\n")
                && docs.contains("```no_run")
                && (docs.contains(&format!(".{method}("))
                    || docs.contains(&format!(".r#{method}("))))
        })
        .map(|(file, method, _)| format!("{file}: {method}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} actions have no example calling them: {:?}",
        missing.len(),
        requests.len(),
        missing.iter().take(20).collect::<Vec<_>>()
    );
}

/// The examples exist for rustdoc only: every one sits behind `cfg_attr(doc, …)`, so a
/// build of the client never sees their text.
#[test]
fn the_examples_are_for_rustdoc_only() {
    for (file, method, docs) in requests() {
        let example = docs
            .find(" # Example")
            .unwrap_or_else(|| panic!("{file}: {method}"));
        let attribute = docs[..example].rfind("#[").unwrap();
        assert!(
            docs[attribute..example]
                .split_whitespace()
                .collect::<String>()
                .starts_with("#[cfg_attr(doc,doc="),
            "{file}: {method}: the example is not behind cfg_attr(doc, …)"
        );
    }
}
