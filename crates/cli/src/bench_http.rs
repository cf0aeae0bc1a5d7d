//! `bonafide bench http`: contract-shaped applications POSTed one per request
//! over loopback, as an HR platform would, through the whole service (parse,
//! score, link against everything stored, group commit, answer).

use crate::config::Loaded;
use anyhow::{Context, Result};
use bonafide_corpus::field::FieldStream;
use bonafide_server::{Service, ServiceSettings};
use bonafide_store::Role;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to measure.
pub struct HttpBench {
    /// Applications to post.
    pub n: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// A running server to post to (with `key`); else one is started in this process.
    pub url: Option<String>,
    /// Its integration key.
    pub key: Option<String>,
    /// The store of the server started here; a fresh SQLite file when absent.
    pub store: Option<String>,
}

/// Run the load, print the figures.
pub fn run(loaded: Loaded, bench: &HttpBench) -> Result<()> {
    // Generated before the clock starts; the key decides the tenant.
    let bodies: Vec<String> = FieldStream::new(7)
        .take(bench.n)
        .map(|text| {
            let mut app: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if let Some(object) = app.as_object_mut() {
                object.remove("tenant_id");
            }
            app.to_string()
        })
        .collect();
    let bytes = bodies.iter().map(String::len).sum::<usize>() / bodies.len().max(1);
    // The service and the load generator in runtimes (and threads) of their own,
    // so that a profile tells their costs apart.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("bonafide-http")
        .build()
        .context("tokio runtime")?;
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .thread_name("bench-client")
        .build()
        .context("tokio runtime")?;
    let temp = std::env::temp_dir().join(format!("bonafide-bench-http-{}", std::process::id()));
    let (url, key, store_name) = match (&bench.url, &bench.key) {
        (Some(url), Some(key)) => (url.clone(), key.clone(), "the running server's".to_owned()),
        (Some(_), None) => anyhow::bail!("--url needs --key (an integration key of that server)"),
        _ => {
            std::fs::create_dir_all(&temp)?;
            let location = bench
                .store
                .clone()
                .unwrap_or_else(|| temp.join("bench.db").display().to_string());
            let store: Arc<dyn bonafide_store::Store> = Arc::from(bonafide_store::open(&location)?);
            let (_, key) = store.create_key("bench", Role::Integration, chrono::Utc::now())?;
            let service = Service {
                store,
                reference: Arc::new(loaded.reference),
                rules: Arc::new(loaded.rules),
                limits: loaded.limits,
                settings: ServiceSettings {
                    listen: "127.0.0.1:0".into(),
                    rate_per_second: u32::MAX,
                    burst: u32::MAX,
                    ..ServiceSettings::default()
                },
            };
            let (router, _state) = bonafide_server::build(service)?;
            let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
            let url = format!("http://{}", listener.local_addr()?);
            runtime.spawn(async move {
                let _ = axum_serve(listener, router).await;
            });
            (url, key, location)
        }
    };
    let bodies = Arc::new(bodies);
    let next = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(bench.concurrency)
        .build()?;
    let endpoint = format!("{url}/v1/applications");
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = clients.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..bench.concurrency.max(1) {
            let (bodies, next, client, endpoint, key) = (
                Arc::clone(&bodies),
                Arc::clone(&next),
                client.clone(),
                endpoint.clone(),
                key.clone(),
            );
            tasks.spawn(async move {
                let mut latencies = Vec::new();
                let mut failed = 0usize;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(body) = bodies.get(i) else { break };
                    let sent = Instant::now();
                    let answer = client
                        .post(&endpoint)
                        .bearer_auth(&key)
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await;
                    match answer {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(sent.elapsed());
                        }
                        _ => failed += 1,
                    }
                }
                (latencies, failed)
            });
        }
        let mut all = Vec::new();
        while let Some(done) = tasks.join_next().await {
            if let Ok(result) = done {
                all.push(result);
            }
        }
        all
    });
    let elapsed = started.elapsed();
    let failed: usize = results.iter().map(|(_, f)| f).sum();
    let mut latencies: Vec<Duration> = results.into_iter().flat_map(|(l, _)| l).collect();
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!("target: {url} (store: {store_name})");
    println!(
        "posted: {} applications of {bytes} bytes, one per request, {} in flight, on {} cores",
        latencies.len(),
        bench.concurrency,
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!("failed: {failed}");
    println!(
        "throughput: {:.0} applications/s over {:.2} s",
        latencies.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        at(0.50),
        at(0.90),
        at(0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );
    drop(clients);
    drop(runtime);
    let _ = std::fs::remove_dir_all(PathBuf::from(&temp));
    Ok(())
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
) -> std::io::Result<()> {
    axum::serve(listener, router).await
}
