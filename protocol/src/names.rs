//! The naming rules: how a wire name splits into words and reads in snake_case,
//! PascalCase and kebab-case (the official Python SDK's rule), how a field name becomes
//! its wire name, what a wire or type name may be spelt with, and the names sigcal
//! gives an action's types.

/// The crate generated code refers to unless told otherwise.
pub const DEFAULT_RUNTIME_PATH: &str = "::sigcal_client";

/// The open enum variant that keeps a value the spec does not list (`Unknown(String)`);
/// a documented value spelt so gets another variant.
pub const FALLBACK_VARIANT: &str = "Unknown";

/// The methods every service client has besides its actions' (`UPHostClient::new`,
/// `send`), which the generator writes.
pub const SERVICE_CLIENT_METHODS: [&str; 2] = ["new", "send"];

/// The methods of every action's builder besides its setters: those of the runtime's
/// shared `Call` type.
pub const BUILDER_METHODS: [&str; 4] = ["new", "options", "into_request", "send"];

/// The methods the shared `Call` type adds to the builder of a paginated action.
pub const PAGING_METHODS: [&str; 2] = ["pages", "items"];

/// The ending of an action's request type (`DescribePHostImageRequest`).
pub const REQUEST_SUFFIX: &str = "Request";
/// The ending of an action's response type (`DescribePHostImageResponse`).
pub const RESPONSE_SUFFIX: &str = "Response";

/// The request type of the action whose type stem is `stem`.
pub fn request_type(stem: &str) -> String {
    format!("{stem}{REQUEST_SUFFIX}")
}

/// The response type of the action whose type stem is `stem`.
pub fn response_type(stem: &str) -> String {
    format!("{stem}{RESPONSE_SUFFIX}")
}

/// The client type of the service `service` names in PascalCase (`UPHostClient`).
pub fn client_type(service: &str) -> String {
    format!("{service}Client")
}

/// The stem of a request type's name (`DescribePHostImageRequest` -> `DescribePHostImage`),
/// when it has the suffix and the rest is a wire name.
pub fn request_stem(type_name: &str) -> Option<&str> {
    type_name
        .strip_suffix(REQUEST_SUFFIX)
        .filter(|stem| is_identifier(stem))
}

/// Whether `text` is a valid wire or type name: an ASCII letter, then letters, digits
/// or underscores.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

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

/// `describe_phost_image` -> `describe-phost-image`: a Rust name as the command line
/// spells it.
pub fn snake_to_kebab(snake: &str) -> String {
    snake.replace('_', "-")
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

/// The wire name of a field named `field` in Rust when nothing renames it, as serde's
/// `rename_all = "PascalCase"` spells it: each `_`-separated part capitalised, a raw
/// identifier's `r#` dropped (`uhost_id` -> `UhostId`, `r#type` -> `Type`).
pub fn field_wire_name(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
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
    fn pascal_and_kebab_case() {
        for (wire, pascal, kebab) in [
            ("PHostImageSet", "PHostImageSet", "phost-image-set"),
            ("base", "Base", "base"),
            ("image_type", "ImageType", "image-type"),
            ("25G", "25G", "25g"),
        ] {
            assert_eq!(pascal_case(wire), pascal, "{wire}");
            assert_eq!(snake_to_kebab(&snake_case(wire)), kebab, "{wire}");
        }
    }

    #[test]
    fn field_wire_names_match_serde() {
        for (field, wire) in [
            ("image_id", "ImageId"),
            ("uhost_id", "UhostId"),
            ("type", "Type"),
            ("r#type", "Type"),
            ("raid5_supported", "Raid5Supported"),
            ("cpu", "Cpu"),
            ("a__b", "AB"),
        ] {
            assert_eq!(field_wire_name(field), wire);
        }
    }

    #[test]
    fn action_types_are_named_by_their_stem() {
        assert_eq!(
            request_type("DescribePHostImage"),
            "DescribePHostImageRequest"
        );
        assert_eq!(
            response_type("DescribePHostImage"),
            "DescribePHostImageResponse"
        );
        assert_eq!(
            request_stem("DescribePHostImageRequest"),
            Some("DescribePHostImage")
        );
        for not_a_request in ["Request", "DescribePHostImage", "Bad-NameRequest"] {
            assert_eq!(request_stem(not_a_request), None, "{not_a_request}");
        }
    }

    #[test]
    fn identifiers_start_with_a_letter() {
        for (text, valid) in [
            ("UHost", true),
            ("a_1", true),
            ("1a", false),
            ("_a", false),
            ("a-b", false),
            ("", false),
            ("é", false),
        ] {
            assert_eq!(is_identifier(text), valid, "{text}");
        }
    }
}
