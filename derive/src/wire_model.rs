//! `#[derive(WireModel)]`: a struct's fields as `Key.Field` parameters under its key.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;

use crate::attrs::{self, Errors};
use crate::fields::{WireField, named_fields};

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
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
    // Written out by the generator, the impl is linted as the user's code: an empty
    // struct names its unused parameters `_`.
    let (prefix, params) = if in_key_order.is_empty() {
        (quote!(_), quote!(_))
    } else {
        (quote!(prefix), quote!(params))
    };
    let writes = in_key_order.into_iter().map(|f| {
        let ident = f.ident;
        let suffix = format!(".{}", f.wire);
        quote_spanned! {f.field.ty.span()=>
            params.write_under(&self.#ident, prefix, #suffix);
        }
    });
    quote! {
        impl #impl_generics #krate::WireModel for #ident #type_generics #where_clause {
            fn write_fields(&self, #prefix: &str, #params: &mut #krate::Params) {
                #(#writes)*
            }
        }
        #value_impl
    }
}
