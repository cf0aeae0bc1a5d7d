//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run a command with `input` on its standard input; wait for it.
pub fn run_with_stdin(mut command: Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes");
    child.wait_with_output().expect("finishes")
}

pub fn bonafide() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bonafide"));
    command
        .env_remove("BONAFIDE_STORE")
        .env_remove("BONAFIDE_CONFIG");
    command
}

pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bonafide-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn key(db: impl AsRef<std::ffi::OsStr>, tenant: &str, role: &str) -> String {
    let output = bonafide()
        .args([
            "keys", "create", "--tenant", tenant, "--role", role, "--store",
        ])
        .arg(db)
        .output()
        .expect("runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `bonafide serve` on a store, answering on `port` once this returns;
/// its log is dropped.
pub fn serve(db: impl AsRef<std::ffi::OsStr>, port: u16) -> Child {
    serve_with(db, port, Stdio::null())
}

/// `bonafide serve` with its log (JSON lines, `RUST_LOG=info`) to `log`.
pub fn serve_with(db: impl AsRef<std::ffi::OsStr>, port: u16, log: Stdio) -> Child {
    let child = bonafide()
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--store"])
        .arg(db)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("serve starts");
    let started = Instant::now();
    while reqwest::blocking::get(format!("http://127.0.0.1:{port}/healthz")).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "serve never answered"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}
