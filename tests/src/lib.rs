//! Test support for the end-to-end tests in `tests/`: a local HTTP server ([`server`]), a local
//! moto server ([`moto`]), a subscriber that records `tracing` output ([`capture`]) and the
//! scratch workspaces that generated crates are built in ([`write_scratch_workspace`]).
#![forbid(unsafe_code)]

pub mod capture;
pub mod moto;
pub mod server;

use std::path::{Path, PathBuf};

/// The manifest entry for `package_name` (e.g. `partnercentral-selling-sdk`) and its model's
/// JSON, or `None` (with the reason printed) when the model is not on this machine. In CI (`CI`
/// set) a missing model is a failure, not a skip.
pub fn manifest_model(package_name: &str) -> Option<(codegen::manifest::ManifestEntry, String)> {
    let root = workspace_root();
    let manifest = codegen::manifest::Manifest::load(&root).expect("model/manifest.toml");
    let entry = manifest
        .entry(package_name)
        .unwrap_or_else(|| panic!("{package_name} is in model/manifest.toml"))
        .clone();
    let found = entry
        .find_model(&root)
        .and_then(|path| entry.read_verified(&path));
    match found {
        Ok(bytes) => Some((entry, String::from_utf8(bytes).expect("model is UTF-8"))),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: {e}");
            None
        }
        Err(e) => panic!("{e}"),
    }
}

/// The main workspace's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Makes `dir` a workspace of the crates in its subdirectories `members`, with the main
/// workspace's `Cargo.lock`, so the scratch build resolves the same versions. (Not `--offline`:
/// on a fresh machine a scratch build may need a crate the main build did not fetch, such as an
/// optional dependency of the runtime.)
pub fn write_scratch_workspace(dir: &Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write the scratch workspace manifest");
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .expect("copy Cargo.lock");
}
