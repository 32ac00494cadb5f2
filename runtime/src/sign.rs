//! SigV4 request signing with the official `aws-sigv4` crate.

use std::error::Error;
use std::fmt;
use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;

use crate::credentials::Credentials;
use crate::http::HttpRequest;

/// The headers signing adds; stale copies are removed first, so a request can be signed again
/// (a retry) without carrying two signatures.
const SIGNING_HEADERS: [&str; 3] = ["authorization", "x-amz-date", "x-amz-security-token"];

/// Why a request could not be signed.
#[derive(Debug)]
pub struct SigningError {
    message: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl SigningError {
    fn new(message: &str, source: impl Error + Send + Sync + 'static) -> Self {
        SigningError {
            message: format!("{message}: {source}"),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for SigningError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// Lowercase hex SHA-256 of the payload, as SigV4 wants it.
fn payload_sha256(body: &[u8]) -> String {
    use sha2::Digest as _;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = sha2::Sha256::digest(body);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// Signs `request` in place for SigV4 (`service` e.g. `partnercentral-selling`, `region` e.g.
/// `us-east-1`) at `time`: adds `x-amz-date`, `authorization`, and `x-amz-security-token` when
/// the credentials have a session token (replacing any of those the request already has).
///
/// The request must already carry every header that will be sent (including `host`,
/// `content-type` and `x-amz-target`): all of them are signed except `user-agent`,
/// `x-amzn-trace-id` and `transfer-encoding`, which proxies may change. The payload hash is
/// computed over the body (and handed to `aws-sigv4` as a hash, so its trace logging never sees
/// the body).
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    request
        .headers
        .retain(|(name, _)| !SIGNING_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)));
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_string),
        credentials.expires_after(),
        "awsjson-runtime",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| SigningError::new("invalid signing parameters", e))?
        .into();
    let signable = SignableRequest::new(
        &request.method,
        request.uri.as_str(),
        request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
        SignableBody::Precomputed(payload_sha256(&request.body)),
    )
    .map_err(|e| SigningError::new("request cannot be signed", e))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| SigningError::new("request cannot be signed", e))?
        .into_parts();
    let (headers, _query) = instructions.into_parts();
    request.headers.extend(
        headers
            .into_iter()
            .map(|header| (header.name().to_string(), header.value().to_string())),
    );
    Ok(())
}
