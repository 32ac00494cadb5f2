//! What a call can fail with: a service error (typed per operation by generated code, or
//! [`UnhandledError`] for codes the operation does not declare) or a failure of another kind
//! (transport, timeout, credentials, signing, serialization, deserialization), each naming the
//! operation and, when there was a response, its HTTP status and request id.

use std::error::Error as StdError;
use std::fmt;

/// A boxed error source.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What every error that got an HTTP response knows about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    /// The operation name, as in the model.
    pub operation: &'static str,
    /// HTTP status of the (last) response.
    pub status: u16,
    /// `x-amzn-requestid` of the (last) response.
    pub request_id: Option<String>,
    /// How many attempts the call made.
    pub attempts: u32,
    /// For `@awsQueryCompatible` services: the error code of `x-amzn-query-error`, which is
    /// the code the service's query API reports.
    pub query_error_code: Option<String>,
}

/// A service error whose code the operation does not declare (or that had no code at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    /// The error code (`x-amzn-errortype` or `__type`, without namespace or URL), if any.
    pub code: Option<String>,
    /// The `message`/`Message` member, or the start of a body that was not JSON.
    pub message: Option<String>,
    /// HTTP status of the response.
    pub status: u16,
    /// `x-amzn-requestid` of the response.
    pub request_id: Option<String>,
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unhandled service error {} (HTTP {}",
            self.code.as_deref().unwrap_or("without a code"),
            self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl StdError for UnhandledError {}

/// The error enum generated for each operation implements this, so the runtime can build it.
pub trait OperationError: StdError + Sized + Send + Sync + 'static {
    /// Builds the typed error for `code` from the response body, or the unhandled variant (carrying
    /// `unhandled`) when the operation does not declare `code`.
    fn from_service_error(
        code: Option<&str>,
        body: &[u8],
        unhandled: UnhandledError,
    ) -> Result<Self, serde_json::Error>;

    /// The error code.
    fn code(&self) -> Option<&str>;
}

/// A failure without a (usable) service error: where it happened and why.
#[derive(Debug)]
pub struct Failure {
    /// The operation name, as in the model.
    pub operation: &'static str,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// `x-amzn-requestid`, when a response carried one.
    pub request_id: Option<String>,
    /// How many attempts the call made.
    pub attempts: u32,
    /// What went wrong, for people.
    pub message: String,
    /// The underlying error, if any.
    pub source: Option<BoxError>,
}

impl Failure {
    pub(crate) fn new(operation: &'static str, message: impl Into<String>) -> Self {
        Failure {
            operation,
            status: None,
            request_id: None,
            attempts: 0,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    pub(crate) fn with_response(mut self, status: u16, request_id: Option<String>) -> Self {
        self.status = Some(status);
        self.request_id = request_id;
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.message)?;
        let mut details = Vec::new();
        if let Some(status) = self.status {
            details.push(format!("HTTP {status}"));
        }
        if let Some(id) = &self.request_id {
            details.push(format!("request id {id}"));
        }
        if self.attempts > 1 {
            details.push(format!("after {} attempts", self.attempts));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

/// One member of an input that breaks a constraint of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The member path, with member names as in the model: `Customer.Account.Email`,
    /// `Contacts[2].Email` (list index), `Tags["env"]` (map key).
    pub path: String,
    /// What is wrong, e.g. `has 0 characters; 1 to 64 allowed`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Client-side validation (see [`ConfigBuilder::validate_inputs`](crate::ConfigBuilder)) found
/// members that break the model's constraints; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The operation name, as in the model.
    pub operation: &'static str,
    /// Every violation, in member order (never empty).
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the input breaks {} constraint{} of the model: ",
            self.operation,
            self.violations.len(),
            if self.violations.len() == 1 { "" } else { "s" }
        )?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl StdError for ValidationError {}

/// A service error with the response it came in.
#[derive(Debug)]
pub struct ServiceError<E> {
    /// The typed error.
    pub error: E,
    /// Status, request id, attempts.
    pub meta: ResponseMeta,
}

/// The error of every call. `E` is the operation's generated error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The service answered with an error.
    Service(ServiceError<E>),
    /// The request could not be sent or the response not received (connection refused or reset,
    /// DNS, TLS, I/O, a body cut short).
    Transport(Failure),
    /// The connect timeout or the per-attempt timeout passed.
    Timeout(Failure),
    /// No credentials could be found.
    Credentials(Failure),
    /// The request could not be signed.
    Signing(Failure),
    /// The input could not be serialized (for example a timestamp outside the years 0–9999).
    Serialization(Failure),
    /// A successful response (or a declared error) whose body is not the JSON the model describes.
    Deserialization(Failure),
    /// The client configuration is unusable (no region, a bad endpoint).
    Configuration(Failure),
    /// Client-side validation (off unless the configuration switches it on) rejected the input
    /// before anything was sent.
    Validation(ValidationError),
}

impl<E> SdkError<E> {
    /// The typed service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(s) => Some(&s.error),
            _ => None,
        }
    }

    /// The violations, if client-side validation rejected the input.
    pub fn validation_error(&self) -> Option<&ValidationError> {
        match self {
            SdkError::Validation(v) => Some(v),
            _ => None,
        }
    }

    /// The typed service error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(s) => Some(s.error),
            _ => None,
        }
    }

    fn failure(&self) -> Option<&Failure> {
        match self {
            SdkError::Service(_) | SdkError::Validation(_) => None,
            SdkError::Transport(f)
            | SdkError::Timeout(f)
            | SdkError::Credentials(f)
            | SdkError::Signing(f)
            | SdkError::Serialization(f)
            | SdkError::Deserialization(f)
            | SdkError::Configuration(f) => Some(f),
        }
    }

    fn failure_mut(&mut self) -> Option<&mut Failure> {
        match self {
            SdkError::Service(_) | SdkError::Validation(_) => None,
            SdkError::Transport(f)
            | SdkError::Timeout(f)
            | SdkError::Credentials(f)
            | SdkError::Signing(f)
            | SdkError::Serialization(f)
            | SdkError::Deserialization(f)
            | SdkError::Configuration(f) => Some(f),
        }
    }

    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        match self {
            SdkError::Service(s) => s.meta.operation,
            SdkError::Validation(v) => v.operation,
            _ => self.failure().map(|f| f.operation).unwrap_or_default(),
        }
    }

    /// HTTP status of the last response, if one arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Service(s) => Some(s.meta.status),
            _ => self.failure().and_then(|f| f.status),
        }
    }

    /// `x-amzn-requestid` of the last response, if one arrived with it.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(s) => s.meta.request_id.as_deref(),
            _ => self.failure().and_then(|f| f.request_id.as_deref()),
        }
    }

    /// How many attempts the call made.
    pub fn attempts(&self) -> u32 {
        match self {
            SdkError::Service(s) => s.meta.attempts,
            _ => self.failure().map(|f| f.attempts).unwrap_or_default(),
        }
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        match self {
            SdkError::Service(s) => s.meta.attempts = attempts,
            other => {
                if let Some(f) = other.failure_mut() {
                    f.attempts = attempts;
                }
            }
        }
    }
}

impl<E: OperationError> SdkError<E> {
    /// The service's error code, if the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            SdkError::Service(s) => s.meta.query_error_code.as_deref().or(s.error.code()),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service(s) => {
                write!(
                    f,
                    "{}: {} (HTTP {}",
                    s.meta.operation, s.error, s.meta.status
                )?;
                if let Some(id) = &s.meta.request_id {
                    write!(f, ", request id {id}")?;
                }
                if s.meta.attempts > 1 {
                    write!(f, ", after {} attempts", s.meta.attempts)?;
                }
                f.write_str(")")
            }
            SdkError::Transport(x) => write!(f, "transport error: {x}"),
            SdkError::Timeout(x) => write!(f, "timeout: {x}"),
            SdkError::Credentials(x) => write!(f, "credentials error: {x}"),
            SdkError::Signing(x) => write!(f, "signing error: {x}"),
            SdkError::Serialization(x) => write!(f, "serialization error: {x}"),
            SdkError::Deserialization(x) => write!(f, "deserialization error: {x}"),
            SdkError::Configuration(x) => write!(f, "configuration error: {x}"),
            SdkError::Validation(x) => write!(f, "validation error: {x}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::Service(s) => Some(&s.error),
            SdkError::Validation(v) => Some(v),
            _ => self
                .failure()
                .and_then(|f| f.source.as_deref())
                .map(|s| s as &(dyn StdError + 'static)),
        }
    }
}
