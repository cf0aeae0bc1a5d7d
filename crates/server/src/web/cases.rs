//! Cases: applications grouped for an investigation, with a status, an
//! assignee, notes and a history; exported as JSON and CSV for a
//! law-enforcement referral. Every view and export is audited.

use super::{held, plain, Held, Page, PageError, Person};
use crate::AppState;
use axum::extract::{Form, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use bonafide_store::{Case, CaseChange, CaseEvent, CaseStatus};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

pub async fn list(State(state): State<Arc<AppState>>, person: Person) -> Page {
    person.require_investigator()?;
    let tenant = person.key.tenant.clone();
    let cases = state.blocking(move |store| store.cases(&tenant)).await?;
    state.pages.render(
        "cases.html",
        json!({ "me": person.context(), "cases": cases }),
    )
}

#[derive(Debug, Deserialize)]
pub struct NewCase {
    csrf: String,
    #[serde(default)]
    title: String,
    /// Application ids, separated by commas or spaces.
    #[serde(default)]
    applications: String,
}

fn ids(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    person: Person,
    Form(form): Form<NewCase>,
) -> Page {
    person.require_investigator()?;
    person.check(&form.csrf)?;
    let title = form.title.trim().to_owned();
    if title.is_empty() {
        return Err(PageError::bad(
            "A case needs a title. Go back and give it one.",
        ));
    }
    let (tenant, by) = (person.key.tenant.clone(), person.key.id.clone());
    let applications = ids(&form.applications);
    let id = state
        .blocking(move |store| {
            // Only the tenant's own applications can join its case.
            let mut known = Vec::new();
            for app in applications {
                if store.verdict(&tenant, &app)?.is_some() {
                    known.push(app);
                }
            }
            let at = Utc::now();
            let id = store.create_case(&tenant, &title, &by, at)?;
            for app in known {
                store.change_case(
                    &tenant,
                    &id,
                    &CaseEvent {
                        at,
                        by: by.clone(),
                        change: CaseChange::Added(app),
                    },
                )?;
            }
            store.audit(
                Some(&tenant),
                &by,
                "open_case",
                &format!("{tenant}/{id}"),
                at,
            )?;
            Ok(id)
        })
        .await?;
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

/// A case and its applications' verdicts and stored bodies, audited as `action`.
async fn load(
    state: &AppState,
    person: &Person,
    id: &str,
    action: &'static str,
) -> Result<(Case, Vec<Held>), PageError> {
    person.require_investigator()?;
    let (tenant, who, case_id) = (
        person.key.tenant.clone(),
        person.key.id.clone(),
        id.to_owned(),
    );
    let found = state
        .blocking(move |store| {
            let Some(case) = store.case(&tenant, &case_id)? else {
                return Ok(None);
            };
            store.audit(
                Some(&tenant),
                &who,
                action,
                &format!("{tenant}/{case_id}"),
                Utc::now(),
            )?;
            let members = held(store, &tenant, &case.applications)?;
            Ok(Some((case, members)))
        })
        .await?;
    found.ok_or_else(|| PageError::not_found(format!("There is no case `{id}`.")))
}

fn history_line(event: &CaseEvent) -> String {
    match &event.change {
        CaseChange::Created(title) => format!("Opened “{title}”"),
        CaseChange::Added(app) => format!("Added {app}"),
        CaseChange::Removed(app) => format!("Removed {app}"),
        CaseChange::Status(status) => format!("Status set to {}", status.as_str()),
        CaseChange::Assigned(who) if who.is_empty() => "Unassigned".to_owned(),
        CaseChange::Assigned(who) => format!("Assigned to {who}"),
        CaseChange::Note(note) => format!("Note: {note}"),
    }
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
) -> Page {
    let (case, members) = load(&state, &person, &id, "view_case").await?;
    let rows: Vec<Value> = members.iter().map(Held::row).collect();
    let staff = super::staff(&state, &person.key.tenant).await?;
    let history: Vec<Value> = case
        .history
        .iter()
        .rev()
        .map(|e| json!({ "at": e.at.format("%Y-%m-%d %H:%M UTC").to_string(), "by": staff.who(&e.by), "what": history_line(e) }))
        .collect();
    let notes: Vec<Value> = case
        .history
        .iter()
        .filter_map(|e| match &e.change {
            CaseChange::Note(text) => Some(json!({ "at": e.at.format("%Y-%m-%d %H:%M UTC").to_string(), "by": staff.who(&e.by), "text": text })),
            _ => None,
        })
        .collect();
    state.pages.render(
        "case.html",
        json!({
            "me": person.context(),
            "case": case.summary,
            "rows": rows,
            "history": history,
            "notes": notes,
            "statuses": ["open", "confirmed", "closed"],
        }),
    )
}

#[derive(Debug, Deserialize)]
pub struct CaseForm {
    csrf: String,
    /// `status`, `assign`, `note`, `add` or `remove`.
    action: String,
    #[serde(default)]
    value: String,
}

pub async fn change(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
    Form(form): Form<CaseForm>,
) -> Page {
    person.require_investigator()?;
    person.check(&form.csrf)?;
    let value = form.value.trim().to_owned();
    let change = match form.action.as_str() {
        "status" => CaseChange::Status(
            CaseStatus::parse(&value)
                .ok_or_else(|| PageError::bad("Choose open, confirmed or closed."))?,
        ),
        "assign" => CaseChange::Assigned(value),
        "note" if !value.is_empty() => CaseChange::Note(value),
        "note" => return Err(PageError::bad("The note is empty. Go back and write it.")),
        "add" if !value.is_empty() => CaseChange::Added(value),
        "remove" if !value.is_empty() => CaseChange::Removed(value),
        _ => return Err(PageError::bad("That change is not one a case knows.")),
    };
    let (tenant, by, case_id) = (person.key.tenant.clone(), person.key.id.clone(), id.clone());
    let outcome = state
        .blocking(move |store| {
            if let CaseChange::Added(app) = &change {
                if store.verdict(&tenant, app)?.is_none() {
                    return Ok(Err(format!(
                        "There is no application `{app}` for {tenant}."
                    )));
                }
            }
            let event = CaseEvent {
                at: Utc::now(),
                by: by.clone(),
                change,
            };
            if !store.change_case(&tenant, &case_id, &event)? {
                return Ok(Err(format!("There is no case `{case_id}`.")));
            }
            store.audit(
                Some(&tenant),
                &by,
                &format!("case_{}", event.change.kind()),
                &format!("{tenant}/{case_id}"),
                event.at,
            )?;
            Ok(Ok(()))
        })
        .await?;
    outcome.map_err(PageError::bad)?;
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

/// The case for a referral: the case, its history, and each application's
/// verdict and stored application (identity numbers are keyed hashes there).
pub async fn export_json(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (case, members) = load(&state, &person, &id, "export_case:json").await?;
    let applications: Vec<Value> = members
        .into_iter()
        .map(|h| json!({ "application_id": h.id, "verdict": h.verdict, "application": h.body }))
        .collect();
    let document = json!({
        "case": case.summary,
        "history": case.history,
        "applications": applications,
        "exported_at": Utc::now(),
        "exported_by": person.key.id,
        "note": "Identity document, account and SSN numbers appear as keyed hashes; the HR platform holds the originals.",
    });
    let text = serde_json::to_string_pretty(&document).map_err(|e| PageError::internal(&e))?;
    Ok(download(text, "application/json", &format!("{id}.json")))
}

/// One row per application: who, how it scored, why, what it shares.
pub async fn export_csv(
    State(state): State<Arc<AppState>>,
    person: Person,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (case, members) = load(&state, &person, &id, "export_case:csv").await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "case_id",
        "case_title",
        "case_status",
        "application_id",
        "candidate",
        "submitted_at",
        "score",
        "tier",
        "signals",
        "linked_applications",
        "emails",
        "phones",
        "shipping_address",
        "payroll_method",
        "payroll_bank_country",
    ];
    writer
        .write_record(header)
        .map_err(|e| PageError::internal(&e))?;
    for member in &members {
        let app = &member.id;
        let verdict = member.verdict.as_ref();
        let body = member.body.clone().unwrap_or(Value::Null);
        let signals: Vec<&str> = verdict
            .map(|v| v.signals.iter().map(|s| s.id.as_str()).collect())
            .unwrap_or_default();
        let linked: Vec<&str> = verdict
            .map(|v| {
                v.linked_applications
                    .iter()
                    .map(|l| l.application_id.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let a = &body["shipping"]["address"];
        let shipping = [
            &a["line1"],
            &a["line2"],
            &a["city"],
            &a["region"],
            &a["postal_code"],
            &a["country"],
        ]
        .iter()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ");
        let record = [
            case.summary.id.clone(),
            case.summary.title.clone(),
            case.summary.status.as_str().to_owned(),
            app.clone(),
            body["candidate"]["full_name"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
            body["submitted_at"].as_str().unwrap_or("").to_owned(),
            verdict.map_or_else(|| "null".to_owned(), |v| v.score.to_string()),
            verdict.map_or("", |v| v.tier.as_str()).to_owned(),
            signals.join(" "),
            linked.join(" "),
            plain::field_value(&body["candidate"]["emails"]),
            plain::field_value(&body["candidate"]["phones"]),
            shipping,
            body["payroll"]["method"].as_str().unwrap_or("").to_owned(),
            body["payroll"]["bank_country"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        ];
        writer
            .write_record(record.iter().map(|cell| inert_cell(cell).into_owned()))
            .map_err(|e| PageError::internal(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| PageError::internal(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| PageError::internal(&e))?;
    Ok(download(
        text,
        "text/csv; charset=utf-8",
        &format!("{id}.csv"),
    ))
}

/// A cell a spreadsheet shows as text: one starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be read as a formula (`=HYPERLINK(…)`,
/// `+cmd|…`), so it gets a leading apostrophe, as OWASP advises. Applicants
/// write their own names and addresses.
fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

pub(super) fn download(body: String, kind: &'static str, name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"",
        name.replace(['"', '\\', '\r', '\n'], "_")
    );
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::inert_cell;

    #[test]
    fn cells_a_spreadsheet_would_run_are_made_text() {
        for formula in [
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(inert_cell(formula), format!("'{formula}"));
        }
        for plain in ["Maria Gonzalez", "412 Oak St, Austin", "", "O'Brien"] {
            assert_eq!(inert_cell(plain), plain);
        }
    }
}
