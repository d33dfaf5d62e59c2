//! The cache in front of a credentials provider: serves the credentials it holds until
//! shortly before they expire, then refreshes them once for all concurrent callers, and
//! keeps serving the old ones while they are valid if a refresh fails.

use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use super::{
    Credentials, CredentialsError, ProvideCredentials as _, SharedCredentialsProvider,
    SystemTimeSource, TimeSource,
};

/// How long before expiry the cache refreshes credentials (one minute): a request signed
/// just before expiry must still arrive and be checked in time.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(60);

/// After a failed refresh, how long the cache serves the credentials it holds before it
/// asks the provider again (5 s): a provider that is down is not asked on every call.
pub const DEFAULT_RETRY_REFRESH_AFTER: Duration = Duration::from_secs(5);

/// Credentials from a provider, refreshed ahead of expiry, once for all callers.
///
/// - Fixed credentials ([`Credentials`] itself) are handed out with no lock and no I/O.
/// - While the held credentials are fresh (more than `refresh_ahead` from expiry) every
///   caller gets them at once.
/// - Once they are due, one caller refreshes; callers that come meanwhile get the held
///   credentials while those are still valid, and wait for the refresh otherwise.
/// - A refresh that fails leaves the held credentials in use until they expire; the
///   provider is asked again after `retry_refresh_after`. Once they have expired, the
///   provider's error is the caller's.
#[derive(Debug)]
pub struct CredentialsCache {
    provider: SharedCredentialsProvider,
    fixed: Option<Arc<Credentials>>,
    clock: Arc<dyn TimeSource>,
    refresh_ahead: Duration,
    retry_refresh_after: Duration,
    held: RwLock<Held>,
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct Held {
    credentials: Option<Arc<Credentials>>,
    /// When the provider may be asked again after a failure.
    next_try: Option<SystemTime>,
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
            held: RwLock::new(Held::default()),
            refreshing: tokio::sync::Mutex::new(()),
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

    /// Credentials that are valid now.
    pub async fn credentials(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        let now = self.clock.now();
        let usable = match self.look(now) {
            Look::Fresh(credentials) => return Ok(credentials),
            Look::Usable(credentials) => Some(credentials),
            Look::Nothing => None,
        };
        let guard = match &usable {
            // Someone else is refreshing, and what is held still works: use it.
            Some(credentials) => match self.refreshing.try_lock() {
                Ok(guard) => guard,
                Err(_) => return Ok(Arc::clone(credentials)),
            },
            None => self.refreshing.lock().await,
        };
        // Whoever held the lock before may have refreshed already.
        let now = self.clock.now();
        let usable = match self.look(now) {
            Look::Fresh(credentials) => return Ok(credentials),
            Look::Usable(credentials) => Some(credentials),
            Look::Nothing => None,
        };
        let result = self.refresh(now).await;
        drop(guard);
        match (result, usable) {
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
        }
    }

    /// Drops what is held, so the next call asks the provider (after the API refused
    /// the credentials, say).
    pub fn invalidate(&self) {
        if let Ok(mut held) = self.held.write() {
            *held = Held::default();
        }
    }

    fn look(&self, now: SystemTime) -> Look {
        let Ok(held) = self.held.read() else {
            return Look::Nothing;
        };
        let Some(credentials) = &held.credentials else {
            return Look::Nothing;
        };
        if credentials.is_expired_at(now) {
            return Look::Nothing;
        }
        let due = credentials
            .expiry()
            .is_some_and(|expiry| expiry <= now + self.refresh_ahead);
        let waiting = held.next_try.is_some_and(|next| now < next);
        if !due || waiting {
            Look::Fresh(Arc::clone(credentials))
        } else {
            Look::Usable(Arc::clone(credentials))
        }
    }

    async fn refresh(&self, now: SystemTime) -> Result<Arc<Credentials>, CredentialsError> {
        let result = self.provider.provide_credentials().await.and_then(|fresh| {
            if fresh.is_expired_at(now) {
                Err(CredentialsError::invalid(
                    self.provider.source_name(),
                    "handed out credentials that have already expired (check the clock)",
                ))
            } else {
                Ok(fresh)
            }
        });
        let Ok(mut held) = self.held.write() else {
            return result.map(Arc::new);
        };
        match result {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                *held = Held {
                    credentials: Some(Arc::clone(&fresh)),
                    next_try: None,
                };
                tracing::debug!(expiry = ?fresh.expiry(), "credentials refreshed");
                Ok(fresh)
            }
            Err(error) => {
                held.next_try = Some(now + self.retry_refresh_after);
                Err(error)
            }
        }
    }
}

enum Look {
    /// Valid and not yet due for a refresh.
    Fresh(Arc<Credentials>),
    /// Valid, but due for a refresh.
    Usable(Arc<Credentials>),
    /// Nothing valid is held.
    Nothing,
}
