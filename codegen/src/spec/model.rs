//! The spec as written: serde structs that mirror the YAML one to one.
//!
//! Every value a later check may complain about is wrapped in [`Spanned`] so the
//! complaint can point at it. Nothing here knows about Rust names or tokens; that is
//! the IR's job.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use super::types::FieldType;
use crate::diagnostics::Span;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value starts in the spec file.
    pub span: Span,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let located = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            value: located.value,
            span: Span::from_location(located.referenced),
        })
    }
}

/// One spec file: a service, its actions, and the models and enums they share.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The service header.
    pub service: Service,
    /// Actions by wire name, in file order.
    #[serde(default)]
    pub actions: Entries<Action>,
    /// Models (structured types) by wire name.
    #[serde(default)]
    pub models: Entries<Model>,
    /// Open enumerations by name.
    #[serde(default)]
    pub enums: Entries<EnumDef>,
    /// Waiters by name: how to poll an action until a resource reaches a state.
    #[serde(default)]
    pub waiters: Entries<Waiter>,
    /// Resources by name: what the actions create, describe, change and delete, for
    /// the fake server (which keeps them) and for readers of the spec.
    #[serde(default)]
    pub resources: Entries<Resource>,
}

/// A resource (a host, a Redis group, an EIP): its identifier, the action that lists
/// it, and the actions that make, change and remove it. Every name here is a wire name
/// of this service.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// What it is, in a line.
    #[serde(default)]
    pub description: Option<String>,
    /// The identifier field of the described items (`UHostId`).
    pub id: Spanned<String>,
    /// The action that lists it.
    pub describe: Spanned<Describe>,
    /// The actions that make it, by wire name.
    #[serde(default)]
    pub create: Entries<Spanned<Create>>,
    /// The actions that change it (modify, resize, rename, start, stop), by wire name.
    #[serde(default)]
    pub update: Entries<Spanned<Update>>,
    /// The actions that remove it, by wire name.
    #[serde(default)]
    pub delete: Entries<Spanned<Update>>,
    /// Set by `cargo codegen import` on a resource it inferred from the actions' names;
    /// removing it (or editing the entry) makes the entry the maintainer's, kept as is.
    #[serde(default)]
    pub inferred: Option<Spanned<bool>>,
}

/// How a resource is listed.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Describe {
    /// The describing action (`DescribeUHostInstance`).
    pub action: Spanned<String>,
    /// The answer's list of items (`UHostSet`).
    pub list: Spanned<String>,
    /// The request parameter that names the items wanted (`UHostIds`); default: the
    /// resource's `id`, or its plural, when the action has it.
    #[serde(default)]
    pub by: Option<Spanned<String>>,
    /// The items' state field (`State`), for a resource that has states.
    #[serde(default)]
    pub state: Option<Spanned<String>>,
}

/// An action that makes the resource.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Create {
    /// Where the answer holds the new ids (`UHostIds[]`, `GroupId`); default: the
    /// answer field named as the resource's `id`, or its plural.
    #[serde(default)]
    pub ids: Option<Spanned<String>>,
    /// The state it reaches (for a resource with states).
    #[serde(default)]
    pub state: Option<Spanned<String>>,
    /// The state it shows on the way (`Initializing`).
    #[serde(default)]
    pub via: Option<Spanned<String>>,
    /// Request parameters shown under another name (`ImageId: BasicImageId`); a
    /// parameter named as an item field is shown there without saying so.
    #[serde(default)]
    pub echo: Entries<Spanned<String>>,
}

/// An action that changes or removes the resource.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// The request parameter naming the resource; default: the resource's `id`, or its
    /// plural, when the action has it.
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    /// The states it may be in; any when empty.
    #[serde(default)]
    pub from: Vec<Spanned<String>>,
    /// The state it moves to.
    #[serde(default)]
    pub state: Option<Spanned<String>>,
    /// The state it shows on the way (`Stopping`; for a delete, before it is gone).
    #[serde(default)]
    pub via: Option<Spanned<String>>,
    /// Request parameters that set item fields of another name (`NewName: Name`); a
    /// parameter named as an item field sets it without saying so.
    #[serde(default)]
    pub set: Entries<Spanned<String>>,
}

/// A waiter: an action polled until its answer says a resource is ready (or failed).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// What it waits for.
    #[serde(default)]
    pub description: Option<String>,
    /// The reference page that documents the states (`describe_uhost_instance.md`).
    #[serde(default)]
    pub page: Option<Spanned<String>>,
    /// The action polled, by wire name.
    pub action: Spanned<String>,
    /// The polled action's request fields the caller gives (`UHostIds`).
    #[serde(default)]
    pub input: Vec<Spanned<String>>,
    /// Tried in order on each answer; the first that matches decides.
    #[serde(default)]
    pub acceptors: Vec<Spanned<Acceptor>>,
    /// Seconds between polls: a random delay from `min` up to a ceiling that doubles
    /// each poll, capped at `max`.
    #[serde(default)]
    pub delay: Option<Spanned<Delay>>,
    /// Seconds to wait in all unless the caller says otherwise.
    #[serde(default)]
    pub max_wait: Option<Spanned<u64>>,
    /// The states the resource passes through on its way, as its page documents them
    /// (`Initializing`, `Starting`), at the path of the first success acceptor: for the
    /// docs and for the fake server, whose resources show them before the target.
    #[serde(default)]
    pub pending: Vec<Spanned<String>>,
}

/// One rule of a waiter: what it decides when it matches.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: Spanned<AcceptorState>,
    /// A place in the answer (`UHostSet[].State`), with `matcher`.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
    /// How the values at `path` are compared with `expected`.
    #[serde(default)]
    pub matcher: Option<Spanned<Matcher>>,
    /// The value compared with (`Running`).
    #[serde(default)]
    pub expected: Option<Spanned<Scalar>>,
    /// Matches an error answer with this RetCode instead of a path (a resource that no
    /// longer exists, say).
    #[serde(default)]
    pub ret_code: Option<Spanned<i64>>,
}

/// What an acceptor decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AcceptorState {
    /// The state waited for.
    Success,
    /// A state the resource will not leave for the one waited for.
    Failure,
    /// Poll again.
    Retry,
}

/// How an acceptor compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Matcher {
    /// The one value at the path is `expected` (a path without `[]`).
    Equal,
    /// Every value at the path is `expected`, and there is at least one.
    AllEqual,
    /// Some value at the path is `expected`.
    AnyEqual,
    /// The list at the path is empty (or the value is absent).
    Empty,
    /// The list at the path has an item (or the value is present).
    NotEmpty,
}

impl From<AcceptorState> for sigcal_protocol::waiter::Outcome {
    fn from(state: AcceptorState) -> Self {
        match state {
            AcceptorState::Success => Self::Success,
            AcceptorState::Failure => Self::Failure,
            AcceptorState::Retry => Self::Retry,
        }
    }
}

impl From<Matcher> for sigcal_protocol::waiter::Matcher {
    fn from(matcher: Matcher) -> Self {
        match matcher {
            Matcher::Equal => Self::Equal,
            Matcher::AllEqual => Self::AllEqual,
            Matcher::AnyEqual => Self::AnyEqual,
            Matcher::Empty => Self::Empty,
            Matcher::NotEmpty => Self::NotEmpty,
        }
    }
}

/// The delays between polls, in seconds.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Delay {
    /// The shortest delay.
    pub min: Spanned<u64>,
    /// The longest delay.
    pub max: Spanned<u64>,
}

/// The service header of a spec file.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The service's name as the API spells it (`UPHost`).
    pub name: Spanned<String>,
    /// The Rust module the service is generated into; defaults to the lower-cased name.
    #[serde(default)]
    pub module: Option<Spanned<String>>,
    /// The default endpoint (`https://api.sigcalcloud.com/`).
    pub endpoint: Spanned<String>,
    /// The version of this spec, free-form (`2026-11-27`).
    pub version: Spanned<String>,
    /// One line of English: what the service is for (`Cloud disks: create, attach,
    /// resize, clone and snapshot block storage.`). Hand-written, kept by re-imports; the
    /// first line of the module's docs and the service's line in `sigcal --help`.
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    /// More text about the service, after the summary.
    #[serde(default)]
    pub description: Option<String>,
    /// The official SDKs' module for the service when it is not the spec's (`uads` for
    /// the pages' UDDoS): `cargo codegen reconcile` compares the two, and the interop
    /// tests call that module's actions here.
    #[serde(default)]
    pub sdk_module: Option<Spanned<String>>,
}

/// One API action.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// One line: what the action does.
    pub summary: String,
    /// More text, shown after the summary.
    #[serde(default)]
    pub description: Option<String>,
    /// The Rust method name, when the automatic one is wrong.
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    /// Whether repeating the call is harmless; inferred from the verb when absent.
    #[serde(default)]
    pub retry_safe: Option<Spanned<bool>>,
    /// Other spellings of the action's wire name that clients send (the official
    /// Python SDK's `GetPhostDiskUpgradePrice` for `GetPHostDiskUpgradePrice`); the fake
    /// server answers them too.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// The spelling of the action the official SDKs send, when it differs from the
    /// page's (`GetPhostDiskUpgradePrice`): the generated client sends it, the fake
    /// server answers both.
    #[serde(default)]
    pub sdk_name: Option<Spanned<String>>,
    /// The official SDKs an action comes from when no reference page documents it
    /// (`ucloud-sdk-go 0.22.98, ucloud-sdk-python3 0.11.150`): `cargo codegen reconcile
    /// --apply` imported it from their types. Re-imports of the pages leave it alone.
    #[serde(default)]
    pub from_sdk: Option<Spanned<String>>,
    /// Request parameters by wire name (without the common envelope).
    #[serde(default)]
    pub request: Entries<Field>,
    /// Response fields by wire name (without `RetCode`, `Action`, `Message`).
    #[serde(default)]
    pub response: Entries<Field>,
    /// How the action pages through results.
    #[serde(default)]
    pub pagination: Option<Spanned<Pagination>>,
    /// The reference page's examples.
    #[serde(default)]
    pub examples: Option<Examples>,
    /// The waiter that naturally follows the action (`CreateUHostInstance` ->
    /// `UHostInstanceRunning`), with its inputs taken from this action's answer.
    #[serde(default)]
    pub then_wait: Option<Spanned<ThenWait>>,
}

/// The waiter that follows an action, and where its inputs come from.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ThenWait {
    /// A waiter of the same service, by name.
    pub waiter: Spanned<String>,
    /// Each waiter input given, by wire name, with the path in this action's answer
    /// that holds it (`UHostIds: UHostIds`, `EIPIds: "EIPSet[].EIPId"`).
    #[serde(default)]
    pub input: Entries<Spanned<String>>,
}

/// A request parameter, a response field or a model field.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The type: `string`, `int`, `float`, `bool`, a model or enum name, or `array[T]`.
    #[serde(rename = "type")]
    pub ty: Spanned<FieldType>,
    /// Whether the field must be present.
    #[serde(default)]
    pub required: Option<Spanned<bool>>,
    /// What the field means.
    #[serde(default)]
    pub description: Option<String>,
    /// The server-side default, documented for users; never sent implicitly.
    #[serde(default)]
    pub default: Option<Spanned<Scalar>>,
    /// An example value.
    #[serde(default)]
    pub example: Option<Spanned<Scalar>>,
    /// The Rust field name, when the automatic one is wrong.
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    /// The spelling the official SDKs use on the wire, when it differs from the page's
    /// (`DiskId` for the page's `UDiskId`): the generated client sends and reads it, the
    /// fake server accepts both.
    #[serde(default)]
    pub sdk_name: Option<Spanned<String>>,
    /// Whether the value is a secret (a password, a private key, a token), which the
    /// generated types leave out of their `Debug` output. Unset, it follows the name
    /// (`Password`, `AccessKeySecret`, `SecurityToken`, …; `ir::is_secret_name`).
    #[serde(default)]
    pub sensitive: Option<Spanned<bool>>,
    /// Why this entry differs from the reference page (a field the page lacks, a type
    /// it gets wrong). `cargo codegen import` keeps a corrected entry as it is, and the
    /// coverage report lists it.
    #[serde(default)]
    pub corrected: Option<Spanned<String>>,
}

/// Which request and response fields drive Offset/Limit pagination.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The request field holding the offset of the first item.
    pub offset: Spanned<String>,
    /// The request field holding the page size.
    pub limit: Spanned<String>,
    /// The response field holding the total number of items.
    pub total: Spanned<String>,
    /// The response field holding the page's items.
    pub items: Spanned<String>,
}

/// The examples of a reference page.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The request example, as the page shows it (a URL with a query string).
    #[serde(default)]
    pub request: Option<String>,
    /// The response example: a JSON document.
    #[serde(default)]
    pub response: Option<Spanned<String>>,
}

/// A structured type used by several actions.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// What the model represents.
    #[serde(default)]
    pub description: Option<String>,
    /// The Rust type name, when the automatic one is wrong.
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    /// Fields by wire name.
    pub fields: Entries<Field>,
}

/// An open enumeration: documented values are named, others are still accepted.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// What the enumeration is.
    #[serde(default)]
    pub description: Option<String>,
    /// The Rust type name, when the automatic one is wrong.
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    /// Documented values, each with its description.
    pub values: Entries<Option<String>>,
}

/// A literal value in a `default` or `example`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Scalar {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Anything quoted or otherwise textual.
    String(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(value) => write!(f, "{value}"),
            Scalar::Int(value) => write!(f, "{value}"),
            Scalar::Float(value) => write!(f, "{value}"),
            Scalar::String(value) => write!(f, "{value:?}"),
        }
    }
}

/// A YAML mapping kept as an ordered list of entries, duplicates included, so the
/// validator can report a repeated name at its second spelling rather than the
/// parser silently keeping one of them.
#[derive(Debug, Clone)]
pub struct Entries<T>(pub Vec<Entry<T>>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T> Entries<T> {
    /// The entries in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Entry<T>> {
        self.0.iter()
    }

    /// The first entry with this name.
    pub fn get(&self, name: &str) -> Option<&Entry<T>> {
        self.0.iter().find(|entry| entry.name.value == name)
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One `name: value` pair of an [`Entries`] mapping.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    /// The key, with its location.
    pub name: Spanned<String>,
    /// The value.
    pub value: T,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a mapping of names to entries")
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(name) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<T>()?;
                    entries.push(Entry { name, value });
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// The JSON Schema of the spec format comes from these same types: a [`Spanned`] value
/// is described as its value, [`Entries`] as an object of them.
#[cfg(feature = "schema")]
mod json_schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use super::{Entries, Spanned};

    impl<T: JsonSchema> JsonSchema for Spanned<T> {
        fn inline_schema() -> bool {
            T::inline_schema()
        }

        fn schema_name() -> Cow<'static, str> {
            T::schema_name()
        }

        fn schema_id() -> Cow<'static, str> {
            T::schema_id()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            T::json_schema(generator)
        }
    }

    impl<T: JsonSchema> JsonSchema for Entries<T> {
        fn inline_schema() -> bool {
            true
        }

        fn schema_name() -> Cow<'static, str> {
            format!("Entries_{}", T::schema_name()).into()
        }

        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let entry = generator.subschema_for::<T>();
            json_schema!({
                "type": "object",
                "additionalProperties": entry,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AcceptorState, Matcher};
    use sigcal_protocol::waiter;

    /// The spec's words for outcomes and matchers are spelled once, by
    /// `sigcal_protocol::waiter`; the serde names here must read the same words.
    #[test]
    fn the_spec_reads_the_protocols_spelling_of_outcomes_and_matchers() {
        for outcome in waiter::Outcome::ALL {
            let read: AcceptorState = serde_saphyr::from_str(outcome.as_str()).unwrap();
            assert_eq!(waiter::Outcome::from(read), outcome);
        }
        for matcher in waiter::Matcher::ALL {
            let read: Matcher = serde_saphyr::from_str(matcher.as_str()).unwrap();
            assert_eq!(waiter::Matcher::from(read), matcher);
        }
    }
}
