//! Maintainer tasks. `cargo xtask codegen` regenerates every SDK crate `model/manifest.toml` lists
//! from its Smithy model; `cargo xtask codegen --check` writes nothing and fails if a checked-in
//! crate has drifted.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use codegen::manifest::{Manifest, ManifestEntry};

#[derive(Parser)]
#[command(name = "xtask", about = "Maintainer tasks for the SDK generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate SDK crates from Smithy JSON models (default: every crate `model/manifest.toml`
    /// lists, each into its output directory).
    Codegen(CodegenArgs),
}

#[derive(Args)]
struct CodegenArgs {
    /// Compare with what is on disk instead of writing; exit non-zero listing every file that
    /// differs, is missing or is orphaned.
    #[arg(long)]
    check: bool,
    /// The Smithy JSON AST file (any model, no checksum). Without it each manifest model is found
    /// via $SDK_MODEL_PATH, a copy in `model/`, then `../shared/models/`, and its sha256 is checked
    /// against `model/manifest.toml`.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Output directory of the generated crate (default: the manifest entry's).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Cargo package name of the generated crate; without --model, generate only the manifest
    /// entry with this name.
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

/// One crate to generate: its model, output directory and package name.
struct Job {
    model_path: PathBuf,
    json: String,
    out_dir: PathBuf,
    package_name: String,
    version: String,
}

fn codegen(args: CodegenArgs) -> Result<ExitCode> {
    let root = workspace_root();
    let manifest = Manifest::load(&root)?;
    let jobs = plan_jobs(&root, &manifest, &args)?;
    let mut failed = false;
    for job in &jobs {
        if !codegen_one(&root, job, &args)? {
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Without `--model`: every manifest entry (or the one `--crate-name` names), each model found and
/// its sha256 checked. With `--model`: that one file (any model, no checksum), written to `--out`,
/// or to the output directory of the manifest entry with the same file name.
fn plan_jobs(root: &Path, manifest: &Manifest, args: &CodegenArgs) -> Result<Vec<Job>> {
    let read_utf8 = |path: &Path, bytes: Vec<u8>| {
        String::from_utf8(bytes).with_context(|| format!("model {} is not UTF-8", path.display()))
    };
    if let Some(path) = &args.model {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
        let entry = match &args.crate_name {
            Some(name) => manifest.entry(name),
            None => manifest.entry_for_model_file(path),
        };
        let out_dir = match (&args.out, entry) {
            (Some(out), _) => out.clone(),
            (None, Some(entry)) => root.join(&entry.out_dir),
            (None, None) => anyhow::bail!(
                "--model {} is not a model listed in model/manifest.toml: pass --out DIR (and --crate-name NAME)",
                path.display()
            ),
        };
        let package_name = match (&args.crate_name, entry) {
            (Some(name), _) => name.clone(),
            (None, Some(entry)) => entry.package_name.clone(),
            (None, None) => anyhow::bail!(
                "--model {} is not a model listed in model/manifest.toml: pass --crate-name NAME",
                path.display()
            ),
        };
        let version = entry.map_or_else(|| "0.1.0".to_string(), |e| e.version.clone());
        return Ok(vec![Job {
            json: read_utf8(path, bytes)?,
            model_path: path.clone(),
            out_dir,
            package_name,
            version,
        }]);
    }
    let entries: Vec<&ManifestEntry> = match &args.crate_name {
        Some(name) => vec![manifest.entry(name).with_context(|| {
            format!(
                "--crate-name {name} is not in model/manifest.toml (it lists {}); pass --model PATH to generate another model",
                manifest.sdk.iter().map(|e| e.package_name.as_str()).collect::<Vec<_>>().join(", ")
            )
        })?],
        None => manifest.sdk.iter().collect(),
    };
    if args.out.is_some() && entries.len() > 1 {
        anyhow::bail!("--out needs --model or --crate-name: the manifest lists several crates");
    }
    entries
        .into_iter()
        .map(|entry| {
            let path = entry.find_model(root)?;
            let bytes = entry.read_verified(&path)?;
            Ok(Job {
                json: read_utf8(&path, bytes)?,
                model_path: path,
                out_dir: args
                    .out
                    .clone()
                    .unwrap_or_else(|| root.join(&entry.out_dir)),
                package_name: entry.package_name.clone(),
                version: entry.version.clone(),
            })
        })
        .collect()
}

/// Generates (or with `--check` compares) one crate; `false` when the check found drift.
fn codegen_one(root: &Path, job: &Job, args: &CodegenArgs) -> Result<bool> {
    let out_dir = &job.out_dir;
    let config = codegen::CrateConfig {
        package_name: job.package_name.clone(),
        version: job.version.clone(),
        runtime_dependency: codegen::manifest::runtime_dependency(root, out_dir),
    };

    let start = Instant::now();
    let generated = codegen::generate(&job.json, args.service.as_deref(), &config)
        .with_context(|| format!("cannot generate from {}", job.model_path.display()))?;
    let in_memory = start.elapsed();

    if args.check {
        let drift = codegen::write::check_files(out_dir, &generated.files)
            .with_context(|| format!("cannot read {}", out_dir.display()))?;
        if drift.is_empty() {
            println!(
                "codegen --check: {} files in {} match the model ({} shapes)",
                generated.files.len(),
                out_dir.display(),
                generated.model_shapes
            );
            return Ok(true);
        }
        eprintln!(
            "codegen --check: {} is out of date with the model:",
            out_dir.display()
        );
        for d in &drift {
            eprintln!("  {d}");
        }
        eprintln!("run `cargo xtask codegen` to update it");
        return Ok(false);
    }

    let write_start = Instant::now();
    let summary = codegen::write::write_files(out_dir, &generated.files)
        .with_context(|| format!("cannot write {}", out_dir.display()))?;
    let write_time = write_start.elapsed();
    let t = generated.timings;
    println!(
        "codegen: {} shapes -> {}: {} written, {} unchanged, {} removed in {} ms (parse {}, resolve {}, render {}, format {}, write {} ms)",
        generated.model_shapes,
        out_dir.display(),
        summary.written.len(),
        summary.unchanged.len(),
        summary.removed.len(),
        millis(in_memory + write_time),
        millis(t.parse),
        millis(t.resolve),
        millis(t.render),
        millis(t.format),
        millis(write_time),
    );
    Ok(true)
}

/// A duration in milliseconds with one decimal, the resolution the stage timings need.
fn millis(d: std::time::Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}
