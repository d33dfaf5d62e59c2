//! The Rust signer agrees with the official Python SDK on vectors it computed
//! (`tests/interop/signature_vectors.py`; CI re-checks the file against the SDK).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use sigcal_client::{Params, signer};

#[test]
fn rust_signatures_match_the_python_sdk() {
    let text = include_str!("../vectors/python_sdk_signatures.json");
    let file: serde_json::Value = serde_json::from_str(text).unwrap();
    let private_key = file["private_key"].as_str().unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 6);
    for vector in vectors {
        let params: Params = vector["params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        // A vector of temporary credentials names its own private key.
        let private_key = vector["private_key"].as_str().unwrap_or(private_key);
        assert_eq!(
            signer::sign(&params, private_key),
            vector["signature"].as_str().unwrap(),
            "{}",
            vector["name"]
        );
    }
}
