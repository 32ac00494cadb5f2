//! Runtime support for generated awsJson1_0 SDK crates.
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

pub mod codec;

pub use codec::{BigDecimal, BigInteger, Blob, DateTime, Document, TimestampFormat};

pub use serde;
pub use serde_json;
pub use time;
