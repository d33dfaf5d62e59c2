//! Derive macros that put sigcal request structs on the wire.
//!
//! `#[derive(Request)]` implements `sigcal_client::Request` for a struct: how each field
//! is written into the flat parameter map, the action's wire name, its response type
//! and whether it is safe to retry. `#[derive(WireModel)]` does the same for structs
//! nested in requests (`Disks.0.Size`). `#[derive(Decode)]` reads a struct from an answer,
//! leniently, through `sigcal_client::lenient` (no serde derive per type: see
//! BENCHMARKS.md); the field's type as written picks how: `String`, `i64`, `f64`, `bool`
//! and options and lists of them as lenient scalars, `Option<T>` of another type as one
//! model or enum, `Vec<T>` of one as a tolerant list, anything else with `null` as the
//! default. `#[derive(OpenEnum)]` gives an enum of documented values plus a last
//! `Unknown(String)` its wire form both ways. `#[derive(Describe)]` gives any of these
//! the static metadata tools read (`sigcal_client::meta`), from the same attributes and
//! the first sentence of each doc comment, so that a description is written once.
//! `#[derive(WireSerialize)]` is serde's `Serialize` under the same wire names, for
//! answers that are stored or forwarded.
//!
//! # Attributes
//!
//! On the struct, `#[request(...)]` (only for `Request`):
//!
//! | key | value | meaning |
//! |---|---|---|
//! | `action` | string | the wire name of the action; for a struct named `<Action>Request`, `<Action>` when absent |
//! | `response` | type | the type the answer decodes into; for a struct named `<Action>Request`, `<Action>Response` when absent |
//! | `retry_safe` | `true`/`false`, or bare | whether repeating the call is harmless; inferred from the verb when absent (`Describe`, `Get`, `List` are safe) |
//! | `builder` | type | for generated code: the module's `Call` (the runtime's `__call_type!`), which gets a fluent setter per `Option` or `Vec` field, documented as the field |
//! | `method` | path | with `builder`: `Client::name`, the service client's method that starts a call, documented as the struct; each field outside `Option` and `Vec` is an argument (`impl Into<T>`), in field order. `Client` is a struct of the same module holding a `client: sigcal_client::Client` field, as generated service clients do |
//! | `pages` | bare, or `pages(offset = field, limit = field)` | implements `Paginated` through the fields `offset` and `limit` (or those named), `i64` in an `Option` or not; the answer implements `ListResponse` |
//! | `crate` | string | the path of the runtime crate (default `::sigcal_client`) |
//!
//! On the struct, `#[wire(...)]` (for `WireModel`, `Decode`, `WireSerialize`, `OpenEnum`):
//! `crate = "..."` names the runtime (`Describe` reads it there or in `#[request(...)]`);
//! `items = field, total = field` (for `Decode`) implements `ListResponse`: the field
//! holding an answer's page of a list (a `Vec`) and the one holding the list's total
//! (an `i64`, in an `Option` or not).
//!
//! On a field, `#[wire(...)]`:
//!
//! | key | value | meaning |
//! |---|---|---|
//! | `rename` | string | the wire name (default: the field name in PascalCase) |
//! | `alias` | string, repeatable | another wire name `Decode` also reads the field from; for `Describe`, the first is the reference page's spelling (`FieldMeta::page_name`) |
//! | `required` | bare | the request is refused before any I/O when it is unset; for `Describe`, also a list a model must carry (fields outside `Option` and `Vec` are required anyway) |
//! | `skip` | bare | not sent |
//!
//! Fields named `Region`, `Zone` or `ProjectId` on the wire are filled from the client's
//! configuration when unset.

#[cfg(feature = "spec")]
mod spec;

use proc_macro::TokenStream;

/// Implements `sigcal_client::Request`; see the crate documentation for attributes.
#[proc_macro_derive(Request, attributes(request, wire))]
pub fn derive_request(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    sigcal_derive::request(&input).into()
}

/// Implements `sigcal_client::WireModel` and `WireValue` for a struct nested in
/// requests; see the crate documentation for attributes.
#[proc_macro_derive(WireModel, attributes(wire))]
pub fn derive_wire_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    sigcal_derive::wire_model(&input).into()
}

/// Implements serde's `Deserialize` for a struct that answers carry, leniently (through
/// `sigcal_client::lenient`): unknown keys are skipped, absent ones keep their default,
/// numbers may come as strings and the reverse. See the crate documentation.
#[proc_macro_derive(Decode, attributes(wire))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    sigcal_derive::decode(&input).into()
}

/// Implements an open enum's `as_str`, `From<&str>`, `Display`, `WireValue` and
/// serde's `Serialize` and `Deserialize` (leniently): unit variants are the documented
/// values (the variant's name, or `#[wire(rename = "...")]`), and the last variant holds
/// a `String`, any other value, kept as sent.
#[proc_macro_derive(OpenEnum, attributes(wire))]
pub fn derive_open_enum(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    sigcal_derive::open_enum(&input).into()
}

/// Implements serde's `Serialize` for a struct under its wire names (`#[wire(rename)]`,
/// or the field name in PascalCase): what a decoded answer looks like when stored or
/// forwarded. Unset options are written as `null`.
#[proc_macro_derive(WireSerialize, attributes(wire))]
pub fn derive_wire_serialize(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    sigcal_derive::wire_serialize(&input).into()
}

/// Implements `sigcal_client::meta::Described` for a struct (its name, the first
/// sentence of its doc, and each field's wire name, Rust name, spec type, whether it is
/// required and the first sentence of its doc) or `sigcal_client::meta::DescribedEnum`
/// for an open enum (its documented values): the metadata the command-line tool and the
/// fake server work from, read from the attributes the other derives read.
#[proc_macro_derive(Describe, attributes(request, wire))]
pub fn derive_describe(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    sigcal_derive::describe(&input).into()
}

/// Expands to the client generated from a spec file (a path relative to the crate's
/// `Cargo.toml`): `sigcal_macros::generate!("spec/uphost.yaml");`. Spec errors become
/// compile errors that quote the spec's `file:line:column`.
///
/// The generator's options follow as `name = "value"` pairs, named as
/// `sigcal_codegen::Options`'s setters: `runtime_path` (where the generated code finds
/// the runtime, default `::sigcal_client`), `metadata_feature` and `serialize_feature`
/// (the cargo features of your crate that compile the metadata table and `Serialize`;
/// default always and never; the metadata table needs `sigcal-client`'s `metadata`
/// feature, so a crate's own feature turns that one on):
///
/// ```ignore
/// sigcal_macros::generate!("spec/uphost.yaml", runtime_path = "::vendor::sigcal");
/// ```
///
/// A name it does not know, or a value the setter refuses, is a compile error at that
/// name or value.
#[cfg(feature = "spec")]
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as spec::Input);
    spec::generate(&input).into()
}
