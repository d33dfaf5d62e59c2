//! Stage 4b: the derives of `sigcal-derive` written out. Each generated struct and enum
//! that derives one of them (`Request`, `Decode`, `OpenEnum`, `WireModel`, and
//! `Describe`/`WireSerialize` behind their features) gets the impls the derive would
//! write, from the same library the derive macros call, and loses the derive and its
//! helper attributes. A generated client then runs no procedural macro when it compiles:
//! in the compile guard's three services that took about 6% off the check (BENCHMARKS.md,
//! issue #40). An item whose derive reports a mistake keeps its derive, so the mistake is
//! reported where the code is compiled, as before.

use proc_macro2::TokenStream;
use quote::ToTokens as _;

/// `tokens` (a generated module's items) with the derives of the runtime at `runtime`
/// written out.
pub(crate) fn derives(tokens: TokenStream, runtime: &str) -> TokenStream {
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    file.items = items(std::mem::take(&mut file.items), &compact(runtime));
    file.into_token_stream()
}

fn items(all: Vec<syn::Item>, runtime: &str) -> Vec<syn::Item> {
    let mut out = Vec::with_capacity(all.len());
    for item in all {
        match item {
            syn::Item::Struct(_) | syn::Item::Enum(_) => expand_item(item, runtime, &mut out),
            syn::Item::Mod(mut module) => {
                if let Some((brace, inner)) = module.content.take() {
                    module.content = Some((brace, items(inner, runtime)));
                }
                out.push(syn::Item::Mod(module));
            }
            other => out.push(other),
        }
    }
    out
}

/// One of ours, by the name it is derived under, when `path` is `<runtime>::<name>`.
fn ours(path: &syn::Path, runtime: &str) -> Option<sigcal_derive::Derive> {
    let last = path.segments.last()?;
    let text = compact(&path.to_token_stream().to_string());
    let (_, derive) = sigcal_derive::DERIVES
        .iter()
        .find(|(name, _)| last.ident == name && text == format!("{runtime}::{name}"))?;
    Some(*derive)
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The paths of a `derive(...)` list.
fn derived(meta: &syn::Meta) -> Option<Vec<syn::Path>> {
    let syn::Meta::List(list) = meta else {
        return None;
    };
    if !list.path.is_ident("derive") {
        return None;
    }
    list.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .ok()
        .map(|paths| paths.into_iter().collect())
}

/// `cfg_attr(PREDICATE, derive(...))`: the predicate and the derive list.
fn conditional(attr: &syn::Attribute) -> Option<(TokenStream, Vec<syn::Path>)> {
    if !attr.path().is_ident("cfg_attr") {
        return None;
    }
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    let parts = list
        .parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        .ok()?;
    let mut parts = parts.into_iter();
    let predicate = parts.next()?.into_token_stream();
    let derive = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    Some((predicate, derived(&derive)?))
}

fn expand_item(item: syn::Item, runtime: &str, out: &mut Vec<syn::Item>) {
    let attrs = match &item {
        syn::Item::Struct(s) => &s.attrs,
        syn::Item::Enum(e) => &e.attrs,
        _ => unreachable!("only structs and enums are expanded"),
    };
    // Each of ours, with the condition it is derived under (`Describe` behind
    // `metadata`, `WireSerialize` behind `serialize`): what it writes goes under that
    // `cfg`. No helper attribute is left on the fields, so the compiler need not
    // evaluate a `cfg_attr` inside the item before running the standard derives.
    let mut wanted = Vec::new();
    for attr in attrs {
        if let Some(paths) = derived(&attr.meta) {
            wanted.extend(
                paths
                    .iter()
                    .filter_map(|p| ours(p, runtime))
                    .map(|d| (None, d)),
            );
        } else if let Some((predicate, paths)) = conditional(attr) {
            wanted.extend(
                paths
                    .iter()
                    .filter_map(|p| ours(p, runtime))
                    .map(|d| (Some(predicate.clone()), d)),
            );
        }
    }
    if wanted.is_empty() {
        out.push(item);
        return;
    }
    let Ok(input) = syn::parse2::<syn::DeriveInput>(item.to_token_stream()) else {
        out.push(item);
        return;
    };
    let mut written = Vec::new();
    for (predicate, derive) in wanted {
        let Some(file) = syn::parse2::<syn::File>(derive(&input))
            .ok()
            .filter(|file| !file.to_token_stream().to_string().contains("compile_error"))
        else {
            // The derive found a mistake: leave the item to the compiler.
            out.push(item);
            return;
        };
        for mut impl_item in file.items {
            if let Some(predicate) = &predicate {
                match item_attrs(&mut impl_item) {
                    Some(attrs) => attrs.insert(0, syn::parse_quote!(#[cfg(#predicate)])),
                    None => {
                        out.push(item);
                        return;
                    }
                }
            }
            written.push(impl_item);
        }
    }
    let mut item = item;
    match &mut item {
        syn::Item::Struct(s) => {
            strip(&mut s.attrs, runtime);
            for field in &mut s.fields {
                strip(&mut field.attrs, runtime);
            }
        }
        syn::Item::Enum(e) => {
            strip(&mut e.attrs, runtime);
            for variant in &mut e.variants {
                strip(&mut variant.attrs, runtime);
            }
        }
        _ => {}
    }
    out.push(item);
    out.extend(written);
}

/// The attributes of an item a derive writes, to put it under its condition.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Drops the derives written out and their helper attributes; other derives stay.
fn strip(attrs: &mut Vec<syn::Attribute>, runtime: &str) {
    attrs.retain_mut(|attr| {
        if sigcal_derive::HELPER_ATTRIBUTES
            .iter()
            .any(|helper| attr.path().is_ident(helper))
        {
            return false;
        }
        let rebuilt = if let Some(paths) = derived(&attr.meta) {
            let kept: Vec<&syn::Path> = paths
                .iter()
                .filter(|p| ours(p, runtime).is_none())
                .collect();
            (!kept.is_empty()).then(|| syn::parse_quote!(#[derive(#(#kept),*)]))
        } else if let Some((predicate, paths)) = conditional(attr) {
            let kept: Vec<&syn::Path> = paths
                .iter()
                .filter(|p| ours(p, runtime).is_none())
                .collect();
            (!kept.is_empty())
                .then(|| syn::parse_quote!(#[cfg_attr(#predicate, derive(#(#kept),*))]))
        } else {
            return true;
        };
        match rebuilt {
            Some(rebuilt) => {
                *attr = rebuilt;
                true
            }
            None => false,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::derives;
    use quote::quote;

    #[test]
    fn writes_out_our_derives_and_keeps_the_others() {
        let tokens = quote! {
            #[derive(Debug, Clone, Default, PartialEq, ::sigcal_client::Decode)]
            #[cfg_attr(feature = "metadata", derive(::sigcal_client::Describe))]
            pub struct Answer {
                #[wire(rename = "UHostId")]
                pub uhost_id: Option<String>,
            }
        };
        let out = derives(tokens, "::sigcal_client").to_string();
        assert!(
            out.contains("derive (Debug , Clone , Default , PartialEq)"),
            "{out}"
        );
        assert!(
            out.contains("impl :: sigcal_client :: lenient :: Fields for Answer"),
            "{out}"
        );
        assert!(out.contains("\"UHostId\""), "{out}");
        // `Describe` is written out behind its feature; no helper attribute is left.
        assert!(
            out.contains("# [cfg (feature = \"metadata\")] impl"),
            "{out}"
        );
        assert!(!out.contains("cfg_attr"), "{out}");
        assert!(!out.contains("# [wire"), "{out}");
        assert!(!out.contains(":: Decode"), "{out}");
    }

    #[test]
    fn an_item_whose_derive_finds_a_mistake_keeps_its_derive() {
        let tokens = quote! {
            #[derive(Debug, ::sigcal_client::Decode)]
            pub struct Answer {
                #[wire(no_such_key)]
                pub id: Option<String>,
            }
        };
        let out = derives(tokens, "::sigcal_client").to_string();
        assert!(out.contains(":: sigcal_client :: Decode"), "{out}");
        assert!(out.contains("no_such_key"), "{out}");
    }

    #[test]
    fn another_runtime_path_is_ours_too_and_a_stranger_is_not() {
        let tokens = quote! {
            #[derive(Debug, ::vendor::sigcal::OpenEnum, ::other::OpenEnum)]
            #[wire(crate = "::vendor::sigcal")]
            pub enum Kind { A, Unknown(String) }
        };
        let out = derives(tokens, "::vendor::sigcal").to_string();
        assert!(
            out.contains("derive (Debug , :: other :: OpenEnum)"),
            "{out}"
        );
        assert!(out.contains("impl"), "{out}");
        assert!(!out.contains("# [wire"), "no derive left reads it: {out}");
    }
}
