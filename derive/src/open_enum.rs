//! `#[derive(OpenEnum)]`: an enum of documented values plus one that keeps any other,
//! to and from its wire text.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::{self, Errors};

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let krate =
        attrs::model_crate(&input.attrs, &mut errors).unwrap_or_else(attrs::default_runtime);
    let ident = &input.ident;
    let syn::Data::Enum(data) = &input.data else {
        errors.spanned(ident, "`#[derive(OpenEnum)]` works on enums");
        return stub(input, &krate, errors);
    };
    if let Some(param) = input.generics.params.first() {
        errors.spanned(
            param,
            "`#[derive(OpenEnum)]` works on enums without generic parameters",
        );
        return stub(input, &krate, errors);
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
        return stub(input, &krate, errors);
    };
    if errors.any() {
        return stub(input, &krate, errors);
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

/// The errors, and the impls the derive would have written with bodies that need no
/// variant: the rest of the user's code keeps compiling, so they see the mistake and not
/// a cascade of "`as_str` not found" and "`WireValue` is not implemented". The crate
/// does not compile while the errors stand, so the bodies never run.
fn stub(input: &syn::DeriveInput, krate: &syn::Path, errors: Errors) -> TokenStream {
    let compile_errors = errors.into_compile_errors();
    let ident = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let serde = quote!(#krate::__private::serde);
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('de));
    let (de_impl_generics, _, _) = de_generics.split_for_impl();
    quote! {
        #compile_errors
        impl #impl_generics #ident #type_generics #where_clause {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                ""
            }
        }
        impl #impl_generics ::core::convert::From<&str> for #ident #type_generics #where_clause {
            fn from(_: &str) -> Self {
                ::core::unreachable!("`#[derive(OpenEnum)]` reported an error")
            }
        }
        impl #impl_generics ::core::fmt::Display for #ident #type_generics #where_clause {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::result::Result::Ok(())
            }
        }
        impl #impl_generics #krate::WireValue for #ident #type_generics #where_clause {
            fn write_wire(&self, _: &str, _: &mut #krate::Params) {}
        }
        impl #impl_generics #serde::Serialize for #ident #type_generics #where_clause {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_unit()
            }
        }
        impl #de_impl_generics #serde::Deserialize<'de> for #ident #type_generics #where_clause {
            fn deserialize<D: #serde::Deserializer<'de>>(_: D) -> ::core::result::Result<Self, D::Error> {
                ::core::result::Result::Err(#serde::de::Error::custom("`#[derive(OpenEnum)]` reported an error"))
            }
        }
    }
}
