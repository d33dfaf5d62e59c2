//! `generate!("spec/x.yaml")`: the generator as a function-like macro.

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn generate(path: &syn::LitStr) -> TokenStream {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let full = std::path::Path::new(&manifest_dir).join(path.value());
    let spec = match sigcal_codegen::Spec::load(&full) {
        Ok(spec) => spec,
        Err(error) => {
            // Each diagnostic becomes one compile error at the macro call, quoting the
            // spec's own file:line:column.
            let errors = error.errors().map(|d| {
                let message = d.headline();
                quote::quote_spanned!(path.span()=> ::core::compile_error!(#message);)
            });
            return quote! { #(#errors)* };
        }
    };
    let tokens = sigcal_codegen::generate(&spec, &sigcal_codegen::Options::default());
    let tracked = full.display().to_string();
    quote! {
        // Makes cargo rebuild this crate when the spec changes.
        const _: &str = include_str!(#tracked);
        #tokens
    }
}
