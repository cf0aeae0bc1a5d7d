//! One suite, every backend: SQLite in a temporary file, and the PostgreSQL at
//! `BONAFIDE_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`,
//! which `.ci/run` starts), each run in a schema of its own.

use bonafide_store::{Decision, Label, PostgresStore, PutOutcome, Role, SqliteStore, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0)
        .single()
        .expect("valid date")
}

fn applications(store: &dyn Store) {
    let body = json!({ "application_id": "app-1", "candidate": { "full_name": "Jordan Miller" } });
    assert_eq!(
        store
            .put_application("acme", "app-1", &body, t(1))
            .expect("put"),
        PutOutcome::Created
    );
    // The same body twice is one application.
    assert_eq!(
        store
            .put_application("acme", "app-1", &body, t(2))
            .expect("put"),
        PutOutcome::Unchanged(1)
    );
    // A changed body is a new version.
    let changed =
        json!({ "application_id": "app-1", "candidate": { "full_name": "Jordan A. Miller" } });
    assert_eq!(
        store
            .put_application("acme", "app-1", &changed, t(3))
            .expect("put"),
        PutOutcome::NewVersion(2)
    );
    let kept = store
        .application("acme", "app-1")
        .expect("read")
        .expect("present");
    assert_eq!(kept.version, 2);
    assert_eq!(kept.body, changed);
    assert_eq!(kept.received_at, t(3));
    // Tenants do not see each other's ids.
    assert!(store
        .application("globex", "app-1")
        .expect("read")
        .is_none());
    assert_eq!(
        store
            .put_application("globex", "app-1", &body, t(1))
            .expect("put"),
        PutOutcome::Created
    );
}

fn verdicts_and_queue(store: &dyn Store) {
    for (id, score, tier) in [
        ("q-1", 40, "review"),
        ("q-2", 65, "review"),
        ("q-3", 90, "escalate"),
        ("q-4", 55, "review"),
    ] {
        store
            .put_application("acme", id, &json!({ "application_id": id }), t(4))
            .expect("put");
        let verdict = json!({ "application_id": id, "score": score, "tier": tier });
        store
            .put_verdict("acme", id, 1, &verdict, t(4))
            .expect("verdict");
    }
    // A re-scored verdict replaces the old one.
    store
        .put_verdict(
            "acme",
            "q-1",
            1,
            &json!({ "application_id": "q-1", "score": 70, "tier": "review" }),
            t(5),
        )
        .expect("verdict");
    let (version, verdict) = store
        .verdict("acme", "q-1")
        .expect("read")
        .expect("present");
    assert_eq!((version, verdict["score"].as_u64()), (1, Some(70)));
    let page: Vec<(String, u8)> = store
        .queue("acme", "review", 2, 0)
        .expect("queue")
        .into_iter()
        .map(|i| (i.application_id, i.score))
        .collect();
    assert_eq!(page, [("q-1".to_owned(), 70), ("q-2".to_owned(), 65)]);
    let next = store.queue("acme", "review", 2, 2).expect("queue");
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].application_id, "q-4");
    assert!(store
        .queue("globex", "review", 10, 0)
        .expect("queue")
        .is_empty());
}

fn decisions(store: &dyn Store) {
    for (label, note) in [
        (Label::Reverify, "ask for a new ID"),
        (Label::Confirmed, "the same passport as q-3"),
    ] {
        store
            .put_decision(&Decision {
                tenant: "acme".into(),
                application_id: "q-2".into(),
                label,
                note: note.into(),
                by: "key_reviewer".into(),
                at: t(6),
            })
            .expect("decide");
    }
    let labels: Vec<Label> = store
        .decisions("acme", "q-2")
        .expect("read")
        .iter()
        .map(|d| d.label)
        .collect();
    assert_eq!(labels, [Label::Reverify, Label::Confirmed]);
}

fn keys_and_audit(store: &dyn Store) -> String {
    let (key, secret) = store
        .create_key("acme", Role::Recruiter, t(7))
        .expect("key");
    assert!(secret.starts_with("bfk_") && secret.len() >= 50, "{secret}");
    let found = store.find_key(&secret).expect("find").expect("known");
    assert_eq!(
        (found.tenant.as_str(), found.role),
        ("acme", Role::Recruiter)
    );
    assert!(store.find_key("bfk_not_a_key").expect("find").is_none());
    let (other, _) = store.create_key("acme", Role::Admin, t(7)).expect("key");
    assert_ne!(other.id, key.id);
    store
        .audit(&key.id, "view_unmasked", "acme/q-3", t(8))
        .expect("audit");
    store
        .audit(&key.id, "decide", "acme/q-2", t(9))
        .expect("audit");
    let log = store.audit_log(10).expect("log");
    assert_eq!(log[0].action, "decide");
    assert_eq!(log[1].target, "acme/q-3");
    secret
}

fn retention(store: &dyn Store) {
    store
        .put_application(
            "acme",
            "old-1",
            &json!({ "application_id": "old-1" }),
            t(1) - Duration::days(400),
        )
        .expect("put");
    store
        .put_verdict(
            "acme",
            "old-1",
            1,
            &json!({ "score": 80, "tier": "escalate" }),
            t(1) - Duration::days(400),
        )
        .expect("verdict");
    let audit_before = store.audit_log(100).expect("log").len();
    let removed = store
        .purge_before(t(1) - Duration::days(180))
        .expect("purge");
    assert_eq!(removed, 1);
    assert!(store.application("acme", "old-1").expect("read").is_none());
    assert!(store.verdict("acme", "old-1").expect("read").is_none());
    assert!(store.application("acme", "app-1").expect("read").is_some());
    assert_eq!(store.audit_log(100).expect("log").len(), audit_before);
}

/// Runs every check; returns an API key secret it created (for leak checks).
fn suite(store: &dyn Store) -> String {
    applications(store);
    verdicts_and_queue(store);
    decisions(store);
    let secret = keys_and_audit(store);
    retention(store);
    secret
}

#[test]
fn sqlite_passes_the_suite_and_keeps_it_across_a_reopen() {
    let dir = std::env::temp_dir().join(format!("bonafide-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bonafide.db");
    let secret = {
        let store = SqliteStore::open(&file).expect("opens");
        suite(&store)
    };
    // Only the key's hash is kept: the secret is in no file of the database.
    for entry in std::fs::read_dir(&dir).expect("files").flatten() {
        let bytes = std::fs::read(entry.path()).expect("read");
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the key's secret is in {}",
            entry.path().display()
        );
    }
    // Reopened: migrations are not applied twice and nothing is lost.
    let store = SqliteStore::open(&file).expect("reopens");
    assert_eq!(
        store
            .application("acme", "app-1")
            .expect("read")
            .expect("kept")
            .version,
        2
    );
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[test]
fn sqlite_audit_log_is_append_only() {
    let dir = std::env::temp_dir().join(format!("bonafide-store-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("audit.db");
    let store = SqliteStore::open(&file).expect("opens");
    store
        .audit("key_a", "view_unmasked", "acme/x", t(1))
        .expect("audit");
    drop(store);
    let raw = rusqlite::Connection::open(&file).expect("raw");
    assert!(raw.execute("DELETE FROM audit_log", []).is_err());
    assert!(raw
        .execute("UPDATE audit_log SET who = 'someone else'", [])
        .is_err());
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[test]
fn postgres_passes_the_same_suite() {
    let url = std::env::var("BONAFIDE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let schema = format!(
        "bonafide_test_{}_{}",
        std::process::id(),
        Utc::now().timestamp_micros()
    );
    let store = PostgresStore::connect(&url, Some(&schema))
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} (set BONAFIDE_TEST_POSTGRES): {e}"));
    suite(&store);
    // A second instance on the same store sees everything and migrates nothing.
    let second = PostgresStore::connect(&url, Some(&schema)).expect("second instance");
    assert_eq!(
        second
            .application("acme", "app-1")
            .expect("read")
            .expect("shared")
            .version,
        2
    );
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("admin");
    assert!(admin
        .batch_execute(&format!("DELETE FROM {schema}.audit_log"))
        .is_err());
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .expect("cleanup");
}
