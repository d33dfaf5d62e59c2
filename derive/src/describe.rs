//! Expansion of `#[derive(Describe)]`: the static metadata of a struct or an open enum,
//! read from the same attributes and doc comments the other derives read, so that a
//! description is written once, on its field.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::{self, Errors};
use crate::fields::{named_fields, wrapper};
use sigcal_protocol::types::Scalar;

/// Longest description kept (command-line help shows it), in characters.
const DESCRIPTION_CHARS: usize = 100;

pub(crate) fn describe(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    // The other derive on the type reports mistakes in its own attribute; here only the
    // crate path is read from it.
    let krate = attrs::request_attrs(&input.attrs, &mut Errors::default())
        .krate
        .or_else(|| attrs::model_crate(&input.attrs, &mut Errors::default()))
        .unwrap_or_else(attrs::default_runtime);
    let ident = &input.ident;
    let name = ident.to_string();
    let name = name.trim_start_matches("r#");
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let meta = quote!(#krate::meta);
    let body = match &input.data {
        syn::Data::Enum(data) => {
            let values = data
                .variants
                .iter()
                .filter(|v| matches!(v.fields, syn::Fields::Unit))
                .map(|v| attrs::variant_wire_name(v, &mut Errors::default()));
            quote! {
                impl #impl_generics #meta::DescribedEnum for #ident #type_generics #where_clause {
                    const NAME: &'static str = #name;
                    const VALUES: &'static [&'static str] = &[#(#values),*];
                }
            }
        }
        _ => {
            let fields = named_fields(input, "Describe", &mut errors);
            let struct_summary = summary(&input.attrs);
            let rows = fields.iter().map(|f| {
                let wire = &f.wire;
                let rust_name = f.ident.to_string();
                let rust_name = rust_name.trim_start_matches("r#");
                let ty = spec_type(&f.field.ty, &meta);
                let required = f.required || wrapper(&f.field.ty).is_none();
                let description = summary(&f.field.attrs);
                let page_name = f.aliases.first().map(|alias| quote!(.or_named(#alias)));
                let sensitive = f.sensitive.then(|| quote!(.secret()));
                quote!(#meta::field(#wire, #rust_name, #ty, #required, #description) #page_name #sensitive)
            });
            quote! {
                impl #impl_generics #meta::Described for #ident #type_generics #where_clause {
                    const NAME: &'static str = #name;
                    const SUMMARY: &'static str = #struct_summary;
                    const FIELDS: &'static [#meta::FieldMeta] = &[#(#rows),*];
                }
            }
        }
    };
    match errors.into_compile_errors() {
        Some(compile_errors) => quote!(#compile_errors #body),
        None => body,
    }
}

/// The spec's type of a field, as a `TypeExpr` constant: `Option<T>` is `T`'s,
/// `Vec<T>` is `array[T]`, a Rust scalar is the protocol's scalar for it
/// (`Scalar::of_rust_type`), and a model or enum goes by its name.
fn spec_type(ty: &syn::Type, meta: &TokenStream) -> TokenStream {
    let mut ty = ty;
    let mut lists: u8 = 0;
    while let Some((wrapper, inner)) = wrapper(ty) {
        if wrapper == "Vec" {
            lists = lists.saturating_add(1);
        }
        ty = inner;
    }
    let expr = match rust_path(ty) {
        Some(path) => match Scalar::of_rust_type(&path) {
            Some(scalar) => {
                let variant = scalar_variant(scalar);
                quote!(#meta::TypeExpr::scalar(#meta::Scalar::#variant))
            }
            None => {
                let name = path.rsplit("::").next().unwrap_or(&path);
                let name = name.trim_start_matches("r#");
                quote!(#meta::TypeExpr::named(#name))
            }
        },
        // Not a plain path (a tuple, a map): only JSON describes it.
        None => quote!(#meta::TypeExpr::scalar(#meta::Scalar::Json)),
    };
    match lists {
        0 => expr,
        lists => quote!(#expr.in_lists(#lists)),
    }
}

/// A plain path type as text (`::sigcal_client::__private::serde_json::Value`); `None`
/// for any other type, or one with generics (a map).
fn rust_path(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    if !path.path.segments.last()?.arguments.is_none() {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    Some(segments.join("::"))
}

/// The variant's name, as the runtime re-exports `Scalar`.
fn scalar_variant(scalar: Scalar) -> proc_macro2::Ident {
    let name = match scalar {
        Scalar::String => "String",
        Scalar::Int => "Int",
        Scalar::Float => "Float",
        Scalar::Bool => "Bool",
        Scalar::Json => "Json",
    };
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// The first sentence of the first doc line, at most [`DESCRIPTION_CHARS`] characters,
/// with the Markdown escapes undone: what command-line help shows.
fn summary(attrs: &[syn::Attribute]) -> String {
    let first_line = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .flat_map(|text| text.lines().map(str::to_owned).collect::<Vec<_>>())
        .map(|line| line.trim().to_owned())
        .find(|line| !line.is_empty())
        .map(|line| sigcal_protocol::doc::unescape(&line))
        .unwrap_or_default();
    let sentence_end = first_line
        .find('。')
        .map(|i| i + '。'.len_utf8())
        .or_else(|| first_line.find(". ").map(|i| i + 1))
        .unwrap_or(first_line.len());
    let sentence = first_line.get(..sentence_end).unwrap_or(&first_line);
    if sentence.chars().count() <= DESCRIPTION_CHARS {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(DESCRIPTION_CHARS - 1).collect();
    format!("{cut}…")
}
