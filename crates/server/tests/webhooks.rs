//! Webhooks out (signed, retried, kept across a restart) and in (Greenhouse
//! and Ashby, HMAC-verified, merged, replay-safe), and the request limits.

mod common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use bonafide_server::{Inbound, ServiceSettings, Subscriber};
use bonafide_store::{Role, SqliteStore, Store};
use common::{call, fixture_lines, get, post_json, start, temp_dir};
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The Standard Webhooks secret the tests' subscriber holds.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A subscriber on loopback: it records every request and answers as told.
#[derive(Default)]
struct Received {
    /// Delivered: (legacy signature header, event header, body).
    messages: Mutex<Vec<(String, String, String)>>,
    /// Every request: (headers, body, when).
    requests: Mutex<Vec<(HeaderMap, String, std::time::Instant)>>,
    /// Answer 500 to this many requests first.
    fail_first: AtomicUsize,
    /// Answer 500 to the first request about each application.
    fail_each_first: std::sync::atomic::AtomicBool,
    /// Answer this status to everything (0: answer normally).
    always: std::sync::atomic::AtomicU16,
    /// A `Retry-After` sent with a failure.
    retry_after: Mutex<Option<String>>,
}

impl Received {
    fn answer(&self, status: u16) {
        self.always.store(status, Ordering::SeqCst);
    }

    fn requests(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }
}

async fn receiver(received: Arc<Received>) -> String {
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let received = Arc::clone(&received);
            async move {
                let text = String::from_utf8_lossy(&body).into_owned();
                let first_for_app = {
                    let mut requests = received.requests.lock().expect("lock");
                    let app = serde_json::from_str::<Value>(&text).unwrap_or_default()
                        ["application_id"]
                        .clone();
                    let seen = requests.iter().any(|(_, b, _)| {
                        serde_json::from_str::<Value>(b).unwrap_or_default()["application_id"]
                            == app
                    });
                    requests.push((headers.clone(), text.clone(), std::time::Instant::now()));
                    !seen
                };
                let mut answer = axum::http::HeaderMap::new();
                if let Some(wait) = received.retry_after.lock().expect("lock").clone() {
                    answer.insert("retry-after", wait.parse().expect("header"));
                }
                let always = received.always.load(Ordering::SeqCst);
                if always == 307 {
                    answer.insert(
                        "location",
                        "http://127.0.0.1:9/elsewhere".parse().expect("url"),
                    );
                }
                if always != 0 {
                    let status = StatusCode::from_u16(always).expect("status");
                    return (status, answer);
                }
                if received
                    .fail_first
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
                    || (first_for_app && received.fail_each_first.load(Ordering::SeqCst))
                {
                    return (StatusCode::INTERNAL_SERVER_ERROR, answer);
                }
                // Every delivery verifies with the Standard Webhooks library.
                standardwebhooks::Webhook::new(SECRET)
                    .expect("secret")
                    .verify(&body, &headers)
                    .expect("a Standard Webhooks signature");
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                received.messages.lock().expect("lock").push((
                    header("x-bonafide-signature"),
                    header("x-bonafide-event"),
                    text,
                ));
                (StatusCode::NO_CONTENT, answer)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

fn settings(hook: &str) -> ServiceSettings {
    ServiceSettings {
        webhooks: vec![Subscriber {
            name: "ats".into(),
            url: hook.into(),
            secret: SECRET.into(),
            previous_secrets: vec!["an-older-secret".into()],
            tenants: vec![],
        }],
        inbound: vec![
            Inbound {
                source: "greenhouse".into(),
                tenant: "acme".into(),
                secret: "gh-secret".into(),
                replay_hours: 720,
                fields: Default::default(),
            },
            Inbound {
                source: "ashby".into(),
                tenant: "acme".into(),
                secret: "ashby-token".into(),
                replay_hours: 720,
                fields: Default::default(),
            },
        ],
        ..ServiceSettings::default()
    }
}

/// Wait until `check` holds (deliveries are asynchronous).
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

fn events_for(received: &Received, id: &str) -> Vec<(String, Value)> {
    received
        .messages
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|(sig, event, body)| {
            let body: Value = serde_json::from_str(body).ok()?;
            // Every delivery is signed over its timestamp and body.
            let t: i64 = sig.split(',').next()?.strip_prefix("t=")?.parse().ok()?;
            assert_eq!(
                *sig,
                bonafide_server::signature(SECRET, t, body.to_string().as_bytes())
            );
            (body["application_id"] == id).then(|| (event.clone(), body))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verdicts_reach_the_subscriber_signed_retried_and_changed() {
    let received = Arc::new(Received::default());
    received.fail_first.store(1, Ordering::SeqCst);
    let hook = receiver(Arc::clone(&received)).await;
    let (service, dir) = on_sqlite("hooks", settings(&hook)).await;
    let key = service.key("acme", Role::Integration).await;
    let farm = fixture_lines("laptop-farm.jsonl");
    let (status, _, _) = post_json(&service.base, &key, &farm[0]).await;
    assert_eq!(status, 201);
    // The first attempt fails (500); the retry a second later is delivered.
    eventually("farm-001 delivered", || {
        !events_for(&received, "farm-001").is_empty()
    })
    .await;
    let first = events_for(&received, "farm-001");
    assert_eq!(first[0].0, "verdict.created");
    assert_eq!(first[0].1["verdict"]["application_id"], "farm-001");
    // A later application that links to it changes its verdict: the subscriber hears of both.
    let (status, _, _) = post_json(&service.base, &key, &farm[3]).await;
    assert_eq!(status, 201);
    eventually("farm-001 changed", || {
        events_for(&received, "farm-001").len() == 2
    })
    .await;
    let changed = &events_for(&received, "farm-001")[1];
    assert_eq!(changed.0, "verdict.changed");
    assert_eq!(
        changed.1["verdict"]["linked_applications"][0]["application_id"],
        "farm-004"
    );
    eventually("farm-004 delivered", || {
        !events_for(&received, "farm-004").is_empty()
    })
    .await;
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undelivered_messages_survive_a_restart() {
    let dir = temp_dir("outbox");
    let file = dir.join("bonafide.db");
    let farm = fixture_lines("laptop-farm.jsonl");
    {
        // The subscriber is down: nothing listens on port 9 of loopback.
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&file).expect("store"));
        let service = start(Arc::clone(&store), settings("http://127.0.0.1:9/hook")).await;
        let key = service.key("acme", Role::Integration).await;
        let (status, _, _) = post_json(&service.base, &key, &farm[0]).await;
        assert_eq!(status, 201);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let pending = tokio::task::spawn_blocking(move || store.outbox_len())
            .await
            .expect("join")
            .expect("len");
        assert_eq!(pending, 1);
        service.stop();
    }
    let received = Arc::new(Received::default());
    let hook = receiver(Arc::clone(&received)).await;
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&file).expect("reopen"));
    let service = start(Arc::clone(&store), settings(&hook)).await;
    eventually("delivered after the restart", || {
        events_for(&received, "farm-001").len() == 1
    })
    .await;
    eventually("outbox empty", || store.outbox_len().ok() == Some(0)).await;
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// A service over a new SQLite store in a folder of its own.
async fn on_sqlite(name: &str, settings: ServiceSettings) -> (common::Running, std::path::PathBuf) {
    let dir = temp_dir(name);
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    (start(store, settings).await, dir)
}

/// The dead messages an admin key sees.
async fn dead_letters(base: &str, key: &str) -> Vec<Value> {
    let (status, body) = get(base, "/v1/webhooks/dead", key).await;
    assert_eq!(status, 200, "{body}");
    body["dead"].as_array().cloned().unwrap_or_default()
}

async fn until_dead(base: &str, key: &str, id: &str) -> Value {
    for _ in 0..100 {
        if let Some(found) = dead_letters(base, key)
            .await
            .into_iter()
            .find(|m| m["application_id"] == id)
        {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{id}'s message never given up on");
}

async fn replay(base: &str, key: &str, id: &Value) -> u16 {
    let path = format!("{base}/v1/webhooks/dead/{id}/replay");
    call(Method::POST, &path, Some(key), "", None).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_applications_messages_arrive_one_at_a_time_in_order() {
    // The subscriber fails the first delivery about each application: its
    // retry waits while later changes of the same verdict are already due.
    let received = Arc::new(Received::default());
    received.fail_each_first.store(true, Ordering::SeqCst);
    let hook = receiver(Arc::clone(&received)).await;
    let (service, dir) = on_sqlite("order", settings(&hook)).await;
    let store = Arc::clone(&service.store);
    let mut keys = std::collections::HashMap::new();
    for tenant in ["acme", "globex", "initech"] {
        keys.insert(tenant, service.key(tenant, Role::Integration).await);
    }
    let farm = fixture_lines("laptop-farm.jsonl");
    let ids: Vec<String> = farm[..10]
        .iter()
        .map(|a| a["application_id"].as_str().expect("id").to_owned())
        .collect();
    for application in &farm[..10] {
        let key = &keys[application["tenant_id"].as_str().expect("tenant")];
        let (status, _, _) = post_json(&service.base, key, application).await;
        assert_eq!(status, 201);
    }
    eventually("every message delivered", || {
        store.outbox_len().ok() == Some(0)
            && ids.iter().all(|id| !events_for(&received, id).is_empty())
    })
    .await;
    let mut changed = 0;
    for id in &ids {
        let events = events_for(&received, id);
        let heard: Vec<(&str, &Value)> = events
            .iter()
            .map(|(event, body)| (event.as_str(), &body["verdict_version"]))
            .collect();
        assert_eq!(events[0].0, "verdict.created", "{id} heard {heard:?}");
        let versions: Vec<u64> = events
            .iter()
            .map(|(_, body)| body["verdict_version"].as_u64().expect("version"))
            .collect();
        assert!(
            versions.windows(2).all(|w| w[0] < w[1]),
            "{id} heard versions {versions:?}"
        );
        for (_, body) in &events {
            let decided = body["decided_at"].as_str().expect("decided_at");
            assert!(
                chrono::DateTime::parse_from_rfc3339(decided).is_ok(),
                "{decided}"
            );
        }
        changed += events.len() - 1;
    }
    assert!(changed >= 5, "the farm's verdicts changed {changed} times");
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn given_up_messages_wait_for_an_admin_and_410_stops_the_subscriber() {
    let received = Arc::new(Received::default());
    received.answer(500);
    let hook = receiver(Arc::clone(&received)).await;
    let settings = ServiceSettings {
        webhook_attempts: 2,
        ..settings(&hook)
    };
    let (service, dir) = on_sqlite("dead", settings).await;
    let store = Arc::clone(&service.store);
    let base = service.base.clone();
    let key = service.key("acme", Role::Integration).await;
    let admin = service.key("acme", Role::Admin).await;
    let stranger = service.key("globex", Role::Admin).await;
    let farm = fixture_lines("laptop-farm.jsonl");
    let (status, _, _) = post_json(&base, &key, &farm[0]).await;
    assert_eq!(status, 201);
    // Two failures, then it is kept for an admin.
    let dead = until_dead(&base, &admin, "farm-001").await;
    assert_eq!(dead["attempts"], 2);
    assert_eq!(dead["last_error"], "HTTP 500");
    assert_eq!(dead["event"], "verdict.created");
    assert_eq!(dead["verdict_version"], 1);
    {
        let requests = received.requests.lock().expect("lock");
        assert_eq!(requests.len(), 2);
        let header = |i: usize, name: &str| {
            requests[i]
                .0
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(header(0, "webhook-id"), header(1, "webhook-id"));
        assert_eq!(
            header(0, "webhook-id"),
            dead["webhook_id"].as_str().map(str::to_owned)
        );
        assert!(header(0, "user-agent").is_some_and(|ua| ua.starts_with("bonafide-webhooks/")));
        // One signature per secret while the old one is rotated out.
        assert_eq!(
            header(0, "webhook-signature")
                .expect("signed")
                .split(' ')
                .count(),
            2
        );
    }
    assert_eq!(get(&base, "/v1/webhooks/dead", &key).await.0, 403);
    assert!(dead_letters(&base, &stranger).await.is_empty());
    assert_eq!(replay(&base, &stranger, &dead["id"]).await, 404);
    // Replayed once the subscriber is back: delivered, and audited.
    received.answer(0);
    assert_eq!(replay(&base, &admin, &dead["id"]).await, 200);
    eventually("replayed", || events_for(&received, "farm-001").len() == 1).await;
    assert!(dead_letters(&base, &admin).await.is_empty());
    let (_, audit) = get(&base, "/v1/audit", &admin).await;
    assert_eq!(audit["entries"][0]["action"], "webhook_replay");
    // A redirect is not followed: the message fails where it was sent.
    received.answer(307);
    let (status, _, _) = post_json(&base, &key, &farm[3]).await;
    assert_eq!(status, 201);
    let dead = until_dead(&base, &admin, "farm-004").await;
    assert_eq!(dead["last_error"], "HTTP 307 (redirects are not followed)");
    // 410 Gone stops the subscriber: later messages are kept without a request.
    received.answer(410);
    let (status, _, _) = post_json(&base, &key, &farm[6]).await;
    assert_eq!(status, 201);
    until_dead(&base, &admin, "farm-007").await;
    let (_, subscribers) = get(&base, "/v1/webhooks/subscribers", &admin).await;
    assert_eq!(subscribers["subscribers"][0]["name"], "ats");
    assert_eq!(
        subscribers["subscribers"][0]["stopped"]["reason"],
        "answered 410 Gone"
    );
    received.answer(0);
    let asked = received.requests();
    let (status, _, _) = post_json(&base, &key, &farm[9]).await;
    assert_eq!(status, 201);
    let dead = until_dead(&base, &admin, "farm-010").await;
    assert!(
        dead["last_error"]
            .as_str()
            .expect("error")
            .contains("stopped"),
        "{dead}"
    );
    assert_eq!(
        received.requests(),
        asked,
        "a stopped subscriber is not called"
    );
    // An operator resumes it (`bonafide webhooks resume ats`); an admin replays.
    assert!(store.subscriber_resume("ats").expect("resume"));
    assert_eq!(replay(&base, &admin, &dead["id"]).await, 200);
    eventually("delivered after the resume", || {
        events_for(&received, "farm-010").len() == 1
    })
    .await;
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscribers_retry_after_is_honoured() {
    let received = Arc::new(Received::default());
    received.fail_first.store(1, Ordering::SeqCst);
    *received.retry_after.lock().expect("lock") = Some("3".into());
    let hook = receiver(Arc::clone(&received)).await;
    let (service, dir) = on_sqlite("retry-after", settings(&hook)).await;
    let key = service.key("acme", Role::Integration).await;
    let farm = fixture_lines("laptop-farm.jsonl");
    let (status, _, _) = post_json(&service.base, &key, &farm[0]).await;
    assert_eq!(status, 201);
    eventually("delivered", || events_for(&received, "farm-001").len() == 1).await;
    let requests = received.requests.lock().expect("lock");
    // Without Retry-After the first retry comes after about a second.
    let waited = requests[1].2 - requests[0].2;
    assert!(
        waited >= Duration::from_millis(2_900),
        "retried after {waited:?}"
    );
    drop(requests);
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

fn greenhouse_body() -> String {
    json!({
        "action": "new_candidate_application",
        "payload": { "application": {
            "id": 46194062, "applied_at": "2026-03-04T15:22:11Z",
            "jobs": [{ "id": 107761, "name": "Senior Rust Engineer" }],
            "candidate": {
                "id": 57683957, "first_name": "Jordan", "last_name": "Miller",
                "email_addresses": [{ "value": "jordan.miller@example.com", "type": "personal" }],
                "phone_numbers": [{ "value": "+14155550100", "type": "mobile" }]
            }
        } }
    })
    .to_string()
}

fn greenhouse_signature(secret: &str, body: &str) -> String {
    bonafide_server::greenhouse_signature(secret, body.as_bytes())
}

/// POST a signed ATS event; (status, answer).
async fn send_event(url: &str, headers: &[(&str, String)], body: &str) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn signed_gh(body: &str, event_id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Signature", greenhouse_signature("gh-secret", body)),
        ("Greenhouse-Event-ID", event_id.to_owned()),
    ]
}

fn signal_ids(verdict: &Value) -> Vec<String> {
    let mut ids: Vec<String> = verdict["signals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

/// Greenhouse and Ashby events through the service: signed or refused alike,
/// merged without losing what onboarding sent (numbers included), replays
/// changing nothing, deletions honoured.
async fn ats_events_merge_and_replays_change_nothing(store: Arc<dyn Store>) {
    let service = start(store, settings("http://127.0.0.1:9/hook")).await;
    let investigator = service.key("acme", Role::Investigator).await;
    let integration = service.key("acme", Role::Integration).await;
    let admin = service.key("acme", Role::Admin).await;
    let url = format!("{}/v1/webhooks/greenhouse/acme", service.base);
    let body = greenhouse_body();
    // Unsigned, signed with another key, or for a tenant with no Greenhouse
    // webhook: the same 401, and nothing kept.
    let (status, unsigned) = send_event(&url, &[], &body).await;
    assert_eq!(status, 401);
    let wrong = vec![("Signature", greenhouse_signature("not-the-secret", &body))];
    assert_eq!(send_event(&url, &wrong, &body).await.0, 401);
    let other = format!("{}/v1/webhooks/greenhouse/globex", service.base);
    let (status, no_tenant) = send_event(&other, &signed_gh(&body, "evt-0"), &body).await;
    assert_eq!(status, 401);
    assert_eq!(
        no_tenant["detail"], unsigned["detail"],
        "nothing tells tenants apart"
    );
    let (status, _) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    assert_eq!(status, 404);

    // Signed: mapped into the contract, kept and scored, answered 200.
    let (status, taken) = send_event(&url, &signed_gh(&body, "evt-1"), &body).await;
    assert_eq!(status, 200, "{taken}");
    assert_eq!(taken["version"], 1, "{taken}");
    let (status, seen) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(
        seen["application"]["candidate"]["full_name"],
        "Jordan Miller"
    );
    assert_eq!(
        seen["application"]["candidate"]["external_id"],
        "greenhouse:57683957"
    );

    // Onboarding merges the hire's session, payroll and passport in...
    let onboarding = json!({ "source": "onboarding",
        "sessions": [{ "at": "2026-04-01T16:00:00Z", "kind": "onboarding",
            "ip": "73.162.1.9", "browser_timezone": "America/Los_Angeles" }],
        "payroll": { "method": "bank_transfer", "account_holder": "Jordan Miller", "bank_country": "US",
            "routing_number": "021000021", "account_number": "1234567890" },
        "documents": [{ "kind": "passport", "number": "X12345678", "issuing_country": "US",
            "holder_name": "Jordan Miller" }] });
    let (status, _, patched) = call(
        Method::PATCH,
        &format!("{}/v1/applications/gh-46194062", service.base),
        Some(&integration),
        "application/merge-patch+json",
        Some(onboarding.to_string()),
    )
    .await;
    assert_eq!(status, 200, "{patched}");
    // ...and another applicant is paid into the same account.
    let (status, _, _) = post_json(&service.base, &integration, &json!({
        "application_id": "acme-77", "candidate": { "full_name": "Casey Park" },
        "payroll": { "method": "bank_transfer", "routing_number": "021000021", "account_number": "1234567890" } }))
    .await;
    assert_eq!(status, 201);
    let (_, before) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    let linked = |seen: &Value| {
        seen["verdict"]["linked_applications"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|l| l["application_id"] == "acme-77")
    };
    assert!(linked(&before), "{}", before["verdict"]);
    let kept_text = before["application"].to_string();
    assert!(
        !kept_text.contains("1234567890") && !kept_text.contains("X12345678"),
        "{kept_text}"
    );
    assert!(
        !kept_text.contains("sealed"),
        "seals are never shown: {kept_text}"
    );

    // A later stage change keeps all of it: the account still links, the
    // score is the same, and nothing is reported unreadable.
    let mut stage: Value = serde_json::from_str(&body).expect("json");
    stage["action"] = json!("candidate_stage_change");
    stage["payload"]["application"]["jobs"][0]["name"] = json!("Staff Rust Engineer");
    stage["payload"]["application"]["last_activity_at"] = json!(chrono::Utc::now().to_rfc3339());
    let stage = stage.to_string();
    let (status, _) = send_event(&url, &signed_gh(&stage, "evt-2"), &stage).await;
    assert_eq!(status, 200);
    let (_, after) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    let kept = &after["application"];
    assert_eq!(kept["position"]["title"], "Staff Rust Engineer");
    assert_eq!(kept["sessions"][0]["kind"], "onboarding", "{kept}");
    assert_eq!(kept["payroll"]["bank_country"], "US", "{kept}");
    assert_eq!(kept["documents"][0]["kind"], "passport", "{kept}");
    assert!(linked(&after), "{}", after["verdict"]);
    assert_eq!(after["verdict"]["score"], before["verdict"]["score"]);
    assert_eq!(
        signal_ids(&after["verdict"]),
        signal_ids(&before["verdict"])
    );
    assert!(!signal_ids(&after["verdict"]).contains(&"input.unreadable".to_owned()));
    let origins: Vec<&str> = after["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["origin"].as_str())
        .collect();
    assert_eq!(origins, vec!["greenhouse", "onboarding", "greenhouse"]);
    assert_eq!(
        after["versions"][2]["changed"],
        json!(["position.title", "source"])
    );

    // The same event again, or an old one replayed, changes nothing.
    let (status, again) = send_event(&url, &signed_gh(&stage, "evt-2"), &stage).await;
    assert_eq!((status, &again["duplicate"]), (200, &json!("evt-2")));
    let mut old: Value = serde_json::from_str(&body).expect("json");
    old["payload"]["application"]["jobs"][0]["name"] = json!("Intern");
    old["payload"]["application"]["last_activity_at"] = json!("2025-01-01T00:00:00Z");
    let old = old.to_string();
    let (status, refused) = send_event(&url, &signed_gh(&old, "evt-old"), &old).await;
    assert_eq!(status, 200);
    assert!(
        refused["ignored"]
            .as_str()
            .is_some_and(|r| r.contains("replay")),
        "{refused}"
    );
    let (_, now) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    assert_eq!(now["versions"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        now["application"]["position"]["title"],
        "Staff Rust Engineer"
    );

    // A signed event about no application is acknowledged and ignored.
    let job = json!({ "action": "job_created", "payload": { "job": { "id": 5 } } }).to_string();
    let (status, answer) = send_event(&url, &signed_gh(&job, "evt-job"), &job).await;
    assert_eq!(status, 200);
    assert!(answer["ignored"].is_string());

    // Ashby: signed with `sha256=`, mapped, kept and scored.
    let ashby = json!({ "action": "applicationSubmit", "data": { "application": {
        "id": "3ae5c7d2-1111-4000-8000-00000000000a", "createdAt": "2026-03-06T10:00:00Z",
        "job": { "id": "j1", "title": "Data Engineer" },
        "candidate": { "id": "cand-a1", "name": "Priya Raman",
            "primaryEmailAddress": { "value": "priya@example.com" },
            "location": { "locationComponents": [{ "type": "Country", "name": "United States" }] } } } } })
    .to_string();
    let ashby_url = format!("{}/v1/webhooks/ashby/acme", service.base);
    let unsigned = send_event(&ashby_url, &[], &ashby).await;
    assert_eq!(unsigned.0, 401);
    let signature = vec![(
        "Ashby-Signature",
        bonafide_server::ashby_signature("ashby-token", ashby.as_bytes()),
    )];
    let (status, taken) = send_event(&ashby_url, &signature, &ashby).await;
    assert_eq!(status, 200, "{taken}");
    let (status, seen) = get(
        &service.base,
        "/v1/applications/ashby-3ae5c7d2-1111-4000-8000-00000000000a",
        &investigator,
    )
    .await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["application"]["candidate"]["full_name"], "Priya Raman");
    assert!(seen["verdict"]["score"].is_u64());
    let (_, replayed) = send_event(&ashby_url, &signature, &ashby).await;
    assert!(replayed["duplicate"].is_string(), "{replayed}");

    // The candidate is deleted in Greenhouse: found by its candidate id, gone here.
    let links_to_the_hire = |seen: &Value| {
        let links = seen["verdict"]["linked_applications"].as_array().cloned();
        assert!(seen["verdict"].is_object(), "{seen}");
        links
            .unwrap_or_default()
            .iter()
            .any(|a| a["application_id"] == "gh-46194062")
    };
    let (_, other) = get(&service.base, "/v1/applications/acme-77", &investigator).await;
    assert!(links_to_the_hire(&other), "{}", other["verdict"]);
    let deleted = json!({ "action": "delete_candidate",
        "payload": { "person": { "id": 57683957, "first_name": "Jordan" } } })
    .to_string();
    let (status, answer) = send_event(&url, &signed_gh(&deleted, "evt-del"), &deleted).await;
    assert_eq!((status, &answer["deleted"]), (200, &json!(1)), "{answer}");
    let (status, _) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    assert_eq!(status, 404);
    let (_, other) = get(&service.base, "/v1/applications/acme-77", &investigator).await;
    assert!(!links_to_the_hire(&other), "{}", other["verdict"]);
    let (_, log) = get(&service.base, "/v1/audit", &admin).await;
    assert!(log.to_string().contains("deleted_at_source"), "{log}");
    service.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ats_events_on_sqlite() {
    let dir = temp_dir("greenhouse");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    ats_events_merge_and_replays_change_nothing(store).await;
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ats_events_on_postgres() {
    let schema = common::PgSchema::new("ats");
    ats_events_merge_and_replays_change_nothing(schema.store().await).await;
    schema.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_and_body_limits_answer_429_and_413() {
    let dir = temp_dir("limits");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let service = start(
        store,
        ServiceSettings {
            rate_per_second: 1,
            burst: 2,
            body_bytes: 4_096,
            ..ServiceSettings::default()
        },
    )
    .await;
    let key = service.key("acme", Role::Integration).await;
    let big = json!({ "application_id": "big", "candidate": { "full_name": "x".repeat(8_000) } });
    let (status, _, _) = post_json(&service.base, &key, &big).await;
    assert_eq!(status, 413);
    let big_url = format!("{}/v1/applications/big", service.base);
    let read = || call(Method::GET, &big_url, Some(&key), "", None);
    let (status, _, _) = read().await;
    assert_eq!(status, 404, "the second of a burst of 2 still passes");
    let (status, kind, problem) = read().await;
    assert_eq!(
        (status, kind.as_str()),
        (429, "application/problem+json"),
        "{problem}"
    );
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_and_batches_over_their_limits_are_refused_whole() {
    let settings = ServiceSettings {
        batch_records: 10,
        ..ServiceSettings::default()
    };
    let (service, dir) = on_sqlite("record-limits", settings).await;
    let key = service.key("acme", Role::Integration).await;
    let submissions = format!("{}/v1/applications", service.base);
    // An object of 600,000 keys (6.6 MB, under the 16 MB body limit) is over
    // the 4 MiB a record may hold: refused, not stored.
    let mut huge = String::from(r#"{"application_id":"keys""#);
    for i in 0..600_000 {
        huge.push_str(&format!(r#","k{i}":0"#));
    }
    huge.push('}');
    let (status, _, problem) = call(
        Method::POST,
        &submissions,
        Some(&key),
        "application/json",
        Some(huge),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["errors"][0]["path"], "$");
    assert!(problem["errors"][0]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("line_bytes")));
    assert_eq!(
        get(&service.base, "/v1/applications/keys", &key).await.0,
        404
    );
    // A batch of 11 where 10 are allowed: refused whole with a problem, nothing kept.
    let batch = |n: usize| {
        (0..n)
            .map(|i| json!({ "application_id": format!("b-{i}") }).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (status, kind, problem) = call(
        Method::POST,
        &submissions,
        Some(&key),
        "application/x-ndjson",
        Some(batch(11)),
    )
    .await;
    assert_eq!((status, kind.as_str()), (413, "application/problem+json"));
    assert!(problem["detail"]
        .as_str()
        .is_some_and(|d| d.contains("batch_records")));
    assert_eq!(
        get(&service.base, "/v1/applications/b-0", &key).await.0,
        404
    );
    let (status, _, answer) = call(
        Method::POST,
        &submissions,
        Some(&key),
        "application/x-ndjson",
        Some(batch(10)),
    )
    .await;
    assert_eq!((status, answer["accepted"].as_u64()), (200, Some(10)));
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// `POST /v1/telemetry/{source}`: the hire's Okta sign-ins (a file written from
/// Okta's published schema) merge into the kept application, which is scored
/// again and its subscriber told; a user no application holds is answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telemetry_merges_into_the_hire_and_the_subscriber_hears() {
    let received = Arc::new(Received::default());
    let hook = receiver(Arc::clone(&received)).await;
    let (service, dir) = on_sqlite("telemetry", settings(&hook)).await;
    let key = service.key("acme", Role::Integration).await;
    let recruiter = service.key("acme", Role::Recruiter).await;
    let hire = json!({ "application_id": "hire-001",
        "candidate": { "full_name": "Jordan Miller", "emails": ["JMiller@acme-corp.example"],
            "claimed_location": { "country": "US", "region": "IL" } },
        "position": { "start_date": "2026-04-06" } });
    let (status, _, _) = post_json(&service.base, &key, &hire).await;
    assert_eq!(status, 201);
    eventually("created", || !events_for(&received, "hire-001").is_empty()).await;
    let okta = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/telemetry/okta-system-log.json"),
    )
    .expect("fixture");
    let url = format!("{}/v1/telemetry/okta", service.base);
    let (status, _, _) = call(
        Method::POST,
        &url,
        Some(&recruiter),
        "application/json",
        Some(okta.clone()),
    )
    .await;
    assert_eq!(status, 403, "recruiters do not send telemetry");
    let (status, _, answer) = call(
        Method::POST,
        &url,
        Some(&key),
        "application/json",
        Some(okta),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["merged"][0]["application_id"], "hire-001",
        "{answer}"
    );
    assert_eq!(answer["merged"][0]["outcome"], "new_version");
    assert_eq!(
        answer["unplaced"][0]["hire"]["value"],
        "pat.lee@acme-corp.example"
    );
    assert_eq!(answer["skipped"], 1);
    eventually("changed", || events_for(&received, "hire-001").len() == 2).await;
    let changed = &events_for(&received, "hire-001")[1];
    assert_eq!(changed.0, "verdict.changed");
    assert!(changed.1["after_hire_signals"].is_array(), "{}", changed.1);
    let (status, _, _) = call(
        Method::POST,
        &format!("{}/v1/telemetry/jamf", service.base),
        Some(&key),
        "application/json",
        Some("{}".into()),
    )
    .await;
    assert_eq!(status, 404);
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// Two sources merging into one application at the same moment both keep
/// their fields: merges of one application take turns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_merges_into_one_application_keep_both_sources() {
    let dir = temp_dir("merges");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let service = start(store, settings("http://127.0.0.1:9/hook")).await;
    let key = service.key("acme", Role::Integration).await;
    let investigator = service.key("acme", Role::Investigator).await;
    for i in 0..6 {
        let id = format!("merge-{i}");
        let (status, _, _) = post_json(
            &service.base,
            &key,
            &json!({ "application_id": id, "candidate": { "full_name": "Ann Carter" } }),
        )
        .await;
        assert_eq!(status, 201);
        let url = format!("{}/v1/applications/{id}", service.base);
        let payroll = json!({ "source": "payroll", "payroll": { "method": "wise" } }).to_string();
        let shipping = json!({ "source": "it",
            "shipping": { "address": { "line1": "1 Main St", "city": "Austin", "country": "US" } } })
        .to_string();
        let (a, b) = tokio::join!(
            call(
                Method::PATCH,
                &url,
                Some(&key),
                "application/merge-patch+json",
                Some(payroll)
            ),
            call(
                Method::PATCH,
                &url,
                Some(&key),
                "application/merge-patch+json",
                Some(shipping)
            ),
        );
        assert_eq!((a.0, b.0), (200, 200));
        let (_, seen) = get(
            &service.base,
            &format!("/v1/applications/{id}"),
            &investigator,
        )
        .await;
        let kept = &seen["application"];
        assert_eq!(kept["payroll"]["method"], "wise", "{kept}");
        assert_eq!(kept["shipping"]["address"]["city"], "Austin", "{kept}");
    }
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}
