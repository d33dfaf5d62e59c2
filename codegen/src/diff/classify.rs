//! Classifying each change of the IR from one spec to the next by what it does to
//! code and to the wire.

use super::{Bump, Change, RustImpact, WireImpact};
use crate::ir::{Action, Enum, Field, Model, Service, Ty};
use sigcal_protocol::types::{Scalar, TypeExpr};

/// The bump a change calls for: breaking anywhere is major, new API is minor, the rest
/// is a patch.
fn bump(rust: RustImpact, wire: WireImpact) -> Bump {
    match (rust, wire) {
        (RustImpact::Breaking, _) | (_, WireImpact::Breaking) => Bump::Major,
        (RustImpact::Additive, _) => Bump::Minor,
        (RustImpact::None, WireImpact::Compatible) => Bump::Patch,
    }
}

/// Every change from `old` to `new`, services matched by wire name, in the order of the
/// new specs, each kind of item (services, actions, models, enums) with its removals first.
pub fn diff(old: &[Service], new: &[Service]) -> Vec<Change> {
    let mut out = Changes::default();
    let (gone, services) = pair_up(old, new, |s| &s.name);
    for service in gone {
        out.service = service.name.clone();
        let detail = format!("module `{}`", service.module);
        out.presence(
            "service",
            &service.name,
            detail,
            false,
            WireImpact::Breaking,
            None,
        );
    }
    for (before, service) in services {
        out.service = service.name.clone();
        match before {
            Some(before) => out.service_changes(before, service),
            None => {
                let detail = format!(
                    "module `{}`, {} actions",
                    service.module,
                    service.actions.len()
                );
                out.presence(
                    "service",
                    &service.name,
                    detail,
                    true,
                    WireImpact::Compatible,
                    None,
                );
            }
        }
    }
    out.changes
}

#[derive(Default)]
struct Changes {
    service: String,
    changes: Vec<Change>,
}

impl Changes {
    fn push(&mut self, item: String, change: String, rust: RustImpact, wire: WireImpact) {
        self.changes.push(Change {
            service: self.service.clone(),
            item,
            change,
            rust,
            wire,
            semver: bump(rust, wire),
            hint: None,
        });
    }

    fn service_changes(&mut self, old: &Service, new: &Service) {
        if old.module != new.module {
            self.push(
                format!("service {}", new.name),
                format!("module renamed `{}` -> `{}`", old.module, new.module),
                RustImpact::Breaking,
                WireImpact::Compatible,
            );
        }
        if old.endpoint != new.endpoint {
            self.push(
                format!("service {}", new.name),
                format!("default endpoint `{}` -> `{}`", old.endpoint, new.endpoint),
                RustImpact::None,
                WireImpact::Compatible,
            );
        }
        if old.doc != new.doc {
            self.docs(format!("service {}", new.name));
        }
        let (gone, actions) = pair_up(&old.actions, &new.actions, |a| &a.wire);
        let added: Vec<&Action> = actions
            .iter()
            .filter_map(|(before, action)| before.is_none().then_some(*action))
            .collect();
        // An action removed and one added with the same parameters and response (or a
        // name differing in case) is probably a rename: said on both.
        let renamed = |action: &Action, others: &[&Action]| {
            others
                .iter()
                .find(|other| looks_like_rename(action, other))
                .map(|other| other.wire.clone())
        };
        for action in &gone {
            let hint = renamed(action, &added)
                .map(|to| format!("looks like a rename to `{to}`: same parameters and response"));
            let detail = format!("method `{}`", action.method);
            self.presence(
                "action",
                &action.wire,
                detail,
                false,
                WireImpact::Breaking,
                hint,
            );
        }
        for (before, action) in &actions {
            match before {
                Some(before) => self.action(before, action),
                None => {
                    let hint = renamed(action, &gone)
                        .map(|from| format!("looks like a rename of `{from}`"));
                    let detail = format!("method `{}`", action.method);
                    self.presence(
                        "action",
                        &action.wire,
                        detail,
                        true,
                        WireImpact::Compatible,
                        hint,
                    );
                }
            }
        }
        let (gone, models) = pair_up(&old.models, &new.models, |m| &m.wire);
        for model in gone {
            let detail = format!("type `{}`", model.rust);
            self.presence(
                "model",
                &model.wire,
                detail,
                false,
                WireImpact::Compatible,
                None,
            );
        }
        for (before, model) in models {
            match before {
                Some(before) => self.model(before, model),
                None => {
                    let detail = format!("type `{}`", model.rust);
                    self.presence(
                        "model",
                        &model.wire,
                        detail,
                        true,
                        WireImpact::Compatible,
                        None,
                    );
                }
            }
        }
        let (gone, enums) = pair_up(&old.enums, &new.enums, |e| &e.wire);
        for enumeration in gone {
            let detail = format!("type `{}`", enumeration.rust);
            self.presence(
                "enum",
                &enumeration.wire,
                detail,
                false,
                WireImpact::Compatible,
                None,
            );
        }
        for (before, enumeration) in enums {
            match before {
                Some(before) => self.enumeration(before, enumeration),
                None => {
                    let detail = format!("type `{}`", enumeration.rust);
                    self.presence(
                        "enum",
                        &enumeration.wire,
                        detail,
                        true,
                        WireImpact::Compatible,
                        None,
                    );
                }
            }
        }
        self.waiters(old, new);
        self.resources(old, new);
    }

    /// Resources: what the fake keeps and the metadata describes; the generated API and
    /// the wire are the same, so each change is listed for the fake's users, at no bump
    /// beyond a patch.
    fn resources(&mut self, old: &Service, new: &Service) {
        let (gone, resources) = pair_up(&old.resources, &new.resources, |(name, _)| name);
        for (name, _) in gone {
            self.push(
                format!("resource {name}"),
                "removed: the fake no longer keeps it".to_owned(),
                RustImpact::None,
                WireImpact::Compatible,
            );
        }
        for (before, (name, resource)) in resources {
            let steps = |r: &crate::ir::Resource| {
                r.steps
                    .iter()
                    .map(|s| s.action.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let change = match before {
                None => format!("added: {}", steps(resource)),
                Some((_, before)) if before == resource => continue,
                Some((_, before)) if steps(before) != steps(resource) => {
                    format!("actions `{}` -> `{}`", steps(before), steps(resource))
                }
                Some(_) => "changed: ids, list, states or fields".to_owned(),
            };
            self.push(
                format!("resource {name}"),
                change,
                RustImpact::None,
                WireImpact::Compatible,
            );
        }
    }

    /// Waiters: one added is a new method; one removed takes a method away; a change
    /// to what one accepts or how long it waits changes when callers' waits end.
    fn waiters(&mut self, old: &Service, new: &Service) {
        let (gone, waiters) = pair_up(&old.waiters, &new.waiters, |w| &w.name);
        for waiter in gone {
            let detail = format!("method `{}`", waiter.method);
            self.presence(
                "waiter",
                &waiter.name,
                detail,
                false,
                WireImpact::Compatible,
                None,
            );
        }
        for (before, waiter) in waiters {
            let Some(before) = before else {
                let detail = format!("method `{}`, polls {}", waiter.method, waiter.request_type);
                self.presence(
                    "waiter",
                    &waiter.name,
                    detail,
                    true,
                    WireImpact::Compatible,
                    None,
                );
                continue;
            };
            let item = format!("waiter {}", waiter.name);
            if before.request_type != waiter.request_type {
                self.push(
                    item.clone(),
                    format!(
                        "polls `{}` instead of `{}`",
                        waiter.request_type, before.request_type
                    ),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
            }
            let inputs =
                |w: &crate::ir::Waiter| w.inputs.iter().map(|f| f.rust.clone()).collect::<Vec<_>>();
            if inputs(before) != inputs(waiter) {
                self.push(
                    item.clone(),
                    format!(
                        "inputs `{}` -> `{}`",
                        inputs(before).join(", "),
                        inputs(waiter).join(", ")
                    ),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
            }
            if before.acceptors != waiter.acceptors {
                let list = |w: &crate::ir::Waiter| {
                    w.acceptors
                        .iter()
                        .map(|a| a.description.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                self.push(
                    item.clone(),
                    format!("acceptors changed: {} -> {}", list(before), list(waiter)),
                    RustImpact::None,
                    WireImpact::Compatible,
                );
            }
            let timing = |w: &crate::ir::Waiter| (w.min_delay, w.max_delay, w.max_wait);
            if timing(before) != timing(waiter) {
                let (a, b) = (timing(before), timing(waiter));
                self.push(
                    item.clone(),
                    format!(
                        "delays {}-{} s, max wait {} s -> delays {}-{} s, max wait {} s",
                        a.0, a.1, a.2, b.0, b.1, b.2
                    ),
                    RustImpact::None,
                    WireImpact::Compatible,
                );
            }
            if before.doc != waiter.doc {
                self.docs(item);
            }
        }
    }

    /// The waiter that follows an action: added is the answer's new method, removed or
    /// changed takes one away or changes what it is fed with.
    fn then_wait(&mut self, item: &str, old: &Action, new: &Action) {
        let feeds = |t: &crate::ir::ThenWait| {
            t.inputs
                .iter()
                .map(|i| format!("{} from {}", i.wire, i.path))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (change, rust) = match (&old.then_wait, &new.then_wait) {
            (None, None) => return,
            (Some(a), Some(b)) if a == b => return,
            (None, Some(b)) => (
                format!(
                    "followed by waiter {} (`{}`; {})",
                    b.waiter,
                    b.method,
                    feeds(b)
                ),
                RustImpact::Additive,
            ),
            (Some(a), None) => (
                format!(
                    "no longer followed by waiter {} (`{}` leaves the answer)",
                    a.waiter, a.method
                ),
                RustImpact::Breaking,
            ),
            (Some(a), Some(b)) if a.method != b.method => (
                format!("followed by waiter {} instead of {}", b.waiter, a.waiter),
                RustImpact::Breaking,
            ),
            (Some(a), Some(b)) => (
                format!(
                    "waiter {} fed with {} instead of {}",
                    b.waiter,
                    feeds(b),
                    feeds(a)
                ),
                RustImpact::None,
            ),
        };
        self.push(item.to_owned(), change, rust, WireImpact::Compatible);
    }

    /// An action, model or enum that only one side has: added is additive; removed
    /// breaks code, and the wire as `removed_wire` says.
    fn presence(
        &mut self,
        kind: &str,
        name: &str,
        detail: String,
        added: bool,
        removed_wire: WireImpact,
        hint: Option<String>,
    ) {
        let (what, rust, wire) = if added {
            ("added", RustImpact::Additive, WireImpact::Compatible)
        } else {
            ("removed", RustImpact::Breaking, removed_wire)
        };
        self.push(
            format!("{kind} {name}"),
            format!("{kind} {what} ({detail})"),
            rust,
            wire,
        );
        if let Some(change) = self.changes.last_mut() {
            change.hint = hint;
        }
    }

    fn docs(&mut self, item: String) {
        self.push(
            item,
            "description changed".to_owned(),
            RustImpact::None,
            WireImpact::Compatible,
        );
    }

    fn action(&mut self, old: &Action, new: &Action) {
        let item = format!("action {}", new.wire);
        if old.method != new.method {
            self.push(
                item.clone(),
                format!("method renamed `{}` -> `{}`", old.method, new.method),
                RustImpact::Breaking,
                WireImpact::Compatible,
            );
        }
        if old.sends != new.sends {
            self.push(
                item.clone(),
                format!("sent as `{}` instead of `{}`", new.sends, old.sends),
                RustImpact::None,
                WireImpact::Breaking,
            );
        }
        self.then_wait(&item, old, new);
        if old.retry_safe != new.retry_safe {
            let change = if new.retry_safe {
                "now retry-safe: the client retries it after transient failures"
            } else {
                "no longer retry-safe: the client stops retrying it unless asked"
            };
            self.push(
                item.clone(),
                change.to_owned(),
                RustImpact::None,
                WireImpact::Compatible,
            );
        }
        if old.doc != new.doc {
            self.docs(item.clone());
        }
        match (&old.pagination, &new.pagination) {
            (None, Some(_)) => self.push(
                item.clone(),
                "pagination added (`pages()` and `items()`)".to_owned(),
                RustImpact::Additive,
                WireImpact::Compatible,
            ),
            (Some(_), None) => self.push(
                item.clone(),
                "pagination removed (`pages()` and `items()` are gone)".to_owned(),
                RustImpact::Breaking,
                WireImpact::Compatible,
            ),
            (Some(a), Some(b))
                if (&a.offset.wire, &a.limit.wire, &a.total.wire, &a.items.wire)
                    != (&b.offset.wire, &b.limit.wire, &b.total.wire, &b.items.wire)
                    || a.item != b.item =>
            {
                self.push(
                    item.clone(),
                    "pagination fields changed".to_owned(),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
            }
            _ => {}
        }
        self.fields(&item, "parameter", &old.params, &new.params, Scope::Request);
        self.fields(
            &item,
            "response field",
            &old.response,
            &new.response,
            Scope::Response,
        );
    }

    fn model(&mut self, old: &Model, new: &Model) {
        let item = format!("model {}", new.wire);
        if old.rust != new.rust {
            self.push(
                item.clone(),
                format!("type renamed `{}` -> `{}`", old.rust, new.rust),
                RustImpact::Breaking,
                WireImpact::Compatible,
            );
        }
        if old.doc != new.doc {
            self.docs(item.clone());
        }
        let scope = if new.request_only {
            Scope::RequestModel
        } else {
            Scope::Response
        };
        self.fields(&item, "field", &old.fields, &new.fields, scope);
    }

    fn enumeration(&mut self, old: &Enum, new: &Enum) {
        let item = format!("enum {}", new.wire);
        if old.rust != new.rust {
            self.push(
                item.clone(),
                format!("type renamed `{}` -> `{}`", old.rust, new.rust),
                RustImpact::Breaking,
                WireImpact::Compatible,
            );
        }
        if old.doc != new.doc {
            self.docs(item.clone());
        }
        for value in &old.variants {
            if !new.variants.iter().any(|v| v.wire == value.wire) {
                self.push(
                    item.clone(),
                    format!("value `{}` removed (variant `{}`)", value.wire, value.rust),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
            }
        }
        for value in &new.variants {
            match old.variants.iter().find(|v| v.wire == value.wire) {
                None => self.push(
                    item.clone(),
                    format!(
                        "value `{}` added (variant `{}`; the enum is open and `#[non_exhaustive]`)",
                        value.wire, value.rust
                    ),
                    RustImpact::Additive,
                    WireImpact::Compatible,
                ),
                Some(before) if before.rust != value.rust => self.push(
                    item.clone(),
                    format!(
                        "variant of `{}` renamed `{}` -> `{}`",
                        value.wire, before.rust, value.rust
                    ),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                ),
                Some(before) if before.doc != value.doc => {
                    self.docs(format!("{item}, value {}", value.wire))
                }
                Some(_) => {}
            }
        }
    }

    fn fields(&mut self, item: &str, kind: &str, old: &[Field], new: &[Field], scope: Scope) {
        let sends = matches!(scope, Scope::Request | Scope::RequestModel);
        for field in old {
            if new.iter().any(|f| same_field(f, field)) {
                continue;
            }
            // Removing a parameter takes away its setter; an old client still sends it.
            // Removing a response field takes away the struct field; an old client
            // reading it finds it missing, which decoding allows (an `Option`).
            let wire = if sends {
                WireImpact::Breaking
            } else {
                WireImpact::Compatible
            };
            self.push(
                format!("{item}, {kind} {}", page_name(field)),
                format!("{kind} removed (`{}`)", field.rust),
                RustImpact::Breaking,
                wire,
            );
        }
        for field in new {
            let at = format!("{item}, {kind} {}", page_name(field));
            let Some(before) = old.iter().find(|f| same_field(f, field)) else {
                let (rust, wire, what) = match (sends, plain_argument(field, scope)) {
                    (true, true) => (
                        RustImpact::Breaking,
                        WireImpact::Breaking,
                        format!(
                            "required {kind} added (`{}`): a new constructor argument",
                            field.rust
                        ),
                    ),
                    (true, false) if field.required => (
                        RustImpact::Additive,
                        WireImpact::Breaking,
                        format!(
                            "required {kind} added (`{}`, filled from configuration or a list)",
                            field.rust
                        ),
                    ),
                    (true, false) => (
                        RustImpact::Additive,
                        WireImpact::Compatible,
                        format!("optional {kind} added (`{}`)", field.rust),
                    ),
                    (false, _) => (
                        RustImpact::Additive,
                        WireImpact::Compatible,
                        format!("{kind} added (`{}`)", field.rust),
                    ),
                };
                self.push(at, what, rust, wire);
                continue;
            };
            if before.rust != field.rust {
                self.push(
                    at.clone(),
                    format!("Rust name `{}` -> `{}`", before.rust, field.rust),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
            }
            if before.wire != field.wire {
                self.push(
                    at.clone(),
                    format!(
                        "on the wire as `{}` instead of `{}`",
                        field.wire, before.wire
                    ),
                    RustImpact::None,
                    if sends {
                        WireImpact::Breaking
                    } else {
                        WireImpact::Compatible
                    },
                );
            }
            if before.spec_type != field.spec_type {
                let widened = if sends {
                    accepts(&field.ty, &before.ty)
                } else {
                    accepts(&before.ty, &field.ty)
                };
                let rust = if rust_type(&before.ty) == rust_type(&field.ty) {
                    RustImpact::None
                } else {
                    RustImpact::Breaking
                };
                // What is sent is widened or narrowed; what is read just changes (an
                // old client reads the new values when its type takes them).
                let how = match (sends, widened) {
                    (true, true) => "widened",
                    (true, false) => "narrowed",
                    (false, _) => "changed",
                };
                self.push(
                    at.clone(),
                    format!("type {how} `{}` -> `{}`", before.spec_type, field.spec_type),
                    rust,
                    if widened {
                        WireImpact::Compatible
                    } else {
                        WireImpact::Breaking
                    },
                );
            }
            if before.required != field.required {
                let was_plain = plain_argument(before, scope);
                let is_plain = plain_argument(field, scope);
                // Decoded fields are `Option`s (or lists) whether required or not, so
                // only what requests carry changes shape.
                let rust = if was_plain == is_plain {
                    RustImpact::None
                } else {
                    RustImpact::Breaking
                };
                let (what, wire) = match (field.required, sends) {
                    (true, true) => (format!("{kind} made required"), WireImpact::Breaking),
                    (false, true) => (format!("{kind} made optional"), WireImpact::Compatible),
                    (true, false) => (
                        format!("{kind} now documented as always present"),
                        WireImpact::Compatible,
                    ),
                    (false, false) => (
                        format!("{kind} no longer documented as always present"),
                        WireImpact::Compatible,
                    ),
                };
                let what = match (was_plain, is_plain) {
                    (false, true) => format!("{what}: a new constructor argument"),
                    (true, false) => format!("{what}: no longer a constructor argument"),
                    _ => what,
                };
                self.push(at.clone(), what, rust, wire);
            }
            if before.sensitive != field.sensitive {
                let what = if field.sensitive {
                    "now a secret: `Debug` shows only whether it is set"
                } else {
                    "no longer a secret: `Debug` shows its value"
                };
                self.push(
                    at.clone(),
                    what.to_owned(),
                    RustImpact::None,
                    WireImpact::Compatible,
                );
            }
            if before.doc != field.doc {
                self.docs(at);
            }
        }
    }
}

/// Where fields live, which decides what adding, removing and requiring them does.
#[derive(Clone, Copy)]
enum Scope {
    /// An action's parameters.
    Request,
    /// A model only requests carry.
    RequestModel,
    /// A response, or a model a response carries.
    Response,
}

/// Whether the field is a plain constructor argument in the generated Rust: a required
/// parameter not filled from configuration and not a list, or a required field of a
/// request-only model.
fn plain_argument(field: &Field, scope: Scope) -> bool {
    match scope {
        Scope::Request => field.is_plain_in_request(),
        Scope::RequestModel => field.required && !is_list(&field.ty),
        Scope::Response => false,
    }
}

fn is_list(ty: &Ty) -> bool {
    matches!(ty, Ty::Array(_))
}

/// Items of `old` that `new` lacks, and every item of `new` with its old version (by
/// wire name), in `new`'s order.
fn pair_up<'a, T>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &String,
) -> (Vec<&'a T>, Vec<(Option<&'a T>, &'a T)>) {
    let gone = old
        .iter()
        .filter(|o| !new.iter().any(|n| name(n) == name(o)))
        .collect();
    let paired = new
        .iter()
        .map(|n| (old.iter().find(|o| name(o) == name(n)), n))
        .collect();
    (gone, paired)
}

/// The same field on both sides: the same page name (the wire name may be the SDK's).
fn same_field(a: &Field, b: &Field) -> bool {
    page_name(a) == page_name(b)
}

fn page_name(field: &Field) -> &str {
    field.alias.as_deref().unwrap_or(&field.wire)
}

/// The same parameters and response fields (names and types), with at least one of
/// them; or, for actions with none, names that differ only in case.
fn looks_like_rename(a: &Action, b: &Action) -> bool {
    let shape = |action: &Action| {
        let fields = |fields: &[Field]| {
            let mut pairs: Vec<(String, TypeExpr)> = fields
                .iter()
                .map(|f| (f.wire.clone(), f.spec_type.clone()))
                .collect();
            pairs.sort();
            pairs
        };
        (fields(&action.params), fields(&action.response))
    };
    let (sa, sb) = (shape(a), shape(b));
    (sa == sb && !(sa.0.is_empty() && sa.1.is_empty())) || a.wire.eq_ignore_ascii_case(&b.wire)
}

/// The Rust type a spec type becomes (`Option` aside).
fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::Scalar(scalar) => scalar.rust_type().to_owned(),
        Ty::Model(name) | Ty::Enum(name) => name.clone(),
        Ty::Array(inner) => format!("Vec<{}>", rust_type(inner)),
    }
}

/// Whether every value of type `narrow` is also a value of type `wide` on the wire
/// (as text): `int` fits `float` and `string`, anything fits `json`, an enum is a
/// `string`, lists fit lists of what their elements fit.
fn accepts(wide: &Ty, narrow: &Ty) -> bool {
    match (wide, narrow) {
        (a, b) if a == b => true,
        (Ty::Scalar(Scalar::Json), _) => true,
        (Ty::Scalar(Scalar::String), Ty::Scalar(Scalar::Int | Scalar::Float | Scalar::Bool)) => {
            true
        }
        (Ty::Scalar(Scalar::String), Ty::Enum(_)) => true,
        (Ty::Scalar(Scalar::Float), Ty::Scalar(Scalar::Int)) => true,
        (Ty::Array(a), Ty::Array(b)) => accepts(a, b),
        _ => false,
    }
}
