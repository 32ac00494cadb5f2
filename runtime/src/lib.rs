//! Runtime support for generated awsJson1_0 SDK crates: the wire codec, the HTTP transport,
//! SigV4 signing, credentials, retries, errors, and what compiled endpoint rules call
//! ([`endpoint`]). Generated code stays thin: types, their codec impls, one call per operation
//! into [`client::ServiceClient::call`], and endpoint rules as plain Rust.
//!
//! Generated code does not use `serde` derives. Instead every generated shape
//! implements [`codec::WireSerialize`] and [`codec::WireDeserialize`] by hand,
//! and this crate bridges those traits to `serde` / `serde_json` (see
//! [`codec`] for the wire rules and a worked example).
//!
//! The crates generated code needs are re-exported ([`serde`], [`serde_json`],
//! [`time`]) so a generated crate only has to depend on this runtime.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "blocking")]
pub mod blocking;
pub mod client;
pub mod codec;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod operation;
pub mod sign;
pub mod task;
pub mod transport;
#[cfg(feature = "validation")]
pub mod validation;
pub mod waiter;

pub use client::{CompressionConfig, Config, ConfigBuilder, ConfigError};
pub use codec::{BigDecimal, BigInteger, Blob, DateTime, Document, TimestampFormat};
pub use credentials::Credentials;
pub use error::{OperationError, SdkError, UnhandledError, ValidationError, Violation};
pub use operation::{BuildError, Operation, Paginated, Paginator};
pub use transport::MockTransport;

pub use serde;
pub use serde_json;
pub use time;
