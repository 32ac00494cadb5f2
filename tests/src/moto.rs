//! A `moto` server (a DynamoDB and DynamoDB Streams look-alike) on 127.0.0.1, started by the test
//! that needs it on a port the OS picks, and stopped when the guard drops (also on panic).
//!
//! The Python interpreter is `$MOTO_PYTHON`, else the virtualenv `.ci/run` makes in
//! `target/moto-venv`. When neither can start moto the test is skipped with the reason printed,
//! unless `$CI` or `MOTO_REQUIRED=1` is set: then it fails.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Environment variable naming the Python interpreter that has moto installed.
pub const MOTO_PYTHON_ENV: &str = "MOTO_PYTHON";

/// A running moto server; dropping it stops the server.
pub struct MotoServer {
    child: Child,
    url: String,
}

impl MotoServer {
    /// Starts moto, or returns why it could not (only when a missing server may be skipped;
    /// in CI this panics instead).
    pub fn start() -> Result<MotoServer, String> {
        match Self::try_start() {
            Ok(server) => Ok(server),
            Err(reason) if moto_required() => {
                panic!("moto is required here (CI or MOTO_REQUIRED=1) but {reason}")
            }
            Err(reason) => Err(reason),
        }
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn try_start() -> Result<MotoServer, String> {
        let python = python();
        if !python.is_file() {
            return Err(format!(
                "no Python with moto at {} (set ${MOTO_PYTHON_ENV} or run .ci/run, which installs moto into target/moto-venv)",
                python.display()
            ));
        }
        let launcher = workspace_root().join("tests/moto/launch_server.py");
        let mut child = Command::new(&python)
            .arg(&launcher)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        // The guard owns the child from here on, so an early return below still stops it.
        let mut server = MotoServer {
            child,
            url: String::new(),
        };
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the moto launcher's output: {e}"))?;
        let line = line.trim();
        if let Some(port) = line.strip_prefix("MOTO_PORT ") {
            let port: u16 = port
                .parse()
                .map_err(|_| format!("the moto launcher printed a bad port: `{line}`"))?;
            server.url = format!("http://127.0.0.1:{port}");
            return Ok(server);
        }
        match line.strip_prefix("MOTO_UNAVAILABLE ") {
            Some(reason) => Err(format!(
                "moto is not installed for {}: {reason}",
                python.display()
            )),
            None => Err(format!(
                "the moto launcher ({}) did not start: it printed `{line}`",
                python.display()
            )),
        }
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        // Closing stdin lets the launcher stop the server itself; kill makes sure it ends.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a missing moto is a failure (`$CI` set, or `MOTO_REQUIRED=1`).
pub fn moto_required() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
        || std::env::var("MOTO_REQUIRED").is_ok_and(|v| v == "1")
}

fn python() -> PathBuf {
    match std::env::var_os(MOTO_PYTHON_ENV) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => workspace_root().join("target/moto-venv/bin/python"),
    }
}

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
}
