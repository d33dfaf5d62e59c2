//! The one options type every front end shares.

use proc_macro2::TokenStream;

/// How code is generated. Built with [`Options::default`] and the builder methods.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    runtime_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime_path: "::sigcal_client".to_owned(),
        }
    }
}

impl Options {
    /// The path generated code uses to reach the runtime crate (default
    /// `::sigcal_client`); set it when the runtime is re-exported under another name.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    pub(crate) fn runtime_path_tokens(&self) -> TokenStream {
        // Invariant: a path that does not parse falls back to the default, which does.
        self.runtime_path
            .parse()
            .unwrap_or_else(|_| Options::default().runtime_path_tokens())
    }
}
