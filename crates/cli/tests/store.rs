//! `bonafide keys create` and `bonafide purge` on a SQLite store.

use std::process::Command;

fn bonafide() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bonafide"));
    command.env_remove("BONAFIDE_STORE");
    command
}

#[test]
fn a_key_is_printed_once_kept_hashed_and_audited() {
    let dir = std::env::temp_dir().join(format!("bonafide-cli-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("bonafide.db");
    let output = bonafide()
        .args([
            "keys",
            "create",
            "--tenant",
            "acme",
            "--role",
            "recruiter",
            "--store",
        ])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let secret = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(secret.starts_with("bfk_"), "{secret}");
    let store = bonafide_store::open(&db.display().to_string()).expect("opens");
    let key = store.find_key(&secret).expect("find").expect("known");
    assert_eq!(
        (key.tenant.as_str(), key.role),
        ("acme", bonafide_store::Role::Recruiter)
    );
    assert_eq!(
        store.audit_log("acme", 5).expect("log")[0].action,
        "create_key"
    );

    // Listed without its secret; revoked by id, audited; revoked twice is an error.
    let list = |db: &std::path::Path| {
        let out = bonafide()
            .args(["keys", "list", "--tenant", "acme", "--store"])
            .arg(db)
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let listed = list(&db);
    assert!(
        listed.contains(&key.id) && listed.contains("in use"),
        "{listed}"
    );
    assert!(!listed.contains(&secret));
    // Named for its person, audited; the list shows the name.
    let named = bonafide()
        .args(["keys", "name", &key.id, "Dana Whitfield", "--store"])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(
        named.status.success(),
        "{}",
        String::from_utf8_lossy(&named.stderr)
    );
    assert!(list(&db).contains("Dana Whitfield"));
    assert_eq!(
        store.audit_log("acme", 5).expect("log")[0].action,
        "name_key"
    );
    let revoke = || {
        bonafide()
            .args(["keys", "revoke", &key.id, "--store"])
            .arg(&db)
            .output()
            .expect("runs")
    };
    assert!(revoke().status.success());
    assert!(list(&db).contains("revoked"));
    assert!(store.find_key(&secret).expect("find").is_none());
    assert_eq!(
        store.audit_log("acme", 5).expect("log")[0].action,
        "revoke_key"
    );
    assert!(!revoke().status.success());

    let refused = bonafide()
        .args([
            "keys", "create", "--tenant", "acme", "--role", "boss", "--store",
        ])
        .arg(&db)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unknown role"));

    let old = chrono::Utc::now() - chrono::Duration::days(400);
    store
        .put_application(
            "acme",
            "old-1",
            &serde_json::json!({ "application_id": "old-1" }),
            old,
        )
        .expect("put");
    store
        .put_application(
            "acme",
            "new-1",
            &serde_json::json!({ "application_id": "new-1" }),
            chrono::Utc::now(),
        )
        .expect("put");
    drop(store);
    let purged = bonafide()
        .args(["purge", "--older-than", "180d", "--store"])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(
        purged.status.success(),
        "{}",
        String::from_utf8_lossy(&purged.stderr)
    );
    assert!(String::from_utf8_lossy(&purged.stderr).contains("removed 1 application"));
    let store = bonafide_store::open(&db.display().to_string()).expect("opens");
    assert!(store.application("acme", "old-1").expect("read").is_none());
    assert!(store.application("acme", "new-1").expect("read").is_some());
    std::fs::remove_dir_all(dir).expect("cleanup");
}
