//! Smithy JSON AST -> Rust SDK code generator for `awsJson1_0` services.
//!
//! The stages run in one direction, one module each: [`model`] parses the JSON AST, [`ir`] decides
//! every Rust name and type (with [`endpoints`] compiling the service's endpoint rules), [`render`]
//! turns the IR into token streams and formatted source, and [`write`] knows the file layout and
//! writes (or checks) the generated crate.
#![forbid(unsafe_code)]

pub mod docs;
pub mod endpoints;
pub mod error;
pub mod ir;
pub mod jmespath;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod pattern;
pub mod protocol_tests;
pub mod render;
pub mod tasks;
pub mod validation;
pub mod waiters;
pub mod write;

pub use error::ModelError;

use std::time::{Duration, Instant};

pub use render::crate_root::CrateConfig;
pub use write::{GeneratedFile, RenderError};

/// Any error of the in-memory pipeline.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// How long each in-memory stage took.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimings {
    pub parse: Duration,
    pub resolve: Duration,
    /// Rendering token streams.
    pub render: Duration,
    /// Formatting them (`syn` parse and `prettyplease`).
    pub format: Duration,
}

/// The result of running the pipeline on one model.
#[derive(Debug, Clone)]
pub struct Generated {
    pub ir: ir::Ir,
    pub files: Vec<GeneratedFile>,
    /// Number of shapes in the model (prelude excluded).
    pub model_shapes: usize,
    pub timings: StageTimings,
}

/// Parses, resolves and renders a model: everything except writing.
pub fn generate(
    model_json: &str,
    service: Option<&str>,
    config: &CrateConfig,
) -> Result<Generated, GenerateError> {
    let start = Instant::now();
    let model = model::parse_model(model_json)?;
    let parsed = Instant::now();
    let mut ir = ir::resolve(&model, service)?;
    let (waiters, skipped_waiters) =
        waiters::compile_waiters(&ir).map_err(|problem| ModelError::InvalidTrait {
            shape: ir.service.shape_id.to_string(),
            trait_id: "smithy.waiters#waitable".to_string(),
            problem,
        })?;
    ir.waiters = waiters;
    ir.skipped_waiters = skipped_waiters;
    let resolved = Instant::now();
    let mut rendered_files = write::render_files(&ir, config);
    if let Some(tokens) = protocol_tests::render_smoke_tests(&model, &ir).map_err(|problem| {
        ModelError::InvalidTrait {
            shape: ir.service.shape_id.to_string(),
            trait_id: "smithy.test#smokeTests".to_string(),
            problem,
        }
    })? {
        rendered_files.push(write::RenderedFile::Rust(
            "src/smoke_tests.rs".to_string(),
            tokens,
        ));
    }
    let rendered = Instant::now();
    let files = write::format_files(rendered_files)?;
    let formatted = Instant::now();
    let model_shapes = model
        .shapes
        .keys()
        .filter(|id| id.namespace() != "smithy.api")
        .count();
    Ok(Generated {
        ir,
        files,
        model_shapes,
        timings: StageTimings {
            parse: parsed - start,
            resolve: resolved - parsed,
            render: rendered - resolved,
            format: formatted - rendered,
        },
    })
}
