//! The flat wire form of a request: every parameter as one `key -> value` string pair,
//! exactly as it is sent and signed.
//!
//! Three concerns, a file each: [`Params`] stores the pairs in signing order
//! (`params.rs`, with the byte order of keys in `order.rs`); [`WireValue`] encodes a
//! value as pairs (`value.rs`); `list.rs` writes a list item's index and walks a list in
//! the order of its keys, which both of the others use.

mod list;
mod order;
mod params;
mod value;

pub use params::Params;
pub use value::{WireValue, format_float};
