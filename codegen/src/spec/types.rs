//! A field's `type:` in a spec: the text as written and, parsed once when the spec is
//! loaded, the [`TypeExpr`] later stages match on. The language itself lives in
//! [`sigcal_protocol::types`], shared with the runtime's metadata.

use std::fmt;

use serde::Deserialize;

pub use sigcal_protocol::names::is_identifier;
pub use sigcal_protocol::types::{Element, Scalar, TypeExpr};

/// A `type:` value: its text, kept for messages and for writing the spec back, and its
/// parse, `None` when the text is not a type (the validator reports it where it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    text: String,
    parsed: Option<TypeExpr>,
}

impl FieldType {
    /// Parses `text`.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = TypeExpr::parse(&text);
        FieldType { text, parsed }
    }

    /// The text as written (`array[PHostImageSet]`).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The expression, when the text is one.
    pub fn parsed(&self) -> Option<&TypeExpr> {
        self.parsed.as_ref()
    }

    /// Renames the model or enum it holds (through any lists) to what `rename` gives;
    /// `None` keeps it.
    pub fn rename(&mut self, rename: impl FnOnce(&str) -> Option<String>) {
        let Some(expr) = &self.parsed else {
            return;
        };
        let Some(to) = expr.named_element().and_then(|name| rename(name)) else {
            return;
        };
        *self = FieldType::from(TypeExpr {
            element: Element::Named(to),
            lists: expr.lists,
        });
    }
}

impl From<TypeExpr> for FieldType {
    fn from(expr: TypeExpr) -> Self {
        FieldType {
            text: expr.to_string(),
            parsed: Some(expr),
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(FieldType::new)
    }
}

/// In the spec format's schema a type is text.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for FieldType {
    fn inline_schema() -> bool {
        String::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_type_keeps_its_text_and_its_parse() {
        let disks = FieldType::new("array[array[Disk]]");
        assert_eq!(disks.text(), "array[array[Disk]]");
        assert_eq!(
            disks
                .parsed()
                .and_then(|t| t.named_element())
                .map(String::as_str),
            Some("Disk")
        );
        let broken = FieldType::new("9lives");
        assert_eq!((broken.text(), broken.parsed()), ("9lives", None));
        assert_eq!(FieldType::from(TypeExpr::scalar(Scalar::Int)).text(), "int");
    }

    #[test]
    fn renaming_keeps_the_lists() {
        let mut disks = FieldType::new("array[Disk]");
        disks.rename(|name| (name == "Disk").then(|| "UDisk".to_owned()));
        assert_eq!(disks.text(), "array[UDisk]");
        disks.rename(|_| None);
        assert_eq!(disks.text(), "array[UDisk]");
        let mut text = FieldType::new("string");
        text.rename(|_| Some("Never".to_owned()));
        assert_eq!(text.text(), "string");
    }
}
