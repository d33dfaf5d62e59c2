//! [`WireValue`]: how each kind of value is encoded as flat parameters.

use super::list::key_order;
use super::params::Params;

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

    /// Writes `items` as the list `key` (`ImageId.0`, `ImageId.1`, …), in the order of
    /// the keys (`.0`, `.1`, `.10`, `.11`, `.2`), so that each goes after the last one
    /// written. Strings write their keys straight into the parameters' buffer; the
    /// default builds each key first.
    fn write_list(items: &[Self], key: &str, params: &mut Params)
    where
        Self: Sized,
    {
        for index in key_order(items.len()) {
            if let Some(item) = items.get(index) {
                params.write_indexed(item, key, index);
            }
        }
    }
}

impl WireValue for String {
    fn write_wire(&self, key: &str, params: &mut Params) {
        self.as_str().write_wire(key, params);
    }

    fn write_list(items: &[String], key: &str, params: &mut Params) {
        // Empty strings are left out, as for one string.
        params.insert_list(key, items);
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
        params.insert_int(key, *self);
    }
}

impl WireValue for f64 {
    fn write_wire(&self, key: &str, params: &mut Params) {
        // `Display` for `f64` is the wire form: see [`format_float`].
        params.insert_display(key, self);
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
                params.insert_display(key, number);
            }
            serde_json::Value::String(text) => text.write_wire(key, params),
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    params.write_indexed(item, key, index);
                }
            }
            serde_json::Value::Object(fields) => {
                for (name, value) in fields {
                    params.write_under(value, key, &format!(".{name}"));
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
        T::write_list(self, key, params);
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
}
