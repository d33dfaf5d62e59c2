//! The flat wire form of a request: every parameter as one `key -> value` string pair,
//! exactly as it is sent and signed.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// The flat parameters of one call. Keys sort bytewise (`Ids.10` before `Ids.2`),
/// which is the order the signature needs.
///
/// Flattening a request is on every call's path, so the pairs live in one text buffer
/// with a sorted index of ranges into it: a parameter costs no allocation of its own,
/// and keys such as `ImageId.3` are built in a reused buffer.
///
/// `Debug` prints the keys and hides every value: parameters carry passwords
/// (`CreatePHost`'s `Password`) and must not reach logs through a `{:?}`.
#[derive(Clone, Default)]
pub struct Params {
    /// Keys and values, back to back; a replaced value's old text stays unused.
    text: String,
    /// `(key, value)` ranges into `text`, sorted by key, keys unique.
    index: Vec<(Range<usize>, Range<usize>)>,
    /// Buffers for building nested keys, one per nesting level in use.
    key_buffers: Vec<String>,
}

/// Room reserved on the first insert: a typical call fits without growing.
const TEXT_CAPACITY: usize = 512;
const INDEX_CAPACITY: usize = 32;

impl Params {
    /// No parameters.
    pub fn new() -> Params {
        Params::default()
    }

    fn key_at(&self, entry: usize) -> &str {
        self.index
            .get(entry)
            .and_then(|(key, _)| self.text.get(key.clone()))
            .unwrap_or_default()
    }

    fn value_at(&self, entry: usize) -> &str {
        self.index
            .get(entry)
            .and_then(|(_, value)| self.text.get(value.clone()))
            .unwrap_or_default()
    }

    /// Where `key` is in the index, or where it goes, walking back from the end: the
    /// derives write a request's fields in wire-name order and lists in the order of
    /// their keys (`Ids.0`, `Ids.1`, `Ids.10`, `Ids.2`), so most keys go last after one
    /// comparison; the few that do not (`Action`, configured `Region`) pass keys that
    /// differ in their first bytes.
    fn place(&self, key: &str) -> Result<usize, usize> {
        let text = self.text.as_bytes();
        let key = key.as_bytes();
        let mut position = self.index.len();
        while let Some(before) = position.checked_sub(1) {
            let range = self
                .index
                .get(before)
                .map(|(k, _)| k.clone())
                .unwrap_or_default();
            match compare_bytes(text.get(range).unwrap_or_default(), key) {
                std::cmp::Ordering::Less => break,
                std::cmp::Ordering::Equal => return Ok(before),
                std::cmp::Ordering::Greater => position = before,
            }
        }
        Err(position)
    }

    /// Where `key` is in the index, or where it would go. Keys are short and often share
    /// a prefix (`ImageId.1`, `ImageId.2`), so they are compared byte by byte here rather
    /// than through a `memcmp` call each, and a key after the last one (the common case
    /// when writing in order) costs one comparison.
    fn find(&self, key: &str) -> Result<usize, usize> {
        let text = self.text.as_bytes();
        let key = key.as_bytes();
        let compare =
            |range: &Range<usize>| compare_bytes(text.get(range.clone()).unwrap_or_default(), key);
        match self.index.last() {
            None => return Err(0),
            Some((last, _)) if compare(last) == std::cmp::Ordering::Less => {
                return Err(self.index.len());
            }
            Some(_) => {}
        }
        self.index.binary_search_by(|(k, _)| compare(k))
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Option<String> {
        let value = value.as_ref();
        self.insert_with(key.as_ref(), |text| text.push_str(value))
    }

    /// Sets `key` to the text `value` displays as, written straight into the buffer.
    pub fn insert_display(&mut self, key: &str, value: impl fmt::Display) -> Option<String> {
        use fmt::Write as _;
        self.insert_with(key, |text| {
            let _ = write!(text, "{value}");
        })
    }

    fn insert_with(&mut self, key: &str, write_value: impl FnOnce(&mut String)) -> Option<String> {
        if self.index.capacity() == 0 {
            self.text.reserve(TEXT_CAPACITY);
            self.index.reserve(INDEX_CAPACITY);
        }
        let found = self.place(key);
        let key_range = match found {
            Ok(entry) => self
                .index
                .get(entry)
                .map(|(k, _)| k.clone())
                .unwrap_or_default(),
            Err(_) => {
                let start = self.text.len();
                self.text.push_str(key);
                start..self.text.len()
            }
        };
        let start = self.text.len();
        write_value(&mut self.text);
        let value_range = start..self.text.len();
        match found {
            Ok(entry) => {
                let old = self.value_at(entry).to_owned();
                if let Some(slot) = self.index.get_mut(entry) {
                    slot.1 = value_range;
                }
                Some(old)
            }
            Err(entry) if entry == self.index.len() => {
                self.index.push((key_range, value_range));
                None
            }
            Err(entry) => {
                self.index.insert(entry, (key_range, value_range));
                None
            }
        }
    }

    /// Writes `value` under the key `prefix` + `suffix` (`Disks.0` + `.Size`), built in a
    /// buffer the parameters keep for the next key.
    pub fn write_under<T: WireValue + ?Sized>(&mut self, value: &T, prefix: &str, suffix: &str) {
        let mut key = self.key_buffers.pop().unwrap_or_default();
        key.clear();
        key.push_str(prefix);
        key.push_str(suffix);
        value.write_wire(&key, self);
        self.key_buffers.push(key);
    }

    /// Sets `key` to the decimal text of `value`.
    pub fn insert_int(&mut self, key: &str, value: i64) -> Option<String> {
        self.insert_with(key, |text| text.push_str(itoa::Buffer::new().format(value)))
    }

    /// Writes `value` under the key `prefix.index` (`ImageId.3`).
    pub fn write_indexed<T: WireValue + ?Sized>(&mut self, value: &T, prefix: &str, index: usize) {
        let mut key = self.key_buffers.pop().unwrap_or_default();
        key.clear();
        key.push_str(prefix);
        key.push('.');
        key.push_str(itoa::Buffer::new().format(index));
        value.write_wire(&key, self);
        self.key_buffers.push(key);
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|entry| self.value_at(entry))
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let entry = self.find(key).ok()?;
        let old = self.value_at(entry).to_owned();
        self.index.remove(entry);
        Some(old)
    }

    /// Whether `key` itself is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Whether the parameter `name` is present on the wire: as a plain key (`Zone`), or
    /// as the flattened keys of a list or model (`Disks.0.Size`, `EIP.Bandwidth`).
    pub fn has_param(&self, name: &str) -> bool {
        // Every key that starts with `name` sorts at or after it and before any key that
        // does not, so one walk from `name` decides, without building `name.`.
        let first = self.find(name).unwrap_or_else(|entry| entry);
        (first..self.index.len())
            .map(|entry| self.key_at(entry))
            .take_while(|key| key.starts_with(name))
            .any(|key| key.len() == name.len() || key.as_bytes().get(name.len()) == Some(&b'.'))
    }

    /// The pairs in signing order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + DoubleEndedIterator {
        self.index.iter().map(|(key, value)| {
            (
                self.text.get(key.clone()).unwrap_or_default(),
                self.text.get(value.clone()).unwrap_or_default(),
            )
        })
    }

    /// The text the signature hashes before the private key — every `key + value` in
    /// signing order — as a few slices: pairs written in key order lie back to back in
    /// the buffer and come out as one slice.
    pub fn signing_text(&self) -> impl Iterator<Item = &str> {
        let mut ranges = self
            .index
            .iter()
            .flat_map(|(key, value)| [key.clone(), value.clone()])
            .peekable();
        std::iter::from_fn(move || {
            let mut run = ranges.next()?;
            while let Some(next) = ranges.next_if(|next| next.start == run.end) {
                run.end = next.end;
            }
            Some(self.text.get(run).unwrap_or_default())
        })
    }

    /// The keys in signing order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator {
        self.iter().map(|(key, _)| key)
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The pairs as an ordered map (for JSON output of `--dry-run`, tests).
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.into_iter().collect()
    }
}

/// Bytewise order, as `Ord` for byte slices, without a library call: eight bytes at a
/// time (big-endian words order as their bytes do), which passes a shared prefix such as
/// `ImageId.` in one step.
fn compare_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (mut a_words, mut b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut done = 0;
    for (x, y) in a_words.by_ref().zip(b_words.by_ref()) {
        let word = |bytes: &[u8]| u64::from_be_bytes(bytes.try_into().unwrap_or_default());
        if x != y {
            return word(x).cmp(&word(y));
        }
        done += 8;
    }
    let (a_rest, b_rest) = (
        a.get(done..).unwrap_or_default(),
        b.get(done..).unwrap_or_default(),
    );
    for (x, y) in a_rest.iter().zip(b_rest) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

impl PartialEq for Params {
    fn eq(&self, other: &Params) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Params {}

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
            .entries(self.iter().map(|(key, value)| (key, Hidden(value.len()))))
            .finish()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Params {
        let mut params = Params::new();
        params.extend(pairs);
        params
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Extend<(K, V)> for Params {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (key, value) in pairs {
            self.insert(key, value);
        }
    }
}

impl IntoIterator for Params {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect::<Vec<_>>()
            .into_iter()
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
        // In the order of the keys (`.0`, `.1`, `.10`, `.11`, `.2`), so that each goes
        // after the last one written.
        let mut next = (!self.is_empty()).then_some(0);
        while let Some(index) = next {
            if let Some(value) = self.get(index) {
                params.write_indexed(value, key, index);
            }
            next = next_in_key_order(index, self.len());
        }
    }
}

/// The index after `index` among `0..len` in the order of their decimal text (`1`,
/// `10`, `11`, `2`), which is the order of the keys `Key.1`, `Key.10`, `Key.11`, `Key.2`.
fn next_in_key_order(index: usize, len: usize) -> Option<usize> {
    if index != 0
        && let Some(child) = index.checked_mul(10)
        && child < len
    {
        return Some(child);
    }
    let mut index = index;
    loop {
        if index % 10 != 9 && index + 1 < len {
            return Some(index + 1);
        }
        index /= 10;
        if index == 0 {
            return None;
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
    fn list_indices_come_in_the_order_of_their_keys() {
        for len in [0, 1, 2, 9, 10, 11, 12, 20, 25, 99, 100, 101, 250, 1001] {
            let mut order = Vec::new();
            let mut next = (len > 0).then_some(0);
            while let Some(index) = next {
                order.push(index);
                next = next_in_key_order(index, len);
            }
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by_key(|index| index.to_string());
            assert_eq!(order, expected, "{len}");
        }
    }

    #[test]
    fn byte_order_matches_the_standard_one() {
        let words = [
            "",
            "a",
            "A",
            "Ids",
            "Ids.",
            "Ids.1",
            "Ids.10",
            "Ids.2",
            "ImageId.",
            "ImageId.0",
            "ImageId.10",
            "ImageIdX",
            "ImageType",
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGI",
            "é",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    compare_bytes(a.as_bytes(), b.as_bytes()),
                    a.cmp(b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn pairs_sort_bytewise_whatever_the_insertion_order() {
        let keys = [
            "Zone", "Ids.10", "Action", "Ids.2", "Ids.1", "A", "Zone", "Ids", "a",
        ];
        let mut params = Params::new();
        for (n, key) in keys.iter().enumerate() {
            params.insert(key, n.to_string());
        }
        let flat: Vec<(&str, &str)> = params.iter().collect();
        assert_eq!(
            flat,
            [
                ("A", "5"),
                ("Action", "2"),
                ("Ids", "7"),
                ("Ids.1", "4"),
                ("Ids.10", "1"),
                ("Ids.2", "3"),
                ("Zone", "6"),
                ("a", "8"),
            ]
        );
        assert_eq!(params.get("Ids.10"), Some("1"));
        assert_eq!(params.remove("Ids"), Some("7".to_owned()));
        assert!(!params.contains_key("Ids") && params.has_param("Ids"));
        assert_eq!(params.insert("Zone", "z"), Some("6".to_owned()));
        assert_eq!(params.len(), 7);
        let pairs: String = params.iter().map(|(k, v)| format!("{k}{v}")).collect();
        assert_eq!(params.signing_text().collect::<String>(), pairs);
        assert!(
            params.signing_text().count() < params.len() * 2,
            "runs are joined"
        );
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
