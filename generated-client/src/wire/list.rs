//! Lists on the wire: an item's index in its key (`ImageId.3`), and the order in which
//! a list's items are written, which is the order of their keys.

/// Writes `index` in decimal: one or two digits by hand (almost every list), more
/// through `itoa`. Always inlined: it is a few instructions on every list item's path,
/// and a call cost more than the digits (11% of flattening with 20 ids).
#[inline(always)]
pub(super) fn push_index(text: &mut String, index: usize) {
    let digit = |n: usize| char::from(b'0' + (n % 10) as u8);
    match index {
        0..10 => text.push(digit(index)),
        10..100 => {
            text.push(digit(index / 10));
            text.push(digit(index));
        }
        _ => text.push_str(itoa::Buffer::new().format(index)),
    }
}

/// `0..len` in the order of their decimal text: the order of the keys `Key.0`, `Key.1`,
/// `Key.10`, `Key.2`.
pub(super) fn key_order(len: usize) -> impl Iterator<Item = usize> {
    std::iter::successors((len > 0).then_some(0), move |&index| {
        next_in_key_order(index, len)
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Params;

    /// The buffer-writing fast path spells list keys as `sigcal_protocol::keys` does.
    #[test]
    fn list_keys_are_the_protocols() {
        let items: Vec<String> = (0..123).map(|i| format!("v{i}")).collect();
        let mut params = Params::new();
        params.insert_list("Ids", &items);
        for (index, item) in items.iter().enumerate() {
            let key = sigcal_protocol::keys::item("Ids", index);
            assert_eq!(params.get(&key), Some(item.as_str()), "{key}");
        }
        assert_eq!(params.len(), items.len());
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
}
