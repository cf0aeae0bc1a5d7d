//! The API end to end over loopback, against SQLite and against the PostgreSQL
//! at `BONAFIDE_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`).

mod common;

use bonafide_server::ServiceSettings;
use bonafide_store::{Role, SqliteStore, Store};
use common::{call, fixture_lines, get, post_json, start, temp_dir, PgSchema};
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::Arc;

fn farm_of(tenant: &str) -> Vec<Value> {
    fixture_lines("laptop-farm.jsonl")
        .into_iter()
        .filter(|a| a["tenant_id"] == tenant)
        .collect()
}

/// Everything the issue's "done" asks of one backend.
async fn scenario(store: Arc<dyn Store>) {
    let service = start(Arc::clone(&store), ServiceSettings::default()).await;
    let base = service.base.clone();
    let acme = service.key("acme", Role::Integration).await;
    let globex = service.key("globex", Role::Integration).await;
    let recruiter = service.key("acme", Role::Recruiter).await;
    let investigator = service.key("acme", Role::Investigator).await;
    let admin = service.key("acme", Role::Admin).await;

    // One object: 201 with the verdict; the same body again is the same application.
    let first = farm_of("acme")[0].clone();
    let (status, _, answer) = post_json(&base, &acme, &first).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["outcome"], "created");
    assert_eq!(answer["verdict"]["application_id"], "farm-001");
    let (status, _, again) = post_json(&base, &acme, &first).await;
    assert_eq!(
        (status, again["outcome"].as_str()),
        (200, Some("unchanged"))
    );

    // Another employer's applications, as a JSON Lines batch, share the farm's address.
    let lines: Vec<String> = farm_of("globex").iter().map(Value::to_string).collect();
    let (status, _, batch) = call(
        Method::POST,
        &format!("{base}/v1/applications"),
        Some(&globex),
        "application/x-ndjson",
        Some(lines.join("\n")),
    )
    .await;
    assert_eq!(status, 200, "{batch}");
    assert_eq!(batch["accepted"], farm_of("globex").len());
    // Then the rest of acme's: linked across time and employers.
    for app in &farm_of("acme")[1..] {
        let (status, _, answer) = post_json(&base, &acme, app).await;
        assert_eq!(status, 201, "{answer}");
    }

    // farm-001 came first; it has been re-scored since and now links to the rest.
    let (status, seen) = get(&base, "/v1/applications/farm-001", &investigator).await;
    assert_eq!(status, 200, "{seen}");
    let linked = seen["verdict"]["linked_applications"]
        .as_array()
        .expect("links")
        .clone();
    assert!(linked.len() >= 4, "{linked:?}");
    assert_eq!(seen["verdict"]["tier"], "escalate");
    let text = seen.to_string();
    for foreign in farm_of("globex") {
        let id = foreign["application_id"].as_str().expect("id");
        assert!(
            !text.contains(&format!("\"{id}\"")) && !text.contains(&format!("{id},")),
            "{id} leaked to acme: {text}"
        );
    }
    assert!(linked.iter().any(
        |l| l["application_id"] == "(another employer's application)"
            && l["via"].as_array().is_some_and(|v| !v.is_empty())
    ));
    // The investigator sees the stored application (numbers reduced), and that read is audited.
    assert!(seen["application"]["payroll"]["account_number"]["hash"].is_string());
    assert!(!text.contains("000123456789"));

    // Links: same-tenant ones with their tier.
    let (status, links) = get(&base, "/v1/applications/farm-001/links", &investigator).await;
    assert_eq!(status, 200);
    assert!(links["links"]
        .as_array()
        .expect("links")
        .iter()
        .any(|l| l["same_tenant"] == true && l["tier"] == "escalate"));

    // A recruiter: the queue, highest score first, masked, no stored application.
    let (status, queue) = get(&base, "/v1/queue?tier=escalate", &recruiter).await;
    assert_eq!(status, 200, "{queue}");
    let items = queue["items"].as_array().expect("items");
    assert!(!items.is_empty());
    let scores: Vec<u64> = items
        .iter()
        .map(|i| i["score"].as_u64().unwrap_or(0))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(items[0]["reasons"][0]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    let (_, masked) = get(&base, "/v1/applications/farm-004", &recruiter).await;
    assert!(masked["application"].is_null());
    assert!(masked["verdict"]["score"].as_u64().is_some());
    // Another tenant's queue is refused; an integration key reads no queue.
    let (status, _) = get(&base, "/v1/queue?tenant=globex", &recruiter).await;
    assert_eq!(status, 403);
    let (status, _) = get(&base, "/v1/queue", &acme).await;
    assert_eq!(status, 403);
    // A tenant never reads another's application.
    let (status, _) = get(&base, "/v1/applications/farm-002", &investigator).await;
    assert_eq!(status, 404);

    // Decisions: a note is required; the decision is kept and audited.
    let decision_url = format!("{base}/v1/applications/farm-004/decision");
    let decide = |body: Value| {
        call(
            Method::POST,
            &decision_url,
            Some(&recruiter),
            "application/json",
            Some(body.to_string()),
        )
    };
    let (status, kind, problem) = decide(json!({ "label": "confirmed" })).await;
    assert_eq!((status, kind.as_str()), (400, "application/problem+json"));
    assert_eq!(problem["errors"][0]["path"], "note");
    let (status, _, _) = decide(
        json!({ "label": "confirmed", "note": "Same Nashville address as three other hires" }),
    )
    .await;
    assert_eq!(status, 201);
    let (_, after) = get(&base, "/v1/applications/farm-004", &recruiter).await;
    assert_eq!(after["decisions"][0]["label"], "confirmed");

    // The audit log: admins only; it holds the unmasked read and the decision.
    let (status, _) = get(&base, "/v1/audit", &investigator).await;
    assert_eq!(status, 403);
    let (status, log) = get(&base, "/v1/audit", &admin).await;
    assert_eq!(status, 200);
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"view_unmasked"), "{actions:?}");
    assert!(actions.contains(&"decide:confirmed"), "{actions:?}");
    // The scheme is read in any case; without a known key, a 401 says how to authenticate.
    let client = reqwest::Client::new();
    let lower = client
        .get(format!("{base}/v1/audit"))
        .header("authorization", format!("bearer {admin}"))
        .send()
        .await
        .expect("response");
    assert_eq!(lower.status().as_u16(), 200);
    for auth in [None, Some("Bearer bfk_not_a_key")] {
        let mut request = client.get(format!("{base}/v1/audit"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let refused = request.send().await.expect("response");
        assert_eq!(refused.status().as_u16(), 401);
        assert_eq!(
            refused.headers()["www-authenticate"],
            "Bearer realm=\"bonafide\""
        );
    }
    // Another tenant's admin reads none of it (ids, decisions, key ids).
    let globex_admin = service.key("globex", Role::Admin).await;
    let (status, theirs) = get(&base, "/v1/audit", &globex_admin).await;
    assert_eq!(status, 200);
    let seen = theirs["entries"].to_string();
    assert!(
        !seen.contains("acme") && !seen.contains("farm-004"),
        "{seen}"
    );

    // Fields that cannot be read are left out and listed; the rest is scored and kept.
    let mut bad = first.clone();
    bad["application_id"] = json!("bad-1");
    bad["candidate"]["date_of_birth"] = json!("not a date");
    bad["sessions"][0]["ip"] = json!("1.2.3");
    let (status, _, accepted) = post_json(&base, &acme, &bad).await;
    assert_eq!(status, 201, "{accepted}");
    let paths: Vec<&str> = accepted["verdict"]["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        ["candidate.date_of_birth", "sessions[0].ip"],
        "{accepted}"
    );
    let (status, _) = get(&base, "/v1/applications/bad-1", &investigator).await;
    assert_eq!(status, 200);
    // A NUL byte (PostgreSQL refuses it in text) is removed and noted; a numeric id is text.
    let mut nul = first.clone();
    nul["application_id"] = json!(9_001);
    nul["candidate"]["full_name"] = json!("Ana\u{0}Lima");
    let (status, _, accepted) = post_json(&base, &acme, &nul).await;
    assert_eq!(status, 201, "{accepted}");
    assert_eq!(
        accepted["verdict"]["errors"][0]["path"],
        "candidate.full_name"
    );
    let (status, stored) = get(&base, "/v1/applications/9001", &investigator).await;
    assert_eq!(status, 200, "{stored}");
    assert!(!stored.to_string().contains("\\u0000"), "{stored}");
    // What is not an application object is refused.
    let (status, kind, problem) = call(
        Method::POST,
        &format!("{base}/v1/applications"),
        Some(&acme),
        "application/json",
        Some("[1, 2, 3]".into()),
    )
    .await;
    assert_eq!(
        (status, kind.as_str()),
        (400, "application/problem+json"),
        "{problem}"
    );
    let (status, _, problem) = call(
        Method::POST,
        &format!("{base}/v1/applications"),
        Some(&acme),
        "application/json",
        Some("{\"application_id\": ".into()),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let mut other_tenant = first.clone();
    other_tenant["tenant_id"] = json!("globex");
    let (status, _, problem) = post_json(&base, &acme, &other_tenant).await;
    assert_eq!(status, 400);
    assert_eq!(problem["errors"][0]["path"], "tenant_id");
    // Keys: none, unknown, or a role that may not submit.
    let (status, _, _) = call(
        Method::POST,
        &format!("{base}/v1/applications"),
        None,
        "application/json",
        Some(first.to_string()),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _, _) = post_json(&base, "bfk_0000_unknown", &first).await;
    assert_eq!(status, 401);
    let (status, _, _) = post_json(&base, &recruiter, &first).await;
    assert_eq!(status, 403);

    // Operations.
    let (status, _, _) = call(Method::GET, &format!("{base}/readyz"), None, "", None).await;
    assert_eq!(status, 200);
    let metrics = reqwest::get(format!("{base}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("bonafide_http_requests_total"),
        "{metrics}"
    );
    assert!(
        metrics.contains("bonafide_applications_total{outcome=\"created\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("bonafide_rescored_total"), "{metrics}");
    // The fixture databases answer every lookup: the counter is there, at zero.
    assert!(
        metrics.contains("bonafide_ip_lookup_failures_total 0"),
        "{metrics}"
    );
    service.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_service_does_what_the_issue_asks() {
    let dir = temp_dir("api");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    scenario(store).await;
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_service_does_the_same() {
    let schema = PgSchema::new("api");
    scenario(schema.store().await).await;
    schema.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_reach_applications_kept_before_a_restart() {
    let dir = temp_dir("restart");
    let file = dir.join("bonafide.db");
    let farm = fixture_lines("laptop-farm.jsonl");
    {
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&file).expect("store"));
        let service = start(store, ServiceSettings::default()).await;
        let key = service.key("acme", Role::Integration).await;
        let (status, _, _) = post_json(&service.base, &key, &farm[0]).await;
        assert_eq!(status, 201);
        service.stop();
    }
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&file).expect("reopen"));
    let service = start(store, ServiceSettings::default()).await;
    let key = service.key("acme", Role::Integration).await;
    let investigator = service.key("acme", Role::Investigator).await;
    let (status, _, answer) = post_json(&service.base, &key, &farm[3]).await;
    assert_eq!(status, 201);
    let linked: Vec<&str> = answer["verdict"]["linked_applications"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["application_id"].as_str())
        .collect();
    assert_eq!(linked, vec!["farm-001"]);
    // And the earlier one was re-scored to show the later.
    let (_, earlier) = get(&service.base, "/v1/applications/farm-001", &investigator).await;
    assert_eq!(
        earlier["verdict"]["linked_applications"][0]["application_id"],
        "farm-004"
    );
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

fn linked_ids(verdict: &Value) -> Vec<String> {
    verdict["linked_applications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["application_id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purge_beside_a_running_service_takes_the_application_out_of_it() {
    let dir = temp_dir("purge-live");
    let file = dir.join("bonafide.db");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&file).expect("store"));
    let service = start(Arc::clone(&store), ServiceSettings::default()).await;
    let key = service.key("acme", Role::Integration).await;
    let investigator = service.key("acme", Role::Investigator).await;
    let farm = farm_of("acme");
    let (status, _, _) = post_json(&service.base, &key, &farm[0]).await;
    assert_eq!(status, 201);
    let case = store
        .create_case("acme", "Nashville farm", "key_test", chrono::Utc::now())
        .expect("case");
    store
        .change_case(
            "acme",
            &case,
            &bonafide_store::CaseEvent {
                at: chrono::Utc::now(),
                by: "key_test".into(),
                change: bonafide_store::CaseChange::Added("farm-001".into()),
            },
        )
        .expect("added");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let cutoff = chrono::Utc::now();
    let (status, _, answer) = post_json(&service.base, &key, &farm[1]).await;
    assert_eq!(status, 201);
    assert_eq!(linked_ids(&answer["verdict"]), ["farm-001"]);
    // `bonafide purge` from another process: its own connection to the file.
    let purged = tokio::task::spawn_blocking(move || {
        SqliteStore::open(&file).expect("open").purge_before(cutoff)
    })
    .await
    .expect("join")
    .expect("purge");
    assert_eq!(purged, 1);
    let path = "/v1/applications/farm-001";
    assert_eq!(get(&service.base, path, &investigator).await.0, 404);
    // Within a second the service has read the removal and scored again
    // what was linked to it.
    let mut survivor = Value::Null;
    for _ in 0..50 {
        survivor = get(&service.base, "/v1/applications/farm-004", &investigator)
            .await
            .1;
        if linked_ids(&survivor["verdict"]).is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        linked_ids(&survivor["verdict"]).is_empty(),
        "{}",
        survivor["verdict"]
    );
    // A new application at the same address links to the survivor only, and
    // does not bring the purged verdict back.
    let (status, _, answer) = post_json(&service.base, &key, &farm[2]).await;
    assert_eq!(status, 201);
    assert_eq!(linked_ids(&answer["verdict"]), ["farm-004"]);
    assert_eq!(get(&service.base, path, &investigator).await.0, 404);
    let (_, links) = get(
        &service.base,
        "/v1/applications/farm-004/links",
        &investigator,
    )
    .await;
    assert!(!links.to_string().contains("farm-001"), "{links}");
    // The case no longer holds it, and its history says why.
    let case = store.case("acme", &case).expect("read").expect("case");
    assert!(case.applications.is_empty(), "{case:?}");
    let last = case.history.last().expect("history");
    assert_eq!(last.by, "retention");
    assert_eq!(
        last.change,
        bonafide_store::CaseChange::Removed("farm-001".into())
    );
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// Checks `value` against a schema of the document, as far as these schemas
/// go: required fields present, no field the schema does not name, types of
/// strings, numbers, arrays and objects, `$ref`s followed. Returns what differs.
fn differences(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return differences(doc, &doc["components"]["schemas"][name], value, at);
    }
    if let Some(options) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        return if options
            .iter()
            .any(|o| differences(doc, o, value, at).is_empty())
        {
            Vec::new()
        } else {
            vec![format!("{at}: matches none of its forms")]
        };
    }
    let kinds: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => return Vec::new(),
    };
    let fits = |kind: &str| match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    };
    if !kinds.iter().any(|k| fits(k)) {
        return vec![format!("{at}: {value} is not {kinds:?}")];
    }
    let mut found = Vec::new();
    if let (Some(fields), Some(properties)) = (value.as_object(), schema["properties"].as_object())
    {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !fields.contains_key(name) {
                found.push(format!("{at}.{name}: required, missing"));
            }
        }
        for (name, field) in fields {
            match properties.get(name) {
                Some(property) => {
                    found.extend(differences(doc, property, field, &format!("{at}.{name}")))
                }
                None => found.push(format!("{at}.{name}: not in the schema")),
            }
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            found.extend(differences(doc, schema, item, &format!("{at}[{i}]")));
        }
    }
    found
}

/// The request body's schema names every field the project's applications
/// use, with its type: each line of the fixtures fits it, and a field it does
/// not name, or a number where text belongs, is caught.
#[test]
fn every_fixture_application_fits_the_documents_application_schema() {
    let doc: Value = serde_json::from_str(&bonafide_server::openapi_json()).expect("JSON");
    let schema = json!({ "$ref": "#/components/schemas/Application" });
    let mut checked = 0;
    for file in [
        "applications.jsonl",
        "laptop-farm.jsonl",
        "identity-ring.jsonl",
        "sanctions.jsonl",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures")
            .join(file);
        let text = std::fs::read_to_string(path).expect("fixture");
        // Lines that are not applications on purpose (refusal tests) are left aside.
        let lines = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| Some((i, serde_json::from_str::<Value>(l).ok()?)))
            .filter(|(_, v)| v["application_id"].is_string());
        for (i, line) in lines {
            let found = differences(&doc, &schema, &line, &format!("{file}:{}", i + 1));
            assert!(found.is_empty(), "{found:#?}");
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked} applications");
    let mut odd = common::fixture_lines("laptop-farm.jsonl")[0].clone();
    odd["sessions"][0]["ip"] = json!(7);
    odd["candidate"]["nickname"] = json!("Ed");
    assert_eq!(differences(&doc, &schema, &odd, "$").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_and_webhook_events_fit_the_documents_schemas() {
    let doc: Value = serde_json::from_str(&bonafide_server::openapi_json()).expect("JSON");
    let dir = temp_dir("schemas");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let service = start(Arc::clone(&store), ServiceSettings::default()).await;
    let key = service.key("acme", Role::Integration).await;
    let farm = farm_of("acme");
    let mut answers = Vec::new();
    for application in &farm[..3] {
        let (status, _, answer) = post_json(&service.base, &key, application).await;
        assert_eq!(status, 201);
        answers.push(answer);
    }
    let answer_schema = json!({ "$ref": "#/components/schemas/SubmitAnswer" });
    for answer in &answers {
        let found = differences(&doc, &answer_schema, answer, "$");
        assert!(found.is_empty(), "{found:#?}");
    }
    // The last answer has linked applications and signals: the check saw them.
    assert!(answers[2]["verdict"]["signals"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
    // A verdict with errors fits too.
    let mut odd = farm[3].clone();
    odd["candidate"]["date_of_birth"] = json!("not a date");
    let (_, _, answer) = post_json(&service.base, &key, &odd).await;
    assert!(
        answer["verdict"]["errors"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{answer}"
    );
    let found = differences(&doc, &answer_schema, &answer, "$");
    assert!(found.is_empty(), "{found:#?}");
    // And a field the schema does not name is caught.
    let mut extra = answer.clone();
    extra["verdict"]["surprise"] = json!(1);
    assert_eq!(differences(&doc, &answer_schema, &extra, "$").len(), 1);
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[test]
fn the_checked_in_openapi_document_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let generated = bonafide_server::openapi_json();
    if std::env::var_os("BONAFIDE_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write docs/openapi.json");
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == generated,
        "docs/openapi.json is stale: run `BONAFIDE_WRITE_OPENAPI=1 cargo test -p bonafide-server --test api`"
    );
    let doc: Value = serde_json::from_str(&generated).expect("JSON");
    for path in [
        "/v1/applications",
        "/v1/applications/{id}",
        "/v1/queue",
        "/v1/audit",
        "/healthz",
        "/openapi.json",
        "/v1/webhooks/dead",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let event = &doc["webhooks"]["verdict"]["post"]["requestBody"]["content"]["application/json"];
    assert_eq!(event["schema"]["$ref"], "#/components/schemas/WebhookEvent");
    let submit = &doc["paths"]["/v1/applications"]["post"]["requestBody"]["content"];
    assert!(submit["application/x-ndjson"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_link_each_others_applications() {
    let schema = PgSchema::new("pair");
    let first = start(schema.store().await, ServiceSettings::default()).await;
    let second = start(schema.store().await, ServiceSettings::default()).await;
    let key = first.key("acme", Role::Integration).await;
    let farm = fixture_lines("laptop-farm.jsonl");
    let (status, _, _) = post_json(&first.base, &key, &farm[0]).await;
    assert_eq!(status, 201);
    // The second instance started before farm-001 existed; it follows the shared store.
    let (status, _, answer) = post_json(&second.base, &key, &farm[3]).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(
        answer["verdict"]["linked_applications"][0]["application_id"],
        "farm-001"
    );
    first.stop();
    second.stop();
    schema.drop().await;
}

/// A revoked key stops opening the API on a running service within
/// `key_cache_seconds`, though the service had remembered it.
#[tokio::test]
async fn a_revoked_key_stops_working_on_a_running_service() {
    let dir = temp_dir("revoke");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.join("b.db")).expect("store"));
    let settings = ServiceSettings {
        key_cache_seconds: 1,
        ..ServiceSettings::default()
    };
    let service = start(Arc::clone(&store), settings).await;
    let recruiter = service.key("acme", Role::Recruiter).await;
    let (status, _) = get(&service.base, "/v1/queue", &recruiter).await;
    assert_eq!(status, 200);
    let kept = Arc::clone(&store);
    let wanted = recruiter.clone();
    tokio::task::spawn_blocking(move || {
        let key = kept.find_key(&wanted).expect("find").expect("known");
        kept.revoke_key(&key.id, chrono::Utc::now())
            .expect("revoke")
    })
    .await
    .expect("join")
    .expect("revoked");
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, _) = get(&service.base, "/v1/queue", &recruiter).await;
    assert_eq!(status, 401);
    service.stop();
}

/// axum's own refusals come as problem documents too (unknown route, wrong
/// method, a query that does not parse, a body over the limit).
#[tokio::test]
async fn every_api_error_is_a_problem_document() {
    let dir = temp_dir("problems");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.join("p.db")).expect("store"));
    let settings = ServiceSettings {
        body_bytes: 1_024,
        ..ServiceSettings::default()
    };
    let service = start(Arc::clone(&store), settings).await;
    let base = &service.base;
    let admin = service.key("acme", Role::Admin).await;
    let cases = [
        (Method::GET, "/v1/nothing-here", None, 404),
        (Method::DELETE, "/v1/queue", None, 405),
        (Method::GET, "/v1/queue?limit=many", None, 400),
        (
            Method::POST,
            "/v1/applications",
            Some("x".repeat(4_096)),
            413,
        ),
    ];
    for (method, path, body, status) in cases {
        let (got, kind, problem) = call(
            method.clone(),
            &format!("{base}{path}"),
            Some(&admin),
            "application/json",
            body,
        )
        .await;
        assert_eq!(got, status, "{method} {path}: {problem}");
        assert_eq!(kind, "application/problem+json", "{method} {path}");
        assert_eq!(problem["status"], status, "{method} {path}");
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    service.stop();
}
