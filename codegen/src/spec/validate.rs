//! Stage 2: the rules a parsed spec must follow, each checked everywhere it applies,
//! every violation recorded. Nothing stops at the first problem.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{
    Acceptor, AcceptorState, Action, Entries, Field, Matcher, Scalar, Spanned, SpecFile, ThenWait,
    Waiter,
};
use super::types::{Element, FieldType, Scalar as TypeScalar, TypeExpr, is_identifier};
use crate::diagnostics::{Diagnostics, Span};
use crate::names;

// The envelope's parameters and fields belong to the protocol, not to a spec.
use sigcal_protocol::envelope::{REQUEST as REQUEST_ENVELOPE, RESPONSE as RESPONSE_ENVELOPE};

/// Checks every rule on `spec`, recording what is broken.
pub(super) fn check(spec: &SpecFile, diagnostics: &mut Diagnostics) {
    let mut checker = Checker {
        spec,
        diagnostics,
        used_types: BTreeSet::new(),
    };
    checker.service();
    checker.type_names();
    checker.actions();
    for model in spec.models.iter() {
        checker.fields(&model.value.fields, FieldScope::Model);
        checker.rust_name(model.value.rust_name.as_ref());
    }
    checker.enums();
    for waiter in spec.waiters.iter() {
        checker.waiter(&waiter.name, &waiter.value);
    }
    for action in spec.actions.iter() {
        if let Some(then_wait) = &action.value.then_wait {
            checker.then_wait(&action.name.value, &action.value, &then_wait.value);
        }
    }
    for resource in spec.resources.iter() {
        checker.resource(&resource.name, &resource.value);
    }
    checker.recursion();
    checker.unused_types();
}

/// Where a list of fields sits; decides which envelope names are off limits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldScope {
    Request,
    Response,
    Model,
}

struct Checker<'a> {
    spec: &'a SpecFile,
    diagnostics: &'a mut Diagnostics,
    /// Models and enums some field refers to, directly or through another model.
    used_types: BTreeSet<String>,
}

impl Checker<'_> {
    fn service(&mut self) {
        let service = &self.spec.service;
        if !is_identifier(&service.name.value) {
            self.diagnostics
                .error(
                    service.name.span,
                    format!("service name `{}` is not a valid name", service.name.value),
                )
                .help("a name starts with a letter and holds only letters, digits and `_`");
        }
        if let Some(module) = &service.module {
            let valid =
                is_identifier(&module.value) && module.value == names::snake_case(&module.value);
            if !valid {
                self.diagnostics.error(
                    module.span,
                    format!(
                        "module name `{}` is not a snake_case identifier",
                        module.value
                    ),
                );
            }
        }
        if let Some(summary) = &service.summary
            && (summary.value.trim().is_empty() || summary.value.contains('\n'))
        {
            self.diagnostics
                .error(
                    summary.span,
                    "a service's summary is one line of text".to_owned(),
                )
                .help("put more text in `description`");
        }
        let endpoint = &service.endpoint.value;
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
            self.diagnostics
                .error(
                    service.endpoint.span,
                    format!("endpoint `{endpoint}` is not an http(s) URL"),
                )
                .help("for example `https://api.sigcalcloud.com/`");
        }
    }

    /// Model and enum names share one namespace, with each other and with the request
    /// and response types generated for actions.
    fn type_names(&mut self) {
        let mut taken: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
        for action in self.spec.actions.iter() {
            let pascal = names::pascal_case(&action.name.value);
            for taken_name in [
                sigcal_protocol::names::request_type(&pascal),
                sigcal_protocol::names::response_type(&pascal),
            ] {
                taken.insert(taken_name, (action.name.value.clone(), "action"));
            }
        }
        let models = self
            .spec
            .models
            .iter()
            .map(|e| (&e.name, e.value.rust_name.as_ref(), "model"));
        let enums = self
            .spec
            .enums
            .iter()
            .map(|e| (&e.name, e.value.rust_name.as_ref(), "enum"));
        let mut seen_wire: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, rust_name, kind) in models.chain(enums) {
            if !is_identifier(&name.value) {
                self.invalid_name(name, kind);
                continue;
            }
            if let Some(other_kind) = seen_wire.insert(name.value.as_str(), kind) {
                let message = if other_kind == kind {
                    format!("duplicate {kind} `{}`", name.value)
                } else {
                    format!(
                        "{kind} `{}` has the same name as a {other_kind}",
                        name.value
                    )
                };
                self.diagnostics
                    .error(name.span, message)
                    .help("models and enums share one namespace");
                continue;
            }
            let rust =
                rust_name.map_or_else(|| names::pascal_case(&name.value), |r| r.value.clone());
            if let Some((other, other_kind)) = taken.get(&rust) {
                self.diagnostics
                    .error(
                        name.span,
                        format!("{kind} `{}` and {other_kind} `{other}` both become the Rust type `{rust}`", name.value),
                    )
                    .help("rename one of them, or give one a `rust_name`");
            } else {
                taken.insert(rust, (name.value.clone(), kind));
            }
        }
    }

    fn actions(&mut self) {
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for entry in self.spec.actions.iter() {
            let name = &entry.name;
            if !is_identifier(&name.value) {
                self.invalid_name(name, "action");
                continue;
            }
            for spelling in entry.value.aliases.iter().chain(&entry.value.sdk_name) {
                if !is_identifier(&spelling.value) {
                    self.invalid_name(spelling, "action");
                }
            }
            let method = entry
                .value
                .rust_name
                .as_ref()
                .map_or_else(|| names::snake_case(&name.value), |r| r.value.clone());
            match methods.get(&method) {
                Some(other) if *other == name.value => {
                    self.diagnostics
                        .error(name.span, format!("duplicate action `{}`", name.value));
                }
                Some(other) => {
                    self.diagnostics
                        .error(
                            name.span,
                            format!(
                                "actions `{other}` and `{}` both become the method `{method}`",
                                name.value
                            ),
                        )
                        .help("give one of them a `rust_name`");
                }
                None => {
                    methods.insert(method, name.value.clone());
                }
            }
            self.rust_name(entry.value.rust_name.as_ref());
            self.fields(&entry.value.request, FieldScope::Request);
            self.fields(&entry.value.response, FieldScope::Response);
            self.pagination(&entry.value);
            self.examples(&entry.value);
        }
    }

    fn fields(&mut self, fields: &Entries<Field>, scope: FieldScope) {
        let mut wire_names: BTreeSet<&str> = BTreeSet::new();
        let mut rust_names: BTreeMap<String, &str> = BTreeMap::new();
        for entry in fields.iter() {
            let (name, field) = (&entry.name, &entry.value);
            let kind = match scope {
                FieldScope::Request => "parameter",
                FieldScope::Response | FieldScope::Model => "field",
            };
            if !is_identifier(&name.value) {
                self.invalid_name(name, kind);
                continue;
            }
            let envelope: &[&str] = match scope {
                FieldScope::Request => &REQUEST_ENVELOPE,
                FieldScope::Response => &RESPONSE_ENVELOPE,
                FieldScope::Model => &[],
            };
            if envelope.contains(&name.value.as_str()) {
                self.diagnostics
                    .error(
                        name.span,
                        format!(
                            "`{}` belongs to the protocol envelope, not to an action's entry",
                            name.value
                        ),
                    )
                    .help("remove it: every request and response carries it already");
            }
            if !wire_names.insert(name.value.as_str()) {
                self.diagnostics
                    .error(name.span, format!("duplicate {kind} `{}`", name.value));
            } else {
                let rust = field
                    .rust_name
                    .as_ref()
                    .map_or_else(|| names::snake_case(&name.value), |r| r.value.clone());
                if let Some(other) = rust_names.insert(rust.clone(), &name.value) {
                    self.diagnostics
                        .error(
                            name.span,
                            format!(
                                "{kind}s `{other}` and `{}` both become the Rust name `{rust}`",
                                name.value
                            ),
                        )
                        .help("rename one of them, or give one a `rust_name`");
                }
            }
            if let Some(sdk_name) = &field.sdk_name {
                if !is_identifier(&sdk_name.value) {
                    self.invalid_name(sdk_name, kind);
                } else if sdk_name.value != name.value
                    && !wire_names.insert(sdk_name.value.as_str())
                {
                    self.diagnostics
                        .error(
                            sdk_name.span,
                            format!(
                                "sdk_name `{}` is already the name of a {kind} here",
                                sdk_name.value
                            ),
                        )
                        .help("each spelling on the wire may belong to one entry");
                }
            }
            if let Some(reason) = &field.corrected
                && reason.value.trim().is_empty()
            {
                self.diagnostics
                    .error(reason.span, "`corrected` needs the reason the entry differs from the page")
                    .help("say what the page gets wrong, e.g. `the official SDK sends it; the page omits it`");
            }
            self.rust_name(field.rust_name.as_ref());
            let ty = self.resolve(&field.ty);
            if let (Some(required), Some(default)) = (&field.required, &field.default)
                && required.value
            {
                self.diagnostics
                    .error(
                        default.span,
                        format!(
                            "{kind} `{}` is required, so it cannot have a default",
                            name.value
                        ),
                    )
                    .help("remove `default`, or `required: true`");
            }
            if let Some(ty) = ty {
                for (what, value) in [("default", &field.default), ("example", &field.example)] {
                    if let Some(value) = value {
                        self.literal(what, value, ty);
                    }
                }
            }
        }
    }

    /// Parses and resolves a `type:`; `None` when it does not resolve (already reported).
    fn resolve<'t>(&mut self, ty: &'t Spanned<FieldType>) -> Option<&'t TypeExpr> {
        let Some(parsed) = ty.value.parsed() else {
            self.diagnostics
                .error(ty.span, format!("`{}` is not a type", ty.value))
                .help("a type is `string`, `int`, `float`, `bool`, `json`, a model or enum name, or `array[T]`");
            return None;
        };
        if let Element::Named(name) = &parsed.element {
            if self.spec.models.get(name).is_none() && self.spec.enums.get(name).is_none() {
                let known: Vec<&str> = TypeScalar::ALL
                    .map(TypeScalar::name)
                    .into_iter()
                    .chain(self.spec.models.iter().map(|e| e.name.value.as_str()))
                    .chain(self.spec.enums.iter().map(|e| e.name.value.as_str()))
                    .collect();
                let mut help = format!(
                    "expected one of {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                if let Some(best) = sigcal_protocol::suggest::closest(name, known.iter().copied()) {
                    help.push_str(&format!("; did you mean `{best}`?"));
                }
                self.diagnostics
                    .error(ty.span, format!("unknown type `{name}`"))
                    .help(help);
                return None;
            }
            self.used_types.insert(name.clone());
        }
        Some(parsed)
    }

    /// A `default` or `example` must be a value of the field's type.
    fn literal(&mut self, what: &str, value: &Spanned<Scalar>, ty: &TypeExpr) {
        let fits = !ty.is_list()
            && match (&ty.element, &value.value) {
                (Element::Scalar(TypeScalar::String), Scalar::String(_))
                | (Element::Scalar(TypeScalar::Int), Scalar::Int(_))
                | (Element::Scalar(TypeScalar::Float), Scalar::Float(_) | Scalar::Int(_))
                | (Element::Scalar(TypeScalar::Bool), Scalar::Bool(_))
                | (Element::Scalar(TypeScalar::Json), _) => true,
                (Element::Named(name), Scalar::String(text)) => match self.spec.enums.get(name) {
                    // An open enum accepts any string, but a documented default should be a
                    // documented value.
                    Some(enumeration) => enumeration.value.values.get(text).is_some(),
                    None => false,
                },
                _ => false,
            };
        if !fits {
            self.diagnostics.error(
                value.span,
                format!("{what} {} is not a value of type `{ty}`", value.value),
            );
        }
    }

    fn pagination(&mut self, action: &Action) {
        let Some(pagination) = &action.pagination else {
            return;
        };
        let pagination = &pagination.value;
        let checks = [
            (
                "offset",
                &pagination.offset,
                &action.request,
                "request parameter",
                "int",
            ),
            (
                "limit",
                &pagination.limit,
                &action.request,
                "request parameter",
                "int",
            ),
            (
                "total",
                &pagination.total,
                &action.response,
                "response field",
                "int",
            ),
            (
                "items",
                &pagination.items,
                &action.response,
                "response field",
                "array",
            ),
        ];
        for (role, name, fields, kind, expected) in checks {
            match fields.get(&name.value) {
                None => {
                    let known: Vec<&str> = fields.iter().map(|e| e.name.value.as_str()).collect();
                    let diagnostic = self.diagnostics.error(
                        name.span,
                        format!(
                            "pagination {role} `{}` is not a {kind} of this action",
                            name.value
                        ),
                    );
                    if let Some(best) = sigcal_protocol::suggest::closest(&name.value, known) {
                        diagnostic.help(format!("did you mean `{best}`?"));
                    }
                }
                Some(field) => {
                    let parsed = field.value.ty.value.parsed();
                    let fits = match expected {
                        "int" => parsed == Some(&TypeExpr::scalar(TypeScalar::Int)),
                        _ => parsed.is_some_and(TypeExpr::is_list),
                    };
                    if !fits {
                        self.diagnostics.error(
                            name.span,
                            format!(
                                "pagination {role} `{}` must be of type `{}`, but it is `{}`",
                                name.value,
                                if expected == "array" {
                                    "array[…]"
                                } else {
                                    "int"
                                },
                                field.value.ty.value
                            ),
                        );
                    }
                }
            }
        }
    }

    /// A waiter: its action and inputs exist, it has acceptors, each acceptor's path
    /// resolves in the action's answer and compares with a value of the right type,
    /// and its delays make sense. Every problem is reported.
    fn waiter(&mut self, name: &Spanned<String>, waiter: &Waiter) {
        if !is_identifier(&name.value) {
            self.invalid_name(name, "waiter");
        }
        let action = self.spec.actions.get(&waiter.action.value);
        if action.is_none() {
            let known = self.spec.actions.iter().map(|e| e.name.value.as_str());
            let best = sigcal_protocol::suggest::closest(&waiter.action.value, known);
            let diagnostic = self.diagnostics.error(
                waiter.action.span,
                format!(
                    "waiter `{}` polls `{}`, which is not an action of this service",
                    name.value, waiter.action.value
                ),
            );
            if let Some(best) = best {
                diagnostic.help(format!("did you mean `{best}`?"));
            }
        }
        if waiter.acceptors.is_empty() {
            self.diagnostics
                .error(name.span, format!("waiter `{}` has no acceptors", name.value))
                .help("add `acceptors:`, e.g. `- {state: success, path: UHostSet[].State, matcher: all_equal, expected: Running}`");
        }
        if let Some(action) = action {
            let action = &action.value;
            for input in &waiter.input {
                if action.request.get(&input.value).is_none() {
                    let known = action.request.iter().map(|e| e.name.value.as_str());
                    let best = sigcal_protocol::suggest::closest(&input.value, known);
                    let diagnostic = self.diagnostics.error(
                        input.span,
                        format!(
                            "waiter input `{}` is not a request parameter of `{}`",
                            input.value, waiter.action.value
                        ),
                    );
                    if let Some(best) = best {
                        diagnostic.help(format!("did you mean `{best}`?"));
                    }
                }
            }
            for acceptor in &waiter.acceptors {
                self.acceptor(acceptor, action);
            }
        }
        self.pending(name, waiter);
        if let Some(delay) = &waiter.delay {
            let delay = &delay.value;
            if delay.min.value == 0 {
                self.diagnostics.error(
                    delay.min.span,
                    "the minimum delay must be at least 1 second",
                );
            }
            if delay.max.value < delay.min.value {
                self.diagnostics.error(
                    delay.max.span,
                    format!(
                        "the maximum delay ({}) is below the minimum ({})",
                        delay.max.value, delay.min.value
                    ),
                );
            }
        }
        if let Some(max_wait) = &waiter.max_wait {
            let min = waiter.delay.as_ref().map_or(1, |d| d.value.min.value);
            if max_wait.value < min {
                self.diagnostics.error(
                    max_wait.span,
                    format!(
                        "max_wait ({}) is shorter than one delay ({min})",
                        max_wait.value
                    ),
                );
            }
        }
    }

    /// A waiter's `pending` states: they are states at the path of its first success
    /// acceptor, which compares a text, and none is a state an acceptor decides on.
    fn pending(&mut self, name: &Spanned<String>, waiter: &Waiter) {
        let Some(first) = waiter.pending.first() else {
            return;
        };
        let success = waiter
            .acceptors
            .iter()
            .find(|a| a.value.state.value == AcceptorState::Success);
        let compares_text = success.is_some_and(|a| {
            a.value.path.is_some()
                && matches!(
                    a.value.expected.as_ref().map(|e| &e.value),
                    Some(Scalar::String(_))
                )
        });
        if !compares_text {
            self.diagnostics
                .error(
                    first.span,
                    format!(
                        "waiter `{}` lists pending states, but its first success acceptor compares no state text",
                        name.value
                    ),
                )
                .help("pending states are values at the path of the first success acceptor, such as `UHostSet[].State`");
            return;
        }
        for state in &waiter.pending {
            let decided = waiter.acceptors.iter().find(|a| {
                matches!(a.value.expected.as_ref().map(|e| &e.value), Some(Scalar::String(text)) if *text == state.value)
            });
            if let Some(decided) = decided {
                let outcome = sigcal_protocol::waiter::Outcome::from(decided.value.state.value);
                self.diagnostics.error(
                    state.span,
                    format!(
                        "`{}` is pending and also a {} state of waiter `{}`",
                        state.value,
                        outcome.as_str(),
                        name.value
                    ),
                );
            }
        }
    }

    /// An action's `then_wait`: the waiter exists, each input is one of its inputs, and
    /// each path resolves in this action's answer to values of the input's type (one
    /// value for an input that takes one).
    fn then_wait(&mut self, action_name: &str, action: &Action, then_wait: &ThenWait) {
        let Some(waiter) = self.spec.waiters.get(&then_wait.waiter.value) else {
            let known = self.spec.waiters.iter().map(|e| e.name.value.as_str());
            let best = sigcal_protocol::suggest::closest(&then_wait.waiter.value, known);
            let diagnostic = self.diagnostics.error(
                then_wait.waiter.span,
                format!(
                    "`{action_name}` is followed by waiter `{}`, which is not a waiter of this service",
                    then_wait.waiter.value
                ),
            );
            if let Some(best) = best {
                diagnostic.help(format!("did you mean `{best}`?"));
            }
            return;
        };
        let waiter = &waiter.value;
        let polled = self.spec.actions.get(&waiter.action.value);
        for input in then_wait.input.iter() {
            let name = &input.name;
            if !waiter.input.iter().any(|i| i.value == name.value) {
                let known = waiter.input.iter().map(|i| i.value.as_str());
                let best = sigcal_protocol::suggest::closest(&name.value, known);
                let diagnostic = self.diagnostics.error(
                    name.span,
                    format!(
                        "`{}` is not an input of waiter `{}`",
                        name.value, then_wait.waiter.value
                    ),
                );
                match best {
                    Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                    None => diagnostic.help(format!(
                        "its inputs: {}",
                        waiter
                            .input
                            .iter()
                            .map(|i| i.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                continue;
            }
            let path = &input.value;
            let parsed = match sigcal_protocol::path::Path::parse(&path.value) {
                Ok(parsed) => parsed,
                Err(error) => {
                    self.diagnostics.error(
                        path.span,
                        format!("`{}` is not a path: {}", path.value, error.message),
                    );
                    continue;
                }
            };
            let resolved = match super::waiters::resolve(self.spec, &action.response, &parsed) {
                Ok(resolved) => resolved,
                Err(problem) => {
                    let diagnostic = self.diagnostics.error(
                        path.span,
                        format!(
                            "path `{}` in the answer of `{action_name}`: {}",
                            path.value, problem.message
                        ),
                    );
                    if let Some(help) = problem.help {
                        diagnostic.help(help);
                    }
                    continue;
                }
            };
            let Some(input_type) = polled
                .and_then(|polled| polled.value.request.get(&name.value))
                .and_then(|field| field.value.ty.value.parsed())
            else {
                // The waiter's own check reports an input its action lacks.
                continue;
            };
            let (found, many) = match resolved.leaf.item() {
                Some(item) => (item, true),
                None => (resolved.leaf, parsed.selects_many()),
            };
            let (wanted, takes_many) = match input_type.item() {
                Some(item) => (item, true),
                None => (input_type.clone(), false),
            };
            if found != wanted {
                self.diagnostics.error(
                    path.span,
                    format!(
                        "`{}` holds `{found}` values, but waiter input `{}` takes `{wanted}`",
                        path.value, name.value
                    ),
                );
            } else if many && !takes_many {
                self.diagnostics
                    .error(
                        path.span,
                        format!(
                            "`{}` selects many values, but waiter input `{}` takes one",
                            path.value, name.value
                        ),
                    )
                    .help("point the path at one value");
            }
        }
    }

    fn acceptor(&mut self, acceptor: &Spanned<Acceptor>, action: &Action) {
        let span = acceptor.span;
        let acceptor = &acceptor.value;
        match (&acceptor.ret_code, &acceptor.path, &acceptor.matcher) {
            (Some(code), None, None) => {
                if code.value == 0 {
                    self.diagnostics
                        .error(
                            code.span,
                            "RetCode 0 is a success answer; match it with a path",
                        )
                        .help("use a `path` and a `matcher` to look at the answer");
                }
                if let Some(expected) = &acceptor.expected {
                    self.diagnostics
                        .error(expected.span, "a `ret_code` acceptor takes no `expected`");
                }
                return;
            }
            (Some(code), _, _) => {
                self.diagnostics.error(
                    code.span,
                    "an acceptor matches either a `ret_code` or a `path` with a `matcher`, not both",
                );
                return;
            }
            (None, None, None) => {
                self.diagnostics
                    .error(span, "this acceptor has no matcher")
                    .help("give a `path` and a `matcher`, or a `ret_code`");
                return;
            }
            (None, None, Some(matcher)) => {
                self.diagnostics
                    .error(matcher.span, "a `matcher` needs a `path` into the answer");
                return;
            }
            (None, Some(path), None) => {
                self.diagnostics
                    .error(path.span, "a `path` needs a `matcher`")
                    .help("one of `equal`, `all_equal`, `any_equal`, `empty`, `not_empty`");
                return;
            }
            (None, Some(_), Some(_)) => {}
        }
        let (Some(path), Some(matcher)) = (&acceptor.path, &acceptor.matcher) else {
            return;
        };
        let parsed = match sigcal_protocol::path::Path::parse(&path.value) {
            Ok(parsed) => parsed,
            Err(error) => {
                self.diagnostics
                    .error(path.span, format!("`{}` is not a path: {}", path.value, error.message))
                    .help("a path names fields by wire name, `Name[]` for every item of a list: `UHostSet[].State`");
                return;
            }
        };
        let resolved = match super::waiters::resolve(self.spec, &action.response, &parsed) {
            Ok(resolved) => resolved,
            Err(problem) => {
                let diagnostic = self.diagnostics.error(
                    path.span,
                    format!("path `{}`: {}", path.value, problem.message),
                );
                if let Some(help) = problem.help {
                    diagnostic.help(help);
                }
                return;
            }
        };
        let compares = sigcal_protocol::waiter::Matcher::from(matcher.value).compares();
        match (&acceptor.expected, compares) {
            (None, true) => {
                self.diagnostics.error(
                    matcher.span,
                    "this matcher compares with a value: add `expected`",
                );
                return;
            }
            (Some(expected), false) => {
                self.diagnostics
                    .error(expected.span, "`empty` and `not_empty` take no `expected`");
                return;
            }
            (None, false) => return,
            (Some(_), true) => {}
        }
        if matcher.value == Matcher::Equal && parsed.selects_many() {
            self.diagnostics
                .error(
                    matcher.span,
                    format!("`{}` selects many values; `equal` compares one", path.value),
                )
                .help("use `all_equal` or `any_equal`");
            return;
        }
        let Some(expected) = &acceptor.expected else {
            return;
        };
        let leaf = &resolved.leaf;
        let fits = !leaf.is_list()
            && match (&leaf.element, &expected.value) {
                (Element::Scalar(TypeScalar::String), Scalar::String(_))
                | (Element::Scalar(TypeScalar::Int), Scalar::Int(_))
                | (Element::Scalar(TypeScalar::Bool), Scalar::Bool(_)) => true,
                (Element::Named(name), Scalar::String(value)) => match self.spec.enums.get(name) {
                    Some(enumeration) => {
                        if enumeration.value.values.get(value).is_none() {
                            let values: Vec<&str> = enumeration
                                .value
                                .values
                                .iter()
                                .map(|e| e.name.value.as_str())
                                .collect();
                            self.diagnostics
                                .error(
                                    expected.span,
                                    format!(
                                        "`{value}` is not a value of the enum `{name}` at `{}`",
                                        path.value
                                    ),
                                )
                                .help(format!("its values: {}", values.join(", ")));
                        }
                        true
                    }
                    None => false,
                },
                _ => false,
            };
        if !fits {
            let what = match (leaf.lists, &leaf.element) {
                (0, Element::Named(name)) if self.spec.models.get(name).is_some() => {
                    format!("the model `{name}`, which cannot be compared; name one of its fields")
                }
                (0, Element::Scalar(TypeScalar::Float)) => {
                    "a `float`, which is not compared exactly; compare an int or a text".to_owned()
                }
                _ => format!("of type `{leaf}`"),
            };
            self.diagnostics.error(
                expected.span,
                format!(
                    "{} cannot be compared with `{}`, which is {what}",
                    expected.value, path.value
                ),
            );
        }
    }

    fn examples(&mut self, action: &Action) {
        let Some(response) = action.examples.as_ref().and_then(|e| e.response.as_ref()) else {
            return;
        };
        if let Err(error) = serde_json::from_str::<serde_json::Value>(&response.value) {
            self.diagnostics.error(
                response.span,
                format!("the response example is not valid JSON: {error}"),
            );
        }
    }

    fn enums(&mut self) {
        for entry in self.spec.enums.iter() {
            let values = &entry.value.values;
            self.rust_name(entry.value.rust_name.as_ref());
            if values.is_empty() {
                self.diagnostics
                    .error(
                        entry.name.span,
                        format!("enum `{}` has no values", entry.name.value),
                    )
                    .help("list at least one documented value, or use `type: string`");
            }
            let mut variants: BTreeMap<String, &str> = BTreeMap::new();
            for value in values.iter() {
                let variant = names::variant(&value.name.value);
                if value.name.value.is_empty() {
                    self.diagnostics
                        .error(value.name.span, "an enum value must not be empty");
                    continue;
                }
                if let Some(other) = variants.insert(variant.clone(), &value.name.value) {
                    let message = if other == value.name.value {
                        format!("duplicate value `{other}` in enum `{}`", entry.name.value)
                    } else {
                        format!(
                            "enum values `{other}` and `{}` both become the variant `{variant}`",
                            value.name.value
                        )
                    };
                    self.diagnostics.error(value.name.span, message);
                }
            }
        }
    }

    /// A model that holds itself without an array in between has no finite size.
    fn recursion(&mut self) {
        for model in self.spec.models.iter() {
            let mut path = vec![model.name.value.as_str()];
            if let Some(cycle) = self.direct_cycle(&model.name.value, &mut path) {
                self.diagnostics
                    .error(
                        model.name.span,
                        format!("model `{}` contains itself: {cycle}", model.name.value),
                    )
                    .help("hold the recursive field in an `array[…]`, which adds the indirection");
            }
        }
    }

    fn direct_cycle<'s>(&'s self, target: &str, path: &mut Vec<&'s str>) -> Option<String> {
        let current = *path.last()?;
        let model = self.spec.models.get(current)?;
        for field in model.value.fields.iter() {
            let Some(TypeExpr {
                element: Element::Named(next),
                lists: 0,
            }) = field.value.ty.value.parsed()
            else {
                continue;
            };
            let Some(next_model) = self.spec.models.get(next) else {
                continue;
            };
            let next_name = next_model.name.value.as_str();
            if next_name == target {
                return Some(
                    path.iter()
                        .chain([&next_name])
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" -> "),
                );
            }
            if !path.contains(&next_name) {
                path.push(next_name);
                if let Some(cycle) = self.direct_cycle(target, path) {
                    return Some(cycle);
                }
                path.pop();
            }
        }
        None
    }

    fn unused_types(&mut self) {
        let models = self.spec.models.iter().map(|e| (&e.name, "model"));
        let enums = self.spec.enums.iter().map(|e| (&e.name, "enum"));
        let unused: Vec<(Span, String)> = models
            .chain(enums)
            .filter(|(name, _)| !self.used_types.contains(&name.value))
            .map(|(name, kind)| (name.span, format!("{kind} `{}` is never used", name.value)))
            .collect();
        for (span, message) in unused {
            self.diagnostics
                .warning(span, message)
                .help("remove it, or refer to it from a field's `type`");
        }
    }

    fn rust_name(&mut self, rust_name: Option<&Spanned<String>>) {
        if let Some(rust_name) = rust_name
            && !is_identifier(&rust_name.value)
        {
            self.diagnostics.error(
                rust_name.span,
                format!("rust_name `{}` is not a Rust identifier", rust_name.value),
            );
        }
    }

    /// A resource: every action, field and state it names exists (`spec::resources`).
    fn resource(&mut self, name: &Spanned<String>, resource: &super::model::Resource) {
        if !is_identifier(&name.value) {
            self.invalid_name(name, "resource");
        }
        let (_, problems) = super::resources::resolve(self.spec, name, resource);
        for problem in problems {
            let diagnostic = self.diagnostics.error(problem.span, problem.message);
            if let Some(help) = problem.help {
                diagnostic.help(help);
            }
        }
    }

    fn invalid_name(&mut self, name: &Spanned<String>, kind: &str) {
        self.diagnostics
            .error(
                name.span,
                format!("{kind} name `{}` is not a valid wire name", name.value),
            )
            .help("a wire name starts with an ASCII letter and holds only letters, digits and `_`");
    }
}
