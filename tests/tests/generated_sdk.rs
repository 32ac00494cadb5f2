//! The checked-in `generated-sdk/` is exactly what the generator makes from the manifest's model
//! (the drift check, also run as `cargo xtask codegen --check`), and generating twice gives the
//! same bytes.

use std::path::{Path, PathBuf};

use codegen::manifest::{runtime_dependency, Manifest};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The manifest's model, or `None` (with the reason printed) when it is not on this machine. In CI
/// a missing model is a failure, not a skip.
fn manifest_model() -> Option<(Manifest, String)> {
    let root = workspace_root();
    let manifest = Manifest::load(&root).expect("model/manifest.toml");
    let found = manifest
        .find_model(&root)
        .and_then(|path| manifest.read_verified(&path));
    match found {
        Ok(bytes) => Some((manifest, String::from_utf8(bytes).expect("model is UTF-8"))),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: {e}");
            None
        }
        Err(e) => panic!("{e}"),
    }
}

fn generate(manifest: &Manifest, json: &str) -> codegen::Generated {
    let root = workspace_root();
    let config = codegen::CrateConfig {
        package_name: manifest.package_name.clone(),
        version: manifest.version.clone(),
        runtime_dependency: runtime_dependency(&root, &root.join(&manifest.out_dir)),
    };
    codegen::generate(json, None, &config).expect("the real model generates")
}

#[test]
fn checked_in_sdk_matches_the_model() {
    let Some((manifest, json)) = manifest_model() else {
        return;
    };
    let generated = generate(&manifest, &json);
    let out_dir = workspace_root().join(&manifest.out_dir);
    let drift = codegen::write::check_files(&out_dir, &generated.files).expect("readable");
    assert!(
        drift.is_empty(),
        "generated-sdk/ is out of date with the model; run `cargo xtask codegen` and review the diff:\n{}",
        drift.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn generation_is_deterministic_and_complete() {
    let Some((manifest, json)) = manifest_model() else {
        return;
    };
    let first = generate(&manifest, &json);
    let second = generate(&manifest, &json);
    assert_eq!(first.files, second.files);

    let ir = &first.ir;
    assert_eq!(first.model_shapes, 382);
    assert_eq!(ir.operations.len(), 42);
    assert_eq!(ir.enums.len(), 48);
    assert_eq!(ir.unions.len(), 5);
    assert_eq!(ir.errors.len(), 7);
    // 156 structures in the model: 42 inputs, 33 outputs (9 operations return Unit) and 7 errors
    // become operation and error types; the rest are plain types.
    let io_shapes: std::collections::BTreeSet<_> = ir
        .operations
        .iter()
        .flat_map(|op| [&op.input.shape_id, &op.output.shape_id])
        .filter(|id| !id.is_unit())
        .collect();
    assert_eq!(io_shapes.len(), 75);
    assert_eq!(ir.structures.len() + io_shapes.len() + ir.errors.len(), 156);
}
