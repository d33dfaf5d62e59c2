//! The naming rules: how a wire name splits into words and reads in snake_case,
//! PascalCase and kebab-case (as a person writes it: `UK8S` stays `uk8s`, `EIPIDs` reads
//! `eip_ids`), a service's module name, how a field name becomes
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

/// The methods of every waiter's `Wait` builder besides the setters of inputs the
/// configuration fills (the runtime's `__wait_type!`).
pub const WAITER_METHODS: [&str; 6] = [
    "new",
    "request",
    "max_wait",
    "delays",
    "call_options",
    "wait",
];

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

/// Words spelt in mixed case that are one word wherever they appear (`VPCIPv6`: `VPC`,
/// `IPv6`; `UDDoS`: `UDDoS`).
const MIXED_CASE_WORDS: [&str; 3] = ["IPv4", "IPv6", "DDoS"];

/// Splits a wire name into the words a person reads in it, which snake_case, PascalCase
/// and kebab-case join:
///
/// - at underscores, hyphens and dots, and where a lower-case letter meets a capital
///   (`ImageId`: `Image`, `Id`);
/// - an acronym ends before its last capital when a lower-case word follows (`IPSet`:
///   `IP`, `Set`), and a lone capital joins the word after it (`PHost`, `UHost`);
/// - digits, and lower-case letters right after them, stay with the word before them
///   (`Raid5`, `Ipv6`, `LoadAvg15m`); an acronym with digits keeps the capital after
///   them (`UK8SCluster`: `UK8S`, `Cluster`; `25G`), while a capital after a word's digits
///   starts the next word (`Raid5Supported`);
/// - an acronym keeps a plural `s` (`NLBs`, `PolicyURNs`), and `IDs` ending a longer
///   acronym is a word of its own (`EIPIDs`: `EIP`, `IDs`);
/// - [`MIXED_CASE_WORDS`] are one word each.
fn words(wire: &str) -> Vec<String> {
    let atoms = atoms(wire);
    let mut words: Vec<String> = Vec::new();
    // Lone capitals waiting to join the next word (`P` of `PHost`).
    let mut pending = String::new();
    // Whether the last word ends with digits (and what it is, for the acronym rule).
    let mut after_digits = false;
    let mut index = 0;
    while let Some(atom) = atoms.get(index) {
        let joined = |offset: usize| atoms.get(index + offset).filter(|a| !a.separated);
        if atom.separated && !pending.is_empty() {
            words.push(std::mem::take(&mut pending));
        }
        let glued = !atom.separated && pending.is_empty() && after_digits;
        let mut was_digits = false;
        match atom.kind {
            Kind::MixedCase => words.push(std::mem::take(&mut pending) + &atom.text),
            Kind::Digit | Kind::Lower
                if glued
                    || (atom.kind == Kind::Digit
                        && !atom.separated
                        && pending.is_empty()
                        && !words.is_empty()) =>
            {
                if let Some(last) = words.last_mut() {
                    last.push_str(&atom.text);
                }
                was_digits = atom.kind == Kind::Digit || after_digits;
            }
            Kind::Digit => {
                words.push(std::mem::take(&mut pending) + &atom.text);
                was_digits = true;
            }
            Kind::Lower => words.push(std::mem::take(&mut pending) + &atom.text),
            Kind::Upper => {
                let mut upper = atom.text.as_str();
                // `UK8S`: an acronym with digits keeps the one capital after them.
                let lower_follows = joined(1).is_some_and(|a| a.kind == Kind::Lower);
                let acronym = glued
                    && (upper.len() > 1 || !lower_follows)
                    && words.last().is_some_and(|w| {
                        w.chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    });
                if acronym && let Some(last) = words.last_mut() {
                    let (first, rest) = upper.split_at(1);
                    last.push_str(first);
                    upper = rest;
                }
                let lower = joined(1).filter(|a| a.kind == Kind::Lower);
                match lower {
                    _ if upper.is_empty() => {}
                    // A plural acronym: `NLBs`, `EIPIDs`.
                    Some(s)
                        if s.text == "s"
                            && upper.len() > 1
                            && joined(2).is_none_or(|a| a.kind != Kind::Lower) =>
                    {
                        match upper.strip_suffix("ID").filter(|head| !head.is_empty()) {
                            Some(head) => {
                                words.push(std::mem::take(&mut pending) + head);
                                words.push("IDs".to_owned());
                            }
                            None => words.push(std::mem::take(&mut pending) + upper + "s"),
                        }
                        index += 1;
                    }
                    // `IPSet`: the last capital starts the lower-case word.
                    Some(lower) => {
                        let (head, last) = upper.split_at(upper.len() - 1);
                        if head.len() == 1 {
                            pending.push_str(head);
                        } else if !head.is_empty() {
                            words.push(std::mem::take(&mut pending) + head);
                        }
                        words.push(std::mem::take(&mut pending) + last + &lower.text);
                        index += 1;
                    }
                    // `U` before `DDoS`: a lone capital joins the word after it.
                    None if upper.len() == 1
                        && joined(1).is_some_and(|a| a.kind == Kind::MixedCase) =>
                    {
                        pending.push_str(upper);
                    }
                    None => words.push(std::mem::take(&mut pending) + upper),
                }
            }
        }
        after_digits = was_digits;
        index += 1;
    }
    if !pending.is_empty() {
        words.push(pending);
    }
    words
}

/// What a run of a wire name's characters is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Upper,
    Lower,
    Digit,
    /// One of [`MIXED_CASE_WORDS`].
    MixedCase,
}

/// A run of one kind of character.
#[derive(Debug)]
struct Atom {
    kind: Kind,
    text: String,
    /// Whether a separator (`_`, `-`, `.`) comes right before it.
    separated: bool,
}

/// `VPCIPv6_x` -> `VPC`, `IPv6`, `x` (separated).
fn atoms(wire: &str) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    let mut separated = false;
    let mut rest = wire;
    while let Some(c) = rest.chars().next() {
        let mixed = MIXED_CASE_WORDS.iter().find_map(|word| {
            rest.strip_prefix(*word)
                .filter(|after| !after.starts_with(|c: char| c.is_ascii_lowercase()))
                .map(|after| (*word, after))
        });
        if let Some((word, after)) = mixed {
            atoms.push(Atom {
                kind: Kind::MixedCase,
                text: word.to_owned(),
                separated,
            });
            separated = false;
            rest = after;
            continue;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        let kind = if c.is_ascii_uppercase() {
            Kind::Upper
        } else if c.is_ascii_digit() {
            Kind::Digit
        } else if c.is_alphanumeric() {
            Kind::Lower
        } else {
            separated = true;
            continue;
        };
        match atoms.last_mut() {
            Some(last) if last.kind == kind && kind != Kind::MixedCase && !separated => {
                last.text.push(c);
            }
            _ => atoms.push(Atom {
                kind,
                text: c.to_string(),
                separated,
            }),
        }
        separated = false;
    }
    atoms
}

/// `DescribePHostImage` -> `describe_phost_image`, unescaped.
pub fn snake_case(wire: &str) -> String {
    words(wire)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// The Rust module of the service `service` (its wire name) when its spec names none:
/// its words lower-cased and run together (`UPHost` -> `uphost`, `IPv6GW` -> `ipv6gw`,
/// `UDDoSUClean` -> `uddosuclean`), as the API's own paths spell services.
pub fn module_name(service: &str) -> String {
    words(service).concat().to_ascii_lowercase()
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
    fn snake_case_reads_as_a_person_writes_it() {
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
            ("UHostIDs", "uhost_ids"),
            ("EIP", "eip"),
            ("IPSet", "ip_set"),
            ("CPU", "cpu"),
            ("OsName", "os_name"),
            ("IsBoot", "is_boot"),
            ("Type", "type"),
            ("X", "x"),
            ("snake_already", "snake_already"),
            // Acronyms with digits stay whole; digits stay with their word.
            ("DescribeUK8SCluster", "describe_uk8s_cluster"),
            ("AddUK8SPHostNode", "add_uk8s_phost_node"),
            ("AddUK8SUHostNode", "add_uk8s_uhost_node"),
            ("GetUK8SCNINodeInfo", "get_uk8s_cni_node_info"),
            ("CreateUK8SULSConfig", "create_uk8s_uls_config"),
            ("UK8SClusterRunning", "uk8s_cluster_running"),
            ("K8SNodeCondition", "k8s_node_condition"),
            ("K8sVersion", "k8s_version"),
            ("CreateUGA3Instance", "create_uga3_instance"),
            ("UGAL4Forwarder", "ugal4_forwarder"),
            ("HTTP2Enabled", "http2_enabled"),
            ("ProxyP99Latency", "proxy_p99_latency"),
            ("Raid5Supported", "raid5_supported"),
            ("LoadAvg15m", "load_avg15m"),
            (
                "ReturnToSource4xxStatusCode",
                "return_to_source4xx_status_code",
            ),
            ("UHybridV3", "uhybrid_v3"),
            ("ClusterV2Info", "cluster_v2_info"),
            ("25G", "25g"),
            // IPv6 is one word, however it is written.
            ("AddVPCIPv6", "add_vpc_ipv6"),
            ("VPCIPv6Network", "vpc_ipv6_network"),
            ("IPv6GW", "ipv6_gw"),
            (
                "AllocateIpv6InternetBandwidth",
                "allocate_ipv6_internet_bandwidth",
            ),
            ("IPV6Access", "ipv6_access"),
            ("UDDoSUClean", "uddos_uclean"),
            // A plural acronym keeps its `s`; `IDs` after an acronym is its own word.
            ("EIPIDs", "eip_ids"),
            ("VPCIDs", "vpc_ids"),
            ("NATGWIDs", "natgw_ids"),
            ("NLBs", "nlbs"),
            ("NICs", "nics"),
            ("PolicyURNs", "policy_urns"),
            ("PricingSKUs", "pricing_skus"),
            ("UPhoneGPSs", "uphone_gpss"),
            // A capital alone at the end is a word of its own.
            ("TopN", "top_n"),
            ("RegionA", "region_a"),
        ];
        for (wire, expected) in cases {
            assert_eq!(snake_case(wire), expected, "{wire}");
        }
    }

    #[test]
    fn module_names_run_the_words_together() {
        for (service, module) in [
            ("UPHost", "uphost"),
            ("IPv6GW", "ipv6gw"),
            ("UK8S", "uk8s"),
            ("UDDoSUClean", "uddosuclean"),
            ("VPC2", "vpc2"),
            ("UAI_Modelverse", "uaimodelverse"),
        ] {
            assert_eq!(module_name(service), module, "{service}");
        }
    }

    #[test]
    fn words_keep_every_letter_and_digit() {
        for wire in [
            "UDDoSUClean",
            "a_b-c.d",
            "AIPv6b",
            "IDs",
            "s",
            "Ds",
            "1a2B3",
            "UK8SPHost",
            "é_É",
        ] {
            let kept: String = wire.chars().filter(|c| c.is_alphanumeric()).collect();
            assert_eq!(words(wire).concat(), kept, "{wire}");
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
