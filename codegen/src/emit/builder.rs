//! The per-service client and the fluent builder of each action.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, doc_attrs, ident, rust_type};
use crate::ir::{Action, Field, Service, Ty};

/// `UPHostClient`: one method per action, each returning the action's builder.
pub(super) fn service_client(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let name = format_ident!("{}", service.client_type);
    let doc = doc_attrs(&format!(
        "{}\n\nWraps a [`{}::Client`]; the default endpoint is `{}`.",
        service.doc,
        ctx.rt_path().trim_start_matches("::"),
        service.endpoint
    ));
    let methods_allow = trait_method_allow(service.actions.iter().map(|a| a.method.as_str()));
    let methods = service.actions.iter().map(|action| {
        let method = ident(&action.method);
        let builder = format_ident!("{}", action.builder_type);
        let doc = doc_attrs(&action.doc);
        let required: Vec<&Field> = action
            .params
            .iter()
            .filter(|f| f.is_plain_in_request())
            .collect();
        let args = required.iter().map(|f| {
            let ident = ident(&f.rust);
            let ty = setter_type(ctx, &f.ty);
            quote!(#ident: #ty)
        });
        let inits = required.iter().map(|f| {
            let ident = ident(&f.rust);
            match f.ty {
                Ty::String | Ty::Enum(_) => quote!(#ident: #ident.into(),),
                _ => quote!(#ident,),
            }
        });
        let request = format_ident!("{}", action.request_type);
        let request = if required.is_empty() {
            quote!(#request::default())
        } else if required.len() == action.params.len() {
            quote!(#request { #(#inits)* })
        } else if ctx.request_has_default(action) {
            quote!(#request { #(#inits)* ..Default::default() })
        } else {
            let rest = action
                .params
                .iter()
                .filter(|f| !f.is_plain_in_request())
                .map(|f| {
                    let ident = ident(&f.rust);
                    quote!(#ident: Default::default(),)
                });
            quote!(#request { #(#inits)* #(#rest)* })
        };
        // Every required parameter is an argument, as the API defines them.
        let allow = (required.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #doc
            #allow
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                Call::new(&self.client, #request)
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name {
            client: #rt::Client,
        }

        #methods_allow
        impl #name {
            /// Calls the service through `client`.
            pub fn new(client: #rt::Client) -> Self {
                #name { client }
            }

            /// Sends a request built by hand.
            pub async fn send<R: #rt::Request>(&self, request: R) -> Result<#rt::Output<R::Response>, #rt::Error> {
                self.client.send(request).await
            }

            #(#methods)*
        }
    }
}

/// The builder of one action: a name for `Call<'_, ThatRequest>`. `send`, `options`,
/// `into_request`, `pages` and `items` are the shared `Call`'s (the runtime's
/// `__call_type!`); the setters come with the request's derive
/// (`#[request(builder = Call)]`). A paginated action's request also implements
/// `Paginated`.
pub(super) fn builder(ctx: &Ctx, action: &Action) -> TokenStream {
    let rt = &ctx.rt;
    let name = format_ident!("{}", action.builder_type);
    let request = format_ident!("{}", action.request_type);
    let response = format_ident!("{}", action.response_type);
    let method = &action.method;
    let doc = doc_attrs(&format!(
        "Builds and sends [`{request}`]; made by the service client's `{method}`."
    ));
    let pagination = action.pagination.as_ref().map(|p| {
        let item = rust_type(ctx, &p.item);
        let offset = ident(&p.offset.rust);
        let limit = ident(&p.limit.rust);
        let total = ident(&p.total.rust);
        let items = ident(&p.items.rust);
        let total_wire = &p.total.wire;
        let items_wire = &p.items.wire;
        let get = |field: &Field, ident: &proc_macro2::Ident| {
            if field.is_plain_in_request() {
                quote!(Some(self.#ident))
            } else {
                quote!(self.#ident)
            }
        };
        let set = |field: &Field, ident: &proc_macro2::Ident, value: TokenStream| {
            if field.is_plain_in_request() {
                quote!(self.#ident = #value;)
            } else {
                quote!(self.#ident = Some(#value);)
            }
        };
        let offset_value = if p.offset.is_plain_in_request() {
            quote!(self.#offset)
        } else {
            quote!(self.#offset.unwrap_or(0))
        };
        let get_limit = get(&p.limit, &limit);
        let set_offset = set(&p.offset, &offset, quote!(offset));
        let set_limit = set(&p.limit, &limit, quote!(limit));
        quote! {
            impl #rt::Paginated for #request {
                type Item = #item;
                const ITEMS: &'static str = #items_wire;
                const TOTAL: &'static str = #total_wire;
                fn offset(&self) -> i64 {
                    #offset_value
                }
                fn limit(&self) -> Option<i64> {
                    #get_limit
                }
                fn set_page(&mut self, offset: i64, limit: i64) {
                    #set_offset
                    #set_limit
                }
                fn into_page(response: #response) -> (Option<i64>, Vec<#item>) {
                    (response.#total, response.#items)
                }
            }
        }
    });
    quote! {
        #doc
        pub type #name<'c> = Call<'c, #request>;
        #pagination
    }
}

/// What a setter accepts: `impl Into<String>` for text and enums.
pub(super) fn setter_type(ctx: &Ctx, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(impl Into<String>),
        Ty::Enum(name) => {
            let name = format_ident!("{}", name);
            quote!(impl Into<#name>)
        }
        other => rust_type(ctx, other),
    }
}

/// Method names clippy's `should_implement_trait` expects to be trait methods.
const TRAIT_METHODS: [&str; 30] = [
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// `#[allow(clippy::should_implement_trait)]` when a method is named after an action or
/// a parameter that happens to spell a trait method (UAccount's `Add` parameter).
fn trait_method_allow<'a>(mut names: impl Iterator<Item = &'a str>) -> Option<TokenStream> {
    names
        .any(|name| TRAIT_METHODS.contains(&name))
        .then(|| quote!(#[allow(clippy::should_implement_trait)]))
}
