//! The flat keys of a request: a list is sent as `Name.0`, `Name.1`, …, a structure's
//! fields as `Name.Field`, nested as deep as the types go (`Disks.0.Backup.Period`).
//! The runtime writes them (`sigcal_client::Params`), the tool builds them from flags,
//! the fake server reads them back; all through these functions.

/// Between the segments of a key.
pub const SEPARATOR: char = '.';

/// `Name.3`: item `index` of the list `name`.
pub fn item(name: &str, index: usize) -> String {
    format!("{name}{SEPARATOR}{index}")
}

/// `Name.Field`: field `field` of the structure `name`.
pub fn field(name: &str, field: &str) -> String {
    format!("{name}{SEPARATOR}{field}")
}

/// The segments of a key: `Disks.0.Size` -> `Disks`, `0`, `Size`.
pub fn segments(key: &str) -> std::str::Split<'_, char> {
    key.split(SEPARATOR)
}

/// Whether a segment is a list index (ASCII digits).
pub fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// The index when `key` is an item of the list `name` (`UHostIds.3` of `UHostIds`).
pub fn item_of(key: &str, name: &str) -> Option<usize> {
    let index = key.strip_prefix(name)?.strip_prefix(SEPARATOR)?;
    if is_index(index) {
        index.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_built_and_read_back() {
        assert_eq!(item("UHostIds", 3), "UHostIds.3");
        assert_eq!(field(&item("Disks", 0), "Size"), "Disks.0.Size");
        assert_eq!(
            segments("Disks.0.Size").collect::<Vec<_>>(),
            ["Disks", "0", "Size"]
        );
        assert_eq!(item_of("UHostIds.3", "UHostIds"), Some(3));
        for (key, name) in [
            ("UHostIds", "UHostIds"),
            ("UHostIdsX.1", "UHostIds"),
            ("UHostIds.a", "UHostIds"),
            ("UHostIds.", "UHostIds"),
            ("UHostId.1", "UHostIds"),
        ] {
            assert_eq!(item_of(key, name), None, "{key}");
        }
        assert!(
            is_index("0") && is_index("12") && !is_index("") && !is_index("1a") && !is_index("-1")
        );
    }
}
