//! Errors of every stage. Each names the shape (by absolute shape id) and what is wrong with it.

use thiserror::Error;

/// A model that cannot be turned into code.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("the model is not a valid Smithy JSON AST (line {line}, column {column}): {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unsupported Smithy IDL version `{0}` (expected 1.0 or 2.0)")]
    UnsupportedVersion(String),
    #[error("`{id}` is not a valid absolute shape id (expected `namespace#Name`)")]
    InvalidShapeId { id: String },
    #[error("shape `{shape}`: {problem}")]
    InvalidShape { shape: String, problem: String },
    #[error("shape `{shape}` has unknown shape type `{shape_type}`")]
    UnknownShapeType { shape: String, shape_type: String },
    #[error("shape `{shape}` refers to `{target}`, which is not defined in the model")]
    DanglingTarget { shape: String, target: String },
    #[error("shape `{shape}`: trait `{trait_id}` is invalid: {problem}")]
    InvalidTrait {
        shape: String,
        trait_id: String,
        problem: String,
    },
    #[error("shape `{shape}`: `{first}` and `{second}` both become the Rust name `{rust_name}`")]
    NameCollision {
        shape: String,
        first: String,
        second: String,
        rust_name: String,
    },
    #[error("shape `{shape}`: {problem}")]
    Unsupported { shape: String, problem: String },
    #[error("{0}")]
    Service(String),
}
