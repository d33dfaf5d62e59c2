//! A typed, signed client for the SigcalCloud API.
//!
//! The request, response and model types and the per-service clients in
//! [`uphost`] are generated from `spec/uphost.yaml`; everything else (signing,
//! transport, configuration, errors, retries, pagination) is the hand-written runtime
//! they call.

// Generated code names the runtime as `::sigcal_client`, which must also resolve
// inside this crate.
extern crate self as sigcal_client;

mod client;
mod config;
mod error;
#[cfg(feature = "fake")]
pub mod fake;
pub mod lenient;
pub mod meta;
mod request;
pub mod signer;
pub mod transport;
pub mod wire;

pub use client::{CallOptions, Client, Output, Page};
pub use config::{
    Config, ConfigBuilder, Credentials, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, RetryPolicy,
};
pub use error::Error;
pub use request::{Paginated, Request, WireModel};
pub use sigcal_macros::{Request, WireModel};
pub use wire::{Params, WireValue};

#[rustfmt::skip]
mod generated;
pub use generated::*;

/// Items generated code needs from the runtime's own dependencies, so users of
/// generated code need no direct dependency on them. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use futures_util::stream::BoxStream;
    pub use serde;
    pub use serde_json;
}

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("sigcal/", env!("CARGO_PKG_VERSION"));
