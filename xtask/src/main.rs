//! Maintainer tasks. `cargo xtask codegen` regenerates the SDK crate from the Smithy model;
//! `cargo xtask codegen --check` writes nothing and fails if the checked-in crate has drifted.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use codegen::manifest::Manifest;

#[derive(Parser)]
#[command(name = "xtask", about = "Maintainer tasks for the SDK generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate an SDK crate from a Smithy JSON model (default: the manifest's model into
    /// `generated-sdk/`).
    Codegen(CodegenArgs),
}

#[derive(Args)]
struct CodegenArgs {
    /// Compare with what is on disk instead of writing; exit non-zero listing every file that
    /// differs, is missing or is orphaned.
    #[arg(long)]
    check: bool,
    /// The Smithy JSON AST file. Without it the model is found via $SDK_MODEL_PATH, a copy in
    /// `model/`, then `../shared/models/`, and its sha256 is checked against `model/manifest.toml`.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Output directory of the generated crate.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Cargo package name of the generated crate.
    #[arg(long)]
    crate_name: Option<String>,
    /// Service shape to generate (name or absolute id) when the model holds several.
    #[arg(long)]
    service: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

fn codegen(args: CodegenArgs) -> Result<ExitCode> {
    let root = workspace_root();
    let manifest = Manifest::load(&root)?;
    // An explicit --model is any model; the default one must be the manifest's exact file.
    let (model_path, bytes) = match &args.model {
        Some(path) => (
            path.clone(),
            std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?,
        ),
        None => {
            let path = manifest.find_model(&root)?;
            let bytes = manifest.read_verified(&path)?;
            (path, bytes)
        }
    };
    let json = String::from_utf8(bytes)
        .with_context(|| format!("model {} is not UTF-8", model_path.display()))?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(&manifest.out_dir));
    let package_name = args
        .crate_name
        .clone()
        .unwrap_or_else(|| manifest.package_name.clone());
    let config = codegen::CrateConfig {
        package_name,
        version: manifest.version.clone(),
        runtime_dependency: codegen::manifest::runtime_dependency(&root, &out_dir),
    };

    let start = Instant::now();
    let generated = codegen::generate(&json, args.service.as_deref(), &config)
        .with_context(|| format!("cannot generate from {}", model_path.display()))?;
    let in_memory = start.elapsed();

    if args.check {
        let drift = codegen::write::check_files(&out_dir, &generated.files)
            .with_context(|| format!("cannot read {}", out_dir.display()))?;
        if drift.is_empty() {
            println!(
                "codegen --check: {} files in {} match the model ({} shapes)",
                generated.files.len(),
                out_dir.display(),
                generated.model_shapes
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "codegen --check: {} is out of date with the model:",
            out_dir.display()
        );
        for d in &drift {
            eprintln!("  {d}");
        }
        eprintln!("run `cargo xtask codegen` to update it");
        return Ok(ExitCode::FAILURE);
    }

    let write_start = Instant::now();
    let summary = codegen::write::write_files(&out_dir, &generated.files)
        .with_context(|| format!("cannot write {}", out_dir.display()))?;
    let write_time = write_start.elapsed();
    let t = generated.timings;
    println!(
        "codegen: {} shapes -> {}: {} written, {} unchanged, {} removed in {:.0?} (parse {:.0?}, resolve {:.0?}, render {:.0?}, format {:.0?}, write {:.0?})",
        generated.model_shapes,
        out_dir.display(),
        summary.written.len(),
        summary.unchanged.len(),
        summary.removed.len(),
        in_memory + write_time,
        t.parse,
        t.resolve,
        t.render,
        t.format,
        write_time,
    );
    Ok(ExitCode::SUCCESS)
}
