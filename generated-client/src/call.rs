//! The call type every generated module shares among its actions.
//!
//! An action's builder is `Call<'_, ThatRequest>`: what every builder does (per-call
//! options, giving the request back, sending it, paging through it) is written once here,
//! generic over the request, so `cargo check` type-checks it once per service instead of
//! once per action. The setters are per action: the generator writes them as an inherent
//! `impl Call<'_, ThatRequest>`. Rust only allows inherent impls on a type of the same
//! crate, and generated code may live in another crate than this runtime (the build-script
//! and macro front ends), so each generated module defines its own `Call` through this
//! macro rather than naming one from the runtime.

/// Defines `Call` in the module that invokes it; `__call_type!("UHost")` names the
/// service in every call's options (for its span and the hooks). Used by generated code;
/// not a stable API.
#[macro_export]
#[doc(hidden)]
macro_rules! __call_type {
    ($($service:literal)?) => {
        /// One call of an action of this service: the request being built, the per-call
        /// options, and the client that will send it.
        ///
        /// Each action's service-client method returns `Call<'_, ThatRequest>` (named after
        /// the action, e.g. `DescribePHostImage<'_>`), which has that action's setters.
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct Call<'c, R> {
            client: &'c $crate::Client,
            request: R,
            options: $crate::CallOptions,
        }

        impl<'c, R: $crate::Request> Call<'c, R> {
            /// A call of `request` through `client`, with default options.
            pub fn new(client: &'c $crate::Client, request: R) -> Self {
                Call {
                    client,
                    request,
                    options: $crate::CallOptions::default()$(.service($service))?,
                }
            }

            /// Per-call settings: timeout, attempts, retrying an unsafe action.
            pub fn options(mut self, mut options: $crate::CallOptions) -> Self {
                options.service = options.service.or(self.options.service);
                self.options = options;
                self
            }

            /// The request as built so far.
            pub fn into_request(self) -> R {
                self.request
            }

            /// Signs and sends the request.
            pub async fn send(
                self,
            ) -> ::core::result::Result<$crate::Output<R::Response>, $crate::Error> {
                self.client.send_with(self.request, &self.options).await
            }
        }

        impl<'c, R> Call<'c, R>
        where
            R: $crate::Paginated + ::core::marker::Send + 'c,
            $crate::ItemOf<R>: ::core::marker::Send + 'c,
            R::Response: ::core::marker::Send,
        {
            /// Follows Offset/Limit from this request's offset until the total is reached.
            pub fn pages(
                self,
            ) -> $crate::__private::BoxStream<
                'c,
                ::core::result::Result<$crate::Page<$crate::ItemOf<R>>, $crate::Error>,
            > {
                self.client.pages_with(self.request, self.options)
            }

            /// Every item of every page, fetched page by page as the stream is read.
            pub fn items(
                self,
            ) -> $crate::__private::BoxStream<
                'c,
                ::core::result::Result<$crate::ItemOf<R>, $crate::Error>,
            > {
                self.client.items_with(self.request, self.options)
            }
        }
    };
}

#[cfg(test)]
pub(crate) mod tests {
    use sigcal_protocol::names::{BUILDER_METHODS, PAGING_METHODS};

    /// The generator reserves `BUILDER_METHODS` and `PAGING_METHODS` so that no setter
    /// takes one of their names; a macro cannot read a constant, so this reads the
    /// macro's source: every method it defines is in one of the lists, and each listed
    /// name is defined.
    /// The names of the `pub fn`s (and `pub async fn`s) written in `source`, sorted: the
    /// methods a macro's source defines, for the tests that hold them to a reserved list.
    pub(crate) fn public_fns(source: &str) -> Vec<&str> {
        let mut defined: Vec<&str> = source
            .split("pub ")
            .skip(1)
            .filter_map(|rest| {
                let rest = rest.strip_prefix("async ").unwrap_or(rest);
                let rest = rest.strip_prefix("fn ")?;
                rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
            })
            .collect();
        defined.sort_unstable();
        defined
    }

    #[test]
    fn call_defines_exactly_the_reserved_methods() {
        let source = include_str!("call.rs");
        let body = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
        let defined = public_fns(body);
        let mut reserved: Vec<&str> = BUILDER_METHODS
            .iter()
            .chain(&PAGING_METHODS)
            .copied()
            .collect();
        reserved.sort_unstable();
        assert_eq!(defined, reserved);
    }
}
