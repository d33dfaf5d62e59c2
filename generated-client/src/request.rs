//! What the runtime needs to know of a request type; implemented by
//! `#[derive(Request)]` for generated and hand-written request structs alike.

use serde::de::DeserializeOwned;

use crate::wire::Params;

/// A request struct that can be signed and sent.
pub trait Request {
    /// The decoded answer.
    type Response: DeserializeOwned;
    /// The wire name of the action (`DescribePHostImage`).
    const ACTION: &'static str;
    /// Whether sending it twice is harmless; unsafe actions are only retried when a
    /// call opts in.
    const RETRY_SAFE: bool;
    /// Wire names of the parameters that must be present.
    const REQUIRED: &'static [&'static str];
    /// Which of `Region`, `Zone` and `ProjectId` this action takes; unset ones are filled
    /// from the client's configuration.
    const FROM_CONFIG: &'static [&'static str];
    /// Writes every set parameter into `params`, without the envelope.
    fn write_params(&self, params: &mut Params);
}

/// Fields a request model (a struct nested in a request) writes under a key prefix;
/// implemented by `#[derive(WireModel)]`.
pub trait WireModel {
    /// Writes each set field under `prefix.Field`.
    fn write_fields(&self, prefix: &str, params: &mut Params);
}

/// A request that pages through a list with Offset/Limit; its answer carries one page
/// ([`ListResponse`]). Implemented by `#[derive(Request)]` with `#[request(pages)]`.
pub trait Paginated: Request<Response: ListResponse> + Clone {
    /// The request's offset, 0 when unset.
    fn offset(&self) -> i64;
    /// The request's page size, if set.
    fn limit(&self) -> Option<i64>;
    /// Points the request at another page.
    fn set_page(&mut self, offset: i64, limit: i64);
}

/// An answer that carries one page of a list and the list's total. Implemented by
/// `#[derive(Decode)]` with `#[wire(items = field, total = field)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not say which of its fields hold a page and the total",
    label = "the answer of a request with `#[request(pages)]`",
    note = "add `#[wire(items = …, total = …)]` to `{Self}`, beside its `#[derive(Decode)]`"
)]
pub trait ListResponse {
    /// One element of the list.
    type Item;
    /// The wire name of the list (`ImageSet`).
    const ITEMS: &'static str;
    /// The wire name of the total count (`TotalCount`).
    const TOTAL: &'static str;
    /// Splits the answer into the total count and the page's items.
    fn into_page(self) -> (Option<i64>, Vec<Self::Item>);
}

/// The element type of a paginated request's list.
pub type ItemOf<R> = <<R as Request>::Response as ListResponse>::Item;
