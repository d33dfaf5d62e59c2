//! The cache in front of a credentials provider: serves the credentials it holds until
//! shortly before they expire, shares one refresh among all concurrent callers (whether
//! it succeeds or fails), keeps serving the old credentials while they are valid if a
//! refresh fails, and asks a failing provider again only after a pause.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::FutureExt as _;
use futures_util::future::{BoxFuture, Shared};

use super::{
    Credentials, CredentialsError, ProvideCredentials as _, SharedCredentialsProvider,
    SystemTimeSource, TimeSource,
};

/// How long before expiry the cache refreshes credentials (one minute): a request signed
/// just before expiry must still arrive and be checked in time. Credentials that live
/// less than twice this are refreshed halfway through their life instead.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(60);

/// After a failed refresh, how long the cache waits before it asks the provider again
/// (5 s): meanwhile callers get the credentials it holds, or, when it holds none, the
/// failure itself, so a provider that is down is asked once per pause however many
/// calls are made.
pub const DEFAULT_RETRY_REFRESH_AFTER: Duration = Duration::from_secs(5);

/// The outcome of one refresh, shared by everyone waiting for it.
type Refresh = Shared<BoxFuture<'static, Result<Arc<Credentials>, CredentialsError>>>;

/// Credentials from a provider, refreshed ahead of expiry, once for all callers.
///
/// - Fixed credentials ([`Credentials`] itself) are handed out with no lock and no I/O.
/// - While the held credentials are fresh every caller gets them at once. They are due
///   for a refresh `refresh_ahead` before expiry, or halfway through their life when
///   they live less than twice that.
/// - Once they are due, one refresh runs; the caller that found them due waits for it,
///   and callers that come meanwhile get the held credentials while those are valid,
///   and wait for the same refresh otherwise. A caller that stops waiting (its deadline
///   passed) leaves the refresh to the others.
/// - A refresh that fails leaves the held credentials in use until they expire. The
///   provider is asked again only after `retry_refresh_after`; until then a caller with
///   nothing valid to use gets the failure at once.
#[derive(Debug)]
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    fixed: Option<Arc<Credentials>>,
    clock: Arc<dyn TimeSource>,
    refresh_ahead: Duration,
    retry_refresh_after: Duration,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    credentials: Option<Arc<Credentials>>,
    /// When the held credentials were handed out (for the halfway rule).
    fetched_at: Option<SystemTime>,
    /// The last refresh's failure, and when the provider may be asked again.
    failed: Option<(CredentialsError, SystemTime)>,
    /// The refresh in flight.
    refresh: Option<Refresh>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("credentials", &self.credentials)
            .field("failed", &self.failed.as_ref().map(|(error, _)| error))
            .field("refreshing", &self.refresh.is_some())
            .finish_non_exhaustive()
    }
}

/// What a caller does, decided under the lock.
enum Step {
    Use(Arc<Credentials>),
    Fail(CredentialsError),
    /// Wait for `refresh`; fall back to `usable` (valid, due) if it fails.
    Wait {
        refresh: Refresh,
        usable: Option<Arc<Credentials>>,
    },
}

impl CredentialsCache {
    /// A cache in front of `provider`, on the system clock, with the default timings.
    pub fn new(provider: SharedCredentialsProvider) -> CredentialsCache {
        CredentialsCache {
            fixed: provider.static_arc(),
            provider,
            clock: Arc::new(SystemTimeSource),
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            retry_refresh_after: DEFAULT_RETRY_REFRESH_AFTER,
            state: Arc::default(),
        }
    }

    /// Reads the time from `clock` (tests move a clock of their own).
    pub fn with_time_source(mut self, clock: Arc<dyn TimeSource>) -> CredentialsCache {
        self.clock = clock;
        self
    }

    /// Refreshes this long before expiry (default [`DEFAULT_REFRESH_AHEAD`]).
    pub fn with_refresh_ahead(mut self, refresh_ahead: Duration) -> CredentialsCache {
        self.refresh_ahead = refresh_ahead;
        self
    }

    /// After a failed refresh, asks again this much later (default
    /// [`DEFAULT_RETRY_REFRESH_AFTER`]).
    pub fn with_retry_refresh_after(mut self, after: Duration) -> CredentialsCache {
        self.retry_refresh_after = after;
        self
    }

    /// Whether the credentials are fixed (a key pair given as such), so nothing is ever
    /// loaded or refreshed.
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// Credentials that are valid now.
    pub async fn credentials(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        match self.step() {
            Step::Use(credentials) => Ok(credentials),
            Step::Fail(error) => Err(error),
            Step::Wait { refresh, usable } => match (refresh.await, usable) {
                (Ok(credentials), _) => Ok(credentials),
                (Err(error), Some(credentials)) => {
                    tracing::warn!(
                        source = error.source_name(),
                        error = %error,
                        "credentials refresh failed; the current credentials are still valid"
                    );
                    Ok(credentials)
                }
                (Err(error), None) => Err(error),
            },
        }
    }

    /// Drops the credentials held, so the next call asks the provider (after the API
    /// refused them: revoked temporary credentials, say). A refresh already in flight
    /// is kept, and so is the pause after a failure.
    pub fn invalidate(&self) {
        if self.fixed.is_some() {
            return;
        }
        let mut state = lock(&self.state);
        state.credentials = None;
        state.fetched_at = None;
    }

    /// [`CredentialsCache::invalidate`], when the credentials held are still `used`
    /// (another caller may have refreshed them meanwhile).
    pub(crate) fn invalidate_if_held(&self, used: &Arc<Credentials>) {
        if self.fixed.is_some() {
            return;
        }
        let mut state = lock(&self.state);
        if state
            .credentials
            .as_ref()
            .is_some_and(|held| Arc::ptr_eq(held, used))
        {
            state.credentials = None;
            state.fetched_at = None;
        }
    }

    fn step(&self) -> Step {
        let now = self.clock.now();
        let mut state = lock(&self.state);
        let valid = state
            .credentials
            .clone()
            .filter(|credentials| !credentials.is_expired_at(now));
        let pausing = state.failed.as_ref().is_some_and(|(_, until)| now < *until);
        match valid {
            Some(credentials) => {
                if !self.is_due(&credentials, state.fetched_at, now) || pausing {
                    return Step::Use(credentials);
                }
                if state.refresh.is_some() {
                    // Someone else is refreshing, and what is held still works.
                    return Step::Use(credentials);
                }
                Step::Wait {
                    refresh: self.start_refresh(&mut state),
                    usable: Some(credentials),
                }
            }
            None => {
                if let Some(refresh) = &state.refresh {
                    return Step::Wait {
                        refresh: refresh.clone(),
                        usable: None,
                    };
                }
                if let Some((error, _)) = state.failed.as_ref().filter(|_| pausing) {
                    return Step::Fail(error.clone());
                }
                Step::Wait {
                    refresh: self.start_refresh(&mut state),
                    usable: None,
                }
            }
        }
    }

    /// Whether credentials handed out at `fetched_at` are due for a refresh at `now`.
    fn is_due(
        &self,
        credentials: &Credentials,
        fetched_at: Option<SystemTime>,
        now: SystemTime,
    ) -> bool {
        let Some(expiry) = credentials.expiry() else {
            return false;
        };
        let life = fetched_at
            .and_then(|fetched| expiry.duration_since(fetched).ok())
            .unwrap_or_default();
        let ahead = self.refresh_ahead.min(life / 2);
        expiry.checked_sub(ahead).is_none_or(|due_at| due_at <= now)
    }

    /// Starts the one refresh that callers share, and records it in `state`. Its
    /// outcome is stored by the refresh itself, so it counts even when the caller that
    /// started it stops waiting.
    fn start_refresh(&self, state: &mut State) -> Refresh {
        let provider = self.provider.clone();
        let clock = Arc::clone(&self.clock);
        let shared = Arc::clone(&self.state);
        let retry_after = self.retry_refresh_after;
        let refresh = async move {
            let result = provider.provide_credentials().await;
            let now = clock.now();
            let result = result.and_then(|fresh| {
                if fresh.is_expired_at(now) {
                    Err(CredentialsError::invalid(
                        provider.source_name(),
                        "handed out credentials that have already expired (check the clock)",
                    ))
                } else {
                    Ok(Arc::new(fresh))
                }
            });
            let mut state = lock(&shared);
            state.refresh = None;
            match &result {
                Ok(fresh) => {
                    state.credentials = Some(Arc::clone(fresh));
                    state.fetched_at = Some(now);
                    state.failed = None;
                    tracing::debug!(expiry = ?fresh.expiry(), "credentials refreshed");
                }
                Err(error) => {
                    let until = now.checked_add(retry_after).unwrap_or(now);
                    state.failed = Some((error.clone(), until));
                }
            }
            result
        }
        .boxed()
        .shared();
        state.refresh = Some(refresh.clone());
        refresh
    }
}

/// The state, even after a panic elsewhere while it was held (it is only ever left
/// consistent: each change is one assignment).
fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
