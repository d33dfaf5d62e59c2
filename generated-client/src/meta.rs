//! Static descriptions of services and actions, generated alongside the types, for
//! tools that work from metadata rather than types (the command-line tool, the fake
//! server).

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
}

/// A parameter or field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldMeta {
    /// Wire name.
    pub name: &'static str,
    /// The Rust field name without `r#` (`image_id`); the CLI's flag is its kebab-case
    /// form.
    pub rust_name: &'static str,
    /// The spec's type (`string`, `array[PHostImageSet]`).
    pub ty: &'static str,
    /// Whether it must be present.
    pub required: bool,
    /// First line of its description.
    pub description: &'static str,
    /// The reference page's spelling, when the wire name is the official SDK's
    /// (`UDiskId` for `DiskId`); servers accept both.
    pub page_name: Option<&'static str>,
}

/// The element type of a spec type and whether it is a list: `array[string]` ->
/// (`string`, true), `int` -> (`int`, false).
pub fn element_type(ty: &str) -> (&str, bool) {
    match ty
        .strip_prefix("array[")
        .and_then(|inner| inner.strip_suffix(']'))
    {
        Some(inner) => (inner, true),
        None => (ty, false),
    }
}

/// A field, positionally, as the generated tables write it (a short name, so a row fits
/// on one line): wire name, Rust name, spec type, required, description.
pub const fn field(
    name: &'static str,
    rust_name: &'static str,
    ty: &'static str,
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
    }
}

/// An action as the generated tables write it: wire name, Rust method, whether it is
/// safe to retry, its parameters and response fields, and the summary (last, as the
/// longest); no aliases, pagination or response example until the `with_*` methods
/// add them.
pub const fn action(
    name: &'static str,
    method: &'static str,
    retry_safe: bool,
    params: &'static [FieldMeta],
    response: &'static [FieldMeta],
    summary: &'static str,
) -> ActionMeta {
    ActionMeta {
        name,
        aliases: &[],
        method,
        summary,
        retry_safe,
        params,
        response,
        pagination: None,
        response_example: None,
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

    /// The same action, also sent under these names.
    pub const fn with_aliases(self, aliases: &'static [&'static str]) -> ActionMeta {
        ActionMeta { aliases, ..self }
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

    /// Whether `name` is its wire name or the page's spelling of it.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.page_name == Some(name)
    }
}

/// A model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelMeta {
    /// Wire name.
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
    /// Wire name.
    pub name: &'static str,
    /// Documented values.
    pub values: &'static [&'static str],
}
