//! Support for the generated crates' blocking clients: a private single-threaded tokio runtime
//! that each call runs on, and iterators over paginated operations.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::client::ConfigError;
use crate::error::{Failure, SdkError};
use crate::operation::{Items, Paginated, Paginator};
use crate::task::TaskWaitError;
use crate::waiter::{WaiterError, WaiterOutcome};

/// A current-thread tokio runtime owned by a blocking client (shared by its clones).
#[derive(Clone)]
pub struct BlockingRuntime {
    runtime: Arc<OwnedRuntime>,
}

/// Shuts the runtime down without blocking when dropped: tokio's own drop blocks, and panics
/// when the last clone of a blocking client is dropped inside an async context.
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl fmt::Debug for BlockingRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlockingRuntime")
    }
}

impl BlockingRuntime {
    /// A new runtime (I/O and timers enabled).
    pub fn new() -> Result<Self, ConfigError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                ConfigError::new(format!("cannot start the blocking client's runtime: {e}"))
            })?;
        Ok(BlockingRuntime {
            runtime: Arc::new(OwnedRuntime(Some(runtime))),
        })
    }

    /// Runs one call to completion on this thread. Inside an async runtime, where blocking
    /// would stall (or panic), it refuses with [`SdkError::Configuration`] instead.
    pub fn run<T, E>(
        &self,
        operation: &'static str,
        call: impl Future<Output = Result<T, SdkError<E>>>,
    ) -> Result<T, SdkError<E>> {
        let refuse = |why: &str| Err(SdkError::Configuration(Failure::new(operation, why)));
        if tokio::runtime::Handle::try_current().is_ok() {
            return refuse(
                "a blocking client was called from inside an async runtime; use the async \
                 `Client` there",
            );
        }
        match &self.runtime.0 {
            Some(runtime) => runtime.block_on(call),
            // Only `drop` takes the runtime, so a live client always has it.
            None => refuse("the blocking client's runtime has shut down"),
        }
    }

    /// Runs a task wait (see [`crate::task`]) to completion on this thread, refusing as
    /// [`run`](Self::run) does.
    pub fn run_task_wait<T, E>(
        &self,
        operation: &'static str,
        wait: impl Future<Output = Result<T, TaskWaitError<E>>>,
    ) -> Result<T, TaskWaitError<E>> {
        self.run(operation, async { Ok(wait.await) })?
    }

    /// Runs a waiter (see [`crate::waiter`]) to completion on this thread; refusing as
    /// [`run`](Self::run) does is [`WaiterError::Sdk`].
    pub fn run_waiter<O, E>(
        &self,
        operation: &'static str,
        wait: impl Future<Output = Result<WaiterOutcome<O, E>, WaiterError<E>>>,
    ) -> Result<WaiterOutcome<O, E>, WaiterError<E>> {
        self.run(operation, async { Ok(wait.await) })
            .map_err(WaiterError::Sdk)?
    }
}

/// The pages of a paginated operation as an [`Iterator`]; see [`Paginator`].
#[derive(Debug)]
pub struct BlockingPaginator<O: Paginated> {
    runtime: BlockingRuntime,
    pages: Paginator<O>,
    done: bool,
}

impl<O: Paginated> BlockingPaginator<O> {
    /// Iterates `pages` on `runtime`.
    pub fn new(runtime: BlockingRuntime, pages: Paginator<O>) -> Self {
        BlockingPaginator {
            runtime,
            pages,
            done: false,
        }
    }

    /// The items of every page, in order.
    pub fn items(self) -> BlockingItems<O> {
        BlockingItems {
            runtime: self.runtime,
            items: self.pages.items(),
            done: self.done,
        }
    }

    /// Fetches every page and returns all items, or the first error.
    pub fn collect_items(self) -> Result<Vec<O::Item>, SdkError<O::Error>> {
        self.items().collect()
    }
}

impl<O: Paginated> Iterator for BlockingPaginator<O> {
    type Item = Result<O::Output, SdkError<O::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let pages = &mut self.pages;
        let next = self
            .runtime
            .run(O::SPEC.name, async { pages.next_page().await.transpose() })
            .transpose();
        // Nothing follows an error (not even a refusal to block), as with the async paginator.
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// The items of a [`BlockingPaginator`]'s pages, one at a time.
#[derive(Debug)]
pub struct BlockingItems<O: Paginated> {
    runtime: BlockingRuntime,
    items: Items<O>,
    done: bool,
}

impl<O: Paginated> Iterator for BlockingItems<O> {
    type Item = Result<O::Item, SdkError<O::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let items = &mut self.items;
        let next = self
            .runtime
            .run(O::SPEC.name, async { items.next_item().await.transpose() })
            .transpose();
        // Nothing follows an error (not even a refusal to block), as with the async paginator.
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}
