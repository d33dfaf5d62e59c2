//! The static metadata table: what the command-line tool and the fake server know of
//! each action without parsing YAML.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::{Field, Service};

pub(super) fn table(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    let fields = |fields: &[Field]| {
        let entries = fields.iter().map(|f| {
            let (name, ty, required) = (&f.wire, &f.spec_type, f.required);
            let rust_name = f.rust.trim_start_matches("r#");
            let description = first_line(&f.doc);
            quote! {
                #rt::meta::FieldMeta { name: #name, rust_name: #rust_name, ty: #ty, required: #required, description: #description },
            }
        });
        quote! { &[#(#entries)*] }
    };
    let actions = service.actions.iter().map(|a| {
        let (name, retry_safe) = (&a.wire, a.retry_safe);
        let method = a.method.trim_start_matches("r#");
        let summary = first_line(&a.doc);
        let params = fields(&a.params);
        let response = fields(&a.response);
        let pagination = match &a.pagination {
            Some(p) => {
                let (offset, limit) = (&p.offset.wire, &p.limit.wire);
                let total = a.response.iter().find(|f| f.rust == p.total).map(|f| f.wire.as_str()).unwrap_or_default();
                let items = a.response.iter().find(|f| f.rust == p.items).map(|f| f.wire.as_str()).unwrap_or_default();
                quote! { Some(#rt::meta::PaginationMeta { offset: #offset, limit: #limit, total: #total, items: #items }) }
            }
            None => quote!(None),
        };
        let example = match &a.response_example {
            Some(json) => quote!(Some(#json)),
            None => quote!(None),
        };
        quote! {
            #rt::meta::ActionMeta {
                name: #name,
                method: #method,
                summary: #summary,
                retry_safe: #retry_safe,
                params: #params,
                response: #response,
                pagination: #pagination,
                response_example: #example,
            },
        }
    });
    let models = service.models.iter().map(|m| {
        let name = &m.wire;
        let fields = fields(&m.fields);
        quote! { #rt::meta::ModelMeta { name: #name, fields: #fields }, }
    });
    let enums = service.enums.iter().map(|e| {
        let name = &e.wire;
        let values = e.variants.iter().map(|v| &v.wire);
        quote! { #rt::meta::EnumMeta { name: #name, values: &[#(#values),*] }, }
    });
    let service_name = &service.name;
    let endpoint = &service.endpoint;
    quote! {
        /// What this service's actions take and return, for tools that work from
        /// metadata (the command-line tool, the fake server).
        pub static SERVICE: #rt::meta::ServiceMeta = #rt::meta::ServiceMeta {
            name: #service_name,
            endpoint: #endpoint,
            actions: &[#(#actions)*],
            models: &[#(#models)*],
            enums: &[#(#enums)*],
        };
    }
}

fn first_line(doc: &str) -> &str {
    doc.lines().next().unwrap_or_default()
}
