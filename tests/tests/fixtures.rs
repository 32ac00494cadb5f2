//! Small fixture models the team writes, one per feature (`fixtures/models/*.json`):
//!
//! - each one's generated Rust is a reviewed `insta` snapshot (`tests/snapshots/`);
//! - all of them are generated into one scratch workspace that must pass
//!   `cargo clippy --all-targets -- -D warnings`, `cargo fmt --check`, `cargo doc` with warnings
//!   denied, and
//!   `cargo test`, where the behaviour tests in
//!   `fixtures/behaviour/<fixture>.rs` (round trips, defaults, redaction, errors) run against the
//!   generated crate of the same name.

use std::path::{Path, PathBuf};
use std::process::Command;

use sdk_tests::{workspace_root, write_scratch_workspace};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Fixture names (file stems), sorted.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_root().join("models"))
        .expect("fixtures/models")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn generate(name: &str, runtime_dependency: String) -> Vec<codegen::GeneratedFile> {
    let json = std::fs::read_to_string(fixtures_root().join("models").join(format!("{name}.json")))
        .expect("fixture model");
    let config = codegen::CrateConfig {
        package_name: format!("fixture-{name}"),
        version: "0.0.0".to_string(),
        runtime_dependency,
    };
    match codegen::generate(&json, None, &config) {
        Ok(generated) => generated.files,
        Err(e) => panic!("fixture {name} does not generate: {e}"),
    }
}

#[test]
fn fixture_snapshots() {
    let names = fixture_names();
    assert!(
        names.len() >= 8,
        "expected the fixture models, found {names:?}"
    );
    for name in names {
        let files = generate(&name, "{ path = \"../runtime\" }".to_string());
        let mut text = String::new();
        for file in &files {
            text.push_str(&format!("//// {} ////\n", file.path));
            text.push_str(&file.contents);
            text.push('\n');
        }
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn fixture_crates_compile_lint_clean_and_behave() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).expect("clean scratch workspace");
    }
    let runtime = workspace_root().join("runtime");
    // Without the default HTTP client: the fixtures exercise types and the codec, and skipping
    // hyper and rustls keeps this scratch build small.
    let runtime_dependency = format!(
        "{{ path = {:?}, default-features = false }}",
        runtime.display().to_string()
    );
    let names = fixture_names();
    for name in &names {
        let dir = scratch.join(name);
        codegen::write::write_files(&dir, &generate(name, runtime_dependency.clone()))
            .expect("write fixture crate");
        let behaviour = fixtures_root().join("behaviour").join(format!("{name}.rs"));
        if behaviour.exists() {
            std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
            std::fs::copy(&behaviour, dir.join("tests/behaviour.rs")).expect("copy behaviour test");
        }
    }
    write_scratch_workspace(&scratch, &names);

    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-target");
    let cargo = |args: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "`cargo {}` failed in {}:\n{}\n{}",
            args.join(" "),
            scratch.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    // With client-side validation, whose code is behind the `validation` feature; the waiters
    // fixture's behaviour tests also drive its blocking client.
    let features = "validation,fixture-waiters/blocking";
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--features",
        features,
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]);
    // `cargo fmt --check` passes on generated crates (modules are `#[rustfmt::skip]`; lib.rs
    // must already be in rustfmt's shape).
    cargo(&["fmt", "--all", "--check"]);
    // Rustdoc of every fixture: no broken intra-doc links, no warnings.
    cargo(&[
        "doc",
        "--workspace",
        "--no-deps",
        "--features",
        "validation",
        "--quiet",
    ]);
    let test_output = cargo(&["test", "--workspace", "--features", features, "--quiet"]);
    // Every behaviour file must have run some tests.
    let behaviour_files = std::fs::read_dir(fixtures_root().join("behaviour"))
        .expect("behaviour dir")
        .count();
    let passing_runs = test_output
        .lines()
        .filter(|l| l.starts_with("test result: ok.") && !l.contains(" 0 passed"))
        .count();
    assert!(
        passing_runs >= behaviour_files,
        "expected {behaviour_files} behaviour test runs with tests, got:\n{test_output}"
    );
}
