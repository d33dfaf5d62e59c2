//! A blocking client (feature `blocking`): the same generated requests, responses and
//! builders, driven by a runtime the client owns, so a synchronous program needs no
//! async runtime of its own.
//!
//! ```no_run
//! use sigcal_client::blocking::BlockingClient;
//! use sigcal_client::uphost::{DescribePHostImageRequest, UPHostClient};
//!
//! # fn main() -> Result<(), sigcal_client::Error> {
//! let blocking = BlockingClient::from_env()?;
//! // The plain-struct form:
//! let images = blocking.send(DescribePHostImageRequest { zone: Some("cn-bj2-05".into()), ..Default::default() })?;
//! // The fluent builders, run to completion:
//! let uphost = UPHostClient::new(blocking.client().clone());
//! let first = blocking.block_on(uphost.describe_phost_image().limit(1).send())??;
//! # let _ = (images, first);
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::sync::Arc;

use futures_util::StreamExt as _;

use crate::{Client, Config, Error, ItemOf, Output, Paginated, Request};

/// A [`Client`] with its own single-threaded runtime.
#[derive(Debug, Clone)]
pub struct BlockingClient {
    client: Client,
    runtime: Arc<OwnedRuntime>,
}

/// The client's runtime. Dropping a runtime inside an async context panics in tokio,
/// so there it is shut down in the background instead.
#[derive(Debug)]
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            runtime.shutdown_background();
        }
    }
}

impl BlockingClient {
    /// A blocking client for `config`.
    pub fn new(config: Config) -> Result<BlockingClient, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| Error::Config {
                message: format!("cannot start the blocking client's runtime: {error}"),
            })?;
        // The HTTP client is built inside the runtime it will run on.
        let client = runtime.block_on(async { Client::new(config) })?;
        Ok(BlockingClient {
            client,
            runtime: Arc::new(OwnedRuntime(Some(runtime))),
        })
    }

    /// A blocking client configured from the environment and the profile files.
    pub fn from_env() -> Result<BlockingClient, Error> {
        BlockingClient::new(Config::from_env()?)
    }

    /// The async client underneath, for building the generated service clients.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs a future of this client (a builder's `send()`, say) to completion. Fails,
    /// instead of panicking, when called from inside an async runtime.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Config {
                message: "the blocking client was called from inside an async runtime; use the async Client there".into(),
            });
        }
        match &self.runtime.0 {
            Some(runtime) => Ok(runtime.block_on(future)),
            // Invariant: the runtime is only taken out in `drop`.
            None => Err(Error::Config {
                message: "the blocking client's runtime is gone".into(),
            }),
        }
    }

    /// Sends a request and waits for its answer.
    pub fn send<R: Request>(&self, request: R) -> Result<Output<R::Response>, Error> {
        self.block_on(self.client.send(request))?
    }

    /// Every item of every page, fetched page by page as the iterator advances.
    pub fn items<'a, R>(&'a self, request: R) -> impl Iterator<Item = Result<ItemOf<R>, Error>> + 'a
    where
        R: Paginated + Send + 'a,
        ItemOf<R>: Send + 'a,
        R::Response: Send,
    {
        let mut stream = self.client.items(request);
        let mut failed = false;
        std::iter::from_fn(move || {
            if failed {
                return None;
            }
            let next = self
                .block_on(stream.next())
                .unwrap_or_else(|error| Some(Err(error)));
            failed = matches!(next, Some(Err(_)));
            next
        })
    }
}
