//! Start-up time: from spawning an app to its first request arriving on a loopback listener.
//!
//! `startup <runs> <app> [<app> ...]` runs each app binary `runs` times with region, static
//! credentials and `AWS_ENDPOINT_URL` in its environment (an empty `HOME`, so no profile files
//! and no instance metadata are consulted), answers its one call with an empty page, and prints
//! the median and 90th percentile per app.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("usage: startup <runs> <app>...");
    let apps: Vec<String> = args.collect();
    assert!(!apps.is_empty(), "usage: startup <runs> <app>...");
    let home = std::env::temp_dir().join(format!("startup-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temp home");
    for app in &apps {
        let mut times: Vec<Duration> = (0..runs).map(|_| one_run(app, &home)).collect();
        times.sort();
        let median = times[times.len() / 2];
        let p90 = times[(times.len() * 9 / 10).min(times.len() - 1)];
        println!(
            "{app}\tmedian {:.2} ms\tp90 {:.2} ms\t({runs} runs)",
            median.as_secs_f64() * 1e3,
            p90.as_secs_f64() * 1e3
        );
    }
    let _ = std::fs::remove_dir_all(&home);
}

fn one_run(app: &str, home: &std::path::Path) -> Duration {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let start = Instant::now();
    let mut child = Command::new(app)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDSTARTUP")
        .env("AWS_SECRET_ACCESS_KEY", "startup/secret")
        .env("AWS_ENDPOINT_URL", &url)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("running {app}: {e}"));
    let (mut stream, _) = listener.accept().expect("accept");
    let mut buf = [0u8; 1];
    stream.read_exact(&mut buf).expect("first byte");
    let elapsed = start.elapsed();
    // Read the rest of the request headers and body, then answer.
    let mut request = buf.to_vec();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).expect("read");
        request.extend_from_slice(&chunk[..n]);
        if n == 0 || complete(&request) {
            break;
        }
    }
    let body = br#"{"OpportunitySummaries":[]}"#;
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\nx-amzn-requestid: startup\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("write");
    stream.write_all(body).expect("write");
    drop(stream);
    let status = child.wait().expect("wait");
    assert!(status.success(), "{app} failed: {status}");
    elapsed
}

/// Whether `request` holds the headers and as many body bytes as `content-length` says.
fn complete(request: &[u8]) -> bool {
    let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    request.len() >= end + 4 + length
}
