//! Ashby webhooks. Ashby signs the raw body with the webhook's secret token:
//! `Ashby-Signature: sha256=<hex HMAC-SHA256>`; every body is
//! `{"action": …, "data": {…}}` and carries no event id, so a replay is told
//! by the digest of its body.
//!
//! Mapping of an event about an application (`applicationSubmit`,
//! `applicationUpdate`, `candidateStageChange`, `candidateHire`):
//! `data.application.id` → `application_id` (`ashby-<id>`); `createdAt` →
//! `submitted_at`; `candidate.id` → `candidate.external_id` (`ashby:<id>`);
//! `candidate.name` → `full_name`; `primaryEmailAddress` and
//! `emailAddresses[]` → `emails`; `primaryPhoneNumber` and `phoneNumbers[]` →
//! `phones`; `socialLinks[]` → `profiles`; `candidate.location`'s components →
//! `claimed_location`; `job.title` → `position.title`, its location →
//! `position.office`; `source.title` → `source_name`; `customFields[]` as the
//! tenant maps them by title. `offerCreate`/`offerUpdate` give
//! `position.start_date`; `candidateDelete` deletes the candidate's applications.

use super::{custom_fields, Event};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The `Ashby-Signature` header Ashby sends with `body`.
pub fn ashby_signature(secret: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        super::greenhouse::greenhouse_signature(secret, body).trim_start_matches("sha256 ")
    )
}

/// Whether `header` (`sha256=<hex>`) signs `body` with `secret`.
pub fn ashby_signed(secret: &str, header: &str, body: &[u8]) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    super::hmac_matches(secret, hex, body)
}

fn text(value: &Value) -> Option<&str> {
    value.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// The values of `primary` and of every item of `list`, once each.
fn contact_values(primary: &Value, list: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let items = std::iter::once(primary).chain(list.as_array().into_iter().flatten());
    for value in items.filter_map(|item| text(&item["value"])) {
        let value = Value::String(value.to_owned());
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// An Ashby event about an application as a contract application, or why not.
pub fn map_ashby(event: &Value, fields: &BTreeMap<String, String>) -> Result<Value, String> {
    let application = &event["data"]["application"];
    let id = text(&application["id"]).ok_or("data.application.id is missing")?;
    let mut out = Map::new();
    out.insert("application_id".into(), json!(format!("ashby-{id}")));
    out.insert("source".into(), json!("ashby"));
    if let Some(at) = text(&application["createdAt"]) {
        out.insert("submitted_at".into(), json!(at));
    }
    if let Some(name) = text(&application["source"]["title"]) {
        out.insert("source_name".into(), json!(name));
    }
    let candidate = &application["candidate"];
    if let Some(link) = text(&candidate["profileUrl"]) {
        out.insert("source_url".into(), json!(link));
    }
    out.insert("candidate".into(), Value::Object(person(candidate)));
    let job = &application["job"];
    let mut position = Map::new();
    if let Some(title) = text(&job["title"]) {
        position.insert("title".into(), json!(title));
    }
    if let Some(office) = text(&job["location"]["name"]).or(text(&job["locationName"])) {
        position.insert("office".into(), json!(office));
    }
    if !position.is_empty() {
        out.insert("position".into(), Value::Object(position));
    }
    let mut out = Value::Object(out);
    for list in [&application["customFields"], &candidate["customFields"]] {
        for field in list.as_array().into_iter().flatten() {
            if let (Some(title), Some(value)) = (text(&field["title"]), field.get("value")) {
                custom_fields::apply(&mut out, [title], value, fields);
            }
        }
    }
    Ok(out)
}

fn person(candidate: &Value) -> Map<String, Value> {
    let mut person = Map::new();
    if let Some(name) = text(&candidate["name"]) {
        person.insert("full_name".into(), json!(name));
    }
    if let Some(id) = text(&candidate["id"]) {
        person.insert("external_id".into(), json!(format!("ashby:{id}")));
    }
    let emails = contact_values(
        &candidate["primaryEmailAddress"],
        &candidate["emailAddresses"],
    );
    if !emails.is_empty() {
        person.insert("emails".into(), Value::Array(emails));
    }
    let phones = contact_values(&candidate["primaryPhoneNumber"], &candidate["phoneNumbers"]);
    if !phones.is_empty() {
        person.insert("phones".into(), Value::Array(phones));
    }
    let profiles: Vec<Value> = candidate["socialLinks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|link| {
            let url = text(&link["url"])?;
            let kind = text(&link["type"]).unwrap_or("other").to_ascii_lowercase();
            Some(json!({ "kind": kind, "url": url }))
        })
        .collect();
    if !profiles.is_empty() {
        person.insert("profiles".into(), Value::Array(profiles));
    }
    let mut location = Map::new();
    for part in candidate["location"]["locationComponents"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let key = match part["type"].as_str() {
            Some("Country") => "country",
            Some("Region") => "region",
            Some("City") => "city",
            _ => continue,
        };
        if let Some(name) = text(&part["name"]) {
            location.insert(key.into(), json!(name));
        }
    }
    if !location.is_empty() {
        person.insert("claimed_location".into(), Value::Object(location));
    }
    person
}

fn event_time(data: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    super::latest_time([
        &data["application"]["updatedAt"],
        &data["offer"]["updatedAt"],
    ])
}

/// What a signed Ashby event means.
pub(crate) fn read(event: &Value, fields: &BTreeMap<String, String>) -> Event {
    let action = event["action"].as_str().unwrap_or("unknown");
    let data = &event["data"];
    match action {
        "ping" => Event::Ping,
        "candidateDelete" => match text(&data["candidate"]["id"]) {
            Some(id) => Event::Deleted {
                ids: Vec::new(),
                candidate: Some(format!("ashby:{id}")),
            },
            None => Event::Ignored("`candidateDelete` names no candidate".into()),
        },
        "offerCreate" | "offerUpdate" => {
            let offer = &data["offer"];
            let id = text(&offer["applicationId"]).map(str::to_owned);
            let start = text(&offer["latestVersion"]["startDate"]).or(text(&offer["startDate"]));
            Event::offer(action, "ashby", "ashby", id.zip(start), event_time(data))
        }
        _ => Event::mapped(action, map_ashby(event, fields), event_time(data)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ashby_application_maps_into_the_contract() {
        let event = json!({ "action": "applicationSubmit", "data": { "application": {
            "id": "6f4d2c1e-0000-4000-8000-000000000001",
            "createdAt": "2026-03-04T15:22:11.000Z", "updatedAt": "2026-03-04T15:22:11.000Z",
            "status": "Active",
            "source": { "id": "s1", "title": "Referral" },
            "job": { "id": "j1", "title": "Platform Engineer", "location": { "name": "Remote (US)" } },
            "customFields": [{ "title": "Work authorization country", "value": "United States" }],
            "candidate": {
                "id": "c0ffee00-0000-4000-8000-000000000002", "name": "Priya Raman",
                "profileUrl": "https://app.ashbyhq.com/candidates/c0ffee00-0000-4000-8000-000000000002",
                "primaryEmailAddress": { "value": "priya@example.com", "type": "Personal", "isPrimary": true },
                "emailAddresses": [{ "value": "priya@example.com" }, { "value": "p.raman@example.org" }],
                "primaryPhoneNumber": { "value": "+1 512 555 0188" },
                "socialLinks": [{ "type": "GitHub", "url": "https://github.com/praman" }],
                "location": { "locationSummary": "Austin, Texas, United States", "locationComponents": [
                    { "type": "City", "name": "Austin" }, { "type": "Region", "name": "Texas" },
                    { "type": "Country", "name": "United States" } ] }
            }
        } } });
        let fields = BTreeMap::from([(
            "Work authorization country".to_owned(),
            "candidate.home_address.country".to_owned(),
        )]);
        let Event::Application { mapped, at } = read(&event, &fields) else {
            panic!("an application event");
        };
        assert_eq!(
            mapped["application_id"],
            "ashby-6f4d2c1e-0000-4000-8000-000000000001"
        );
        let candidate = &mapped["candidate"];
        assert_eq!(candidate["full_name"], "Priya Raman");
        assert_eq!(
            candidate["emails"],
            json!(["priya@example.com", "p.raman@example.org"])
        );
        assert_eq!(candidate["phones"], json!(["+1 512 555 0188"]));
        assert_eq!(candidate["profiles"][0]["kind"], "github");
        assert_eq!(candidate["claimed_location"]["region"], "Texas");
        assert_eq!(candidate["home_address"]["country"], "United States");
        assert_eq!(mapped["position"]["office"], "Remote (US)");
        assert_eq!(mapped["source_name"], "Referral");
        assert_eq!(
            mapped["source_url"],
            "https://app.ashbyhq.com/candidates/c0ffee00-0000-4000-8000-000000000002"
        );
        assert!(at.is_some());
        let app = bonafide_model::parse_application(&mapped.to_string()).expect("parses");
        let location = app.claimed_location().expect("location");
        assert_eq!(
            location
                .country
                .as_ref()
                .and_then(|c| c.get())
                .map(|c| c.as_str()),
            Some("US")
        );
    }

    #[test]
    fn ashby_signs_with_an_equals_sign_and_deletes_by_candidate() {
        let body = br#"{"action":"ping","data":{}}"#;
        let header = ashby_signature("tok", body);
        assert!(
            header.starts_with("sha256=") && header.len() == 71,
            "{header}"
        );
        assert!(ashby_signed("tok", &header, body));
        assert!(!ashby_signed("other", &header, body));
        assert!(!ashby_signed("tok", &header.replace('=', " "), body));
        let deleted =
            json!({ "action": "candidateDelete", "data": { "candidate": { "id": "c1" } } });
        match read(&deleted, &BTreeMap::new()) {
            Event::Deleted { ids, candidate } => {
                assert!(ids.is_empty());
                assert_eq!(candidate.as_deref(), Some("ashby:c1"));
            }
            _ => panic!("a deletion"),
        }
        let offer = json!({ "action": "offerCreate", "data": { "offer": {
            "id": "o1", "applicationId": "a1", "latestVersion": { "startDate": "2026-05-04" } } } });
        let Event::Application { mapped, .. } = read(&offer, &BTreeMap::new()) else {
            panic!("an offer maps");
        };
        assert_eq!(mapped["position"]["start_date"], "2026-05-04");
        assert!(matches!(
            read(&json!({ "action": "ping" }), &BTreeMap::new()),
            Event::Ping
        ));
    }
}
