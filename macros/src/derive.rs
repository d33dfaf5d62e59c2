//! Expansion of `#[derive(Request)]`, `#[derive(WireModel)]` and `#[derive(Decode)]`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::attrs::{self, Errors};
use sigcal_protocol::names;

// Config-filled common parameters, by wire name.
use sigcal_protocol::config::PARAMS as FROM_CONFIG;

/// One field as it goes on the wire.
pub(crate) struct WireField<'a> {
    pub(crate) field: &'a syn::Field,
    pub(crate) ident: &'a syn::Ident,
    pub(crate) wire: String,
    pub(crate) aliases: Vec<syn::LitStr>,
    pub(crate) required: bool,
}

/// The named fields of a struct, or an error for enums, unions and tuple structs.
pub(crate) fn named_fields<'a>(
    input: &'a syn::DeriveInput,
    derive: &str,
    errors: &mut Errors,
) -> Vec<WireField<'a>> {
    let fields = match &input.data {
        syn::Data::Struct(data) => match &data.fields {
            syn::Fields::Named(named) => &named.named,
            syn::Fields::Unit => return Vec::new(),
            syn::Fields::Unnamed(unnamed) => {
                errors.spanned(unnamed, format!("`#[derive({derive})]` needs named fields: the field names become wire names"));
                return Vec::new();
            }
        },
        syn::Data::Enum(data) => {
            errors.at(
                data.enum_token.span(),
                format!("`#[derive({derive})]` works on structs, not enums"),
            );
            return Vec::new();
        }
        syn::Data::Union(data) => {
            errors.at(
                data.union_token.span(),
                format!("`#[derive({derive})]` works on structs, not unions"),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    let mut seen: Vec<(String, &syn::Ident)> = Vec::new();
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let attrs = attrs::field_attrs(field, errors);
        check_type(&field.ty, errors);
        if attrs.skip {
            continue;
        }
        let wire = attrs.rename.as_ref().map_or_else(
            || names::field_wire_name(&ident.to_string()),
            syn::LitStr::value,
        );
        if let Some((_, other)) = seen.iter().find(|(name, _)| *name == wire) {
            errors.spanned(
                ident,
                format!("fields `{other}` and `{ident}` both go on the wire as `{wire}`"),
            );
        }
        seen.push((wire.clone(), ident));
        out.push(WireField {
            field,
            ident,
            wire,
            aliases: attrs.aliases,
            required: attrs.required,
        });
    }
    out
}

/// Types that can never have a wire form, caught here with a clear message; every
/// other type is checked by the compiler against `WireValue`, at the field's span.
fn check_type(ty: &syn::Type, errors: &mut Errors) {
    let what = match ty {
        syn::Type::Tuple(tuple) if !tuple.elems.is_empty() => "a tuple",
        syn::Type::FnPtr(_) => "a function pointer",
        syn::Type::Ptr(_) => "a raw pointer",
        syn::Type::TraitObject(_) | syn::Type::ImplTrait(_) => "a trait object",
        syn::Type::Never(_) => "`!`",
        syn::Type::Path(path) => match path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .as_deref()
        {
            Some("HashMap" | "BTreeMap" | "IndexMap") => "a map",
            Some("HashSet" | "BTreeSet") => "a set",
            _ => return,
        },
        _ => return,
    };
    errors.spanned(
        ty,
        format!("{what} has no wire form; use a scalar (String, i64, f64, bool), an Option, a Vec, or a #[derive(WireModel)] struct"),
    );
}

pub(crate) fn request(input: &syn::DeriveInput) -> TokenStream {
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
            fn write_params(&self, params: &mut #krate::Params) {
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
    let docs = input.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let syn::Data::Struct(data) = &input.data else {
        return TokenStream::new();
    };
    let mut args = Vec::new();
    let inits = data.fields.iter().filter_map(|field| {
        let name = field.ident.as_ref()?;
        let ty = &field.ty;
        Some(if wrapper(ty).is_some() {
            quote!(#name: ::core::default::Default::default())
        } else {
            args.push(quote_spanned!(ty.span()=> #name: impl ::core::convert::Into<#ty>));
            quote!(#name: #name.into())
        })
    });
    let inits: Vec<TokenStream> = inits.collect();
    // Every required parameter is an argument, as the API defines them.
    let allow = (args.len() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        // A method may spell a trait method (`add`).
        #[allow(clippy::should_implement_trait)]
        impl #client {
            #(#docs)*
            #allow
            pub fn #name #impl_generics (&self, #(#args),*) -> #builder<'_, #ident #type_generics> #where_clause {
                #builder::new(&self.client, #ident { #(#inits),* })
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
            let docs = f.field.attrs.iter().filter(|a| a.path().is_ident("doc"));
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

pub(crate) fn wire_model(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let krate =
        attrs::model_crate(&input.attrs, &mut errors).unwrap_or_else(attrs::default_runtime);
    let fields = named_fields(input, "WireModel", &mut errors);
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let value_impl = quote! {
        impl #impl_generics #krate::WireValue for #ident #type_generics #where_clause {
            fn write_wire(&self, key: &str, params: &mut #krate::Params) {
                #krate::WireModel::write_fields(self, key, params);
            }
        }
    };
    if let Some(compile_errors) = errors.into_compile_errors() {
        return quote! {
            #compile_errors
            impl #impl_generics #krate::WireModel for #ident #type_generics #where_clause {
                fn write_fields(&self, _: &str, _: &mut #krate::Params) {}
            }
            #value_impl
        };
    }
    let mut in_key_order: Vec<&WireField<'_>> = fields.iter().collect();
    in_key_order.sort_by(|a, b| a.wire.cmp(&b.wire));
    let writes = in_key_order.into_iter().map(|f| {
        let ident = f.ident;
        let suffix = format!(".{}", f.wire);
        quote_spanned! {f.field.ty.span()=>
            params.write_under(&self.#ident, prefix, #suffix);
        }
    });
    quote! {
        impl #impl_generics #krate::WireModel for #ident #type_generics #where_clause {
            fn write_fields(&self, prefix: &str, params: &mut #krate::Params) {
                #(#writes)*
            }
        }
        #value_impl
    }
}

/// What the answer-side derives (`Decode`, `WireSerialize`) start from: the runtime's
/// path and the wire fields of a struct without generic parameters, or the errors.
fn answer_struct<'a>(
    input: &'a syn::DeriveInput,
    derive: &str,
    errors: &mut Errors,
) -> Result<(syn::Path, Vec<WireField<'a>>, attrs::StructAttrs), ()> {
    let mut attrs = attrs::struct_attrs(&input.attrs, errors);
    let krate = attrs.krate.take().unwrap_or_else(attrs::default_runtime);
    let fields = named_fields(input, derive, errors);
    match input.generics.params.first() {
        Some(param) => {
            errors.spanned(
                param,
                format!("`#[derive({derive})]` works on structs without generic parameters"),
            );
            Err(())
        }
        None => Ok((krate, fields, attrs)),
    }
}

pub(crate) fn decode(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let Ok((krate, fields, attrs)) = answer_struct(input, "Decode", &mut errors) else {
        // No stub: it would need the parameters the error is about.
        return errors.into_compile_errors().unwrap_or_default();
    };
    let ident = &input.ident;
    let list = list_response(&attrs, &fields, ident, &krate, &mut errors);
    let de = quote!(#krate::__private::serde::de);
    let deserialize = quote! {
        impl<'de> #de::Deserialize<'de> for #ident {
            fn deserialize<D: #de::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #krate::lenient::fields(deserializer)
            }
        }
    };
    if let Some(compile_errors) = errors.into_compile_errors() {
        return quote! {
            #compile_errors
            impl #krate::lenient::Fields for #ident {
                fn field<'de, A: #de::MapAccess<'de>>(&mut self, _: &str, map: &mut A) -> ::core::result::Result<(), A::Error> {
                    #krate::lenient::skip(map)
                }
            }
            #deserialize
        };
    }
    let arms = fields.iter().map(|f| {
        let ident = f.ident;
        let wire = &f.wire;
        let aliases = &f.aliases;
        let next = syn::Ident::new(decoder(&f.field.ty), proc_macro2::Span::call_site());
        quote_spanned! {f.field.ty.span()=>
            #wire #(| #aliases)* => self.#ident = #krate::lenient::#next(map)?,
        }
    });
    quote! {
        impl #krate::lenient::Fields for #ident {
            fn field<'de, A: #de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::core::result::Result<(), A::Error> {
                match key {
                    #(#arms)*
                    _ => #krate::lenient::skip(map)?,
                }
                ::core::result::Result::Ok(())
            }
        }
        #deserialize
        #list
    }
}

/// With `#[wire(items = field, total = field)]`: `ListResponse`, the answer's page of a
/// list (a `Vec` field) and the list's total (an `i64`, in an `Option` or not).
fn list_response(
    attrs: &attrs::StructAttrs,
    fields: &[WireField<'_>],
    ident: &syn::Ident,
    krate: &syn::Path,
    errors: &mut Errors,
) -> Option<TokenStream> {
    let (items, total) = match (&attrs.items, &attrs.total) {
        (None, None) => return None,
        (Some(items), Some(total)) => (items, total),
        (Some(one), None) | (None, Some(one)) => {
            errors.spanned(
                one,
                "a list answer names both fields: `items = …, total = …`",
            );
            return None;
        }
    };
    let find = |name: &syn::Ident, errors: &mut Errors| {
        let found = fields.iter().find(|f| f.ident == name);
        if found.is_none() {
            errors.spanned(name, format!("no wire field `{name}` in this struct"));
        }
        found
    };
    let (items, total) = (find(items, errors)?, find(total, errors)?);
    let Some(("Vec", item)) = wrapper(&items.field.ty) else {
        errors.spanned(
            &items.field.ty,
            "`items` names a `Vec` field: the page of the list",
        );
        return None;
    };
    let (items_ident, total_ident) = (items.ident, total.ident);
    let (items_wire, total_wire) = (&items.wire, &total.wire);
    let total_value = match wrapper(&total.field.ty) {
        Some(("Option", _)) => quote!(self.#total_ident),
        _ => {
            quote_spanned!(total.field.ty.span()=> ::core::option::Option::Some(self.#total_ident))
        }
    };
    Some(quote! {
        impl #krate::ListResponse for #ident {
            type Item = #item;
            const ITEMS: &'static str = #items_wire;
            const TOTAL: &'static str = #total_wire;
            fn into_page(self) -> (::core::option::Option<i64>, ::std::vec::Vec<#item>) {
                (#total_value, self.#items_ident)
            }
        }
    })
}

/// Which `lenient::next_*` reads a field, from its type as written: scalars (`String`,
/// `i64`, `f64`, `bool`) and options and lists of them leniently; `Option<T>` of any
/// other type as one model or enum, absent when of the wrong shape; `Vec<T>` of one as a
/// tolerant list; anything else (`serde_json::Value`, lists of lists of models) with
/// `null` read as the default. The generator's types always take one of these shapes.
fn decoder(ty: &syn::Type) -> &'static str {
    if is_scalar_tree(ty) {
        return "next_scalar";
    }
    match wrapper(ty) {
        Some(("Option", inner)) if is_model(inner) => "next_model",
        Some(("Vec", inner)) if is_model(inner) => "next_models",
        _ => "next_nullable",
    }
}

/// `Option<T>` or `Vec<T>`: the wrapper's name and `T`.
pub(crate) fn wrapper(ty: &syn::Type) -> Option<(&'static str, &syn::Type)> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let name = match last.ident.to_string().as_str() {
        "Option" => "Option",
        "Vec" => "Vec",
        _ => return None,
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some((name, inner)),
        _ => None,
    }
}

/// The last path segment's name, for a path type without generic arguments.
pub(crate) fn plain_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    last.arguments.is_none().then(|| last.ident.to_string())
}

fn is_scalar_tree(ty: &syn::Type) -> bool {
    match wrapper(ty) {
        Some((_, inner)) => is_scalar_tree(inner),
        None => plain_name(ty).is_some_and(|name| is_scalar_name(&name)),
    }
}

/// The scalars `lenient::Lenient` reads: `String`, `i64`, `f64`, `bool`.
fn is_scalar_name(name: &str) -> bool {
    matches!(name, "String" | "i64" | "f64" | "bool")
}

/// A named type that is neither a scalar nor free-form JSON (`serde_json::Value`, named
/// by a path through `serde_json`): a model or an enum.
fn is_model(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let through_serde_json = path.path.segments.iter().any(|s| s.ident == "serde_json");
    !through_serde_json && plain_name(ty).is_some_and(|name| !is_scalar_name(&name))
}

pub(crate) fn open_enum(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let krate =
        attrs::model_crate(&input.attrs, &mut errors).unwrap_or_else(attrs::default_runtime);
    let ident = &input.ident;
    let syn::Data::Enum(data) = &input.data else {
        errors.spanned(ident, "`#[derive(OpenEnum)]` works on enums");
        return errors.into_compile_errors().unwrap_or_default();
    };
    if let Some(param) = input.generics.params.first() {
        errors.spanned(
            param,
            "`#[derive(OpenEnum)]` works on enums without generic parameters",
        );
        return errors.into_compile_errors().unwrap_or_default();
    }
    let mut known: Vec<(&syn::Ident, String)> = Vec::new();
    let mut fallback = None;
    let count = data.variants.len();
    for (position, variant) in data.variants.iter().enumerate() {
        let wire = attrs::variant_wire_name(variant, &mut errors);
        match &variant.fields {
            syn::Fields::Unit => {
                if let Some((other, _)) = known.iter().find(|(_, w)| *w == wire) {
                    errors.spanned(
                        &variant.ident,
                        format!(
                            "variants `{other}` and `{}` are both `{wire}` on the wire",
                            variant.ident
                        ),
                    );
                }
                known.push((&variant.ident, wire));
            }
            syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 && position + 1 == count => {
                fallback = Some(&variant.ident);
            }
            _ => errors.spanned(
                variant,
                "an open enum's variants are unit variants (the documented values) and, last, one \
                 variant holding a `String` (the values this version does not know)",
            ),
        }
    }
    let Some(fallback) = fallback else {
        errors.spanned(
            ident,
            "an open enum ends with a variant holding a `String`, such as `Unknown(String)`, for \
             the values this version does not know",
        );
        return errors.into_compile_errors().unwrap_or_default();
    };
    if let Some(compile_errors) = errors.into_compile_errors() {
        return compile_errors;
    }
    let to_str = known
        .iter()
        .map(|(variant, wire)| quote!(#ident::#variant => #wire,));
    let from_str = known
        .iter()
        .map(|(variant, wire)| quote!(#wire => #ident::#variant,));
    let serde = quote!(#krate::__private::serde);
    quote! {
        impl #ident {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #ident::#fallback(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #ident::#fallback(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #krate::WireValue for #ident {
            fn write_wire(&self, key: &str, params: &mut #krate::Params) {
                #krate::WireValue::write_wire(self.as_str(), key, params);
            }
        }

        impl #serde::Serialize for #ident {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #ident {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value: ::std::string::String = #krate::lenient::de(deserializer)?;
                ::core::result::Result::Ok(#ident::from(value.as_str()))
            }
        }
    }
}

/// serde's `Serialize` for a struct, under its wire names: each field as `#[wire(rename)]`
/// or its name in PascalCase says, unset options as `null`, skipped fields left out. The
/// generator derives it under a `serialize` feature on responses and models, so that
/// stored or forwarded answers look like the server's; the renames are written once, for
/// decoding and serialising alike.
pub(crate) fn wire_serialize(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let result = answer_struct(input, "WireSerialize", &mut errors);
    if let Some(compile_errors) = errors.into_compile_errors() {
        return compile_errors;
    }
    let Ok((krate, fields, _)) = result else {
        return TokenStream::new();
    };
    let ident = &input.ident;
    let name = ident.to_string();
    let name = name.trim_start_matches("r#");
    let serde = quote!(#krate::__private::serde);
    let count = fields.len();
    let writes = fields.iter().map(|f| {
        let (field, wire) = (f.ident, &f.wire);
        quote_spanned! {f.field.ty.span()=>
            #serde::ser::SerializeStruct::serialize_field(&mut state, #wire, &self.#field)?;
        }
    });
    quote! {
        impl #serde::Serialize for #ident {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let mut state = serializer.serialize_struct(#name, #count)?;
                #(#writes)*
                #serde::ser::SerializeStruct::end(state)
            }
        }
    }
}
