//! The review queue: undecided applications at review or escalate, highest
//! score first, each with the candidate and the top reasons in plain language.

use super::{plain, Page, PageError, Person};
use crate::AppState;
use axum::extract::{Form, RawQuery, State};
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use bonafide_service::mask_for_recruiter;
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
    /// Whose applications: empty for anyone's, `me`, `nobody`, or a key id.
    #[serde(default)]
    whose: String,
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

/// The queue's filters, kept for the session's browser: opening an
/// application and coming back (or deciding) finds the queue as it was.
const FILTER_COOKIE: &str = "bonafide_queue";

/// The filters this request asks for: its own when it names any, else the
/// ones kept from the last filtered view (with this request's `done`).
fn effective_query(raw: &str, jar: &CookieJar) -> (String, bool) {
    let names_filter = raw.split('&').any(|pair| {
        matches!(
            pair.split('=').next(),
            Some("tier" | "signal" | "from" | "to" | "whose" | "page")
        )
    });
    if names_filter {
        return (raw.to_owned(), true);
    }
    match jar.get(FILTER_COOKIE).map(Cookie::value) {
        Some(kept) if !kept.is_empty() => {
            let joined = if raw.is_empty() {
                kept.to_owned()
            } else {
                format!("{kept}&{raw}")
            };
            (joined, false)
        }
        _ => (raw.to_owned(), false),
    }
}

pub async fn queue(
    State(state): State<Arc<AppState>>,
    person: Person,
    jar: CookieJar,
    RawQuery(raw): RawQuery,
) -> Page {
    let raw = raw.unwrap_or_default();
    let (effective, fresh) = effective_query(&raw, &jar);
    let mut query: QueueQuery = serde_urlencoded::from_str(&effective)
        .map_err(|e| PageError::bad(format!("The queue's address does not read: {e}.")))?;
    let staff = super::staff(&state, &person.key.tenant).await?;
    // A kept or saved filter may name someone who no longer reviews (their
    // key revoked): the queue then shows everyone's, and says so.
    let mut whose_gone = false;
    let assignee = match query.whose.as_str() {
        "" => None,
        "me" => Some(person.key.id.clone()),
        "nobody" => Some(String::new()),
        id if staff.reviews(id) => Some(id.to_owned()),
        _ => {
            whose_gone = true;
            None
        }
    };
    if whose_gone {
        query.whose.clear();
    }
    // Keep what was asked for (the filters only, never `done`).
    let jar = if fresh || whose_gone {
        let kept = format!("{}&page={}", query.filters(), query.page);
        jar.add(
            Cookie::build((FILTER_COOKIE, kept))
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(state.settings.secure_cookies)
                .path("/queue"),
        )
    } else {
        jar
    };
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
        assignee,
    };
    let tenant = person.key.tenant.clone();
    let me = person.key.id.clone();
    let recruiter = person.key.role == Role::Recruiter;
    let offset = query.page.saturating_mul(PAGE);
    let just_decided = query.done.clone();
    let (rows, done, total, saved) = state
        .blocking(move |store| {
            let total = store.queue_count(&tenant, &filter)?;
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
            let saved = store.saved_filters(&tenant, &me)?;
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
            Ok((rows, done, total, saved))
        })
        .await?;
    let now = Utc::now();
    let sla = chrono::Duration::hours(i64::from(state.settings.review_sla_hours));
    let more = rows.len() > PAGE as usize;
    let rows: Vec<Value> = rows
        .into_iter()
        .take(PAGE as usize)
        .map(|(item, body)| {
            let reasons: Vec<String> = bonafide_service::top_reasons(&item.verdict)
                .map(plain::fold_foreign)
                .collect();
            let body = body.unwrap_or(Value::Null);
            let with = item.assignee.as_deref().map(|id| staff.who(id));
            json!({
                "id": item.application_id,
                "candidate": body["candidate"]["full_name"].as_str().unwrap_or("(no name given)"),
                "position": body["position"]["title"],
                "score": item.score,
                "tier": item.tier,
                "tier_label": plain::tier_label(&item.tier),
                "received": item.received_at.format("%Y-%m-%d").to_string(),
                "waiting": waited(now - item.received_at),
                "overdue": now - item.received_at > sla,
                "reasons": reasons,
                "with": with,
                "mine": item.assignee.as_deref() == Some(person.key.id.as_str()),
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
    let page = state.pages.render(
        "queue.html",
        json!({
            "me": person.context(),
            "rows": rows,
            "signals": signals,
            "filter": {
                "tier": query.tier, "signal": query.signal, "from": query.from, "to": query.to,
                "whose": query.whose,
            },
            "filters": query.filters(),
            "people": staff
                .reviewers
                .iter()
                .filter(|(id, _)| *id != person.key.id)
                .map(|(id, name)| json!({ "id": id, "name": name }))
                .collect::<Vec<_>>(),
            "saved": saved
                .iter()
                .map(|f| json!({ "name": f.name, "query": f.query }))
                .collect::<Vec<_>>(),
            "page": query.page,
            "more": more,
            "done": done,
            "total": total,
            "sla_hours": state.settings.review_sla_hours,
            "whose_gone": whose_gone,
        }),
    )?;
    Ok((jar, page).into_response())
}

impl QueueQuery {
    /// The filters as a query string, without the page or `done`: what the
    /// cookie keeps and a saved filter holds.
    fn filters(&self) -> String {
        serde_urlencoded::to_string([
            ("tier", self.tier.as_str()),
            ("signal", self.signal.as_str()),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("whose", self.whose.as_str()),
        ])
        .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
pub struct SavedFilterForm {
    csrf: String,
    #[serde(default)]
    name: String,
    /// The filters to keep (the queue's query string); absent to forget `name`.
    #[serde(default)]
    query: Option<String>,
}

/// Keep the queue's current filters under a name, or forget a saved one;
/// back to the queue with those filters.
pub async fn save_filter(
    State(state): State<Arc<AppState>>,
    person: Person,
    Form(form): Form<SavedFilterForm>,
) -> Page {
    person.check(&form.csrf)?;
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(PageError::bad(
            "Give the filter a name of at most 60 characters. Go back and name it.",
        ));
    }
    // Only the queue's own filters are kept, read as the queue reads them.
    let query = match &form.query {
        Some(raw) => Some(
            serde_urlencoded::from_str::<QueueQuery>(raw)
                .map_err(|e| PageError::bad(format!("These filters do not read: {e}.")))?
                .filters(),
        ),
        None => None,
    };
    let (tenant, owner) = (person.key.tenant.clone(), person.key.id.clone());
    let kept = query.clone();
    state
        .blocking(move |store| match &kept {
            Some(query) => store
                .save_filter(&tenant, &owner, &name, query, Utc::now())
                .map(|()| true),
            None => store.delete_filter(&tenant, &owner, &name),
        })
        .await?;
    let to = query.map_or_else(|| "/queue".to_owned(), |q| format!("/queue?{q}"));
    Ok(Redirect::to(&to).into_response())
}

/// How long an application has waited in the queue, in the largest whole
/// unit: "40 minutes", "5 hours", "3 days".
fn waited(span: chrono::Duration) -> String {
    let (n, unit) = if span.num_days() >= 1 {
        (span.num_days(), "day")
    } else if span.num_hours() >= 1 {
        (span.num_hours(), "hour")
    } else {
        (span.num_minutes().max(0), "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::waited;
    use chrono::Duration;

    #[test]
    fn waits_read_in_their_largest_unit() {
        assert_eq!(waited(Duration::minutes(1)), "1 minute");
        assert_eq!(waited(Duration::minutes(59)), "59 minutes");
        assert_eq!(waited(Duration::hours(5)), "5 hours");
        assert_eq!(waited(Duration::hours(49)), "2 days");
        assert_eq!(waited(Duration::seconds(-3)), "0 minutes");
    }
}
