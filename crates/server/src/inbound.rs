//! ATS webhooks bonafide receives. Greenhouse signs each body with the secret
//! key shown when the webhook is made: `Signature: sha256 <hex HMAC-SHA256 of
//! the raw body>`. A bad or missing signature is 401 and nothing is kept. An
//! event about an application is merged into the stored one (RFC 7396), so a
//! stage change keeps what onboarding and IT sent; any other signed event is
//! acknowledged (200) and ignored.
//!
//! Mapping (Greenhouse "Candidate has submitted application",
//! `new_candidate_application`, and "Application updated", `application_updated`):
//! `payload.application.id` → `application_id`; `applied_at` → `submitted_at`;
//! `candidate.first_name` + `last_name` → `candidate.full_name`;
//! `email_addresses[].value` → `emails`; `phone_numbers[].value` → `phones`;
//! `social_media_addresses[]`/`website_addresses[]` → `profiles`; the first
//! `jobs[].name` → `position.title`; `source` = `greenhouse`. Greenhouse sends
//! no session IPs, documents or payroll: those arrive later from onboarding
//! systems, under the same `application_id`, as a new version.

use crate::problem::{FieldProblem, Problem};
use crate::routes::validate;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use std::sync::Arc;

/// The `Signature` header Greenhouse sends with `body` (to test a receiver, or replay an event).
pub fn greenhouse_signature(secret: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    format!("sha256 {}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `header` (`sha256 <hex>`) signs `body` with `secret`; compared in constant time.
pub fn greenhouse_signed(secret: &str, header: &str, body: &[u8]) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256 ") else {
        return false;
    };
    let Some(expected) = decode_hex(hex.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn values(list: &Value) -> Vec<Value> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["value"].as_str())
        .map(|v| Value::String(v.to_owned()))
        .collect()
}

/// A Greenhouse webhook body as a contract application, or why not.
pub fn map_greenhouse(event: &Value) -> Result<Value, String> {
    let action = event["action"].as_str().unwrap_or_default();
    if action == "ping" {
        return Err("ping".into());
    }
    let payload = &event["payload"];
    let application = &payload["application"];
    let id = match &application["id"] {
        Value::Number(n) => n.to_string(),
        Value::String(s) if !s.is_empty() => s.clone(),
        _ => return Err("payload.application.id is missing".into()),
    };
    let candidate = if application["candidate"].is_object() {
        &application["candidate"]
    } else {
        &payload["candidate"]
    };
    let mut out = Map::new();
    out.insert("application_id".into(), json!(format!("gh-{id}")));
    out.insert("source".into(), json!("greenhouse"));
    if let Some(at) = application["applied_at"].as_str() {
        out.insert("submitted_at".into(), json!(at));
    }
    let mut person = Map::new();
    let name: Vec<&str> = [&candidate["first_name"], &candidate["last_name"]]
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !name.is_empty() {
        person.insert("full_name".into(), json!(name.join(" ")));
    }
    let emails = values(&candidate["email_addresses"]);
    if !emails.is_empty() {
        person.insert("emails".into(), Value::Array(emails));
    }
    let phones = values(&candidate["phone_numbers"]);
    if !phones.is_empty() {
        person.insert("phones".into(), Value::Array(phones));
    }
    let profiles: Vec<Value> = values(&candidate["social_media_addresses"])
        .into_iter()
        .chain(values(&candidate["website_addresses"]))
        .map(|url| json!({ "kind": "other", "url": url }))
        .collect();
    if !profiles.is_empty() {
        person.insert("profiles".into(), Value::Array(profiles));
    }
    out.insert("candidate".into(), Value::Object(person));
    if let Some(title) = application["jobs"]
        .as_array()
        .and_then(|jobs| jobs.first())
        .and_then(|job| job["name"].as_str())
    {
        out.insert("position".into(), json!({ "title": title }));
    }
    Ok(Value::Object(out))
}

/// `POST /v1/webhooks/greenhouse/{tenant}`.
pub async fn greenhouse(
    State(state): State<Arc<AppState>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let Some(inbound) = state
        .settings
        .inbound
        .iter()
        .find(|i| i.source == "greenhouse" && i.tenant == tenant)
    else {
        return Err(Problem::not_found(format!(
            "no Greenhouse webhook is configured for tenant `{tenant}`"
        )));
    };
    let signed = headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|header| greenhouse_signed(&inbound.secret, header, &body));
    if !signed {
        return Err(Problem::unauthorized(
            "the Signature header is missing or does not sign this body with the webhook's secret key",
        ));
    }
    let event: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid(
            "the body is not JSON",
            vec![FieldProblem {
                line: None,
                path: "$".into(),
                reason: e.to_string(),
            }],
        )
    })?;
    let mapped = match map_greenhouse(&event) {
        Ok(mapped) => mapped,
        Err(reason) if reason == "ping" => {
            return Ok((StatusCode::OK, Json(json!({ "ok": true }))).into_response())
        }
        // Greenhouse retries anything but a 2xx for hours: a signed event that
        // is not about an application is acknowledged and ignored, and says so.
        Err(reason) => {
            let action = event["action"].as_str().unwrap_or("unknown");
            eprintln!(
                "bonafide: greenhouse event `{action}` for tenant `{tenant}` ignored: {reason}"
            );
            return Ok((
                StatusCode::OK,
                Json(json!({ "ignored": format!("`{action}` carries no application: {reason}") })),
            )
                .into_response());
        }
    };
    // Greenhouse owns what it maps; what other sources sent (sessions,
    // documents, payroll, shipping, the claimed location) is kept: the event is
    // merged into the stored application as a JSON Merge Patch (RFC 7396).
    let id = mapped["application_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (key_tenant, key_id) = (tenant.clone(), id);
    let stored = state
        .blocking(move |store| Ok(store.application(&key_tenant, &key_id)?.map(|a| a.body)))
        .await?;
    let merged = match stored {
        Some(mut body) => {
            json_patch::merge(&mut body, &mapped);
            body
        }
        None => mapped,
    };
    let submission = validate(&state, &tenant, &merged.to_string(), None)
        .map_err(|errors| Problem::invalid("the mapped application is not valid", errors))?;
    let accepted = state
        .writer
        .submit(vec![submission])
        .await
        .map_err(|_| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "try again"))?;
    let verdict = accepted
        .into_iter()
        .next()
        .map(|a| a.verdict)
        .unwrap_or(Value::Null);
    Ok((StatusCode::CREATED, Json(verdict)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greenhouse_application_maps_into_the_contract() {
        let event = json!({
            "action": "new_candidate_application",
            "payload": { "application": {
                "id": 69306314, "applied_at": "2026-03-04T15:22:11Z",
                "jobs": [{ "id": 107761, "name": "Senior Rust Engineer" }],
                "candidate": {
                    "id": 57683957, "first_name": "Jordan", "last_name": "Miller",
                    "email_addresses": [{ "value": "jordan.miller@example.com", "type": "personal" }],
                    "phone_numbers": [{ "value": "+14155550100", "type": "mobile" }],
                    "website_addresses": [{ "value": "https://github.com/jmiller", "type": "personal" }]
                }
            } }
        });
        let app = map_greenhouse(&event).expect("maps");
        assert_eq!(app["application_id"], "gh-69306314");
        assert_eq!(app["candidate"]["full_name"], "Jordan Miller");
        assert_eq!(app["candidate"]["emails"][0], "jordan.miller@example.com");
        assert_eq!(app["candidate"]["phones"][0], "+14155550100");
        assert_eq!(app["position"]["title"], "Senior Rust Engineer");
        assert_eq!(app["submitted_at"], "2026-03-04T15:22:11Z");
        assert!(bonafide_model::parse_application(&app.to_string()).is_ok());
        assert!(map_greenhouse(&json!({ "action": "ping" })).is_err());
        assert!(map_greenhouse(&json!({ "action": "x", "payload": {} })).is_err());
    }

    #[test]
    fn only_the_right_secret_signs() {
        let body = br#"{"action":"new_candidate_application"}"#;
        let mut mac = Hmac::<Sha256>::new_from_slice(b"gh-secret").expect("key");
        mac.update(body);
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(greenhouse_signed(
            "gh-secret",
            &format!("sha256 {hex}"),
            body
        ));
        assert!(!greenhouse_signed("other", &format!("sha256 {hex}"), body));
        assert!(!greenhouse_signed(
            "gh-secret",
            &format!("sha256 {hex}"),
            b"{}"
        ));
        assert!(!greenhouse_signed("gh-secret", &hex, body));
        assert!(!greenhouse_signed("gh-secret", "sha256 zz", body));
        assert_eq!(
            greenhouse_signature("gh-secret", body),
            format!("sha256 {hex}")
        );
    }
}
