//! Test support for the end-to-end tests in `tests/`: a local HTTP server ([`server`]), a local
//! moto server ([`moto`]) and the scratch workspaces that generated crates are built in
//! ([`write_scratch_workspace`]).

pub mod moto;
pub mod server;

use std::path::{Path, PathBuf};

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
