//! The static metadata table: what the command-line tool and the fake server know of
//! each action without parsing YAML. It lives in a module of its own so its short
//! imports (`action`, `model`) cannot collide with the service's names; the types come
//! in through `super::*`, which the runtime's explicit imports shadow, so the name
//! checks reserve `ServiceMeta`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use crate::ir::Service;

pub(super) fn table(ctx: &Ctx, service: &Service) -> TokenStream {
    let rt = &ctx.rt;
    // Names, summaries and fields come from each type's `Describe` derive; a row adds
    // what only the spec knows: the client's method, pagination, aliases, the example.
    let actions = service.actions.iter().map(|a| {
        let request = format_ident!("{}", a.request_type);
        let method = a.method.trim_start_matches("r#");
        let pages = a.pagination.as_ref().map(|p| {
            let (offset, limit) = (&p.offset.wire, &p.limit.wire);
            let (total, items) = (&p.total.wire, &p.items.wire);
            quote!(.with_pages(#offset, #limit, #total, #items))
        });
        let wire = &a.wire;
        let name = (a.wire != a.sends).then(|| quote!(.with_name(#wire)));
        let aliases = &a.aliases;
        let aliases = (!aliases.is_empty()).then(|| quote!(.with_aliases(&[#(#aliases),*])));
        let example = a
            .response_example
            .as_ref()
            .map(|json| quote!(.with_example(#json)));
        let then_wait = a.then_wait.as_ref().map(|t| {
            let waiter = &t.waiter;
            let inputs = t.inputs.iter().map(|i| {
                let (wire, path) = (&i.wire, &i.path);
                quote!((#wire, #path))
            });
            quote!(.then_wait(#waiter, &[#(#inputs),*]))
        });
        let from_sdk = a.from_sdk.as_ref().map(|sdks| quote!(.from_sdk(#sdks)));
        quote! { action::<#request>(#method) #name #pages #aliases #example #then_wait #from_sdk, }
    });
    let models = service.models.iter().map(|m| {
        let name = format_ident!("{}", m.rust);
        quote! { model::<#name>(), }
    });
    let enums = service.enums.iter().map(|e| {
        let name = format_ident!("{}", e.rust);
        quote! { enumeration::<#name>(), }
    });
    let waiters = service.waiters.iter().map(|w| {
        let acceptors = w.acceptors.iter().map(|a| {
            let outcome = super::waiters::outcome(a.outcome);
            let description = &a.description;
            let test = match &a.test {
                crate::ir::AcceptorTest::RetCode(code) => {
                    quote!(#rt::meta::AcceptorTest::RetCode(#code))
                }
                crate::ir::AcceptorTest::Path {
                    path,
                    matcher,
                    expected,
                    ..
                } => {
                    let matcher = super::waiters::matcher(*matcher);
                    let expected = match expected {
                        None => quote!(None),
                        Some(crate::ir::Expected::Text(text)) => {
                            quote!(Some(#rt::meta::Expected::Text(#text)))
                        }
                        Some(crate::ir::Expected::Int(n)) => {
                            quote!(Some(#rt::meta::Expected::Int(#n)))
                        }
                        Some(crate::ir::Expected::Bool(b)) => {
                            quote!(Some(#rt::meta::Expected::Bool(#b)))
                        }
                    };
                    quote!(#rt::meta::AcceptorTest::Path {
                        path: #path,
                        matcher: #rt::waiter::Matcher::#matcher,
                        expected: #expected,
                    })
                }
            };
            quote!(#rt::meta::AcceptorMeta {
                outcome: #rt::waiter::Outcome::#outcome,
                test: #test,
                description: #description,
            },)
        });
        let (name, snake, action) = (&w.name, &w.snake, &w.action);
        let summary = w.doc.lines().next().unwrap_or_default();
        let inputs = w.inputs.iter().map(|f| &f.wire);
        let pending = &w.pending;
        let seconds = proc_macro2::Literal::u64_unsuffixed;
        let (min, max, wait) = (
            seconds(w.min_delay),
            seconds(w.max_delay),
            seconds(w.max_wait),
        );
        quote!(#rt::meta::WaiterMeta {
            name: #name,
            snake: #snake,
            summary: #summary,
            action: #action,
            inputs: &[#(#inputs),*],
            pending: &[#(#pending),*],
            acceptors: &[#(#acceptors)*],
            min_delay: ::core::time::Duration::from_secs(#min),
            max_delay: ::core::time::Duration::from_secs(#max),
            max_wait: ::core::time::Duration::from_secs(#wait),
        },)
    });
    let resources = service.resources.iter().map(|(name, r)| {
        let (id, describe, list) = (&r.id, &r.describe, &r.list);
        let option = |value: &Option<String>| match value {
            Some(value) => quote!(Some(#value)),
            None => quote!(None),
        };
        let (by, state) = (option(&r.by), option(&r.state));
        let steps = r.steps.iter().map(|step| {
            let (action, id, from) = (&step.action, &step.id, &step.from);
            let role = match step.role {
                crate::ir::ResourceRole::Create => format_ident!("Create"),
                crate::ir::ResourceRole::Update => format_ident!("Update"),
                crate::ir::ResourceRole::Delete => format_ident!("Delete"),
            };
            let (state, via) = (option(&step.state), option(&step.via));
            let set = step
                .set
                .iter()
                .map(|(param, field)| quote!((#param, #field)));
            quote!(#rt::meta::LifecycleMeta {
                action: #action,
                role: #rt::meta::Role::#role,
                id: #id,
                from: &[#(#from),*],
                state: #state,
                via: #via,
                set: &[#(#set),*],
            },)
        });
        quote!(#rt::meta::ResourceMeta {
            name: #name,
            id: #id,
            describe: #describe,
            list: #list,
            by: #by,
            state: #state,
            steps: &[#(#steps)*],
        },)
    });
    let imports = [
        (!service.actions.is_empty()).then(|| format_ident!("action")),
        (!service.enums.is_empty()).then(|| format_ident!("enumeration")),
        (!service.models.is_empty()).then(|| format_ident!("model")),
    ]
    .into_iter()
    .flatten();
    let service_name = &service.name;
    let module = &service.module;
    let summary = service.doc.lines().next().unwrap_or_default();
    let endpoint = &service.endpoint;
    let cfg = &ctx.metadata_cfg;
    quote! {
        #cfg
        pub use metadata::SERVICE;

        /// The static description of this service.
        #cfg
        mod metadata {
            use #rt::meta::{ServiceMeta #(, #imports)*};
            use super::*;

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
                waiters: &[#(#waiters)*],
                resources: &[#(#resources)*],
            };
        }
    }
}
