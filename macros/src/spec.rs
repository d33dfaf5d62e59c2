//! `generate!("spec/x.yaml", runtime_path = "…")`: the generator as a function-like
//! macro, with the generator's [`sigcal_codegen::Options`] as `name = "value"` pairs.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// The macro's input: the spec's path, then options.
pub(crate) struct Input {
    path: LitStr,
    options: Vec<(Ident, LitStr)>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Input> {
        let path = input.parse()?;
        let mut options = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            options.push((name, input.parse()?));
        }
        Ok(Input { path, options })
    }
}

pub(crate) fn generate(input: &Input) -> TokenStream {
    let mut options = sigcal_codegen::Options::default();
    let mut seen = Vec::new();
    for (name, value) in &input.options {
        let key = name.to_string();
        if seen.contains(&key) {
            return syn::Error::new(name.span(), format!("`{key}` is given twice"))
                .to_compile_error();
        }
        options = match options.set(&key, &value.value()) {
            Ok(options) => options,
            Err(error) => {
                // An unknown name is the name's fault, a refused value the value's.
                let span = if sigcal_codegen::Options::NAMES.contains(&key.as_str()) {
                    value.span()
                } else {
                    name.span()
                };
                return syn::Error::new(span, error).to_compile_error();
            }
        };
        seen.push(key);
    }
    let path = &input.path;
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let full = std::path::Path::new(&manifest_dir).join(path.value());
    let spec = match sigcal_codegen::Spec::load(&full) {
        Ok(spec) => spec,
        Err(error) => {
            // Each diagnostic becomes one compile error at the macro call, quoting the
            // spec's own file:line:column.
            let errors = error.errors().map(|d| {
                let message = d.headline();
                quote_spanned!(path.span()=> ::core::compile_error!(#message);)
            });
            return quote! { #(#errors)* };
        }
    };
    let tokens = sigcal_codegen::generate(&spec, &options);
    let tracked = full.display().to_string();
    quote! {
        // Makes cargo rebuild this crate when the spec changes.
        const _: &str = include_str!(#tracked);
        #tokens
    }
}
