//! `[service]` in the config file.

use bonafide_service::Subscriber;
use serde::Deserialize;

/// How the service runs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServiceSettings {
    /// Address to listen on.
    pub listen: String,
    /// Largest request body, bytes (a JSON Lines batch included).
    pub body_bytes: usize,
    /// Applications in one JSON Lines batch: a larger batch is refused whole
    /// (413), so that no request holds the scoring thread for long.
    pub batch_records: usize,
    /// A request that takes longer is answered 408.
    pub timeout_seconds: u64,
    /// A connection whose request headers have not all arrived within this
    /// time is closed, and so is a keep-alive connection idle this long.
    pub header_timeout_seconds: u64,
    /// Connections open at once; beyond it a new connection is closed at once.
    pub max_connections: usize,
    /// Requests per second one API key may make (sustained).
    pub rate_per_second: u32,
    /// Requests one API key may make at once, above the rate.
    pub burst: u32,
    /// Where verdicts are POSTed.
    pub webhooks: Vec<Subscriber>,
    /// ATS webhooks bonafide receives.
    pub inbound: Vec<Inbound>,
    /// How long a person stays signed in to the pages, hours.
    pub session_hours: u32,
    /// Sign-in attempts a minute from one address (behind a proxy, every
    /// person shares the proxy's address: raise it there).
    pub signin_per_minute: u32,
    /// How long a known API key is remembered before the store is asked again,
    /// seconds: a key revoked with `bonafide keys revoke` stops working on
    /// every instance within this time (0: ask every time).
    pub key_cache_seconds: u64,
    /// Mark the pages' cookies `Secure` (sent over HTTPS only): set it when
    /// bonafide is reached through TLS.
    pub secure_cookies: bool,
    /// Failed deliveries of one webhook message before it is given up on
    /// and kept as a dead letter (33: about a day at 1, 2, 4 … seconds, then hourly).
    pub webhook_attempts: u32,
    /// Hours an application may wait in the review queue before the queue
    /// marks it overdue.
    pub review_sla_hours: u32,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            listen: "127.0.0.1:8080".into(),
            body_bytes: 16 << 20,
            batch_records: 1_000,
            timeout_seconds: 30,
            header_timeout_seconds: 10,
            max_connections: 4_096,
            rate_per_second: 5_000,
            burst: 5_000,
            webhooks: Vec::new(),
            inbound: Vec::new(),
            session_hours: 8,
            signin_per_minute: 10,
            key_cache_seconds: 10,
            secure_cookies: false,
            webhook_attempts: 33,
            review_sla_hours: 48,
        }
    }
}

/// An ATS that posts its events to bonafide.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inbound {
    /// `greenhouse` or `ashby`.
    pub source: String,
    /// The tenant its applications belong to.
    pub tenant: String,
    /// The secret key the ATS signs its bodies with.
    pub secret: String,
    /// Event ids are remembered this long, and an event whose own time is
    /// older is refused as a replay (hours; Greenhouse retries for 15).
    #[serde(default = "default_replay_hours")]
    pub replay_hours: u32,
    /// The tenant's custom fields mapped into the contract: the field's key
    /// or name in the ATS → a contract path (`candidate.claimed_location.country`).
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
}

fn default_replay_hours() -> u32 {
    720
}
