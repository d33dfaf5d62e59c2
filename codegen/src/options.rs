//! The one options type every front end shares: the library, the build-script entry,
//! `generate!` (`runtime_path = "…"`, …) and `cargo codegen generate` (`--runtime-path`,
//! …). Each setter checks its value, so generated code never holds a path or a feature
//! name that would not compile.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// How code is generated. Built with [`Options::default`] or [`Options::client`] and the
/// builder methods.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// A path [`Options::runtime_path`] checked, as it prints (`::vendor::sigcal`).
    runtime_path: String,
    metadata_feature: Option<String>,
    serialize_feature: Option<String>,
    /// The crate whose modules the services are, for the examples in the docs.
    doc_examples: Option<String>,
}

/// A value an [`Options`] setter refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    /// The option, as the library names it (`runtime_path`).
    pub option: &'static str,
    /// The value given.
    pub value: String,
    /// Why it cannot be used.
    pub reason: String,
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`: {}", self.option, self.value, self.reason)
    }
}

impl std::error::Error for OptionError {}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime_path: sigcal_protocol::names::DEFAULT_RUNTIME_PATH.to_owned(),
            metadata_feature: None,
            serialize_feature: None,
            doc_examples: None,
        }
    }
}

/// The names the client's own cargo features have for the optional parts.
const CLIENT_METADATA_FEATURE: &str = "metadata";
const CLIENT_SERIALIZE_FEATURE: &str = "serialize";
/// The crate `sigcal-client` is used as, whose modules the services are.
const CLIENT_CRATE: &str = "sigcal_client";

impl Options {
    /// The options `sigcal-client`'s checked-in code is generated with: the metadata
    /// table behind the crate's `metadata` feature, `Serialize` behind `serialize`.
    pub fn client() -> Options {
        Options {
            metadata_feature: Some(CLIENT_METADATA_FEATURE.to_owned()),
            serialize_feature: Some(CLIENT_SERIALIZE_FEATURE.to_owned()),
            doc_examples: Some(CLIENT_CRATE.to_owned()),
            ..Options::default()
        }
    }

    /// The path generated code uses to reach the runtime crate (default
    /// `::sigcal_client`); set it when the runtime is re-exported under another name.
    /// It must be a Rust path without generic arguments (`::vendor::sigcal`,
    /// `crate::rt`).
    pub fn runtime_path(mut self, path: &str) -> Result<Self, OptionError> {
        let refuse = |reason: &str| OptionError {
            option: "runtime_path",
            value: path.to_owned(),
            reason: reason.to_owned(),
        };
        let parsed: syn::Path =
            syn::parse_str(path).map_err(|e| refuse(&format!("not a Rust path ({e})")))?;
        if parsed
            .segments
            .iter()
            .any(|segment| !segment.arguments.is_none())
        {
            return Err(refuse("a runtime path takes no generic arguments"));
        }
        self.runtime_path = parsed.to_token_stream().to_string().replace(' ', "");
        Ok(self)
    }

    /// Compiles the metadata table (`SERVICE`, for the fake server and the command-line
    /// tool) only with this cargo feature of the crate the code lands in (default: always
    /// compiled). `sigcal-client` uses `metadata`, so applications that only call the API
    /// do not compile descriptions and examples.
    pub fn metadata_feature(mut self, feature: &str) -> Result<Self, OptionError> {
        self.metadata_feature = Some(feature_name("metadata_feature", feature)?);
        Ok(self)
    }

    /// Derives `Serialize` on response types and models only with this cargo feature of
    /// the crate the code lands in (default: never). Responses are decoded, not encoded,
    /// so the derive is compile time most users do not need; `sigcal-client` offers it as
    /// its `serialize` feature, for applications that store or forward answers.
    pub fn serialize_feature(mut self, feature: &str) -> Result<Self, OptionError> {
        self.serialize_feature = Some(feature_name("serialize_feature", feature)?);
        Ok(self)
    }

    /// Sets an option by the name the front ends use (`runtime_path`,
    /// `metadata_feature`, `serialize_feature`, `doc_examples`), as `generate!` and the command line
    /// spell them.
    pub fn set(self, option: &str, value: &str) -> Result<Self, OptionError> {
        match option {
            "runtime_path" => self.runtime_path(value),
            "metadata_feature" => self.metadata_feature(value),
            "serialize_feature" => self.serialize_feature(value),
            "doc_examples" => self.doc_examples(value),
            _ => Err(OptionError {
                option: "option",
                value: option.to_owned(),
                reason: format!("unknown; expected one of {}", Options::NAMES.join(", ")),
            }),
        }
    }

    /// The options [`Options::set`] knows.
    pub const NAMES: [&'static str; 4] = [
        "runtime_path",
        "metadata_feature",
        "serialize_feature",
        "doc_examples",
    ];

    /// Writes an `# Example` into each action's docs (rustdoc only: nothing for a
    /// build), reaching the services as modules of `krate` (`sigcal_client` for
    /// `sigcal_client::uhost`); its doc tests then compile each call. Off by default,
    /// since where a build script's or `generate!`'s output lives is the caller's.
    pub fn doc_examples(mut self, krate: &str) -> Result<Self, OptionError> {
        let path = krate.trim_start_matches("::");
        if !path.split("::").all(sigcal_protocol::names::is_identifier) {
            return Err(OptionError {
                option: "doc_examples",
                value: krate.to_owned(),
                reason: "not a crate or module path (`sigcal_client`, `my_crate::api`)".to_owned(),
            });
        }
        self.doc_examples = Some(path.to_owned());
        Ok(self)
    }

    pub(crate) fn doc_examples_crate(&self) -> Option<&str> {
        self.doc_examples.as_deref()
    }

    pub(crate) fn serialize_feature_name(&self) -> Option<&str> {
        self.serialize_feature.as_deref()
    }

    pub(crate) fn metadata_feature_name(&self) -> Option<&str> {
        self.metadata_feature.as_deref()
    }

    pub(crate) fn runtime_path_text(&self) -> &str {
        &self.runtime_path
    }

    pub(crate) fn metadata_cfg(&self) -> TokenStream {
        match &self.metadata_feature {
            Some(feature) => quote::quote!(#[cfg(feature = #feature)]),
            None => TokenStream::new(),
        }
    }

    pub(crate) fn runtime_path_tokens(&self) -> TokenStream {
        // Invariant: `runtime_path` holds the default or a path `runtime_path` parsed and
        // printed, so it parses.
        self.runtime_path.parse().expect("a checked runtime path")
    }
}

/// `feature` when cargo would take it as a feature name: ASCII letters, digits, `_`,
/// `-`, `+` and `.`, starting with a letter, a digit or `_`. (Cargo also allows other
/// Unicode identifier characters; the generated `#[cfg]` text is ASCII.)
fn feature_name(option: &'static str, feature: &str) -> Result<String, OptionError> {
    let starts_well = feature
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let rest_well = feature
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'));
    if starts_well && rest_well {
        Ok(feature.to_owned())
    } else {
        Err(OptionError {
            option,
            value: feature.to_owned(),
            reason: "not a cargo feature name (ASCII letters, digits, `_`, `-`, `+`, `.`, \
                     starting with a letter, digit or `_`)"
                .to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_are_checked_and_normalised() {
        let options = Options::default()
            .runtime_path(" :: vendor :: sigcal ")
            .unwrap();
        assert_eq!(options.runtime_path_text(), "::vendor::sigcal");
        assert_eq!(
            Options::default()
                .runtime_path("crate::rt")
                .unwrap()
                .runtime_path_text(),
            "crate::rt"
        );
        for bad in ["", "a b", "::", "vendor::Vec<u8>", "1x", "a::"] {
            let error = Options::default().runtime_path(bad).unwrap_err();
            assert_eq!(error.option, "runtime_path", "{bad}");
            assert!(error.to_string().starts_with("runtime_path `"), "{error}");
        }
    }

    #[test]
    fn feature_names_are_checked() {
        assert!(Options::default().metadata_feature("meta-data_1.x").is_ok());
        for bad in ["", "-x", "a b", "a\"b", "é"] {
            assert!(Options::default().metadata_feature(bad).is_err(), "{bad}");
            assert!(Options::default().serialize_feature(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn set_names_each_option_and_refuses_others() {
        let options = Options::default()
            .set("runtime_path", "::x")
            .and_then(|o| o.set("metadata_feature", "m"))
            .and_then(|o| o.set("serialize_feature", "s"))
            .unwrap();
        assert_eq!(options.runtime_path_text(), "::x");
        assert_eq!(options.metadata_feature_name(), Some("m"));
        assert_eq!(options.serialize_feature_name(), Some("s"));
        let error = Options::default().set("runtime", "::x").unwrap_err();
        assert!(
            error.to_string().contains("expected one of runtime_path"),
            "{error}"
        );
    }
}
