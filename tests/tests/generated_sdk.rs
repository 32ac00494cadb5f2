//! Every checked-in generated crate (`generated-sdk/`, `generated/dynamodb-sdk/`,
//! `generated/dynamodb-streams-sdk/`) is exactly what the generator makes from its manifest model
//! (the drift check, also run as `cargo xtask codegen --check`), and generating twice gives the
//! same bytes.

use std::path::{Path, PathBuf};

use codegen::manifest::{runtime_dependency, Manifest, ManifestEntry};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

fn generate(manifest: &ManifestEntry, json: &str) -> codegen::Generated {
    let root = workspace_root();
    let config = codegen::CrateConfig {
        package_name: manifest.package_name.clone(),
        version: manifest.version.clone(),
        runtime_dependency: runtime_dependency(&root, &root.join(&manifest.out_dir)),
    };
    codegen::generate(json, None, &config).expect("the real model generates")
}

#[test]
fn checked_in_sdks_match_their_models() {
    let manifest = Manifest::load(&workspace_root()).expect("model/manifest.toml");
    let names: Vec<_> = manifest
        .sdk
        .iter()
        .map(|e| e.package_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "partnercentral-selling-sdk",
            "dynamodb-sdk",
            "dynamodb-streams-sdk"
        ]
    );
    for name in names {
        let Some((entry, json)) = sdk_tests::manifest_model(name) else {
            continue;
        };
        let generated = generate(&entry, &json);
        let out_dir = workspace_root().join(&entry.out_dir);
        let drift = codegen::write::check_files(&out_dir, &generated.files).expect("readable");
        assert!(
            drift.is_empty(),
            "{} is out of date with its model; run `cargo xtask codegen` and review the diff:\n{}",
            entry.out_dir,
            drift
                .iter()
                .map(|d| format!("  {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn generation_is_deterministic_and_complete() {
    let Some((manifest, json)) = sdk_tests::manifest_model("partnercentral-selling-sdk") else {
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

#[test]
fn dynamodb_models_generate_with_their_waiters() {
    let Some((entry, json)) = sdk_tests::manifest_model("dynamodb-sdk") else {
        return;
    };
    let generated = generate(&entry, &json);
    let ir = &generated.ir;
    assert_eq!(ir.operations.len(), 57);
    let waiters: Vec<_> = ir.waiters.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(
        waiters,
        [
            "ContributorInsightsEnabled",
            "ExportCompleted",
            "ImportCompleted",
            "KinesisStreamingDestinationActive",
            "TableExists",
            "TableNotExists"
        ]
    );
    // Every waiter compiles, including the one with `length()` and a filter.
    assert_eq!(ir.skipped_waiters, []);
    let lib = generated
        .files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("lib.rs");
    assert!(!lib.contents.contains("Not generated"));

    let Some((entry, json)) = sdk_tests::manifest_model("dynamodb-streams-sdk") else {
        return;
    };
    let streams = generate(&entry, &json);
    assert_eq!(streams.ir.operations.len(), 4);
    assert!(streams.ir.waiters.is_empty() && streams.ir.skipped_waiters.is_empty());
}
