//! ATS webhooks bonafide receives (Greenhouse, Ashby), one shape for both:
//!
//! 1. The signature is checked first: a bad or missing one, and a tenant with
//!    no webhook of that ATS, both answer the same 401, so nothing tells an
//!    outsider which tenants exist.
//! 2. Every signed event is answered 200 (the ATS retries anything else for
//!    hours), saying what was done: taken, a duplicate, ignored and why.
//! 3. Replays: an event is taken once, by Greenhouse's `Greenhouse-Event-ID`
//!    and always by the body's digest (the id is not signed); ids are remembered for
//!    the inbound's `replay_hours`, and an event whose own time is older than
//!    that is refused as a replay.
//! 4. Merge, don't replace: the ATS owns the fields it maps (see each
//!    module); its event is merged into the kept application as a JSON Merge
//!    Patch (RFC 7396), except that documents are added to those other sources
//!    sent and a home address only fills an empty one. Sessions, payroll,
//!    shipping, devices and document numbers from onboarding or IT stay. The
//!    merged application is scored like any other version, and the version
//!    records the source and the fields it changed.
//! 5. A deleted candidate (or application) is deleted here: every version,
//!    verdict, decision and link entry; linked applications are scored again;
//!    the audit log records the deletion.

mod ashby;
pub(crate) mod custom_fields;
mod greenhouse;

pub use ashby::{ashby_signature, ashby_signed, map_ashby};
pub use greenhouse::{greenhouse_signature, greenhouse_signed, map_greenhouse};

use crate::problem::Problem;
use crate::routes::validate;
use crate::settings::Inbound;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// What a signed event means for bonafide.
pub(crate) enum Event {
    /// A check that the URL is live.
    Ping,
    /// Not about an application (a job, a user): acknowledged, with why.
    Ignored(String),
    /// Fields of one application, and when the ATS says it last changed.
    Application {
        mapped: Value,
        at: Option<DateTime<Utc>>,
    },
    /// Applications to delete: by id, and all of one candidate.
    Deleted {
        ids: Vec<String>,
        candidate: Option<String>,
    },
}

impl Event {
    /// An event about an application, or why it is not one.
    fn mapped(action: &str, mapped: Result<Value, String>, at: Option<DateTime<Utc>>) -> Event {
        match mapped {
            Ok(mapped) => Event::Application { mapped, at },
            Err(reason) => Event::Ignored(format!("`{action}` carries no application: {reason}")),
        }
    }

    /// An offer: the first day of the application `id` (`<prefix>-<id>`).
    fn offer(
        action: &str,
        source: &str,
        prefix: &str,
        id_and_start: Option<(String, &str)>,
        at: Option<DateTime<Utc>>,
    ) -> Event {
        let mapped = id_and_start
            .map(|(id, start)| {
                // A start may be a date or a timestamp; the contract's is a day.
                let day = start.get(..10).unwrap_or(start);
                json!({
                    "application_id": format!("{prefix}-{id}"),
                    "source": source,
                    "position": { "start_date": day },
                })
            })
            .ok_or_else(|| "no application id and start date".to_owned());
        Event::mapped(action, mapped, at)
    }
}

/// The ATSs bonafide takes webhooks from.
#[derive(Debug, Clone, Copy)]
enum Ats {
    Greenhouse,
    Ashby,
}

impl Ats {
    fn name(self) -> &'static str {
        match self {
            Ats::Greenhouse => "greenhouse",
            Ats::Ashby => "ashby",
        }
    }

    fn signed(self, secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        match self {
            Ats::Greenhouse => {
                header("signature").is_some_and(|h| greenhouse_signed(secret, h, body))
            }
            Ats::Ashby => header("ashby-signature").is_some_and(|h| ashby_signed(secret, h, body)),
        }
    }

    /// The sender's id of the event, or the body's digest.
    /// The keys an event is taken once by: the sender's event id where it
    /// sends one, and always the body's digest (the id is outside the
    /// signature: a signed body replayed under a new id is still a replay).
    fn event_ids(self, headers: &HeaderMap, body: &[u8]) -> Vec<String> {
        let given = match self {
            Ats::Greenhouse => headers.get("greenhouse-event-id"),
            Ats::Ashby => None,
        };
        let digest = format!("sha256:{}", hex::encode(Sha256::digest(body)));
        given
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|id| !id.is_empty() && id.len() <= 200)
            .map(str::to_owned)
            .into_iter()
            .chain([digest])
            .collect()
    }

    fn read(self, event: &Value, inbound: &Inbound) -> Event {
        match self {
            Ats::Greenhouse => greenhouse::read(event, &inbound.fields),
            Ats::Ashby => ashby::read(event, &inbound.fields),
        }
    }
}

/// The latest of an event's RFC 3339 times, for the replay window.
fn latest_time<'a>(values: impl IntoIterator<Item = &'a Value>) -> Option<DateTime<Utc>> {
    values
        .into_iter()
        .filter_map(Value::as_str)
        .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .max()
}

/// Whether `hex` is the HMAC-SHA256 of `body` under `secret`, in constant time.
fn hmac_matches(secret: &str, hex: &str, body: &[u8]) -> bool {
    let Ok(expected) = hex::decode(hex.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// Greenhouse's webhook for a tenant (`Signature: sha256 <hex>`).
#[utoipa::path(post, path = "/v1/webhooks/greenhouse/{tenant}", tag = "webhooks in",
    params(("tenant" = String, Path, description = "The tenant the ATS posts for")),
    request_body(content = Object, description = "A Greenhouse web hook event"),
    responses(
        (status = 200, description = "Signed: taken (the application's version and verdict), a duplicate, deleted, or ignored and why"),
        (status = 401, description = "Not signed with this webhook's secret (or no such webhook)", body = Problem),
        (status = 503, description = "Busy: nothing kept, the ATS retries", body = Problem),
    ))]
pub async fn greenhouse(
    State(state): State<Arc<AppState>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    receive(&state, Ats::Greenhouse, tenant, &headers, &body).await
}

/// Ashby's webhook for a tenant (`Ashby-Signature: sha256=<hex>`).
#[utoipa::path(post, path = "/v1/webhooks/ashby/{tenant}", tag = "webhooks in",
    params(("tenant" = String, Path, description = "The tenant the ATS posts for")),
    request_body(content = Object, description = "An Ashby webhook event"),
    responses(
        (status = 200, description = "Signed: taken (the application's version and verdict), a duplicate, deleted, or ignored and why"),
        (status = 401, description = "Not signed with this webhook's secret (or no such webhook)", body = Problem),
        (status = 503, description = "Busy: nothing kept, the ATS retries", body = Problem),
    ))]
pub async fn ashby(
    State(state): State<Arc<AppState>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    receive(&state, Ats::Ashby, tenant, &headers, &body).await
}

fn answer(value: Value) -> Response {
    (StatusCode::OK, Json(value)).into_response()
}

fn ignored(ats: Ats, tenant: &str, reason: &str) -> Response {
    tracing::info!(source = ats.name(), tenant, reason, "ATS event ignored");
    answer(json!({ "ignored": reason }))
}

async fn receive(
    state: &Arc<AppState>,
    ats: Ats,
    tenant: String,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Problem> {
    let inbound = state
        .settings
        .inbound
        .iter()
        .find(|i| i.source == ats.name() && i.tenant == tenant);
    let Some(inbound) = inbound.filter(|i| ats.signed(&i.secret, headers, body)) else {
        return Err(Problem::unauthorized(
            "the signature is missing, or does not sign this body with this webhook's secret",
        ));
    };
    let Ok(event) = serde_json::from_slice::<Value>(body) else {
        return Ok(ignored(ats, &tenant, "the body is not JSON"));
    };
    let event = ats.read(&event, inbound);
    let at = match &event {
        Event::Ping => return Ok(answer(json!({ "ok": true }))),
        Event::Ignored(reason) => return Ok(ignored(ats, &tenant, reason)),
        Event::Application { at, .. } => *at,
        Event::Deleted { .. } => None,
    };
    let now = Utc::now();
    let window = Duration::hours(i64::from(inbound.replay_hours.max(1)));
    if at.is_some_and(|at| at < now - window) {
        return Ok(ignored(
            ats,
            &tenant,
            "the event is older than the replay window: a replay, refused",
        ));
    }
    let event_ids = ats.event_ids(headers, body);
    let event_id = event_ids[0].clone();
    let (source, key_tenant, keys) = (ats.name(), tenant.clone(), event_ids.clone());
    let fresh = state
        .blocking(move |store| {
            let mut fresh = true;
            for key in &keys {
                fresh &= store.take_event(source, &key_tenant, key, now, now - window)?;
            }
            Ok(fresh)
        })
        .await?;
    if !fresh {
        tracing::info!(
            source,
            event = %event_id,
            tenant,
            "ATS event already taken: nothing changed"
        );
        return Ok(answer(json!({ "duplicate": event_id })));
    }
    let handled = match event {
        Event::Application { mapped, .. } => take_application(state, ats, &tenant, mapped).await,
        Event::Deleted { ids, candidate } => delete(state, ats, &tenant, ids, candidate).await,
        Event::Ping | Event::Ignored(_) => Ok(answer(json!({ "ok": true }))),
    };
    if handled.is_err() {
        // Not taken after all: the ATS's retry must be.
        let key_tenant = tenant.clone();
        let _ = state
            .blocking(move |store| {
                for key in &event_ids {
                    store.forget_event(source, &key_tenant, key)?;
                }
                Ok(())
            })
            .await;
    }
    handled
}

async fn take_application(
    state: &Arc<AppState>,
    ats: Ats,
    tenant: &str,
    mapped: Value,
) -> Result<Response, Problem> {
    let id = mapped["application_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let _turn = state.merges.lock(tenant, &id).await;
    let merged = match state.kept_for_merge(tenant, &id).await? {
        Some(kept) => merge_event(kept, mapped),
        None => mapped,
    };
    let mut submission = match validate(state, tenant, &merged.to_string(), None) {
        Ok(submission) => submission,
        Err(errors) => {
            let reasons: Vec<String> = errors
                .iter()
                .map(|e| format!("{}: {}", e.path, e.reason))
                .collect();
            return Ok(ignored(
                ats,
                tenant,
                &format!("application `{id}` cannot be read: {}", reasons.join("; ")),
            ));
        }
    };
    submission.origin = ats.name().to_owned();
    let accepted = state
        .writer
        .submit(vec![submission])
        .await
        .map_err(|_| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "try again"))?;
    let Some(accepted) = accepted.into_iter().next() else {
        return Err(Problem::internal("the writer answered nothing"));
    };
    Ok(answer(json!({
        "application_id": id,
        "version": accepted.outcome.version(),
        "verdict": accepted.verdict,
    })))
}

async fn delete(
    state: &Arc<AppState>,
    ats: Ats,
    tenant: &str,
    mut ids: Vec<String>,
    candidate: Option<String>,
) -> Result<Response, Problem> {
    if let Some(candidate) = candidate {
        let key_tenant = tenant.to_owned();
        let theirs = state
            .blocking(move |store| store.applications_of_candidate(&key_tenant, &candidate))
            .await?;
        ids.extend(theirs);
        ids.sort();
        ids.dedup();
    }
    let deleted = state
        .writer
        .delete(tenant, ids.clone())
        .await
        .map_err(|_| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "try again"))?;
    let (who, target, tenant) = (
        format!("webhook:{}", ats.name()),
        format!("{tenant}/{}", ids.join(",")),
        tenant.to_owned(),
    );
    state
        .blocking(move |store| {
            store.audit(
                Some(&tenant),
                &who,
                "deleted_at_source",
                &target,
                Utc::now(),
            )
        })
        .await?;
    Ok(answer(json!({ "deleted": deleted })))
}

/// An event's fields merged into the kept application (see the module's rule 4).
pub(crate) fn merge_event(mut kept: Value, mut event: Value) -> Value {
    let documents = event
        .as_object_mut()
        .and_then(|e| e.remove("documents"))
        .and_then(|d| match d {
            Value::Array(list) => Some(list),
            _ => None,
        })
        .unwrap_or_default();
    if kept["candidate"]["home_address"].is_object() {
        if let Some(candidate) = event.get_mut("candidate").and_then(Value::as_object_mut) {
            candidate.remove("home_address");
        }
    }
    json_patch::merge(&mut kept, &event);
    if !documents.is_empty() {
        let Some(object) = kept.as_object_mut() else {
            return kept;
        };
        let list = object
            .entry("documents")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !list.is_array() {
            *list = Value::Array(Vec::new());
        }
        if let Value::Array(list) = list {
            for document in documents {
                let same = |d: &Value| {
                    d == &document
                        || (document["sha256"].is_string() && d["sha256"] == document["sha256"])
                };
                if !list.iter().any(same) {
                    list.push(document);
                }
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_keeps_what_other_sources_sent() {
        let kept = json!({
            "application_id": "gh-1", "source": "onboarding",
            "candidate": { "full_name": "Jordan Miller", "emails": ["j@example.com"],
                           "home_address": { "line1": "1 Main St", "city": "Austin", "region": "TX" } },
            "documents": [{ "kind": "passport", "number": "X1234567" },
                          { "kind": "resume", "sha256": "aa" }],
            "sessions": [{ "ip": "73.162.1.9", "kind": "onboarding" }],
            "payroll": { "method": "bank_transfer", "account_number": "123456789" }
        });
        let event = json!({
            "application_id": "gh-1", "source": "greenhouse",
            "candidate": { "full_name": "Jordan Miller-Reyes", "emails": ["jm@example.com"],
                           "home_address": { "line1": "1 Main Street, Austin TX" } },
            "documents": [{ "kind": "resume", "sha256": "aa" }, { "kind": "resume", "sha256": "bb" }],
            "position": { "title": "Engineer" }
        });
        let merged = merge_event(kept, event);
        assert_eq!(merged["candidate"]["full_name"], "Jordan Miller-Reyes");
        assert_eq!(merged["candidate"]["emails"], json!(["jm@example.com"]));
        assert_eq!(merged["candidate"]["home_address"]["city"], "Austin");
        assert_eq!(merged["sessions"][0]["ip"], "73.162.1.9");
        assert_eq!(merged["payroll"]["account_number"], "123456789");
        assert_eq!(merged["position"]["title"], "Engineer");
        let kinds: Vec<&str> = merged["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["sha256"].as_str().or(d["number"].as_str()))
            .collect();
        assert_eq!(kinds, vec!["X1234567", "aa", "bb"]);
    }
}
