//! `bonafide serve` as a process: killed with SIGKILL twenty times in the
//! middle of a stream of submissions and restarted, on SQLite and on
//! PostgreSQL, it has every application it acknowledged.
//! And `bonafide score --store` links a file to what the store already holds.

mod common;

use common::{bonafide, free_port, key, serve, serve_with, temp};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn the_service_logs_json_lines_with_each_requests_id() {
    let dir = temp("logs");
    let db = dir.join("bonafide.db");
    let investigator = key(&db, "acme", "investigator");
    let port = free_port();
    let log = dir.join("serve.log");
    let mut server = serve_with(
        &db,
        port,
        std::fs::File::create(&log).expect("log file").into(),
    );
    let client = reqwest::blocking::Client::new();
    let url = format!("http://127.0.0.1:{port}/v1/applications/nobody");
    let answer = client
        .get(&url)
        .bearer_auth(&investigator)
        .header("x-request-id", "trace-me-1")
        .send()
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 404);
    assert_eq!(answer.headers()["x-request-id"], "trace-me-1");
    // A request without an id gets one.
    let other = client
        .get(&url)
        .bearer_auth(&investigator)
        .send()
        .expect("answer");
    assert_eq!(other.headers()["x-request-id"].len(), 16);
    std::thread::sleep(Duration::from_millis(200));
    server.kill().expect("kill");
    let _ = server.wait();
    let text = std::fs::read_to_string(&log).expect("log");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "bonafide serve listening"),
        "{text}"
    );
    let refused = lines
        .iter()
        .find(|l| l["span"]["id"] == "trace-me-1")
        .unwrap_or_else(|| panic!("no line of request trace-me-1 in {text}"));
    assert_eq!(refused["level"], "INFO");
    assert_eq!(refused["status"], 404);
    assert_eq!(refused["span"]["route"], "/v1/applications/{id}");
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// Submit from four threads while the server is killed with SIGKILL
/// `rounds` times and restarted; every application it acknowledged (201) is
/// there after the last restart.
fn sigkills_lose_nothing_acknowledged(store: &str, rounds: usize) {
    let integration = key(store, "acme", "integration");
    let investigator = key(store, "acme", "investigator");
    let port = free_port();
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let url = format!("http://127.0.0.1:{port}/v1/applications");
    let mut server = serve(store, port);
    let writers: Vec<_> = (0..4)
        .map(|thread| {
            let (acknowledged, stop, url, key) = (
                Arc::clone(&acknowledged),
                Arc::clone(&stop),
                url.clone(),
                integration.clone(),
            );
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::new();
                let mut synth = bonafide_testkit::synth::Synth::new(100 + thread);
                let mut text = String::new();
                for n in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    text.clear();
                    synth.write_next(&mut text, &|_| None);
                    let mut app: Value = serde_json::from_str(&text).expect("generated JSON");
                    let id = format!("kill-{thread}-{n}");
                    app["application_id"] = Value::String(id.clone());
                    app.as_object_mut().expect("object").remove("tenant_id");
                    let answer = client
                        .post(&url)
                        .bearer_auth(&key)
                        .header("content-type", "application/json")
                        .body(app.to_string())
                        .send();
                    match answer {
                        Ok(r) if r.status().as_u16() == 201 => {
                            acknowledged.lock().expect("lock").push(id);
                        }
                        Ok(r) => panic!("unexpected {}", r.status()),
                        // The server is gone: these were never acknowledged.
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        })
        .collect();
    for round in 0..rounds {
        // Let the stream run, then kill the server in the middle of it.
        let before = acknowledged.lock().expect("lock").len();
        let started = Instant::now();
        while acknowledged.lock().expect("lock").len() < before + 25
            && started.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        server.kill().expect("SIGKILL");
        server.wait().expect("reaped");
        if round + 1 < rounds {
            server = serve(store, port);
        }
    }
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.join().expect("writer");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(acknowledged.len() >= 25 * rounds, "{}", acknowledged.len());

    let mut server = serve(store, port);
    let client = reqwest::blocking::Client::new();
    for id in &acknowledged {
        let answer = client
            .get(format!("http://127.0.0.1:{port}/v1/applications/{id}"))
            .bearer_auth(&investigator)
            .send()
            .expect("answer");
        assert_eq!(
            answer.status().as_u16(),
            200,
            "{id} was acknowledged and lost"
        );
    }
    server.kill().expect("stop");
    server.wait().expect("reaped");
}

#[test]
fn twenty_sigkills_on_sqlite_lose_nothing_acknowledged() {
    let dir = temp("sigkill");
    let db = dir.join("bonafide.db");
    sigkills_lose_nothing_acknowledged(&db.to_string_lossy(), 20);
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[test]
fn twenty_sigkills_on_postgres_lose_nothing_acknowledged() {
    let base = std::env::var("BONAFIDE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let schema = format!("bonafide_kill_{}", std::process::id());
    // The schema made and migrated here; the served process finds it by its
    // connection's search_path.
    drop(
        bonafide_store::PostgresStore::connect(&base, Some(&schema))
            .unwrap_or_else(|e| panic!("PostgreSQL at {base}: {e}")),
    );
    let url = format!("{base}?options=-c%20search_path%3D{schema}");
    sigkills_lose_nothing_acknowledged(&url, 20);
    let mut client = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    // They were written to the schema of their own, not elsewhere.
    let kept: i64 = client
        .query_one(&format!("SELECT COUNT(*) FROM {schema}.applications"), &[])
        .expect("count")
        .get(0);
    assert!(kept >= 500, "{kept} applications in {schema}");
    client
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .expect("drop schema");
}

#[test]
fn score_into_a_store_links_to_what_it_already_holds() {
    let dir = temp("score-store");
    let db = dir.join("bonafide.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/laptop-farm.jsonl");
    let text = std::fs::read_to_string(&fixture).expect("fixture");
    let lines: Vec<&str> = text.lines().collect();
    let (first, second) = (dir.join("first.jsonl"), dir.join("second.jsonl"));
    std::fs::write(&first, format!("{}\n", lines[0])).expect("write");
    std::fs::write(&second, format!("{}\nnot json\n", lines[3])).expect("write");
    let run = |input: &Path| {
        bonafide()
            .args(["score", "--store"])
            .arg(&db)
            .arg(input)
            .output()
            .expect("runs")
    };
    let output = run(&first);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = run(&second);
    // The bad line is reported with its number; the good one is kept and linked.
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"line\":2"), "{stderr}");
    let verdict: Value =
        serde_json::from_slice(output.stdout.split(|b| *b == b'\n').next().expect("a line"))
            .expect("verdict JSON");
    assert_eq!(verdict["outcome"], "created");
    assert_eq!(verdict["application_id"], "farm-004");
    assert_eq!(
        verdict["linked_applications"][0]["application_id"],
        "farm-001"
    );
    // Again: the same body is the same application.
    let output = run(&first);
    let again: Value =
        serde_json::from_slice(output.stdout.split(|b| *b == b'\n').next().expect("a line"))
            .expect("verdict JSON");
    assert_eq!(again["outcome"], "unchanged");
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// Records as integrations write them go into the store whole: a country by
/// name, `null` blocks, a numeric id, an IP with a port, a NUL byte, a
/// truncated IP; only the line that is not an object is refused.
#[test]
fn score_into_a_store_keeps_records_written_other_ways() {
    let dir = temp("score-store-lenient");
    let db = dir.join("bonafide.db");
    let input = dir.join("odd.jsonl");
    let records = [
        r#"{"application_id":4711,"candidate":{"full_name":"Ana\u0000 Lima","claimed_location":{"country":"United States","region":"Texas"}},"documents":null,"payroll":null,"sessions":[{"ip":"65.93.250.94:443","at":"2026-03-04 15:20:02"}]}"#,
        r#"{"application_id":"trunc-1","candidate":{"full_name":"Lee Park"},"sessions":[{"ip":"1.2.3"},{"ip":"73.162.1.9"}]}"#,
        "[]",
    ];
    std::fs::write(&input, records.join("\n")).expect("write");
    let output = bonafide()
        .args(["score", "--store"])
        .arg(&db)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verdicts: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("verdict JSON"))
        .collect();
    let ids: Vec<&Value> = verdicts.iter().map(|v| &v["application_id"]).collect();
    assert_eq!(ids, ["4711", "trunc-1"]);
    let paths = |v: &Value| -> Vec<String> {
        v["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["path"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(paths(&verdicts[0]), ["candidate.full_name"]);
    assert_eq!(paths(&verdicts[1]), ["sessions[0].ip"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"line\":3"), "{stderr}");
    let store = bonafide_store::open(&db.display().to_string()).expect("opens");
    let kept = store
        .application("default", "4711")
        .expect("reads")
        .expect("kept");
    assert_eq!(kept.body["candidate"]["full_name"], "Ana Lima");
    assert_eq!(kept.body["application_id"], "4711");
    drop(store);
    // Best effort: the store's pool may still be closing its WAL files.
    let _ = std::fs::remove_dir_all(dir);
}

fn run_ingest(db: &Path, source: &str, file: &str) -> (Option<i32>, Vec<Value>, String) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/telemetry")
        .join(file);
    let output = bonafide()
        .args(["ingest", source])
        .arg(&fixture)
        .arg("--store")
        .arg(db)
        .args(["--tenant", "acme"])
        .output()
        .expect("runs");
    let verdicts = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("verdict JSON"))
        .collect();
    (
        output.status.code(),
        verdicts,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn signal_ids(verdict: &Value) -> Vec<String> {
    verdict["signals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect()
}

/// `bonafide ingest`: a laptop's osquery rows and the hire's Okta and Entra
/// sign-ins (files written from the published schemas) merge into the kept
/// application without losing what it had, and it is scored again; a user no
/// application holds, and broken records, are answered on stderr.
#[test]
fn ingest_merges_what_it_sees_after_the_hire() {
    let dir = temp("ingest");
    let db = dir.join("bonafide.db");
    let hire = serde_json::json!({
        "application_id": "hire-001", "tenant_id": "acme",
        "candidate": { "full_name": "Jordan Miller",
            "emails": ["jordan.miller@example.com", "jmiller@acme-corp.example"],
            "claimed_location": { "country": "US", "region": "IL", "city": "Chicago" },
            "timezone": "America/Chicago" },
        "position": { "title": "Platform Engineer", "remote": true, "start_date": "2026-04-06" },
        "sessions": [{ "at": "2026-03-04T15:20:02Z", "kind": "apply", "ip": "73.162.40.17" }],
        "shipping": { "recipient": "Jordan Miller", "address": { "line1": "2200 W Chicago Ave",
            "city": "Chicago", "region": "IL", "postal_code": "60622", "country": "US" } },
        "devices": [{ "serial": "C02XK0AAJG5H", "source": "inventory" }]
    });
    let input = dir.join("hire.jsonl");
    std::fs::write(&input, hire.to_string()).expect("write");
    let output = bonafide()
        .args(["score", "--store"])
        .arg(&db)
        .arg(&input)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let before: Value = serde_json::from_slice(&output.stdout).expect("verdict");
    assert!(!signal_ids(&before)
        .iter()
        .any(|id| id.starts_with("device.")));

    // The MacBook's rows: a KVM gadget and AnyDesk. The Windows laptop is no
    // hire's: answered, not merged.
    let (code, verdicts, stderr) = run_ingest(&db, "osquery", "osquery-results.log");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("5CG1234XYZ"), "{stderr}");
    assert_eq!(verdicts.len(), 1);
    let after = &verdicts[0];
    assert_eq!(after["application_id"], "hire-001");
    assert_eq!(after["outcome"], "new_version");
    let ids = signal_ids(after);
    for expected in ["device.ipkvm", "device.remote_access"] {
        assert!(ids.contains(&expected.to_owned()), "{expected}: {ids:?}");
    }
    assert!(after["score"].as_u64() > before["score"].as_u64());

    // Okta: the hire's sign-ins (some from Moscow) are added; pat.lee is no hire's.
    let (code, verdicts, stderr) = run_ingest(&db, "okta", "okta-system-log.json");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("pat.lee@acme-corp.example"), "{stderr}");
    assert_eq!(verdicts.len(), 1);
    let store = bonafide_store::open(&db.display().to_string()).expect("opens");
    let kept = store
        .application("acme", "hire-001")
        .expect("reads")
        .expect("kept");
    let sessions = kept.body["sessions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(sessions.len(), 6, "the apply session and five sign-ins");
    assert_eq!(sessions[0]["kind"], "apply");
    assert_eq!(kept.body["devices"].as_array().map(Vec::len), Some(2));
    assert_eq!(kept.body["shipping"]["address"]["postal_code"], "60622");
    let origins: Vec<String> = store
        .versions("acme", "hire-001")
        .expect("versions")
        .into_iter()
        .map(|v| v.origin)
        .collect();
    assert_eq!(origins, ["file", "osquery", "okta"]);
    drop(store);
    // The same file again adds nothing.
    let (_, again, _) = run_ingest(&db, "okta", "okta-system-log.json");
    assert_eq!(again[0]["outcome"], "unchanged");

    // Entra, and broken records: each answered with its line.
    let (_, _, stderr) = run_ingest(&db, "entra", "entra-signins.json");
    assert!(stderr.contains("pat.lee@acme-corp.example"), "{stderr}");
    let (code, verdicts, stderr) = run_ingest(&db, "okta", "malformed.jsonl");
    assert_eq!(code, Some(1));
    assert!(verdicts.is_empty());
    assert!(
        stderr.contains("\"line\":7") && stderr.contains("client.ipAddress"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
