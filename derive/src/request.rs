//! `#[derive(Request)]`: the wire encoding of an action's parameters, and with
//! `builder`/`method`/`pages` the service client's method, the builder's setters and
//! paging.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::attrs::{self, Errors};
use crate::fields::{WireField, named_fields, wrapper};
use sigcal_protocol::names;

// Config-filled common parameters, by wire name.
use sigcal_protocol::config::PARAMS as FROM_CONFIG;

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let mut attrs = attrs::request_attrs(&input.attrs, &mut errors);
    // `DescribeImageRequest` sends `DescribeImage` and answers with
    // `DescribeImageResponse` unless told otherwise.
    let type_name = input.ident.to_string();
    let action_name = names::request_stem(&type_name).map(str::to_owned);
    if let Some(name) = &action_name {
        attrs
            .action
            .get_or_insert_with(|| syn::LitStr::new(name, input.ident.span()));
        attrs.response.get_or_insert_with(|| {
            let response = syn::Ident::new(&names::response_type(name), input.ident.span());
            syn::parse_quote!(#response)
        });
    }
    if let (Some(method), None) = (&attrs.method, &attrs.builder) {
        errors.spanned(
            method,
            "`method` needs `builder`: the call type the method returns",
        );
    }
    if attrs.action.is_none() {
        errors.spanned(
            &input.ident,
            "missing `#[request(action = \"…\")]`: the action's wire name",
        );
    }
    if attrs.response.is_none() {
        errors.spanned(
            &input.ident,
            "missing `#[request(response = Type)]`: the type the answer decodes into",
        );
    }
    let fields = named_fields(input, "Request", &mut errors);
    let krate = attrs.krate.take().unwrap_or_else(attrs::default_runtime);
    let paginated = attrs
        .pages
        .as_ref()
        .and_then(|pages| paginated(pages, input, &krate, &mut errors));
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();

    if let Some(compile_errors) = errors.into_compile_errors() {
        // A stub impl keeps the rest of the user's code compiling, so they see the
        // mistake in the attribute and not a cascade of "Request is not implemented".
        let response = attrs.response.map_or_else(|| quote!(()), |ty| quote!(#ty));
        let action = attrs.action.map_or_else(String::new, |a| a.value());
        return quote! {
            #compile_errors
            impl #impl_generics #krate::Request for #ident #type_generics #where_clause {
                type Response = #response;
                const ACTION: &'static str = #action;
                const RETRY_SAFE: bool = false;
                const REQUIRED: &'static [&'static str] = &[];
                const FROM_CONFIG: &'static [&'static str] = &[];
                fn write_params(&self, _: &mut #krate::Params) {}
            }
        };
    }
    // Invariant: both were checked above, or errors would have returned.
    let (Some(action), Some(response)) = (attrs.action, attrs.response) else {
        return TokenStream::new();
    };
    let retry_safe = attrs
        .retry_safe
        .unwrap_or_else(|| sigcal_protocol::retry::verb_is_retry_safe(&action.value()));
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.wire.as_str())
        .collect();
    let from_config: Vec<&str> = fields
        .iter()
        .map(|f| f.wire.as_str())
        .filter(|w| FROM_CONFIG.contains(w))
        .collect();
    // In wire-name order: the parameters' keys then arrive sorted, which is the order
    // `Params` keeps them in (letters and digits sort after the `.` of nested keys).
    let mut in_key_order: Vec<&WireField<'_>> = fields.iter().collect();
    in_key_order.sort_by(|a, b| a.wire.cmp(&b.wire));
    // Written out by the generator, the impl is linted as the user's code: a request
    // without parameters names its unused argument `_`.
    let params = if in_key_order.is_empty() {
        quote!(_)
    } else {
        quote!(params)
    };
    let writes = in_key_order.into_iter().map(|f| write_field(f, &krate));
    let setters = setters(attrs.builder.as_ref(), input, &fields);
    let method = attrs
        .builder
        .as_ref()
        .zip(attrs.method.as_ref())
        .map(|(builder, method)| client_method(builder, method, input));
    quote! {
        impl #impl_generics #krate::Request for #ident #type_generics #where_clause {
            type Response = #response;
            const ACTION: &'static str = #action;
            const RETRY_SAFE: bool = #retry_safe;
            const REQUIRED: &'static [&'static str] = &[#(#required),*];
            const FROM_CONFIG: &'static [&'static str] = &[#(#from_config),*];
            fn write_params(&self, #params: &mut #krate::Params) {
                #(#writes)*
            }
        }
        #setters
        #method
        #paginated
    }
}

/// With `#[request(pages)]`: `Paginated`, which moves the request from page to page
/// through its offset and limit fields (`i64`, in an `Option` or not). The answer's
/// derive gives the other half, `ListResponse`.
fn paginated(
    pages: &attrs::Pages,
    input: &syn::DeriveInput,
    krate: &syn::Path,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let syn::Data::Struct(data) = &input.data else {
        return None;
    };
    let mut find = |name: &syn::Ident, key: &str| {
        let field = data.fields.iter().find(|f| f.ident.as_ref() == Some(name));
        if field.is_none() {
            errors.at(
                pages.span,
                format!("`pages` needs a field `{name}`, or another named with `pages({key} = …)`"),
            );
        }
        field
    };
    let (offset, limit) = (find(&pages.offset, "offset"), find(&pages.limit, "limit"));
    let (offset, limit) = (offset?, limit?);
    let is_option = |field: &syn::Field| matches!(wrapper(&field.ty), Some(("Option", _)));
    let (o, l) = (&pages.offset, &pages.limit);
    let (get_offset, set_offset) = if is_option(offset) {
        (
            quote!(self.#o.unwrap_or(0)),
            quote!(self.#o = ::core::option::Option::Some(offset);),
        )
    } else {
        (quote!(self.#o), quote!(self.#o = offset;))
    };
    let (get_limit, set_limit) = if is_option(limit) {
        (
            quote!(self.#l),
            quote!(self.#l = ::core::option::Option::Some(limit);),
        )
    } else {
        (
            quote!(::core::option::Option::Some(self.#l)),
            quote!(self.#l = limit;),
        )
    };
    let (get_offset, set_offset) = (
        quote_spanned!(offset.ty.span()=> #get_offset),
        quote_spanned!(offset.ty.span()=> #set_offset),
    );
    let (get_limit, set_limit) = (
        quote_spanned!(limit.ty.span()=> #get_limit),
        quote_spanned!(limit.ty.span()=> #set_limit),
    );
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    Some(quote! {
        impl #impl_generics #krate::Paginated for #ident #type_generics #where_clause {
            fn offset(&self) -> i64 {
                #get_offset
            }
            fn limit(&self) -> ::core::option::Option<i64> {
                #get_limit
            }
            fn set_page(&mut self, offset: i64, limit: i64) {
                #set_offset
                #set_limit
            }
        }
    })
}

/// With `#[request(builder = Call, method = UHostClient::describe_image)]`: the
/// service client's method that starts a call, documented as the struct is. Each field
/// outside `Option` and `Vec` is an argument (`impl Into<T>`), in field order, so that
/// leaving a required parameter out does not compile; the others start empty. The
/// client type holds a `client: Client` field (as generated service clients do).
fn client_method(builder: &syn::Path, method: &syn::Path, input: &syn::DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    // Invariant: `method` was checked to have at least two segments.
    let count = method.segments.len();
    let name = method.segments.last().map(|segment| &segment.ident);
    let client = method.segments.iter().take(count.saturating_sub(1));
    let colon = &method.leading_colon;
    let client = quote!(#colon #(#client)::*);
    let docs = input.attrs.iter().filter(|a| attrs::is_doc(a));
    let syn::Data::Struct(data) = &input.data else {
        return TokenStream::new();
    };
    // A type that derives `Default` starts its optional fields with one
    // `..Default::default()`, cheaper to check than a `Default::default()` per field
    // (issue #40); another names each.
    let derives_default = input.attrs.iter().any(derives_default);
    let mut args = Vec::new();
    let mut defaulted = false;
    let inits = data.fields.iter().filter_map(|field| {
        let name = field.ident.as_ref()?;
        let ty = &field.ty;
        if wrapper(ty).is_none() {
            args.push(quote_spanned!(ty.span()=> #name: impl ::core::convert::Into<#ty>));
            Some(quote!(#name: #name.into()))
        } else if derives_default {
            defaulted = true;
            None
        } else {
            Some(quote!(#name: ::core::default::Default::default()))
        }
    });
    let mut inits: Vec<TokenStream> = inits.collect();
    if defaulted {
        inits.push(quote!(..::core::default::Default::default()));
    }
    // Every required parameter is an argument, as the API defines them.
    let allow = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let fields = if defaulted {
        // `..` after the last field takes no comma.
        let last = inits.pop();
        quote!(#(#inits,)* #last)
    } else {
        quote!(#(#inits),*)
    };
    quote! {
        // A method may spell a trait method (`add`).
        #[allow(clippy::should_implement_trait)]
        impl #client {
            #(#docs)*
            #allow
            pub fn #name #impl_generics (&self, #(#args),*) -> #builder<'_, #ident #type_generics> #where_clause {
                #builder::new(&self.client, #ident { #fields })
            }
        }
    }
}

/// With `#[request(builder = Call)]`: `impl Call<'_, Request>` with a setter per
/// optional field, documented as the field is. An `Option<T>` field is replaced by each
/// call, a `Vec<T>` field gets one element per call; other fields (the required ones a
/// service client takes as arguments) get none. `Call` is a type the runtime's
/// `__call_type!` defined in the same module, whose `request` field holds the request.
fn setters(
    builder: Option<&syn::Path>,
    input: &syn::DeriveInput,
    fields: &[WireField<'_>],
) -> Option<TokenStream> {
    let builder = builder?;
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let name = f.ident;
            let docs = f.field.attrs.iter().filter(|a| attrs::is_doc(a));
            let (wrapper, inner) = wrapper(&f.field.ty)?;
            let (note, store) = if wrapper == "Vec" {
                (
                    Some(quote!(#[doc = ""] #[doc = " Call once per element; each call appends."])),
                    quote!(self.request.#name.push(value.into());),
                )
            } else {
                (
                    None,
                    quote!(self.request.#name = ::core::option::Option::Some(value.into());),
                )
            };
            Some(quote_spanned! {f.field.ty.span()=>
                #(#docs)*
                #note
                pub fn #name(mut self, value: impl ::core::convert::Into<#inner>) -> Self {
                    #store
                    self
                }
            })
        })
        .collect();
    (!setters.is_empty()).then(|| {
        quote! {
            // Setters are named after fields, and a field may spell a trait method
            // (UAccount's `Add`).
            #[allow(clippy::should_implement_trait)]
            impl #impl_generics #builder<'_, #ident #type_generics> #where_clause {
                #(#setters)*
            }
        }
    })
}

/// `WireValue::write_wire(&self.field, key, params);`, spanned on the field so a type
/// without a wire form is reported at the field.
fn write_field(field: &WireField<'_>, krate: &syn::Path) -> TokenStream {
    let ident = field.ident;
    let ty = &field.field.ty;
    let wire = &field.wire;
    quote_spanned! {ty.span()=>
        #krate::WireValue::write_wire(&self.#ident, #wire, params);
    }
}

/// `#[derive(…, Default, …)]`, by the last segment of a derived path.
fn derives_default(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("derive") {
        return false;
    }
    attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .is_ok_and(|paths| {
            paths
                .iter()
                .any(|path| path.segments.last().is_some_and(|s| s.ident == "Default"))
        })
}
