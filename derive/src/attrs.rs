//! Parsing of `#[request(...)]` and `#[wire(...)]`, collecting every mistake.

use proc_macro2::Span;
use sigcal_protocol::names;
use syn::spanned::Spanned as _;

/// Every error of one derive, reported together (serde's `Ctxt`).
#[derive(Default)]
pub(crate) struct Errors(Vec<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    pub(crate) fn spanned(
        &mut self,
        tokens: impl quote::ToTokens,
        message: impl std::fmt::Display,
    ) {
        self.0.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }

    /// Whether any error was recorded.
    pub(crate) fn any(&self) -> bool {
        !self.0.is_empty()
    }

    pub(crate) fn into_compile_errors(self) -> Option<proc_macro2::TokenStream> {
        let mut errors = self.0.into_iter();
        let mut first = errors.next()?;
        for error in errors {
            first.combine(error);
        }
        Some(first.to_compile_error())
    }
}

/// `#[request(...)]` on the struct.
#[derive(Default)]
pub(crate) struct RequestAttrs {
    pub(crate) action: Option<syn::LitStr>,
    pub(crate) response: Option<syn::Type>,
    pub(crate) retry_safe: Option<bool>,
    pub(crate) krate: Option<syn::Path>,
    /// The call type that gets a setter per optional field (`Call`).
    pub(crate) builder: Option<syn::Path>,
    /// The service-client method that starts a call of this request
    /// (`UHostClient::describe_image`).
    pub(crate) method: Option<syn::Path>,
    /// `pages` or `pages(offset = …, limit = …)`: the fields a page is chosen by.
    pub(crate) pages: Option<Pages>,
}

/// The request fields that choose a page (`offset` and `limit` unless named).
pub(crate) struct Pages {
    pub(crate) span: Span,
    pub(crate) offset: syn::Ident,
    pub(crate) limit: syn::Ident,
}

/// `#[wire(...)]` on a struct.
#[derive(Default)]
pub(crate) struct StructAttrs {
    pub(crate) krate: Option<syn::Path>,
    /// For `Decode`: the field holding an answer's page of a list.
    pub(crate) items: Option<syn::Ident>,
    /// For `Decode`: the field holding the list's total count.
    pub(crate) total: Option<syn::Ident>,
}

/// `#[wire(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) rename: Option<syn::LitStr>,
    /// Other wire names a decoded field is also read from (the official SDK's spelling).
    pub(crate) aliases: Vec<syn::LitStr>,
    pub(crate) required: bool,
    pub(crate) skip: bool,
    /// A secret (`sensitive` in the spec): the metadata says so, and tools that show
    /// requests leave its value out.
    pub(crate) sensitive: bool,
}

const REQUEST_KEYS: &str =
    "`action`, `response`, `retry_safe`, `builder`, `method`, `pages`, `crate`";
const FIELD_KEYS: &str = "`rename`, `alias`, `required`, `skip`, `sensitive`";
const MODEL_KEYS: &str = "`crate`, `items`, `total`";

/// One attribute key's value, given at most once (serde's `Attr`): a second one is a
/// "duplicate" error at that key, and the first stays.
struct Attr<T>(Option<T>);

impl<T> Attr<T> {
    const fn none() -> Attr<T> {
        Attr(None)
    }

    /// Sets the value from `key`, or reports `key` as a duplicate; whether it was set.
    fn set(&mut self, errors: &mut Errors, key: &syn::Path, value: T) -> bool {
        if self.0.is_some() {
            let name = key.get_ident().map(ToString::to_string).unwrap_or_default();
            errors.spanned(key, format!("duplicate `{name}` attribute"));
            return false;
        }
        self.0 = Some(value);
        true
    }

    fn get(self) -> Option<T> {
        self.0
    }
}

pub(crate) fn request_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> RequestAttrs {
    let mut action = Attr::none();
    let mut response = Attr::none();
    let mut retry_safe = Attr::none();
    let mut builder = Attr::none();
    let mut method = Attr::none();
    let mut pages = Attr::none();
    let mut krate = Attr::none();
    for attr in attrs.iter().filter(|a| a.path().is_ident("request")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("action") {
                let value: syn::LitStr = meta.value()?.parse()?;
                let valid = names::is_identifier(&value.value());
                // Kept even when invalid, so "missing action" does not follow.
                if action.set(errors, &meta.path, value.clone()) && !valid {
                    errors.spanned(
                        &value,
                        "`action` must be the action's wire name, such as \"DescribePHostImage\"",
                    );
                }
            } else if meta.path.is_ident("response") {
                response.set(errors, &meta.path, meta.value()?.parse()?);
            } else if meta.path.is_ident("retry_safe") {
                let value = if meta.input.peek(syn::Token![=]) {
                    let lit: syn::LitBool = meta.value()?.parse()?;
                    lit.value
                } else {
                    true
                };
                retry_safe.set(errors, &meta.path, value);
            } else if meta.path.is_ident("builder") {
                builder.set(errors, &meta.path, meta.value()?.parse()?);
            } else if meta.path.is_ident("method") {
                let value: syn::Path = meta.value()?.parse()?;
                if value.segments.len() < 2 {
                    errors.spanned(
                        &value,
                        "`method` names the client type and the method, such as `UHostClient::describe_image`",
                    );
                } else {
                    method.set(errors, &meta.path, value);
                }
            } else if meta.path.is_ident("pages") {
                let mut chosen = Pages {
                    span: meta.path.span(),
                    offset: syn::Ident::new("offset", meta.path.span()),
                    limit: syn::Ident::new("limit", meta.path.span()),
                };
                if meta.input.peek(syn::token::Paren) {
                    meta.parse_nested_meta(|inner| {
                        if inner.path.is_ident("offset") {
                            chosen.offset = inner.value()?.parse()?;
                        } else if inner.path.is_ident("limit") {
                            chosen.limit = inner.value()?.parse()?;
                        } else {
                            unknown(errors, &inner, "pages", format_args!("; expected `offset`, `limit`"))?;
                        }
                        Ok(())
                    })?;
                }
                pages.set(errors, &meta.path, chosen);
            } else if meta.path.is_ident("crate") {
                let value: syn::LitStr = meta.value()?.parse()?;
                krate.set(errors, &meta.path, value.parse()?);
            } else {
                unknown(errors, &meta, "request", format_args!("; expected one of {REQUEST_KEYS}"))?;
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    RequestAttrs {
        action: action.get(),
        response: response.get(),
        retry_safe: retry_safe.get(),
        krate: krate.get(),
        builder: builder.get(),
        method: method.get(),
        pages: pages.get(),
    }
}

/// `#[wire(crate = "…")]` for the derives other than `Decode`, which refuse the keys
/// only `Decode` reads rather than ignore them.
pub(crate) fn model_crate(attrs: &[syn::Attribute], errors: &mut Errors) -> Option<syn::Path> {
    let out = struct_attrs(attrs, errors);
    for key in out.items.iter().chain(&out.total) {
        errors.spanned(
            key,
            "`items` and `total` name an answer's page for `#[derive(Decode)]`",
        );
    }
    out.krate
}

pub(crate) fn struct_attrs(attrs: &[syn::Attribute], errors: &mut Errors) -> StructAttrs {
    let mut krate = Attr::none();
    let mut items = Attr::none();
    let mut total = Attr::none();
    for attr in attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let value: syn::LitStr = meta.value()?.parse()?;
                krate.set(errors, &meta.path, value.parse()?);
            } else if meta.path.is_ident("items") {
                items.set(errors, &meta.path, meta.value()?.parse()?);
            } else if meta.path.is_ident("total") {
                total.set(errors, &meta.path, meta.value()?.parse()?);
            } else {
                unknown(
                    errors,
                    &meta,
                    "wire",
                    format_args!(" on a struct; expected {MODEL_KEYS}"),
                )?;
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    StructAttrs {
        krate: krate.get(),
        items: items.get(),
        total: total.get(),
    }
}

pub(crate) fn field_attrs(field: &syn::Field, errors: &mut Errors) -> FieldAttrs {
    let mut rename = Attr::none();
    let mut aliases = Vec::new();
    let mut required = Attr::none();
    let mut skip = Attr::none();
    let mut sensitive = Attr::none();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                if wire_name(&value, errors) {
                    rename.set(errors, &meta.path, value);
                }
            } else if meta.path.is_ident("alias") {
                let value: syn::LitStr = meta.value()?.parse()?;
                if wire_name(&value, errors) {
                    aliases.push(value);
                }
            } else if meta.path.is_ident("required") {
                required.set(errors, &meta.path, ());
            } else if meta.path.is_ident("skip") {
                skip.set(errors, &meta.path, ());
            } else if meta.path.is_ident("sensitive") {
                sensitive.set(errors, &meta.path, ());
            } else {
                unknown(
                    errors,
                    &meta,
                    "wire",
                    format_args!("; expected one of {FIELD_KEYS}"),
                )?;
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    let out = FieldAttrs {
        rename: rename.get(),
        aliases,
        required: required.get().is_some(),
        skip: skip.get().is_some(),
        sensitive: sensitive.get().is_some(),
    };
    if out.skip && out.required {
        errors.at(field.span(), "a field cannot be both `skip` and `required`");
    }
    out
}

/// Whether `value` is a wire name; reports it at the literal when not.
fn wire_name(value: &syn::LitStr, errors: &mut Errors) -> bool {
    let valid = names::is_identifier(&value.value());
    if !valid {
        errors.spanned(
            value,
            "a wire name starts with a letter and holds only letters, digits and `_`",
        );
    }
    valid
}

/// Reports an unknown key at its span and skips its value, so parsing goes on and
/// every mistake of the attribute is reported together.
fn unknown(
    errors: &mut Errors,
    meta: &syn::meta::ParseNestedMeta<'_>,
    attribute: &str,
    expected: std::fmt::Arguments<'_>,
) -> syn::Result<()> {
    let name = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    errors.spanned(
        &meta.path,
        format!("unknown `{attribute}` attribute `{name}`{expected}"),
    );
    skip_value(meta)
}

/// Consumes `= value` after an unknown key so parsing can go on to the next key.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

/// The runtime crate generated code names when no `crate = ...` says otherwise.
pub(crate) fn default_runtime() -> syn::Path {
    let relative = names::DEFAULT_RUNTIME_PATH.strip_prefix("::");
    syn::Path {
        leading_colon: relative.map(|_| syn::token::PathSep::default()),
        segments: relative
            .unwrap_or(names::DEFAULT_RUNTIME_PATH)
            .split("::")
            .map(|segment| syn::PathSegment::from(syn::Ident::new(segment, Span::call_site())))
            .collect(),
    }
}

/// An enum variant's value on the wire: `#[wire(rename = "...")]`, or its name.
pub(crate) fn variant_wire_name(variant: &syn::Variant, errors: &mut Errors) -> String {
    variant_rename(variant, errors).map_or_else(
        || {
            variant
                .ident
                .to_string()
                .trim_start_matches("r#")
                .to_owned()
        },
        |lit| lit.value(),
    )
}

/// `#[wire(rename = "...")]` on an enum variant.
fn variant_rename(variant: &syn::Variant, errors: &mut Errors) -> Option<syn::LitStr> {
    let mut rename = Attr::none();
    for attr in variant.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename.set(errors, &meta.path, meta.value()?.parse()?);
            } else {
                unknown(
                    errors,
                    &meta,
                    "wire",
                    format_args!(" on a variant; expected `rename`"),
                )?;
            }
            Ok(())
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    rename.get()
}

/// A doc comment, or one under `cfg_attr` (`#[cfg_attr(doc, doc = "…")]`: the example a
/// generated struct shows only in its docs). A derive the compiler runs sees the latter
/// already resolved; the generator, which writes the derives out, sees it as written, so
/// what a derive copies onto the items it writes keeps it either way.
pub(crate) fn is_doc(attr: &syn::Attribute) -> bool {
    if attr.path().is_ident("doc") {
        return true;
    }
    let syn::Meta::List(list) = &attr.meta else {
        return false;
    };
    attr.path().is_ident("cfg_attr")
        && list
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|metas| metas.iter().skip(1).any(|meta| meta.path().is_ident("doc")))
}
