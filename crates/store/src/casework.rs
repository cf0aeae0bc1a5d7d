//! What the pages add to the store: sign-in sessions, the review queue's
//! filters, and the fraud team's cases. A case is its current row plus a log of
//! events (created, added, removed, status, assigned, note), so its history is
//! never rewritten.

use crate::{ApiKey, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which applications the review queue shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueFilter {
    /// Tiers shown (`review`, `escalate`, `clear`).
    pub tiers: Vec<String>,
    /// Only verdicts where this signal (or rule) fired.
    pub signal: Option<String>,
    /// Only applications received at or after this.
    pub since: Option<DateTime<Utc>>,
    /// Only applications received before this.
    pub until: Option<DateTime<Utc>>,
    /// Leave out applications a reviewer has decided: a decision leaves the queue.
    pub undecided: bool,
    /// Only applications given to this person (a key id); `Some("")`: to nobody.
    pub assignee: Option<String>,
}

impl QueueFilter {
    /// One tier, decided applications included (the API's original queue).
    pub fn tier(tier: &str) -> QueueFilter {
        QueueFilter {
            tiers: vec![tier.to_owned()],
            signal: None,
            since: None,
            until: None,
            undecided: false,
            assignee: None,
        }
    }

    /// What a reviewer works through: review and escalate, not yet decided.
    pub fn to_review() -> QueueFilter {
        QueueFilter {
            tiers: vec!["escalate".into(), "review".into()],
            undecided: true,
            ..QueueFilter::tier("review")
        }
    }

    /// A signal id safe to compare inside SQL text (`network.vpn`, `identity.cluster_large`).
    pub(crate) fn signal_needle(&self) -> Option<String> {
        self.signal
            .as_deref()
            .filter(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
            })
            .map(|s| format!("\"id\":\"{s}\""))
    }
}

/// A person's named set of queue filters (the query string of `/queue`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedFilter {
    /// The name the person gave it.
    pub name: String,
    /// The filters, as the queue's query string (`tier=escalate&signal=…`).
    pub query: String,
    /// When it was saved.
    pub saved_at: DateTime<Utc>,
}

/// A signed-in person: the key they signed in with, and the token their forms carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    /// The key behind the session (its tenant and role).
    pub key: ApiKey,
    /// The anti-forgery token every form of this session must carry.
    pub csrf: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    /// Being worked.
    Open,
    /// The pattern, confirmed.
    Confirmed,
    /// Finished (referred, or nothing found).
    Closed,
}

impl CaseStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Confirmed => "confirmed",
            CaseStatus::Closed => "closed",
        }
    }

    /// From its stored form.
    pub fn parse(text: &str) -> Option<CaseStatus> {
        Some(match text {
            "open" => CaseStatus::Open,
            "confirmed" => CaseStatus::Confirmed,
            "closed" => CaseStatus::Closed,
            _ => return None,
        })
    }
}

/// What happened to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CaseChange {
    /// Opened, with its title.
    Created(String),
    /// An application joined it.
    Added(String),
    /// An application left it.
    Removed(String),
    /// Its status changed.
    Status(CaseStatus),
    /// Given to someone (empty: to nobody).
    Assigned(String),
    /// A note.
    Note(String),
}

impl CaseChange {
    /// What kind of change (`created`, `added`, `removed`, `status`, `assigned`, `note`).
    pub fn kind(&self) -> &'static str {
        self.parts().0
    }

    /// (kind, value) as stored.
    pub(crate) fn parts(&self) -> (&'static str, &str) {
        match self {
            CaseChange::Created(v) => ("created", v),
            CaseChange::Added(v) => ("added", v),
            CaseChange::Removed(v) => ("removed", v),
            CaseChange::Status(s) => ("status", s.as_str()),
            CaseChange::Assigned(v) => ("assigned", v),
            CaseChange::Note(v) => ("note", v),
        }
    }

    /// From its stored (kind, value).
    pub(crate) fn from_parts(kind: &str, value: String) -> Option<CaseChange> {
        Some(match kind {
            "created" => CaseChange::Created(value),
            "added" => CaseChange::Added(value),
            "removed" => CaseChange::Removed(value),
            "status" => CaseChange::Status(CaseStatus::parse(&value)?),
            "assigned" => CaseChange::Assigned(value),
            "note" => CaseChange::Note(value),
            _ => return None,
        })
    }
}

/// One line of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Key id of who did it.
    pub by: String,
    /// What.
    #[serde(flatten)]
    pub change: CaseChange,
}

/// A case as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    /// `case-…`.
    pub id: String,
    /// The employer whose case it is.
    pub tenant: String,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: CaseStatus,
    /// Who works it (a key id or a name), if anyone.
    pub assignee: Option<String>,
    /// Applications in it.
    pub size: u32,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A case with its applications and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// The row.
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// Its applications, in the order they were added.
    pub applications: Vec<String>,
    /// Everything that happened to it, oldest first.
    pub history: Vec<CaseEvent>,
}

/// Sessions and cases, on every backend (a part of [`crate::Store`]).
pub trait Casework: Send + Sync {
    /// Start a session for a key; returns the cookie's secret (kept hashed) and the session.
    fn create_session(
        &self,
        key: &ApiKey,
        at: DateTime<Utc>,
        lasts: chrono::Duration,
    ) -> Result<(String, WebSession)>;
    /// The session a cookie's secret opens, unless it has ended by `now`.
    fn session(&self, secret: &str, now: DateTime<Utc>) -> Result<Option<WebSession>>;
    /// Sign out.
    fn end_session(&self, secret: &str) -> Result<()>;
    /// Open a case; returns its id.
    fn create_case(&self, tenant: &str, title: &str, by: &str, at: DateTime<Utc>)
        -> Result<String>;
    /// Change a case (and log the change); false when the tenant has no such case.
    fn change_case(&self, tenant: &str, case_id: &str, event: &CaseEvent) -> Result<bool>;
    /// A case with its applications and history.
    fn case(&self, tenant: &str, case_id: &str) -> Result<Option<Case>>;
    /// A tenant's cases, most recently changed first.
    fn cases(&self, tenant: &str) -> Result<Vec<CaseSummary>>;
    /// The cases holding an application.
    fn cases_of(&self, tenant: &str, application_id: &str) -> Result<Vec<CaseSummary>>;
    /// Give an application in the queue to a person (a key id) to work, or
    /// to nobody (`None`), but only while whoever has it is `seen` (`None`:
    /// nobody): two people taking one item at once do not both get it. False
    /// when someone else had it by then (nothing changed).
    fn assign(
        &self,
        tenant: &str,
        application_id: &str,
        assignee: Option<&str>,
        seen: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool>;
    /// Who works an application, if anyone.
    fn assignee(&self, tenant: &str, application_id: &str) -> Result<Option<String>>;
    /// Keep a person's queue filters under a name (replacing that name's).
    fn save_filter(
        &self,
        tenant: &str,
        owner: &str,
        name: &str,
        query: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// A person's saved filters, by name.
    fn saved_filters(&self, tenant: &str, owner: &str) -> Result<Vec<SavedFilter>>;
    /// Forget a saved filter; false when the person has none of that name.
    fn delete_filter(&self, tenant: &str, owner: &str, name: &str) -> Result<bool>;
}

/// `bytes` from the OS's random generator, hex: secrets, tokens, case ids.
pub fn random_hex(bytes: usize) -> Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer)
        .map_err(|e| crate::StoreError::Corrupt(format!("no randomness: {e}")))?;
    Ok(hex::encode(buffer))
}

/// Build a case from its row, applications and events.
pub(crate) fn assemble(
    summary: CaseSummary,
    applications: Vec<String>,
    events: Vec<(DateTime<Utc>, String, String, String)>,
) -> Result<Case> {
    let history = events
        .into_iter()
        .map(|(at, by, kind, value)| {
            let change = CaseChange::from_parts(&kind, value)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("case event {kind:?}")))?;
            Ok(CaseEvent { at, by, change })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Case {
        summary,
        applications,
        history,
    })
}
