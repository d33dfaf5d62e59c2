//! Stage 3b: check the names the emitter will write, on the lowered IR.
//!
//! The validator checks the spec as written; only after lowering are the final Rust
//! names known (case conversion, keyword escapes, `Request`/`Response` suffixes, the
//! builder named after its action, the fixed methods every builder has). Two items that
//! end up with one name would not compile, so each such pair is a located error here,
//! and a spec that validates always generates code that compiles.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, Span};
use crate::ir::{Field, Service};
use sigcal_protocol::names::{
    BUILDER_METHODS, FALLBACK_VARIANT, PAGING_METHODS, SERVICE_CLIENT_METHODS, WAITER_METHODS,
};

/// Names the generated module uses unqualified or declares itself: a type of the spec
/// with one of these names would shadow them.
const RESERVED_TYPES: [&str; 24] = [
    "Call",
    "ServiceMeta",
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Box",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Into",
    "From",
    "Send",
    "Sync",
    "std",
    "lenient",
    "metadata",
];

/// Records an error for every pair of generated items that share a name, and for every
/// name that is not a Rust identifier.
pub fn names(service: &Service, diagnostics: &mut Diagnostics) {
    let mut types = Scope::new("type", diagnostics);
    for name in RESERVED_TYPES {
        types.reserve(name, "a name the generated code uses");
    }
    types.claim(
        &service.client_type,
        Span::default(),
        format!("the service client of `{}`", service.name),
    );
    for action in &service.actions {
        let what = |role: &str| format!("{role} of action `{}`", action.wire);
        types.claim(&action.builder_type, action.span, what("the builder"));
        types.claim(&action.request_type, action.span, what("the request"));
        types.claim(&action.response_type, action.span, what("the response"));
    }
    for model in &service.models {
        types.claim(&model.rust, model.span, format!("model `{}`", model.wire));
    }
    for enumeration in &service.enums {
        types.claim(
            &enumeration.rust,
            enumeration.span,
            format!("enum `{}`", enumeration.wire),
        );
    }

    {
        let mut methods = Scope::new("method of the service client", diagnostics);
        for name in SERVICE_CLIENT_METHODS {
            methods.reserve(name, "a method every service client has");
        }
        for action in &service.actions {
            methods.claim(
                &action.method,
                action.span,
                format!("action `{}`", action.wire),
            );
        }

        for waiter in &service.waiters {
            let span = waiter.inputs.first().map_or_else(Span::default, |i| i.span);
            methods.claim(&waiter.method, span, format!("waiter `{}`", waiter.name));
        }
    }
    for waiter in &service.waiters {
        let mut wait = Scope::new(
            &format!("method of `Wait<'_, {}>`", waiter.type_name),
            diagnostics,
        );
        for name in WAITER_METHODS {
            wait.reserve(name, "a method every wait has");
        }
        for input in waiter.inputs.iter().filter(|i| i.from_config) {
            wait.claim(&input.rust, input.span, parameter(input));
        }
    }

    for action in &service.actions {
        let mut builder = Scope::new(
            &format!("method of the `{}` builder", action.builder_type),
            diagnostics,
        );
        for name in BUILDER_METHODS {
            builder.reserve(name, "a method every builder has");
        }
        if action.pagination.is_some() {
            for name in PAGING_METHODS {
                builder.reserve(name, "a method of paginated builders");
            }
        }
        for field in action.params.iter().filter(|f| !f.is_plain_in_request()) {
            builder.claim(&field.rust, field.span, parameter(field));
        }
        fields(
            &action.params,
            &format!("request `{}`", action.request_type),
            diagnostics,
        );
        fields(
            &action.response,
            &format!("response `{}`", action.response_type),
            diagnostics,
        );
    }
    for model in &service.models {
        fields(
            &model.fields,
            &format!("model `{}`", model.rust),
            diagnostics,
        );
    }
    for enumeration in &service.enums {
        let mut variants = Scope::new(
            &format!("variant of enum `{}`", enumeration.rust),
            diagnostics,
        );
        variants.reserve(
            FALLBACK_VARIANT,
            "the variant that keeps values the spec does not list",
        );
        for variant in &enumeration.variants {
            variants.claim(
                &variant.rust,
                variant.span,
                format!("value `{}`", variant.wire),
            );
        }
    }
}

fn parameter(field: &Field) -> String {
    format!("parameter `{}`", field.wire)
}

fn fields(fields: &[Field], owner: &str, diagnostics: &mut Diagnostics) {
    let mut scope = Scope::new(&format!("field of {owner}"), diagnostics);
    for field in fields {
        scope.claim(&field.rust, field.span, format!("field `{}`", field.wire));
    }
}

/// One namespace: who took each name first.
struct Scope<'d> {
    kind: String,
    taken: BTreeMap<String, (Option<Span>, String)>,
    diagnostics: &'d mut Diagnostics,
}

impl<'d> Scope<'d> {
    fn new(kind: &str, diagnostics: &'d mut Diagnostics) -> Scope<'d> {
        Scope {
            kind: kind.to_owned(),
            taken: BTreeMap::new(),
            diagnostics,
        }
    }

    fn reserve(&mut self, name: &str, why: &str) {
        self.taken.insert(name.to_owned(), (None, why.to_owned()));
    }

    fn claim(&mut self, name: &str, span: Span, what: String) {
        if syn::parse_str::<syn::Ident>(name).is_err() {
            self.diagnostics
                .error(
                    span,
                    format!("{what} becomes `{name}`, which is not a Rust identifier"),
                )
                .help("give it a `rust_name`");
            return;
        }
        match self.taken.get(name) {
            Some((None, why)) => {
                self.diagnostics
                    .error(
                        span,
                        format!(
                            "{what} becomes the {} `{name}`, which is reserved ({why})",
                            self.kind
                        ),
                    )
                    .help("give it a `rust_name`");
            }
            Some((Some(first), other)) => {
                let (line, column) = (first.line, first.column);
                self.diagnostics
                    .error(
                        span,
                        format!(
                            "{what} and {other} (line {line}:{column}) both become the {} `{name}`",
                            self.kind
                        ),
                    )
                    .help("rename one of them, or give one a `rust_name`");
            }
            None => {
                self.taken.insert(name.to_owned(), (Some(span), what));
            }
        }
    }
}
