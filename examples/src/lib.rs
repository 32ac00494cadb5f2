//! Runnable examples of the generated SDK, one per seed operation (see `examples/`).
//!
//! Each reads the region and credentials from the environment (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` or a shared profile) and
//! sends to `PARTNERCENTRAL_ENDPOINT` when it is set (for example a local test server).
#![forbid(unsafe_code)]

use partnercentral_selling_sdk::{Client, ConfigError};

/// A client from the environment, with `PARTNERCENTRAL_ENDPOINT` as the endpoint when set.
pub fn client_from_env() -> Result<Client, ConfigError> {
    let mut builder = Client::config_builder();
    if let Ok(endpoint) = std::env::var("PARTNERCENTRAL_ENDPOINT") {
        builder = builder.endpoint_url(endpoint);
    }
    Ok(Client::new(builder.build()?))
}

/// The first command-line argument, or `default`.
pub fn arg(index: usize, default: &str) -> String {
    std::env::args()
        .nth(index)
        .unwrap_or_else(|| default.to_string())
}
