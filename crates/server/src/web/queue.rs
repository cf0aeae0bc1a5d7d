//! The review queue: undecided applications at review or escalate, highest
//! score first, each with the candidate and the top reasons in plain language.

use super::{plain, Page, PageError, Person};
use crate::redact::mask_for_recruiter;
use crate::AppState;
use axum::extract::{Query, State};
use bonafide_store::{QueueFilter, Role};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

const PAGE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    /// `escalate`, `review`, or empty for both.
    #[serde(default)]
    tier: String,
    #[serde(default)]
    signal: String,
    /// YYYY-MM-DD, inclusive.
    #[serde(default)]
    from: String,
    /// YYYY-MM-DD, inclusive.
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: u32,
    /// The application just decided, to say so (with its stored label: the
    /// address's `label=` is not taken on trust).
    #[serde(default)]
    done: String,
}

fn day(text: &str, field: &str) -> Result<Option<NaiveDate>, PageError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            PageError::bad(format!(
                "The {field} date `{text}` is not a date (YYYY-MM-DD)."
            ))
        })
}

pub async fn queue(
    State(state): State<Arc<AppState>>,
    person: Person,
    Query(query): Query<QueueQuery>,
) -> Page {
    let tiers = match query.tier.as_str() {
        "escalate" | "review" => vec![query.tier.clone()],
        "" => vec!["escalate".to_owned(), "review".to_owned()],
        other => {
            return Err(PageError::bad(format!(
                "`{other}` is not a tier of the queue."
            )))
        }
    };
    let from = day(&query.from, "from")?;
    let to = day(&query.to, "to")?;
    let midnight = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| Utc.from_local_datetime(&t).single())
    };
    let filter = QueueFilter {
        tiers,
        signal: Some(query.signal.clone()).filter(|s| !s.is_empty()),
        since: from.and_then(midnight),
        until: to.and_then(|d| d.succ_opt()).and_then(midnight),
        undecided: true,
    };
    let tenant = person.key.tenant.clone();
    let recruiter = person.key.role == Role::Recruiter;
    let offset = query.page.saturating_mul(PAGE);
    let just_decided = query.done.clone();
    let (rows, done) = state
        .blocking(move |store| {
            // "Recorded" only for a decision the store holds: the address can
            // be typed or reloaded with any id and label.
            let done = if just_decided.is_empty() {
                None
            } else {
                store
                    .decisions(&tenant, &just_decided)?
                    .last()
                    .map(|d| (just_decided.clone(), d.label.as_str().to_owned()))
            };
            let mut rows = Vec::new();
            // One more than a page, to know whether there is a next one.
            for mut item in store.queue(&tenant, &filter, PAGE + 1, offset)? {
                if recruiter {
                    mask_for_recruiter(&mut item.verdict);
                }
                let body = store
                    .application(&tenant, &item.application_id)?
                    .map(|a| a.body);
                rows.push((item, body));
            }
            Ok((rows, done))
        })
        .await?;
    let more = rows.len() > PAGE as usize;
    let rows: Vec<Value> = rows
        .into_iter()
        .take(PAGE as usize)
        .map(|(item, body)| {
            let reasons: Vec<String> = crate::routes::top_reasons(&item.verdict)
                .map(plain::fold_foreign)
                .collect();
            let body = body.unwrap_or(Value::Null);
            json!({
                "id": item.application_id,
                "candidate": body["candidate"]["full_name"].as_str().unwrap_or("(no name given)"),
                "position": body["position"]["title"],
                "score": item.score,
                "tier": item.tier,
                "tier_label": plain::tier_label(&item.tier),
                "received": item.received_at.format("%Y-%m-%d").to_string(),
                "reasons": reasons,
            })
        })
        .collect();
    let signals: Vec<Value> = state
        .pages
        .rules
        .iter()
        .filter(|(_, title)| !title.is_empty())
        .map(|(id, title)| json!({ "id": id, "title": title }))
        .collect();
    let done = done.map(|(id, label)| json!({ "id": id, "words": plain::decision_words(&label) }));
    state.pages.render(
        "queue.html",
        json!({
            "me": person.context(),
            "rows": rows,
            "signals": signals,
            "filter": {
                "tier": query.tier, "signal": query.signal, "from": query.from, "to": query.to,
            },
            "page": query.page,
            "more": more,
            "done": done,
        }),
    )
}
