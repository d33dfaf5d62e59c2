//! The conventions sigcal's crates share, each written once: the generator checks and
//! compiles with them, the runtime, the fake server and the `sigcal` tool apply them.
//!
//! - [`config`]: the parameters the configuration fills (`Region`, `Zone`, `ProjectId`)
//!   and the `SIGCAL_*` environment variables.
//! - [`doc`]: spec text as rustdoc Markdown (escaped) and back, exactly.
//! - [`envelope`]: the parameters and fields every call carries (`Action`, `Signature`,
//!   `RetCode`, …) and the answer's `{Action}Response` name.
//! - [`keys`]: the flat keys of a request (`Name.0`, `Name.Field`), built and read.
//! - [`names`]: the case rules (`DescribePHostImage` -> `describe_phost_image`), a
//!   field's wire name, what a name may be spelt with, the `Request`/`Response`
//!   suffixes and the default runtime path.
//! - [`path`]: the syntax of a place in an answer (`UHostSet[].State`), which waiters in
//!   the spec and `sigcal --query` use.
//! - [`secrets`]: which values are secrets (by name, in any letter case), and quoting
//!   an answer without them.
//! - [`ret_codes`]: the RetCodes every service shares, what each means and the hint it
//!   deserves.
//! - [`retry`]: which actions are retried by their verb, and which answers are worth
//!   another attempt (RetCodes 150, 153, 2000 and up; HTTP 429, 502–504).
//! - [`suggest`]: "did you mean" for a misspelt name.
//! - [`types`]: the spec's type language (`array[PHostImageSet]`), parsed once, and
//!   the Rust type of each scalar.
//! - [`waiter`]: what a waiter's acceptor decides and how it compares, shared by the
//!   spec, the runtime and the tool.

pub mod config;
pub mod doc;
pub mod envelope;
pub mod keys;
pub mod names;
pub mod path;
pub mod ret_codes;
pub mod retry;
pub mod secrets;
pub mod suggest;
pub mod types;
pub mod waiter;
