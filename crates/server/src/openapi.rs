//! The OpenAPI document, generated from the handlers' annotations; a test keeps
//! `docs/openapi.json` equal to it.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bonafide",
        description = "Scores job applications for the fake-identity remote IT worker pattern. Applications and verdicts follow the interchange contract (v1). Every key has a tenant and a role: integration (submit, read verdicts), recruiter (queue and verdicts, PII masked), investigator (full evidence, links; reads audited), admin (audit log).",
    ),
    paths(
        crate::routes::submit,
        crate::routes::application,
        crate::routes::patch_application,
        crate::routes::telemetry,
        crate::routes::links,
        crate::routes::decide,
        crate::routes::queue,
        crate::routes::audit,
        crate::webhook_admin::dead,
        crate::webhook_admin::replay,
        crate::webhook_admin::subscribers,
        crate::inbound::greenhouse,
        crate::inbound::ashby,
        crate::routes::ready,
        crate::routes::metrics,
        crate::routes::healthz,
        crate::routes::openapi,
    ),
    components(schemas(
        crate::problem::Problem,
        crate::problem::FieldProblem,
        crate::routes::BatchAnswer,
        crate::routes::BatchResult,
        crate::routes::DecisionBody,
        SubmitAnswer,
        UnchangedOrBatch,
        WebhookEvent,
        bonafide_model::Application,
        bonafide_model::Position,
        bonafide_model::Candidate,
        bonafide_model::ClaimedLocation,
        bonafide_model::Address,
        bonafide_model::Profile,
        bonafide_model::Document,
        bonafide_model::Session,
        bonafide_model::Device,
        bonafide_model::UsbDevice,
        bonafide_model::Software,
        bonafide_model::Payroll,
        bonafide_model::Shipping,
        bonafide_model::Verdict,
        bonafide_model::SignalReport,
        bonafide_model::LinkedApplication,
        bonafide_model::RuleError,
        bonafide_model::Versions,
        bonafide_model::Tier,
    )),
    modifiers(&ApiKeyAuth),
)]
struct ApiDoc;

/// The answer to one submitted application (documentation only: the handler
/// writes the same fields).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SubmitAnswer {
    /// `created`, `new_version` or `unchanged`.
    outcome: String,
    /// The application's version.
    version: u32,
    /// Its verdict, other employers' application ids redacted.
    verdict: bonafide_model::Verdict,
}

/// A `200` to a submission: one application whose body was unchanged, or the
/// answer to a batch (documentation only).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum UnchangedOrBatch {
    /// One application, the same as its latest version.
    Unchanged(SubmitAnswer),
    /// A JSON Lines batch.
    Batch(crate::routes::BatchAnswer),
}

/// What each webhook POST carries (documentation only: the outbox writes
/// these fields).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct WebhookEvent {
    /// `verdict.created` or `verdict.changed`.
    event: String,
    /// The employer.
    tenant_id: String,
    /// The application.
    application_id: String,
    /// Counts the application's verdicts (1, 2, …; gaps allowed): keep the highest.
    verdict_version: u32,
    /// When it was decided (RFC 3339, UTC).
    decided_at: String,
    /// The verdict's signals that come from what IT saw after the hire.
    after_hire_signals: Vec<String>,
    /// The verdict.
    verdict: bonafide_model::Verdict,
}

/// Every refusal is a problem document (RFC 9457): responses whose body is a
/// `Problem` are `application/problem+json`, and every operation under `/v1`
/// gets a `default` response of that kind for the errors every route can give
/// (a query that does not parse, 401, 408, 413, 429, 503).
fn problems_as_problems(doc: &mut serde_json::Value) {
    let problem = serde_json::json!({ "$ref": "#/components/schemas/Problem" });
    let Some(paths) = doc
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    for (path, operations) in paths {
        let Some(operations) = operations.as_object_mut() else {
            continue;
        };
        for operation in operations.values_mut() {
            let Some(responses) = operation
                .get_mut("responses")
                .and_then(serde_json::Value::as_object_mut)
            else {
                continue;
            };
            for response in responses.values_mut() {
                let Some(content) = response
                    .get_mut("content")
                    .and_then(serde_json::Value::as_object_mut)
                else {
                    continue;
                };
                if content
                    .get("application/json")
                    .is_some_and(|c| c["schema"] == problem)
                {
                    if let Some(body) = content.remove("application/json") {
                        content.insert("application/problem+json".into(), body);
                    }
                }
            }
            if path.starts_with("/v1/") {
                responses.entry("default").or_insert_with(|| {
                    serde_json::json!({
                        "description": "Refused or failed: a problem document (see docs/api.md, Errors)",
                        "content": { "application/problem+json": { "schema": problem } }
                    })
                });
            }
        }
    }
}

/// OpenAPI 3.1's `webhooks`: what bonafide POSTs to a subscriber (utoipa has
/// no field for it, so it is added to the generated document).
fn webhooks() -> serde_json::Value {
    serde_json::json!({
        "verdict": {
            "post": {
                "summary": "A verdict, or a change of it",
                "description": "Signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`); one message in flight per application, in order. Answer 2xx to acknowledge; 410 stops the subscriber; anything else is retried with backoff, then kept as a dead letter.",
                "parameters": [
                    { "name": "webhook-id", "in": "header", "required": true, "schema": { "type": "string" }, "description": "`msg_<n>`, the same on every retry" },
                    { "name": "webhook-timestamp", "in": "header", "required": true, "schema": { "type": "string" }, "description": "Unix seconds" },
                    { "name": "webhook-signature", "in": "header", "required": true, "schema": { "type": "string" }, "description": "`v1,<base64 HMAC-SHA256 of \"<id>.<timestamp>.<body>\">`, one per secret, space-separated" }
                ],
                "requestBody": {
                    "required": true,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/WebhookEvent" } } }
                },
                "responses": {
                    "2XX": { "description": "Delivered" },
                    "410": { "description": "Gone: the subscriber is stopped until an operator resumes it" },
                    "default": { "description": "Retried later (Retry-After honoured)" }
                }
            }
        }
    })
}

struct ApiKeyAuth;

impl Modify for ApiKeyAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "api_key",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .bearer_format("bfk_…")
                        .description(Some("An API key from `bonafide keys create`"))
                        .build(),
                ),
            );
        }
    }
}

/// The OpenAPI document, pretty-printed.
pub fn openapi_json() -> String {
    let mut doc = ApiDoc::openapi();
    // The version is the crate's, not utoipa's guess.
    env!("CARGO_PKG_VERSION").clone_into(&mut doc.info.version);
    let Ok(mut value) = serde_json::to_value(&doc) else {
        return String::new();
    };
    problems_as_problems(&mut value);
    if let Some(fields) = value.as_object_mut() {
        fields.insert("webhooks".into(), webhooks());
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
