//! The durable store: applications (with document, account and SSN numbers
//! reduced to keyed hashes before they are written), verdicts, reviewer
//! decisions, API keys (hashed) and an append-only audit log. One interface,
//! two backends: SQLite embedded (the default; WAL) and PostgreSQL for several
//! instances sharing one store. Migrations per backend, checked by checksum so
//! that a released one is never edited.
#![deny(missing_docs)]

mod casework;
mod migrate;
mod model;
mod postgres_casework;
mod postgres_store;
mod reduce;
mod sqlite_casework;
mod sqlite_store;

pub use casework::random_hex;
pub use casework::{
    Case, CaseChange, CaseEvent, CaseStatus, CaseSummary, Casework, QueueFilter, SavedFilter,
    WebSession,
};
pub use model::{
    changed_paths, ApiKey, AuditEntry, DeadMessage, Decision, KeyRecord, Label, LinkRecord,
    NewApplication, NewMessage, OutboxItem, PutOutcome, QueueItem, Rescored, Role,
    StoppedSubscriber, StoredApplication, VersionInfo, WriteBatch,
};
pub use postgres_store::PostgresStore;
pub use reduce::{reduce, restore, unsealed_view};
pub use sqlite_store::SqliteStore;

use bonafide_model::Verdict;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The tables holding an application's rows (each keyed by tenant and
/// application id): what retention removes. The audit log stays.
const APPLICATION_TABLES: [&str; 5] = [
    "applications",
    "verdicts",
    "decisions",
    "link_entries",
    "assignments",
];

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    /// A released migration differs from the one applied (it was edited), or
    /// the database is newer than this build.
    #[error("migrations: {0}")]
    Migration(String),
    /// A value in the store does not read back (corruption or a newer writer).
    #[error("bad stored value: {0}")]
    Corrupt(String),
    /// The URL names no backend bonafide has.
    #[error("unknown store URL `{0}`: use a file path, sqlite://PATH or postgres://…")]
    Url(String),
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Every backend offers the same operations; the conformance suite
/// (`tests/conformance.rs`) runs against each.
pub trait Store: Casework {
    /// Keep an application (already reduced: see [`reduce`]). The same body
    /// twice is one application; a changed body is a new version.
    fn put_application(
        &self,
        tenant: &str,
        application_id: &str,
        body: &Value,
        at: DateTime<Utc>,
    ) -> Result<PutOutcome>;
    /// The latest version of an application, as it may be shown (no seals).
    fn application(&self, tenant: &str, application_id: &str) -> Result<Option<StoredApplication>>;
    /// The latest version as kept, seals included: only to merge another
    /// source's fields into it (open it with [`restore`]), never to show.
    fn application_to_merge(&self, tenant: &str, application_id: &str) -> Result<Option<Value>>;
    /// Every kept version of an application, oldest first: when, from which
    /// source, and what it changed.
    fn versions(&self, tenant: &str, application_id: &str) -> Result<Vec<VersionInfo>>;
    /// Remove one application (every version, its verdict, decisions and link
    /// entries), as when the candidate is deleted at the source; the audit log
    /// stays. Whether there was one.
    fn delete_application(&self, tenant: &str, application_id: &str) -> Result<bool>;
    /// The applications whose latest version names this candidate id of the
    /// source (`candidate.external_id`).
    fn applications_of_candidate(&self, tenant: &str, external_id: &str) -> Result<Vec<String>>;
    /// The applications whose latest version lists this e-mail in
    /// `candidate.emails` (any case): where an identity provider's sign-ins go.
    fn applications_with_email(&self, tenant: &str, email: &str) -> Result<Vec<String>>;
    /// The applications whose latest version lists this laptop in `devices[]`
    /// (as `serial` or `device_id`): where an MDM's or osquery's rows go.
    fn applications_with_device(&self, tenant: &str, device: &str) -> Result<Vec<String>>;
    /// Remember a webhook event id; false when it was already taken (a
    /// replay). Ids received before `forget_before` are forgotten first.
    fn take_event(
        &self,
        source: &str,
        tenant: &str,
        event_id: &str,
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool>;
    /// Forget a webhook event id taken by [`Store::take_event`] (its handling
    /// failed, so the sender's retry must be taken).
    fn forget_event(&self, source: &str, tenant: &str, event_id: &str) -> Result<()>;
    /// Keep the verdict of an application version (replacing the previous one).
    fn put_verdict(
        &self,
        tenant: &str,
        application_id: &str,
        version: u32,
        verdict: &Verdict,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// The current verdict and the version it is for.
    fn verdict(&self, tenant: &str, application_id: &str) -> Result<Option<(u32, Verdict)>>;
    /// Applications of one tenant that pass the filter, highest score first,
    /// `limit` from `offset`.
    fn queue(
        &self,
        tenant: &str,
        filter: &QueueFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<QueueItem>>;
    /// How many applications of one tenant pass the filter (the queue's total).
    fn queue_count(&self, tenant: &str, filter: &QueueFilter) -> Result<u64>;
    /// Record a reviewer's decision.
    fn put_decision(&self, decision: &Decision) -> Result<()>;
    /// Decisions on an application, oldest first.
    fn decisions(&self, tenant: &str, application_id: &str) -> Result<Vec<Decision>>;
    /// Create an API key; the secret is returned once and only its hash is kept.
    fn create_key(&self, tenant: &str, role: Role, at: DateTime<Utc>) -> Result<(ApiKey, String)>;
    /// The key a secret belongs to, unless it was revoked.
    fn find_key(&self, secret: &str) -> Result<Option<ApiKey>>;
    /// Every key (one tenant's, or all), oldest first, revoked ones included.
    fn keys(&self, tenant: Option<&str>) -> Result<Vec<KeyRecord>>;
    /// Revoke a key: it opens nothing from now on and its page sessions end.
    /// Returns the key, or `None` when there is no such key still in use.
    fn revoke_key(&self, id: &str, at: DateTime<Utc>) -> Result<Option<ApiKey>>;
    /// Name the person a key belongs to; false when there is no such key.
    fn name_key(&self, id: &str, person: &str) -> Result<bool>;
    /// Append to the audit log: `tenant` is whose data the action was about;
    /// `None` for an operator's action over every tenant (a purge), which no
    /// tenant's admin reads.
    fn audit(
        &self,
        tenant: Option<&str>,
        who: &str,
        action: &str,
        target: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// One tenant's audit log, newest first (entries written before entries
    /// carried a tenant count as the tenant their target or key names).
    fn audit_log(&self, tenant: &str, limit: u32) -> Result<Vec<AuditEntry>>;
    /// Remove applications received before `cutoff`, their verdicts,
    /// decisions and link entries (retention); the audit log stays. Returns
    /// applications removed.
    fn purge_before(&self, cutoff: DateTime<Utc>) -> Result<usize>;
    /// Write a group of scored applications, re-scored verdicts and webhook
    /// messages in one transaction. An application whose body is unchanged is
    /// skipped whole (its outcome says so). Nothing is acknowledged before this returns.
    fn commit(&self, batch: &WriteBatch) -> Result<Vec<PutOutcome>>;
    /// Link entries written after `after` (a `seq`), oldest first, at most
    /// `limit`. An entry of no bytes is a tombstone: the application was
    /// removed (purged, or deleted at its source) at that point of the order.
    fn link_entries(&self, after: i64, limit: u32) -> Result<Vec<LinkRecord>>;
    /// Claim outbox messages due at `now`, oldest first, at most `limit`:
    /// only the oldest live message of each subscriber and application, so
    /// that one application's messages leave one at a time and in order. A
    /// claimed message is not due again before `lease_until` (another
    /// instance sharing the store will not send it meanwhile).
    fn outbox_claim(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxItem>>;
    /// A message was delivered: remove it.
    fn outbox_delivered(&self, id: i64) -> Result<()>;
    /// A delivery failed: count it and try again at `next_at`.
    fn outbox_failed(&self, id: i64, next_at: DateTime<Utc>, error: &str) -> Result<()>;
    /// Give up on a message: it stays, dead, until replayed, and no longer
    /// holds back the application's later messages.
    fn outbox_dead(&self, id: i64, at: DateTime<Utc>, error: &str) -> Result<()>;
    /// One tenant's dead messages, newest first.
    fn outbox_dead_list(&self, tenant: &str, limit: u32) -> Result<Vec<DeadMessage>>;
    /// Send a tenant's dead message again from `now` with its attempts reset;
    /// `false` when the tenant has no such dead message.
    fn outbox_replay(&self, tenant: &str, id: i64, now: DateTime<Utc>) -> Result<bool>;
    /// Messages not yet delivered nor given up on.
    fn outbox_len(&self) -> Result<u64>;
    /// Stop a subscriber (it answered 410 Gone); its messages are given up
    /// on until it is resumed.
    fn subscriber_stop(&self, subscriber: &str, at: DateTime<Utc>, reason: &str) -> Result<()>;
    /// Resume a stopped subscriber; `false` when it was not stopped.
    fn subscriber_resume(&self, subscriber: &str) -> Result<bool>;
    /// Subscribers stopped and not resumed.
    fn stopped_subscribers(&self) -> Result<Vec<StoppedSubscriber>>;
}

/// Open a store: a file path or `sqlite://PATH` (created if absent), or a
/// `postgres://` URL. Migrations are applied.
pub fn open(url: &str) -> Result<Box<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Box::new(PostgresStore::connect(url, None)?));
    }
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    if path.contains("://") {
        return Err(StoreError::Url(url.to_owned()));
    }
    Ok(Box::new(SqliteStore::open(std::path::Path::new(path))?))
}

/// The SHA-256 of a body as the store compares versions (canonical text), hex.
pub fn body_sha256(body: &Value) -> String {
    sha256_hex(model::canonical(body).as_bytes())
}

/// SHA-256 of bytes, hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}
