//! The metadata `sigcal-client` compiles (from each type's `Describe` derive and the
//! service table) agrees with the specs as the generator lowers them: every action with
//! its retry safety (which the `Request` derive infers from the verb unless the
//! generated attribute says otherwise), the client method, parameters and response
//! fields with their required-ness, and pagination.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a panic is a failed test"
)]

use sigcal_codegen::Spec;
use sigcal_codegen::ir::{self, Field};

fn wire_names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.wire.as_str()).collect()
}

#[test]
fn every_action_of_every_service_is_described_as_its_spec_says() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mut specs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert_eq!(
        specs.len(),
        sigcal_client::SERVICES.len(),
        "one spec per service"
    );
    let mut actions = 0;
    for path in specs {
        let spec = Spec::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let service = ir::lower(&spec);
        let meta = sigcal_client::SERVICES
            .iter()
            .find(|s| s.name == service.name)
            .unwrap_or_else(|| panic!("no metadata for {}", service.name));
        assert_eq!(
            meta.actions.len(),
            service.actions.len(),
            "{}",
            service.name
        );
        for action in &service.actions {
            let found = meta
                .action(&action.wire)
                .unwrap_or_else(|| panic!("{} {}", service.name, action.wire));
            let at = format!("{} {}", service.name, action.wire);
            assert_eq!(found.retry_safe, action.retry_safe, "{at}: retry safety");
            assert_eq!(found.method, action.method.trim_start_matches("r#"), "{at}");
            let params: Vec<&str> = found.params.iter().map(|f| f.name).collect();
            assert_eq!(params, wire_names(&action.params), "{at}: parameters");
            let required: Vec<bool> = found.params.iter().map(|f| f.required).collect();
            let expected: Vec<bool> = action.params.iter().map(|f| f.required).collect();
            assert_eq!(required, expected, "{at}: required parameters");
            let response: Vec<&str> = found.response.iter().map(|f| f.name).collect();
            assert_eq!(
                response,
                wire_names(&action.response),
                "{at}: response fields"
            );
            assert_eq!(
                found
                    .pagination
                    .map(|p| (p.offset, p.limit, p.total, p.items)),
                action.pagination.as_ref().map(|p| (
                    p.offset.wire.as_str(),
                    p.limit.wire.as_str(),
                    p.total.wire.as_str(),
                    p.items.wire.as_str()
                )),
                "{at}: pagination"
            );
            actions += 1;
        }
    }
    let described: usize = sigcal_client::SERVICES
        .iter()
        .map(|s| s.actions.len())
        .sum();
    assert_eq!(actions, described, "every described action compared");
    assert!(actions > 1000, "{actions} actions compared");
}
