//! Expansion of `#[derive(Describe)]`: the static metadata of a struct or an open enum,
//! read from the same attributes and doc comments the other derives read, so that a
//! description is written once, on its field.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attrs::{self, Errors};
use crate::derive::{named_fields, plain_name, wrapper};

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
                let ty = spec_type(&f.field.ty);
                let required = f.required || wrapper(&f.field.ty).is_none();
                let description = summary(&f.field.attrs);
                let page_name = f.aliases.first().map(|alias| quote!(.or_named(#alias)));
                quote!(#meta::field(#wire, #rust_name, #ty, #required, #description) #page_name)
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

/// The spec's name of a field's type: `Option<T>` is `T`'s, `Vec<T>` is `array[T]`,
/// integers are `int`, floats `float`, `String` `string`, `bool` `bool`,
/// `serde_json::Value` `json`, and a model or enum goes by its name.
fn spec_type(ty: &syn::Type) -> String {
    match wrapper(ty) {
        Some(("Vec", inner)) => return format!("array[{}]", spec_type(inner)),
        Some((_, inner)) => return spec_type(inner),
        None => {}
    }
    let through_serde_json = matches!(ty, syn::Type::Path(path)
        if path.path.segments.iter().any(|s| s.ident == "serde_json"));
    match plain_name(ty).as_deref() {
        _ if through_serde_json => "json".to_owned(),
        Some("String" | "str") => "string".to_owned(),
        Some("i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64")
        | Some("u128" | "usize") => "int".to_owned(),
        Some("f32" | "f64") => "float".to_owned(),
        Some("bool") => "bool".to_owned(),
        Some(name) => name.trim_start_matches("r#").to_owned(),
        None => "json".to_owned(),
    }
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
        .unwrap_or_default()
        .replace('\\', "");
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
