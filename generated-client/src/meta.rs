//! Static descriptions of services and actions, generated alongside the types, for
//! tools that work from metadata rather than types (the command-line tool, the fake
//! server). With the `metadata` feature.

use crate::Request;

pub use sigcal_protocol::types::{Element, Scalar, TypeExpr};

/// A field's type in metadata: the spec's type expression, with models and enums by
/// their Rust names (`array[PHostImageSet]`).
pub type FieldType = TypeExpr<&'static str>;

/// One service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceMeta {
    /// Wire name (`UPHost`).
    pub name: &'static str,
    /// The Rust module (`uphost`); the command-line tool's subcommand.
    pub module: &'static str,
    /// One line of description.
    pub summary: &'static str,
    /// Default endpoint from the spec.
    pub endpoint: &'static str,
    /// Every action.
    pub actions: &'static [ActionMeta],
    /// Every model.
    pub models: &'static [ModelMeta],
    /// Every enum.
    pub enums: &'static [EnumMeta],
    /// Every waiter.
    pub waiters: &'static [WaiterMeta],
    /// Every resource the spec declares.
    pub resources: &'static [ResourceMeta],
}

/// A resource (a host, a Redis group): how it is listed and which actions make, change
/// and remove it. The fake server keeps the resources of these declarations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceMeta {
    /// The spec's name (`UHostInstance`).
    pub name: &'static str,
    /// The identifier field of the listed items (`UHostId`).
    pub id: &'static str,
    /// The describing action (wire name).
    pub describe: &'static str,
    /// The describing answer's list of items (`UHostSet`).
    pub list: &'static str,
    /// The describing request's parameter naming the items wanted (`UHostIds`).
    pub by: Option<&'static str>,
    /// The items' state field (`State`).
    pub state: Option<&'static str>,
    /// The actions that make, change and remove it.
    pub steps: &'static [LifecycleMeta],
}

/// What an action does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// It makes new resources.
    Create,
    /// It changes one (modify, resize, start, stop).
    Update,
    /// It removes one.
    Delete,
}

/// One action of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecycleMeta {
    /// The action (wire name).
    pub action: &'static str,
    /// What it does.
    pub role: Role,
    /// For a create, where its answer holds the new ids (`UHostIds[]`); otherwise the
    /// request parameter naming the resource (`UHostId`).
    pub id: &'static str,
    /// The states it may start from; any when empty.
    pub from: &'static [&'static str],
    /// The state it moves to.
    pub state: Option<&'static str>,
    /// The state shown on the way.
    pub via: Option<&'static str>,
    /// Request parameters shown under another item field's name, `(parameter, field)`;
    /// a parameter named as an item field sets it without being listed.
    pub set: &'static [(&'static str, &'static str)],
}

/// A waiter, for tools that poll from metadata (`sigcal <service> wait`): the same
/// declaration the generated `Waiter` type is compiled from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterMeta {
    /// The spec's name (`UHostInstanceRunning`).
    pub name: &'static str,
    /// The name in snake case (`uhost_instance_running`): the client's method is
    /// `wait_until_` and it, `sigcal`'s subcommand it with dashes.
    pub snake: &'static str,
    /// What it waits for.
    pub summary: &'static str,
    /// The action polled (wire name).
    pub action: &'static str,
    /// The polled action's request fields the caller gives (wire names).
    pub inputs: &'static [&'static str],
    /// The states on the way to the first success acceptor's (`Initializing`), as the
    /// page documents them; the fake server's resources show them before the target.
    pub pending: &'static [&'static str],
    /// Tried in order on every answer.
    pub acceptors: &'static [AcceptorMeta],
    /// The shortest delay between polls.
    pub min_delay: std::time::Duration,
    /// The longest delay between polls.
    pub max_delay: std::time::Duration,
    /// The default maximum wait.
    pub max_wait: std::time::Duration,
}

impl WaiterMeta {
    /// The first acceptor, in order, that matches this poll's JSON answer (envelope
    /// included) or error: the metadata twin of a generated waiter's `classify`, read
    /// the same way (a list contributes each item, an absent or null value nothing,
    /// and values compare as lenient decoding reads them).
    pub fn classify(
        &self,
        result: Result<&serde_json::Value, &crate::Error>,
    ) -> Option<crate::waiter::Matched> {
        self.acceptors
            .iter()
            .find(|acceptor| acceptor.test.matches(result))
            .map(|acceptor| crate::waiter::Matched {
                outcome: acceptor.outcome,
                acceptor: acceptor.description,
            })
    }
}

impl AcceptorTest {
    /// Whether the test holds for this poll's answer or error.
    pub fn matches(&self, result: Result<&serde_json::Value, &crate::Error>) -> bool {
        match (*self, result) {
            (AcceptorTest::RetCode(code), Err(error)) => error.ret_code() == Some(code),
            (
                AcceptorTest::Path {
                    path,
                    matcher,
                    expected,
                },
                Ok(answer),
            ) => {
                let values = values_at(answer, path);
                match expected {
                    Some(expected) => matcher.matches(values, |value| expected.is(value)),
                    None => matcher.matches(values, |_| false),
                }
            }
            _ => false,
        }
    }
}

/// Every value `path` selects in `answer`, walked as generated waiters walk typed
/// answers (`sigcal_protocol::path::Path::select`, skipping what is absent; a list's
/// items in its place). A path that does not parse selects nothing (generated metadata
/// holds only validated paths).
pub fn values_at<'a>(answer: &'a serde_json::Value, path: &str) -> Vec<&'a serde_json::Value> {
    use sigcal_protocol::path::{Absent, Path};
    Path::parse(path)
        .ok()
        .and_then(|path| path.select(answer, Absent::Skip).ok())
        .map(|selection| selection.leaves())
        .unwrap_or_default()
}

impl Expected {
    /// Whether a JSON value is this one, decoded as the typed answer decodes it
    /// ([`crate::lenient`]: `"1"` is the integer 1, `0` the boolean false).
    pub fn is(self, value: &serde_json::Value) -> bool {
        use crate::lenient::Lenient;
        match self {
            Expected::Text(text) => String::lenient(value).is_ok_and(|found| found == text),
            Expected::Int(n) => i64::lenient(value).is_ok_and(|found| found == n),
            Expected::Bool(b) => bool::lenient(value).is_ok_and(|found| found == b),
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Text(text) => f.write_str(text),
            Expected::Int(n) => write!(f, "{n}"),
            Expected::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl ThenWaitMeta {
    /// The waiter's inputs taken from the action's JSON `answer`, as parameters of the
    /// `polled` action: a list input gets every value at its path (`UHostIds.0`, …), a
    /// single one the first.
    pub fn params_from(&self, answer: &serde_json::Value, polled: &ActionMeta) -> crate::Params {
        let mut params = crate::Params::new();
        for (input, path) in self.inputs {
            let Some(field) = polled.params.iter().find(|f| f.name == *input) else {
                continue;
            };
            let texts: Vec<String> = values_at(answer, path)
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect();
            if field.ty.is_list() {
                params.insert_list(input, &texts);
            } else if let Some(text) = texts.first() {
                params.insert(input, text);
            }
        }
        params
    }
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptorMeta {
    /// What it decides when it matches.
    pub outcome: crate::waiter::Outcome,
    /// What it looks at.
    pub test: AcceptorTest,
    /// The acceptor in the spec's words.
    pub description: &'static str,
}

/// What an acceptor looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorTest {
    /// An error answer with this RetCode.
    RetCode(i64),
    /// The values at a path (`UHostSet[].State`) compared by a matcher.
    Path {
        /// The path, in `sigcal_protocol::path` syntax.
        path: &'static str,
        /// How the values are compared.
        matcher: crate::waiter::Matcher,
        /// With what, for the comparing matchers.
        expected: Option<Expected>,
    },
}

/// A value an acceptor compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A text (or an enum's wire value).
    Text(&'static str),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
}

impl ServiceMeta {
    /// The action with this wire name, or with this name among its aliases.
    pub fn action(&self, name: &str) -> Option<&'static ActionMeta> {
        self.actions
            .iter()
            .find(|a| a.name == name)
            .or_else(|| self.actions.iter().find(|a| a.aliases.contains(&name)))
    }

    /// The enum with this wire name.
    pub fn enumeration(&self, name: &str) -> Option<&'static EnumMeta> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The model with this wire name.
    pub fn model(&self, name: &str) -> Option<&'static ModelMeta> {
        self.models.iter().find(|m| m.name == name)
    }

    /// Whether the flat request key `key` of `action` holds a secret
    /// (`AdminPassword`, `Disks.0.Password`): a field on its way down is marked
    /// `sensitive`, or its name is a secret's
    /// ([`sigcal_protocol::secrets::is_secret_key`]). Tools that show a request leave
    /// such values out.
    pub fn is_secret_param(&self, action: &ActionMeta, key: &str) -> bool {
        use sigcal_protocol::keys;
        if sigcal_protocol::secrets::is_secret_key(key) {
            return true;
        }
        let mut fields = action.params;
        for segment in keys::segments(key).filter(|s| !keys::is_index(s)) {
            let Some(field) = fields.iter().find(|f| f.is_named(segment)) else {
                return false;
            };
            if field.sensitive {
                return true;
            }
            fields = match field.ty.element {
                Element::Named(name) => match self.model(name) {
                    Some(model) => model.fields,
                    None => return false,
                },
                Element::Scalar(_) => return false,
            };
        }
        false
    }

    /// The waiter with this name.
    pub fn waiter(&self, name: &str) -> Option<&'static WaiterMeta> {
        self.waiters.iter().find(|w| w.name == name)
    }

    /// The resource with this name.
    pub fn resource(&self, name: &str) -> Option<&'static ResourceMeta> {
        self.resources.iter().find(|r| r.name == name)
    }
}

/// One action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionMeta {
    /// Wire name.
    pub name: &'static str,
    /// Other spellings of the wire name that clients send (the official Python SDK's).
    pub aliases: &'static [&'static str],
    /// The Rust method name (`describe_phost_image`); the CLI's subcommand is its
    /// kebab-case form.
    pub method: &'static str,
    /// One line of description.
    pub summary: &'static str,
    /// Whether repeating the call is harmless.
    pub retry_safe: bool,
    /// Request parameters.
    pub params: &'static [FieldMeta],
    /// Response fields.
    pub response: &'static [FieldMeta],
    /// Offset/Limit pagination.
    pub pagination: Option<PaginationMeta>,
    /// The reference page's response example (JSON), which the fake server answers with.
    pub response_example: Option<&'static str>,
    /// The waiter that follows the action, fed from its answer (`sigcal … --wait`).
    pub then_wait: Option<ThenWaitMeta>,
    /// The official SDKs the action comes from when no reference page documents it
    /// (`ucloud-sdk-go 0.22.98, ucloud-sdk-python3 0.11.150`).
    pub from_sdk: Option<&'static str>,
}

/// The waiter that follows an action, and which of its inputs the answer gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThenWaitMeta {
    /// The waiter, by name (a waiter of the same service).
    pub waiter: &'static str,
    /// Pairs of a waiter input (wire name) and the path in the answer that holds it.
    pub inputs: &'static [(&'static str, &'static str)],
}

/// A parameter or field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldMeta {
    /// Wire name.
    pub name: &'static str,
    /// The Rust field name without `r#` (`image_id`); the CLI's flag is its kebab-case
    /// form.
    pub rust_name: &'static str,
    /// The spec's type, parsed: a scalar or a model's or enum's name, in some levels of
    /// lists (it displays as the spec wrote it: `array[PHostImageSet]`).
    pub ty: FieldType,
    /// Whether it must be present.
    pub required: bool,
    /// First line of its description.
    pub description: &'static str,
    /// The reference page's spelling, when the wire name is the official SDK's
    /// (`UDiskId` for `DiskId`); servers accept both.
    pub page_name: Option<&'static str>,
    /// Whether its value is a secret (a password, a private key, a token: `sensitive`
    /// in the spec): tools that show requests (`sigcal --dry-run`, `--debug`) leave the
    /// value out.
    pub sensitive: bool,
}

/// What `#[derive(Describe)]` knows of a struct (a request, a response, a model): its
/// name, the first sentence of its doc, and its fields with theirs. The service table
/// reads descriptions from here, so each is written once, on its field.
pub trait Described {
    /// The type's name (`PHostImageSet`), which field types (`array[PHostImageSet]`)
    /// refer to.
    const NAME: &'static str;
    /// The first sentence of its doc.
    const SUMMARY: &'static str;
    /// Its fields, in declaration order.
    const FIELDS: &'static [FieldMeta];
}

/// What `#[derive(Describe)]` knows of an open enum: its name and documented values.
pub trait DescribedEnum {
    /// The enum's name, which field types refer to.
    const NAME: &'static str;
    /// The documented wire values, in declaration order.
    const VALUES: &'static [&'static str];
}

/// A field, positionally, as `#[derive(Describe)]` writes it: wire name, Rust name,
/// spec type, required, description.
pub const fn field(
    name: &'static str,
    rust_name: &'static str,
    ty: FieldType,
    required: bool,
    description: &'static str,
) -> FieldMeta {
    FieldMeta {
        name,
        rust_name,
        ty,
        required,
        description,
        page_name: None,
        sensitive: false,
    }
}

/// The action request `R` makes, called through the service client's `method`: name,
/// retry safety, summary and fields come from the request and its response type; no
/// aliases, pagination or response example until the `with_*` methods add them.
pub const fn action<R>(method: &'static str) -> ActionMeta
where
    R: Request + Described,
    R::Response: Described,
{
    ActionMeta {
        name: R::ACTION,
        aliases: &[],
        method,
        summary: R::SUMMARY,
        retry_safe: R::RETRY_SAFE,
        params: R::FIELDS,
        response: <R::Response as Described>::FIELDS,
        pagination: None,
        response_example: None,
        then_wait: None,
        from_sdk: None,
    }
}

/// The model `M`.
pub const fn model<M: Described>() -> ModelMeta {
    ModelMeta {
        name: M::NAME,
        fields: M::FIELDS,
    }
}

/// The open enum `E`.
pub const fn enumeration<E: DescribedEnum>() -> EnumMeta {
    EnumMeta {
        name: E::NAME,
        values: E::VALUES,
    }
}

impl ActionMeta {
    /// The same action, paged by these wire names: offset and limit parameters, total
    /// and items response fields.
    pub const fn with_pages(
        self,
        offset: &'static str,
        limit: &'static str,
        total: &'static str,
        items: &'static str,
    ) -> ActionMeta {
        ActionMeta {
            pagination: Some(PaginationMeta {
                offset,
                limit,
                total,
                items,
            }),
            ..self
        }
    }

    /// The same action under the reference page's name, when the client sends another
    /// spelling (the official SDK's, among the aliases).
    pub const fn with_name(self, name: &'static str) -> ActionMeta {
        ActionMeta { name, ..self }
    }

    /// The same action, also sent under these names.
    pub const fn with_aliases(self, aliases: &'static [&'static str]) -> ActionMeta {
        ActionMeta { aliases, ..self }
    }

    /// The same action, followed by waiter `waiter` fed with `inputs` (input, answer
    /// path).
    pub const fn then_wait(
        self,
        waiter: &'static str,
        inputs: &'static [(&'static str, &'static str)],
    ) -> ActionMeta {
        ActionMeta {
            then_wait: Some(ThenWaitMeta { waiter, inputs }),
            ..self
        }
    }

    /// The same action, which no reference page documents: it comes from the types of
    /// the official SDKs `sdks`.
    pub const fn from_sdk(self, sdks: &'static str) -> ActionMeta {
        ActionMeta {
            from_sdk: Some(sdks),
            ..self
        }
    }

    /// The same action, with the reference page's response example (JSON).
    pub const fn with_example(self, json: &'static str) -> ActionMeta {
        ActionMeta {
            response_example: Some(json),
            ..self
        }
    }
}

impl FieldMeta {
    /// The same field, also known on the page as `page_name`.
    pub const fn or_named(self, page_name: &'static str) -> FieldMeta {
        FieldMeta {
            page_name: Some(page_name),
            ..self
        }
    }

    /// This field, marked as a secret.
    pub const fn secret(self) -> FieldMeta {
        FieldMeta {
            sensitive: true,
            ..self
        }
    }

    /// Whether `name` is its wire name or the page's spelling of it.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.page_name == Some(name)
    }
}

/// A model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelMeta {
    /// The Rust type's name: the spec's, unless that clashes with another item
    /// (`ListMonitorProductModel`). Field types name models this way.
    pub name: &'static str,
    /// Fields.
    pub fields: &'static [FieldMeta],
}

/// Which fields drive pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaginationMeta {
    /// Request offset parameter.
    pub offset: &'static str,
    /// Request limit parameter.
    pub limit: &'static str,
    /// Response total field.
    pub total: &'static str,
    /// Response items field.
    pub items: &'static str,
}

/// An open enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumMeta {
    /// The Rust type's name, which field types name it by.
    pub name: &'static str,
    /// Documented values.
    pub values: &'static [&'static str],
}
