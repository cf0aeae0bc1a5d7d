//! After-hire telemetry into the hires' applications, for `POST
//! /v1/telemetry/{source}` and `bonafide ingest`.
//!
//! The rule that finds a hire: an osquery `application_id` decoration names
//! the application; otherwise a laptop (serial or MDM id) is found in the
//! `devices[]` of the tenant's applications (list it when the laptop ships,
//! `PATCH` with `devices: [{serial, source: "inventory"}]`), and an identity
//! provider's user by `candidate.emails` (add the work address at
//! onboarding). A hire found in no application, or in several, is reported
//! and nothing is merged for it.
//!
//! Merging appends: sign-ins not already kept are added to `sessions`, a new
//! observation to `devices`; nothing else of the application changes. Past
//! the limits the oldest go, so the newest telemetry is always scored. Each
//! application is then scored again as a new version whose origin is the
//! source.

use crate::writer::Submission;
use bonafide_identity::Keyer;
use bonafide_model::Limits;
use bonafide_store::Store;
use bonafide_telemetry::{Hire, Piece, Read, Source};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A piece of telemetry that found no single application.
#[derive(Debug, Clone, Serialize)]
pub struct Unplaced {
    /// Whose it was.
    pub hire: Hire,
    /// Why it was not merged.
    pub reason: String,
}

/// The applications to score again, and what could not be placed.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Merged applications, one per application.
    pub submissions: Vec<Submission>,
    /// Telemetry of hires found in no application, or in several.
    pub unplaced: Vec<Unplaced>,
}

fn find(store: &dyn Store, tenant: &str, hire: &Hire) -> bonafide_store::Result<Vec<String>> {
    match hire {
        Hire::Application(id) => Ok(store
            .application_to_merge(tenant, id)?
            .map(|_| vec![id.clone()])
            .unwrap_or_default()),
        Hire::Email(email) => store.applications_with_email(tenant, email),
        Hire::Device(device) => store.applications_with_device(tenant, device),
    }
}

/// Append `items` not already in `list`, then drop the oldest past `limit`.
fn append(body: &mut Value, field: &str, items: &[Value], limit: usize) {
    let Some(object) = body.as_object_mut() else {
        return;
    };
    let list = object
        .entry(field)
        .or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    if let Value::Array(list) = list {
        for item in items {
            if !list.contains(item) {
                list.push(item.clone());
            }
        }
        // Past the limit the oldest telemetry goes first: the application's
        // own sessions (applying, interviews) are evidence a hire's sign-ins
        // must not push out.
        let telemetry = |item: &Value| {
            matches!(
                item["source"].as_str(),
                Some("okta" | "entra" | "google" | "osquery")
            )
        };
        let mut extra = list.len().saturating_sub(limit);
        list.retain(|item| {
            if extra > 0 && telemetry(item) {
                extra -= 1;
                false
            } else {
                true
            }
        });
        list.drain(..extra.min(list.len()));
    }
}

/// Each piece with the one application its hire holds; the rest, and why.
#[derive(Debug, Default)]
pub struct Placed {
    /// (application id, piece).
    pub pieces: Vec<(String, Piece)>,
    /// Telemetry of hires found in no application, or in several.
    pub unplaced: Vec<Unplaced>,
}

impl Placed {
    /// The applications the pieces go to (to take their merge turns).
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.pieces.iter().map(|(id, _)| id.clone()).collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Find each hire's one application of the tenant.
pub fn place(store: &dyn Store, tenant: &str, read: Read) -> bonafide_store::Result<Placed> {
    let mut out = Placed::default();
    for piece in read.pieces {
        let ids = find(store, tenant, &piece.hire)?;
        match ids.as_slice() {
            [one] => out.pieces.push((one.clone(), piece)),
            [] => out.unplaced.push(Unplaced {
                reason: format!("no application of tenant `{tenant}` holds this hire"),
                hire: piece.hire,
            }),
            many => out.unplaced.push(Unplaced {
                reason: format!(
                    "{} applications hold this hire ({}): name the application (an osquery `application_id` decoration)",
                    many.len(),
                    many.join(", ")
                ),
                hire: piece.hire,
            }),
        }
    }
    Ok(out)
}

/// Merge the placed pieces into the kept applications, read now (under
/// their merge turns in the service), ready for the writer.
pub fn merge(
    store: &dyn Store,
    keyer: &Keyer,
    limits: &Limits,
    tenant: &str,
    source: Source,
    placed: Placed,
) -> bonafide_store::Result<Prepared> {
    let mut out = Prepared {
        submissions: Vec::new(),
        unplaced: placed.unplaced,
    };
    let mut merged: BTreeMap<String, Value> = BTreeMap::new();
    for (
        id,
        Piece {
            hire,
            sessions,
            devices,
        },
    ) in placed.pieces
    {
        if !merged.contains_key(&id) {
            let Some(kept) = store.application_to_merge(tenant, &id)? else {
                continue;
            };
            match bonafide_store::restore(&kept, keyer) {
                Ok(body) => {
                    merged.insert(id.clone(), body);
                }
                Err(reason) => {
                    out.unplaced.push(Unplaced { hire, reason });
                    continue;
                }
            }
        }
        if let Some(body) = merged.get_mut(&id) {
            append(body, "sessions", &sessions, limits.sessions);
            append(body, "devices", &devices, limits.devices);
        }
    }
    for (id, body) in merged {
        let text = body.to_string();
        let app = match bonafide_model::parse_application_with(&text, limits) {
            Ok(app) => app,
            Err(error) => {
                let reasons: Vec<String> = error
                    .errors
                    .iter()
                    .map(|e| format!("{}: {}", e.path, e.reason))
                    .collect();
                out.unplaced.push(Unplaced {
                    hire: Hire::Application(id),
                    reason: format!(
                        "the merged application cannot be read: {}",
                        reasons.join("; ")
                    ),
                });
                continue;
            }
        };
        let Ok(mut body) = bonafide_model::body_to_keep(&text) else {
            continue;
        };
        body["tenant_id"] = Value::String(tenant.to_owned());
        let mut app = app;
        app.tenant_id = Some(tenant.to_owned());
        out.submissions.push(Submission {
            app,
            body,
            at: chrono::Utc::now(),
            origin: source.name().to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn appending_keeps_what_is_there_and_the_newest() {
        let mut body = json!({ "sessions": [{ "at": "1" }, { "at": "2" }] });
        append(
            &mut body,
            "sessions",
            &[json!({ "at": "2" }), json!({ "at": "3" })],
            10,
        );
        assert_eq!(body["sessions"].as_array().map(Vec::len), Some(3));
        append(&mut body, "sessions", &[json!({ "at": "4" })], 3);
        assert_eq!(
            body["sessions"],
            json!([{ "at": "2" }, { "at": "3" }, { "at": "4" }])
        );
        // Sign-ins go before the application's own sessions.
        let mut signed =
            json!({ "sessions": [{ "at": "apply" }, { "at": "s1", "source": "okta" }] });
        append(
            &mut signed,
            "sessions",
            &[json!({ "at": "s2", "source": "okta" })],
            2,
        );
        assert_eq!(
            signed["sessions"],
            json!([{ "at": "apply" }, { "at": "s2", "source": "okta" }])
        );
        append(&mut body, "devices", &[json!({ "serial": "x" })], 3);
        assert_eq!(body["devices"][0]["serial"], "x");
    }
}
