//! A service on an ephemeral loopback port, over the bundled fixture data and
//! the project's rules, and a small client.
#![allow(dead_code)]

use bonafide_rules::Ruleset;
use bonafide_server::{Service, ServiceSettings};
use bonafide_store::{PostgresStore, Role, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn rules() -> Ruleset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let sources = Ruleset::read_dir(&dir).expect("rules folder");
    Ruleset::compile(&sources, &bonafide_engine::catalog()).expect("rules compile")
}

pub fn fixture_lines(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    std::fs::read_to_string(path)
        .expect("fixture")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture JSON"))
        .collect()
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bonafide-server-{name}-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub struct Running {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub task: tokio::task::JoinHandle<()>,
    pub delivery: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stop serving and delivering.
    pub fn stop(&self) {
        self.task.abort();
        self.delivery.abort();
    }

    /// A new key (the store blocks: off the runtime's threads).
    pub async fn key(&self, tenant: &str, role: Role) -> String {
        let store = Arc::clone(&self.store);
        let tenant = tenant.to_owned();
        tokio::task::spawn_blocking(move || store.create_key(&tenant, role, chrono::Utc::now()))
            .await
            .expect("join")
            .expect("key")
            .1
    }
}

pub async fn start(store: Arc<dyn Store>, settings: ServiceSettings) -> Running {
    let kept = Arc::clone(&store);
    let (router, state) = tokio::task::spawn_blocking(move || {
        bonafide_server::build(Service {
            store: kept,
            reference: Arc::new(bonafide_testkit::fixtures::fixture_reference()),
            rules: Arc::new(rules()),
            limits: bonafide_model::Limits::default(),
            settings,
        })
    })
    .await
    .expect("join")
    .expect("service builds");
    let delivery = bonafide_server::spawn_delivery(&state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        bonafide_server::serve_router(listener, router, &state, std::future::pending()).await;
    });
    Running {
        base,
        store,
        task,
        delivery,
    }
}

/// (status, content type, JSON body or Null).
pub async fn call(
    method: reqwest::Method,
    url: &str,
    key: Option<&str>,
    content_type: &str,
    body: Option<String>,
) -> (u16, String, Value) {
    let client = reqwest::Client::new();
    let mut request = client.request(method, url);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(body) = body {
        request = request.header("content-type", content_type).body(body);
    }
    let response = request.send().await.expect("response");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("body");
    (
        status,
        kind,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

pub async fn post_json(base: &str, key: &str, body: &Value) -> (u16, String, Value) {
    call(
        reqwest::Method::POST,
        &format!("{base}/v1/applications"),
        Some(key),
        "application/json",
        Some(body.to_string()),
    )
    .await
}

pub async fn get(base: &str, path: &str, key: &str) -> (u16, Value) {
    let (status, _, body) = call(
        reqwest::Method::GET,
        &format!("{base}{path}"),
        Some(key),
        "",
        None,
    )
    .await;
    (status, body)
}

/// A schema of its own in the PostgreSQL at `BONAFIDE_TEST_POSTGRES` (default
/// `postgres://postgres@127.0.0.1:5432/test`, which `.ci/run` starts), dropped by [`PgSchema::drop`].
pub struct PgSchema {
    pub url: String,
    pub schema: String,
}

impl PgSchema {
    pub fn new(prefix: &str) -> PgSchema {
        PgSchema {
            url: std::env::var("BONAFIDE_TEST_POSTGRES")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned()),
            schema: format!(
                "bonafide_{prefix}_{}_{}",
                std::process::id(),
                chrono::Utc::now().timestamp_micros()
            ),
        }
    }

    /// A store in the schema (the client blocks: connected off the runtime's threads).
    pub async fn store(&self) -> Arc<dyn Store> {
        let (url, schema) = (self.url.clone(), self.schema.clone());
        tokio::task::spawn_blocking(move || PostgresStore::connect(&url, Some(&schema)))
            .await
            .expect("join")
            .map(|s| Arc::new(s) as Arc<dyn Store>)
            .unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL at {} (set BONAFIDE_TEST_POSTGRES): {e}",
                    self.url
                )
            })
    }

    /// Drop the schema and everything in it.
    pub async fn drop(self) {
        tokio::task::spawn_blocking(move || {
            let mut admin = postgres::Client::connect(&self.url, postgres::NoTls).expect("admin");
            admin
                .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.schema))
                .expect("cleanup");
        })
        .await
        .expect("join");
    }
}
