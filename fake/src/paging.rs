//! The server's side of Offset/Limit paging, for every action that pages.

use sigcal_client::Params;

/// The page size when a request gives no limit (what the API documents, e.g.
/// DescribePHostImage's `Limit`).
pub(crate) const DEFAULT_LIMIT: usize = 20;

/// The page of `items` a request asks for: from its `offset` parameter (0 when absent
/// or not a number), at most its `limit` ([`DEFAULT_LIMIT`] when absent or not a
/// number).
pub(crate) fn page<T>(
    items: impl IntoIterator<Item = T>,
    params: &Params,
    offset: &str,
    limit: &str,
) -> Vec<T> {
    let number = |key: &str| params.get(key).and_then(|v| v.parse::<usize>().ok());
    items
        .into_iter()
        .skip(number(offset).unwrap_or(0))
        .take(number(limit).unwrap_or(DEFAULT_LIMIT))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        let mut params = Params::new();
        for (key, value) in pairs {
            params.insert(key, value);
        }
        params
    }

    #[test]
    fn defaults_then_offset_and_limit() {
        let all = 0..50;
        assert_eq!(
            page(all.clone(), &params(&[]), "Offset", "Limit"),
            (0..20).collect::<Vec<_>>()
        );
        let asked = params(&[("Offset", "45"), ("Limit", "10")]);
        assert_eq!(
            page(all.clone(), &asked, "Offset", "Limit"),
            (45..50).collect::<Vec<_>>()
        );
        let garbled = params(&[("Offset", "-1"), ("Limit", "x")]);
        assert_eq!(
            page(all, &garbled, "Offset", "Limit"),
            (0..20).collect::<Vec<_>>()
        );
    }
}
