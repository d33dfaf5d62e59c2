//! The byte order of parameter keys, which is the order the signature needs.

/// Bytewise order, as `Ord` for byte slices, without a library call: eight bytes at a
/// time (big-endian words order as their bytes do), which passes a shared prefix such as
/// `ImageId.` in one step.
#[inline]
pub(super) fn compare_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    // Most neighbouring keys differ in their first byte (`Limit`, `MachineType`).
    match (a.first(), b.first()) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => compare_words(a, b),
    }
}

/// The rest of [`compare_bytes`].
#[inline(never)]
fn compare_words(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
