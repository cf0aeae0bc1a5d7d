//! `bonafide serve`: the HTTP API HR platforms integrate with.
//!
//! Handlers validate and hand applications to the writer of
//! [`bonafide_service`], one thread that
//! owns the live link index, scores, and commits groups of submissions in one
//! transaction; a handler answers 201 only after that commit. Reads go to the
//! store on the blocking pool. Verdicts leave through a persistent outbox.
//! The same server serves the pages people use ([`web`]).
#![deny(missing_docs)]

mod api_errors;
mod auth;
mod inbound;
mod listen;
mod merge_lock;
mod metrics;
mod observe;
mod openapi;
mod outbox;
mod problem;
mod routes;
mod settings;
pub mod web;
mod webhook_admin;

pub use bonafide_service::Subscriber;
pub use inbound::{
    ashby_signature, ashby_signed, greenhouse_signature, greenhouse_signed, map_ashby,
    map_greenhouse,
};
pub use metrics::Metrics;
pub use openapi::openapi_json;
pub use outbox::{signature, signing_key, standard_signature};
pub use problem::{FieldProblem, Problem};
pub use settings::{Inbound, ServiceSettings};

use bonafide_model::Limits;
use bonafide_rules::Ruleset;
use bonafide_service::{Writer, WriterParts};
use bonafide_signals::Reference;
use bonafide_store::{ApiKey, Store};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, RwLock};

/// What every handler shares.
pub struct AppState {
    store: Arc<dyn Store>,
    writer: Writer,
    limits: Limits,
    settings: ServiceSettings,
    /// Known keys by secret, with when they were looked up.
    keys: RwLock<HashMap<String, (ApiKey, std::time::Instant)>>,
    limiter: DefaultKeyedRateLimiter<String>,
    /// Sign-in attempts per client address.
    signins: DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// Each webhook subscriber's signing keys, by name: the current secret's first.
    webhook_keys: HashMap<String, Vec<Vec<u8>>>,
    metrics: Arc<Metrics>,
    pages: web::Pages,
    merges: merge_lock::MergeLocks,
    /// Geo-IP and ASN data, for the place and network the pages show per session.
    reference: Arc<Reference>,
}

impl AppState {
    /// Run a store call on the blocking pool (SQLite and the PostgreSQL client block).
    async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn Store) -> bonafide_store::Result<T> + Send + 'static,
    ) -> Result<T, Problem> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || call(store.as_ref()))
            .await
            .map_err(Problem::internal)?
            .map_err(Problem::internal)
    }

    /// The kept application with its numbers opened, to merge another
    /// source's fields into (`None` when there is none); `409` when its seals
    /// do not open with this link key, so that nothing is dropped.
    async fn kept_for_merge(
        &self,
        tenant: &str,
        application_id: &str,
    ) -> Result<Option<serde_json::Value>, Problem> {
        let (key_tenant, key_id) = (tenant.to_owned(), application_id.to_owned());
        let kept = self
            .blocking(move |store| store.application_to_merge(&key_tenant, &key_id))
            .await?;
        kept.map(|kept| bonafide_store::restore(&kept, self.writer.keyer()))
            .transpose()
            .map_err(|reason| {
                Problem::new(axum::http::StatusCode::CONFLICT, "cannot merge", reason)
            })
    }
}

/// Everything a service is made of.
pub struct Service {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Reference data.
    pub reference: Arc<Reference>,
    /// Rules.
    pub rules: Arc<Ruleset>,
    /// Record limits.
    pub limits: Limits,
    /// `[service]`.
    pub settings: ServiceSettings,
}

/// A running service's router and its state (for tests that serve it themselves).
pub fn build(service: Service) -> anyhow::Result<(axum::Router, Arc<AppState>)> {
    // Each subscriber's secrets, decoded once (a bad `whsec_` stops the start).
    let webhook_keys = service
        .settings
        .webhooks
        .iter()
        .map(|s| Ok((s.name.clone(), outbox::signing_keys(s)?)))
        .collect::<Result<HashMap<_, _>, String>>()
        .map_err(anyhow::Error::msg)?;
    let metrics = Arc::new(Metrics::default());
    let pages = web::Pages::new(&service.rules)?;
    let reference = Arc::clone(&service.reference);
    let writer = Writer::start(WriterParts {
        store: Arc::clone(&service.store),
        reference: service.reference,
        rules: service.rules,
        subscribers: Arc::new(service.settings.webhooks.clone()),
        metrics: Arc::clone(&metrics) as Arc<dyn bonafide_service::WriterMetrics>,
    })?;
    let rate = NonZeroU32::new(service.settings.rate_per_second.max(1)).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(service.settings.burst.max(1)).unwrap_or(NonZeroU32::MIN);
    let signins_a_minute =
        NonZeroU32::new(service.settings.signin_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    let state = Arc::new(AppState {
        store: service.store,
        writer,
        limits: service.limits,
        settings: service.settings,
        keys: RwLock::new(HashMap::new()),
        limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)),
        signins: RateLimiter::keyed(Quota::per_minute(signins_a_minute)),
        webhook_keys,
        metrics,
        pages,
        merges: merge_lock::MergeLocks::default(),
        reference,
    });
    Ok((routes::router(Arc::clone(&state)), state))
}

/// Serve until Ctrl-C or SIGTERM; webhooks are delivered meanwhile.
pub async fn serve(service: Service) -> anyhow::Result<()> {
    let listen = service.settings.listen.clone();
    // Loading the link index reads the store, which blocks.
    let (router, state) = tokio::task::spawn_blocking(move || build(service)).await??;
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
    tracing::info!(
        address = %listener.local_addr()?,
        linked = state.writer.indexed(),
        version = env!("CARGO_PKG_VERSION"),
        "bonafide serve listening"
    );
    tokio::spawn(outbox::deliver(Arc::clone(&state)));
    serve_router(listener, router, &state, shutdown()).await;
    Ok(())
}

/// Serve a router built with [`build`] on `listener` until `shutdown`, with
/// the connection limits of its `[service]` settings.
pub async fn serve_router(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    state: &Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let limits = listen::ConnectionLimits {
        header_timeout: std::time::Duration::from_secs(
            state.settings.header_timeout_seconds.max(1),
        ),
        max_connections: state.settings.max_connections,
    };
    listen::serve_on(
        listener,
        router,
        limits,
        Arc::clone(&state.metrics),
        shutdown,
    )
    .await;
}

/// Start the outbox delivery loop of a state built with [`build`].
pub fn spawn_delivery(state: &Arc<AppState>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(outbox::deliver(Arc::clone(state)))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
