//! The flat wire form of a request: every parameter as one `key -> value` string pair,
//! exactly as it is sent and signed.

use std::collections::BTreeMap;
use std::fmt;

/// The flat parameters of one call. Keys sort bytewise (`Ids.10` before `Ids.2`),
/// which is the order the signature needs.
///
/// `Debug` prints the keys and hides every value: parameters carry passwords
/// (`CreatePHost`'s `Password`) and must not reach logs through a `{:?}`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: BTreeMap<String, String>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Params {
        Params::default()
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.pairs.insert(key.into(), value.into())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.get(key).map(String::as_str)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.pairs.remove(key)
    }

    /// Whether `key` itself is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.pairs.contains_key(key)
    }

    /// Whether the parameter `name` is present on the wire: as a plain key (`Zone`), or
    /// as the flattened keys of a list or model (`Disks.0.Size`, `EIP.Bandwidth`).
    pub fn has_param(&self, name: &str) -> bool {
        // Every key that starts with `name` sorts at or after it and before any key that
        // does not, so one walk from `name` decides, without building `name.`.
        self.pairs
            .range::<str, _>((std::ops::Bound::Included(name), std::ops::Bound::Unbounded))
            .map(|(key, _)| key.as_str())
            .take_while(|key| key.starts_with(name))
            .any(|key| key.len() == name.len() || key.as_bytes().get(name.len()) == Some(&b'.'))
    }

    /// The pairs in signing order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + DoubleEndedIterator {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The keys in signing order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator {
        self.pairs.keys().map(String::as_str)
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs as an ordered map (for JSON output of `--dry-run`, tests).
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.pairs
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// A value shown by its length only.
        struct Hidden(usize);
        impl fmt::Debug for Hidden {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "<{} bytes>", self.0)
            }
        }
        f.debug_map()
            .entries(
                self.pairs
                    .iter()
                    .map(|(key, value)| (key, Hidden(value.len()))),
            )
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Params {
        Params {
            pairs: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for Params {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        self.pairs
            .extend(pairs.into_iter().map(|(k, v)| (k.into(), v.into())));
    }
}

impl IntoIterator for Params {
    type Item = (String, String);
    type IntoIter = std::collections::btree_map::IntoIter<String, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

/// A value that can be written into [`Params`] under a key.
///
/// Implemented for the spec's scalar types, `Option`, `Vec`, and (by the derive macros)
/// request models; this is how `Key.0.Sub.Field` keys come about.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no wire form",
    label = "this field cannot be sent as a request parameter",
    note = "wire values are String, i64, f64, bool, serde_json::Value, Option or Vec of them, generated enums, and #[derive(WireModel)] structs"
)]
pub trait WireValue {
    /// Writes `self` under `key`; empty and unset values write nothing.
    fn write_wire(&self, key: &str, params: &mut Params);
}

impl WireValue for String {
    fn write_wire(&self, key: &str, params: &mut Params) {
        self.as_str().write_wire(key, params);
    }
}

impl WireValue for str {
    fn write_wire(&self, key: &str, params: &mut Params) {
        // Empty strings are left out, as the official Go SDK does.
        if !self.is_empty() {
            params.insert(key, self);
        }
    }
}

impl WireValue for i64 {
    fn write_wire(&self, key: &str, params: &mut Params) {
        params.insert(key, self.to_string());
    }
}

impl WireValue for f64 {
    fn write_wire(&self, key: &str, params: &mut Params) {
        params.insert(key, format_float(*self));
    }
}

impl WireValue for bool {
    fn write_wire(&self, key: &str, params: &mut Params) {
        params.insert(key, if *self { "true" } else { "false" });
    }
}

/// A free-form JSON value: objects flatten to `Key.field`, arrays to `Key.N`, scalars
/// to their text, `null` to nothing.
impl WireValue for serde_json::Value {
    fn write_wire(&self, key: &str, params: &mut Params) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::Bool(value) => value.write_wire(key, params),
            serde_json::Value::Number(number) => {
                params.insert(key, number.to_string());
            }
            serde_json::Value::String(text) => text.write_wire(key, params),
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    item.write_wire(&format!("{key}.{index}"), params);
                }
            }
            serde_json::Value::Object(fields) => {
                for (name, value) in fields {
                    value.write_wire(&format!("{key}.{name}"), params);
                }
            }
        }
    }
}

impl<T: WireValue> WireValue for Option<T> {
    fn write_wire(&self, key: &str, params: &mut Params) {
        if let Some(value) = self {
            value.write_wire(key, params);
        }
    }
}

impl<T: WireValue> WireValue for Vec<T> {
    fn write_wire(&self, key: &str, params: &mut Params) {
        for (index, value) in self.iter().enumerate() {
            value.write_wire(&format!("{key}.{index}"), params);
        }
    }
}

impl<T: WireValue + ?Sized> WireValue for &T {
    fn write_wire(&self, key: &str, params: &mut Params) {
        (**self).write_wire(key, params);
    }
}

/// Floats as the protocol wants them: integral values without a fraction (`42`), never
/// an exponent (`0.00001`). Rust's `Display` for `f64` does exactly this; non-finite
/// values have no wire form and are sent as the API's own spelling would be.
pub fn format_float(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_never_use_exponents() {
        for (value, wire) in [
            (42.0, "42"),
            (0.00001, "0.00001"),
            (1.5, "1.5"),
            (-3.0, "-3"),
            (1e21, "1000000000000000000000"),
        ] {
            assert_eq!(format_float(value), wire);
        }
    }

    #[test]
    fn arrays_and_empties() {
        let mut params = Params::new();
        vec!["a".to_owned(), String::new(), "c".to_owned()].write_wire("Ids", &mut params);
        Some(String::new()).write_wire("Empty", &mut params);
        None::<i64>.write_wire("Unset", &mut params);
        true.write_wire("Flag", &mut params);
        let flat: Vec<(&str, &str)> = params.iter().collect();
        assert_eq!(flat, [("Flag", "true"), ("Ids.0", "a"), ("Ids.2", "c")]);
    }

    #[test]
    fn a_parameter_is_present_as_a_key_or_as_a_prefix() {
        let params: Params = [
            ("Disks.0.Size", "40"),
            ("Zone", "z"),
            ("DisksX", "1"),
            ("EIP.Bandwidth", "2"),
        ]
        .into_iter()
        .collect();
        for (name, present) in [
            ("Disks", true),
            ("Zone", true),
            ("EIP", true),
            ("Disk", false),
            ("DisksX", true),
            ("Region", false),
            ("Z", false),
        ] {
            assert_eq!(params.has_param(name), present, "{name}");
        }
    }

    #[test]
    fn debug_hides_values() {
        let params: Params = [("Password", "hunter2"), ("Zone", "cn-bj2-05")]
            .into_iter()
            .collect();
        let debug = format!("{params:?}");
        assert!(
            !debug.contains("hunter2") && !debug.contains("cn-bj2"),
            "{debug}"
        );
        assert!(
            debug.contains("Password") && debug.contains("<7 bytes>"),
            "{debug}"
        );
    }
}
