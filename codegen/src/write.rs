//! Write stage: the one place that knows the generated crate's file layout, and that writes it
//! (atomically, only files whose contents changed, removing orphaned generated files) or checks it
//! against what is on disk.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::ir::Ir;
use crate::render::crate_root::{self, CrateConfig};
use crate::render::{client, endpoint, format_file, operation::render_operation, GENERATED_HEADER};

/// One generated file: a path relative to the crate root (with `/`) and its full contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A file could not be formatted (a generator bug: the tokens were not valid Rust).
#[derive(Debug, thiserror::Error)]
#[error("generated file `{path}` is not valid Rust: {source}")]
pub struct RenderError {
    pub path: String,
    #[source]
    pub source: syn::Error,
}

/// Renders and formats every file of the generated crate, sorted by path.
pub fn crate_files(ir: &Ir, config: &CrateConfig) -> Result<Vec<GeneratedFile>, RenderError> {
    format_files(render_files(ir, config))
}

/// A file before formatting: its path and its Rust tokens (or, for non-Rust files, its text).
pub enum RenderedFile {
    Rust(String, proc_macro2::TokenStream),
    Text(GeneratedFile),
}

/// Renders every file of the generated crate to tokens (the formatting is [`format_files`]).
pub fn render_files(ir: &Ir, config: &CrateConfig) -> Vec<RenderedFile> {
    let mut files = vec![RenderedFile::Text(GeneratedFile {
        path: "Cargo.toml".to_string(),
        contents: crate_root::render_cargo_toml(ir, config),
    })];
    let mut rust = vec![
        ("src/lib.rs".to_string(), crate_root::render_lib(ir, config)),
        ("src/client.rs".to_string(), client::render_client(ir)),
        ("src/blocking.rs".to_string(), client::render_blocking(ir)),
        (
            "src/types/mod.rs".to_string(),
            crate_root::render_types_mod(ir),
        ),
        ("src/error.rs".to_string(), crate_root::render_errors(ir)),
        (
            "src/operation/mod.rs".to_string(),
            crate_root::render_operation_mod(ir),
        ),
    ];
    if let Some(rules) = &ir.service.endpoint_rules {
        rust.push((
            "src/endpoint.rs".to_string(),
            endpoint::render_endpoint(ir, rules),
        ));
    }
    if !ir.structures.is_empty() {
        rust.push((
            "src/types/structures.rs".to_string(),
            crate_root::render_structures(ir),
        ));
    }
    if !ir.enums.is_empty() {
        rust.push((
            "src/types/enums.rs".to_string(),
            crate_root::render_enums(ir),
        ));
    }
    if !ir.unions.is_empty() {
        rust.push((
            "src/types/unions.rs".to_string(),
            crate_root::render_unions(ir),
        ));
    }
    if let Some(tokens) = crate::render::validation::render_validation(ir) {
        rust.push(("src/validation.rs".to_string(), tokens));
    }
    for op in &ir.operations {
        rust.push((
            format!("src/operation/{}.rs", op.module.trim_start_matches("r#")),
            render_operation(op),
        ));
    }
    files.extend(
        rust.into_iter()
            .map(|(path, tokens)| RenderedFile::Rust(path, tokens)),
    );
    files
}

/// Formats rendered files, sorted by path.
pub fn format_files(rendered: Vec<RenderedFile>) -> Result<Vec<GeneratedFile>, RenderError> {
    let mut files = rendered
        .into_iter()
        .map(|file| match file {
            RenderedFile::Text(file) => Ok(file),
            RenderedFile::Rust(path, tokens) => match format_file(tokens) {
                Ok(contents) => Ok(GeneratedFile { path, contents }),
                Err(source) => Err(RenderError { path, source }),
            },
        })
        .collect::<Result<Vec<_>, _>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What writing did to each file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// How a file on disk differs from what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// On disk, but with other contents.
    Differs(String),
    /// Generated, but not on disk.
    Missing(String),
    /// A generated file on disk that the generator no longer produces.
    Orphaned(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Differs(p) => write!(f, "differs:  {p}"),
            Drift::Missing(p) => write!(f, "missing:  {p}"),
            Drift::Orphaned(p) => write!(f, "orphaned: {p}"),
        }
    }
}

/// Writes `files` under `out_dir`: each file atomically (temporary file + rename) and only when its
/// contents changed; generated files that are no longer produced are removed.
///
/// A run that is killed leaves every file either as it was or as the generator makes it, never
/// partly written; at most a temporary file of the interrupted write stays beside it, which the
/// next run removes first.
pub fn write_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    remove_stale_temp_files(out_dir, files)?;
    for file in files {
        let path = out_dir.join(&file.path);
        match fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => {
                summary.unchanged.push(file.path.clone());
                continue;
            }
            _ => {}
        }
        write_atomically(&path, file.contents.as_bytes())?;
        summary.written.push(file.path.clone());
    }
    for orphan in orphaned_files(out_dir, files)? {
        fs::remove_file(out_dir.join(&orphan))?;
        if let Some(parent) = out_dir.join(&orphan).parent() {
            // Remove a directory the orphan leaves empty; a non-empty one stays.
            let _ = fs::remove_dir(parent);
        }
        summary.removed.push(orphan);
    }
    Ok(summary)
}

/// Compares `files` with what is under `out_dir`, writing nothing.
pub fn check_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for file in files {
        match fs::read(out_dir.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => drift.push(Drift::Differs(file.path.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(file.path.clone()))
            }
            Err(e) => return Err(e),
        }
    }
    drift.extend(
        orphaned_files(out_dir, files)?
            .into_iter()
            .map(Drift::Orphaned),
    );
    Ok(drift)
}

/// Whether `name` is a temporary file of [`write_atomically`]: `.{file name}.tmp-{process id}`.
pub fn is_temp_file_name(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Removes the temporary files an interrupted earlier run left in the directories `files` go to.
fn remove_stale_temp_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| out_dir.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    for dir in dirs {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            if is_temp_file_name(&entry.file_name().to_string_lossy())
                && entry.file_type()?.is_file()
            {
                fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

/// Writes `path` so that readers see the old contents or the new ones, never a partial file.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Files under `out_dir` that carry the generated header but are not in `files`.
fn orphaned_files(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<String>> {
    let expected: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    let src = out_dir.join("src");
    if src.is_dir() {
        collect_rs_files(&src, &mut found)?;
    }
    let mut orphans = Vec::new();
    for path in found {
        let Ok(relative) = path.strip_prefix(out_dir) else {
            continue;
        };
        let relative = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if expected.contains(relative.as_str()) {
            continue;
        }
        let head = fs::read_to_string(&path).unwrap_or_default();
        if head.starts_with(GENERATED_HEADER) {
            orphans.push(relative);
        }
    }
    orphans.sort();
    Ok(orphans)
}

fn collect_rs_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_rs_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    fn file(path: &str, body: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_string(),
            contents: format!("{GENERATED_HEADER}\n{body}\n"),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_orphans() {
        let dir = scratch("changes");
        let v1 = vec![file("src/lib.rs", "a"), file("src/old.rs", "b")];
        let s = write_files(&dir, &v1).expect("write");
        assert_eq!(s.written, ["src/lib.rs", "src/old.rs"]);
        // A hand-written file (no header) is never touched.
        fs::write(dir.join("src/manual.rs"), "// mine\n").unwrap();

        let s = write_files(&dir, &v1).expect("rewrite");
        assert_eq!(
            (s.written.len(), s.unchanged.len(), s.removed.len()),
            (0, 2, 0)
        );

        let v2 = vec![file("src/lib.rs", "changed"), file("src/new/mod.rs", "c")];
        assert_eq!(
            check_files(&dir, &v2).expect("check"),
            vec![
                Drift::Differs("src/lib.rs".into()),
                Drift::Missing("src/new/mod.rs".into()),
                Drift::Orphaned("src/old.rs".into()),
            ]
        );
        let s = write_files(&dir, &v2).expect("write v2");
        assert_eq!(s.written, ["src/lib.rs", "src/new/mod.rs"]);
        assert_eq!(s.removed, ["src/old.rs"]);
        assert!(dir.join("src/manual.rs").exists());
        assert!(check_files(&dir, &v2).expect("check").is_empty());
        // No temporary files are left behind.
        let leftovers: Vec<_> = fs::read_dir(dir.join("src"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporary_files_of_an_interrupted_run_are_removed() {
        let dir = scratch("stale");
        let files = vec![file("src/lib.rs", "a"), file("src/types/mod.rs", "b")];
        fs::create_dir_all(dir.join("src/types")).unwrap();
        for stale in ["src/.lib.rs.tmp-4242", "src/types/.mod.rs.tmp-1"] {
            fs::write(dir.join(stale), "half of a fi").unwrap();
        }
        // Not ours: a dot file without a process id, and a file named like a temp file but
        // without the leading dot.
        fs::write(dir.join("src/.keep.tmp-"), "").unwrap();
        fs::write(dir.join("src/lib.rs.tmp-7"), "").unwrap();
        write_files(&dir, &files).expect("write");
        let mut left: Vec<String> = fs::read_dir(dir.join("src"))
            .unwrap()
            .chain(fs::read_dir(dir.join("src/types")).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".keep.tmp-", "lib.rs", "lib.rs.tmp-7", "mod.rs", "types"]
        );
        assert!(is_temp_file_name(".lib.rs.tmp-4242"));
        assert!(!is_temp_file_name(".lib.rs.tmp-42a"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unchanged_file_keeps_its_modification_time() {
        let dir = scratch("mtime");
        let files = vec![file("src/lib.rs", "a")];
        write_files(&dir, &files).expect("write");
        let before = fs::metadata(dir.join("src/lib.rs"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_files(&dir, &files).expect("rewrite");
        let after = fs::metadata(dir.join("src/lib.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        fs::remove_dir_all(&dir).unwrap();
    }
}
