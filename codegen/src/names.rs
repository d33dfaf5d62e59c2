//! Rust names from wire names: the case rules of `sigcal_protocol::names` (the official
//! Python SDK's snake_case), and keywords escaped rather than rejected.

use sigcal_protocol::names::FALLBACK_VARIANT;
pub use sigcal_protocol::names::{pascal_case, snake_case};

/// Words the Rust 2024 edition reserves; a field or method with one of these names is
/// written as a raw identifier (`r#type`).
const KEYWORDS: [&str; 53] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; these get a trailing underscore instead.
const NOT_RAW: [&str; 4] = ["self", "Self", "super", "crate"];

/// The Rust variant of an enum value: the PascalCase of its ASCII letters and digits
/// (anything else separates words: `10G-SSD` -> `_10GSSD`, `a b` -> `AB`), escaped like
/// any name. A value with no ASCII letter or digit is spelt by its code points
/// (`_` -> `X5F`), so every non-empty value has a variant and the name is stable. A
/// documented value `Unknown` becomes `UnknownValue`: `Unknown(String)` is the variant
/// that keeps values the spec does not list.
pub fn variant(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = pascal_case(&cleaned);
    if name.is_empty() {
        let codes: String = value
            .chars()
            .map(|c| format!("{:X}", u32::from(c)))
            .collect();
        return format!("X{codes}");
    }
    if name == FALLBACK_VARIANT {
        return format!("{FALLBACK_VARIANT}Value");
    }
    escape(&name)
}

/// An identifier as it must be written in Rust source: `r#type`, `self_`.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_enum_value_has_a_variant() {
        for (value, variant) in [
            ("Base", "Base"),
            ("10G-SSD", "_10GSSD"),
            ("a b", "AB"),
            ("r#x", "RX"),
            ("Self", "Self_"),
            ("type", "Type"),
            ("_", "X5F"),
            ("unknown", "UnknownValue"),
            ("中文", "X4E2D6587"),
        ] {
            assert_eq!(super::variant(value), variant, "{value}");
        }
    }

    #[test]
    fn keywords_are_escaped() {
        for (name, escaped) in [
            ("type", "r#type"),
            ("yield", "r#yield"),
            ("self", "self_"),
            ("Self", "Self_"),
            ("ok", "ok"),
            ("25g", "_25g"),
        ] {
            assert_eq!(escape(name), escaped);
        }
    }
}
