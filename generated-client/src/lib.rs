//! A typed, signed client for the SigcalCloud API.
//!
//! The request, response and model types and the service clients in [`uphost`] are
//! generated from `spec/uphost.yaml`; everything else (signing, transport,
//! configuration, errors, retries, pagination) is the hand-written runtime they call.
//!
//! ```
//! # #[cfg(feature = "uphost")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::TryStreamExt as _;
//! use sigcal_client::uphost::{ImageType, UPHostClient};
//!
//! // A fake SigcalCloud API on 127.0.0.1 (the `sigcal-fake` crate). Against the real API:
//! // `UPHostClient::new(sigcal_client::Client::from_env()?)`, configured by SIGCAL_* variables.
//! let server = sigcal_fake::FakeServer::start().await?;
//! let uphost = UPHostClient::new(server.client());
//!
//! let page = uphost.describe_phost_image().zone("cn-bj2-05").image_type(ImageType::Base).limit(5).send().await?;
//! assert_eq!(page.image_set.len(), 5);
//! println!("{} base images; request id {:?}", page.total_count.unwrap_or(0), page.request_id());
//!
//! // Every image, page by page.
//! let all: Vec<_> = uphost.describe_phost_image().limit(10).items().try_collect().await?;
//! assert_eq!(all.len(), 48);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "uphost"))]
//! # fn main() {}
//! ```
//!
//! Errors are one type, [`Error`], whose kinds a caller can match on; retries are off
//! by default ([`ConfigBuilder::max_attempts`]); the private key never appears in
//! `Debug` output, errors or logs.

// Generated code names the runtime as `::sigcal_client`, which must also resolve
// inside this crate.
#[allow(
    unused_extern_crates,
    reason = "unused only when every service feature is off"
)]
extern crate self as sigcal_client;

#[cfg(feature = "blocking")]
pub mod blocking;
mod call;
mod client;
mod config;
pub mod credentials;
mod error;
pub mod interceptor;
pub mod lenient;
#[cfg(feature = "metadata")]
pub mod meta;
pub mod protocol;
mod request;
mod retry;
pub mod signer;
pub mod transport;
pub mod waiter;
pub mod wire;

pub use client::{CallOptions, Client, Output, Page};
pub use config::{Config, ConfigBuilder, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, RetryPolicy};
pub use credentials::{Credentials, CredentialsError};
pub use error::{BoxError, Error};
pub use interceptor::Interceptor;
pub use request::{ItemOf, ListResponse, Paginated, Request, WireModel};
pub use retry::RetryBudget;
pub use sigcal_macros::{Decode, Describe, OpenEnum, Request, WireModel, WireSerialize};
pub use wire::{Params, WireValue};

#[rustfmt::skip]
mod generated;
#[allow(
    unused_imports,
    unreachable_pub,
    reason = "empty when every service feature is off"
)]
pub use generated::*;

/// Readers of outside input that have no public entry of their own, for the fuzz
/// targets in `fuzz/`. Not a stable API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::credentials::instance_metadata_answer;
}

/// Items generated code needs from the runtime's own dependencies, so users of
/// generated code need no direct dependency on them. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use futures_util::stream::BoxStream;
    pub use serde;
    pub use serde_json;

    /// What `Debug` shows of a secret field (`sensitive` in the spec): whether it is
    /// set, never its value.
    pub enum Redacted {
        /// A value is there.
        Set,
        /// A set `Option`.
        Some,
        /// An unset `Option`.
        Unset,
        /// A list of this many values.
        List(usize),
    }

    impl core::fmt::Debug for Redacted {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            match self {
                Redacted::Set => f.write_str("<redacted>"),
                Redacted::Some => f.write_str("Some(<redacted>)"),
                Redacted::Unset => f.write_str("None"),
                Redacted::List(n) => write!(f, "[<redacted>; {n}]"),
            }
        }
    }

    /// The shapes a secret field has: a value, an `Option`, a `Vec`.
    pub trait Redact {
        /// What `Debug` shows instead of the value.
        fn redacted(&self) -> Redacted;
    }

    impl Redact for String {
        fn redacted(&self) -> Redacted {
            Redacted::Set
        }
    }

    impl<T> Redact for Option<T> {
        fn redacted(&self) -> Redacted {
            if self.is_some() {
                Redacted::Some
            } else {
                Redacted::Unset
            }
        }
    }

    impl<T> Redact for Vec<T> {
        fn redacted(&self) -> Redacted {
            Redacted::List(self.len())
        }
    }
}

/// The `User-Agent` every request carries, before the configured suffix
/// ([`ConfigBuilder::user_agent_suffix`]).
pub const USER_AGENT: &str = concat!("sigcal/", env!("CARGO_PKG_VERSION"));
