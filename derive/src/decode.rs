//! `#[derive(Decode)]`: the lenient `Deserialize` of an answer or model (`lenient::Fields`
//! by wire name and aliases), and with `items`/`total` the answer's page of a list.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::attrs::{self, Errors};
use crate::fields::{WireField, answer_struct, is_model, is_scalar_tree, wrapper};

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let answer = answer_struct(input, "Decode", &mut errors);
    let (krate, attrs) = (answer.krate, answer.attrs);
    let ident = &input.ident;
    let de = quote!(#krate::__private::serde::de);
    let Some(fields) = answer.fields else {
        // The struct has generic parameters: a stub `Deserialize` over them keeps the
        // rest of the user's code compiling, so they see this mistake alone.
        let compile_errors = errors.into_compile_errors();
        let mut generics = input.generics.clone();
        generics.params.insert(0, syn::parse_quote!('de));
        let (impl_generics, _, _) = generics.split_for_impl();
        let (_, type_generics, where_clause) = input.generics.split_for_impl();
        return quote! {
            #compile_errors
            impl #impl_generics #de::Deserialize<'de> for #ident #type_generics #where_clause {
                fn deserialize<D: #de::Deserializer<'de>>(_: D) -> ::core::result::Result<Self, D::Error> {
                    ::core::result::Result::Err(#de::Error::custom("`#[derive(Decode)]` reported an error"))
                }
            }
        };
    };
    let list = list_response(&attrs, &fields, ident, &krate, &mut errors);
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
            #wire #(| #aliases)* => #krate::lenient::#next(map, &mut self.#ident),
        }
    });
    // Written out by the generator, the impl is linted as the user's code: a struct
    // without fields has no single-arm `match` and no unused `key`.
    let arms: Vec<TokenStream> = arms.collect();
    let (key, body) = if arms.is_empty() {
        (quote!(_), quote!(#krate::lenient::skip(map)))
    } else {
        (
            quote!(key),
            quote! {
                match key {
                    #(#arms)*
                    _ => #krate::lenient::skip(map),
                }
            },
        )
    };
    quote! {
        impl #krate::lenient::Fields for #ident {
            fn field<'de, A: #de::MapAccess<'de>>(&mut self, #key: &str, map: &mut A) -> ::core::result::Result<(), A::Error> {
                #body
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
