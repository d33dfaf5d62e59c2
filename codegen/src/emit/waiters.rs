//! Waiters: per waiter, a type implementing the runtime's `Waiter` (its acceptors
//! compiled to plain Rust over the answer's fields: no path is interpreted at run
//! time), the service client's `wait_until_…` method, and the input setters on the
//! module's `Wait` (the runtime's `__wait_type!`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Ctx, doc_attrs, ident, rust_type};
use crate::ir::{
    AcceptorTest, Action, Expected, Field, Matcher, Outcome, PathStep, Service, ThenWait,
    ThenWaitInput, Ty, Waiter,
};

/// Every waiter of `service`, after `__wait_type!`; nothing when it has none.
pub(super) fn waiters(ctx: &Ctx, service: &Service) -> TokenStream {
    if service.waiters.is_empty() {
        return TokenStream::new();
    }
    let rt = &ctx.rt;
    let name = &service.name;
    let each = service.waiters.iter().filter_map(|waiter| {
        let action = service
            .actions
            .iter()
            .find(|a| a.request_type == waiter.request_type)?;
        Some(one(ctx, service, action, waiter))
    });
    let follows = service.actions.iter().filter_map(|action| {
        let then_wait = action.then_wait.as_ref()?;
        let waiter = service
            .waiters
            .iter()
            .find(|w| w.name == then_wait.waiter)?;
        let polled = service
            .actions
            .iter()
            .find(|a| a.request_type == waiter.request_type)?;
        Some(follow(ctx, service, action, polled, waiter, then_wait))
    });
    quote! {
        #rt::__wait_type!(#name);
        #(#each)*
        #(#follows)*
    }
}

/// The answer's method that starts the waiter following its action, with the inputs
/// the spec takes from the answer (`CreateUHostInstanceResponse::wait_until_…`).
fn follow(
    ctx: &Ctx,
    service: &Service,
    action: &Action,
    polled: &Action,
    waiter: &Waiter,
    then_wait: &ThenWait,
) -> TokenStream {
    let response = format_ident!("{}", action.response_type);
    let client = format_ident!("{}", service.client_type);
    let ty = format_ident!("{}", then_wait.type_name);
    let method = ident(&then_wait.method);
    let from_answer = |input: &ThenWaitInput| {
        let walk = walk(&input.steps);
        quote!(::core::iter::once(self)#walk)
    };
    // The wait method's arguments (the polled request's plain fields and the waiter's
    // inputs): from the answer when the spec says so, else from the caller.
    let arguments = arguments(polled, waiter);
    let given = |field: &Field| then_wait.inputs.iter().find(|i| i.wire == field.wire);
    let params = arguments
        .iter()
        .filter(|f| given(f).is_none())
        .map(|f| argument(ctx, f));
    let args = arguments.iter().map(|f| match given(f) {
        Some(input) => {
            let values = from_answer(input);
            if matches!(f.ty, Ty::Array(_)) {
                quote!(#values.cloned())
            } else {
                // None there: an empty value, which the wait refuses to start with.
                quote!(#values.next().cloned().unwrap_or_default())
            }
        }
        None => {
            let arg = ident(&f.rust);
            quote!(#arg)
        }
    });
    let sets: Vec<TokenStream> = then_wait
        .inputs
        .iter()
        .filter(|input| !arguments.iter().any(|f| f.wire == input.wire))
        .map(|input| {
            let setter = ident(&input.setter);
            let values = from_answer(input);
            quote! {
                if let ::core::option::Option::Some(value) = #values.next() {
                    wait = wait.#setter(value.clone());
                }
            }
        })
        .collect();
    let body = if sets.is_empty() {
        quote!(client.#method(#(#args),*))
    } else {
        quote! {
            let mut wait = client.#method(#(#args),*);
            #(#sets)*
            wait
        }
    };
    let taken: Vec<String> = then_wait
        .inputs
        .iter()
        .map(|i| format!("`{}` from `{}`", i.wire, i.path))
        .collect();
    let doc = doc_attrs(&format!(
        "Waits until {} for what this answer names ({}): see [`{}`].",
        then_wait.waiter,
        if taken.is_empty() {
            "no input taken".to_owned()
        } else {
            taken.join(", ")
        },
        then_wait.type_name
    ));
    quote! {
        impl #response {
            #doc
            pub fn #method<'c>(&self, client: &'c #client, #(#params),*) -> Wait<'c, #ty> {
                #body
            }
        }
    }
}

fn one(ctx: &Ctx, service: &Service, action: &Action, waiter: &Waiter) -> TokenStream {
    let rt = &ctx.rt;
    let ty = format_ident!("{}", waiter.type_name);
    let request = format_ident!("{}", waiter.request_type);
    let response = format_ident!("{}", waiter.response_type);
    let client = format_ident!("{}", service.client_type);
    let method = ident(&waiter.method);
    let name = &waiter.name;
    let (min, max, wait) = (waiter.min_delay, waiter.max_delay, waiter.max_wait);
    let seconds = proc_macro2::Literal::u64_unsuffixed;
    let (min_secs, max_secs, wait_secs) = (seconds(min), seconds(max), seconds(wait));
    let type_doc = doc_attrs(&format!(
        "{}\n\nPolls [`{}`] (`{}`) every {min} to {max} s, for at most {wait} s by default.",
        waiter.doc, waiter.request_type, action.wire
    ));
    let checks = waiter.acceptors.iter().map(|acceptor| {
        let outcome = outcome(acceptor.outcome);
        let description = &acceptor.description;
        let condition = condition(rt, &acceptor.test);
        quote! {
            if #condition {
                return ::core::option::Option::Some(#rt::waiter::Matched {
                    outcome: #rt::waiter::Outcome::#outcome,
                    acceptor: #description,
                });
            }
        }
    });
    // The polled request's plain fields and the waiter's inputs are the method's
    // arguments: what the wait names cannot be left out.
    let arguments = arguments(action, waiter);
    let args = arguments.iter().map(|f| argument(ctx, f));
    let inits = action.params.iter().map(|f| {
        let field = ident(&f.rust);
        let given = arguments.iter().any(|a| a.wire == f.wire);
        match (&f.ty, given) {
            (_, false) => quote!(#field: ::core::default::Default::default(),),
            (_, true) if f.is_plain_in_request() => quote!(#field: #field.into(),),
            (Ty::Array(_), true) => {
                quote!(#field: #field.into_iter().map(::core::convert::Into::into).collect(),)
            }
            (_, true) => quote!(#field: ::core::option::Option::Some(#field.into()),),
        }
    });
    let method_doc = doc_attrs(&format!(
        "Waits until {}: see [`{}`].",
        waiter.name, waiter.type_name
    ));
    let inputs = waiter
        .inputs
        .iter()
        .filter(|f| !f.from_config)
        .map(|f| &f.wire);
    let setters: Vec<TokenStream> = waiter
        .inputs
        .iter()
        .filter(|f| f.from_config)
        .map(|f| setter(ctx, f))
        .collect();
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            impl Wait<'_, #ty> {
                #(#setters)*
            }
        }
    });
    quote! {
        #type_doc
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #ty;

        impl #rt::waiter::Waiter for #ty {
            type Request = #request;
            const NAME: &'static str = #name;
            const MIN_DELAY: ::core::time::Duration = ::core::time::Duration::from_secs(#min_secs);
            const MAX_DELAY: ::core::time::Duration = ::core::time::Duration::from_secs(#max_secs);
            const MAX_WAIT: ::core::time::Duration = ::core::time::Duration::from_secs(#wait_secs);
            const INPUTS: &'static [&'static str] = &[#(#inputs),*];

            fn classify(
                answer: ::core::result::Result<&#response, &#rt::Error>,
            ) -> ::core::option::Option<#rt::waiter::Matched> {
                #(#checks)*
                ::core::option::Option::None
            }
        }

        impl #client {
            #method_doc
            pub fn #method(&self, #(#args),*) -> Wait<'_, #ty> {
                Wait::new(&self.client, #request { #(#inits)* })
            }
        }

        #setters
    }
}

/// The arguments of a waiter's method: the polled request's plain fields and the
/// waiter's inputs that name what is waited on, in the request's order. An input the
/// configuration fills (`Zone`) is a setter instead.
fn arguments<'a>(action: &'a Action, waiter: &Waiter) -> Vec<&'a Field> {
    action
        .params
        .iter()
        .filter(|f| {
            f.is_plain_in_request()
                || waiter
                    .inputs
                    .iter()
                    .any(|i| i.wire == f.wire && !i.from_config)
        })
        .collect()
}

/// An input's setter on `Wait`, for the inputs the configuration fills otherwise.
fn setter(ctx: &Ctx, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let ty = rust_type(ctx, &field.ty);
    let doc = doc_attrs(&format!(
        "Sets `{}` of the polled request (the configuration's otherwise).",
        field.wire
    ));
    quote! {
        #doc
        pub fn #name(mut self, value: impl Into<#ty>) -> Self {
            self.request.#name = ::core::option::Option::Some(value.into());
            self
        }
    }
}

/// One argument: a list takes any iterable of its items, a value anything that
/// converts into it.
fn argument(ctx: &Ctx, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    match &field.ty {
        Ty::Array(inner) => {
            let item = rust_type(ctx, inner);
            quote!(#name: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#item>>)
        }
        other => {
            let ty = rust_type(ctx, other);
            quote!(#name: impl ::core::convert::Into<#ty>)
        }
    }
}

/// `Success`, `Failure` or `Retry`, the variant of the runtime's `waiter::Outcome`.
pub(super) fn outcome(outcome: Outcome) -> TokenStream {
    match outcome {
        Outcome::Success => quote!(Success),
        Outcome::Failure => quote!(Failure),
        Outcome::Retry => quote!(Retry),
    }
}

/// The variant of the runtime's `waiter::Matcher`.
pub(super) fn matcher(matcher: Matcher) -> TokenStream {
    match matcher {
        Matcher::Equal => quote!(Equal),
        Matcher::AllEqual => quote!(AllEqual),
        Matcher::AnyEqual => quote!(AnyEqual),
        Matcher::Empty => quote!(Empty),
        Matcher::NotEmpty => quote!(NotEmpty),
    }
}

/// The adapters that turn an iterator over the answer into one over every value the
/// path selects: an `Option` contributes its value if set, a list each item.
fn walk(steps: &[PathStep]) -> TokenStream {
    let steps = steps.iter().map(|step| {
        let field = ident(&step.rust);
        if step.list {
            quote!(.flat_map(|value| value.#field.iter()))
        } else {
            quote!(.filter_map(|value| value.#field.as_ref()))
        }
    });
    quote!(#(#steps)*)
}

/// The acceptor's test as a `bool` expression over `answer`.
fn condition(rt: &TokenStream, test: &AcceptorTest) -> TokenStream {
    match test {
        AcceptorTest::RetCode(code) => {
            quote!(answer.is_err_and(|error| error.ret_code() == ::core::option::Option::Some(#code)))
        }
        AcceptorTest::Path {
            steps,
            matcher,
            expected,
            ..
        } => {
            let walk = walk(steps);
            let values = quote!(::core::iter::once(answer)#walk);
            let test = match (matcher, expected) {
                (Matcher::Empty, _) => quote!(#values.next().is_none()),
                (Matcher::NotEmpty, _) => quote!(#values.next().is_some()),
                (matcher, Some(expected)) => {
                    let (map, value) = match expected {
                        Expected::Text(text) => {
                            (quote!(.map(|value| value.as_str())), quote!(#text))
                        }
                        Expected::Int(n) => (quote!(.copied()), quote!(#n)),
                        Expected::Bool(b) => (quote!(.copied()), quote!(#b)),
                    };
                    let function = if *matcher == Matcher::AllEqual {
                        quote!(all_equal)
                    } else {
                        quote!(any_equal)
                    };
                    quote!(#rt::waiter::#function(#values #map, &#value))
                }
                // Validation requires a value for comparing matchers.
                (_, None) => quote!(false),
            };
            quote!(answer.is_ok_and(|answer| #test))
        }
    }
}
