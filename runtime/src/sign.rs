//! SigV4 request signing with the official `aws-sigv4` crate.

use std::fmt;
use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::credentials::Credentials;
use crate::http::HttpRequest;

/// Why a request could not be signed.
#[derive(Debug)]
pub struct SigningError {
    message: String,
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SigningError {}

fn signing_error(e: impl fmt::Display) -> SigningError {
    SigningError {
        message: e.to_string(),
    }
}

/// Lowercase hex SHA-256 of the payload, as SigV4 wants it.
fn payload_sha256(body: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Signs `request` in place for SigV4 (`service` e.g. `partnercentral-selling`, `region` e.g.
/// `us-east-1`) at `time`: adds `x-amz-date`, `authorization`, and `x-amz-security-token` when
/// the credentials have a session token. The request must already carry every header that will be
/// sent (including `host`); the payload hash covers the body.
pub fn sign_request(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SigningError> {
    let identity: Identity = aws_credential_types::Credentials::new(
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
        .map_err(signing_error)?
        .into();
    let signable = SignableRequest::new(
        &request.method,
        request.uri.as_str(),
        request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
        // The hash, not the body: `aws-sigv4` logs the request it signs at trace level, and the
        // body may hold `@sensitive` values.
        SignableBody::Precomputed(payload_sha256(&request.body)),
    )
    .map_err(signing_error)?;
    let (instructions, _signature) = sign(signable, &params).map_err(signing_error)?.into_parts();
    let (headers, _query) = instructions.into_parts();
    for header in headers {
        request
            .headers
            .push((header.name().to_string(), header.value().to_string()));
    }
    Ok(())
}
