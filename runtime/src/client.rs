//! The call machinery every generated operation goes through: configuration, the awsJson1_0
//! request, SigV4 signing, per-attempt timeouts, standard-mode retries with full-jitter backoff,
//! error-envelope parsing, and tracing spans.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tracing::Instrument as _;

use crate::codec::{self, WireDeserialize, WireSerialize};
use crate::credentials::{DefaultCredentialsChain, ProvideCredentials};
use crate::endpoint::{BuiltIns, Endpoint, EndpointError};
use crate::error::{Failure, OperationError, ResponseMeta, SdkError, ServiceError, UnhandledError};
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::Operation;
use crate::transport::{HttpTransport, TransportError, TransportErrorKind};

/// Resolves a client's endpoint from what its configuration provides: the service's endpoint
/// rules, compiled into the generated crate (`crate::endpoint::resolve_for_client`).
pub type ResolveEndpoint = fn(&BuiltIns) -> Result<Endpoint, EndpointError>;

/// What generated code knows about its service.
#[derive(Debug, Clone, Copy)]
pub struct ServiceSpec {
    /// `X-Amz-Target` prefix: the service shape's name, e.g. `AWSPartnerCentralSelling`.
    pub target_prefix: &'static str,
    /// The model's `sdkId`, e.g. `PartnerCentral Selling`: names the service's own
    /// `AWS_ENDPOINT_URL_<SERVICE>` variable (`AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING`).
    pub sdk_id: &'static str,
    /// SigV4 signing name, e.g. `partnercentral-selling`.
    pub signing_name: &'static str,
    /// Default endpoint with a `{region}` placeholder, for a service without endpoint rules.
    pub endpoint_template: &'static str,
    /// The service's compiled endpoint rules, when the model has them (they take precedence over
    /// `endpoint_template`).
    pub resolve_endpoint: Option<ResolveEndpoint>,
    /// `@awsQueryCompatible`: send `x-amzn-query-mode: true` and report the error codes of
    /// `x-amzn-query-error`.
    pub query_compatible: bool,
}

/// An operation's `@endpoint` host prefix: a template such as `foo.{Label}.` and the values of
/// its `@hostLabel` members.
#[derive(Debug, Clone, Copy)]
pub struct HostPrefix<'a> {
    /// The template, labels in braces.
    pub template: &'static str,
    /// `(label, value)` for each label of the template.
    pub labels: &'a [(&'static str, &'a str)],
}

impl HostPrefix<'_> {
    /// The prefix with the labels filled in; each label value must be a valid host label.
    fn expand(&self) -> Result<String, String> {
        let mut prefix = self.template.to_string();
        for (label, value) in self.labels {
            if !crate::endpoint::is_valid_host_label(value, false) {
                return Err(format!(
                    "`{value}` is not a valid host label for `{{{label}}}` of the host prefix `{}`",
                    self.template
                ));
            }
            prefix = prefix.replace(&format!("{{{label}}}"), value);
        }
        Ok(prefix)
    }
}

/// What generated code knows about one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationSpec {
    /// The operation name as in the model.
    pub name: &'static str,
    /// `@requestCompression` with gzip: bodies of at least the configured minimum size are sent
    /// gzip-compressed (with the runtime's `request-compression` feature; without it they are
    /// sent as they are, which the trait allows).
    pub gzip_request: bool,
    /// The `@endpoint` host prefix template (labels in braces), if the operation has one.
    pub host_prefix: Option<&'static str>,
}

/// Retry settings (standard mode).
///
/// Throttling errors, 5xx and 429 responses, timeouts and broken connections are retried until
/// `max_attempts` attempts were made. Before each retry the client waits a random time between
/// zero and `initial_backoff * 2^(retry - 1)`, capped at `max_backoff` (full jitter). When the
/// retried response says how long to wait, with `x-amz-retry-after` (milliseconds) or
/// `Retry-After` (seconds, or an HTTP date), the client waits that long instead, also capped at
/// `max_backoff`, so a server cannot stall a call for longer than the configuration allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts per call, the first included (1 disables retries). Default 3.
    pub max_attempts: u32,
    /// Backoff cap before jitter for the first retry; it doubles per retry. Default 1 s.
    pub initial_backoff: Duration,
    /// Upper bound of any backoff, including one a server asks for. Default 20 s.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

/// Timeout settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    /// Time allowed to open a connection. Default 3.1 s.
    pub connect: Duration,
    /// Time allowed for one attempt (send and receive the whole response). Default 60 s.
    pub attempt: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect: Duration::from_millis(3100),
            attempt: Some(Duration::from_secs(60)),
        }
    }
}

/// Request-compression settings (`@requestCompression`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompressionConfig {
    /// Never compress (`AWS_DISABLE_REQUEST_COMPRESSION=true`). Default false.
    pub disabled: bool,
    /// Smallest body that is compressed, in bytes (`AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`,
    /// 0 to 10485760). Default 10240.
    pub min_size_bytes: usize,
}

impl CompressionConfig {
    fn from_environment() -> Self {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        CompressionConfig {
            disabled: env("AWS_DISABLE_REQUEST_COMPRESSION")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            min_size_bytes: env("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n <= 10_485_760)
                .unwrap_or(10_240),
        }
    }
}

/// Largest response body a client accepts unless configured otherwise (64 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Why a client could not be configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    #[cfg(feature = "blocking")]
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }
}

/// Builds the configuration of a client. Every setting has a default taken from the environment
/// the way the AWS CLI does: region from `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile;
/// credentials from the environment, then the shared profile files.
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    profile: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    transport: Option<Arc<dyn HttpTransport>>,
    compression: Option<CompressionConfig>,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    max_response_bytes: Option<usize>,
    #[cfg(feature = "validation")]
    validate_inputs: bool,
}

impl ConfigBuilder {
    /// The AWS region, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this endpoint instead of the service's (for tests and proxies).
    ///
    /// Without it, the endpoint comes from the environment as in the other AWS SDKs: the
    /// service's own `AWS_ENDPOINT_URL_<SERVICE>` (its `sdkId` upper-cased, spaces as
    /// underscores, e.g. `AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING`), else `AWS_ENDPOINT_URL`;
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns both off.
    ///
    /// For a service with endpoint rules this is the `SDK::Endpoint` parameter: the rules decide
    /// what it combines with (most reject it together with FIPS or dual-stack).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses FIPS endpoints (the `AWS::UseFIPS` endpoint parameter). Default:
    /// `AWS_USE_FIPS_ENDPOINT` (`true` or `false`), else `false`.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints (the `AWS::UseDualStack` endpoint parameter).
    /// Default: `AWS_USE_DUALSTACK_ENDPOINT` (`true` or `false`), else `false`.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// The shared-config profile for credentials and region (default: `AWS_PROFILE`, then `default`).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Where credentials come from (static [`Credentials`](crate::credentials::Credentials), or
    /// any provider).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Uses this transport instead of the default HTTP client (for example a
    /// [`MockTransport`](crate::transport::MockTransport)).
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Attempts per call, the first included (1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts.max(1);
        self
    }

    /// Retry backoff: cap of the first retry's delay, and of every delay.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// Request compression for operations with `@requestCompression` (default: from
    /// `AWS_DISABLE_REQUEST_COMPRESSION` and `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, else on
    /// from 10240 bytes).
    pub fn request_compression(mut self, compression: CompressionConfig) -> Self {
        self.compression = Some(compression);
        self
    }

    /// Time allowed to open a connection (default transport only).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Time allowed for one attempt; `None` waits forever.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Largest response body accepted, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB).
    ///
    /// A larger response fails the call with [`SdkError::Transport`] naming the operation, the
    /// HTTP status and the limit; its source is a [`TransportError`] of kind
    /// [`TransportErrorKind::TooLarge`]. It is not retried. The default transport stops reading
    /// as soon as the limit is passed (or at once, from `Content-Length`); for any other
    /// transport the client checks the body it returns.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Checks each input against the model's `@required`, `@length`, `@range` and `@pattern`
    /// before sending it (default: off). An input that breaks any of them fails with
    /// [`SdkError::Validation`], listing every violating member, and nothing is sent.
    #[cfg(feature = "validation")]
    pub fn validate_inputs(mut self, validate: bool) -> Self {
        self.validate_inputs = validate;
        self
    }

    /// Finishes the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let region = match self.region {
            Some(r) => r,
            None => crate::credentials::region_from_environment(self.profile.as_deref()).ok_or_else(|| ConfigError {
                message: "no AWS region: set one on the builder, or AWS_REGION / AWS_DEFAULT_REGION, or `region` in the shared config profile".to_string(),
            })?,
        };
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(ConfigError {
                message: format!("`{region}` is not a valid AWS region name"),
            });
        }
        let use_fips = match self.use_fips {
            Some(flag) => flag,
            None => flag_from_environment("AWS_USE_FIPS_ENDPOINT")?,
        };
        let use_dual_stack = match self.use_dual_stack {
            Some(flag) => flag,
            None => flag_from_environment("AWS_USE_DUALSTACK_ENDPOINT")?,
        };
        let ignore_env_endpoints = flag_from_environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?;
        let endpoint_from_service_env = self.endpoint_url.is_none() && !ignore_env_endpoints;
        let endpoint_url = match self.endpoint_url {
            Some(url) => Some(url),
            None if ignore_env_endpoints => None,
            None => endpoint_from_environment("AWS_ENDPOINT_URL"),
        };
        let credentials = match self.credentials {
            Some(c) => c,
            None => Arc::new(DefaultCredentialsChain::new(self.profile.clone())),
        };
        let max_response_bytes = self
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        let transport: Arc<dyn HttpTransport> = match self.transport {
            Some(t) => t,
            None => default_transport(self.timeouts.connect, max_response_bytes)?,
        };
        Ok(Config {
            region,
            endpoint_url,
            endpoint_from_service_env,
            use_fips,
            use_dual_stack,
            credentials,
            transport,
            retry: self.retry,
            timeouts: self.timeouts,
            max_response_bytes,
            compression: self
                .compression
                .unwrap_or_else(CompressionConfig::from_environment),
            #[cfg(feature = "validation")]
            validate_inputs: self.validate_inputs,
        })
    }
}

/// A boolean setting from the environment: unset or empty is `false`; otherwise `true` or `false`
/// (any case).
/// An endpoint URL from the environment; unset or empty is none.
fn endpoint_from_environment(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `AWS_ENDPOINT_URL_<SERVICE>` for an `sdkId`: upper case, spaces and dashes as underscores.
fn service_endpoint_variable(sdk_id: &str) -> String {
    let suffix: String = sdk_id
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    format!("AWS_ENDPOINT_URL_{suffix}")
}

fn flag_from_environment(name: &str) -> Result<bool, ConfigError> {
    parse_flag(name, std::env::var(name).ok().as_deref())
}

fn parse_flag(name: &str, value: Option<&str>) -> Result<bool, ConfigError> {
    match value.map(str::trim) {
        None | Some("") => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(ConfigError {
            message: format!("{name} is `{v}`; expected `true` or `false`"),
        }),
    }
}

#[cfg(feature = "default-https-client")]
fn default_transport(
    connect: Duration,
    max_response_bytes: usize,
) -> Result<Arc<dyn HttpTransport>, ConfigError> {
    crate::transport::HyperTransport::new(connect, max_response_bytes)
        .map(|t| Arc::new(t) as Arc<dyn HttpTransport>)
        .map_err(|e| ConfigError {
            message: format!("cannot create the HTTP client: {e}"),
        })
}

#[cfg(not(feature = "default-https-client"))]
fn default_transport(_: Duration, _: usize) -> Result<Arc<dyn HttpTransport>, ConfigError> {
    Err(ConfigError {
        message: "the `default-https-client` feature is off: give the builder a transport"
            .to_string(),
    })
}

/// A finished client configuration.
#[derive(Debug, Clone)]
pub struct Config {
    region: String,
    endpoint_url: Option<String>,
    /// Whether the service's `AWS_ENDPOINT_URL_<SERVICE>` may still replace `endpoint_url`:
    /// no endpoint was set on the builder and `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is not set.
    endpoint_from_service_env: bool,
    use_fips: bool,
    use_dual_stack: bool,
    credentials: Arc<dyn ProvideCredentials>,
    transport: Arc<dyn HttpTransport>,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    max_response_bytes: usize,
    compression: CompressionConfig,
    #[cfg(feature = "validation")]
    validate_inputs: bool,
}

impl Config {
    /// Starts a configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Retry settings.
    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// Timeout settings.
    pub fn timeouts(&self) -> TimeoutConfig {
        self.timeouts
    }

    /// Largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The endpoint override, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are asked for.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack endpoints are asked for.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Whether inputs are checked against the model's constraints before sending.
    #[cfg(feature = "validation")]
    pub fn validate_inputs(&self) -> bool {
        self.validate_inputs
    }

    /// The built-in endpoint parameters this configuration provides.
    pub fn built_ins(&self) -> BuiltIns {
        BuiltIns {
            region: Some(self.region.clone()),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint: self.endpoint_url.clone(),
        }
    }
}

/// The service-independent part of a generated client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ServiceClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    service: ServiceSpec,
    config: Config,
    /// Resolved once, when the client is made.
    endpoint: Result<Endpoint, EndpointError>,
}

/// A fresh idempotency token: a random (version 4) UUID.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl ServiceClient {
    /// A client for `service` with `config`. The endpoint is resolved here, once: by the
    /// service's endpoint rules when it has them, else the override or the `{region}` template.
    /// A resolution error is kept and returned by every call.
    pub fn new(service: ServiceSpec, mut config: Config) -> Self {
        if config.endpoint_from_service_env {
            if let Some(url) = endpoint_from_environment(&service_endpoint_variable(service.sdk_id))
            {
                config.endpoint_url = Some(url);
            }
        }
        let endpoint = match (service.resolve_endpoint, &config.endpoint_url) {
            (Some(resolve), _) => resolve(&config.built_ins()),
            (None, Some(url)) => Ok(Endpoint::new(url.clone())),
            (None, None) => Ok(Endpoint::new(
                service
                    .endpoint_template
                    .replace("{region}", &config.region),
            )),
        };
        if let Err(e) = &endpoint {
            tracing::debug!(service = service.target_prefix, error = %e, "no endpoint");
        }
        ServiceClient {
            inner: Arc::new(Inner {
                service,
                config,
                endpoint,
            }),
        }
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint URL requests go to (without a trailing `/`); empty when the endpoint could
    /// not be resolved (see [`ServiceClient::resolved_endpoint`]).
    pub fn endpoint(&self) -> &str {
        match &self.inner.endpoint {
            Ok(endpoint) => endpoint.url.trim_end_matches('/'),
            Err(_) => "",
        }
    }

    /// The resolved endpoint, or why there is none.
    pub fn resolved_endpoint(&self) -> Result<&Endpoint, &EndpointError> {
        self.inner.endpoint.as_ref()
    }

    /// Calls one operation: serializes `input`, sends it with retries, and decodes the output or
    /// the typed error.
    pub async fn call<I, O, E>(
        &self,
        operation: &OperationSpec,
        input: &I,
    ) -> Result<O, SdkError<E>>
    where
        I: WireSerialize + ?Sized,
        O: WireDeserialize,
        E: OperationError,
    {
        self.call_with_retries(operation, input, None)
            .instrument(self.call_span(operation))
            .await
    }

    /// Sends one operation's input: fills empty idempotency tokens once (so every retry sends
    /// the same token), validates the input when the configuration asks for it, expands the
    /// host prefix, then [`call`](Self::call)s.
    pub async fn send<O: Operation>(&self, mut input: O) -> Result<O::Output, SdkError<O::Error>> {
        input.fill_idempotency_tokens();
        #[cfg(feature = "validation")]
        if self.inner.config.validate_inputs {
            let mut violations = crate::validation::Violations::new();
            input.validate(&mut violations);
            if !violations.is_empty() {
                return Err(SdkError::Validation(crate::error::ValidationError {
                    operation: O::SPEC.name,
                    violations: violations.into_vec(),
                }));
            }
        }
        match O::SPEC.host_prefix {
            None => self.call(&O::SPEC, &input).await,
            Some(template) => {
                let labels = input.host_labels();
                let host_prefix = HostPrefix {
                    template,
                    labels: &labels,
                };
                self.call_with_host_prefix(&O::SPEC, &input, host_prefix)
                    .await
            }
        }
    }

    /// [`call`](Self::call) for an operation with an `@endpoint` host prefix.
    pub async fn call_with_host_prefix<I, O, E>(
        &self,
        operation: &OperationSpec,
        input: &I,
        host_prefix: HostPrefix<'_>,
    ) -> Result<O, SdkError<E>>
    where
        I: WireSerialize + ?Sized,
        O: WireDeserialize,
        E: OperationError,
    {
        let prefix = host_prefix
            .expand()
            .map_err(|message| SdkError::Serialization(Failure::new(operation.name, message)))?;
        self.call_with_retries(operation, input, Some(&prefix))
            .instrument(self.call_span(operation))
            .await
    }

    /// The span a call runs in.
    fn call_span(&self, operation: &OperationSpec) -> tracing::Span {
        tracing::info_span!(
            "aws_call",
            service = self.inner.service.target_prefix,
            operation = operation.name,
        )
    }

    async fn call_with_retries<I, O, E>(
        &self,
        operation: &OperationSpec,
        input: &I,
        host_prefix: Option<&str>,
    ) -> Result<O, SdkError<E>>
    where
        I: WireSerialize + ?Sized,
        O: WireDeserialize,
        E: OperationError,
    {
        let endpoint = match &self.inner.endpoint {
            Ok(endpoint) => endpoint,
            Err(e) => {
                return Err(SdkError::Configuration(
                    Failure::new(operation.name, format!("no endpoint: {e}"))
                        .with_source(e.clone()),
                ))
            }
        };
        let body = codec::to_json_vec(input).map_err(|e| {
            SdkError::Serialization(
                Failure::new(operation.name, "the input could not be serialized").with_source(e),
            )
        })?;
        let (body, content_encoding) = self.maybe_compress(operation, body);
        let retry = self.inner.config.retry;
        let mut attempt = 1;
        loop {
            let span = tracing::debug_span!(
                "attempt",
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let result = self
                .attempt::<O, E>(operation, endpoint, &body, content_encoding, host_prefix)
                .instrument(span)
                .await;
            let AttemptFailure {
                mut error,
                retry: decision,
            } = match result {
                Ok(output) => return Ok(output),
                Err(e) => e,
            };
            let server_delay = match decision {
                Retry::No => None,
                Retry::Yes { server_delay } => Some(server_delay),
            };
            let Some(server_delay) = server_delay.filter(|_| attempt < retry.max_attempts) else {
                error.set_attempts(attempt);
                return Err(error);
            };
            let delay = match server_delay {
                Some(asked) => asked.min(retry.max_backoff),
                None => backoff_delay(&retry, attempt),
            };
            tracing::debug!(
                attempt,
                delay_ms = delay.as_millis() as u64,
                server_asked_ms = server_delay.map(|d| d.as_millis() as u64),
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The body to send and its `content-encoding`: gzip for `@requestCompression` operations
    /// when the body is large enough and compression is on, else the body as it is.
    fn maybe_compress(
        &self,
        operation: &OperationSpec,
        body: Vec<u8>,
    ) -> (Vec<u8>, Option<&'static str>) {
        let config = self.inner.config.compression;
        if !operation.gzip_request || config.disabled || body.len() < config.min_size_bytes {
            return (body, None);
        }
        match gzip(&body) {
            Some(compressed) => (compressed, Some("gzip")),
            None => (body, None),
        }
    }

    /// One attempt. The error comes with whether it may be retried.
    async fn attempt<O, E>(
        &self,
        operation: &OperationSpec,
        endpoint: &Endpoint,
        body: &[u8],
        content_encoding: Option<&str>,
        host_prefix: Option<&str>,
    ) -> Result<O, AttemptFailure<E>>
    where
        O: WireDeserialize,
        E: OperationError,
    {
        let inner = &self.inner;
        let no_retry = |error: SdkError<E>| AttemptFailure {
            error,
            retry: Retry::No,
        };
        let credentials = inner
            .config
            .credentials
            .provide_credentials()
            .await
            .map_err(|e| {
                no_retry(SdkError::Credentials(
                    Failure::new(operation.name, "no credentials").with_source(e),
                ))
            })?;
        let url = with_host_prefix(endpoint.url.trim_end_matches('/'), host_prefix);
        let url = url.as_str();
        let mut headers = vec![
            ("host".to_string(), host_of(url).to_string()),
            (
                "content-type".to_string(),
                "application/x-amz-json-1.0".to_string(),
            ),
            (
                "x-amz-target".to_string(),
                format!("{}.{}", inner.service.target_prefix, operation.name),
            ),
        ];
        if inner.service.query_compatible {
            headers.push(("x-amzn-query-mode".to_string(), "true".to_string()));
        }
        if let Some(encoding) = content_encoding {
            headers.push(("content-encoding".to_string(), encoding.to_string()));
        }
        for (name, values) in &endpoint.headers {
            for value in values {
                headers.push((name.to_ascii_lowercase(), value.clone()));
            }
        }
        let mut request = HttpRequest {
            method: "POST".to_string(),
            uri: format!("{url}/"),
            headers,
            body: body.to_vec(),
        };
        // The endpoint's `authSchemes` may name another signing name or region (a local
        // endpoint, a global one).
        let (signing_name, signing_region) = endpoint.sigv4_overrides();
        crate::sign::sign_request(
            &mut request,
            &credentials,
            signing_region.unwrap_or(&inner.config.region),
            signing_name.unwrap_or(inner.service.signing_name),
            SystemTime::now(),
        )
        .map_err(|e| {
            no_retry(SdkError::Signing(
                Failure::new(operation.name, "the request could not be signed").with_source(e),
            ))
        })?;

        let send = inner.config.transport.send(request);
        let sent = match inner.config.timeouts.attempt {
            Some(limit) => match tokio::time::timeout(limit, send).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(AttemptFailure {
                        error: SdkError::Timeout(Failure::new(
                            operation.name,
                            format!("no complete response within {limit:?}"),
                        )),
                        retry: Retry::Yes { server_delay: None },
                    })
                }
            },
            None => send.await,
        };
        let limit = inner.config.max_response_bytes;
        let response = sent.map_err(|e| transport_failure(operation.name, e, limit))?;
        let request_id = response
            .header("x-amzn-requestid")
            .or_else(|| response.header("x-amz-request-id"))
            .map(str::to_string);
        if response.body.len() > limit {
            // A transport other than the default one returned the whole body: same error.
            let error = TransportError::new(
                TransportErrorKind::TooLarge,
                format!("the body is {} bytes", response.body.len()),
            )
            .with_status(response.status);
            return Err(no_retry(SdkError::Transport(
                too_large_failure(operation.name, limit)
                    .with_response(response.status, request_id)
                    .with_source(error),
            )));
        }
        let span = tracing::Span::current();
        span.record("status", response.status);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        tracing::debug!(status = response.status, "response");
        if (200..300).contains(&response.status) {
            return codec::from_json_slice::<O>(&response.body).map_err(|e| {
                no_retry(SdkError::Deserialization(
                    Failure::new(operation.name, "the response body is not the expected JSON")
                        .with_response(response.status, request_id.clone())
                        .with_source(e),
                ))
            });
        }
        Err(service_error::<E>(
            operation.name,
            &response,
            request_id,
            inner.service.query_compatible,
        ))
    }
}

/// A failed attempt: the error, and whether (and after how long) to try again.
struct AttemptFailure<E> {
    error: SdkError<E>,
    retry: Retry,
}

/// Whether a failed attempt may be retried.
enum Retry {
    No,
    /// Yes; `server_delay` is the wait the response asked for, if it did.
    Yes {
        server_delay: Option<Duration>,
    },
}

fn transport_failure<E>(
    operation: &'static str,
    e: TransportError,
    max_response_bytes: usize,
) -> AttemptFailure<E> {
    let retry_later = Retry::Yes { server_delay: None };
    let (error, retry) = match e.kind() {
        TransportErrorKind::Timeout => (
            SdkError::Timeout(Failure::new(operation, "connect timeout").with_source(e)),
            retry_later,
        ),
        TransportErrorKind::Connect | TransportErrorKind::Io => {
            let failure = match e.status() {
                // The head arrived, then the body broke off (reset, cut short).
                Some(status) => Failure::new(operation, "the response body broke off")
                    .with_response(status, None),
                None => Failure::new(operation, "no response"),
            };
            (SdkError::Transport(failure.with_source(e)), retry_later)
        }
        TransportErrorKind::TooLarge => {
            let mut failure = too_large_failure(operation, max_response_bytes);
            if let Some(status) = e.status() {
                failure = failure.with_response(status, None);
            }
            (SdkError::Transport(failure.with_source(e)), Retry::No)
        }
        _ => (
            SdkError::Transport(Failure::new(operation, "no response").with_source(e)),
            Retry::No,
        ),
    };
    AttemptFailure { error, retry }
}

fn too_large_failure(operation: &'static str, limit: usize) -> Failure {
    Failure::new(
        operation,
        format!(
            "the response body is larger than the limit of {limit} bytes (see `max_response_bytes`)"
        ),
    )
}

/// How long the response asks the client to wait before trying again: `x-amz-retry-after`
/// (milliseconds), else `Retry-After` (delay-seconds or an HTTP date).
fn server_retry_delay(response: &HttpResponse, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = response
        .header("x-amz-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_millis(ms));
    }
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    let at = SystemTime::from(date);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(feature = "request-compression")]
fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

/// Without the `request-compression` feature bodies go out uncompressed (the trait allows it).
#[cfg(not(feature = "request-compression"))]
fn gzip(_: &[u8]) -> Option<Vec<u8>> {
    None
}

/// The endpoint URL with `prefix` put in front of its host.
fn with_host_prefix(url: &str, prefix: Option<&str>) -> String {
    match (prefix, url.split_once("://")) {
        (Some(prefix), Some((scheme, rest))) => format!("{scheme}://{prefix}{rest}"),
        (Some(prefix), None) => format!("{prefix}{url}"),
        (None, _) => url.to_string(),
    }
}

/// The host (and port) of an endpoint URL, for the `host` header that is signed.
fn host_of(endpoint: &str) -> &str {
    let rest = endpoint
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(endpoint);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Error codes that mean "slow down" across AWS services.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures that are worth another attempt.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// The error code of an awsJson error: `x-amzn-errortype`, else the body's `__type` (or `code`),
/// without a `namespace#` prefix or a `:url` suffix.
pub fn error_code(response: &HttpResponse, body: Option<&serde_json::Value>) -> Option<String> {
    let raw = response
        .header("x-amzn-errortype")
        .map(str::to_string)
        .or_else(|| {
            let body = body?;
            ["__type", "code", "Code"]
                .iter()
                .find_map(|k| body.get(*k).and_then(|v| v.as_str()).map(str::to_string))
        })?;
    let without_url = raw.split(':').next().unwrap_or(&raw);
    let code = without_url.rsplit('#').next().unwrap_or(without_url).trim();
    (!code.is_empty()).then(|| code.to_string())
}

fn service_error<E: OperationError>(
    operation: &'static str,
    response: &HttpResponse,
    request_id: Option<String>,
    query_compatible: bool,
) -> AttemptFailure<E> {
    let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let code = error_code(response, json.as_ref());
    let message = match &json {
        Some(body) => ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|k| body.get(*k).and_then(|v| v.as_str()).map(str::to_string)),
        None if response.body.is_empty() => None,
        // Not JSON (an HTML page from a proxy, say): keep its start for the person reading.
        None => Some(
            String::from_utf8_lossy(&response.body[..response.body.len().min(200)]).into_owned(),
        ),
    };
    let retryable = response.status >= 500
        || response.status == 429
        || code
            .as_deref()
            .is_some_and(|c| THROTTLING_CODES.contains(&c) || TRANSIENT_CODES.contains(&c));
    let retry = if retryable {
        Retry::Yes {
            server_delay: server_retry_delay(response, SystemTime::now()),
        }
    } else {
        Retry::No
    };
    let unhandled = UnhandledError {
        code: code.clone(),
        message,
        status: response.status,
        request_id: request_id.clone(),
    };
    // A declared error must be read from a JSON body; anything else is unhandled.
    let body: &[u8] = if json.is_some() {
        &response.body
    } else {
        b"{}"
    };
    // `x-amzn-query-error: Code;Sender` carries the query API's code for the same error.
    let query_error_code = query_compatible
        .then(|| response.header("x-amzn-query-error"))
        .flatten()
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    let meta = ResponseMeta {
        operation,
        status: response.status,
        request_id: request_id.clone(),
        attempts: 0,
        query_error_code,
    };
    match E::from_service_error(code.as_deref(), body, unhandled) {
        Ok(error) => AttemptFailure {
            error: SdkError::Service(ServiceError { error, meta }),
            retry,
        },
        Err(e) => AttemptFailure {
            error: SdkError::Deserialization(
                Failure::new(
                    operation,
                    format!(
                        "the body of error {} is not the JSON the model describes",
                        code.as_deref().unwrap_or("?")
                    ),
                )
                .with_response(response.status, request_id)
                .with_source(e),
            ),
            retry: Retry::No,
        },
    }
}

/// Full jitter: a random delay between zero and `min(max_backoff, initial * 2^(attempt-1))`.
fn backoff_delay(retry: &RetryConfig, attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(30);
    let cap = retry
        .initial_backoff
        .saturating_mul(1u32 << exponent)
        .min(retry.max_backoff);
    cap.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn error_codes_lose_namespace_and_url() {
        let cases = [
            (
                vec![],
                r#"{"__type": "com.amazonaws.x#ConflictException"}"#,
                Some("ConflictException"),
            ),
            (
                vec![],
                r#"{"__type": "ValidationException:http://internal.amazon.com/"}"#,
                Some("ValidationException"),
            ),
            (
                vec![],
                r#"{"__type": "aws.x#Throttling:http://a.b/c#d"}"#,
                Some("Throttling"),
            ),
            (
                vec![("x-amzn-errortype", "AccessDeniedException:http://x/")],
                r#"{"__type": "Other"}"#,
                Some("AccessDeniedException"),
            ),
            (vec![], r#"{"code": "FooError"}"#, Some("FooError")),
            (vec![], r#"{"message": "no code"}"#, None),
            (vec![], r#"{"__type": ""}"#, None),
        ];
        for (headers, body, expected) in cases {
            let r = response(&headers, body);
            let json = serde_json::from_str(body).ok();
            assert_eq!(error_code(&r, json.as_ref()).as_deref(), expected, "{body}");
        }
    }

    #[test]
    fn servers_ask_for_a_delay_in_milliseconds_seconds_or_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 07:27:50
        let with = |headers: &[(&str, &str)]| server_retry_delay(&response(headers, ""), now);
        assert_eq!(with(&[]), None);
        assert_eq!(
            with(&[("x-amz-retry-after", "1500")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(with(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        // x-amz-retry-after wins over Retry-After.
        assert_eq!(
            with(&[("retry-after", "3"), ("x-amz-retry-after", "20")]),
            Some(Duration::from_millis(20))
        );
        assert_eq!(
            with(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]),
            Some(Duration::from_secs(10))
        );
        // A date in the past means now; garbage means no hint.
        assert_eq!(
            with(&[("retry-after", "Wed, 21 Oct 2015 07:00:00 GMT")]),
            Some(Duration::ZERO)
        );
        assert_eq!(with(&[("retry-after", "soon")]), None);
        assert_eq!(with(&[("retry-after", "-1")]), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let retry = RetryConfig {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
        };
        for _ in 0..200 {
            assert!(backoff_delay(&retry, 1) <= Duration::from_millis(100));
            assert!(backoff_delay(&retry, 3) <= Duration::from_millis(400));
            assert!(backoff_delay(&retry, 30) <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn boolean_settings_from_the_environment() {
        assert_eq!(parse_flag("X", None), Ok(false));
        assert_eq!(parse_flag("X", Some("")), Ok(false));
        assert_eq!(parse_flag("X", Some("true")), Ok(true));
        assert_eq!(parse_flag("X", Some(" TRUE ")), Ok(true));
        assert_eq!(parse_flag("X", Some("False")), Ok(false));
        let error = parse_flag("AWS_USE_FIPS_ENDPOINT", Some("yes")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "AWS_USE_FIPS_ENDPOINT is `yes`; expected `true` or `false`"
        );
    }

    fn test_config(builder: ConfigBuilder) -> Config {
        builder
            .region("eu-central-1")
            .credentials(crate::credentials::Credentials::new("AKID", "secret", None))
            .transport(crate::transport::MockTransport::new())
            .build()
            .expect("config")
    }

    fn spec(resolve_endpoint: Option<ResolveEndpoint>) -> ServiceSpec {
        ServiceSpec {
            sdk_id: "Example Service",
            target_prefix: "Svc",
            signing_name: "svc",
            endpoint_template: "https://svc.{region}.amazonaws.com",
            resolve_endpoint,
            query_compatible: false,
        }
    }

    #[cfg(feature = "request-compression")]
    #[test]
    fn gzip_bodies_decompress_to_the_original() {
        use std::io::Read as _;
        let body = br#"{"data":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#.repeat(300);
        let compressed = gzip(&body).expect("gzip");
        assert!(compressed.len() < body.len() / 10);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice())
            .read_to_end(&mut back)
            .expect("valid gzip");
        assert_eq!(back, body);
    }

    #[test]
    fn compression_respects_the_operation_the_switch_and_the_minimum_size() {
        let client = |compression: CompressionConfig| {
            ServiceClient::new(
                spec(None),
                Config::builder()
                    .region("us-east-1")
                    .credentials(crate::credentials::Credentials::new("AKID", "secret", None))
                    .transport(crate::transport::MockTransport::new())
                    .request_compression(compression)
                    .build()
                    .expect("config"),
            )
        };
        let on = CompressionConfig {
            disabled: false,
            min_size_bytes: 10,
        };
        let gzip_op = OperationSpec {
            name: "Op",
            gzip_request: true,
            host_prefix: None,
        };
        let plain_op = OperationSpec {
            name: "Op",
            gzip_request: false,
            host_prefix: None,
        };
        let body = vec![b'a'; 100];
        let (_, encoding) = client(on).maybe_compress(&plain_op, body.clone());
        assert_eq!(encoding, None);
        let (_, encoding) = client(CompressionConfig {
            disabled: true,
            ..on
        })
        .maybe_compress(&gzip_op, body.clone());
        assert_eq!(encoding, None);
        let (small, encoding) = client(on).maybe_compress(&gzip_op, vec![b'a'; 5]);
        assert_eq!((small.len(), encoding), (5, None));
        let (sent, encoding) = client(on).maybe_compress(&gzip_op, body.clone());
        if cfg!(feature = "request-compression") {
            assert_eq!(encoding, Some("gzip"));
            assert_ne!(sent, body);
        } else {
            assert_eq!((sent, encoding), (body, None));
        }
    }

    #[test]
    fn service_endpoint_variables_follow_the_sdk_id() {
        assert_eq!(
            service_endpoint_variable("PartnerCentral Selling"),
            "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING"
        );
        assert_eq!(
            service_endpoint_variable("DynamoDB Streams"),
            "AWS_ENDPOINT_URL_DYNAMODB_STREAMS"
        );
        assert_eq!(service_endpoint_variable("ec2-x"), "AWS_ENDPOINT_URL_EC2_X");
    }

    #[test]
    fn host_prefixes_are_expanded_and_validated() {
        let prefix = HostPrefix {
            template: "foo.{Label}.",
            labels: &[("Label", "bar")],
        };
        assert_eq!(prefix.expand().as_deref(), Ok("foo.bar."));
        let bad = HostPrefix {
            template: "foo.{Label}.",
            labels: &[("Label", "not a label")],
        };
        assert!(bad.expand().is_err());
        assert_eq!(
            with_host_prefix("https://example.com", Some("foo.")),
            "https://foo.example.com"
        );
        assert_eq!(
            with_host_prefix("https://example.com", None),
            "https://example.com"
        );
    }

    fn rules(built_ins: &BuiltIns) -> Result<Endpoint, EndpointError> {
        match (&built_ins.endpoint, built_ins.use_fips) {
            (Some(_), true) => Err(EndpointError::new("FIPS and custom endpoint")),
            (Some(url), false) => Ok(Endpoint::new(url.clone())),
            (None, fips) => Ok(Endpoint::new(format!(
                "https://svc{}.{}.api.aws",
                if fips { "-fips" } else { "" },
                built_ins.region.as_deref().unwrap_or("?")
            ))),
        }
    }

    #[test]
    fn endpoints_come_from_the_rules_else_the_template() {
        let template = ServiceClient::new(spec(None), test_config(Config::builder()));
        assert_eq!(
            template.endpoint(),
            "https://svc.eu-central-1.amazonaws.com"
        );
        let overridden = ServiceClient::new(
            spec(None),
            test_config(Config::builder().endpoint_url("http://127.0.0.1:9/")),
        );
        assert_eq!(overridden.endpoint(), "http://127.0.0.1:9");
        let ruled = ServiceClient::new(
            spec(Some(rules)),
            test_config(Config::builder().use_fips(true).use_dual_stack(false)),
        );
        assert_eq!(ruled.endpoint(), "https://svc-fips.eu-central-1.api.aws");
        assert!(ruled.config().use_fips() && !ruled.config().use_dual_stack());
        let failed = ServiceClient::new(
            spec(Some(rules)),
            test_config(Config::builder().use_fips(true).endpoint_url("http://x")),
        );
        assert_eq!(failed.endpoint(), "");
        assert_eq!(
            failed.resolved_endpoint().unwrap_err().message(),
            "FIPS and custom endpoint"
        );
    }

    #[test]
    fn hosts_of_endpoints() {
        assert_eq!(host_of("https://a.b.api.aws"), "a.b.api.aws");
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
    }

    #[test]
    fn idempotency_tokens_are_v4_uuids() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        let parsed = uuid::Uuid::parse_str(&a).expect("uuid");
        assert_eq!(parsed.get_version_num(), 4);
    }
}
