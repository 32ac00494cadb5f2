//! What generated code tells the runtime about each operation's input, so one generic
//! [`ServiceClient::send`](crate::client::ServiceClient::send) and one generic [`Paginator`]
//! serve every operation: the generated crate only implements these traits.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::client::{OperationSpec, ServiceClient};
use crate::codec::{WireDeserialize, WireSerialize};
use crate::error::{Failure, OperationError, SdkError};

/// An operation's input type: sending it calls the operation.
pub trait Operation: WireSerialize + Send + Sync + Sized + 'static {
    /// The operation's output.
    type Output: WireDeserialize + Send + 'static;
    /// The operation's error enum.
    type Error: OperationError;
    /// Name and protocol details of the operation.
    const SPEC: OperationSpec;

    /// Gives every empty `@idempotencyToken` member a fresh token. Called once per call, before
    /// the first attempt, so retries send the same token.
    fn fill_idempotency_tokens(&mut self) {}

    /// The values of the `@hostLabel` members, `(label, value)`, for an operation whose
    /// [`OperationSpec::host_prefix`] has labels.
    fn host_labels(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// Adds the input's violations of the model's constraints to `violations` (generated for
    /// inputs that have constraints). Called before sending when the configuration asks for
    /// validation ([`ConfigBuilder::validate_inputs`](crate::ConfigBuilder::validate_inputs)).
    #[cfg(feature = "validation")]
    fn validate(&self, violations: &mut crate::validation::Violations) {
        let _ = violations;
    }
}

/// An operation with `@paginated`: its input takes the token its output returns.
pub trait Paginated: Operation + Clone {
    /// The token type (a string for most services; DynamoDB's `Query` uses a key map).
    type Token: PartialEq + Clone + Send + Sync + fmt::Debug + 'static;
    /// One item of a page (for operations whose `@paginated` names `items`; otherwise `()`).
    type Item: Send + 'static;

    /// Sets the input's token member.
    fn set_token(&mut self, token: Option<Self::Token>);
    /// The input's token member.
    fn token(&self) -> Option<&Self::Token>;
    /// The output's token for the next page: `None` when absent or empty, which ends the
    /// pagination.
    fn next_token(output: &Self::Output) -> Option<&Self::Token>;
    /// Takes the page's items out of the output.
    fn take_items(output: &mut Self::Output) -> Vec<Self::Item>;
}

type PageFuture<O> = Pin<
    Box<
        dyn Future<Output = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>>
            + Send,
    >,
>;

/// Pages of a paginated operation, fetched one request at a time as they are asked for.
///
/// Each page's request is the first input with the previous page's token. Pagination ends after
/// the page without a token (or with an empty one), after the first error, or with an error when
/// the service returns the token it was just sent (which would loop forever). The page size
/// member of the input (for example `MaxResults`) is sent with every request.
///
/// Use [`next_page`](Self::next_page) in a loop, or the [`Stream`] implementation with any
/// stream combinator library; [`items`](Self::items) flattens the pages into their items.
#[must_use = "a paginator does nothing until its pages are asked for"]
pub struct Paginator<O: Paginated> {
    client: ServiceClient,
    /// The input for the next request; `None` once pagination has ended.
    next: Option<O>,
    in_flight: Option<(PageFuture<O>, Option<O::Token>)>,
    /// An error to yield before anything else (an input that could not be built).
    pending_error: Option<SdkError<O::Error>>,
}

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &O::SPEC.name)
            .field("done", &self.next.is_none())
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Paginator<O> {
    /// Pages starting from `input` (its token, if set, is where the first page starts).
    pub fn new(client: ServiceClient, input: O) -> Self {
        Paginator {
            client,
            next: Some(input),
            in_flight: None,
            pending_error: None,
        }
    }

    /// A paginator whose only item is `error` (for an input that could not be built).
    pub fn failed(client: ServiceClient, error: SdkError<O::Error>) -> Self {
        Paginator {
            client,
            next: None,
            in_flight: None,
            pending_error: Some(error),
        }
    }

    /// The next page; `None` after the last page or after an error.
    pub async fn next_page(&mut self) -> Option<Result<O::Output, SdkError<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<O> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }

    /// Fetches every page and returns all items, or the first error.
    pub async fn collect_items(self) -> Result<Vec<O::Item>, SdkError<O::Error>> {
        let mut pages = self;
        let mut all = Vec::new();
        while let Some(page) = pages.next_page().await {
            let mut page = page?;
            all.extend(O::take_items(&mut page));
        }
        Ok(all)
    }
}

impl<O: Paginated> Unpin for Paginator<O> {}

impl<O: Paginated> Stream for Paginator<O> {
    type Item = Result<O::Output, SdkError<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(error) = this.pending_error.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if this.in_flight.is_none() {
            let Some(input) = this.next.take() else {
                return Poll::Ready(None);
            };
            let sent_token = input.token().cloned();
            // Keep the input for the next page; the request owns a copy.
            this.next = Some(input.clone());
            let client = this.client.clone();
            this.in_flight = Some((
                Box::pin(async move { client.send(input).await }),
                sent_token,
            ));
        }
        let Some((future, _)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        let sent_token = this.in_flight.take().and_then(|(_, token)| token);
        let output = match result {
            Ok(output) => output,
            Err(error) => {
                this.next = None;
                return Poll::Ready(Some(Err(error)));
            }
        };
        match O::next_token(&output).cloned() {
            None => this.next = None,
            Some(token) if Some(&token) == sent_token.as_ref() => {
                this.next = None;
                return Poll::Ready(Some(Err(SdkError::Deserialization(Failure::new(
                    O::SPEC.name,
                    format!(
                        "the service returned the pagination token it was sent ({token:?}); \
                         stopping instead of requesting the same page again"
                    ),
                )))));
            }
            Some(token) => {
                if let Some(next) = this.next.as_mut() {
                    next.set_token(Some(token));
                }
            }
        }
        Poll::Ready(Some(Ok(output)))
    }
}

/// The items of a [`Paginator`]'s pages, one at a time.
#[must_use = "an item stream does nothing until its items are asked for"]
pub struct Items<O: Paginated> {
    pages: Paginator<O>,
    buffered: VecDeque<O::Item>,
}

impl<O: Paginated> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<O: Paginated> Items<O> {
    /// The next item; `None` after the last one or after an error.
    pub async fn next_item(&mut self) -> Option<Result<O::Item, SdkError<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O: Paginated> Unpin for Items<O> {}

impl<O: Paginated> Stream for Items<O> {
    type Item = Result<O::Item, SdkError<O::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(mut page))) => {
                    this.buffered.extend(O::take_items(&mut page));
                }
            }
        }
    }
}

/// A builder's `build` (or `send`) found a required member unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The input type being built.
    pub input: &'static str,
    /// The member, as named in the model.
    pub member: &'static str,
}

impl BuildError {
    /// `member` of `input` is required but was not set.
    pub fn missing(input: &'static str, member: &'static str) -> Self {
        BuildError { input, member }
    }

    /// The error a `send` reports: a [`SdkError::Serialization`] naming the operation, with this
    /// error as its source. Nothing was sent.
    pub fn into_sdk_error<E>(self, operation: &'static str) -> SdkError<E> {
        SdkError::Serialization(
            Failure::new(
                operation,
                format!("required member `{}` is not set", self.member),
            )
            .with_source(self),
        )
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: required member `{}` is not set",
            self.input, self.member
        )
    }
}

impl std::error::Error for BuildError {}
