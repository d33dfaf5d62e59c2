//! The type language of the spec: `string`, `int`, `float`, `bool`, a model or enum
//! name, and `array[T]` of any of these.

use std::fmt;

/// A parsed `type:` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// UTF-8 text.
    String,
    /// A 64-bit signed integer.
    Int,
    /// A 64-bit float.
    Float,
    /// `true` / `false`.
    Bool,
    /// Any JSON value (the reference pages' `object`, such as a price per zone).
    Json,
    /// A model or an enum, by name; resolved by the validator.
    Named(String),
    /// A list, `Key.0`, `Key.1`, … on the wire.
    Array(Box<TypeExpr>),
}

/// The built-in scalar type names, for "expected one of" messages.
pub const SCALAR_NAMES: [&str; 5] = ["string", "int", "float", "bool", "json"];

impl TypeExpr {
    /// Parses a `type:` value; `None` when it is not well-formed (`array[`, `a b`).
    pub fn parse(text: &str) -> Option<TypeExpr> {
        let text = text.trim();
        if let Some(inner) = text
            .strip_prefix("array[")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            return TypeExpr::parse(inner).map(|inner| TypeExpr::Array(Box::new(inner)));
        }
        match text {
            "string" => Some(TypeExpr::String),
            "int" => Some(TypeExpr::Int),
            "float" => Some(TypeExpr::Float),
            "bool" => Some(TypeExpr::Bool),
            "json" => Some(TypeExpr::Json),
            name if is_identifier(name) => Some(TypeExpr::Named(name.to_owned())),
            _ => None,
        }
    }

    /// The innermost type of an array, or the type itself.
    pub fn element(&self) -> &TypeExpr {
        match self {
            TypeExpr::Array(inner) => inner.element(),
            other => other,
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::String => f.write_str("string"),
            TypeExpr::Int => f.write_str("int"),
            TypeExpr::Float => f.write_str("float"),
            TypeExpr::Bool => f.write_str("bool"),
            TypeExpr::Json => f.write_str("json"),
            TypeExpr::Named(name) => f.write_str(name),
            TypeExpr::Array(inner) => write!(f, "array[{inner}]"),
        }
    }
}

pub use sigcal_protocol::names::is_identifier;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_type_language() {
        let cases = [
            ("string", Some(TypeExpr::String)),
            ("int", Some(TypeExpr::Int)),
            ("float", Some(TypeExpr::Float)),
            ("bool", Some(TypeExpr::Bool)),
            (
                "PHostImageSet",
                Some(TypeExpr::Named("PHostImageSet".into())),
            ),
            (
                "array[string]",
                Some(TypeExpr::Array(Box::new(TypeExpr::String))),
            ),
            (
                "array[array[Disk]]",
                Some(TypeExpr::Array(Box::new(TypeExpr::Array(Box::new(
                    TypeExpr::Named("Disk".into()),
                ))))),
            ),
            ("array[", None),
            ("array[]", None),
            ("two words", None),
            ("", None),
            ("9lives", None),
        ];
        for (text, expected) in cases {
            assert_eq!(TypeExpr::parse(text), expected, "{text:?}");
        }
    }

    #[test]
    fn display_round_trips() {
        for text in ["string", "array[array[Disk]]", "array[int]", "Model"] {
            assert_eq!(
                TypeExpr::parse(text).map(|t| t.to_string()).as_deref(),
                Some(text)
            );
        }
    }
}
