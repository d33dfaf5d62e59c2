//! The per-service client and the fluent builder of each action.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, doc_attrs, rust_type};
use crate::ir::{Action, Service, Ty};
use sigcal_protocol::names::SERVICE_CLIENT_METHODS;
use sigcal_protocol::types::Scalar;

/// `UPHostClient`: its constructor and `send`; each action's method, which returns the
/// action's builder, comes with the request's derive (`#[request(method = …)]`).
pub(super) fn service_client(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let name = format_ident!("{}", service.client_type);
    let doc = doc_attrs(&format!(
        "{}\n\nWraps a [`{}::Client`]; the default endpoint is `{}`.",
        service.doc,
        ctx.rt_path().trim_start_matches("::"),
        service.endpoint
    ));
    let [new, send] = SERVICE_CLIENT_METHODS.map(|method| format_ident!("{method}"));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            client: #rt::Client,
        }

        impl #name {
            /// Calls the service through `client`.
            pub fn #new(client: #rt::Client) -> Self {
                #name { client }
            }

            /// Sends a request built by hand.
            pub async fn #send<R: #rt::Request>(&self, request: R) -> Result<#rt::Output<R::Response>, #rt::Error> {
                self.client.send(request).await
            }

        }
    }
}

/// The builder of one action: a name for `Call<'_, ThatRequest>`. `send`, `options`,
/// `into_request`, `pages` and `items` are the shared `Call`'s (the runtime's
/// `__call_type!`); the setters and the service client's method come with the request's
/// derive (`#[request(builder = Call, method = …)]`), and paging with the request's and
/// the answer's (`pages`; `items`, `total`).
pub(super) fn builder(action: &Action) -> TokenStream {
    let name = format_ident!("{}", action.builder_type);
    let request = format_ident!("{}", action.request_type);
    let method = &action.method;
    let doc = doc_attrs(&format!(
        "Builds and sends [`{request}`]; made by the service client's `{method}`."
    ));
    quote! {
        #doc
        pub type #name<'c> = Call<'c, #request>;
    }
}

/// What a setter accepts: `impl Into<String>` for text and enums.
pub(super) fn setter_type(ctx: &Ctx, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Scalar(Scalar::String) => quote!(impl Into<String>),
        Ty::Enum(name) => {
            let name = format_ident!("{}", name);
            quote!(impl Into<#name>)
        }
        other => rust_type(ctx, other),
    }
}
