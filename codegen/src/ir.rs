//! Stage 3: lower a validated spec into the IR the emitter reads.
//!
//! Every name here is final: converted to Rust's case, keywords escaped, overrides
//! applied. The emitter never looks at the YAML model.

use std::collections::BTreeSet;

use crate::diagnostics::Span;
use crate::names;
use crate::spec::Spec;
use crate::spec::model::{self, Entries};
use crate::spec::types::{Element, Scalar, TypeExpr};
use sigcal_protocol::doc;
pub use sigcal_protocol::secrets::is_secret_name;
pub use sigcal_protocol::waiter::{Matcher, Outcome};

// The common parameters the client fills from its configuration: sigcal-protocol's,
// which the runtime and the derives use too.
pub use sigcal_protocol::config::PARAMS as FROM_CONFIG;

/// A service's docs: its summary (or "The X service."), then its description.
fn service_doc(service: &model::Service) -> String {
    fn given(text: Option<&str>) -> Option<&str> {
        text.map(str::trim).filter(|text| !text.is_empty())
    }
    let summary = given(service.summary.as_ref().map(|s| s.value.as_str())).map_or_else(
        || format!("The {} service.", service.name.value),
        doc::escape,
    );
    match given(service.description.as_deref()) {
        Some(description) => format!("{summary}\n\n{}", doc::escape(description)),
        None => summary,
    }
}

/// One service, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The service's wire name (`UPHost`).
    pub name: String,
    /// The Rust module (`uphost`).
    pub module: String,
    /// The per-service client type (`UPHostClient`).
    pub client_type: String,
    /// The service's description.
    pub doc: String,
    /// The spec's default endpoint.
    pub endpoint: String,
    /// Actions in spec order.
    pub actions: Vec<Action>,
    /// Models in spec order.
    pub models: Vec<Model>,
    /// Enums in spec order.
    pub enums: Vec<Enum>,
    /// Waiters in spec order.
    pub waiters: Vec<Waiter>,
    /// Resources in spec order, by name, with every default filled in.
    pub(crate) resources: Vec<(String, Resource)>,
}

/// A resource, as `spec::resources` resolves it.
pub(crate) use crate::spec::resources::{Resolved as Resource, Role as ResourceRole};

/// A waiter: the action it polls, the inputs its caller gives, and its acceptors
/// compiled to steps through the answer's Rust fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The spec's name (`UHostInstanceRunning`).
    pub name: String,
    /// The type implementing the runtime's `Waiter` (`UHostInstanceRunningWaiter`).
    pub type_name: String,
    /// The name in snake case (`uhost_instance_running`), for the metadata.
    pub snake: String,
    /// The states on the way to the first success acceptor's, for the metadata.
    pub pending: Vec<String>,
    /// The service client's method (`wait_until_uhost_instance_running`).
    pub method: String,
    /// What it waits for, for the docs.
    pub doc: String,
    /// The polled action's wire name.
    pub action: String,
    /// The polled action's request type.
    pub request_type: String,
    /// The polled action's response type.
    pub response_type: String,
    /// The request fields the caller gives.
    pub inputs: Vec<Field>,
    /// Tried in order.
    pub acceptors: Vec<Acceptor>,
    /// Shortest delay between polls, in seconds.
    pub min_delay: u64,
    /// Longest delay between polls, in seconds.
    pub max_delay: u64,
    /// Default maximum wait, in seconds.
    pub max_wait: u64,
}

/// Default delays and maximum wait of a waiter that does not give them, in seconds.
pub const WAITER_DEFAULTS: (u64, u64, u64) = (2, 30, 600);

/// One acceptor of a waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// What it decides.
    pub outcome: Outcome,
    /// What it looks at.
    pub test: AcceptorTest,
    /// The acceptor in the spec's words, for errors and logs.
    pub description: String,
}

/// What an acceptor looks at.
#[derive(Debug, Clone, PartialEq)]
pub enum AcceptorTest {
    /// An error answer with this RetCode.
    RetCode(i64),
    /// The values at a path of the answer.
    Path {
        /// The path as the spec writes it (`UHostSet[].State`), for the metadata.
        path: String,
        /// One per step, in order.
        steps: Vec<PathStep>,
        /// How they are compared.
        matcher: Matcher,
        /// With what, when the matcher compares.
        expected: Option<Expected>,
    },
}

/// One step of a path, in Rust terms.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    /// The decoded struct's field (escaped).
    pub rust: String,
    /// Whether the field is a `Vec` (an `Option` otherwise).
    pub list: bool,
}

/// A value an acceptor compares with, by the type at the end of its path.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// A text field, or an open enum (compared by its wire value).
    Text(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Wire name (`DescribePHostImage`).
    pub wire: String,
    /// Where the action is named in the spec.
    pub span: Span,
    /// Client method (`describe_phost_image`), escaped.
    pub method: String,
    /// Request struct (`DescribePHostImageRequest`).
    pub request_type: String,
    /// Response struct (`DescribePHostImageResponse`).
    pub response_type: String,
    /// Fluent builder (`DescribePHostImage`).
    pub builder_type: String,
    /// Summary and description, as doc lines.
    pub doc: String,
    /// Whether repeating the call is harmless.
    pub retry_safe: bool,
    /// Other wire spellings servers should accept (the SDK spelling among them).
    pub aliases: Vec<String>,
    /// What the generated client sends as `Action`: the SDK's spelling when the spec
    /// records one, else the wire name.
    pub sends: String,
    /// Request parameters.
    pub params: Vec<Field>,
    /// Response fields.
    pub response: Vec<Field>,
    /// Offset/Limit pagination, if the action pages.
    pub pagination: Option<Pagination>,
    /// The reference page's response example (JSON text), if any.
    pub response_example: Option<String>,
    /// The reference page's request example (a URL with a query string), if any.
    pub request_example: Option<String>,
    /// The waiter that follows the action, fed from its answer.
    pub then_wait: Option<ThenWait>,
    /// The official SDKs the action comes from, when no reference page documents it.
    pub from_sdk: Option<String>,
}

/// The waiter that follows an action (`CreateUHostInstance` -> `UHostInstanceRunning`).
#[derive(Debug, Clone, PartialEq)]
pub struct ThenWait {
    /// The waiter's spec name.
    pub waiter: String,
    /// The service client's method that starts it (`wait_until_uhost_instance_running`).
    pub method: String,
    /// The waiter's type.
    pub type_name: String,
    /// The inputs taken from the answer.
    pub inputs: Vec<ThenWaitInput>,
}

/// One waiter input taken from an action's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ThenWaitInput {
    /// The input's wire name (`UHostIds`).
    pub wire: String,
    /// Its Rust name: the wait method's argument, or for an input the configuration
    /// fills, its setter on the wait (`zone`).
    pub setter: String,
    /// The path in the answer, as the spec writes it.
    pub path: String,
    /// The path's steps through the answer's Rust fields.
    pub steps: Vec<PathStep>,
}

/// A request parameter, response field or model field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name (`ImageId`): the spec's `sdk_name` when it has one, else its name.
    pub wire: String,
    /// The page's spelling when the wire name is the SDK's (`UDiskId` for `DiskId`).
    pub alias: Option<String>,
    /// Where the field is named in the spec.
    pub span: Span,
    /// Rust field name (`image_id`, `r#type`), escaped.
    pub rust: String,
    /// Whether the wire name is the field name in PascalCase (`image_id` -> `ImageId`),
    /// the default of both serde's `rename_all` and the signer-glue derive, so no
    /// `rename` needs to be written.
    pub wire_is_default: bool,
    /// The type.
    pub ty: Ty,
    /// The spec's type (`array[string]`), which `diff` reports in the spec's terms.
    pub spec_type: TypeExpr,
    /// Whether the field must be set.
    pub required: bool,
    /// Whether the client fills it from configuration (`Region`, `Zone`, `ProjectId`).
    pub from_config: bool,
    /// Whether the value is a secret, left out of `Debug`: the spec's `sensitive`, else
    /// [`is_secret_name`] for text fields.
    pub sensitive: bool,
    /// Description, plus the documented default.
    pub doc: String,
}

impl Field {
    /// Whether `name` is its wire name or the page's spelling.
    pub fn is_named(&self, name: &str) -> bool {
        self.wire == name || self.alias.as_deref() == Some(name)
    }

    /// Whether a request struct holds this parameter without an `Option`: required,
    /// not filled from configuration, and not a list (lists are never optional).
    pub fn is_plain_in_request(&self) -> bool {
        self.required && !self.from_config && !matches!(self.ty, Ty::Array(_))
    }
}

impl Model {
    /// Whether the field is held without an `Option`: required, in a model that only
    /// requests carry (a model that answers carry too must accept answers that leave a
    /// field out), and not a list.
    pub fn is_plain(&self, field: &Field) -> bool {
        self.request_only && field.required && !matches!(field.ty, Ty::Array(_))
    }

    /// The fields held without an `Option`, which its constructor takes.
    pub fn plain_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| self.is_plain(f))
    }
}

/// A field's type, with Rust names resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A built-in type, held in [`Scalar::rust_type`].
    Scalar(Scalar),
    /// A generated model struct.
    Model(String),
    /// A generated open enum.
    Enum(String),
    /// `Vec<T>`.
    Array(Box<Ty>),
}

/// A generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Wire name.
    pub wire: String,
    /// Where the model is named in the spec.
    pub span: Span,
    /// Whether no response carries it (directly or through another model): it is then
    /// encoded, never decoded, and its required fields are plain. A model nothing uses
    /// (a warning) is generated the same way.
    pub request_only: bool,
    /// Whether a request carries it (directly or through another model): only then is
    /// it encoded (`WireModel`), so a model only answers carry costs no encoder.
    pub in_requests: bool,
    /// Rust type name.
    pub rust: String,
    /// Description.
    pub doc: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
}

/// A generated open enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Wire name.
    pub wire: String,
    /// Where the enum is named in the spec.
    pub span: Span,
    /// Rust type name.
    pub rust: String,
    /// Description.
    pub doc: String,
    /// Documented values: (Rust variant, wire value, description).
    pub variants: Vec<Variant>,
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name, escaped.
    pub rust: String,
    /// Where the value is written in the spec.
    pub span: Span,
    /// The value on the wire.
    pub wire: String,
    /// Description.
    pub doc: String,
}

/// Rust names of the fields that drive pagination.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Request field holding the offset.
    pub offset: Field,
    /// Request field holding the limit.
    pub limit: Field,
    /// Response field holding the total.
    pub total: Field,
    /// Response field holding the items.
    pub items: Field,
    /// The item type.
    pub item: Ty,
}

/// Lowers a validated spec. Validation guarantees every name resolves, so a type that
/// does not resolve here (impossible after validation) is lowered as `String`.
pub fn lower(spec: &Spec) -> Service {
    lower_document(&spec.document)
}

/// Lowers a parsed document whose spec rules hold (the validator checks the lowered
/// names through this before a [`Spec`] exists).
pub fn lower_document(document: &model::SpecFile) -> Service {
    let service = &document.service;
    let module = service.module.as_ref().map_or_else(
        || sigcal_protocol::names::module_name(&service.name.value),
        |m| m.value.clone(),
    );
    let resolver = Resolver { document };
    let actions: Vec<Action> = document
        .actions
        .iter()
        .map(|entry| {
            let action = &entry.value;
            let wire = entry.name.value.clone();
            let pascal = names::pascal_case(&wire);
            let params = resolver.fields(&action.request, true);
            let response = resolver.fields(&action.response, false);
            let pagination = action.pagination.as_ref().and_then(|p| {
                let p = &p.value;
                let find = |fields: &[Field], name: &str| {
                    fields.iter().find(|f| f.is_named(name)).cloned()
                };
                let items = find(&response, &p.items.value)?;
                let item = match &items.ty {
                    Ty::Array(inner) => (**inner).clone(),
                    other => other.clone(),
                };
                Some(Pagination {
                    offset: find(&params, &p.offset.value)?,
                    limit: find(&params, &p.limit.value)?,
                    total: find(&response, &p.total.value)?,
                    items,
                    item,
                })
            });
            Action {
                span: entry.name.span,
                method: names::escape(
                    &action
                        .rust_name
                        .as_ref()
                        .map_or_else(|| names::snake_case(&wire), |r| r.value.clone()),
                ),
                request_type: sigcal_protocol::names::request_type(&pascal),
                response_type: sigcal_protocol::names::response_type(&pascal),
                builder_type: pascal,
                doc: join_doc(Some(&action.summary), action.description.as_deref()),
                retry_safe: action.retry_safe.as_ref().map_or_else(
                    || sigcal_protocol::retry::verb_is_retry_safe(&wire),
                    |r| r.value,
                ),
                aliases: action
                    .aliases
                    .iter()
                    .chain(&action.sdk_name)
                    .map(|a| a.value.clone())
                    .collect(),
                sends: action
                    .sdk_name
                    .as_ref()
                    .map_or_else(|| wire.clone(), |name| name.value.clone()),
                response_example: action
                    .examples
                    .as_ref()
                    .and_then(|e| e.response.as_ref())
                    .map(|r| r.value.clone()),
                request_example: action.examples.as_ref().and_then(|e| e.request.clone()),
                from_sdk: action.from_sdk.as_ref().map(|f| f.value.clone()),
                wire,
                params,
                response,
                pagination,
                then_wait: None,
            }
        })
        .collect();
    let in_responses = resolver.decoded_types();
    let in_requests = resolver.encoded_types(&in_responses);
    let models: Vec<Model> = document
        .models
        .iter()
        .map(|entry| Model {
            span: entry.name.span,
            request_only: !in_responses.contains(entry.name.value.as_str()),
            in_requests: in_requests.contains(entry.name.value.as_str()),
            wire: entry.name.value.clone(),
            rust: resolver.type_name(&entry.name.value),
            doc: entry
                .value
                .description
                .as_deref()
                .filter(|text| !text.trim().is_empty())
                .map_or_else(|| format!("The `{}` model.", entry.name.value), doc::escape),
            fields: resolver.fields(&entry.value.fields, false),
        })
        .collect();
    let enums = document
        .enums
        .iter()
        .map(|entry| Enum {
            span: entry.name.span,
            wire: entry.name.value.clone(),
            rust: resolver.type_name(&entry.name.value),
            doc: entry
                .value
                .description
                .as_deref()
                .filter(|text| !text.trim().is_empty())
                .map_or_else(
                    || format!("The `{}` values.", entry.name.value),
                    doc::escape,
                ),
            variants: entry
                .value
                .values
                .iter()
                .map(|value| Variant {
                    span: value.name.span,
                    rust: names::variant(&value.name.value),
                    wire: value.name.value.clone(),
                    doc: value
                        .value
                        .as_deref()
                        .filter(|text| !text.trim().is_empty())
                        .map_or_else(|| format!("`{}`.", value.name.value), doc::escape),
                })
                .collect(),
        })
        .collect();
    let waiters = waiters(document, &actions, &models);
    let mut actions = actions;
    for action in &mut actions {
        action.then_wait = document
            .actions
            .get(&action.wire)
            .and_then(|spec| {
                spec.value
                    .then_wait
                    .as_ref()
                    .map(|t| (&spec.value, &t.value))
            })
            .and_then(|(spec, then_wait)| {
                then_wait_ir(document, spec, action, &waiters, &models, then_wait)
            });
    }
    Service {
        client_type: sigcal_protocol::names::client_type(&names::pascal_case(&service.name.value)),
        name: service.name.value.clone(),
        doc: service_doc(service),
        endpoint: service.endpoint.value.clone(),
        module,
        waiters,
        resources: document
            .resources
            .iter()
            .filter_map(|entry| {
                let (resolved, _) =
                    crate::spec::resources::resolve(document, &entry.name, &entry.value);
                Some((entry.name.value.clone(), resolved?))
            })
            .collect(),
        actions,
        models,
        enums,
    }
}

/// Lowers the waiters; a path that does not resolve (impossible after validation) is
/// left out with its acceptor.
fn waiters(document: &model::SpecFile, actions: &[Action], models: &[Model]) -> Vec<Waiter> {
    let (default_min, default_max, default_wait) = WAITER_DEFAULTS;
    document
        .waiters
        .iter()
        .filter_map(|entry| {
            let waiter = &entry.value;
            let action = actions.iter().find(|a| a.wire == waiter.action.value)?;
            let spec_action = &document.actions.get(&waiter.action.value)?.value;
            let inputs = waiter
                .input
                .iter()
                .filter_map(|input| {
                    action
                        .params
                        .iter()
                        .find(|f| f.is_named(&input.value))
                        .cloned()
                })
                .collect();
            let acceptors = waiter
                .acceptors
                .iter()
                .filter_map(|acceptor| {
                    acceptor_ir(
                        document,
                        &spec_action.response,
                        &action.response,
                        models,
                        &acceptor.value,
                    )
                })
                .collect();
            let (min_delay, max_delay) = waiter
                .delay
                .as_ref()
                .map_or((default_min, default_max), |d| {
                    (d.value.min.value, d.value.max.value)
                });
            let name = entry.name.value.clone();
            Some(Waiter {
                type_name: format!("{}Waiter", names::pascal_case(&name)),
                method: format!("wait_until_{}", names::snake_case(&name)),
                snake: names::snake_case(&name),
                pending: waiter.pending.iter().map(|p| p.value.clone()).collect(),
                doc: waiter
                    .description
                    .as_deref()
                    .filter(|text| !text.trim().is_empty())
                    .map_or_else(|| format!("Waits for `{name}`."), doc::escape),
                action: action.wire.clone(),
                request_type: action.request_type.clone(),
                response_type: action.response_type.clone(),
                inputs,
                acceptors,
                min_delay,
                max_delay,
                max_wait: waiter.max_wait.as_ref().map_or(default_wait, |w| w.value),
                name,
            })
        })
        .collect()
}

/// Lowers an action's `then_wait`; `None` when its waiter is unknown (impossible after
/// validation), an input that does not resolve is left out.
fn then_wait_ir(
    document: &model::SpecFile,
    spec: &model::Action,
    action: &Action,
    waiters: &[Waiter],
    models: &[Model],
    then_wait: &model::ThenWait,
) -> Option<ThenWait> {
    let waiter = waiters.iter().find(|w| w.name == then_wait.waiter.value)?;
    let inputs = then_wait
        .input
        .iter()
        .filter_map(|input| {
            let field = waiter
                .inputs
                .iter()
                .find(|f| f.is_named(&input.name.value))?;
            let path = &input.value.value;
            Some(ThenWaitInput {
                wire: field.wire.clone(),
                setter: field.rust.clone(),
                path: path.clone(),
                steps: path_steps(document, &spec.response, &action.response, models, path)?,
            })
        })
        .collect();
    Some(ThenWait {
        waiter: waiter.name.clone(),
        method: waiter.method.clone(),
        type_name: waiter.type_name.clone(),
        inputs,
    })
}

/// The Rust steps of a path into an answer whose spec fields are `spec_response` and
/// lowered fields `response`; `None` when it does not resolve (impossible after
/// validation).
fn path_steps(
    document: &model::SpecFile,
    spec_response: &Entries<model::Field>,
    response: &[Field],
    models: &[Model],
    path_text: &str,
) -> Option<Vec<PathStep>> {
    let path = sigcal_protocol::path::Path::parse(path_text).ok()?;
    let resolved = crate::spec::waiters::resolve(document, spec_response, &path).ok()?;
    let mut fields = response;
    let mut steps = Vec::new();
    for step in &resolved.steps {
        let field = fields
            .iter()
            .find(|f| f.is_named(&step.name) || f.wire == step.name)?;
        let list = matches!(field.ty, Ty::Array(_));
        steps.push(PathStep {
            rust: field.rust.clone(),
            list,
        });
        let element = match &field.ty {
            Ty::Array(inner) => inner.as_ref(),
            other => other,
        };
        if let Ty::Model(rust) = element {
            fields = &models.iter().find(|m| &m.rust == rust)?.fields;
        }
    }
    Some(steps)
}

fn acceptor_ir(
    document: &model::SpecFile,
    spec_response: &Entries<model::Field>,
    response: &[Field],
    models: &[Model],
    acceptor: &model::Acceptor,
) -> Option<Acceptor> {
    let outcome = Outcome::from(acceptor.state.value);
    if let Some(code) = &acceptor.ret_code {
        return Some(Acceptor {
            outcome,
            test: AcceptorTest::RetCode(code.value),
            description: format!("RetCode {}", code.value),
        });
    }
    let path_text = &acceptor.path.as_ref()?.value;
    let matcher = Matcher::from(acceptor.matcher.as_ref()?.value);
    let steps = path_steps(document, spec_response, response, models, path_text)?;
    let expected = match &acceptor.expected {
        None => None,
        Some(value) => Some(match &value.value {
            model::Scalar::String(text) => Expected::Text(text.clone()),
            model::Scalar::Int(n) => Expected::Int(*n),
            model::Scalar::Bool(b) => Expected::Bool(*b),
            model::Scalar::Float(_) => return None,
        }),
    };
    let value = acceptor
        .expected
        .as_ref()
        .map(|v| v.value.to_string())
        .unwrap_or_default();
    let description = match matcher {
        Matcher::Equal => format!("{path_text} is {value}"),
        Matcher::AllEqual => format!("every {path_text} is {value}"),
        Matcher::AnyEqual => format!("some {path_text} is {value}"),
        Matcher::Empty => format!("{path_text} is empty"),
        Matcher::NotEmpty => format!("{path_text} is not empty"),
    };
    Some(Acceptor {
        outcome,
        test: AcceptorTest::Path {
            path: path_text.clone(),
            steps,
            matcher,
            expected,
        },
        description,
    })
}

struct Resolver<'a> {
    document: &'a model::SpecFile,
}

impl<'a> Resolver<'a> {
    /// The models and enums reachable from response fields, through any depth of
    /// models: the types that are decoded.
    fn decoded_types(&self) -> BTreeSet<&'a str> {
        let mut responses = BTreeSet::new();
        for action in self.document.actions.iter() {
            self.reach(&action.value.response, &mut responses);
        }
        responses
    }

    /// The models and enums reachable from request parameters, and from the models no
    /// response carries (they are generated as request models, used or not): the types
    /// that are encoded.
    fn encoded_types(&self, decoded: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
        let mut requests = BTreeSet::new();
        for action in self.document.actions.iter() {
            self.reach(&action.value.request, &mut requests);
        }
        for model in self.document.models.0.iter() {
            if !decoded.contains(model.name.value.as_str()) {
                self.reach(&model.value.fields, &mut requests);
            }
        }
        requests
    }

    fn reach(&self, fields: &'a Entries<model::Field>, seen: &mut BTreeSet<&'a str>) {
        for field in fields.iter() {
            let Some(name) = field
                .value
                .ty
                .value
                .parsed()
                .and_then(TypeExpr::named_element)
            else {
                continue;
            };
            if let Some(entry) = self
                .document
                .models
                .0
                .iter()
                .find(|m| m.name.value == *name)
            {
                if seen.insert(entry.name.value.as_str()) {
                    self.reach(&entry.value.fields, seen);
                }
            } else if let Some(entry) = self.document.enums.0.iter().find(|e| e.name.value == *name)
            {
                seen.insert(entry.name.value.as_str());
            }
        }
    }

    fn type_name(&self, wire: &str) -> String {
        let models = self
            .document
            .models
            .get(wire)
            .and_then(|m| m.value.rust_name.as_ref());
        let enums = self
            .document
            .enums
            .get(wire)
            .and_then(|e| e.value.rust_name.as_ref());
        models
            .or(enums)
            .map_or_else(|| names::pascal_case(wire), |r| r.value.clone())
    }

    fn ty(&self, expr: &TypeExpr) -> Ty {
        let mut ty = match &expr.element {
            Element::Scalar(scalar) => Ty::Scalar(*scalar),
            Element::Named(name) if self.document.enums.get(name).is_some() => {
                Ty::Enum(self.type_name(name))
            }
            Element::Named(name) => Ty::Model(self.type_name(name)),
        };
        for _ in 0..expr.lists {
            ty = Ty::Array(Box::new(ty));
        }
        ty
    }

    fn fields(&self, fields: &Entries<model::Field>, request: bool) -> Vec<Field> {
        fields
            .iter()
            .map(|entry| {
                let field = &entry.value;
                let page_name = &entry.name.value;
                let (wire, alias) = match &field.sdk_name {
                    Some(sdk) if sdk.value != *page_name => {
                        (sdk.value.clone(), Some(page_name.clone()))
                    }
                    _ => (page_name.clone(), None),
                };
                let rust = field
                    .rust_name
                    .as_ref()
                    .map_or_else(|| names::snake_case(page_name), |r| r.value.clone());
                let mut doc = field
                    .description
                    .as_deref()
                    .filter(|text| !text.trim().is_empty())
                    .map_or_else(|| format!("`{wire}`."), doc::escape);
                if let Some(default) = &field.default {
                    doc.push_str(
                        &format!("\n\nServer default: `{}`.", default.value)
                            .replace("`\"", "`")
                            .replace("\"`", "`"),
                    );
                }
                if let Some(page_name) = &alias {
                    doc.push_str(&format!(
                        "\n\nOn the wire `{wire}`, the official SDK's spelling; the reference page calls it `{page_name}`."
                    ));
                }
                // Only a validated spec is lowered, so every type parsed; text stands in
                // for one that did not, to keep lowering total.
                let spec_type = (field.ty.value.parsed().cloned())
                    .unwrap_or(TypeExpr::scalar(Scalar::String));
                let ty = self.ty(&spec_type);
                let text = spec_type.scalar_element() == Some(Scalar::String) && spec_type.lists <= 1;
                let sensitive = field.sensitive.as_ref().map_or_else(
                    || text && (is_secret_name(&wire) || is_secret_name(page_name)),
                    |s| s.value,
                );
                Field {
                    span: entry.name.span,
                    wire_is_default: sigcal_protocol::names::field_wire_name(&rust) == wire,
                    ty,
                    sensitive,
                    spec_type,
                    required: field.required.as_ref().is_some_and(|r| r.value),
                    from_config: request && FROM_CONFIG.contains(&wire.as_str()),
                    rust: names::escape(&rust),
                    wire,
                    alias,
                    doc,
                }
            })
            .collect()
    }
}

fn join_doc(summary: Option<&str>, description: Option<&str>) -> String {
    let written = |text: &&str| !text.trim().is_empty();
    let (summary, description) = (
        summary.filter(written).map(doc::escape),
        description.filter(written).map(doc::escape),
    );
    let (summary, description) = (summary.as_deref(), description.as_deref());
    match (summary, description) {
        (Some(summary), Some(description)) if summary != description => {
            format!("{summary}.\n\n{description}.")
        }
        (Some(text), _) | (None, Some(text)) => format!("{text}."),
        (None, None) => String::new(),
    }
    .replace("..", ".")
}
