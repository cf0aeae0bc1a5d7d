//! The API against its own OpenAPI document, fuzzed by schemathesis (a
//! bounded, seeded run): no server error, and every answer's status, content
//! type and body as the document says. schemathesis is a Python tool: the test
//! runs it from `BONAFIDE_SCHEMATHESIS` (`.ci/run` installs it into
//! `target/schemathesis`); without it the test says it skipped, unless
//! `BONAFIDE_API_FUZZ=require` (as `.ci/run` sets it), when it fails.

mod common;

use common::{free_port, key, serve_with, temp};
use std::path::PathBuf;
use std::process::Command;

fn schemathesis() -> Option<PathBuf> {
    let found = std::env::var_os("BONAFIDE_SCHEMATHESIS")
        .map(PathBuf::from)
        .filter(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("BONAFIDE_API_FUZZ").as_deref() != Ok("require"),
            "BONAFIDE_API_FUZZ=require but BONAFIDE_SCHEMATHESIS names no schemathesis (pip install schemathesis)"
        );
        eprintln!("skipped: set BONAFIDE_SCHEMATHESIS to a schemathesis executable");
    }
    found
}

#[test]
fn the_api_keeps_to_its_document_under_fuzzing() {
    let Some(schemathesis) = schemathesis() else {
        return;
    };
    let dir = temp("api-fuzz");
    let db = dir.join("bonafide.db");
    let key = key(&db, "acme", "admin");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log = std::fs::File::create(dir.join("serve.log")).expect("log");
    let mut server = serve_with(&db, port, log.into());
    let run = Command::new(&schemathesis)
        .arg("run")
        .arg(format!("{base}/openapi.json"))
        .args(["--url", &base])
        .args(["-H", &format!("Authorization: Bearer {key}")])
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "25",
            "--seed",
            "20261203",
            "--no-color",
        ])
        .output()
        .expect("schemathesis runs");
    let _ = server.kill();
    let _ = server.wait();
    let log = std::fs::read_to_string(dir.join("serve.log")).unwrap_or_default();
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{report}\n{}\nserver log:\n{log}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!log.contains("\"level\":\"ERROR\""), "{log}");
    let _ = std::fs::remove_dir_all(dir);
}
