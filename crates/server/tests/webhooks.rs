//! Webhooks out (signed, retried, kept across a restart) and in (Greenhouse,
//! HMAC-verified), and the request limits.

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

#[derive(Default)]
struct Received {
    /// (signature header, event header, body)
    messages: Mutex<Vec<(String, String, String)>>,
    /// Answer 500 to this many requests first.
    fail_first: AtomicUsize,
}

async fn receiver(received: Arc<Received>) -> String {
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let received = Arc::clone(&received);
            async move {
                if received
                    .fail_first
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
                {
                    return StatusCode::INTERNAL_SERVER_ERROR;
                }
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
                    String::from_utf8_lossy(&body).into_owned(),
                ));
                StatusCode::NO_CONTENT
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
            secret: "whsec-test".into(),
            tenants: vec![],
        }],
        inbound: vec![Inbound {
            source: "greenhouse".into(),
            tenant: "acme".into(),
            secret: "gh-secret".into(),
        }],
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
                bonafide_server::signature("whsec-test", t, body.to_string().as_bytes())
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
    let dir = temp_dir("hooks");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let service = start(store, settings(&hook)).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greenhouse_events_are_taken_only_when_signed() {
    let dir = temp_dir("greenhouse");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let service = start(store, settings("http://127.0.0.1:9/hook")).await;
    let investigator = service.key("acme", Role::Investigator).await;
    let url = format!("{}/v1/webhooks/greenhouse/acme", service.base);
    let body = greenhouse_body();
    let client = reqwest::Client::new();
    let send = |signature: Option<String>, url: String| {
        let mut request = client
            .post(url)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(signature) = signature {
            request = request.header("Signature", signature);
        }
        request.send()
    };
    // Unsigned, or signed with another key: 401, and nothing kept.
    let answer = send(None, url.clone()).await.expect("answer");
    assert_eq!(answer.status().as_u16(), 401);
    let answer = send(
        Some(greenhouse_signature("not-the-secret", &body)),
        url.clone(),
    )
    .await
    .expect("answer");
    assert_eq!(answer.status().as_u16(), 401);
    let (status, _) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    assert_eq!(status, 404);
    // A tenant with no Greenhouse webhook configured.
    let other = format!("{}/v1/webhooks/greenhouse/globex", service.base);
    let answer = send(Some(greenhouse_signature("gh-secret", &body)), other)
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 404);
    // Signed: mapped into the contract, kept and scored.
    let answer = send(Some(greenhouse_signature("gh-secret", &body)), url)
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 201);
    let (status, seen) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(
        seen["application"]["candidate"]["full_name"],
        "Jordan Miller"
    );
    assert_eq!(seen["application"]["source"], "greenhouse");

    // Onboarding posts the hire's sessions and payroll under the same id...
    let integration = service.key("acme", Role::Integration).await;
    let mut onboarded = seen["application"].clone();
    onboarded["sessions"] = json!([{ "at": "2026-04-01T16:00:00Z", "kind": "onboarding",
        "ip": "73.162.1.9", "browser_timezone": "America/Los_Angeles" }]);
    onboarded["payroll"] = json!({ "method": "bank_transfer", "bank_country": "US",
        "routing_number": "021000021", "account_number": "1234567890" });
    let (status, _, answer) = post_json(&service.base, &integration, &onboarded).await;
    assert!(status == 201 || status == 200, "{answer}");
    // ...and a later stage change from Greenhouse keeps them.
    let mut stage: Value = serde_json::from_str(&body).expect("json");
    stage["action"] = json!("candidate_stage_change");
    stage["payload"]["application"]["candidate"]["last_name"] = json!("Miller-Reyes");
    let stage = stage.to_string();
    let answer = client
        .post(format!("{}/v1/webhooks/greenhouse/acme", service.base))
        .header("content-type", "application/json")
        .header("Signature", greenhouse_signature("gh-secret", &stage))
        .body(stage.clone())
        .send()
        .await
        .expect("answer");
    assert!(answer.status().is_success(), "{}", answer.status());
    let (_, seen) = get(&service.base, "/v1/applications/gh-46194062", &investigator).await;
    let kept = &seen["application"];
    assert_eq!(
        kept["candidate"]["full_name"], "Jordan Miller-Reyes",
        "{kept}"
    );
    assert_eq!(kept["sessions"][0]["kind"], "onboarding", "{kept}");
    assert_eq!(kept["payroll"]["bank_country"], "US", "{kept}");
    // A signed event about no application is acknowledged and ignored.
    let job = json!({ "action": "job_created", "payload": { "job": { "id": 5 } } }).to_string();
    let answer = client
        .post(format!("{}/v1/webhooks/greenhouse/acme", service.base))
        .header("content-type", "application/json")
        .header("Signature", greenhouse_signature("gh-secret", &job))
        .body(job)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 200);
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
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
