//! Request, response and model structs, and open enums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use sigcal_protocol::names;
use sigcal_protocol::types::Scalar;

use super::{Ctx, doc_attrs, ident, rust_type};
use crate::ir::{Action, Enum, Field, Model, Ty};

/// The request struct: public fields, `Default`, and by derive the signer glue and the
/// setters of its builder (`Call<'_, ThisRequest>`).
pub(super) fn request(ctx: &Ctx, action: &Action, example: Option<TokenStream>) -> TokenStream {
    let rt = &ctx.rt;
    let name = format_ident!("{}", action.request_type);
    let response = format_ident!("{}", action.response_type);
    let wire_action = &action.sends;
    // The derive infers retry safety from the verb of the name it sends, by the IR's rule
    // (`sigcal_protocol::retry`); only an override from the spec is written.
    let retry_safe = (action.retry_safe
        != sigcal_protocol::retry::verb_is_retry_safe(&action.sends))
    .then(|| {
        let value = action.retry_safe;
        quote!(retry_safe = #value,)
    });
    let crate_key = ctx.crate_key().map(|key| quote!(, #key));
    // The derive reads `DescribeImageRequest` as sending `DescribeImage` and answering
    // with `DescribeImageResponse`; only names that differ are written.
    let stem = names::request_stem(&action.request_type);
    let action_key = (stem != Some(wire_action.as_str())).then(|| quote!(action = #wire_action,));
    let response_key = (stem.map(names::response_type).as_deref()
        != Some(action.response_type.as_str()))
    .then(|| quote!(response = #response,));
    let client = format_ident!("{}", ctx.client_type);
    let method = ident(&action.method);
    // `pages` reads the fields `offset` and `limit` unless others are named.
    let pages = action.pagination.as_ref().map(|p| {
        if p.offset.rust == "offset" && p.limit.rust == "limit" {
            quote!(, pages)
        } else {
            let (offset, limit) = (ident(&p.offset.rust), ident(&p.limit.rust));
            quote!(, pages(offset = #offset, limit = #limit))
        }
    });
    let doc = doc_attrs(&action.doc);
    let fields = action.params.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let ident = ident(&field.rust);
        let ty = request_field_type(ctx, field);
        let attr = wire_attr(field, field.required);
        quote! {
            #doc
            #attr
            pub #ident: #ty,
        }
    });
    let default = ctx.request_has_default(action).then(|| quote!(Default,));
    let describe_attr = ctx.describe();
    let (derive_debug, debug_impl) = debug(ctx, &name, &action.params);
    quote! {
        #doc
        #example
        #[derive(#derive_debug Clone, #default PartialEq, #rt::Request)]
        #describe_attr
        #[request(#action_key #response_key #retry_safe builder = Call, method = #client::#method #pages #crate_key)]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
    }
}

/// `Option<T>` unless the parameter is plain (see [`Field::is_plain_in_request`]).
pub(super) fn request_field_type(ctx: &Ctx, field: &Field) -> TokenStream {
    let ty = rust_type(ctx, &field.ty);
    if field.is_plain_in_request() || matches!(field.ty, Ty::Array(_)) {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The response struct: lenient, tolerant of absent and unknown fields.
pub(super) fn response(ctx: &Ctx, action: &Action) -> TokenStream {
    let name = format_ident!("{}", action.response_type);
    let doc = doc_attrs(&format!("The answer to [`{}`].", action.request_type));
    // A paginated action's answer names its page and total for `ListResponse`.
    let list = action.pagination.as_ref().map(|p| {
        let (items, total) = (ident(&p.items.rust), ident(&p.total.rust));
        quote!(items = #items, total = #total)
    });
    decoded_struct(ctx, &name, &doc, &action.response, false, false, list)
}

/// A model: decoded from responses and written into requests; a model only requests
/// carry is encoded only, and holds its required fields plainly, so leaving one out
/// does not compile.
pub(super) fn model(ctx: &Ctx, model: &Model) -> TokenStream {
    if model.request_only {
        return request_model(ctx, model);
    }
    let name = format_ident!("{}", model.rust);
    let doc = doc_attrs(&model.doc);
    decoded_struct(
        ctx,
        &name,
        &doc,
        &model.fields,
        true,
        model.in_requests,
        None,
    )
}

/// A struct that responses carry. `Deserialize` comes from the runtime's `Decode`
/// derive: the runtime's `lenient::fields` loop and one `match` arm per field, rather
/// than serde's derive, which writes a field enum, a visitor and a wrapper type per
/// lenient field and costs several times more to compile. `Serialize` is derived only
/// under the options' serialize feature.
fn decoded_struct(
    ctx: &Ctx,
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    fields: &[Field],
    is_model: bool,
    encoded: bool,
    list: Option<TokenStream>,
) -> TokenStream {
    let rt = &ctx.rt;
    let wire_keys: Vec<TokenStream> = ctx.crate_key().into_iter().chain(list).collect();
    let wire_crate = (!wire_keys.is_empty()).then(|| quote!(#[wire(#(#wire_keys),*)]));
    let declarations = fields.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let ident = ident(&field.rust);
        let ty = decoded_type(ctx, &field.ty);
        let wire_attr = wire_attr(field, false);
        quote! {
            #doc
            #wire_attr
            pub #ident: #ty,
        }
    });
    let derive_wire = encoded.then(|| quote!(#rt::WireModel,));
    let non_exhaustive = (!is_model).then(|| quote!(#[non_exhaustive]));
    // The runtime's derive serialises under the wire names the decoder reads, so the
    // renames are not written a second time for serde.
    let serialize = ctx
        .serialize_feature
        .as_deref()
        .map(|feature| quote!(#[cfg_attr(feature = #feature, derive(#rt::WireSerialize))]));
    let describe_attr = ctx.describe();
    let (derive_debug, debug_impl) = debug(ctx, name, fields);
    quote! {
        #doc
        #[derive(#derive_debug Clone, Default, PartialEq, #derive_wire #rt::Decode)]
        #describe_attr
        #serialize
        #wire_crate
        #non_exhaustive
        pub struct #name {
            #(#declarations)*
        }
        #debug_impl
    }
}

/// A field's `#[wire(...)]`, when it needs one: its wire name where the field's name
/// does not give it, the names it is also read from, `required` when asked, and
/// `sensitive` for a secret (read into the metadata by `Describe`).
fn wire_attr(field: &Field, required: bool) -> Option<TokenStream> {
    let wire = &field.wire;
    let rename = (!field.wire_is_default).then(|| quote!(rename = #wire));
    let aliases = field.alias.iter().map(|alias| quote!(alias = #alias));
    let required = required.then(|| quote!(required));
    let sensitive = field.sensitive.then(|| quote!(sensitive));
    let keys: Vec<TokenStream> = rename
        .into_iter()
        .chain(aliases)
        .chain(required)
        .chain(sensitive)
        .collect();
    (!keys.is_empty()).then(|| quote!(#[wire(#(#keys),*)]))
}

/// A model only requests carry: no serde, `Default` only when nothing is required, and
/// a constructor taking the required fields.
fn request_model(ctx: &Ctx, model: &Model) -> TokenStream {
    let rt = &ctx.rt;
    let wire_crate = ctx.wire_crate();
    let name = format_ident!("{}", model.rust);
    let doc = doc_attrs(&model.doc);
    let fields = model.fields.iter().map(|field| {
        let doc = doc_attrs(&field.doc);
        let ident = ident(&field.rust);
        let ty = rust_type(ctx, &field.ty);
        let ty = if model.is_plain(field) || matches!(field.ty, Ty::Array(_)) {
            ty
        } else {
            quote!(Option<#ty>)
        };
        // A required list is held as a `Vec` like any other, so the attribute says it.
        let attr = wire_attr(field, field.required && !model.is_plain(field));
        quote! {
            #doc
            #attr
            pub #ident: #ty,
        }
    });
    let describe_attr = ctx.describe();
    let (derive_debug, debug_impl) = debug(ctx, &name, &model.fields);
    let plain: Vec<&Field> = model.plain_fields().collect();
    let allow = (plain.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    if plain.is_empty() {
        return quote! {
            #doc
            #[derive(#derive_debug Clone, Default, PartialEq, #rt::WireModel)]
            #describe_attr
            #wire_crate
            pub struct #name {
                #(#fields)*
            }
            #debug_impl
        };
    }
    let args = plain.iter().map(|f| {
        let ident = ident(&f.rust);
        let ty = super::builder::setter_type(ctx, &f.ty);
        quote!(#ident: #ty)
    });
    let inits = model.fields.iter().map(|f| {
        let ident = ident(&f.rust);
        if !model.is_plain(f) {
            quote!(#ident: Default::default(),)
        } else if matches!(f.ty, Ty::Scalar(Scalar::String) | Ty::Enum(_)) {
            quote!(#ident: #ident.into(),)
        } else {
            quote!(#ident,)
        }
    });
    let names: Vec<String> = plain
        .iter()
        .map(|f| format!("`{}`", f.rust.trim_start_matches("r#")))
        .collect();
    let new_doc = format!(
        " A `{}` with its required fields ({}); the others are unset.",
        model.rust,
        names.join(", ")
    );
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, #rt::WireModel)]
        #describe_attr
        #wire_crate
        pub struct #name {
            #(#fields)*
        }
        #debug_impl

        impl #name {
            #[doc = #new_doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits)* }
            }
        }
    }
}

/// `Debug` for a struct: derived, unless a field is a secret (`Field::sensitive`); then
/// written out, showing of each secret only whether it is set. Returns what goes into
/// the derive list and the impl, one of them empty.
fn debug(ctx: &Ctx, name: &proc_macro2::Ident, fields: &[Field]) -> (TokenStream, TokenStream) {
    if !fields.iter().any(|f| f.sensitive) {
        return (quote!(Debug,), TokenStream::new());
    }
    let rt = &ctx.rt;
    let shown = fields.iter().map(|field| {
        let ident = ident(&field.rust);
        let label = field.rust.trim_start_matches("r#");
        if field.sensitive {
            quote!(.field(#label, &#rt::__private::Redact::redacted(&self.#ident)))
        } else {
            quote!(.field(#label, &self.#ident))
        }
    });
    let label = name.to_string();
    let debug = quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label) #(#shown)* .finish()
            }
        }
    };
    (TokenStream::new(), debug)
}

/// The Rust type of a field of a response or model: `Option` for scalars, `Vec` for
/// lists.
fn decoded_type(ctx: &Ctx, ty: &Ty) -> TokenStream {
    let rust = rust_type(ctx, ty);
    if matches!(ty, Ty::Array(_)) {
        rust
    } else {
        quote!(Option<#rust>)
    }
}

/// An open enum: the documented values, and `Unknown` for the rest, which round-trips.
pub(super) fn open_enum(ctx: &Ctx, enumeration: &Enum) -> TokenStream {
    let rt = &ctx.rt;
    let wire_crate = ctx.wire_crate();
    let name = format_ident!("{}", enumeration.rust);
    let doc = doc_attrs(&enumeration.doc);
    let declarations = enumeration.variants.iter().map(|v| {
        let ident = ident(&v.rust);
        let doc = doc_attrs(&v.doc);
        let wire = &v.wire;
        let rename =
            (v.rust.trim_start_matches("r#") != v.wire).then(|| quote!(#[wire(rename = #wire)]));
        quote! { #doc #rename #ident, }
    });
    let describe_attr = ctx.describe();
    let fallback = format_ident!("{}", names::FALLBACK_VARIANT);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #rt::OpenEnum)]
        #describe_attr
        #wire_crate
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value this version of the client does not know; kept as sent.
            #fallback(String),
        }
    }
}
