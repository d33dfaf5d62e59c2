//! Waiting for a state: poll an action until its answer says the resource is ready (or
//! has failed), with backoff and jitter between polls and a maximum wait.
//!
//! Waiters are declared in the spec (`waiters:`) and generated: each is a type
//! implementing [`Waiter`], whose `classify` is the spec's acceptors compiled to Rust,
//! and a method on its service client, such as
//! `uhost.wait_until_uhost_instance_running(ids).wait().await`. The loop
//! itself is [`wait`], written once here.

use std::fmt;
use std::time::Duration;

use tokio::time::Instant;

use crate::client::{CallOptions, Client, Output};
use crate::error::Error;
use crate::request::Request;

pub use sigcal_protocol::waiter::{MIN_POLL_DELAY, Matcher, Outcome};

/// The acceptor that matched: what it decided and what it looked at, in the spec's
/// words (`` UHostSet[].State is `Install Fail` in some item ``).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched {
    /// The decision.
    pub outcome: Outcome,
    /// What matched.
    pub acceptor: &'static str,
}

/// A waiter: which action it polls and how it reads each answer. Implemented by
/// generated code from the spec's `waiters:`.
pub trait Waiter {
    /// The request polled.
    type Request: Request + Clone;
    /// The waiter's name in the spec (`UHostInstanceRunning`).
    const NAME: &'static str;
    /// The shortest delay between polls.
    const MIN_DELAY: Duration;
    /// The longest delay between polls.
    const MAX_DELAY: Duration;
    /// How long to wait in all unless the caller says otherwise.
    const MAX_WAIT: Duration;
    /// The polled request's parameters that name what is waited on (`UHostIds`): a
    /// wait refuses to start while one is unset or empty, since it would wait on every
    /// resource of the account.
    const INPUTS: &'static [&'static str] = &[];

    /// The first acceptor, in the spec's order, that matches this poll's answer or
    /// error; `None` when none does (an answer then means "poll again", an error ends
    /// the wait).
    fn classify(answer: Result<&<Self::Request as Request>::Response, &Error>) -> Option<Matched>;
}

/// A wait that succeeded.
#[derive(Debug)]
#[non_exhaustive]
pub struct Waited<R> {
    /// The last answer; `None` when success was an error RetCode (a resource that is
    /// gone, say).
    pub answer: Option<Output<R>>,
    /// Polls made.
    pub polls: u32,
    /// Time from the first poll to the last answer.
    pub elapsed: Duration,
}

/// Why a wait ended without the state waited for.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<R> {
    /// The resource reached a failure state.
    Failed {
        /// The waiter.
        waiter: &'static str,
        /// The acceptor that matched (the state, in the spec's words).
        acceptor: &'static str,
        /// The answer that matched; `None` when an error RetCode did.
        answer: Option<Box<Output<R>>>,
        /// Polls made.
        polls: u32,
    },
    /// The maximum wait passed.
    TimedOut {
        /// The waiter.
        waiter: &'static str,
        /// The maximum wait.
        max_wait: Duration,
        /// Polls made.
        polls: u32,
        /// The last answer, if any poll was answered.
        last: Option<Box<Output<R>>>,
    },
    /// A poll failed (after the call's own retry policy) with an error no acceptor
    /// expects.
    Request {
        /// The waiter.
        waiter: &'static str,
        /// Polls made, the failed one included.
        polls: u32,
        /// The error.
        source: Error,
    },
}

impl<R> fmt::Display for WaitError<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed {
                waiter,
                acceptor,
                polls,
                ..
            } => write!(
                f,
                "{waiter}: failure state reached after {polls} poll(s): {acceptor}"
            ),
            WaitError::TimedOut {
                waiter,
                max_wait,
                polls,
                ..
            } => write!(
                f,
                "{waiter}: not reached within {} ({polls} poll(s))",
                humantime::format_duration(*max_wait)
            ),
            WaitError::Request {
                waiter,
                polls,
                source,
            } => write!(f, "{waiter}: poll {polls} failed: {source}"),
        }
    }
}

impl<R: fmt::Debug> std::error::Error for WaitError<R> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Request { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// How long a wait may take and how often it polls; the waiter's defaults unless set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// The shortest delay between polls.
    pub min_delay: Duration,
    /// The longest delay between polls.
    pub max_delay: Duration,
    /// How long to wait in all.
    pub max_wait: Duration,
}

impl WaitOptions {
    /// The defaults of waiter `W`.
    pub fn of<W: Waiter>() -> WaitOptions {
        WaitOptions {
            min_delay: W::MIN_DELAY,
            max_delay: W::MAX_DELAY,
            max_wait: W::MAX_WAIT,
        }
    }
}

/// Polls `request` through `client` until waiter `W` decides, or `options.max_wait`
/// passes (see [`poll_until`] for the loop).
pub async fn wait<W: Waiter>(
    client: &Client,
    request: W::Request,
    options: WaitOptions,
    call: &CallOptions,
) -> Result<Waited<<W::Request as Request>::Response>, WaitError<<W::Request as Request>::Response>>
{
    let mut params = crate::Params::new();
    request.write_params(&mut params);
    if let Err(source) = check_inputs(W::NAME, <W::Request as Request>::ACTION, W::INPUTS, &params)
    {
        return Err(WaitError::Request {
            waiter: W::NAME,
            polls: 0,
            source,
        });
    }
    poll_until(
        W::NAME,
        options,
        || client.send_with(request.clone(), call),
        W::classify,
        |_| {},
    )
    .await
}

/// Refuses a wait whose request leaves one of `inputs` (the parameters that name what
/// is waited on) unset or empty: it would poll every resource of the account, and
/// unrelated ones would decide its outcome. Used by generated waiters and by `sigcal`.
pub fn check_inputs(
    waiter: &str,
    action: &str,
    inputs: &[&str],
    params: &crate::Params,
) -> Result<(), Error> {
    let named = |input: &str| {
        params.iter().any(|(key, value)| {
            !value.is_empty() && sigcal_protocol::keys::segments(key).next() == Some(input)
        })
    };
    let missing: Vec<&str> = inputs
        .iter()
        .copied()
        .filter(|input| !named(input))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::InvalidRequest {
        action: action.to_owned(),
        message: format!(
            "{waiter} needs {} to name what it waits on; without it, it would wait on every resource of the account",
            missing.join(" and ")
        ),
    })
}

/// One poll, as [`poll_until`] shows it to its observer.
#[derive(Debug)]
#[non_exhaustive]
pub struct Poll<'a, R> {
    /// Which poll (from 1).
    pub number: u32,
    /// Time since the first poll started.
    pub elapsed: Duration,
    /// Its answer or error.
    pub result: Result<&'a R, &'a Error>,
    /// The acceptor that matched, if any.
    pub matched: Option<Matched>,
}

/// The loop of every wait, generated or driven by metadata (`sigcal <service> wait`):
/// calls `poll` until `classify` finds a success or failure acceptor for its result, or
/// `options.max_wait` passes. Between polls it sleeps a random delay between the minimum
/// and an exponentially growing ceiling (capped at the maximum delay), never past the
/// maximum wait, and never less than [`MIN_POLL_DELAY`]. A poll still unanswered when
/// the maximum wait passes is dropped and the wait times out. An error no acceptor
/// matches ends the wait. `observe` sees every poll
/// (for progress), after a `debug` tracing event. Dropping the future cancels the wait.
pub async fn poll_until<R, F, Fut, C>(
    waiter: &'static str,
    options: WaitOptions,
    mut poll: F,
    classify: C,
    mut observe: impl FnMut(&Poll<'_, R>),
) -> Result<Waited<R>, WaitError<R>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Output<R>, Error>>,
    C: Fn(Result<&R, &Error>) -> Option<Matched>,
{
    let started = Instant::now();
    // A maximum wait too long to reach (`Duration::MAX`) is no limit.
    let ends_at = started.checked_add(options.max_wait);
    let mut polls = 0u32;
    let mut last = None;
    loop {
        polls += 1;
        // A poll that hangs is cut off where the maximum wait ends.
        let result = match ends_at {
            None => poll().await,
            Some(end) => match tokio::time::timeout_at(end, poll()).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(WaitError::TimedOut {
                        waiter,
                        max_wait: options.max_wait,
                        polls,
                        last: last.map(Box::new),
                    });
                }
            },
        };
        let answer = result.as_ref().map(|output| &**output);
        let matched = classify(answer);
        let elapsed = started.elapsed();
        tracing::debug!(
            waiter,
            poll = polls,
            elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            matched = matched.map(|m| m.acceptor),
            "poll"
        );
        observe(&Poll {
            number: polls,
            elapsed,
            result: answer,
            matched,
        });
        match (matched, result) {
            (
                Some(Matched {
                    outcome: Outcome::Success,
                    ..
                }),
                result,
            ) => {
                return Ok(Waited {
                    answer: result.ok(),
                    polls,
                    elapsed: started.elapsed(),
                });
            }
            (
                Some(Matched {
                    outcome: Outcome::Failure,
                    acceptor,
                }),
                result,
            ) => {
                return Err(WaitError::Failed {
                    waiter,
                    acceptor,
                    answer: result.ok().map(Box::new),
                    polls,
                });
            }
            (_, Ok(answer)) => last = Some(answer),
            (Some(_), Err(_)) => {}
            (None, Err(source)) => {
                return Err(WaitError::Request {
                    waiter,
                    polls,
                    source,
                });
            }
        }
        let delay = delay(options, polls);
        let now = Instant::now();
        if ends_at.is_some_and(|end| now.checked_add(delay).is_none_or(|at| at >= end)) {
            // The next poll would come after the maximum wait.
            return Err(WaitError::TimedOut {
                waiter,
                max_wait: options.max_wait,
                polls,
                last: last.map(Box::new),
            });
        }
        tokio::time::sleep(delay).await;
    }
}

/// The delay after poll `polls`: random between the minimum and
/// `min * 2^(polls-1)`, capped at the maximum; never below [`MIN_POLL_DELAY`].
fn delay(options: WaitOptions, polls: u32) -> Duration {
    let min = options.min_delay.max(MIN_POLL_DELAY);
    let max = options.max_delay.max(min);
    let ceiling = min
        .saturating_mul(1u32 << polls.saturating_sub(1).min(20))
        .min(max);
    let low = u64::try_from(min.as_nanos()).unwrap_or(u64::MAX);
    let high = u64::try_from(ceiling.as_nanos())
        .unwrap_or(u64::MAX)
        .max(low);
    Duration::from_nanos(rand::random_range(low..=high))
}

/// Whether every value is `expected`, and there is at least one (the `all_equal`
/// matcher, for generated acceptors).
pub fn all_equal<T: PartialEq<E>, E: ?Sized>(
    values: impl IntoIterator<Item = T>,
    expected: &E,
) -> bool {
    Matcher::AllEqual.matches(values, |value| *value == *expected)
}

/// Whether some value is `expected` (the `any_equal` and `equal` matchers).
pub fn any_equal<T: PartialEq<E>, E: ?Sized>(
    values: impl IntoIterator<Item = T>,
    expected: &E,
) -> bool {
    Matcher::AnyEqual.matches(values, |value| *value == *expected)
}

/// Defines `Wait` in the module that invokes it (as `__call_type!` does `Call`), so the
/// generator can write each waiter's input setters as inherent methods. Used by
/// generated code; not a stable API.
#[macro_export]
#[doc(hidden)]
macro_rules! __wait_type {
    ($($service:literal)?) => {
        /// One wait for a state: the request polled, how long to wait, and the client.
        ///
        /// Made by the service client's `wait_until_…` methods, which also give it its
        /// input setters.
        #[derive(Debug, Clone)]
        #[must_use = "a wait does nothing until `wait` is awaited"]
        pub struct Wait<'c, W: $crate::waiter::Waiter> {
            client: &'c $crate::Client,
            request: W::Request,
            options: $crate::waiter::WaitOptions,
            call: $crate::CallOptions,
        }

        impl<'c, W: $crate::waiter::Waiter> Wait<'c, W> {
            /// A wait of `W` polling `request` through `client`, with `W`'s defaults.
            pub fn new(client: &'c $crate::Client, request: W::Request) -> Self {
                Wait {
                    client,
                    request,
                    options: $crate::waiter::WaitOptions::of::<W>(),
                    call: $crate::CallOptions::default()$(.service($service))?,
                }
            }

            /// How long to wait in all (the waiter's default otherwise); a poll still
            /// unanswered then is dropped. `Duration::MAX` waits for as long as it
            /// takes.
            pub fn max_wait(mut self, max_wait: ::core::time::Duration) -> Self {
                self.options.max_wait = max_wait;
                self
            }

            /// The delays between polls: random between `min` and a ceiling that
            /// doubles each poll up to `max`; never below
            /// [`MIN_POLL_DELAY`]($crate::waiter::MIN_POLL_DELAY).
            pub fn delays(mut self, min: ::core::time::Duration, max: ::core::time::Duration) -> Self {
                self.options.min_delay = min;
                self.options.max_delay = max;
                self
            }

            /// Options for each poll (timeout, attempts, deadline of one poll).
            pub fn call_options(mut self, mut options: $crate::CallOptions) -> Self {
                options.service = options.service.or(self.call.service);
                self.call = options;
                self
            }

            /// The request polled, as built so far.
            pub fn request(&self) -> &W::Request {
                &self.request
            }

            /// Polls until the state is reached, a failure state is, or the maximum
            /// wait passes.
            pub async fn wait(
                self,
            ) -> ::core::result::Result<
                $crate::waiter::Waited<<W::Request as $crate::Request>::Response>,
                $crate::waiter::WaitError<<W::Request as $crate::Request>::Response>,
            > {
                $crate::waiter::wait::<W>(self.client, self.request, self.options, &self.call).await
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use sigcal_protocol::names::WAITER_METHODS;

    /// The generator reserves `WAITER_METHODS` so that no input setter on a wait takes
    /// one of their names; a macro cannot read a constant, so this reads the macro's
    /// source: it defines exactly the listed methods.
    #[test]
    fn the_wait_type_defines_exactly_the_reserved_methods() {
        let source = include_str!("waiter.rs");
        let start = source.find("macro_rules! __wait_type").unwrap_or(0);
        let end = source.find("#[cfg(test)]").unwrap_or(source.len());
        let body = source.get(start..end).unwrap_or_default();
        let defined = crate::call::tests::public_fns(body);
        let mut reserved = WAITER_METHODS.to_vec();
        reserved.sort_unstable();
        assert_eq!(defined, reserved);
    }
}
