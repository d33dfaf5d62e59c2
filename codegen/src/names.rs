//! Rust names from wire names: the official Python SDK's snake_case, and keywords
//! escaped rather than rejected.

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

/// Splits a wire name into words the way the official SDKs do: at a lower-to-upper
/// change, before the last capital of an acronym (`IPSet` -> `IP`, `Set`), and at
/// underscores; a lone capital joins the word after it (`PHost` stays one word), which
/// is what makes `DescribePHostImage` read `describe_phost_image`.
fn words(wire: &str) -> Vec<String> {
    let chars: Vec<char> = wire.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == '.' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let next = chars.get(index + 1).copied();
        let boundary = match previous {
            Some(p) if c.is_ascii_uppercase() => {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            }
            _ => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut merged: Vec<String> = Vec::with_capacity(words.len());
    let mut pending = String::new();
    for word in words {
        if word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
            pending.push_str(&word);
        } else {
            merged.push(std::mem::take(&mut pending) + &word);
        }
    }
    if !pending.is_empty() {
        // A trailing lone capital belongs to the word before it (`25G`).
        match merged.last_mut() {
            Some(last) => last.push_str(&pending),
            None => merged.push(pending),
        }
    }
    merged
}

/// `DescribePHostImage` -> `describe_phost_image`, unescaped.
pub fn snake_case(wire: &str) -> String {
    words(wire)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `describe-phost-image`, for command-line subcommands and flags.
pub fn kebab_case(wire: &str) -> String {
    snake_case(wire).replace('_', "-")
}

/// `PHostImageSet` stays, `image_type` -> `ImageType`, `base` -> `Base`.
pub fn pascal_case(wire: &str) -> String {
    words(wire)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

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
    if name == "Unknown" {
        return "UnknownValue".to_owned();
    }
    escape(&name)
}

/// What serde's `rename_all = "PascalCase"` and the signer-glue derive make of a field
/// name: each `_`-separated part capitalised (`uhost_id` -> `UhostId`). The derive has
/// its own copy (`macros/src/attrs.rs`, `default_wire_name`), because the light macro
/// crate cannot depend on the generator; the end-to-end tests fail if the two disagree.
pub fn field_pascal_case(field: &str) -> String {
    field
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
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
    fn snake_case_matches_the_python_sdk() {
        let cases = [
            ("DescribePHostImage", "describe_phost_image"),
            ("GetPHostDiskUpgradePrice", "get_phost_disk_upgrade_price"),
            (
                "DescribeBaremetalMachineType",
                "describe_baremetal_machine_type",
            ),
            ("ImageId", "image_id"),
            ("ImageID", "image_id"),
            ("UHostId", "uhost_id"),
            ("EIP", "eip"),
            ("IPSet", "ip_set"),
            ("CPU", "cpu"),
            ("OsName", "os_name"),
            ("Raid5Supported", "raid5_supported"),
            ("Type", "type"),
            ("X", "x"),
            ("snake_already", "snake_already"),
        ];
        for (wire, expected) in cases {
            assert_eq!(snake_case(wire), expected, "{wire}");
        }
    }

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
    fn pascal_and_kebab_case() {
        for (wire, pascal, kebab) in [
            ("PHostImageSet", "PHostImageSet", "phost-image-set"),
            ("base", "Base", "base"),
            ("image_type", "ImageType", "image-type"),
            ("25G", "25G", "25g"),
        ] {
            assert_eq!(pascal_case(wire), pascal, "{wire}");
            assert_eq!(kebab_case(wire), kebab, "{wire}");
        }
    }

    #[test]
    fn field_pascal_case_matches_serde() {
        for (field, pascal) in [
            ("image_id", "ImageId"),
            ("uhost_id", "UhostId"),
            ("type", "Type"),
            ("raid5_supported", "Raid5Supported"),
            ("cpu", "Cpu"),
        ] {
            assert_eq!(field_pascal_case(field), pascal);
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
