//! What an admin sees of webhooks out: the subscribers that serve the tenant
//! (and whether one is stopped), the messages given up on, and replaying them.

use crate::auth::Caller;
use crate::problem::Problem;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bonafide_store::Role;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// `?limit=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DeadQuery {
    /// At most this many, newest first (default 100).
    limit: Option<u32>,
}

/// The tenant's webhook messages given up on (admins).
#[utoipa::path(get, path = "/v1/webhooks/dead", tag = "admin",
    params(DeadQuery),
    responses((status = 200, description = "`{dead: [{id, webhook_id, subscriber, application_id, event, verdict_version, attempts, last_error, dead_at}]}`, newest first"),
        (status = 403, description = "Not an admin key", body = Problem)),
    security(("api_key" = [])))]
pub async fn dead(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<DeadQuery>,
) -> Result<Response, Problem> {
    caller.require(&[Role::Admin], "read undelivered webhooks")?;
    let limit = query.limit.unwrap_or(100).clamp(1, 10_000);
    let tenant = caller.0.tenant.clone();
    let dead = state
        .blocking(move |store| store.outbox_dead_list(&tenant, limit))
        .await?;
    let dead: Vec<_> = dead
        .into_iter()
        .map(|m| {
            json!({
                "id": m.id,
                "webhook_id": format!("msg_{}", m.id),
                "subscriber": m.subscriber,
                "application_id": m.application_id,
                "event": m.event,
                "verdict_version": m.verdict_version,
                "attempts": m.attempts,
                "last_error": m.last_error,
                "dead_at": m.dead_at,
            })
        })
        .collect();
    Ok(Json(json!({ "dead": dead })).into_response())
}

/// Send a dead message again (admins); audited as `webhook_replay`.
#[utoipa::path(post, path = "/v1/webhooks/dead/{id}/replay", tag = "admin",
    params(("id" = i64, Path, description = "The dead message's id")),
    responses((status = 200, description = "`{replayed: id}`: due now, attempts counted from zero"),
        (status = 403, description = "Not an admin key", body = Problem),
        (status = 404, description = "No dead message of this tenant by that id", body = Problem)),
    security(("api_key" = [])))]
pub async fn replay(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, Problem> {
    caller.require(&[Role::Admin], "replay webhooks")?;
    let (tenant, who) = (caller.0.tenant.clone(), caller.0.id.clone());
    let replayed = state
        .blocking(move |store| {
            let now = Utc::now();
            let replayed = store.outbox_replay(&tenant, id, now)?;
            if replayed {
                store.audit(
                    Some(&tenant),
                    &who,
                    "webhook_replay",
                    &format!("{tenant}/msg_{id}"),
                    now,
                )?;
            }
            Ok(replayed)
        })
        .await?;
    if !replayed {
        return Err(Problem::not_found(format!(
            "no dead webhook message {id} for this tenant"
        )));
    }
    Ok(Json(json!({ "replayed": id })).into_response())
}

/// The subscribers that receive this tenant's verdicts (admins): name,
/// whether stopped (and why), never the URL's secret or the signing secret.
#[utoipa::path(get, path = "/v1/webhooks/subscribers", tag = "admin",
    responses((status = 200, description = "`{subscribers: [{name, stopped: null | {since, reason}}]}`"),
        (status = 403, description = "Not an admin key", body = Problem)),
    security(("api_key" = [])))]
pub async fn subscribers(
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Response, Problem> {
    caller.require(&[Role::Admin], "read webhook subscribers")?;
    let stopped = state.blocking(|store| store.stopped_subscribers()).await?;
    let tenant = &caller.0.tenant;
    let subscribers: Vec<_> = state
        .settings
        .webhooks
        .iter()
        .filter(|s| s.tenants.is_empty() || s.tenants.contains(tenant))
        .map(|s| {
            let stop = stopped.iter().find(|stop| stop.subscriber == s.name);
            json!({
                "name": s.name,
                "stopped": stop.map(|stop| json!({ "since": stop.stopped_at, "reason": stop.reason })),
            })
        })
        .collect();
    Ok(Json(json!({ "subscribers": subscribers })).into_response())
}
