//! No input makes the spec loader panic: arbitrary text, and the real spec with random
//! edits (the edits reach deep into validation, where random text rarely gets).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use proptest::prelude::*;
use sigcal_codegen::Spec;

const UPHOST: &str = include_str!("../../spec/uphost.yaml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = Spec::parse("fuzz.yaml", &text);
    }

    #[test]
    fn edited_specs_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, "[a-zA-Z0-9\\[\\]:{}\\-\\n \"']{0,8}"), 1..6)) {
        let mut text = UPHOST.to_owned();
        for (at, cut, insert) in edits {
            let mut start = at.index(text.len().max(1));
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, &insert);
        }
        let _ = Spec::parse("fuzz.yaml", &text);
    }
}

#[test]
fn hostile_yaml_is_refused_without_exhausting_memory() {
    // An alias bomb: each level doubles the previous one.
    let mut bomb = String::from("a: &a [x, x]\n");
    for level in 1..40 {
        bomb.push_str(&format!(
            "l{level}: &l{level} [*{prev}, *{prev}]\n",
            prev = if level == 1 {
                "a".to_owned()
            } else {
                format!("l{}", level - 1)
            }
        ));
    }
    assert!(Spec::parse("bomb.yaml", &bomb).is_err());
    let deep = "[".repeat(100_000);
    assert!(Spec::parse("deep.yaml", &deep).is_err());
}
