//! Hooks run for every call, typed and raw: one that may change the parameters before
//! they are signed, one after each attempt, one after the call.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{BoxError, Error};
use crate::wire::Params;

/// A hook on every call of a client ([`crate::ConfigBuilder::interceptor`]).
///
/// Each method has a default that does nothing. A hook never sees the private key:
/// `before_signing` runs before the credentials are added, and the reports carry no
/// parameter at all.
pub trait Interceptor: fmt::Debug + Send + Sync {
    /// Runs once per call, after the configuration filled `Region`, `Zone` and
    /// `ProjectId` and the required parameters were checked, before the first attempt
    /// is signed. It may add or change parameters (a tag on every `Create*`, say), and
    /// they are signed with the rest. An error stops the call before anything is sent.
    fn before_signing(&self, call: &CallContext<'_>, params: &mut Params) -> Result<(), BoxError> {
        let _ = (call, params);
        Ok(())
    }

    /// Runs after each attempt, whatever its outcome.
    fn after_attempt(&self, attempt: &AttemptReport<'_>) {
        let _ = attempt;
    }

    /// Runs once when the call ends, whatever its outcome.
    fn after_call(&self, call: &CallReport<'_>) {
        let _ = call;
    }
}

/// An interceptor the caller keeps a handle to (to read what it counted, say).
impl<T: Interceptor + ?Sized> Interceptor for Arc<T> {
    fn before_signing(&self, call: &CallContext<'_>, params: &mut Params) -> Result<(), BoxError> {
        (**self).before_signing(call, params)
    }

    fn after_attempt(&self, attempt: &AttemptReport<'_>) {
        (**self).after_attempt(attempt);
    }

    fn after_call(&self, call: &CallReport<'_>) {
        (**self).after_call(call);
    }
}

/// An interceptor behind an `Arc`, as [`crate::Config`] holds it.
#[derive(Debug, Clone)]
pub struct SharedInterceptor(Arc<dyn Interceptor>);

impl SharedInterceptor {
    /// Shares `interceptor`.
    pub fn new(interceptor: impl Interceptor + 'static) -> SharedInterceptor {
        SharedInterceptor(Arc::new(interceptor))
    }
}

impl std::ops::Deref for SharedInterceptor {
    type Target = dyn Interceptor;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

/// The call a hook runs for.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallContext<'a> {
    /// The service the action belongs to (its wire name, `UHost`), when the call named
    /// it (generated calls do; raw calls through [`crate::CallOptions::service`]).
    pub service: Option<&'a str>,
    /// The action's wire name (`CreateUHostInstance`).
    pub action: &'a str,
}

/// What one attempt did.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptReport<'a> {
    /// The service the action belongs to (its wire name, `UHost`), when the call named
    /// it (generated calls do; raw calls through [`crate::CallOptions::service`]).
    pub service: Option<&'a str>,
    /// The action's wire name.
    pub action: &'a str,
    /// Which attempt this was, from 1.
    pub attempt: u32,
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// The answer's RetCode, when an answer with one arrived.
    pub ret_code: Option<i64>,
    /// The request id, when the server sent one.
    pub request_id: Option<&'a str>,
    /// How long the attempt took.
    pub elapsed: Duration,
    /// Why the attempt failed, if it did.
    pub error: Option<&'a Error>,
}

/// What a whole call did.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallReport<'a> {
    /// The service the action belongs to (its wire name, `UHost`), when the call named
    /// it (generated calls do; raw calls through [`crate::CallOptions::service`]).
    pub service: Option<&'a str>,
    /// The action's wire name.
    pub action: &'a str,
    /// Attempts made (0 when the call stopped before sending).
    pub attempts: u32,
    /// The HTTP status of the last answer.
    pub status: Option<u16>,
    /// The RetCode of the last answer.
    pub ret_code: Option<i64>,
    /// The request id of the last answer.
    pub request_id: Option<&'a str>,
    /// How long the call took, backoff included.
    pub elapsed: Duration,
    /// Why the call failed, if it did.
    pub error: Option<&'a Error>,
}
