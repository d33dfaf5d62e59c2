//! Stage 4: IR to tokens. One function per kind of item; the IR has already settled
//! every name, so this stage only arranges tokens.

mod builder;
mod example;
mod metadata;
mod types;
mod waiters;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::Options;
use crate::ir::{Service, Ty};

/// Everything generated for one service.
pub(crate) fn service(service: &Service, options: &Options) -> TokenStream {
    let rt = options.runtime_path_tokens();
    let ctx = Ctx {
        rt,
        metadata_cfg: options.metadata_cfg(),
        no_default: service
            .models
            .iter()
            .filter(|m| m.plain_fields().next().is_some())
            .map(|m| m.rust.clone())
            .chain(service.enums.iter().map(|e| e.rust.clone()))
            .collect(),
        serialize_feature: options.serialize_feature_name().map(str::to_owned),
        metadata_feature: options.metadata_feature_name().map(str::to_owned),
        client_type: service.client_type.clone(),
        examples: options.doc_examples_crate().map(str::to_owned),
    };
    let enums = service.enums.iter().map(|e| types::open_enum(&ctx, e));
    let models = service.models.iter().map(|m| types::model(&ctx, m));
    let actions = service.actions.iter().map(|a| {
        let example = ctx
            .examples
            .as_deref()
            .map(|krate| example::attrs(krate, service, a));
        let request = types::request(&ctx, a, example);
        let response = types::response(&ctx, a);
        let builder = builder::builder(a);
        quote! { #request #response #builder }
    });
    let client = builder::service_client(&ctx, service);
    let metadata = metadata::table(&ctx, service);
    let waiters = waiters::waiters(&ctx, service);
    let rt = &ctx.rt;
    let name = &service.name;
    quote! {

        #client
        #rt::__call_type!(#name);
        #(#actions)*
        #waiters
        #(#models)*
        #(#enums)*
        #metadata
    }
}

/// Paths the emitters share.
pub(crate) struct Ctx {
    /// The runtime crate, `::sigcal_client` by default.
    pub(crate) rt: TokenStream,
    /// `#[cfg(feature = "…")]` on the metadata table, or nothing.
    pub(crate) metadata_cfg: TokenStream,
    /// Types without a `Default`: models with required fields, and enums.
    pub(crate) no_default: std::collections::BTreeSet<String>,
    /// The cargo feature that derives `Serialize` on response types and models, if any.
    pub(crate) serialize_feature: Option<String>,
    /// The cargo feature the metadata is compiled under, if any.
    pub(crate) metadata_feature: Option<String>,
    /// The service client, whose methods the request derives write.
    pub(crate) client_type: String,
    /// The crate the services are modules of, for the examples in the docs; none
    /// writes no examples.
    pub(crate) examples: Option<String>,
}

impl Ctx {
    /// Whether a request struct can derive `Default`: none of its plain fields is an
    /// enum or a model without one.
    pub(crate) fn request_has_default(&self, action: &crate::ir::Action) -> bool {
        !action.params.iter().any(|f| {
            f.is_plain_in_request()
                && matches!(&f.ty, Ty::Model(name) | Ty::Enum(name) if self.no_default.contains(name))
        })
    }
}

impl Ctx {
    /// `Describe`, the metadata the service table reads, derived in an attribute of its
    /// own (so the main derive list keeps to one line), under the metadata feature if
    /// there is one.
    pub(crate) fn describe(&self) -> TokenStream {
        let rt = &self.rt;
        match &self.metadata_feature {
            Some(feature) => quote!(#[cfg_attr(feature = #feature, derive(#rt::Describe))]),
            None => quote!(#[derive(#rt::Describe)]),
        }
    }

    /// The runtime path as attribute text (`::sigcal_client`).
    pub(crate) fn rt_path(&self) -> String {
        self.rt.to_string().replace(' ', "")
    }

    /// `crate = "…"` for the derives' attributes, only when the runtime is not at the
    /// derives' default path, `::sigcal_client`.
    pub(crate) fn crate_key(&self) -> Option<TokenStream> {
        let path = self.rt_path();
        (path != sigcal_protocol::names::DEFAULT_RUNTIME_PATH).then(|| quote!(crate = #path))
    }

    /// `#[wire(crate = "…")]` on a model or enum, only when it is needed.
    pub(crate) fn wire_crate(&self) -> Option<TokenStream> {
        self.crate_key().map(|key| quote!(#[wire(#key)]))
    }
}

/// Turns description text into `#[doc = " …"]` attributes, one per line, so
/// prettyplease prints them as `///` comments.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// An identifier that may be a raw identifier (`r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a value of `ty`.
pub(crate) fn rust_type(ctx: &Ctx, ty: &Ty) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        Ty::Scalar(scalar) => {
            // The protocol names each scalar's Rust type; one from another crate
            // (`serde_json::Value`) is reached through the runtime's re-export.
            let path = scalar.rust_type();
            let segments = path.split("::").map(|segment| format_ident!("{segment}"));
            if path.contains("::") {
                quote!(#rt::__private::#(#segments)::*)
            } else {
                quote!(#(#segments)::*)
            }
        }
        Ty::Model(name) | Ty::Enum(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        Ty::Array(inner) => {
            let inner = rust_type(ctx, inner);
            quote!(Vec<#inner>)
        }
    }
}
