//! What the store keeps.

use bonafide_model::Verdict;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An application as kept: the reduced body and its version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredApplication {
    /// The employer.
    pub tenant: String,
    /// The HR platform's id.
    pub application_id: String,
    /// 1 for the first body, then one more for each changed body.
    pub version: u32,
    /// SHA-256 of the canonical body, hex.
    pub body_sha256: String,
    /// The body with identity numbers reduced to keyed hashes.
    pub body: Value,
    /// When this version arrived.
    pub received_at: DateTime<Utc>,
}

/// What `put_application` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// A new application, version 1.
    Created,
    /// The same body as the latest version: nothing written.
    Unchanged(u32),
    /// A changed body: a new version.
    NewVersion(u32),
}

impl PutOutcome {
    /// The version now current.
    pub fn version(self) -> u32 {
        match self {
            PutOutcome::Created => 1,
            PutOutcome::Unchanged(v) | PutOutcome::NewVersion(v) => v,
        }
    }

    /// Its name in answers (`created`, `unchanged`, `new_version`).
    pub fn as_str(self) -> &'static str {
        match self {
            PutOutcome::Created => "created",
            PutOutcome::Unchanged(_) => "unchanged",
            PutOutcome::NewVersion(_) => "new_version",
        }
    }
}

/// One line of the review queue, with its verdict (read in the same query).
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    /// The HR platform's id.
    pub application_id: String,
    /// 0..=100.
    pub score: u8,
    /// Its tier.
    pub tier: String,
    /// The application version the verdict is for.
    pub version: u32,
    /// When that version arrived.
    pub received_at: DateTime<Utc>,
    /// The verdict.
    pub verdict: Verdict,
    /// Who works it (a key id), if anyone.
    pub assignee: Option<String>,
}

/// The labels the fraud team feeds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Not the pattern.
    Cleared,
    /// The pattern, confirmed.
    Confirmed,
    /// Ask for new identity proof.
    Reverify,
    /// A possible sanctions match, referred to compliance: neither the
    /// pattern nor cleared until they have confirmed or ruled it out.
    Compliance,
}

impl Label {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Cleared => "cleared",
            Label::Confirmed => "confirmed",
            Label::Reverify => "reverify",
            Label::Compliance => "compliance",
        }
    }

    /// From its stored form.
    pub fn parse(text: &str) -> Option<Label> {
        Some(match text {
            "cleared" => Label::Cleared,
            "confirmed" => Label::Confirmed,
            "reverify" => Label::Reverify,
            "compliance" => Label::Compliance,
            _ => return None,
        })
    }
}

/// A reviewer's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The employer.
    pub tenant: String,
    /// The application.
    pub application_id: String,
    /// The label.
    pub label: Label,
    /// Why, in the reviewer's words.
    pub note: String,
    /// The key id of who decided.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Who a key speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An HR platform: submit, read verdicts.
    Integration,
    /// The queue and verdicts, PII masked.
    Recruiter,
    /// Full evidence, links, cases.
    Investigator,
    /// Keys and rules.
    Admin,
}

impl Role {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Integration => "integration",
            Role::Recruiter => "recruiter",
            Role::Investigator => "investigator",
            Role::Admin => "admin",
        }
    }

    /// From its stored form.
    pub fn parse(text: &str) -> Option<Role> {
        Some(match text {
            "integration" => Role::Integration,
            "recruiter" => Role::Recruiter,
            "investigator" => Role::Investigator,
            "admin" => Role::Admin,
            _ => return None,
        })
    }
}

/// An API key as kept (its secret is not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Public id, quoted in the audit log.
    pub id: String,
    /// The tenant it may see.
    pub tenant: String,
    /// What it may do.
    pub role: Role,
}

impl ApiKey {
    /// A key as the store's row gives it; an unknown role is a corrupt row.
    pub(crate) fn from_row(id: String, tenant: String, role: &str) -> crate::Result<ApiKey> {
        Ok(ApiKey {
            id,
            tenant,
            role: Role::parse(role)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("role {role:?}")))?,
        })
    }
}

/// A key as `bonafide keys list` shows it (never its secret).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRecord {
    /// The key.
    pub key: ApiKey,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The person it belongs to, when named (`bonafide keys name`).
    pub person: Option<String>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Key id.
    pub who: String,
    /// What was done (`view_unmasked`, `decide`, …).
    pub action: String,
    /// On what (`tenant/application_id`).
    pub target: String,
}

/// A new key's public id and secret, from the OS's random generator.
pub(crate) fn new_secret() -> crate::Result<(String, String)> {
    // The id is shown in logs, the audit log and pages: it is drawn apart from
    // the secret, so showing it gives away nothing of the secret.
    let id = format!("key_{}", crate::random_hex(6)?);
    Ok((id, format!("bfk_{}", crate::random_hex(24)?)))
}

/// The canonical text of a body: sorted keys (serde_json's map is ordered), no spaces.
pub(crate) fn canonical(body: &Value) -> String {
    body.to_string()
}

/// A scored application to keep: its reduced body, its link index entry and
/// its verdict, written together.
#[derive(Debug, Clone)]
pub struct NewApplication {
    /// The employer.
    pub tenant: String,
    /// The HR platform's id.
    pub application_id: String,
    /// Reduced body (see [`crate::reduce`]).
    pub body: Value,
    /// The engine's link index entry (keyed hashes and local signals), opaque here.
    pub link_entry: Vec<u8>,
    /// The verdict of this version.
    pub verdict: Verdict,
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// The source that sent this version (`api`, `greenhouse`, `ashby`, …).
    pub origin: String,
}

/// One kept version of an application: when, from where, what it changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VersionInfo {
    /// 1, 2, …
    pub version: u32,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// The source that sent it (empty when not recorded).
    pub origin: String,
    /// Fields that differ from the version before (blocks, or `block.field`).
    pub changed: Vec<String>,
}

/// The fields that differ between two bodies: top-level fields, and the
/// fields of an object block (`candidate.full_name`, `payroll.iban`).
pub fn changed_paths(before: &Value, after: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let (old, new) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        match (old.get(key), new.get(key)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(Value::Object(a)), Some(Value::Object(b))) => {
                let mut inner: Vec<&String> = a.keys().chain(b.keys()).collect();
                inner.sort();
                inner.dedup();
                out.extend(
                    inner
                        .into_iter()
                        .filter(|k| a.get(*k) != b.get(*k))
                        .map(|k| format!("{key}.{k}")),
                );
            }
            _ => out.push(key.clone()),
        }
    }
    out
}

/// A verdict of an earlier application that changed because a new one linked to it.
#[derive(Debug, Clone)]
pub struct Rescored {
    /// The employer.
    pub tenant: String,
    /// The application.
    pub application_id: String,
    /// The version the verdict is for.
    pub version: u32,
    /// The new verdict.
    pub verdict: Verdict,
}

/// A webhook message to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// The configured subscriber's name.
    pub subscriber: String,
    /// The tenant whose application it is about.
    pub tenant: String,
    /// The application.
    pub application_id: String,
    /// What is POSTed.
    pub body: Value,
}

/// Everything one group commit writes, in one transaction.
#[derive(Debug, Clone, Default)]
pub struct WriteBatch {
    /// New applications (or new versions) with their verdicts.
    pub applications: Vec<NewApplication>,
    /// Re-scored verdicts of earlier applications.
    pub rescored: Vec<Rescored>,
    /// Messages for the outbox.
    pub messages: Vec<NewMessage>,
}

/// A stored link index entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRecord {
    /// Order of writing, across instances.
    pub seq: i64,
    /// The employer.
    pub tenant: String,
    /// The application.
    pub application_id: String,
    /// Its version.
    pub version: u32,
    /// The entry, as the engine wrote it.
    pub entry: Vec<u8>,
}

/// An outbox message waiting for delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    /// Its id.
    pub id: i64,
    /// The subscriber's name.
    pub subscriber: String,
    /// The tenant.
    pub tenant: String,
    /// The application it is about.
    pub application_id: String,
    /// What is POSTed.
    pub body: Value,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Which change of the application's verdict it carries (1, 2, …): a
    /// receiver keeps the highest it has seen.
    pub verdict_version: u32,
    /// When the verdict was decided (the commit that wrote the message).
    pub decided_at: DateTime<Utc>,
}

/// A message given up on: kept for an admin to see and replay.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadMessage {
    /// Its id (the `webhook-id` it was sent with).
    pub id: i64,
    /// The subscriber's name.
    pub subscriber: String,
    /// The application it is about.
    pub application_id: String,
    /// `verdict.created`, `verdict.changed`, …
    pub event: String,
    /// Which change of the verdict it carries.
    pub verdict_version: u32,
    /// Failed attempts.
    pub attempts: u32,
    /// The last failure.
    pub last_error: String,
    /// When it was given up on.
    pub dead_at: DateTime<Utc>,
}

/// A subscriber stopped because it answered 410 Gone.
#[derive(Debug, Clone, PartialEq)]
pub struct StoppedSubscriber {
    /// The subscriber's name.
    pub subscriber: String,
    /// Since when.
    pub stopped_at: DateTime<Utc>,
    /// Why, in words.
    pub reason: String,
}
