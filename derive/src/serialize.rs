//! `#[derive(WireSerialize)]`: serde's `Serialize` under the wire names.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::attrs::Errors;
use crate::fields::answer_struct;

/// serde's `Serialize` for a struct, under its wire names: each field as `#[wire(rename)]`
/// or its name in PascalCase says, unset options as `null`, skipped fields left out. The
/// generator derives it under a `serialize` feature on responses and models, so that
/// stored or forwarded answers look like the server's; the renames are written once, for
/// decoding and serialising alike.
pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let answer = answer_struct(input, "WireSerialize", &mut errors);
    let krate = answer.krate;
    let ident = &input.ident;
    let serde = quote!(#krate::__private::serde);
    let compile_errors = errors.into_compile_errors();
    let (Some(fields), None) = (answer.fields, &compile_errors) else {
        // A stub impl keeps the rest of the user's code compiling, so they see the
        // mistake and not a cascade of "Serialize is not implemented".
        let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
        return quote! {
            #compile_errors
            impl #impl_generics #serde::Serialize for #ident #type_generics #where_clause {
                fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_unit()
                }
            }
        };
    };
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
    // Written out by the generator, the impl is linted as the user's code: no `mut`
    // that an empty struct leaves unused.
    let mutable = (count > 0).then(|| quote!(mut));
    quote! {
        impl #serde::Serialize for #ident {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let #mutable state = serializer.serialize_struct(#name, #count)?;
                #(#writes)*
                #serde::ser::SerializeStruct::end(state)
            }
        }
    }
}
