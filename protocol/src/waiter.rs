//! The vocabulary of waiters: what an acceptor decides ([`Outcome`]) and how it compares
//! the values at its path ([`Matcher`]). The spec spells them `success`/`failure`/`retry`
//! and `equal`/`all_equal`/`any_equal`/`empty`/`not_empty`. And the shortest delay
//! between two polls that any wait may ask for.

/// The shortest delay between polls (100 ms), whatever a caller asks: a wait never
/// hammers the API. The spec's waiters start at 1 s; shorter delays are for tests
/// against a fake on loopback.
pub const MIN_POLL_DELAY: std::time::Duration = std::time::Duration::from_millis(100);

/// What an acceptor decides about one poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The resource reached the state waited for.
    Success,
    /// The resource reached a state it will not leave for the one waited for.
    Failure,
    /// Not there yet: poll again.
    Retry,
}

impl Outcome {
    /// Every outcome, in the spec's order.
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Failure, Outcome::Retry];

    /// The spec's spelling (`success`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Retry => "retry",
        }
    }
}

/// How an acceptor compares the values at its path with its expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Matcher {
    /// The one value at a path without `[]` is the expected one.
    Equal,
    /// Every value is the expected one, and there is at least one.
    AllEqual,
    /// Some value is the expected one.
    AnyEqual,
    /// No value: an empty list, or an absent field.
    Empty,
    /// At least one value.
    NotEmpty,
}

impl Matcher {
    /// Every matcher, in the spec's order.
    pub const ALL: [Matcher; 5] = [
        Matcher::Equal,
        Matcher::AllEqual,
        Matcher::AnyEqual,
        Matcher::Empty,
        Matcher::NotEmpty,
    ];

    /// Whether the matcher compares with an expected value.
    pub fn compares(self) -> bool {
        matches!(self, Matcher::Equal | Matcher::AllEqual | Matcher::AnyEqual)
    }

    /// Applies the matcher to `values`, each compared by `is_expected`.
    pub fn matches<T>(
        self,
        values: impl IntoIterator<Item = T>,
        is_expected: impl Fn(&T) -> bool,
    ) -> bool {
        let mut values = values.into_iter();
        match self {
            Matcher::Empty => values.next().is_none(),
            Matcher::NotEmpty => values.next().is_some(),
            Matcher::Equal | Matcher::AnyEqual => values.any(|value| is_expected(&value)),
            Matcher::AllEqual => {
                let mut any = false;
                for value in values {
                    if !is_expected(&value) {
                        return false;
                    }
                    any = true;
                }
                any
            }
        }
    }

    /// The spec's spelling (`all_equal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Matcher::Equal => "equal",
            Matcher::AllEqual => "all_equal",
            Matcher::AnyEqual => "any_equal",
            Matcher::Empty => "empty",
            Matcher::NotEmpty => "not_empty",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_on_none_one_and_many() {
        let is_running = |s: &&str| *s == "Running";
        for (matcher, none, one_running, mixed, all_running) in [
            (Matcher::AllEqual, false, true, false, true),
            (Matcher::AnyEqual, false, true, true, true),
            (Matcher::Equal, false, true, true, true),
            (Matcher::Empty, true, false, false, false),
            (Matcher::NotEmpty, false, true, true, true),
        ] {
            assert_eq!(
                matcher.matches(Vec::<&str>::new(), is_running),
                none,
                "{matcher:?}"
            );
            assert_eq!(
                matcher.matches(["Running"], is_running),
                one_running,
                "{matcher:?}"
            );
            assert_eq!(
                matcher.matches(["Running", "Starting"], is_running),
                mixed,
                "{matcher:?}"
            );
            assert_eq!(
                matcher.matches(["Running", "Running"], is_running),
                all_running,
                "{matcher:?}"
            );
        }
    }
}
