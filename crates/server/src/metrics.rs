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

/// What build is running.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BuildLabels {
    /// The crate version.
    pub version: String,
    /// The ruleset's hash.
    pub ruleset: String,
}

/// A reference data source.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SourceLabels {
    /// Its name, as verdicts list it.
    pub source: String,
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
    /// 1, labelled with the version and ruleset.
    pub build_info: Family<BuildLabels, Gauge>,
    /// Age of each dated reference data source, seconds.
    pub data_age: Family<SourceLabels, Gauge>,
}

impl bonafide_service::WriterMetrics for Metrics {
    fn indexed(&self, applications: usize) {
        self.indexed.set(applications as i64);
    }
    fn rescored(&self) {
        self.rescored.inc();
    }
    fn lookup_failures(&self, count: u64) {
        self.lookup_failures.inc_by(count);
    }
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
        let build_info = Family::<BuildLabels, Gauge>::default();
        let data_age = Family::<SourceLabels, Gauge>::default();
        registry.register(
            "build_info",
            "The running build: 1, labelled with its version and ruleset hash",
            build_info.clone(),
        );
        registry.register(
            "data_age_seconds",
            "Age of each dated reference data source (its build or file date)",
            data_age.clone(),
        );
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
            build_info,
            data_age,
        }
    }
}

impl Metrics {
    /// The OpenMetrics text exposition.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }

    /// The classic Prometheus text format (0.0.4), for scrapers that do not
    /// ask for OpenMetrics: a counter's family takes its samples' `_total`
    /// name, and `# UNIT` and `# EOF` go.
    pub fn render_classic(&self) -> String {
        classic(&self.render())
    }

    /// Set the build and data-age gauges (data ages grow: set at each scrape).
    pub fn describe(
        &self,
        ruleset: &str,
        data: &std::collections::BTreeMap<String, String>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        self.build_info
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                ruleset: ruleset.to_owned(),
            })
            .set(1);
        for (source, date) in data {
            let Some(day) = date
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            let age = now.date_naive().signed_duration_since(day).num_seconds();
            self.data_age
                .get_or_create(&SourceLabels {
                    source: source.clone(),
                })
                .set(age);
        }
    }
}

fn classic(open_metrics: &str) -> String {
    let counters: std::collections::HashSet<&str> = open_metrics
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE ")?.strip_suffix(" counter"))
        .collect();
    let mut text = String::with_capacity(open_metrics.len());
    for line in open_metrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let renamed = ["# TYPE ", "# HELP "].iter().find_map(|prefix| {
            let rest = line.strip_prefix(prefix)?;
            let (name, tail) = rest.split_once(' ')?;
            counters
                .contains(name)
                .then(|| format!("{prefix}{name}_total {tail}"))
        });
        text.push_str(renamed.as_deref().unwrap_or(line));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classic_format_names_counters_by_their_samples() {
        let metrics = Metrics::default();
        metrics.rescored.inc();
        let data = [
            ("city.mmdb".to_owned(), "2026-11-01".to_owned()),
            ("asn.csv".to_owned(), "undated".to_owned()),
        ]
        .into_iter()
        .collect();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-03T12:00:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc);
        metrics.describe("abc", &data, now);
        let classic = metrics.render_classic();
        assert!(
            classic.contains("# TYPE bonafide_rescored_total counter\n"),
            "{classic}"
        );
        assert!(
            classic.contains("\nbonafide_rescored_total 1\n"),
            "{classic}"
        );
        assert!(!classic.contains("# EOF"));
        assert!(
            classic.contains("bonafide_data_age_seconds{source=\"city.mmdb\"} 172800"),
            "{classic}"
        );
        assert!(!classic.contains("asn.csv"));
        assert!(classic.contains(&format!(
            "bonafide_build_info{{version=\"{}\",ruleset=\"abc\"}} 1",
            env!("CARGO_PKG_VERSION")
        )));
        let open = metrics.render();
        assert!(open.contains("# TYPE bonafide_rescored counter") && open.ends_with("# EOF\n"));
    }
}
