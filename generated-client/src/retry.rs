//! When to try a failed call again: backoff between attempts, and the client's retry
//! budget, a token bucket that stops retries while the API is down.

use std::sync::Mutex;
use std::time::Duration;

/// The client's retry budget, the standard retry mode of the AWS SDKs: each retry takes
/// tokens from a bucket the client's clones share, a call that succeeds puts some back,
/// and while the bucket is empty failures are returned at once instead of retried. An
/// outage then costs each client a bounded number of retries, not `max_attempts` per
/// call, and retries resume as calls succeed again.
///
/// The defaults are the AWS SDKs': 500 tokens, 5 per retry, 10 per retry after a
/// timeout or a broken connection, 1 back for a call that succeeds at once, and the
/// retry's own cost back for one that succeeds on a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    /// Tokens in a full bucket (the bucket starts full).
    pub capacity: u32,
    /// Tokens a retry after an error answer takes.
    pub retry_cost: u32,
    /// Tokens a retry after a timeout or a connection failure takes.
    pub timeout_retry_cost: u32,
    /// Tokens a call that succeeds at its first attempt puts back.
    pub success_refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            capacity: 500,
            retry_cost: 5,
            timeout_retry_cost: 10,
            success_refill: 1,
        }
    }
}

impl RetryBudget {
    /// No budget: every retryable failure is retried up to `max_attempts`.
    pub fn unlimited() -> RetryBudget {
        RetryBudget {
            capacity: u32::MAX,
            retry_cost: 0,
            timeout_retry_cost: 0,
            success_refill: 0,
        }
    }
}

/// The bucket of a [`RetryBudget`], shared by a client's clones.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    budget: RetryBudget,
    tokens: Mutex<u32>,
}

impl TokenBucket {
    pub(crate) fn new(budget: RetryBudget) -> TokenBucket {
        TokenBucket {
            budget,
            tokens: Mutex::new(budget.capacity),
        }
    }

    /// Takes the tokens of one retry; `None` when the bucket holds too few (no retry).
    pub(crate) fn take(&self, after_timeout: bool) -> Option<u32> {
        let cost = if after_timeout {
            self.budget.timeout_retry_cost
        } else {
            self.budget.retry_cost
        };
        let mut tokens = self.tokens.lock().ok()?;
        let left = tokens.checked_sub(cost)?;
        *tokens = left;
        Some(cost)
    }

    /// A call succeeded; `last_retry_cost` is what its last retry took, if it retried.
    pub(crate) fn succeeded(&self, last_retry_cost: Option<u32>) {
        let refill = last_retry_cost.unwrap_or(self.budget.success_refill);
        if let Ok(mut tokens) = self.tokens.lock() {
            *tokens = tokens.saturating_add(refill).min(self.budget.capacity);
        }
    }

    /// Tokens left.
    pub(crate) fn tokens(&self) -> u32 {
        self.tokens.lock().map_or(0, |tokens| *tokens)
    }
}

/// Exponential backoff with full jitter: a random delay up to `base * 2^(attempt-1)`,
/// capped at `max`.
pub(crate) fn backoff(base: Duration, max: Duration, attempt: u32) -> Duration {
    let ceiling = base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
        .min(max);
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rand::random_range(0..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_the_ceiling() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 1..40 {
            let ceiling = base.saturating_mul(1u32 << (attempt - 1).min(20)).min(max);
            assert!(backoff(base, max, attempt) <= ceiling);
        }
    }

    #[test]
    fn the_bucket_empties_and_refills() {
        let bucket = TokenBucket::new(RetryBudget {
            capacity: 12,
            ..RetryBudget::default()
        });
        assert_eq!(bucket.take(false), Some(5));
        assert_eq!(bucket.take(true), None, "10 > 7 left");
        assert_eq!(bucket.take(false), Some(5));
        assert_eq!(bucket.take(false), None, "2 left");
        bucket.succeeded(Some(5));
        assert_eq!(bucket.tokens(), 7);
        bucket.succeeded(None);
        assert_eq!(bucket.tokens(), 8);
        for _ in 0..10 {
            bucket.succeeded(Some(5));
        }
        assert_eq!(bucket.tokens(), 12, "never above capacity");
        let unlimited = TokenBucket::new(RetryBudget::unlimited());
        for _ in 0..1000 {
            assert_eq!(unlimited.take(true), Some(0));
        }
    }
}
