//! What sigcal's derives write, as a library: `sigcal-macros` wraps each function here
//! in a `#[proc_macro_derive]`, and `sigcal-codegen` calls them on the types it generates
//! to write their impls into the generated file ahead of time (a generated client then
//! runs no procedural macro when it compiles: see BENCHMARKS.md, issue #40). One
//! implementation of each derive, two ways in.
//!
//! Each function takes the item as parsed and returns its impls, with a `compile_error!`
//! at the offending tokens for a mistake in the attributes. The attributes and what each
//! derive writes are documented in `sigcal-macros`.

mod attrs;
mod decode;
mod describe;
mod fields;
mod open_enum;
mod request;
mod serialize;
mod wire_model;

use proc_macro2::TokenStream;

/// `#[derive(Request)]`: the wire encoding of an action's parameters, and with
/// `builder`/`method`/`pages` the service client's method, the builder's setters and
/// paging.
pub fn request(input: &syn::DeriveInput) -> TokenStream {
    request::derive(input)
}

/// `#[derive(WireModel)]`: the wire encoding of a struct nested in a request.
pub fn wire_model(input: &syn::DeriveInput) -> TokenStream {
    wire_model::derive(input)
}

/// `#[derive(Decode)]`: the lenient `Deserialize` of an answer or model.
pub fn decode(input: &syn::DeriveInput) -> TokenStream {
    decode::derive(input)
}

/// `#[derive(OpenEnum)]`: the wire form of an enum with a last `Unknown(String)`.
pub fn open_enum(input: &syn::DeriveInput) -> TokenStream {
    open_enum::derive(input)
}

/// `#[derive(WireSerialize)]`: serde's `Serialize` under the wire names.
pub fn wire_serialize(input: &syn::DeriveInput) -> TokenStream {
    serialize::derive(input)
}

/// `#[derive(Describe)]`: the static metadata of a request, answer, model or enum.
pub fn describe(input: &syn::DeriveInput) -> TokenStream {
    describe::describe(input)
}

/// What a derive is: the item as parsed in, its impls out.
pub type Derive = fn(&syn::DeriveInput) -> TokenStream;

/// The derives this crate implements, by the name they are derived under.
pub const DERIVES: &[(&str, Derive)] = &[
    ("Request", request),
    ("WireModel", wire_model),
    ("Decode", decode),
    ("OpenEnum", open_enum),
    ("WireSerialize", wire_serialize),
    ("Describe", describe),
];

/// The helper attributes the derives read (`#[request(...)]`, `#[wire(...)]`).
pub const HELPER_ATTRIBUTES: &[&str] = &["request", "wire"];
