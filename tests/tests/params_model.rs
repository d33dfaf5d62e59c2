//! `Params` against the plainest model of it, a `BTreeMap<String, String>`: any sequence
//! of writes, lists and removals leaves the same pairs in the same order, and the text
//! the signature hashes is those pairs back to back.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::collections::BTreeMap;

use proptest::prelude::*;
use sigcal_client::{Params, WireValue as _};

/// One write to the parameters.
#[derive(Debug, Clone)]
enum Op {
    Insert(String, String),
    Int(String, i64),
    List(String, Vec<String>),
    Remove(String),
}

/// Keys from a small alphabet, so that writes collide, share prefixes and land before,
/// between and after each other (`Ids`, `Ids.1`, `Id`, `Ids.1.Size`).
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Action".to_owned()),
        Just("Ids".to_owned()),
        Just("Id".to_owned()),
        Just("Zone".to_owned()),
        "[A-Z][a-z]{0,2}",
        "(Ids|Id)\\.[0-9]{1,2}",
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (key(), "[a-z0-9]{0,3}").prop_map(|(k, v)| Op::Insert(k, v)),
        (key(), any::<i64>()).prop_map(|(k, v)| Op::Int(k, v)),
        (key(), proptest::collection::vec("[a-z]{0,2}", 0..14)).prop_map(|(k, v)| Op::List(k, v)),
        key().prop_map(Op::Remove),
    ]
}

fn apply(params: &mut Params, model: &mut BTreeMap<String, String>, op: &Op) {
    match op {
        Op::Insert(key, value) => {
            assert_eq!(
                params.insert(key, value),
                model.insert(key.clone(), value.clone())
            );
        }
        Op::Int(key, value) => {
            assert_eq!(
                params.insert_int(key, *value),
                model.insert(key.clone(), value.to_string())
            );
        }
        Op::List(key, items) => {
            items.write_wire(key, params);
            for (index, item) in items.iter().enumerate() {
                if !item.is_empty() {
                    model.insert(format!("{key}.{index}"), item.clone());
                }
            }
        }
        Op::Remove(key) => assert_eq!(params.remove(key), model.remove(key)),
    }
}

proptest! {
    #[test]
    fn params_behave_as_a_sorted_map(ops in proptest::collection::vec(op(), 0..24)) {
        let mut params = Params::new();
        let mut model = BTreeMap::new();
        for op in &ops {
            apply(&mut params, &mut model, op);
        }
        let pairs: Vec<(String, String)> = params.clone().into_iter().collect();
        let expected: Vec<(String, String)> = model.clone().into_iter().collect();
        prop_assert_eq!(pairs, expected);
        let signed: String = params.signing_text().collect();
        let concatenated: String = model.iter().map(|(k, v)| format!("{k}{v}")).collect();
        prop_assert_eq!(signed, concatenated);
        for key in model.keys() {
            prop_assert_eq!(params.get(key), model.get(key).map(String::as_str));
        }
    }
}
