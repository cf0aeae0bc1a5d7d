//! One application: why it is in the queue (every signal with its sentence
//! and evidence), what it is linked to, what was decided, and the decision form.

use super::{plain, Page, PageError, Person};
use crate::AppState;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect};
use bonafide_model::SignalReport;
use bonafide_service::mask_for_recruiter;
use bonafide_store::{Decision, Label};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

pub async fn page(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
) -> Page {
    let tenant = person.key.tenant.clone();
    let unmasked = person.investigates();
    let who = person.key.id.clone();
    let (t, i) = (tenant.clone(), id.clone());
    let found = state
        .blocking(move |store| {
            let Some((version, verdict)) = store.verdict(&t, &i)? else {
                return Ok(None);
            };
            if unmasked {
                // Investigators see the evidence unmasked: the view is audited first.
                store.audit(
                    Some(&t),
                    &who,
                    "view_unmasked",
                    &format!("{t}/{i}"),
                    Utc::now(),
                )?;
            }
            let body = store.application(&t, &i)?.map(|a| a.body);
            let decisions = store.decisions(&t, &i)?;
            let cases = if unmasked {
                store.cases_of(&t, &i)?
            } else {
                Vec::new()
            };
            let linked = bonafide_service::linked_with_verdicts(store, &t, &verdict)?;
            let assignee = store.assignee(&t, &i)?;
            Ok(Some((
                version, verdict, body, decisions, cases, linked, assignee,
            )))
        })
        .await?;
    let Some((version, mut verdict, body, decisions, cases, linked, assignee)) = found else {
        return Err(PageError::not_found(format!(
            "There is no application `{id}` for {tenant}."
        )));
    };
    if !unmasked {
        mask_for_recruiter(&mut verdict);
    }
    let fired = verdict.signals.as_slice();
    // A ring is said once: its headline, with the signals that restate it
    // (each shared detail, the cluster's size) folded beneath.
    let headline = plain::ring_headline(fired);
    let (ring, alone): (Vec<&SignalReport>, Vec<&SignalReport>) = fired
        .iter()
        .partition(|s| headline.is_some() && plain::tells_of_the_ring(s));
    let shown = |s: &SignalReport| {
        let rule = s.id.as_str();
        let evidence: Vec<Value> = s
            .evidence
            .iter()
            .filter(|(_, v)| !plain::is_empty_value(v))
            .map(|(k, v)| {
                json!({
                    "name": plain::field_name(k),
                    "value": plain::fold_foreign(&plain::field_value(v)),
                })
            })
            .collect();
        json!({
            "id": rule,
            "title": state.pages.title_of(rule),
            "points": s.points,
            "sentence": plain::fold_foreign(&s.explanation),
            "evidence": evidence,
        })
    };
    let ring_points: i64 = ring.iter().map(|s| i64::from(s.points)).sum();
    let ring = headline.map(|headline| {
        json!({
            "headline": headline,
            "points": ring_points,
            "signals": ring.iter().map(|s| shown(s)).collect::<Vec<_>>(),
        })
    });
    let signals: Vec<Value> = alone.iter().map(|s| shown(s)).collect();
    // The employer's own links one by one; another employer's counted by what they share.
    let mut elsewhere: std::collections::BTreeMap<String, usize> =
        std::collections::BTreeMap::new();
    let mut own_links = Vec::new();
    for link in linked {
        let shares = plain::shares(&link.via);
        if link.foreign {
            *elsewhere.entry(shares).or_default() += 1;
            continue;
        }
        let theirs = link.verdict.as_ref();
        own_links.push(json!({
            "id": link.id,
            "shares": shares,
            "score": theirs.map(|v| v.score),
            "tier": theirs.map(|v| plain::tier_label(v.tier.as_str())),
        }));
    }
    let elsewhere: Vec<Value> = elsewhere
        .into_iter()
        .map(|(shares, count)| json!({ "count": count, "shares": shares }))
        .collect();
    // The message for the candidate, while the last decision asks to re-verify.
    let notice = (decisions.last().map(|d| d.label) == Some(Label::Reverify))
        .then(|| super::notice::reverify_message(body.as_ref().unwrap_or(&Value::Null), &verdict));
    let staff = super::staff(&state, &person.key.tenant).await?;
    let worked = json!({
        "by": assignee.as_deref().map(|a| staff.who(a)),
        "mine": assignee.as_deref() == Some(person.key.id.as_str()),
        "id": assignee,
        "people": staff
            .reviewers
            .iter()
            .map(|(id, name)| json!({ "id": id, "name": name }))
            .collect::<Vec<_>>(),
    });
    let decisions: Vec<Value> = decisions
        .into_iter()
        .map(|d| {
            json!({
                "words": plain::decision_words(d.label.as_str()),
                "note": d.note,
                "by": staff.who(&d.by),
                "at": d.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
        })
        .collect();
    let body = body.unwrap_or(Value::Null);
    let candidate = &body["candidate"];
    let claimed = &candidate["claimed_location"];
    let place = [&claimed["city"], &claimed["region"], &claimed["country"]]
        .iter()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let tier = verdict.tier.as_str();
    let record = source_record(&body);
    // Decisions that fit the reasons: a possible sanctions match goes to
    // compliance; "confirm the pattern" only where the pattern's signals are.
    let ids: Vec<&str> = verdict.signals.iter().map(|s| s.id.as_str()).collect();
    let sanctions = ids.iter().any(|id| id.starts_with("sanctions."));
    let pattern = ids.iter().any(|id| !id.starts_with("sanctions.")) || !sanctions;
    state.pages.render(
        "application.html",
        json!({
            "me": person.context(),
            "id": id,
            "version": version,
            "candidate": candidate["full_name"].as_str().unwrap_or("(no name given)"),
            "position": body["position"]["title"],
            "claimed_place": place,
            "record": record,
            "submitted": plain::when(&body["submitted_at"]),
            "score": verdict.score,
            "tier": tier,
            "tier_label": plain::tier_label(tier),
            "advice": plain::tier_advice(tier),
            "signals": signals,
            "ring": ring,
            "linked": own_links,
            "elsewhere": elsewhere,
            "decisions": decisions,
            "choices": { "compliance": sanctions, "confirm": pattern },
            "notice": notice,
            "worked": worked,
            "cases": cases,
            "details": if unmasked { investigator_details(&body, &state.reference) } else { Value::Null },
            "after_hire": after_hire(&body, unmasked),
        }),
    )
}

/// The application's page in the system that sent it, to open beside this
/// one: (address, what to call it), when the record gives a web address.
fn source_record(body: &Value) -> Value {
    use bonafide_model::{ParseField, WebLink};
    let Some(link) = body["source_url"]
        .as_str()
        .and_then(|text| WebLink::parse_field(text).ok())
    else {
        return Value::Null;
    };
    // Named by where the link goes, not by what the record says sent it.
    let host = link.host();
    let on = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    let system = if on("greenhouse.io") {
        "Greenhouse".to_owned()
    } else if on("ashbyhq.com") {
        "Ashby".to_owned()
    } else {
        host.to_owned()
    };
    json!({ "url": link.as_str(), "system": system })
}

/// What IT saw after the hire: the company laptop's observations and the
/// sign-ins to the employer's identity provider. Recruiters see serials,
/// ids and addresses masked (the last four characters at most).
fn after_hire(body: &Value, unmasked: bool) -> Value {
    let shown = |v: &Value| -> String {
        let text = v.as_str().unwrap_or_default();
        if unmasked || text.is_empty() {
            text.to_owned()
        } else {
            bonafide_identity::mask(text)
        }
    };
    let day = |v: &Value| v.as_str().map(|t| t.get(..10).unwrap_or(t).to_owned());
    let devices: Vec<Value> = body["devices"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let usb: Vec<String> = d["usb_devices"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|u| {
                    let id = format!(
                        "{}:{}",
                        u["vendor_id"].as_str().unwrap_or("?"),
                        u["model_id"].as_str().unwrap_or("?")
                    );
                    match u["model"].as_str().or(u["vendor"].as_str()) {
                        Some(name) => format!("{name} ({id})"),
                        None => id,
                    }
                })
                .collect();
            let software: Vec<&str> = d["software"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["name"].as_str())
                .collect();
            json!({
                "serial": shown(&d["serial"]),
                "source": d["source"],
                "seen": day(&d["observed_at"]),
                "ip": shown(&d["public_ip"]),
                "timezone": d["timezone"],
                "usb": usb.join(", "),
                "software": software.join(", "),
            })
        })
        .collect();
    let sign_ins: Vec<Value> = body["sessions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| {
            s["kind"] == "login" || s["device_id"].is_string() || s["authenticator_id"].is_string()
        })
        .map(|s| {
            json!({
                "at": day(&s["at"]),
                "source": s["source"],
                "ip": shown(&s["ip"]),
                "device": shown(&s["device_id"]),
                "authenticator": shown(&s["authenticator_id"]),
            })
        })
        .collect();
    if devices.is_empty() && sign_ins.is_empty() {
        return Value::Null;
    }
    json!({ "devices": devices, "sign_ins": sign_ins })
}

/// What an investigator sees of the stored application (numbers are keyed hashes there).
/// Where an address is and whose network it is on, as the loaded geo-IP and
/// ASN data say: "Shenyang, CN · AS4837 China Unicom · VPN".
fn ip_words(ip: &Value, reference: &bonafide_signals::Reference) -> String {
    let Some(ip) = ip.as_str().and_then(|t| t.trim().parse().ok()) else {
        return String::new();
    };
    let facts = reference.net.lookup(ip);
    let mut words = Vec::new();
    if let Some(place) = &facts.location {
        let city = place
            .city
            .as_deref()
            .map(|c| format!("{c}, "))
            .unwrap_or_default();
        words.push(format!("{city}{}", place.country));
    }
    if let Some(asn) = &facts.asn {
        words.push(match &asn.organization {
            Some(org) => format!("AS{} {org}", asn.number),
            None => format!("AS{}", asn.number),
        });
    }
    for hit in &facts.anonymizers {
        words.push(hit.kind.as_str().replace('_', " "));
    }
    words.join(" · ")
}

/// The payroll line: method, holder, the account's mask and country.
pub(super) fn payroll_words(payroll: &Value) -> String {
    let method = payroll["method"].as_str().map(|m| m.replace('_', " "));
    let holder = payroll["account_holder"]
        .as_str()
        .map(|h| format!("held by {h}"));
    let account = ["account_number", "iban", "wallet_address"]
        .iter()
        .find_map(|field| {
            let value = &payroll[*field];
            value["masked"]
                .as_str()
                .or_else(|| value.as_str().filter(|_| *field == "wallet_address"))
                .map(|m| format!("account {m}"))
        });
    let country = payroll["bank_country"].as_str().map(|c| format!("in {c}"));
    [method, holder, account, country]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

fn investigator_details(body: &Value, reference: &bonafide_signals::Reference) -> Value {
    let place = |a: &Value| {
        [
            &a["line1"],
            &a["line2"],
            &a["city"],
            &a["region"],
            &a["postal_code"],
            &a["country"],
        ]
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    };
    let sessions: Vec<Value> = body["sessions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            json!({
                "at": plain::when(&s["at"]),
                "kind": s["kind"],
                "ip": s["ip"],
                "network": ip_words(&s["ip"], reference),
                "timezone": s["browser_timezone"],
            })
        })
        .collect();
    let payroll = payroll_words(&body["payroll"]);
    json!({
        "emails": plain::field_value(&body["candidate"]["emails"]),
        "phones": plain::field_value(&body["candidate"]["phones"]),
        "home": place(&body["candidate"]["home_address"]),
        "shipping": place(&body["shipping"]["address"]),
        "recipient": body["shipping"]["recipient"],
        "payroll": payroll,
        "sessions": sessions,
    })
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    csrf: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    note: String,
}

impl DecisionForm {
    /// The label and note, checked (and the form's CSRF token).
    pub(super) fn checked(&self, person: &Person) -> Result<(Label, String), PageError> {
        person.check(&self.csrf)?;
        let Some(label) = Label::parse(&self.label) else {
            return Err(PageError::bad(
                "Choose a decision: clear, confirm, ask to re-verify or refer to compliance. Go back and pick one.",
            ));
        };
        if self.note.trim().is_empty() {
            return Err(PageError::bad(
                "A decision needs a note saying why. Go back and write one.",
            ));
        }
        Ok((label, self.note.trim().to_owned()))
    }
}

pub async fn decide(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Page {
    let (label, note) = form.checked(&person)?;
    let decision = Decision {
        tenant: person.key.tenant.clone(),
        application_id: id.clone(),
        label,
        note,
        by: person.key.id.clone(),
        at: Utc::now(),
    };
    let kept = state
        .blocking(move |store| bonafide_service::record_decision(store, &decision))
        .await?;
    if !kept {
        return Err(PageError::not_found(format!(
            "There is no application `{id}`."
        )));
    }
    let to = format!(
        "/queue?done={}&label={}",
        super::session::component(&id),
        label.as_str()
    );
    Ok(Redirect::to(&to).into_response())
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    csrf: String,
    /// `me`, a key id of the tenant's, or empty for nobody.
    #[serde(default)]
    assignee: String,
    /// Who had it when the form was shown (empty: nobody): someone who took
    /// it meanwhile is not overwritten.
    #[serde(default)]
    seen: String,
    /// `queue` to go back to the queue; else the application's page.
    #[serde(default)]
    back: String,
}

/// Give an application to a person to work (or take it, or give it back to
/// nobody); audited.
pub async fn assign(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Page {
    person.check(&form.csrf)?;
    let assignee = match form.assignee.as_str() {
        "" => None,
        "me" => Some(person.key.id.clone()),
        other => {
            if !super::staff(&state, &person.key.tenant)
                .await?
                .reviews(other)
            {
                return Err(PageError::bad(format!(
                    "`{other}` is nobody who reviews for {}.",
                    person.key.tenant
                )));
            }
            Some(other.to_owned())
        }
    };
    let (tenant, by, i) = (person.key.tenant.clone(), person.key.id.clone(), id.clone());
    let seen = Some(form.seen.clone()).filter(|s| !s.is_empty());
    let outcome = state
        .blocking(move |store| {
            if store.verdict(&tenant, &i)?.is_none() {
                return Ok(None);
            }
            let at = Utc::now();
            if !store.assign(&tenant, &i, assignee.as_deref(), seen.as_deref(), &by, at)? {
                return Ok(Some(Err(store.assignee(&tenant, &i)?)));
            }
            if assignee.as_deref() != seen.as_deref() {
                let action =
                    assignee.map_or_else(|| "unassign".to_owned(), |to| format!("assign:{to}"));
                store.audit(Some(&tenant), &by, &action, &format!("{tenant}/{i}"), at)?;
            }
            Ok(Some(Ok(())))
        })
        .await?;
    match outcome {
        None => {
            return Err(PageError::not_found(format!(
                "There is no application `{id}`."
            )))
        }
        Some(Err(holder)) => {
            let staff = super::staff(&state, &person.key.tenant).await?;
            let holder = holder.map_or_else(
                || "by nobody now".to_owned(),
                |h| format!("by {}", staff.who(&h)),
            );
            return Err(PageError::new(
                axum::http::StatusCode::CONFLICT,
                format!("Someone changed who works `{id}` while you were looking: it is held {holder}. Nothing was changed; reload the page and choose again."),
            ));
        }
        Some(Ok(())) => {}
    }
    let to = if form.back == "queue" {
        "/queue".to_owned()
    } else {
        format!("/applications/{}", super::segment(&id))
    };
    Ok(Redirect::to(&to).into_response())
}

/// The re-verification message as a text file to send, while the last
/// decision asks to re-verify; each download is audited.
pub async fn reverify_notice(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
) -> Result<axum::response::Response, PageError> {
    let tenant = person.key.tenant.clone();
    let who = person.key.id.clone();
    let (t, i) = (tenant.clone(), id.clone());
    let found = state
        .blocking(move |store| {
            let asked = store.decisions(&t, &i)?.last().map(|d| d.label) == Some(Label::Reverify);
            let Some((_, verdict)) = store.verdict(&t, &i)?.filter(|_| asked) else {
                return Ok(None);
            };
            let body = store.application(&t, &i)?.map(|a| a.body);
            store.audit(
                Some(&t),
                &who,
                "reverify_notice",
                &format!("{t}/{i}"),
                Utc::now(),
            )?;
            Ok(Some((verdict, body)))
        })
        .await?;
    let Some((verdict, body)) = found else {
        return Err(PageError::not_found(format!(
            "`{id}` has no re-verification request: record a re-verify decision first."
        )));
    };
    let text = super::notice::reverify_message(&body.unwrap_or(Value::Null), &verdict);
    Ok(super::cases::download(
        text,
        "text/plain; charset=utf-8",
        &format!("{id}-reverify.txt"),
    ))
}
