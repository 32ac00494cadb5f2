//! The HTTP transport behind a small trait: the default on `reqwest` + `rustls` (connection reuse,
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

/// The default transport: `reqwest` with `rustls` (no OpenSSL), connection pooling and a connect
/// timeout.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_response_bytes: usize,
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A transport with the given connect timeout and response size limit.
    pub fn new(
        connect_timeout: std::time::Duration,
        max_response_bytes: usize,
    ) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        Ok(ReqwestTransport {
            client,
            max_response_bytes,
        })
    }

    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))?;
        let mut builder = self.client.request(method, &request.uri);
        for (name, value) in &request.headers {
            // reqwest sets Host from the URI and Content-Length from the body.
            if name != "host" && name != "content-length" {
                builder = builder.header(name, value);
            }
        }
        let mut response = builder
            .body(request.body)
            .send()
            .await
            .map_err(classify_reqwest_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        if let Some(len) = response
            .content_length()
            .filter(|len| *len > self.max_response_bytes as u64)
        {
            return Err(too_large(format!("Content-Length is {len} bytes")).with_status(status));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| classify_reqwest_error(e).with_status(status))?
        {
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

#[cfg(feature = "reqwest")]
fn too_large(what: String) -> TransportError {
    TransportError::new(TransportErrorKind::TooLarge, what)
}

#[cfg(feature = "reqwest")]
fn classify_reqwest_error(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_builder() {
        TransportErrorKind::Other
    } else {
        TransportErrorKind::Io
    };
    TransportError::new(kind, e)
}

#[cfg(feature = "reqwest")]
impl HttpTransport for ReqwestTransport {
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
