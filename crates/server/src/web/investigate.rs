//! The fraud team's views: a cluster as a graph with its timeline, and search
//! by an attribute an investigator knows. Both read the live link index (on
//! the writer's thread) for who shares what, and the store for the rest.
//! Another employer's applications appear as anonymous nodes: that they exist
//! and what they share, never their ids.

use super::graph::{svg, GraphAttribute, GraphMember};
use super::{held, plain, Held, Page, PageError, Person};
use crate::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use bonafide_model::parse_application;
use bonafide_signals::{LinkKey, LinkKind};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

/// `shipping_address:1234` → the key.
fn parse_key(text: &str) -> Option<LinkKey> {
    let (kind, hash) = text.split_once(':')?;
    let kind = LinkKind::named(kind)?;
    Some(LinkKey {
        kind,
        hash: hash.parse().ok()?,
    })
}

fn key_param(key: &LinkKey) -> String {
    format!("{}:{}", key.kind.as_str(), key.hash)
}

pub async fn cluster(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
) -> Page {
    person.require_investigator()?;
    let tenant = person.key.tenant.clone();
    let (t, i) = (tenant.clone(), id.clone());
    let view = state
        .writer
        .inspect(move |live| live.position(&t, &i).map(|p| live.cluster_view(p)))
        .await?
        .ok_or_else(|| {
            PageError::not_found(format!("There is no application `{id}` for {tenant}."))
        })?;
    let own: Vec<String> = view
        .members
        .iter()
        .filter(|m| m.tenant_id == tenant)
        .map(|m| m.application_id.clone())
        .collect();
    let (t, who, target) = (tenant.clone(), person.key.id.clone(), id.clone());
    let ids = own.clone();
    let stored = state
        .blocking(move |store| {
            store.audit(
                Some(&t),
                &who,
                "view_cluster",
                &format!("{t}/{target}"),
                Utc::now(),
            )?;
            held(store, &t, &ids)
        })
        .await?;
    let tier_of = |id: &str| {
        stored
            .iter()
            .find(|h| h.id == id)
            .map_or("clear", Held::tier)
            .to_owned()
    };
    let members: Vec<GraphMember> = view
        .members
        .iter()
        .map(|m| {
            let mine = m.tenant_id == tenant;
            GraphMember {
                id: mine.then(|| m.application_id.clone()),
                tier: if mine {
                    tier_of(&m.application_id)
                } else {
                    "clear".into()
                },
                focus: mine && m.application_id == id,
            }
        })
        .collect();
    let attributes: Vec<GraphAttribute> = view
        .shared
        .iter()
        .map(|s| GraphAttribute {
            kind: s.kind.as_str().to_owned(),
            label: s.label.clone(),
            href: format!("/search?key={}", key_param(&s.key)),
            members: s.members.clone(),
        })
        .collect();
    let picture = svg(&members, &attributes);
    let foreign = view.members.len() - own.len();
    let rows: Vec<Value> = stored.iter().map(Held::row).collect();
    let shared: Vec<Value> = view
        .shared
        .iter()
        .map(|s| {
            let holders: Vec<&str> = s
                .members
                .iter()
                .filter_map(|m| view.members.get(*m))
                .filter(|m| m.tenant_id == tenant)
                .map(|m| m.application_id.as_str())
                .collect();
            json!({
                "kind": plain::attribute_name(s.kind.as_str()),
                "colour": s.kind.as_str(),
                "label": s.label,
                "count": s.members.len(),
                "elsewhere": s.members.len() - holders.len(),
                "holders": holders,
                "href": format!("/search?key={}", key_param(&s.key)),
            })
        })
        .collect();
    let timeline = timeline(&stored, &view.members, &tenant);
    let kinds: BTreeSet<&str> = view.shared.iter().map(|s| s.kind.as_str()).collect();
    let legend: Vec<Value> = kinds
        .into_iter()
        .map(|k| json!({ "kind": k, "name": plain::attribute_name(k) }))
        .collect();
    state.pages.render(
        "cluster.html",
        json!({
            "me": person.context(),
            "id": id,
            "size": view.members.len(),
            "foreign": foreign,
            "svg": picture,
            "legend": legend,
            "rows": rows,
            "shared": shared,
            "timeline": timeline,
            "own_ids": own.join(","),
        }),
    )
}

/// The cluster's events in time order: applications, sessions, shipping and payroll changes.
fn timeline(
    stored: &[Held],
    members: &[bonafide_engine::ClusterMember],
    tenant: &str,
) -> Vec<Value> {
    let mut events: Vec<(DateTime<Utc>, String, Option<String>, String)> = Vec::new();
    let at = |v: &Value| {
        v.as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    for Held { id, body, .. } in stored {
        let Some(body) = body else { continue };
        if let Some(t) = at(&body["submitted_at"]) {
            let what = match body["position"]["title"].as_str() {
                Some(title) => format!("Applied for {title}"),
                None => "Applied".to_owned(),
            };
            events.push((t, "applied".into(), Some(id.clone()), what));
        }
        for session in body["sessions"].as_array().into_iter().flatten() {
            if let Some(t) = at(&session["at"]) {
                let kind = session["kind"].as_str().unwrap_or("session");
                let ip = session["ip"].as_str().unwrap_or("an unknown address");
                events.push((
                    t,
                    "session".into(),
                    Some(id.clone()),
                    format!("{kind} session from {ip}"),
                ));
            }
        }
        if let Some(t) = at(&body["shipping"]["requested_at"]) {
            let a = &body["shipping"]["address"];
            let place = [&a["city"], &a["region"], &a["postal_code"]]
                .iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            events.push((
                t,
                "shipping".into(),
                Some(id.clone()),
                format!("Laptop shipping address given: {place}"),
            ));
        }
        for device in body["devices"].as_array().into_iter().flatten() {
            if let Some(t) = at(&device["observed_at"]) {
                let from = device["public_ip"].as_str().unwrap_or("an unknown address");
                let clock = device["timezone"]
                    .as_str()
                    .map(|z| format!(", clock on {z}"))
                    .unwrap_or_default();
                events.push((
                    t,
                    "checkin".into(),
                    Some(id.clone()),
                    format!("Company laptop checked in from {from}{clock}"),
                ));
            }
        }
        if let Some(t) = at(&body["payroll"]["updated_at"]) {
            events.push((
                t,
                "payroll".into(),
                Some(id.clone()),
                format!(
                    "Payroll set: {}",
                    super::application::payroll_words(&body["payroll"])
                ),
            ));
        }
    }
    for member in members.iter().filter(|m| m.tenant_id != tenant) {
        if let Some(t) = member
            .submitted
            .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
        {
            events.push((
                t,
                "applied".into(),
                None,
                "An application at another employer".into(),
            ));
        }
    }
    events.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
    events
        .into_iter()
        .take(500)
        .map(|(t, kind, id, what)| {
            json!({ "at": t.format("%Y-%m-%d %H:%M").to_string(), "kind": kind, "id": id, "what": what })
        })
        .collect()
}

/// Two letters, two digits, and more: an IBAN rather than a wallet (the text is a
/// person's, so nothing here slices bytes).
fn looks_like_iban(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.len() > 14
        && chars[..2].iter().all(char::is_ascii_alphabetic)
        && chars[2..4].iter().all(char::is_ascii_digit)
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    key: String,
}

/// What a person can search by, and how their text becomes an application
/// the writer can derive link keys from (so that the search normalises
/// exactly as linking does).
const SEARCH_KINDS: &[(&str, &str)] = &[
    ("address", "An address (street, city, state, ZIP)"),
    (
        "account_last4",
        "The last digits of a bank account, IBAN or wallet",
    ),
    (
        "account",
        "A bank account (routing and account number), IBAN or wallet",
    ),
    ("ip", "An IP address"),
    ("email", "An e-mail address"),
    ("phone", "A phone number"),
    ("document", "A passport, licence, national id or SSN number"),
];

fn probe(kind: &str, q: &str) -> Option<(Value, &'static [LinkKind])> {
    let base = |extra: Value| {
        let mut app = json!({ "application_id": "search", "tenant_id": "search" });
        if let (Some(object), Value::Object(more)) = (app.as_object_mut(), extra) {
            object.extend(more);
        }
        app
    };
    Some(match kind {
        "address" => {
            let parts = bonafide_address::parse_us(q);
            let address = json!({
                "line1": q, "city": parts.city, "region": parts.state,
                "postal_code": parts.zip, "country": "US",
            });
            (
                base(json!({ "shipping": { "address": address } })),
                &[LinkKind::ShippingAddress],
            )
        }
        "account" => {
            let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
            let numbers: Vec<&str> = q
                .split(|c: char| c.is_whitespace() || c == '/' || c == ',')
                .filter(|s| !s.is_empty())
                .collect();
            let payroll = if let [routing, account] = numbers.as_slice() {
                json!({ "method": "bank_transfer", "routing_number": routing, "account_number": account })
            } else if looks_like_iban(&compact) {
                json!({ "method": "bank_transfer", "iban": compact })
            } else {
                json!({ "method": "crypto", "wallet_address": compact })
            };
            (
                base(json!({ "payroll": payroll })),
                &[LinkKind::PayrollAccount],
            )
        }
        "ip" => (
            base(
                json!({ "sessions": [{ "at": "2026-01-01T00:00:00Z", "kind": "apply", "ip": q.trim() }] }),
            ),
            &[LinkKind::Ip],
        ),
        "email" => (
            base(json!({ "candidate": { "emails": [q.trim()] } })),
            &[LinkKind::Email],
        ),
        "phone" => (
            base(json!({ "candidate": { "phones": [q.trim()] } })),
            &[LinkKind::Phone],
        ),
        "document" => {
            let docs: Vec<Value> = ["passport", "drivers_license", "national_id", "ssn", "other"]
                .iter()
                .map(|k| json!({ "kind": k, "number": q.trim() }))
                .collect();
            (
                base(json!({ "documents": docs })),
                &[LinkKind::Document, LinkKind::Ssn],
            )
        }
        _ => return None,
    })
}

pub async fn search(
    State(state): State<Arc<AppState>>,
    person: Person,
    Query(query): Query<SearchQuery>,
) -> Page {
    person.require_investigator()?;
    let tenant = person.key.tenant.clone();
    let mut error = None;
    let mut holders: Option<Vec<(String, String)>> = None;
    if let Some(key) = parse_key(&query.key) {
        holders = Some(state.writer.inspect(move |live| live.holding(&key)).await?);
    } else if !query.q.trim().is_empty() {
        if query.kind == "account_last4" {
            let tail: String = query
                .q
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            if tail.len() < 2 {
                error = Some("Type at least two characters of the account's end.".to_owned());
            } else {
                let t = tenant.clone();
                let ids = state
                    .writer
                    .inspect(move |live| live.with_account_ending(&t, &tail, 200))
                    .await?;
                holders = Some(ids.into_iter().map(|id| (tenant.clone(), id)).collect());
            }
        } else {
            // A kind we search by, and a value that reads as one of it.
            let probed = probe(&query.kind, query.q.trim()).map(|(app, kinds)| {
                let keys: Vec<LinkKey> = parse_application(&app.to_string())
                    .map(|app| {
                        state
                            .writer
                            .entry_of(&app)
                            .keys()
                            .filter(|k| kinds.contains(&k.kind))
                            .collect()
                    })
                    .unwrap_or_default();
                keys
            });
            match probed {
                Some(keys) => {
                    if keys.is_empty() {
                        error = Some(
                            "That does not read as a value of that kind; check it and try again."
                                .to_owned(),
                        );
                    } else {
                        let found = state
                            .writer
                            .inspect(move |live| {
                                // An address has several keys (with and without
                                // its ZIP, …): an application holding two of them
                                // is still one application.
                                let mut all: Vec<(String, String)> =
                                    keys.iter().flat_map(|k| live.holding(k)).collect();
                                all.sort_unstable();
                                all.dedup();
                                all
                            })
                            .await?;
                        holders = Some(found);
                    }
                }
                None => error = Some("Choose what to search by.".to_owned()),
            }
        }
    }
    let mut results = Vec::new();
    let mut elsewhere = 0;
    if let Some(found) = holders {
        let mut seen = BTreeSet::new();
        let mine: Vec<String> = found
            .into_iter()
            .filter_map(|(t, id)| {
                if t == tenant {
                    seen.insert(id.clone()).then_some(id)
                } else {
                    elsewhere += 1;
                    None
                }
            })
            .collect();
        // What was searched for, as the audit keeps it: the kind and the
        // term's keyed hash (an auditor holding the key can check a term; the
        // log never holds it in the clear).
        let what = if query.key.is_empty() {
            let term = query.q.trim().to_lowercase();
            let digest = state.writer.keyer().hash("audit search", &term);
            format!("{}:{}", query.kind, digest.prefix())
        } else {
            format!("key:{}", query.key)
        };
        let (t, who) = (tenant.clone(), person.key.id.clone());
        results = state
            .blocking(move |store| {
                store.audit(Some(&t), &who, "search", &format!("{t}/{what}"), Utc::now())?;
                Ok(held(store, &t, &mine)?.iter().map(Held::row).collect())
            })
            .await?;
    }
    let kinds: Vec<Value> = SEARCH_KINDS
        .iter()
        .map(|(k, label)| json!({ "value": k, "label": label }))
        .collect();
    let searched = !query.q.trim().is_empty() || !query.key.is_empty();
    state.pages.render(
        "search.html",
        json!({
            "me": person.context(),
            "kinds": kinds,
            "kind": query.kind,
            "q": query.q,
            "by_key": parse_key(&query.key).map(|k| plain::attribute_name(k.kind.as_str())),
            "searched": searched && error.is_none(),
            "error": error,
            "results": results,
            "elsewhere": elsewhere,
        }),
    )
}

/// Decide a whole ring at once: the same label and note on each of the
/// employer's applications in the cluster, each recorded and audited as if
/// decided alone.
pub async fn decide_ring(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
    Form(form): Form<super::application::DecisionForm>,
) -> Page {
    person.require_investigator()?;
    let (label, note) = form.checked(&person)?;
    let tenant = person.key.tenant.clone();
    let (t, i) = (tenant.clone(), id.clone());
    let own: Vec<String> = state
        .writer
        .inspect(move |live| {
            live.position(&t, &i).map(|p| {
                live.cluster_view(p)
                    .members
                    .into_iter()
                    .filter(|m| m.tenant_id == t)
                    .map(|m| m.application_id)
                    .collect()
            })
        })
        .await?
        .ok_or_else(|| {
            PageError::not_found(format!("There is no application `{id}` for {tenant}."))
        })?;
    let by = person.key.id.clone();
    state
        .blocking(move |store| {
            let at = Utc::now();
            for application_id in own {
                let decision = bonafide_store::Decision {
                    tenant: tenant.clone(),
                    application_id,
                    label,
                    note: note.clone(),
                    by: by.clone(),
                    at,
                };
                bonafide_service::record_decision(store, &decision)?;
            }
            Ok(())
        })
        .await?;
    let to = format!(
        "/queue?done={}&label={}",
        super::session::component(&id),
        label.as_str()
    );
    Ok(Redirect::to(&to).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_the_link() {
        let key = LinkKey {
            kind: LinkKind::PayrollAccount,
            hash: 12_345_678_901,
        };
        assert_eq!(parse_key(&key_param(&key)), Some(key));
        for kind in LinkKind::ALL {
            assert_eq!(LinkKind::named(kind.as_str()), Some(kind));
        }
        assert_eq!(parse_key("nonsense:12"), None);
        assert_eq!(parse_key("ip:notanumber"), None);
    }

    #[test]
    fn any_text_makes_a_probe_or_none_without_panicking() {
        assert!(looks_like_iban("DE89370400440532013000"));
        assert!(!looks_like_iban(
            "0x52908400098527886E0F7030069857D2E4169EE7"
        ));
        for text in [
            "é",
            "aé345678901234567",
            "éé12345678901234567",
            "\u{1}(",
            "",
            "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
            "a, b",
        ] {
            for (kind, _) in SEARCH_KINDS {
                if let Some((app, _)) = probe(kind, text) {
                    let _ = parse_application(&app.to_string());
                }
            }
        }
    }

    proptest::proptest! {
        /// A person types anything: a probe is made or refused, never a panic.
        #[test]
        fn any_typed_text_is_safe(text in "\\PC{0,40}") {
            for (kind, _) in SEARCH_KINDS {
                if let Some((app, _)) = probe(kind, &text) {
                    let _ = parse_application(&app.to_string());
                }
            }
            let _ = parse_key(&text);
        }
    }

    #[test]
    fn every_search_kind_makes_a_valid_application() {
        for (kind, _) in SEARCH_KINDS.iter().filter(|(k, _)| *k != "account_last4") {
            let q = match *kind {
                "address" => "4117 Nolensville Road Apt 12, Nashville, TN 37211",
                "account" => "121000358 4410029981",
                "ip" => "203.0.113.7",
                "email" => "ethan.cole@example.com",
                "phone" => "+12065551000",
                _ => "X12345678",
            };
            let (app, _) = probe(kind, q).expect("a probe");
            assert!(parse_application(&app.to_string()).is_ok(), "{kind}: {app}");
        }
    }
}
