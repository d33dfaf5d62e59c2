//! The static metadata table: what the command-line tool and the fake server know of
//! each action without parsing YAML. It lives in a module of its own so its short
//! imports cannot collide with the service's type names.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use crate::ir::{Field, Service};

/// Longest description kept in the table (command-line help shows it).
const DESCRIPTION_CHARS: usize = 100;

pub(super) fn table(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    // Field lists are statics of their own: shallow nesting keeps each field on one line.
    let mut lists: Vec<TokenStream> = Vec::new();
    let mut list = |name: String, fields: &[Field]| {
        let ident = format_ident!("{}", name);
        let entries = fields.iter().map(|f| {
            let (wire, ty, required) = (&f.wire, &f.spec_type, f.required);
            let rust_name = f.rust.trim_start_matches("r#");
            let description = short(&f.doc);
            let alias = f.alias.iter().map(|alias| quote!(.or_named(#alias)));
            quote! { field(#wire, #rust_name, #ty, #required, #description) #(#alias)*, }
        });
        lists.push(quote! { static #ident: &[FieldMeta] = &[#(#entries)*]; });
        quote!(#ident)
    };
    let mut actions = Vec::new();
    for a in &service.actions {
        let (name, retry_safe) = (&a.wire, a.retry_safe);
        let method = a.method.trim_start_matches("r#");
        let summary = short(&a.doc);
        let (params_static, response_static) = a.metadata_statics();
        let params = list(params_static, &a.params);
        let response = list(response_static, &a.response);
        let pages = a.pagination.as_ref().map(|p| {
            let (offset, limit) = (&p.offset.wire, &p.limit.wire);
            let (total, items) = (&p.total.wire, &p.items.wire);
            quote!(.with_pages(#offset, #limit, #total, #items))
        });
        let aliases = &a.aliases;
        let aliases = (!aliases.is_empty()).then(|| quote!(.with_aliases(&[#(#aliases),*])));
        let example = a
            .response_example
            .as_ref()
            .map(|json| quote!(.with_example(#json)));
        actions.push(quote! {
            action(#name, #method, #retry_safe, #params, #response, #summary) #pages #aliases #example,
        });
    }
    let mut models = Vec::new();
    for (index, m) in service.models.iter().enumerate() {
        let name = &m.wire;
        let fields = list(crate::ir::Model::metadata_static(index), &m.fields);
        models.push(quote! { ModelMeta { name: #name, fields: #fields }, });
    }
    let enums = service.enums.iter().map(|e| {
        let name = &e.wire;
        let values = e.variants.iter().map(|v| &v.wire);
        quote! { EnumMeta { name: #name, values: &[#(#values),*] }, }
    });
    let service_name = &service.name;
    let module = &service.module;
    let summary = short(&service.doc);
    let endpoint = &service.endpoint;
    let cfg = &ctx.metadata_cfg;
    quote! {
        #cfg
        pub use metadata::SERVICE;

        /// The static description of this service.
        #cfg
        mod metadata {
            use #rt::meta::*;

            /// What this service's actions take and return, for tools that work from
            /// metadata (the command-line tool, the fake server).
            pub static SERVICE: ServiceMeta = ServiceMeta {
                name: #service_name,
                module: #module,
                summary: #summary,
                endpoint: #endpoint,
                actions: &[#(#actions)*],
                models: &[#(#models)*],
                enums: &[#(#enums)*],
            };

            #(#lists)*
        }
    }
}

/// The first sentence of the first line of a doc text, at most [`DESCRIPTION_CHARS`]
/// characters, with the Markdown escapes undone.
fn short(doc: &str) -> String {
    let line = doc.lines().next().unwrap_or_default().replace('\\', "");
    let sentence_end = line
        .find("。")
        .map(|i| i + "。".len())
        .or_else(|| line.find(". ").map(|i| i + 1))
        .unwrap_or(line.len());
    let sentence = line.get(..sentence_end).unwrap_or(&line);
    if sentence.chars().count() <= DESCRIPTION_CHARS {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(DESCRIPTION_CHARS - 1).collect();
    format!("{cut}…")
}
