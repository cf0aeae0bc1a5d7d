//! The routes and their handlers.

use crate::auth::Caller;
use crate::problem::{FieldProblem, Problem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bonafide_service::mask_for_recruiter;
use bonafide_service::{
    linked_with_verdicts, record_decision, top_reasons, Accepted, Submission, WriteError,
};
use bonafide_store::{Decision, Label, PutOutcome, QueueFilter, Role};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;

const PEOPLE: &[Role] = &[Role::Recruiter, Role::Investigator, Role::Admin];
const SUBMITTERS: &[Role] = &[Role::Integration, Role::Admin];

pub fn router(state: Arc<AppState>) -> Router {
    let body_bytes = state.settings.body_bytes;
    let timeout = Duration::from_secs(state.settings.timeout_seconds.max(1));
    Router::new()
        .route("/v1/applications", post(submit))
        .route(
            "/v1/applications/{id}",
            get(application).patch(patch_application),
        )
        .route("/v1/applications/{id}/links", get(links))
        .route("/v1/applications/{id}/decision", post(decide))
        .route("/v1/queue", get(queue))
        .route("/v1/audit", get(audit))
        .route(
            "/v1/webhooks/greenhouse/{tenant}",
            post(crate::inbound::greenhouse),
        )
        .route("/v1/webhooks/ashby/{tenant}", post(crate::inbound::ashby))
        .route("/v1/webhooks/dead", get(crate::webhook_admin::dead))
        .route(
            "/v1/webhooks/dead/{id}/replay",
            post(crate::webhook_admin::replay),
        )
        .route(
            "/v1/webhooks/subscribers",
            get(crate::webhook_admin::subscribers),
        )
        .route("/v1/telemetry/{source}", post(telemetry))
        .route("/healthz", get(healthz))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
        .merge(crate::web::router())
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            crate::observe::observe,
        ))
        .layer(DefaultBodyLimit::max(body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn(crate::api_errors::as_problems))
        .with_state(state)
}

/// One application's result in a batch.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchResult {
    line: usize,
    application_id: String,
    outcome: &'static str,
    version: u32,
    score: u64,
    tier: String,
}

/// The answer to a JSON Lines batch.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchAnswer {
    accepted: usize,
    rejected: usize,
    results: Vec<BatchResult>,
    errors: Vec<FieldProblem>,
}

/// Validate one record for a caller's tenant (the one reading every door shares).
pub(crate) fn validate(
    state: &AppState,
    tenant: &str,
    text: &str,
    line: Option<usize>,
) -> Result<Submission, Vec<FieldProblem>> {
    bonafide_service::prepare(text, &state.limits, Some(tenant), "api", Utc::now()).map_err(
        |error| {
            error
                .errors
                .into_iter()
                .map(|e| FieldProblem {
                    line,
                    path: e.path,
                    reason: e.reason,
                })
                .collect()
        },
    )
}

fn write_problem(error: WriteError) -> Problem {
    match error {
        WriteError::Busy => {
            let mut problem = Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "bonafide is scoring as fast as it can; nothing of this request was kept, send it again",
            );
            problem.retry_after = Some(1);
            problem
        }
        WriteError::Store(e) => Problem::internal(e),
    }
}

fn count(state: &AppState, outcome: &str, n: u64) {
    state
        .metrics
        .applications
        .get_or_create(&crate::metrics::OutcomeLabels {
            outcome: outcome.to_owned(),
        })
        .inc_by(n);
}

/// Submit one application (JSON) or a batch (JSON Lines).
#[utoipa::path(post, path = "/v1/applications", tag = "applications",
    request_body(description = "One application as in the interchange contract (`application/json`, ../shared/contract), or many, one JSON object a line (`application/x-ndjson`)",
        content((bonafide_model::Application = "application/json"), (String = "application/x-ndjson"))),
    responses(
        (status = 201, description = "Kept and scored (created or a new version): the verdict", body = crate::openapi::SubmitAnswer),
        (status = 200, description = "The same body as the latest version (unchanged), or the answer to a batch", body = crate::openapi::UnchangedOrBatch),
        (status = 400, description = "Invalid: each bad field named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or unknown API key", body = Problem),
        (status = 403, description = "The key may not submit, or not for that tenant", body = Problem),
        (status = 408, description = "Over `timeout_seconds`: what was sent may still be kept; send it again (kept applications answer `unchanged`)", body = Problem),
        (status = 413, description = "Body over `body_bytes`, or a batch of more than `batch_records` applications: nothing kept", body = Problem),
        (status = 429, description = "Over the key's rate", body = Problem),
        (status = 503, description = "Busy: nothing kept, send again", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn submit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    caller.require(SUBMITTERS, "submit applications")?;
    let lines = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.contains("ndjson")
                || v.contains("jsonl")
                || v.contains("json-seq")
                || v.contains("json-lines")
        });
    let Ok(text) = std::str::from_utf8(&body) else {
        return Err(Problem::invalid("the body is not UTF-8", Vec::new()));
    };
    if !lines {
        let submission =
            validate(&state, &caller.0.tenant, text.trim(), None).map_err(|errors| {
                count(&state, "rejected", 1);
                Problem::invalid("the application is not valid: nothing was kept", errors)
            })?;
        let id = submission.app.application_id.clone();
        let accepted = state
            .writer
            .submit(vec![submission])
            .await
            .map_err(write_problem)?;
        let Some(Accepted { outcome, verdict }) = accepted.into_iter().next() else {
            return Err(Problem::internal("the writer answered nothing"));
        };
        count(&state, outcome.as_str(), 1);
        let status = match outcome {
            PutOutcome::Unchanged(_) => StatusCode::OK,
            _ => StatusCode::CREATED,
        };
        let mut response = (
            status,
            Json(json!({
                "outcome": outcome.as_str(),
                "version": outcome.version(),
                "verdict": verdict,
            })),
        )
            .into_response();
        if let Ok(location) = HeaderValue::from_str(&format!("/v1/applications/{id}")) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return Ok(response);
    }
    let records = text.lines().filter(|l| !l.trim().is_empty()).count();
    if records > state.settings.batch_records {
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!(
                "the batch holds {records} applications; at most {} a request (`[service] batch_records`): nothing was kept, send it in parts",
                state.settings.batch_records
            ),
        ));
    }
    let mut submissions = Vec::new();
    let mut lines_of = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match validate(&state, &caller.0.tenant, line.trim(), Some(index + 1)) {
            Ok(s) => {
                lines_of.push(index + 1);
                submissions.push(s);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    let rejected = errors
        .iter()
        .filter_map(|e| e.line)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    count(&state, "rejected", rejected as u64);
    if submissions.is_empty() {
        return Err(Problem::invalid(
            format!("none of the {rejected} records is valid: nothing was kept"),
            errors,
        ));
    }
    let ids: Vec<String> = submissions
        .iter()
        .map(|s| s.app.application_id.clone())
        .collect();
    let accepted = state
        .writer
        .submit(submissions)
        .await
        .map_err(write_problem)?;
    let results: Vec<BatchResult> = accepted
        .into_iter()
        .zip(ids)
        .zip(lines_of)
        .map(|((a, application_id), line)| {
            count(&state, a.outcome.as_str(), 1);
            BatchResult {
                line,
                application_id,
                outcome: a.outcome.as_str(),
                version: a.outcome.version(),
                score: u64::from(a.verdict.score),
                tier: a.verdict.tier.as_str().to_owned(),
            }
        })
        .collect();
    Ok(Json(BatchAnswer {
        accepted: results.len(),
        rejected,
        results,
        errors,
    })
    .into_response())
}

/// Merge fields into a kept application: a JSON Merge Patch (RFC 7396) over
/// the latest version, as another source contributes them (onboarding's
/// payroll, IT's devices). `null` removes a field; a list replaces the list.
/// The merged whole is scored as a new version that records the patch's
/// `source` (or `api`) and the fields it changed.
#[utoipa::path(patch, path = "/v1/applications/{id}", tag = "applications",
    params(("id" = String, Path, description = "The HR platform's application id")),
    request_body(content = Object, description = "A JSON Merge Patch (`application/merge-patch+json`) of contract fields", content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Merged and scored: the outcome, the version and the verdict"),
        (status = 400, description = "Not a JSON object, or the merged application is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key may not submit", body = Problem),
        (status = 404, description = "No such application for the key's tenant", body = Problem),
        (status = 409, description = "The kept numbers are sealed under another link key: nothing merged", body = Problem),
        (status = 503, description = "Busy: nothing kept, send again", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn patch_application(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, Problem> {
    caller.require(SUBMITTERS, "change applications")?;
    let field = |reason: String| FieldProblem {
        line: None,
        path: "$".into(),
        reason,
    };
    let patch: Value = serde_json::from_slice(&body)
        .map_err(|e| Problem::invalid("the body is not JSON", vec![field(e.to_string())]))?;
    if !patch.is_object() {
        return Err(Problem::invalid(
            "a merge patch is a JSON object of the fields to change",
            Vec::new(),
        ));
    }
    if patch
        .get("application_id")
        .is_some_and(|given| given.as_str() != Some(id.as_str()) && !given.is_null())
    {
        return Err(Problem::invalid(
            "the patch names another application_id than its URL",
            Vec::new(),
        ));
    }
    let tenant = caller.0.tenant.clone();
    let _turn = state.merges.lock(&tenant, &id).await;
    let mut merged = state.kept_for_merge(&tenant, &id).await?.ok_or_else(|| {
        Problem::not_found(format!("no application `{id}` for tenant `{tenant}`"))
    })?;
    json_patch::merge(&mut merged, &patch);
    merged["application_id"] = Value::String(id.clone());
    let mut submission =
        validate(&state, &tenant, &merged.to_string(), None).map_err(|errors| {
            Problem::invalid(
                "the merged application is not valid: nothing was kept",
                errors,
            )
        })?;
    submission.origin = patch
        .get("source")
        .and_then(Value::as_str)
        .unwrap_or("api")
        .to_owned();
    let accepted = state
        .writer
        .submit(vec![submission])
        .await
        .map_err(write_problem)?;
    let Some(Accepted { outcome, verdict }) = accepted.into_iter().next() else {
        return Err(Problem::internal("the writer answered nothing"));
    };
    count(&state, outcome.as_str(), 1);
    Ok((
        StatusCode::OK,
        Json(json!({
            "outcome": outcome.as_str(),
            "version": outcome.version(),
            "verdict": verdict,
        })),
    )
        .into_response())
}

/// After-hire telemetry in its native format, merged into the hires' applications.
#[utoipa::path(post, path = "/v1/telemetry/{source}", tag = "applications",
    params(("source" = String, Path, description = "`osquery` (result log lines), `okta` (System Log events) or `entra` (Graph sign-ins)")),
    request_body(content = String, description = "The file as the tool writes it: JSON Lines, a JSON array, or a Graph page"),
    responses(
        (status = 200, description = "`{merged: [{application_id, outcome, version, score, tier}], unplaced: [{hire, reason}], errors: [{line, reason}], skipped}`"),
        (status = 403, description = "The key may not submit", body = Problem),
        (status = 404, description = "No such source", body = Problem),
        (status = 503, description = "Busy: nothing kept, send again", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn telemetry(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(source): Path<String>,
    body: Bytes,
) -> Result<Response, Problem> {
    caller.require(SUBMITTERS, "send telemetry")?;
    let Some(source) = bonafide_telemetry::Source::parse(&source) else {
        return Err(Problem::not_found(format!(
            "no telemetry source `{source}`: osquery, okta or entra"
        )));
    };
    let text = String::from_utf8_lossy(&body).into_owned();
    let read = bonafide_telemetry::read(source, &text);
    let (errors, skipped) = (read.errors.clone(), read.skipped);
    let (tenant, keyer, limits) = (
        caller.0.tenant.clone(),
        state.writer.keyer().clone(),
        state.limits,
    );
    // Find the hires' applications, take those applications' merge turns,
    // then read and merge them.
    let key_tenant = tenant.clone();
    let placed = state
        .blocking(move |store| bonafide_service::ingest::place(store, &key_tenant, read))
        .await?;
    let _turns = state.merges.lock_all(&tenant, &placed.ids()).await;
    let key_tenant = tenant.clone();
    let prepared = state
        .blocking(move |store| {
            bonafide_service::ingest::merge(store, &keyer, &limits, &key_tenant, source, placed)
        })
        .await?;
    let ids: Vec<String> = prepared
        .submissions
        .iter()
        .map(|s| s.app.application_id.clone())
        .collect();
    let accepted = if prepared.submissions.is_empty() {
        Vec::new()
    } else {
        state
            .writer
            .submit(prepared.submissions)
            .await
            .map_err(write_problem)?
    };
    let merged: Vec<Value> = ids
        .iter()
        .zip(&accepted)
        .map(|(id, a)| {
            json!({
                "application_id": id,
                "outcome": a.outcome.as_str(),
                "version": a.outcome.version(),
                "score": a.verdict.score,
                "tier": a.verdict.tier,
            })
        })
        .collect();
    Ok((
        StatusCode::OK,
        Json(json!({
            "merged": merged,
            "unplaced": prepared.unplaced,
            "errors": errors,
            "skipped": skipped,
        })),
    )
        .into_response())
}

/// The verdict of an application, as the caller's role may see it.
#[utoipa::path(get, path = "/v1/applications/{id}", tag = "applications",
    params(("id" = String, Path, description = "The HR platform's application id")),
    responses(
        (status = 200, description = "The verdict (masked for recruiters); investigators and admins also get the stored application and its versions (when, from which source, what changed), and the read is audited"),
        (status = 404, description = "No such application for the key's tenant", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn application(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let tenant = caller.0.tenant.clone();
    let role = caller.0.role;
    let who = caller.0.id.clone();
    let (key_tenant, key_id) = (tenant.clone(), id.clone());
    let found = state
        .blocking(move |store| {
            let Some((version, verdict)) = store.verdict(&key_tenant, &key_id)? else {
                return Ok(None);
            };
            let decisions = store.decisions(&key_tenant, &key_id)?;
            let body = if matches!(role, Role::Investigator | Role::Admin) {
                let body = store.application(&key_tenant, &key_id)?.map(|a| a.body);
                let versions = store.versions(&key_tenant, &key_id)?;
                store.audit(
                    Some(&key_tenant),
                    &who,
                    "view_unmasked",
                    &format!("{key_tenant}/{key_id}"),
                    Utc::now(),
                )?;
                body.map(|b| (b, versions))
            } else {
                None
            };
            Ok(Some((version, verdict, decisions, body)))
        })
        .await?;
    let Some((version, mut verdict, decisions, body)) = found else {
        return Err(Problem::not_found(format!(
            "no application `{id}` for tenant `{tenant}`"
        )));
    };
    if role == Role::Recruiter {
        mask_for_recruiter(&mut verdict);
    }
    let decisions: Vec<Value> = decisions
        .into_iter()
        .map(|d| json!({ "label": d.label.as_str(), "note": d.note, "by": d.by, "at": d.at }))
        .collect();
    let mut answer = json!({
        "application_id": id,
        "tenant_id": tenant,
        "version": version,
        "verdict": verdict,
        "decisions": decisions,
    });
    if let Some((body, versions)) = body {
        answer["application"] = body;
        answer["versions"] = json!(versions);
    }
    Ok(Json(answer).into_response())
}

/// The applications this one is linked to, across time and employers.
#[utoipa::path(get, path = "/v1/applications/{id}/links", tag = "applications",
    params(("id" = String, Path, description = "The HR platform's application id")),
    responses(
        (status = 200, description = "Linked applications with what they share; another employer's shows only that it exists and how it links"),
        (status = 404, description = "No such application", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn links(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    caller.require(
        &[
            Role::Integration,
            Role::Recruiter,
            Role::Investigator,
            Role::Admin,
        ],
        "read links",
    )?;
    let tenant = caller.0.tenant.clone();
    let (t, i) = (tenant.clone(), id.clone());
    let found = state
        .blocking(move |store| {
            let Some((_, verdict)) = store.verdict(&t, &i)? else {
                return Ok(None);
            };
            let mut links = Vec::new();
            for link in linked_with_verdicts(store, &t, &verdict)? {
                let mut entry = json!({ "application_id": link.id, "via": link.via });
                if link.foreign {
                    entry["same_tenant"] = json!(false);
                } else if let Some(v) = link.verdict {
                    entry["same_tenant"] = json!(true);
                    entry["score"] = json!(v.score);
                    entry["tier"] = json!(v.tier);
                }
                links.push(entry);
            }
            Ok(Some(links))
        })
        .await?;
    let Some(links) = found else {
        return Err(Problem::not_found(format!(
            "no application `{id}` for tenant `{tenant}`"
        )));
    };
    Ok(Json(json!({ "application_id": id, "links": links })).into_response())
}

/// A reviewer's decision.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DecisionBody {
    /// cleared, confirmed, reverify, or compliance (a possible sanctions
    /// match referred to the compliance team).
    label: String,
    /// Why (required).
    #[serde(default)]
    note: String,
}

/// Record a decision: cleared, confirmed (the pattern), reverify or compliance.
#[utoipa::path(post, path = "/v1/applications/{id}/decision", tag = "review",
    params(("id" = String, Path, description = "The HR platform's application id")),
    request_body = DecisionBody,
    responses(
        (status = 201, description = "Recorded and audited"),
        (status = 400, description = "Unknown label or no note", body = Problem),
        (status = 404, description = "No such application", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn decide(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, Problem> {
    caller.require(PEOPLE, "record decisions")?;
    let body: DecisionBody = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid(
            "the decision is not valid",
            vec![FieldProblem {
                line: None,
                path: "$".into(),
                reason: e.to_string(),
            }],
        )
    })?;
    let mut errors = Vec::new();
    let label = Label::parse(&body.label);
    if label.is_none() {
        errors.push(FieldProblem {
            line: None,
            path: "label".into(),
            reason: format!(
                "`{}` is not cleared, confirmed, reverify or compliance",
                body.label
            ),
        });
    }
    if body.note.trim().is_empty() {
        errors.push(FieldProblem {
            line: None,
            path: "note".into(),
            reason: "a decision needs a note saying why".into(),
        });
    }
    let Some(label) = label.filter(|_| errors.is_empty()) else {
        return Err(Problem::invalid("the decision is not valid", errors));
    };
    let decision = Decision {
        tenant: caller.0.tenant.clone(),
        application_id: id.clone(),
        label,
        note: body.note.trim().to_owned(),
        by: caller.0.id.clone(),
        at: Utc::now(),
    };
    let kept = state
        .blocking(move |store| record_decision(store, &decision))
        .await?;
    if !kept {
        return Err(Problem::not_found(format!(
            "no application `{id}` for this tenant"
        )));
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({ "recorded": label.as_str() })),
    )
        .into_response())
}

/// Queue parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct QueueQuery {
    /// review (default) or escalate.
    tier: Option<String>,
    /// Must be the key's tenant (the default).
    tenant: Option<String>,
    /// At most this many (default 50, at most 500).
    limit: Option<u32>,
    /// From this position.
    offset: Option<u32>,
}

/// The review queue: undecided applications of a tier, highest score first,
/// with the top reasons in plain language (a decision takes one out).
#[utoipa::path(get, path = "/v1/queue", tag = "review",
    params(QueueQuery),
    responses(
        (status = 200, description = "One page of the queue"),
        (status = 403, description = "Another tenant's queue, or an integration key", body = Problem),
    ),
    security(("api_key" = [])))]
pub async fn queue(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<QueueQuery>,
) -> Result<Response, Problem> {
    caller.require(PEOPLE, "read the review queue")?;
    let tenant = query.tenant.unwrap_or_else(|| caller.0.tenant.clone());
    if tenant != caller.0.tenant {
        return Err(Problem::forbidden(format!(
            "this key sees tenant `{}` only",
            caller.0.tenant
        )));
    }
    let tier = query.tier.unwrap_or_else(|| "review".into());
    if !matches!(tier.as_str(), "review" | "escalate" | "clear") {
        return Err(Problem::invalid(
            "unknown tier",
            vec![FieldProblem {
                line: None,
                path: "tier".into(),
                reason: format!("`{tier}` is not clear, review or escalate"),
            }],
        ));
    }
    let limit = query.limit.unwrap_or(50).clamp(1, 500);
    let offset = query.offset.unwrap_or(0);
    let recruiter = caller.0.role == Role::Recruiter;
    let (t, tr) = (tenant.clone(), tier.clone());
    let items = state
        .blocking(move |store| {
            let mut items = Vec::new();
            let filter = QueueFilter {
                undecided: true,
                ..QueueFilter::tier(&tr)
            };
            for mut item in store.queue(&t, &filter, limit, offset)? {
                if recruiter {
                    mask_for_recruiter(&mut item.verdict);
                }
                let reasons: Vec<&str> = top_reasons(&item.verdict).collect();
                items.push(json!({
                    "application_id": item.application_id,
                    "score": item.score,
                    "tier": tr,
                    "version": item.version,
                    "reasons": reasons,
                }));
            }
            Ok(items)
        })
        .await?;
    Ok(Json(json!({
        "tenant": tenant,
        "tier": tier,
        "limit": limit,
        "offset": offset,
        "items": items,
    }))
    .into_response())
}

/// Audit parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// At most this many, newest first (default 100).
    limit: Option<u32>,
}

/// The audit log (admins).
#[utoipa::path(get, path = "/v1/audit", tag = "admin",
    params(AuditQuery),
    responses((status = 200, description = "Newest first"), (status = 403, description = "Not an admin key", body = Problem)),
    security(("api_key" = [])))]
pub async fn audit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<AuditQuery>,
) -> Result<Response, Problem> {
    caller.require(&[Role::Admin], "read the audit log")?;
    let limit = query.limit.unwrap_or(100).clamp(1, 10_000);
    let tenant = caller.0.tenant.clone();
    let entries = state
        .blocking(move |store| store.audit_log(&tenant, limit))
        .await?;
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|e| json!({ "at": e.at, "who": e.who, "action": e.action, "target": e.target }))
        .collect();
    Ok(Json(json!({ "entries": entries })).into_response())
}

/// Ready when the store answers and the writer runs.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready"), (status = 503, description = "The store does not answer, or the scoring writer has stopped")))]
pub async fn ready(State(state): State<Arc<AppState>>) -> Response {
    if !state.writer.is_alive() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the scoring writer has stopped",
        )
            .into_response();
    }
    match state.blocking(|store| store.outbox_len()).await {
        Ok(pending) => {
            state
                .metrics
                .outbox
                .set(i64::try_from(pending).unwrap_or(i64::MAX));
            (StatusCode::OK, "ready").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "the store does not answer").into_response(),
    }
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Ok(pending) = state.blocking(|store| store.outbox_len()).await {
        state
            .metrics
            .outbox
            .set(i64::try_from(pending).unwrap_or(i64::MAX));
    }
    state
        .metrics
        .indexed
        .set(i64::try_from(state.writer.indexed()).unwrap_or(i64::MAX));
    state.metrics.describe(
        state.writer.ruleset_hash(),
        &state.writer.data_versions(),
        Utc::now(),
    );
    // OpenMetrics to those who ask for it, the classic text format otherwise.
    let open_metrics = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/openmetrics-text"));
    let (text, kind) = if open_metrics {
        (
            state.metrics.render(),
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )
    } else {
        (
            state.metrics.render_classic(),
            "text/plain; version=0.0.4; charset=utf-8",
        )
    };
    let mut response = text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

/// Alive while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "`ok`", body = String, content_type = "text/plain")))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
pub async fn openapi() -> Response {
    let mut response = crate::openapi::openapi_json().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
