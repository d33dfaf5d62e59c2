//! What every derive reads of a struct: its wire fields (name, aliases, required,
//! secret), and
//! the shapes of field types (`Option<T>`, `Vec<T>`, scalars, models).

use syn::spanned::Spanned as _;

use crate::attrs::{self, Errors};
use sigcal_protocol::names;
use sigcal_protocol::types::Scalar;

/// One field as it goes on the wire.
pub(crate) struct WireField<'a> {
    pub(crate) field: &'a syn::Field,
    pub(crate) ident: &'a syn::Ident,
    pub(crate) wire: String,
    pub(crate) aliases: Vec<syn::LitStr>,
    pub(crate) required: bool,
    /// A secret (`#[wire(sensitive)]`).
    pub(crate) sensitive: bool,
}

/// The named fields of a struct, or an error for enums, unions and tuple structs.
pub(crate) fn named_fields<'a>(
    input: &'a syn::DeriveInput,
    derive: &str,
    errors: &mut Errors,
) -> Vec<WireField<'a>> {
    let fields = match &input.data {
        syn::Data::Struct(data) => match &data.fields {
            syn::Fields::Named(named) => &named.named,
            syn::Fields::Unit => return Vec::new(),
            syn::Fields::Unnamed(unnamed) => {
                errors.spanned(unnamed, format!("`#[derive({derive})]` needs named fields: the field names become wire names"));
                return Vec::new();
            }
        },
        syn::Data::Enum(data) => {
            errors.at(
                data.enum_token.span(),
                format!("`#[derive({derive})]` works on structs, not enums"),
            );
            return Vec::new();
        }
        syn::Data::Union(data) => {
            errors.at(
                data.union_token.span(),
                format!("`#[derive({derive})]` works on structs, not unions"),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    let mut seen: Vec<(String, &syn::Ident)> = Vec::new();
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let attrs = attrs::field_attrs(field, errors);
        check_type(&field.ty, errors);
        if attrs.skip {
            continue;
        }
        let wire = attrs.rename.as_ref().map_or_else(
            || names::field_wire_name(&ident.to_string()),
            syn::LitStr::value,
        );
        if let Some((_, other)) = seen.iter().find(|(name, _)| *name == wire) {
            errors.spanned(
                ident,
                format!("fields `{other}` and `{ident}` both go on the wire as `{wire}`"),
            );
        }
        seen.push((wire.clone(), ident));
        out.push(WireField {
            field,
            ident,
            wire,
            aliases: attrs.aliases,
            required: attrs.required,
            sensitive: attrs.sensitive,
        });
    }
    out
}

/// Types that can never have a wire form, caught here with a clear message; every
/// other type is checked by the compiler against `WireValue`, at the field's span.
fn check_type(ty: &syn::Type, errors: &mut Errors) {
    let what = match ty {
        syn::Type::Tuple(tuple) if !tuple.elems.is_empty() => "a tuple",
        syn::Type::FnPtr(_) => "a function pointer",
        syn::Type::Ptr(_) => "a raw pointer",
        syn::Type::TraitObject(_) | syn::Type::ImplTrait(_) => "a trait object",
        syn::Type::Never(_) => "`!`",
        syn::Type::Path(path) => match path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .as_deref()
        {
            Some("HashMap" | "BTreeMap" | "IndexMap") => "a map",
            Some("HashSet" | "BTreeSet") => "a set",
            _ => return,
        },
        _ => return,
    };
    errors.spanned(
        ty,
        format!("{what} has no wire form; use a scalar (String, i64, f64, bool), an Option, a Vec, or a #[derive(WireModel)] struct"),
    );
}

/// What the answer-side derives (`Decode`, `WireSerialize`) start from.
pub(crate) struct AnswerStruct<'a> {
    /// The runtime's path.
    pub(crate) krate: syn::Path,
    /// The wire fields; `None` when the struct has generic parameters (an error), which
    /// these derives do not take.
    pub(crate) fields: Option<Vec<WireField<'a>>>,
    pub(crate) attrs: attrs::StructAttrs,
}

pub(crate) fn answer_struct<'a>(
    input: &'a syn::DeriveInput,
    derive: &str,
    errors: &mut Errors,
) -> AnswerStruct<'a> {
    let mut attrs = attrs::struct_attrs(&input.attrs, errors);
    let krate = attrs.krate.take().unwrap_or_else(attrs::default_runtime);
    let fields = named_fields(input, derive, errors);
    let fields = match input.generics.params.first() {
        Some(param) => {
            errors.spanned(
                param,
                format!("`#[derive({derive})]` works on structs without generic parameters"),
            );
            None
        }
        None => Some(fields),
    };
    AnswerStruct {
        krate,
        fields,
        attrs,
    }
}

/// `Option<T>` or `Vec<T>`: the wrapper's name and `T`.
pub(crate) fn wrapper(ty: &syn::Type) -> Option<(&'static str, &syn::Type)> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let name = match last.ident.to_string().as_str() {
        "Option" => "Option",
        "Vec" => "Vec",
        _ => return None,
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some((name, inner)),
        _ => None,
    }
}

/// The last path segment's name, for a path type without generic arguments.
pub(crate) fn plain_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    last.arguments.is_none().then(|| last.ident.to_string())
}

pub(crate) fn is_scalar_tree(ty: &syn::Type) -> bool {
    match wrapper(ty) {
        Some((_, inner)) => is_scalar_tree(inner),
        None => plain_name(ty).is_some_and(|name| is_scalar_name(&name)),
    }
}

/// The scalars `lenient::Lenient` reads: the Rust types generated code holds the
/// protocol's scalars in (`String`, `i64`, `f64`, `bool`), JSON aside.
fn is_scalar_name(name: &str) -> bool {
    Scalar::ALL
        .into_iter()
        .any(|scalar| scalar != Scalar::Json && scalar.rust_type() == name)
}

/// A named type that is neither a scalar nor free-form JSON (`serde_json::Value`, named
/// by a path through `serde_json`): a model or an enum.
pub(crate) fn is_model(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let through_serde_json = path.path.segments.iter().any(|s| s.ident == "serde_json");
    !through_serde_json && plain_name(ty).is_some_and(|name| !is_scalar_name(&name))
}
