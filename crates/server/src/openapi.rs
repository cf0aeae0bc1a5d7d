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
    ),
    components(schemas(
        crate::problem::Problem,
        crate::problem::FieldProblem,
        crate::routes::BatchAnswer,
        crate::routes::BatchResult,
        crate::routes::DecisionBody,
    )),
    modifiers(&ApiKeyAuth),
)]
struct ApiDoc;

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
    doc.to_pretty_json().unwrap_or_default()
}
