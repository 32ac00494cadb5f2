//! The HTTP transport behind a small trait: the default on `hyper` + `rustls` (connection reuse,
//! connect timeout), and [`MockTransport`], which users can put under a client in their own tests
//! (queue canned responses, inspect what was sent).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

use crate::credentials::BoxFuture;
use crate::error::BoxError;
use crate::http::{HttpRequest, HttpResponse};

/// Sends one HTTP request and returns the whole response.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request`. Timeouts per attempt are applied by the caller.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// Why a request got no complete response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: BoxError,
    /// Status of the response, when its head arrived before the failure.
    status: Option<u16>,
}

/// The kinds of transport failure that matter to retries and to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS, TLS).
    Connect,
    /// The connect timeout passed.
    Timeout,
    /// The connection broke while sending or receiving (reset, body cut short).
    Io,
    /// The response was larger than the configured limit.
    TooLarge,
    /// Anything else (a bad URI, for example).
    Other,
}

impl TransportError {
    /// A transport error of `kind` caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        TransportError {
            kind,
            source: source.into(),
            status: None,
        }
    }

    /// The same error, noting the HTTP status of the response whose head had arrived (for a
    /// body that broke off or was too large).
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The HTTP status of the response, if its head arrived before the failure.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "connect timeout",
            TransportErrorKind::Io => "connection failed during the exchange",
            TransportErrorKind::TooLarge => "response too large",
            TransportErrorKind::Other => "request failed",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The default transport: `hyper` 1 over HTTP/1.1 with `rustls` (the `ring` provider, Mozilla's
/// root certificates from `webpki-roots`; no OpenSSL), connection pooling and a connect timeout.
///
/// It speaks HTTP/1.1 only (every AWS JSON endpoint does) and does not read `HTTPS_PROXY`: to go
/// through a proxy, or to use HTTP/2 or the platform's certificate store, implement
/// [`HttpTransport`] on the client of your choice and give it to
/// [`ConfigBuilder::transport`](crate::ConfigBuilder::transport).
#[cfg(feature = "default-https-client")]
#[derive(Debug, Clone)]
pub struct HyperTransport {
    client: hyper_util::client::legacy::Client<
        hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
        FullBody,
    >,
    max_response_bytes: usize,
}

/// How long an idle pooled connection is kept (the figure most HTTP clients use).
#[cfg(feature = "default-https-client")]
const POOL_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);

/// The most a response body buffer is allocated for before its bytes arrive (8 MiB).
#[cfg(feature = "default-https-client")]
const PREALLOCATE_AT_MOST: usize = 8 << 20;

#[cfg(feature = "default-https-client")]
impl HyperTransport {
    /// A transport with the given connect timeout and response size limit.
    pub fn new(
        connect_timeout: std::time::Duration,
        max_response_bytes: usize,
    ) -> Result<Self, TransportError> {
        use hyper_util::client::legacy::connect::HttpConnector;
        use hyper_util::rt::{TokioExecutor, TokioTimer};

        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect_timeout));
        http.set_nodelay(true);
        // The provider is named rather than taken from the process default, so that another
        // crate in the same program enabling a second rustls provider cannot make this fail.
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .pool_timer(TokioTimer::new())
            .build(https);
        Ok(HyperTransport {
            client,
            max_response_bytes,
        })
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = ::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.uri.as_str());
        for (name, value) in &request.headers {
            // hyper writes Content-Length from the body; the signed Host header goes out as is.
            if name != "content-length" {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        let outgoing = builder
            .body(FullBody(Some(request.body.into())))
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        let response = self
            .client
            .request(outgoing)
            .await
            .map_err(classify_hyper_error)?;
        let (head, mut incoming) = response.into_parts();
        let status = head.status.as_u16();
        let headers = head
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let declared = head
            .headers
            .get(::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if let Some(len) = declared.filter(|len| *len > self.max_response_bytes as u64) {
            return Err(too_large(format!("Content-Length is {len} bytes")).with_status(status));
        }
        // Room for the declared length, up to a bound: a server may declare more than it sends.
        let mut body = Vec::with_capacity(declared.map_or(0, |len| {
            usize::try_from(len).map_or(PREALLOCATE_AT_MOST, |len| len.min(PREALLOCATE_AT_MOST))
        }));
        while let Some(frame) = next_frame(&mut incoming).await {
            let frame = frame
                .map_err(|e| TransportError::new(TransportErrorKind::Io, e).with_status(status))?;
            // Trailers carry nothing an awsJson1_0 response needs.
            let Ok(chunk) = frame.into_data() else {
                continue;
            };
            if body.len() + chunk.len() > self.max_response_bytes {
                return Err(too_large(format!(
                    "more than the limit of {} bytes arrived",
                    self.max_response_bytes
                ))
                .with_status(status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// The next frame of a response body, `None` at its end.
#[cfg(feature = "default-https-client")]
async fn next_frame(
    body: &mut hyper::body::Incoming,
) -> Option<Result<http_body::Frame<bytes::Bytes>, hyper::Error>> {
    use http_body::Body as _;
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx)).await
}

/// A request body sent in one piece, its length known up front (so it goes out with a
/// `Content-Length`).
#[cfg(feature = "default-https-client")]
#[derive(Debug)]
struct FullBody(Option<bytes::Bytes>);

#[cfg(feature = "default-https-client")]
impl http_body::Body for FullBody {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(self.0.take().map(|data| Ok(http_body::Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.0.as_ref().map_or(0, |data| data.len() as u64))
    }
}

#[cfg(feature = "default-https-client")]
fn too_large(what: String) -> TransportError {
    TransportError::new(TransportErrorKind::TooLarge, what)
}

/// Sorts a failure of the pooled client: a connect error whose cause is a timed-out socket is
/// the connect timeout, other connect errors are [`TransportErrorKind::Connect`], and anything
/// after the connection stood is [`TransportErrorKind::Io`].
#[cfg(feature = "default-https-client")]
fn classify_hyper_error(e: hyper_util::client::legacy::Error) -> TransportError {
    let kind = if e.is_connect() {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
        let mut timed_out = false;
        while let Some(inner) = cause {
            if inner
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            {
                timed_out = true;
                break;
            }
            cause = inner.source();
        }
        if timed_out {
            TransportErrorKind::Timeout
        } else {
            TransportErrorKind::Connect
        }
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, e)
}

#[cfg(feature = "default-https-client")]
impl HttpTransport for HyperTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.exchange(request))
    }
}

/// A transport for tests: answers with queued responses in order and records every request.
///
/// Clone it before handing it to a client builder; the clones share the queue and the record.
#[derive(Debug, Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<MockState>>,
}

#[derive(Debug, Default)]
struct MockState {
    responses: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<HttpRequest>,
}

impl MockTransport {
    /// An empty mock; calls fail with a transport error until responses are queued.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MockState> {
        // A test that panicked while holding the lock must not hide the original failure.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a response.
    pub fn push_response(&self, response: HttpResponse) -> &Self {
        self.lock().responses.push_back(Ok(response));
        self
    }

    /// Queues a JSON response with `content-type: application/x-amz-json-1.0`.
    pub fn push_json(&self, status: u16, body: &str) -> &Self {
        self.push_response(HttpResponse {
            status,
            headers: vec![(
                "content-type".to_string(),
                "application/x-amz-json-1.0".to_string(),
            )],
            body: body.as_bytes().to_vec(),
        })
    }

    /// Queues a transport failure.
    pub fn push_error(&self, error: TransportError) -> &Self {
        self.lock().responses.push_back(Err(error));
        self
    }

    /// A finished [`Config`](crate::Config) that sends every request to this mock: region
    /// `us-east-1` and fixed test credentials, so a unit test needs no environment and no
    /// network. Change anything else with [`Config::builder`](crate::Config::builder) and
    /// [`transport`](crate::ConfigBuilder::transport) instead.
    pub fn config(&self) -> crate::Config {
        crate::Config::builder()
            .region("us-east-1")
            .credentials(crate::Credentials::new("AKIDMOCKTRANSPORT", "mock-secret", None))
            .transport(self.clone())
            // Set, so that no environment variable is read (the only thing that could fail).
            .use_fips(false)
            .use_dual_stack(false)
            .build()
            .expect("a valid region, credentials, a transport and both endpoint flags are a complete configuration")
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().requests.clone()
    }

    /// Every request sent so far, in order, forgetting them (so a long-running user, such as a
    /// fuzz target, does not accumulate them).
    pub fn take_requests(&self) -> Vec<HttpRequest> {
        std::mem::take(&mut self.lock().requests)
    }

    /// How many queued responses are left.
    pub fn remaining(&self) -> usize {
        self.lock().responses.len()
    }
}

impl HttpTransport for MockTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let mut state = self.lock();
        state.requests.push(request);
        let next = state.responses.pop_front().unwrap_or_else(|| {
            Err(TransportError::new(
                TransportErrorKind::Other,
                "MockTransport has no queued response left",
            ))
        });
        Box::pin(std::future::ready(next))
    }
}
