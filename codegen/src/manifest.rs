//! The model manifest (`model/manifest.toml`): which model files the checked-in SDKs are built
//! from, where to find them, the sha256 each must have, and the crate each becomes. Shared by the
//! xtask and the drift-check test.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Environment variable that names a model file, or a directory holding the manifest's model files
/// (second in the search order, after `--model`).
pub const MODEL_ENV: &str = "SDK_MODEL_PATH";

/// `model/manifest.toml`: one `[[sdk]]` table per checked-in generated crate.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The generated crates, in the order they are generated and checked.
    pub sdk: Vec<ManifestEntry>,
}

/// One checked-in generated crate and the model it is built from.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// File name of the model.
    pub file: String,
    /// Where the file comes from upstream.
    pub source: String,
    /// Expected sha256 of the file, lowercase hex.
    pub sha256: String,
    /// Cargo package name of the generated crate.
    pub package_name: String,
    /// Version of the generated crate.
    pub version: String,
    /// Output directory, relative to the workspace root.
    pub out_dir: String,
}

/// Why the manifest or its model could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid manifest: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("model `{file}` not found; looked in:\n  - {}\npass --model PATH, set ${MODEL_ENV}, or copy the file into model/ (it is gitignored)", tried.join("\n  - "))]
    NotFound { file: String, tried: Vec<String> },
    #[error("model {path} has sha256 {actual}, but model/manifest.toml expects {expected}: the file was altered or is another version (update the manifest deliberately if the model changed)")]
    Checksum {
        path: PathBuf,
        actual: String,
        expected: String,
    },
}

impl Manifest {
    /// Reads `<workspace_root>/model/manifest.toml`. It must list at least one crate, and no two
    /// entries may share a package name or an output directory.
    pub fn load(workspace_root: &Path) -> Result<Manifest, ManifestError> {
        let path = workspace_root.join("model/manifest.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Io {
            path: path.clone(),
            source,
        })?;
        Manifest::parse(&text).map_err(|message| ManifestError::Invalid { path, message })
    }

    /// Parses and checks the manifest's text.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut manifest: Manifest = toml::from_str(text).map_err(|e| e.to_string())?;
        if manifest.sdk.is_empty() {
            return Err("no [[sdk]] entry".to_string());
        }
        for entry in &mut manifest.sdk {
            entry.sha256.make_ascii_lowercase();
            if entry.sha256.len() != 64 || !entry.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "[[sdk]] `{}`: sha256 `{}` is not 64 hex digits",
                    entry.package_name, entry.sha256
                ));
            }
        }
        for (i, a) in manifest.sdk.iter().enumerate() {
            for b in &manifest.sdk[i + 1..] {
                if a.package_name == b.package_name {
                    return Err(format!(
                        "two [[sdk]] entries have the package name `{}`",
                        a.package_name
                    ));
                }
                if a.out_dir == b.out_dir {
                    return Err(format!(
                        "[[sdk]] `{}` and `{}` both write to `{}`",
                        a.package_name, b.package_name, a.out_dir
                    ));
                }
            }
        }
        Ok(manifest)
    }

    /// The entry with this package name.
    pub fn entry(&self, package_name: &str) -> Option<&ManifestEntry> {
        self.sdk.iter().find(|e| e.package_name == package_name)
    }

    /// The entry whose model file has this file name.
    pub fn entry_for_model_file(&self, path: &Path) -> Option<&ManifestEntry> {
        let name = path.file_name()?.to_str()?;
        self.sdk.iter().find(|e| e.file == name)
    }
}

impl ManifestEntry {
    /// Finds the model: `$SDK_MODEL_PATH` (a file with this entry's file name, or a directory
    /// holding it), then `model/<file>`, then `../shared/models/<file>` (relative to the
    /// workspace root).
    pub fn find_model(&self, workspace_root: &Path) -> Result<PathBuf, ManifestError> {
        let mut tried = Vec::new();
        match std::env::var_os(MODEL_ENV) {
            Some(path) => {
                let path = PathBuf::from(path);
                if path.is_dir() {
                    let candidate = path.join(&self.file);
                    if candidate.is_file() {
                        return Ok(candidate);
                    }
                    tried.push(format!(
                        "${MODEL_ENV}/{} = {} (no such file)",
                        self.file,
                        candidate.display()
                    ));
                } else if path.is_file()
                    && path.file_name().is_some_and(|n| n == self.file.as_str())
                {
                    return Ok(path);
                } else if path.is_file() {
                    tried.push(format!(
                        "${MODEL_ENV} = {} (another file name)",
                        path.display()
                    ));
                } else {
                    tried.push(format!("${MODEL_ENV} = {} (no such file)", path.display()));
                }
            }
            None => tried.push(format!("${MODEL_ENV} (not set)")),
        }
        for candidate in [
            workspace_root.join("model").join(&self.file),
            workspace_root.join("../shared/models").join(&self.file),
        ] {
            if candidate.is_file() {
                return Ok(candidate);
            }
            tried.push(candidate.display().to_string());
        }
        Err(ManifestError::NotFound {
            file: self.file.clone(),
            tried,
        })
    }

    /// Reads the model at `path` and checks its sha256 against the manifest.
    pub fn read_verified(&self, path: &Path) -> Result<Vec<u8>, ManifestError> {
        let bytes = std::fs::read(path).map_err(|source| ManifestError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let actual = sha256_hex(&bytes);
        if actual != self.sha256 {
            return Err(ManifestError::Checksum {
                path: path.to_path_buf(),
                actual,
                expected: self.sha256.clone(),
            });
        }
        Ok(bytes)
    }
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The runtime dependency for the generated Cargo.toml: a path relative to the output directory
/// when one exists, else absolute.
pub fn runtime_dependency(root: &Path, out_dir: &Path) -> String {
    let runtime = root.join("runtime");
    let out_abs = absolute(out_dir);
    let runtime_abs = absolute(&runtime);
    let path = relative_path(&out_abs, &runtime_abs)
        .unwrap_or(runtime_abs)
        .to_string_lossy()
        .replace('\\', "/");
    format!("{{ path = \"{path}\" }}")
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Normalise `.` and `..` lexically (the output directory may not exist yet).
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    Some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(file: &str, sha256: &str) -> ManifestEntry {
        ManifestEntry {
            file: file.to_string(),
            source: "test".to_string(),
            sha256: sha256.to_string(),
            package_name: "p".to_string(),
            version: "0.0.0".to_string(),
            out_dir: "out".to_string(),
        }
    }

    #[test]
    fn a_missing_model_error_lists_every_place_looked() {
        let root = std::env::temp_dir().join(format!("manifest-missing-{}", std::process::id()));
        let err = manifest("nowhere.json", "00")
            .find_model(&root)
            .expect_err("not found");
        let text = err.to_string();
        assert!(text.contains("model `nowhere.json` not found"), "{text}");
        assert!(text.contains(MODEL_ENV), "{text}");
        assert!(text.contains(
            &root
                .join("model")
                .join("nowhere.json")
                .display()
                .to_string()
        ));
        assert!(text.contains("shared/models"), "{text}");
    }

    #[test]
    fn an_altered_model_is_refused() {
        let dir = std::env::temp_dir().join(format!("manifest-sha-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.json");
        std::fs::write(&path, b"{}").unwrap();
        let good = sha256_hex(b"{}");
        assert!(manifest("m.json", &good).read_verified(&path).is_ok());
        let err = manifest("m.json", &"0".repeat(64))
            .read_verified(&path)
            .expect_err("mismatch");
        assert!(err.to_string().contains(&good), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    const ENTRY: &str = "file = \"a.json\"\nsource = \"s\"\nsha256 = \"ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"\nversion = \"0.1.0\"\n";

    #[test]
    fn a_manifest_lists_several_crates() {
        let text = format!(
            "[[sdk]]\n{ENTRY}package_name = \"a\"\nout_dir = \"gen/a\"\n[[sdk]]\n{ENTRY}package_name = \"b\"\nout_dir = \"gen/b\"\n"
        );
        let manifest = Manifest::parse(&text).expect("valid");
        assert_eq!(manifest.sdk.len(), 2);
        assert_eq!(manifest.entry("b").unwrap().out_dir, "gen/b");
        assert!(manifest.sdk[0].sha256.starts_with("abcdef"));
        assert_eq!(
            manifest
                .entry_for_model_file(Path::new("x/a.json"))
                .unwrap()
                .package_name,
            "a"
        );
    }

    #[test]
    fn a_manifest_with_clashing_entries_is_refused() {
        let same_name = format!(
            "[[sdk]]\n{ENTRY}package_name = \"a\"\nout_dir = \"x\"\n[[sdk]]\n{ENTRY}package_name = \"a\"\nout_dir = \"y\"\n"
        );
        let err = Manifest::parse(&same_name).expect_err("duplicate name");
        assert!(err.contains("package name `a`"), "{err}");
        let same_dir = format!(
            "[[sdk]]\n{ENTRY}package_name = \"a\"\nout_dir = \"x\"\n[[sdk]]\n{ENTRY}package_name = \"b\"\nout_dir = \"x\"\n"
        );
        let err = Manifest::parse(&same_dir).expect_err("duplicate dir");
        assert!(err.contains("both write to `x`"), "{err}");
        let err = Manifest::parse("sdk = []").expect_err("empty");
        assert!(err.contains("no [[sdk]]"), "{err}");
    }

    #[test]
    fn runtime_dependency_is_relative_to_the_output() {
        let root = Path::new("/ws");
        assert_eq!(
            runtime_dependency(root, Path::new("/ws/generated-sdk")),
            "{ path = \"../runtime\" }"
        );
        assert_eq!(
            runtime_dependency(root, Path::new("/ws/target/tmp/x")),
            "{ path = \"../../../runtime\" }"
        );
    }
}
