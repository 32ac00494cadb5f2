//! Test support for the end-to-end tests in `tests/`: a local HTTP server ([`server`]).

pub mod server;
