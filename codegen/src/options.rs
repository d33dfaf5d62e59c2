//! The one options type every front end shares.

use proc_macro2::TokenStream;

/// How code is generated. Built with [`Options::default`] and the builder methods.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    runtime_path: String,
    metadata_feature: Option<String>,
    serialize_feature: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime_path: sigcal_protocol::names::DEFAULT_RUNTIME_PATH.to_owned(),
            metadata_feature: None,
            serialize_feature: None,
        }
    }
}

impl Options {
    /// The options `sigcal-client`'s checked-in code is generated with: the metadata
    /// table behind the crate's `metadata` feature.
    pub fn client() -> Options {
        Options::default()
            .metadata_feature("metadata")
            .serialize_feature("serialize")
    }

    /// The path generated code uses to reach the runtime crate (default
    /// `::sigcal_client`); set it when the runtime is re-exported under another name.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// Compiles the metadata table (`SERVICE`, for the fake server and the command-line
    /// tool) only with this cargo feature of the crate the code lands in (default: always
    /// compiled). `sigcal-client` uses `metadata`, so applications that only call the API
    /// do not compile descriptions and examples.
    pub fn metadata_feature(mut self, feature: impl Into<String>) -> Self {
        self.metadata_feature = Some(feature.into());
        self
    }

    /// Derives `Serialize` on response types and models only with this cargo feature of
    /// the crate the code lands in (default: never). Responses are decoded, not encoded,
    /// so the derive is compile time most users do not need; `sigcal-client` offers it as
    /// its `serialize` feature, for applications that store or forward answers.
    pub fn serialize_feature(mut self, feature: impl Into<String>) -> Self {
        self.serialize_feature = Some(feature.into());
        self
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
        // Invariant: a path that does not parse falls back to the default, which does.
        self.runtime_path
            .parse()
            .unwrap_or_else(|_| Options::default().runtime_path_tokens())
    }
}
