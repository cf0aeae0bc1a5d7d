//! One suite, every backend: SQLite in a temporary file, and the PostgreSQL at
//! `BONAFIDE_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`,
//! which `.ci/run` starts), each run in a schema of its own.

use bonafide_model::Verdict;
use bonafide_store::{
    ApiKey, CaseChange, CaseEvent, CaseStatus, Decision, Label, NewApplication, NewMessage,
    PostgresStore, PutOutcome, QueueFilter, Rescored, Role, SqliteStore, Store, WriteBatch,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};

/// A verdict with these parts, the rest empty.
fn verdict_of(parts: Value) -> Verdict {
    let mut full = json!({ "application_id": "x", "tenant_id": "acme", "score": 0,
        "tier": "clear", "signals": [], "linked_applications": [],
        "versions": { "ruleset": "", "data": {} } });
    for (key, value) in parts.as_object().into_iter().flatten() {
        full[key] = value.clone();
    }
    serde_json::from_value(full).expect("a verdict")
}

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
        let verdict = verdict_of(json!({ "application_id": id, "score": score, "tier": tier }));
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
            &verdict_of(json!({ "application_id": "q-1", "score": 70, "tier": "review" })),
            t(5),
        )
        .expect("verdict");
    let (version, verdict) = store
        .verdict("acme", "q-1")
        .expect("read")
        .expect("present");
    assert_eq!((version, verdict.score), (1, 70));
    let page: Vec<(String, u8)> = store
        .queue("acme", &QueueFilter::tier("review"), 2, 0)
        .expect("queue")
        .into_iter()
        .map(|i| (i.application_id, i.score))
        .collect();
    assert_eq!(page, [("q-1".to_owned(), 70), ("q-2".to_owned(), 65)]);
    let next = store
        .queue("acme", &QueueFilter::tier("review"), 2, 2)
        .expect("queue");
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].application_id, "q-4");
    assert!(store
        .queue("globex", &QueueFilter::tier("review"), 10, 0)
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

/// What a reviewer works through: review and escalate, undecided, by signal and date.
fn queue_filters(store: &dyn Store) {
    // Every filter's total agrees with the rows it lists.
    let ids = |filter: &QueueFilter| -> Vec<String> {
        let ids: Vec<String> = store
            .queue("acme", filter, 50, 0)
            .expect("queue")
            .into_iter()
            .map(|i| i.application_id)
            .collect();
        let total = store.queue_count("acme", filter).expect("count");
        assert_eq!(total, ids.len() as u64, "{filter:?}");
        ids
    };
    // q-2 was decided (above): it left the queue.
    assert_eq!(ids(&QueueFilter::to_review()), ["q-3", "q-1", "q-4"]);
    assert_eq!(ids(&QueueFilter::tier("review")), ["q-1", "q-2", "q-4"]);
    for (id, day, signal) in [("s-1", 10, "shipping.farm"), ("s-2", 12, "network.vpn")] {
        store
            .put_application("acme", id, &json!({ "application_id": id }), t(day))
            .expect("put");
        let verdict = verdict_of(json!({ "application_id": id, "score": 60, "tier": "review",
            "signals": [{ "id": signal, "points": 30, "explanation": "x", "evidence": {} }] }));
        store
            .put_verdict("acme", id, 1, &verdict, t(day))
            .expect("verdict");
    }
    let farm = QueueFilter {
        signal: Some("shipping.farm".into()),
        ..QueueFilter::to_review()
    };
    assert_eq!(ids(&farm), ["s-1"]);
    // A signal id is matched whole, not as a prefix or a pattern.
    let partial = QueueFilter {
        signal: Some("shipping".into()),
        ..QueueFilter::to_review()
    };
    assert!(ids(&partial).is_empty());
    let since = QueueFilter {
        since: Some(t(11)),
        ..QueueFilter::to_review()
    };
    assert_eq!(ids(&since), ["s-2"]);
    let until = QueueFilter {
        until: Some(t(11)),
        since: Some(t(9)),
        ..QueueFilter::to_review()
    };
    assert_eq!(ids(&until), ["s-1"]);
    let item = &store.queue("acme", &farm, 1, 0).expect("queue")[0];
    assert_eq!((item.tier.as_str(), item.received_at), ("review", t(10)));
    assert_eq!(item.verdict.signals[0].id, "shipping.farm");
}

/// Claiming and assigning queue items, and each person's saved filters.
fn queue_work(store: &dyn Store) {
    let ids = |assignee: Option<&str>| -> Vec<String> {
        let filter = QueueFilter {
            assignee: assignee.map(str::to_owned),
            ..QueueFilter::to_review()
        };
        let listed: Vec<String> = store
            .queue("acme", &filter, 50, 0)
            .expect("queue")
            .into_iter()
            .map(|i| i.application_id)
            .collect();
        assert_eq!(
            store.queue_count("acme", &filter).expect("count"),
            listed.len() as u64
        );
        listed
    };
    let everyone = ids(None);
    assert!(everyone.len() >= 4, "{everyone:?}");
    assert!(store
        .assign("acme", "s-1", Some("key_ana"), None, "key_ana", t(13))
        .expect("claim"));
    assert!(store
        .assign("acme", "q-3", Some("key_bo"), None, "key_ana", t(13))
        .expect("assign"));
    // Taking what someone else took meanwhile changes nothing.
    assert!(!store
        .assign("acme", "q-3", Some("key_cy"), None, "key_cy", t(13))
        .expect("late"));
    assert!(!store
        .assign(
            "acme",
            "q-3",
            Some("key_cy"),
            Some("key_ana"),
            "key_cy",
            t(13)
        )
        .expect("stale"));
    // Another employer's application of the same id is not touched, nor listed.
    store
        .put_application("globex", "s-1", &json!({ "application_id": "s-1" }), t(10))
        .expect("put");
    store
        .put_verdict(
            "globex",
            "s-1",
            1,
            &verdict_of(json!({ "score": 70, "tier": "review" })),
            t(10),
        )
        .expect("verdict");
    assert_eq!(store.assignee("globex", "s-1").expect("read"), None);
    let theirs = store
        .queue("globex", &QueueFilter::to_review(), 50, 0)
        .expect("queue");
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].assignee, None);
    let mine_there = QueueFilter {
        assignee: Some("key_ana".into()),
        ..QueueFilter::to_review()
    };
    assert!(store
        .queue("globex", &mine_there, 50, 0)
        .expect("queue")
        .is_empty());
    assert_eq!(ids(Some("key_ana")), ["s-1"]);
    assert_eq!(ids(Some("key_bo")), ["q-3"]);
    assert_eq!(ids(Some("")).len(), everyone.len() - 2);
    let item = store
        .queue("acme", &QueueFilter::to_review(), 50, 0)
        .expect("queue")
        .into_iter()
        .find(|i| i.application_id == "q-3")
        .expect("q-3 listed");
    assert_eq!(item.assignee.as_deref(), Some("key_bo"));
    // Handed on, then given back to nobody.
    assert!(store
        .assign(
            "acme",
            "q-3",
            Some("key_ana"),
            Some("key_bo"),
            "key_bo",
            t(14)
        )
        .expect("reassign"));
    assert_eq!(ids(Some("key_ana")), ["q-3", "s-1"]);
    assert!(store
        .assign("acme", "q-3", None, Some("key_ana"), "key_ana", t(15))
        .expect("release"));
    assert_eq!(store.assignee("acme", "q-3").expect("read"), None);
    assert_eq!(ids(Some("")).len(), everyone.len() - 1);

    store
        .save_filter("acme", "key_ana", "Farms", "signal=shipping.farm", t(13))
        .expect("save");
    store
        .save_filter("acme", "key_ana", "Escalated", "tier=escalate", t(13))
        .expect("save");
    store
        .save_filter(
            "acme",
            "key_ana",
            "Farms",
            "tier=escalate&signal=shipping.farm",
            t(14),
        )
        .expect("replace");
    store
        .save_filter("acme", "key_bo", "Mine", "whose=me", t(14))
        .expect("save");
    let saved = store.saved_filters("acme", "key_ana").expect("list");
    let named: Vec<(&str, &str)> = saved
        .iter()
        .map(|f| (f.name.as_str(), f.query.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("Escalated", "tier=escalate"),
            ("Farms", "tier=escalate&signal=shipping.farm")
        ]
    );
    assert_eq!(saved[1].saved_at, t(14));
    assert!(store
        .saved_filters("globex", "key_ana")
        .expect("list")
        .is_empty());
    assert!(store
        .delete_filter("acme", "key_ana", "Escalated")
        .expect("delete"));
    assert!(!store
        .delete_filter("acme", "key_ana", "Escalated")
        .expect("again"));
    assert!(!store
        .delete_filter("acme", "key_ana", "Mine")
        .expect("not theirs"));
    assert_eq!(
        store.saved_filters("acme", "key_bo").expect("list").len(),
        1
    );
}

fn sessions(store: &dyn Store) {
    let key = ApiKey {
        id: "key_person".into(),
        tenant: "acme".into(),
        role: Role::Investigator,
    };
    let (secret, session) = store
        .create_session(&key, t(8), Duration::hours(8))
        .expect("session");
    assert_eq!(session.key, key);
    assert!(session.csrf.len() >= 32 && secret.len() >= 64);
    let found = store.session(&secret, t(8)).expect("read").expect("open");
    assert_eq!(found, session);
    assert!(store
        .session(&secret, t(8) + Duration::hours(9))
        .expect("read")
        .is_none());
    assert!(store.session("not-a-secret", t(8)).expect("read").is_none());
    store.end_session(&secret).expect("end");
    assert!(store.session(&secret, t(8)).expect("read").is_none());
}

fn cases(store: &dyn Store) {
    let id = store
        .create_case("acme", "Nashville laptop farm", "key_analyst", t(9))
        .expect("create");
    assert!(id.starts_with("case-"));
    let change = |change: CaseChange, day: u32| {
        store
            .change_case(
                "acme",
                &id,
                &CaseEvent {
                    at: t(day),
                    by: "key_analyst".into(),
                    change,
                },
            )
            .expect("change")
    };
    assert!(change(CaseChange::Added("farm-001".into()), 9));
    assert!(change(CaseChange::Added("farm-004".into()), 9));
    assert!(
        change(CaseChange::Added("farm-001".into()), 9),
        "adding twice is one member"
    );
    assert!(change(CaseChange::Added("farm-009".into()), 10));
    assert!(change(CaseChange::Removed("farm-004".into()), 10));
    assert!(change(CaseChange::Assigned("Dana (fraud team)".into()), 10));
    assert!(change(
        CaseChange::Note("two accounts, one flat".into()),
        11
    ));
    assert!(change(CaseChange::Status(CaseStatus::Confirmed), 12));
    // Another employer can neither change nor read it.
    assert!(!store
        .change_case(
            "globex",
            &id,
            &CaseEvent {
                at: t(12),
                by: "key_other".into(),
                change: CaseChange::Status(CaseStatus::Closed),
            },
        )
        .expect("change"));
    assert!(store.case("globex", &id).expect("read").is_none());
    let case = store.case("acme", &id).expect("read").expect("found");
    assert_eq!(case.applications, ["farm-001", "farm-009"]);
    assert_eq!(case.summary.status, CaseStatus::Confirmed);
    assert_eq!(case.summary.assignee.as_deref(), Some("Dana (fraud team)"));
    assert_eq!((case.summary.size, case.summary.updated_at), (2, t(12)));
    let kinds: Vec<&str> = case
        .history
        .iter()
        .map(|e| match e.change {
            CaseChange::Created(_) => "created",
            CaseChange::Added(_) => "added",
            CaseChange::Removed(_) => "removed",
            CaseChange::Status(_) => "status",
            CaseChange::Assigned(_) => "assigned",
            CaseChange::Note(_) => "note",
        })
        .collect();
    assert_eq!(
        kinds,
        ["created", "added", "added", "added", "added", "removed", "assigned", "note", "status"]
    );
    let other = store
        .create_case("acme", "Shared SSN", "key_analyst", t(13))
        .expect("create");
    let listed: Vec<String> = store
        .cases("acme")
        .expect("list")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, [other.clone(), id.clone()]);
    assert!(store.cases("globex").expect("list").is_empty());
    let holding: Vec<String> = store
        .cases_of("acme", "farm-009")
        .expect("of")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(holding, [id]);
}

fn keys_and_audit(store: &dyn Store) -> String {
    let (key, secret) = store
        .create_key("acme", Role::Recruiter, t(7))
        .expect("key");
    assert!(secret.starts_with("bfk_") && secret.len() >= 50, "{secret}");
    // The public id, shown in logs and pages, holds nothing of the secret.
    let shown = key.id.trim_start_matches("key_");
    assert!(
        shown.len() >= 12 && !secret.contains(shown),
        "{} {secret}",
        key.id
    );
    let found = store.find_key(&secret).expect("find").expect("known");
    assert_eq!(
        (found.tenant.as_str(), found.role),
        ("acme", Role::Recruiter)
    );
    assert!(store.find_key("bfk_not_a_key").expect("find").is_none());
    let (other, _) = store.create_key("acme", Role::Admin, t(7)).expect("key");
    assert_ne!(other.id, key.id);
    store
        .audit(Some("acme"), &key.id, "view_unmasked", "acme/q-3", t(8))
        .expect("audit");
    store
        .audit(Some("acme"), &key.id, "decide", "acme/q-2", t(9))
        .expect("audit");
    let (globex, globex_secret) = store.create_key("globex", Role::Admin, t(9)).expect("key");
    // Revoking: the key opens nothing, its page sessions end, the list shows when.
    let (session_secret, _) = store
        .create_session(&globex, t(9), Duration::hours(8))
        .expect("session");
    assert!(store
        .session(&session_secret, t(9))
        .expect("read")
        .is_some());
    let revoked = store.revoke_key(&globex.id, t(9)).expect("revoke");
    assert_eq!(revoked.as_ref().map(|k| k.tenant.as_str()), Some("globex"));
    assert!(store.find_key(&globex_secret).expect("find").is_none());
    assert!(store
        .session(&session_secret, t(9))
        .expect("read")
        .is_none());
    assert!(store.revoke_key(&globex.id, t(9)).expect("again").is_none());
    assert!(store
        .revoke_key("key_none", t(9))
        .expect("unknown")
        .is_none());
    let listed = store.keys(Some("globex")).expect("keys");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].revoked_at, Some(t(9)));
    assert_eq!(listed[0].person, None);
    // A key may be named for the person it belongs to.
    assert!(store
        .name_key(&globex.id, " Dana Whitfield ")
        .expect("name"));
    assert!(!store.name_key("key_none", "Nobody").expect("no key"));
    let listed = store.keys(Some("globex")).expect("keys");
    assert_eq!(listed[0].person.as_deref(), Some("Dana Whitfield"));
    assert!(store.keys(None).expect("all").len() >= 3);
    assert!(store.find_key(&secret).expect("find").is_some());
    store
        .audit(
            Some("globex"),
            &globex.id,
            "view_unmasked",
            "globex/g-1",
            t(10),
        )
        .expect("audit");
    // An operator's purge over every tenant is nobody's to read; an entry
    // without a tenant counts as the tenant its target names ("acme-east" is
    // not "acme").
    store
        .audit(None, "cli", "purge", "before 2026-01-01", t(10))
        .expect("audit");
    store
        .audit(None, "cli", "create_key", "acme-east/k", t(10))
        .expect("audit");
    // As written before entries carried a tenant: a sign-in names only the key.
    store
        .audit(None, &key.id, "sign_in", &key.id, t(11))
        .expect("audit");
    let log = store.audit_log("acme", 10).expect("log");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["sign_in", "decide", "view_unmasked"], "{log:?}");
    assert_eq!(log[2].target, "acme/q-3");
    let theirs = store.audit_log("globex", 10).expect("log");
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0].target, "globex/g-1");
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
            &verdict_of(json!({ "score": 80, "tier": "escalate" })),
            t(1) - Duration::days(400),
        )
        .expect("verdict");
    store
        .assign("acme", "old-1", Some("key_ana"), None, "key_ana", t(1))
        .expect("assign");
    let audit_before = store.audit_log("acme", 100).expect("log").len();
    let removed = store
        .purge_before(t(1) - Duration::days(180))
        .expect("purge");
    assert_eq!(removed, 1);
    // Running writers learn of it from a tombstone, the last link entry.
    let entries = store.link_entries(0, 100_000).expect("entries");
    let last = entries.last().expect("a tombstone");
    assert_eq!(
        (last.application_id.as_str(), last.entry.len()),
        ("old-1", 0)
    );
    assert!(store.application("acme", "old-1").expect("read").is_none());
    assert!(store.verdict("acme", "old-1").expect("read").is_none());
    assert_eq!(store.assignee("acme", "old-1").expect("read"), None);
    assert!(store.application("acme", "app-1").expect("read").is_some());
    assert_eq!(
        store.audit_log("acme", 100).expect("log").len(),
        audit_before
    );
}

fn scored(id: &str, name: &str, score: u8, entry: &[u8]) -> NewApplication {
    NewApplication {
        tenant: "acme".into(),
        application_id: id.into(),
        body: json!({ "application_id": id, "candidate": { "full_name": name } }),
        link_entry: entry.to_vec(),
        verdict: verdict_of(json!({ "application_id": id, "score": score, "tier": "review" })),
        at: t(5),
        origin: "api".into(),
    }
}

/// Versions say where they came from and what they changed; a deleted
/// candidate's application goes whole; an event id is taken once.
fn sources_deletion_and_events(store: &dyn Store) {
    let first = json!({ "application_id": "src-1", "source": "greenhouse",
        "candidate": { "full_name": "Ann Lee", "external_id": "gh-cand-7" } });
    let mut onboarded = first.clone();
    onboarded["payroll"] = json!({ "method": "wise" });
    onboarded["candidate"]["emails"] = json!(["ann@example.com"]);
    for (body, origin) in [(&first, "greenhouse"), (&onboarded, "onboarding")] {
        let mut app = scored("src-1", "Ann Lee", 10, &[9]);
        app.body = body.clone();
        app.origin = origin.into();
        let batch = WriteBatch {
            applications: vec![app],
            rescored: vec![],
            messages: vec![],
        };
        store.commit(&batch).expect("commit");
    }
    let versions = store.versions("acme", "src-1").expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(
        (versions[0].origin.as_str(), versions[1].origin.as_str()),
        ("greenhouse", "onboarding")
    );
    assert!(versions[0].changed.is_empty());
    assert_eq!(versions[1].changed, vec!["candidate.emails", "payroll"]);
    assert_eq!(
        store
            .applications_of_candidate("acme", "gh-cand-7")
            .expect("find"),
        vec!["src-1".to_owned()]
    );
    assert!(store
        .applications_of_candidate("globex", "gh-cand-7")
        .expect("find")
        .is_empty());
    // Where sign-ins and laptop rows go: the latest version's e-mails and devices.
    let mut hired = onboarded.clone();
    hired["candidate"]["emails"] = json!(["Ann@Example.com", "ann.lee@acme.example"]);
    hired["devices"] = json!([{ "serial": "C02XK0AAJG5H", "source": "inventory" }]);
    store
        .put_application("acme", "src-1", &hired, t(6))
        .expect("hired");
    assert_eq!(
        store
            .applications_with_email("acme", "ann.lee@ACME.example")
            .expect("email"),
        vec!["src-1".to_owned()]
    );
    assert!(store
        .applications_with_email("globex", "ann.lee@acme.example")
        .expect("email")
        .is_empty());
    assert_eq!(
        store
            .applications_with_device("acme", "C02XK0AAJG5H")
            .expect("device"),
        vec!["src-1".to_owned()]
    );
    assert!(store
        .applications_with_device("acme", "OTHER")
        .expect("device")
        .is_empty());
    // Any case; and an address only an earlier version held finds nothing.
    assert_eq!(
        store
            .applications_with_email("acme", "ann@example.com")
            .expect("email")
            .len(),
        1
    );
    let mut moved = hired.clone();
    moved["candidate"]["emails"] = json!(["ann.lee@acme.example"]);
    store
        .put_application("acme", "src-1", &moved, t(7))
        .expect("moved");
    assert!(store
        .applications_with_email("acme", "ann@example.com")
        .expect("email")
        .is_empty());
    assert!(store.delete_application("acme", "src-1").expect("delete"));
    assert!(store.application("acme", "src-1").expect("read").is_none());
    assert!(store.verdict("acme", "src-1").expect("read").is_none());
    assert!(store
        .versions("acme", "src-1")
        .expect("versions")
        .is_empty());
    assert!(!store.delete_application("acme", "src-1").expect("again"));

    let window = t(1) - Duration::days(30);
    assert!(store
        .take_event("greenhouse", "acme", "evt-1", t(1), window)
        .expect("take"));
    assert!(!store
        .take_event("greenhouse", "acme", "evt-1", t(2), window)
        .expect("replay"));
    assert!(store
        .take_event("greenhouse", "globex", "evt-1", t(2), window)
        .expect("another tenant's"));
    // An event whose handling failed is forgotten, so the retry is taken.
    store
        .forget_event("greenhouse", "globex", "evt-1")
        .expect("forget");
    assert!(store
        .take_event("greenhouse", "globex", "evt-1", t(3), window)
        .expect("retry taken"));
    // Past the window an id is forgotten (the handler refuses old events by their time).
    assert!(store
        .take_event("greenhouse", "acme", "evt-1", t(9), t(5))
        .expect("forgotten"));
}

fn message(id: &str) -> NewMessage {
    NewMessage {
        subscriber: "ats".into(),
        tenant: "acme".into(),
        application_id: id.into(),
        body: json!({ "event": "verdict", "application_id": id }),
    }
}

fn group_commit_links_and_outbox(store: &dyn Store) {
    let start = store.link_entries(0, 1_000).expect("entries").len();
    let batch = WriteBatch {
        applications: vec![
            scored("g-1", "Ann Lee", 50, &[1, 2, 3]),
            scored("g-2", "Bo Chen", 60, &[4, 5]),
        ],
        rescored: vec![],
        messages: vec![message("g-1"), message("g-2")],
    };
    assert_eq!(
        store.commit(&batch).expect("commit"),
        vec![PutOutcome::Created, PutOutcome::Created]
    );
    // The same group again: nothing new, no second entry, no second message.
    let again = WriteBatch {
        applications: vec![scored("g-1", "Ann Lee", 50, &[1, 2, 3])],
        rescored: vec![Rescored {
            tenant: "acme".into(),
            application_id: "g-2".into(),
            version: 1,
            verdict: verdict_of(
                json!({ "application_id": "g-2", "score": 85, "tier": "escalate" }),
            ),
        }],
        messages: vec![message("g-1"), message("g-2")],
    };
    assert_eq!(
        store.commit(&again).expect("commit"),
        vec![PutOutcome::Unchanged(1)]
    );
    let entries = store.link_entries(0, 1_000).expect("entries");
    assert_eq!(entries.len(), start + 2);
    let mine: Vec<_> = entries
        .iter()
        .filter(|e| e.application_id.starts_with("g-"))
        .collect();
    assert_eq!(mine[0].entry, vec![1, 2, 3]);
    assert_eq!(
        (mine[1].application_id.as_str(), mine[1].version),
        ("g-2", 1)
    );
    // Following from a seq returns only what came after it.
    assert_eq!(
        store.link_entries(mine[0].seq, 1_000).expect("after").len(),
        1
    );
    // The re-scored verdict replaced the first and moved it in the queue.
    let (_, verdict) = store.verdict("acme", "g-2").expect("read").expect("kept");
    assert_eq!(verdict.tier, bonafide_model::Tier::Escalate);
    assert_eq!(
        store
            .verdict("acme", "g-1")
            .expect("read")
            .expect("kept")
            .1
            .score,
        50
    );
    // Outbox: three messages (the unchanged g-1's second is not written),
    // but g-2's second waits for its first: one message per application at a time.
    let now = Utc::now();
    let lease = |at: DateTime<Utc>| at + Duration::minutes(1);
    let apps = |items: &[bonafide_store::OutboxItem]| {
        items
            .iter()
            .map(|i| (i.application_id.clone(), i.verdict_version))
            .collect::<Vec<_>>()
    };
    let due = store.outbox_claim(now, lease(now), 10).expect("claim");
    assert_eq!(
        apps(&due),
        [("g-1".into(), 1), ("g-2".into(), 1)],
        "{due:?}"
    );
    assert_eq!(store.outbox_len().expect("len"), 3);
    assert!(due[0].decided_at <= now && due[0].decided_at > now - Duration::minutes(1));
    // A claimed message is not claimed again while its lease runs.
    assert!(store
        .outbox_claim(now, lease(now), 10)
        .expect("claim")
        .is_empty());
    store.outbox_delivered(due[0].id).expect("delivered");
    store
        .outbox_failed(due[1].id, now + Duration::hours(1), "503 from the ATS")
        .expect("failed");
    // g-2's second message still waits behind its first.
    let soon = now + Duration::minutes(5);
    assert!(store
        .outbox_claim(soon, lease(soon), 10)
        .expect("claim")
        .is_empty());
    let later = now + Duration::hours(2);
    let retried = store.outbox_claim(later, lease(later), 10).expect("claim");
    assert_eq!(apps(&retried), [("g-2".into(), 1)]);
    assert_eq!(retried[0].attempts, 1);
    // Given up on: kept as dead, and no longer holds back the later message,
    // which carries the re-scored verdict's version.
    store
        .outbox_dead(retried[0].id, later, "HTTP 500")
        .expect("dead");
    assert_eq!(store.outbox_len().expect("len"), 1);
    let after = now + Duration::hours(3);
    let second = store.outbox_claim(after, lease(after), 10).expect("claim");
    assert_eq!(apps(&second), [("g-2".into(), 2)]);
    let dead = store.outbox_dead_list("acme", 10).expect("dead list");
    assert_eq!(dead.len(), 1);
    assert_eq!(
        (dead[0].id, dead[0].attempts, dead[0].last_error.as_str()),
        (retried[0].id, 2, "HTTP 500")
    );
    assert_eq!(
        (dead[0].event.as_str(), dead[0].application_id.as_str()),
        ("verdict", "g-2")
    );
    // Another tenant neither sees nor replays it.
    assert!(store
        .outbox_dead_list("globex", 10)
        .expect("list")
        .is_empty());
    assert!(!store
        .outbox_replay("globex", dead[0].id, after)
        .expect("replay"));
    assert!(store
        .outbox_replay("acme", dead[0].id, after)
        .expect("replay"));
    assert!(!store
        .outbox_replay("acme", dead[0].id, after)
        .expect("again"));
    assert!(store.outbox_dead_list("acme", 10).expect("list").is_empty());
    assert_eq!(store.outbox_len().expect("len"), 2);
    // Replayed, the older message goes first again once the lease has run out.
    let end = now + Duration::hours(4);
    let replayed = store.outbox_claim(end, lease(end), 10).expect("claim");
    assert_eq!(apps(&replayed), [("g-2".into(), 1)]);
    assert_eq!(replayed[0].attempts, 0);
    store.outbox_delivered(replayed[0].id).expect("delivered");
    store.outbox_delivered(second[0].id).expect("delivered");
    assert_eq!(store.outbox_len().expect("len"), 0);
    // A subscriber that answered 410 is stopped until resumed.
    store
        .subscriber_stop("ats", now, "answered 410 Gone")
        .expect("stop");
    store
        .subscriber_stop("ats", later, "again")
        .expect("stop twice");
    let stopped = store.stopped_subscribers().expect("stopped");
    assert_eq!(stopped.len(), 1);
    assert_eq!(
        (stopped[0].subscriber.as_str(), stopped[0].reason.as_str()),
        ("ats", "answered 410 Gone")
    );
    assert!(store.subscriber_resume("ats").expect("resume"));
    assert!(!store.subscriber_resume("ats").expect("resume again"));
    assert!(store.stopped_subscribers().expect("stopped").is_empty());
}

/// Runs every check; returns an API key secret it created (for leak checks).
fn suite(store: &dyn Store) -> String {
    applications(store);
    verdicts_and_queue(store);
    decisions(store);
    queue_filters(store);
    queue_work(store);
    sessions(store);
    cases(store);
    let secret = keys_and_audit(store);
    group_commit_links_and_outbox(store);
    retention(store);
    sources_deletion_and_events(store);
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
        .audit(Some("acme"), "key_a", "view_unmasked", "acme/x", t(1))
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
