//! `/metrics` in the Prometheus text format.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// A request's route and status.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The matched route (`/v1/applications/{id}`), never the raw path.
    pub route: String,
    /// The HTTP status.
    pub status: u16,
}

/// What happened to a submitted application.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    /// created, unchanged, new_version, rejected.
    pub outcome: String,
}

/// A route.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Route {
    /// The matched route.
    pub route: String,
}

/// Every metric the service keeps.
pub struct Metrics {
    registry: Registry,
    /// Requests by route and status.
    pub requests: Family<RouteLabels, Counter>,
    /// Request latency by route.
    pub latency: Family<Route, Histogram>,
    /// Applications by outcome.
    pub applications: Family<OutcomeLabels, Counter>,
    /// Earlier verdicts changed by a later application.
    pub rescored: Counter,
    /// Webhook deliveries that failed (each retried).
    pub webhook_failures: Counter,
    /// Webhook messages delivered.
    pub webhook_deliveries: Counter,
    /// Webhook messages given up on (dead letters).
    pub webhook_dead: Counter,
    /// Connections closed at once because `max_connections` were open.
    pub connections_refused: Counter,
    /// Messages waiting in the outbox.
    pub outbox: Gauge,
    /// Applications in the live link index.
    pub indexed: Gauge,
    /// Session addresses a configured database could not answer for.
    pub lookup_failures: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("bonafide");
        let requests = Family::<RouteLabels, Counter>::default();
        let latency = Family::<Route, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 14))
        });
        let applications = Family::<OutcomeLabels, Counter>::default();
        let rescored = Counter::default();
        let webhook_failures = Counter::default();
        let webhook_deliveries = Counter::default();
        let webhook_dead = Counter::default();
        let outbox = Gauge::default();
        let connections_refused = Counter::default();
        let indexed = Gauge::default();
        let lookup_failures = Counter::default();
        registry.register("http_requests", "HTTP requests", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            latency.clone(),
        );
        registry.register(
            "applications",
            "Applications submitted, by outcome",
            applications.clone(),
        );
        registry.register(
            "rescored",
            "Earlier verdicts changed by a later application",
            rescored.clone(),
        );
        registry.register(
            "webhook_failures",
            "Webhook deliveries that failed and will be retried",
            webhook_failures.clone(),
        );
        registry.register(
            "webhook_deliveries",
            "Webhook messages delivered",
            webhook_deliveries.clone(),
        );
        registry.register(
            "webhook_dead",
            "Webhook messages given up on, kept for an admin to replay",
            webhook_dead.clone(),
        );
        registry.register(
            "connections_refused",
            "Connections closed at once because max_connections were open",
            connections_refused.clone(),
        );
        registry.register(
            "outbox_pending",
            "Messages waiting in the outbox",
            outbox.clone(),
        );
        registry.register(
            "indexed_applications",
            "Applications in the live link index",
            indexed.clone(),
        );
        registry.register(
            "ip_lookup_failures",
            "Session addresses a configured database could not answer for (each verdict lists its own)",
            lookup_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            applications,
            rescored,
            webhook_failures,
            webhook_deliveries,
            webhook_dead,
            connections_refused,
            outbox,
            indexed,
            lookup_failures,
        }
    }
}

impl Metrics {
    /// The text exposition.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}
