//! Compile-fail tests of the derives and of `generate!`'s options: one mistake per file,
//! named after the mistake.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

#[test]
fn derive_mistakes_are_reported_at_the_offending_tokens() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/derive/*.rs");
}

#[test]
fn generate_option_mistakes_are_reported_at_the_option() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/generate/*.rs");
}
