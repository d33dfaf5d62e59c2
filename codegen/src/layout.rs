//! Stage 5a: a generated module as files. The parts only a cargo feature compiles (the
//! metadata table and the `Describe` impls behind the metadata feature, `Serialize` behind
//! the serialize feature) go to child modules in files of their own, declared behind
//! their feature: rustc reads a module's file only when its `cfg` holds, so an
//! application that leaves the features off never parses the half of the code they are
//! (a tenth of the compile guard's check, BENCHMARKS.md, issue #40). Front ends that
//! need one file (the `generate!` macro, build scripts) keep the module whole.

use quote::quote;

/// One optional part of a module: the items under `#[cfg(feature = "<feature>")]`, moved
/// to the child module `module`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part<'a> {
    pub(crate) feature: &'a str,
    pub(crate) module: &'a str,
}

/// `file` without the items of each part, each part declared as `mod <module>;` behind
/// its feature; and each part's items, as the file of that child module.
///
/// An item moves when its `cfg` is exactly one part's feature, except a `use` (a
/// re-export the parent keeps). An inline module named as its part (the metadata table's
/// `mod metadata { … }`) gives its items to the part's file instead of moving whole, so
/// `metadata::SERVICE` keeps its path.
pub(crate) fn split(
    mut file: syn::File,
    parts: &[Part<'_>],
) -> (syn::File, Vec<(String, syn::File)>) {
    let mut moved: Vec<Vec<syn::Item>> = parts.iter().map(|_| Vec::new()).collect();
    let mut kept = Vec::with_capacity(file.items.len());
    for mut item in std::mem::take(&mut file.items) {
        let Some((part, bucket)) = only_feature(&item).and_then(|feature| {
            parts
                .iter()
                .zip(moved.iter_mut())
                .find(|(part, _)| part.feature == feature)
        }) else {
            kept.push(item);
            continue;
        };
        match &mut item {
            // A re-export (`pub use metadata::SERVICE;`) stays with the parent.
            syn::Item::Use(_) => kept.push(item),
            syn::Item::Mod(module) if module.ident == part.module => match module.content.take() {
                Some((_, content)) => {
                    bucket.extend(content.into_iter().filter(|item| !is_glob_of_super(item)))
                }
                None => kept.push(item),
            },
            _ => {
                if let Some(attrs) = attrs_mut(&mut item) {
                    attrs.retain(|attr| !is_feature_cfg(attr));
                }
                bucket.push(item);
            }
        }
    }
    let mut children = Vec::new();
    for (part, items) in parts.iter().zip(moved) {
        if items.is_empty() {
            continue;
        }
        let feature = part.feature;
        let module = syn::Ident::new(part.module, proc_macro2::Span::call_site());
        kept.push(syn::parse_quote! {
            #[cfg(feature = #feature)]
            mod #module;
        });
        let doc = format!(
            " What this module has behind the `{feature}` feature; rustc reads this file only when it is on."
        );
        let mut child: syn::File = syn::parse_quote! {
            #![doc = #doc]
            use super::*;
        };
        child.items.extend(items);
        children.push((part.module.to_owned(), child));
    }
    file.items = kept;
    (file, children)
}

/// The feature of an item whose attributes hold `#[cfg(feature = "…")]` and no other `cfg`.
fn only_feature(item: &syn::Item) -> Option<String> {
    let attrs = attrs(item)?;
    let mut cfgs = attrs.iter().filter(|attr| attr.path().is_ident("cfg"));
    let feature = feature_of(cfgs.next()?)?;
    cfgs.next().is_none().then_some(feature)
}

fn is_feature_cfg(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg") && feature_of(attr).is_some()
}

/// `"x"` of `#[cfg(feature = "x")]`.
fn feature_of(attr: &syn::Attribute) -> Option<String> {
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    let pair: syn::MetaNameValue = list.parse_args().ok()?;
    if !pair.path.is_ident("feature") {
        return None;
    }
    match pair.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

fn is_glob_of_super(item: &syn::Item) -> bool {
    let syn::Item::Use(import) = item else {
        return false;
    };
    let tree = &import.tree;
    quote!(#tree).to_string() == quote!(super::*).to_string()
}

fn attrs(item: &syn::Item) -> Option<&Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        _ => return None,
    })
}

fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
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
        syn::Item::Trait(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Part, split};
    use quote::{ToTokens as _, quote};

    const PARTS: &[Part<'static>] = &[
        Part {
            feature: "metadata",
            module: "metadata",
        },
        Part {
            feature: "serialize",
            module: "serialize",
        },
    ];

    fn text(file: &syn::File) -> String {
        file.to_token_stream().to_string()
    }

    #[test]
    fn the_parts_behind_a_feature_move_to_a_child_module_declared_behind_it() {
        let file: syn::File = syn::parse2(quote! {
            pub struct Answer { pub id: Option<String> }
            #[cfg(feature = "metadata")]
            impl Described for Answer {}
            #[cfg(feature = "serialize")]
            impl Serialize for Answer {}
            #[cfg(feature = "metadata")]
            pub use metadata::SERVICE;
            #[cfg(feature = "metadata")]
            mod metadata {
                use ::rt::meta::ServiceMeta;
                use super::*;
                pub static SERVICE: ServiceMeta = ServiceMeta {};
            }
            #[cfg(all(feature = "metadata", feature = "serialize"))]
            impl Both for Answer {}
        })
        .unwrap();
        let (main, children) = split(file, PARTS);
        let main = text(&main);
        assert!(main.contains("pub struct Answer"), "{main}");
        assert!(main.contains("pub use metadata :: SERVICE"), "{main}");
        assert!(
            main.contains("impl Both"),
            "only an exact feature moves: {main}"
        );
        assert!(!main.contains("impl Described"), "{main}");
        assert!(!main.contains("impl Serialize"), "{main}");
        assert!(
            main.contains("# [cfg (feature = \"metadata\")] mod metadata ;"),
            "{main}"
        );
        assert!(
            main.contains("# [cfg (feature = \"serialize\")] mod serialize ;"),
            "{main}"
        );

        let names: Vec<&str> = children.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["metadata", "serialize"]);
        let metadata = text(&children[0].1);
        assert_eq!(
            metadata.matches("use super :: * ;").count(),
            1,
            "{metadata}"
        );
        assert!(
            metadata.contains("impl Described for Answer { }"),
            "{metadata}"
        );
        assert!(metadata.contains("pub static SERVICE"), "{metadata}");
        assert!(!metadata.contains("cfg"), "{metadata}");
        let serialize = text(&children[1].1);
        assert!(
            serialize.contains("impl Serialize for Answer"),
            "{serialize}"
        );
    }

    #[test]
    fn a_module_with_nothing_behind_a_feature_declares_no_child() {
        let file: syn::File = syn::parse2(quote! {
            pub struct Answer;
            #[cfg(feature = "other")]
            impl Other for Answer {}
        })
        .unwrap();
        let (main, children) = split(file, PARTS);
        assert!(children.is_empty());
        assert!(text(&main).contains("# [cfg (feature = \"other\")] impl Other"));
    }
}
