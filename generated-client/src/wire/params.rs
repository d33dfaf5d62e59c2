//! [`Params`]: the storage of a call's flat parameters, sorted as the signature needs.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use super::list::{key_order, push_index};
use super::order::compare_bytes;
use super::value::WireValue;

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
    /// Keys and values, back to back; a replaced pair's old text stays unused.
    text: String,
    /// Where each pair is in `text`, sorted by key, keys unique.
    index: Vec<Pair>,
    /// Buffers for building nested keys, one per nesting level in use.
    key_buffers: Vec<String>,
}

/// One parameter in the text: its key at `start..key_end`, its value right after it,
/// at `key_end..end`.
#[derive(Debug, Clone, Copy)]
struct Pair {
    start: usize,
    key_end: usize,
    end: usize,
}

impl Pair {
    fn key(self) -> Range<usize> {
        self.start..self.key_end
    }

    fn value(self) -> Range<usize> {
        self.key_end..self.end
    }
}

/// Room reserved on the first insert: a typical call fits without growing.
const TEXT_CAPACITY: usize = 1024;
const INDEX_CAPACITY: usize = 32;

impl Params {
    /// No parameters.
    pub fn new() -> Params {
        Params::default()
    }

    fn key_at(&self, entry: usize) -> &str {
        self.index
            .get(entry)
            .and_then(|pair| self.text.get(pair.key()))
            .unwrap_or_default()
    }

    fn value_at(&self, entry: usize) -> &str {
        self.index
            .get(entry)
            .and_then(|pair| self.text.get(pair.value()))
            .unwrap_or_default()
    }

    /// Where `key` is in the index, or where it would go. Keys are short and often share
    /// a prefix (`ImageId.1`, `ImageId.2`), so they are compared byte by byte here rather
    /// than through a `memcmp` call each, and a key after the last one (the common case
    /// when writing in order) costs one comparison.
    #[inline]
    fn find(&self, key: &[u8]) -> Result<usize, usize> {
        let last_key = |last: &Pair| self.text.as_bytes().get(last.key()).unwrap_or_default();
        match self.index.last() {
            None => Err(0),
            Some(last) if compare_bytes(last_key(last), key).is_lt() => Err(self.index.len()),
            Some(_) => self.search(key),
        }
    }

    /// [`Params::find`] among the keys, for a key that does not go last; kept out of line
    /// so that the common case stays small. Keys written out of order (`PublicKey`, the
    /// configuration's `Region`, `Zone`, `ProjectId`) mostly land near the end, so this
    /// gallops back from the last key (1, 2, 4, … back) and then searches the bracket.
    #[inline(never)]
    fn search(&self, key: &[u8]) -> Result<usize, usize> {
        let text = self.text.as_bytes();
        let order = |pair: &Pair| compare_bytes(text.get(pair.key()).unwrap_or_default(), key);
        // `find` saw that the last key does not sort before `key`.
        let mut high = self.index.len().saturating_sub(1);
        let mut step = 1;
        let low = loop {
            let Some(probe) = high.checked_sub(step) else {
                break 0;
            };
            match self.index.get(probe).map(order) {
                Some(std::cmp::Ordering::Less) => break probe + 1,
                Some(std::cmp::Ordering::Equal) => return Ok(probe),
                _ => {
                    high = probe;
                    step *= 2;
                }
            }
        };
        self.index
            .get(low..=high)
            .unwrap_or_default()
            .binary_search_by(order)
            .map(|entry| entry + low)
            .map_err(|entry| entry + low)
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> Option<String> {
        let (key, value) = (key.as_ref(), value.as_ref());
        self.insert_with(|text| text.push_str(key), |text| text.push_str(value))
    }

    /// Sets `key` to the text `value` displays as, written straight into the buffer.
    pub fn insert_display(&mut self, key: &str, value: impl fmt::Display) -> Option<String> {
        use fmt::Write as _;
        self.insert_with(
            |text| text.push_str(key),
            |text| {
                let _ = write!(text, "{value}");
            },
        )
    }

    /// Sets the non-empty `items` as `prefix.0`, `prefix.1`, … (`ImageId.3`), each key
    /// written straight into the buffer, in the order of the keys. Once one item goes
    /// after every key already set, the rest, whose keys only grow from there, follow
    /// it without a lookup: the path of every list of strings.
    pub fn insert_list<S: AsRef<str>>(&mut self, prefix: &str, items: &[S]) {
        let mut last = false;
        for index in key_order(items.len()) {
            let value = items.get(index).map_or("", AsRef::as_ref);
            if value.is_empty() {
                continue;
            }
            let write_key = |text: &mut String| {
                text.push_str(prefix);
                text.push(sigcal_protocol::keys::SEPARATOR);
                push_index(text, index);
            };
            let write_value = |text: &mut String| text.push_str(value);
            if last {
                self.push_last(write_key, write_value);
            } else {
                last = self.put(write_key, write_value) == Put::Last;
            }
        }
    }

    fn insert_with(
        &mut self,
        write_key: impl FnOnce(&mut String),
        write_value: impl FnOnce(&mut String),
    ) -> Option<String> {
        match self.put(write_key, write_value) {
            Put::Replaced(old) => Some(old),
            Put::Last | Put::Before => None,
        }
    }

    /// The one way a pair goes in: the key is written at the end of the buffer, looked up
    /// there, and kept (a replaced pair's old key and value stay unused), then the value
    /// is written after it.
    fn put(
        &mut self,
        write_key: impl FnOnce(&mut String),
        write_value: impl FnOnce(&mut String),
    ) -> Put {
        if self.index.capacity() == 0 {
            self.text.reserve(TEXT_CAPACITY);
            self.index.reserve(INDEX_CAPACITY);
        }
        let start = self.text.len();
        write_key(&mut self.text);
        let key_end = self.text.len();
        let found = self.find(self.text.as_bytes().get(start..key_end).unwrap_or_default());
        write_value(&mut self.text);
        let pair = Pair {
            start,
            key_end,
            end: self.text.len(),
        };
        match found {
            Ok(entry) => {
                let old = self.value_at(entry).to_owned();
                if let Some(slot) = self.index.get_mut(entry) {
                    *slot = pair;
                }
                Put::Replaced(old)
            }
            Err(entry) if entry == self.index.len() => {
                self.index.push(pair);
                Put::Last
            }
            Err(entry) => {
                self.index.insert(entry, pair);
                Put::Before
            }
        }
    }

    /// Appends a pair whose key the caller knows to sort after every key set.
    fn push_last(
        &mut self,
        write_key: impl FnOnce(&mut String),
        write_value: impl FnOnce(&mut String),
    ) {
        let start = self.text.len();
        write_key(&mut self.text);
        let key_end = self.text.len();
        write_value(&mut self.text);
        self.index.push(Pair {
            start,
            key_end,
            end: self.text.len(),
        });
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
        self.insert_with(
            |text| text.push_str(key),
            |text| text.push_str(itoa::Buffer::new().format(value)),
        )
    }

    /// Writes `value` under the key `prefix.index` (`ImageId.3`).
    pub fn write_indexed<T: WireValue + ?Sized>(&mut self, value: &T, prefix: &str, index: usize) {
        let mut key = self.key_buffers.pop().unwrap_or_default();
        key.clear();
        key.push_str(prefix);
        key.push(sigcal_protocol::keys::SEPARATOR);
        push_index(&mut key, index);
        value.write_wire(&key, self);
        self.key_buffers.push(key);
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key.as_bytes())
            .ok()
            .map(|entry| self.value_at(entry))
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let entry = self.find(key.as_bytes()).ok()?;
        let old = self.value_at(entry).to_owned();
        self.index.remove(entry);
        Some(old)
    }

    /// Whether `key` itself is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key.as_bytes()).is_ok()
    }

    /// Whether the parameter `name` is present on the wire: as a plain key (`Zone`), or
    /// as the flattened keys of a list or model (`Disks.0.Size`, `EIP.Bandwidth`).
    pub fn has_param(&self, name: &str) -> bool {
        // Every key that starts with `name` sorts at or after it and before any key that
        // does not, so one walk from `name` decides, without building `name.`.
        let first = self.find(name.as_bytes()).unwrap_or_else(|entry| entry);
        (first..self.index.len())
            .map(|entry| self.key_at(entry))
            .take_while(|key| key.starts_with(name))
            .any(|key| key.len() == name.len() || key.as_bytes().get(name.len()) == Some(&b'.'))
    }

    /// The pairs in signing order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + DoubleEndedIterator {
        self.index.iter().map(|pair| {
            (
                self.text.get(pair.key()).unwrap_or_default(),
                self.text.get(pair.value()).unwrap_or_default(),
            )
        })
    }

    /// The text the signature hashes before the private key — every `key + value` in
    /// signing order — as a few slices: pairs written in key order lie back to back in
    /// the buffer and come out as one slice.
    pub fn signing_text(&self) -> impl Iterator<Item = &str> {
        SigningText {
            text: &self.text,
            pairs: self.index.iter(),
            run: 0..0,
        }
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

/// Where [`Params::put`] placed a pair.
#[derive(Debug, PartialEq, Eq)]
enum Put {
    /// After every other key.
    Last,
    /// Among the other keys.
    Before,
    /// In place of the same key, whose value this was.
    Replaced(String),
}

/// The runs of [`Params::signing_text`]: a plain walk over the index that extends the
/// current run while the next pair starts where it ends.
struct SigningText<'p> {
    text: &'p str,
    pairs: std::slice::Iter<'p, Pair>,
    run: Range<usize>,
}

impl<'p> Iterator for SigningText<'p> {
    type Item = &'p str;

    fn next(&mut self) -> Option<&'p str> {
        for pair in self.pairs.by_ref() {
            if pair.start == self.run.end {
                self.run.end = pair.end;
            } else {
                let done = std::mem::replace(&mut self.run, pair.start..pair.end);
                if !done.is_empty() {
                    return Some(self.text.get(done).unwrap_or_default());
                }
            }
        }
        let done = std::mem::replace(&mut self.run, 0..0);
        (!done.is_empty()).then(|| self.text.get(done).unwrap_or_default())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
