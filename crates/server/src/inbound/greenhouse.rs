//! Greenhouse webhooks. Greenhouse signs each body with the secret key shown
//! when the webhook is made: `Signature: sha256 <hex HMAC-SHA256 of the raw
//! body>`, and names each event in `Greenhouse-Event-ID`.
//!
//! Mapping of an event about an application (`new_candidate_application`,
//! `application_updated`, `candidate_stage_change`, `candidate_hired`, …):
//! `payload.application.id` → `application_id` (`gh-<id>`); `applied_at` →
//! `submitted_at`; `candidate.id` → `candidate.external_id`
//! (`greenhouse:<id>`); `first_name` + `last_name` → `full_name`;
//! `email_addresses[].value` → `emails`; `phone_numbers[].value` → `phones`;
//! `social_media_addresses[]`/`website_addresses[]` → `profiles`; the home
//! (or first) of `addresses[]` → `home_address.line1`; `attachments[]` that
//! carry a digest or text → `documents` (a résumé as `resume`); the first
//! `jobs[].name` → `position.title` and its first office → `position.office`;
//! `source.public_name` → `source_name`; custom fields as the tenant maps them.
//! Offer events (`offer_created`, `offer_updated`, …) give `position.start_date`
//! from the offer's `starts_at` (or `start_date`). `delete_candidate` and
//! `delete_application` delete. Greenhouse sends no session IPs, documents
//! numbers or payroll: those come from onboarding under the same id.

use super::{custom_fields, Event};
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use std::collections::BTreeMap;

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
    super::hmac_matches(secret, hex, body)
}

fn values(list: &Value) -> Vec<Value> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["value"].as_str())
        .map(|v| Value::String(v.to_owned()))
        .collect()
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// A Greenhouse event about an application as a contract application, or why not.
pub fn map_greenhouse(event: &Value) -> Result<Value, String> {
    map_with_fields(event, &BTreeMap::new())
}

fn map_with_fields(event: &Value, fields: &BTreeMap<String, String>) -> Result<Value, String> {
    let action = event["action"].as_str().unwrap_or_default();
    if action == "ping" {
        return Err("ping".into());
    }
    let payload = &event["payload"];
    let application = &payload["application"];
    let id = id_text(&application["id"]).ok_or("payload.application.id is missing")?;
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
    if let Some(name) = application["source"]["public_name"].as_str() {
        out.insert("source_name".into(), json!(name));
    }
    // The candidate's profile, opened on this application, in Greenhouse.
    if let Some(person_id) = id_text(&candidate["id"]) {
        out.insert(
            "source_url".into(),
            json!(format!(
                "https://app.greenhouse.io/people/{person_id}?application_id={id}"
            )),
        );
    }
    out.insert("candidate".into(), Value::Object(person(candidate)));
    let job = application["jobs"].as_array().and_then(|jobs| jobs.first());
    let mut position = Map::new();
    if let Some(title) = job.and_then(|job| job["name"].as_str()) {
        position.insert("title".into(), json!(title));
    }
    let office = job
        .and_then(|job| job["offices"].as_array())
        .and_then(|offices| offices.first())
        .and_then(|office| {
            office["location"]["name"]
                .as_str()
                .or(office["name"].as_str())
        });
    if let Some(office) = office {
        position.insert("office".into(), json!(office));
    }
    if !position.is_empty() {
        out.insert("position".into(), Value::Object(position));
    }
    let documents = attachments(&application["attachments"])
        .into_iter()
        .chain(attachments(&candidate["attachments"]))
        .collect::<Vec<_>>();
    if !documents.is_empty() {
        out.insert("documents".into(), Value::Array(documents));
    }
    let mut out = Value::Object(out);
    let custom = [
        &application["custom_fields"],
        &application["keyed_custom_fields"],
        &candidate["custom_fields"],
        &candidate["keyed_custom_fields"],
    ];
    for block in custom {
        for (key, value) in block.as_object().into_iter().flatten() {
            // `{key: value}`, or `{key: {name, type, value}}` (keyed custom fields).
            let (name, value) = match value {
                Value::Object(field) => (field.get("name"), field.get("value")),
                value => (None, Some(value)),
            };
            let names = [Some(key.as_str()), name.and_then(Value::as_str)];
            if let Some(value) = value {
                custom_fields::apply(&mut out, names.into_iter().flatten(), value, fields);
            }
        }
    }
    Ok(out)
}

fn person(candidate: &Value) -> Map<String, Value> {
    let mut person = Map::new();
    let name: Vec<&str> = [&candidate["first_name"], &candidate["last_name"]]
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !name.is_empty() {
        person.insert("full_name".into(), json!(name.join(" ")));
    }
    if let Some(id) = id_text(&candidate["id"]) {
        person.insert("external_id".into(), json!(format!("greenhouse:{id}")));
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
    let addresses = candidate["addresses"].as_array();
    let home = addresses.and_then(|list| {
        list.iter()
            .find(|a| a["type"] == "home")
            .or_else(|| list.first())
    });
    if let Some(line) = home.and_then(|a| a["value"].as_str()) {
        person.insert("home_address".into(), json!({ "line1": line }));
    }
    person
}

/// Attachments that say something a link can use: a digest of the file, or
/// its text. A file name alone does not.
fn attachments(list: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for file in list.as_array().into_iter().flatten() {
        let digest = file["sha256"].as_str().or(file["checksum"].as_str());
        let text = file["text"].as_str().or(file["content"].as_str());
        if digest.is_none() && text.is_none() {
            continue;
        }
        let kind = if file["type"] == "resume" {
            "resume"
        } else {
            "other"
        };
        let mut document = json!({ "kind": kind });
        if let Some(digest) = digest {
            document["sha256"] = json!(digest);
        }
        if let Some(text) = text {
            document["text"] = json!(text);
        }
        out.push(document);
    }
    out
}

/// An offer event: the application it is for and its start.
fn offer(payload: &Value) -> Option<(String, &str)> {
    let offer = if payload["offer"].is_object() {
        &payload["offer"]
    } else {
        payload
    };
    let id = id_text(&offer["application_id"])
        .or_else(|| id_text(&payload["application"]["id"]))
        .or_else(|| id_text(&payload["application_id"]))?;
    let start = offer["starts_at"]
        .as_str()
        .or(offer["start_date"].as_str())?;
    Some((id, start))
}

/// When the event says the application last changed, for the replay window.
fn event_time(payload: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    let application = &payload["application"];
    super::latest_time([
        &application["last_activity_at"],
        &application["updated_at"],
        &payload["updated_at"],
    ])
}

/// What a signed Greenhouse event means.
pub(crate) fn read(event: &Value, fields: &BTreeMap<String, String>) -> Event {
    let action = event["action"].as_str().unwrap_or("unknown");
    let payload = &event["payload"];
    match action {
        "ping" => Event::Ping,
        "delete_candidate" | "delete_application" => {
            let person = [&payload["person"], &payload["candidate"]]
                .into_iter()
                .find(|p| p.is_object())
                .unwrap_or(&Value::Null);
            // Deleting one application deletes that one, whatever else the
            // payload says of the candidate.
            let empty = Value::Null;
            let listed = if action == "delete_candidate" {
                [
                    &person["application_ids"],
                    &payload["application_ids"],
                    &person["applications"],
                ]
            } else {
                [&empty, &empty, &empty]
            };
            let mut ids: Vec<String> = listed
                .iter()
                .filter_map(|list| list.as_array())
                .flatten()
                .filter_map(|item| id_text(item).or_else(|| id_text(&item["id"])))
                .chain(id_text(&payload["application"]["id"]))
                .chain(id_text(&payload["application_id"]))
                .map(|id| format!("gh-{id}"))
                .collect();
            ids.sort();
            ids.dedup();
            let candidate = (action == "delete_candidate")
                .then(|| id_text(&person["id"]))
                .flatten()
                .map(|id| format!("greenhouse:{id}"));
            if ids.is_empty() && candidate.is_none() {
                return Event::Ignored(format!("`{action}` names no application or candidate"));
            }
            Event::Deleted { ids, candidate }
        }
        offer_event if offer_event.starts_with("offer_") => Event::offer(
            action,
            "greenhouse",
            "gh",
            offer(payload),
            event_time(payload),
        ),
        _ => Event::mapped(action, map_with_fields(event, fields), event_time(payload)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Value {
        json!({
            "action": "new_candidate_application",
            "payload": { "application": {
                "id": 69306314, "applied_at": "2026-03-04T15:22:11Z",
                "last_activity_at": "2026-03-05T09:00:00Z",
                "source": { "id": 7, "public_name": "LinkedIn" },
                "jobs": [{ "id": 107761, "name": "Senior Rust Engineer",
                           "offices": [{ "id": 1, "name": "Austin", "location": { "name": "Austin, TX" } }] }],
                "custom_fields": { "work_country": "Canada",
                    "desired_role": { "name": "Desired Role", "type": "short_text", "value": "Staff" } },
                "attachments": [
                    { "filename": "cv.pdf", "type": "resume", "url": "https://x/cv.pdf" },
                    { "filename": "cv.txt", "type": "resume", "sha256": "ab".repeat(32), "text": "Rust, Go" }
                ],
                "candidate": {
                    "id": 57683957, "first_name": "Jordan", "last_name": "Miller",
                    "email_addresses": [{ "value": "jordan.miller@example.com", "type": "personal" }],
                    "phone_numbers": [{ "value": "+14155550100", "type": "mobile" }],
                    "addresses": [{ "value": "88 Willow Street Apt 3, Seattle, WA 98101", "type": "home" }],
                    "website_addresses": [{ "value": "https://github.com/jmiller", "type": "personal" }]
                }
            } }
        })
    }

    #[test]
    fn a_greenhouse_application_maps_into_the_contract() {
        let app = map_greenhouse(&event()).expect("maps");
        assert_eq!(app["application_id"], "gh-69306314");
        assert_eq!(app["candidate"]["full_name"], "Jordan Miller");
        assert_eq!(app["candidate"]["external_id"], "greenhouse:57683957");
        assert_eq!(app["candidate"]["emails"][0], "jordan.miller@example.com");
        assert_eq!(app["candidate"]["phones"][0], "+14155550100");
        assert_eq!(
            app["candidate"]["home_address"]["line1"],
            "88 Willow Street Apt 3, Seattle, WA 98101"
        );
        assert_eq!(app["position"]["title"], "Senior Rust Engineer");
        assert_eq!(app["position"]["office"], "Austin, TX");
        assert_eq!(app["source_name"], "LinkedIn");
        assert_eq!(
            app["source_url"],
            "https://app.greenhouse.io/people/57683957?application_id=69306314"
        );
        assert_eq!(app["submitted_at"], "2026-03-04T15:22:11Z");
        // Only the attachment with a digest or text becomes a document.
        assert_eq!(app["documents"].as_array().map(Vec::len), Some(1));
        assert_eq!(app["documents"][0]["kind"], "resume");
        assert_eq!(app["documents"][0]["text"], "Rust, Go");
        assert!(bonafide_model::parse_application(&app.to_string()).is_ok());
        assert!(map_greenhouse(&json!({ "action": "ping" })).is_err());
        assert!(map_greenhouse(&json!({ "action": "x", "payload": {} })).is_err());
    }

    #[test]
    fn custom_fields_go_where_the_tenant_maps_them() {
        let fields = BTreeMap::from([
            (
                "work_country".to_owned(),
                "candidate.claimed_location.country".to_owned(),
            ),
            ("Desired Role".to_owned(), "position.title".to_owned()),
        ]);
        let Event::Application { mapped, at } = read(&event(), &fields) else {
            panic!("an application event");
        };
        assert_eq!(mapped["candidate"]["claimed_location"]["country"], "Canada");
        assert_eq!(mapped["position"]["title"], "Staff");
        assert_eq!(mapped["position"]["office"], "Austin, TX");
        assert_eq!(
            at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-03-05T09:00:00+00:00")
        );
        // Unmapped, custom fields stay out.
        let Event::Application { mapped, .. } = read(&event(), &BTreeMap::new()) else {
            panic!("an application event");
        };
        assert!(mapped["candidate"].get("claimed_location").is_none());
    }

    #[test]
    fn offers_give_the_start_date_and_deletions_name_what_goes() {
        let offer = json!({ "action": "offer_created", "payload": {
            "id": 4, "application_id": 69306314, "starts_at": "2026-04-06", "version": 1 } });
        let Event::Application { mapped, .. } = read(&offer, &BTreeMap::new()) else {
            panic!("an offer maps");
        };
        assert_eq!(mapped["application_id"], "gh-69306314");
        assert_eq!(mapped["position"]["start_date"], "2026-04-06");
        let deleted = json!({ "action": "delete_candidate", "payload": { "person": {
            "id": 57683957, "first_name": "Jordan", "application_ids": [69306314, 70000001] } } });
        match read(&deleted, &BTreeMap::new()) {
            Event::Deleted { ids, candidate } => {
                assert_eq!(ids, vec!["gh-69306314", "gh-70000001"]);
                assert_eq!(candidate.as_deref(), Some("greenhouse:57683957"));
            }
            _ => panic!("a deletion"),
        }
        let nothing = json!({ "action": "delete_candidate", "payload": {} });
        assert!(matches!(
            read(&nothing, &BTreeMap::new()),
            Event::Ignored(_)
        ));
        assert!(matches!(
            read(
                &json!({ "action": "job_created", "payload": { "job": { "id": 5 } } }),
                &BTreeMap::new()
            ),
            Event::Ignored(_)
        ));
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
