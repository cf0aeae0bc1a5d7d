//! The pages people use: the recruiters' review queue and application pages,
//! and the fraud team's clusters, search and cases. Server-rendered
//! (minijinja templates compiled into the binary, auto-escaped), no script:
//! forms and links work with the keyboard and without JavaScript, and the
//! cluster graph is SVG drawn on the server.

mod application;
mod cases;
mod graph;
mod investigate;
mod notice;
mod plain;
mod queue;
mod session;

pub use graph::{layout, Layout};
pub use session::{Person, SESSION_COOKIE};

use crate::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use bonafide_model::Verdict;
use bonafide_rules::Ruleset;
use minijinja::Environment;
use serde::Serialize;
use std::sync::Arc;

/// Templates and what pages name things by.
pub struct Pages {
    templates: Environment<'static>,
    /// (rule id, title), for the queue's signal filter and the application page's headings.
    rules: Vec<(String, String)>,
}

impl Pages {
    /// Compile the templates (they are part of the binary).
    pub fn new(rules: &Ruleset) -> anyhow::Result<Pages> {
        let mut templates = Environment::new();
        for (name, text) in TEMPLATES {
            templates.add_template(name, text)?;
        }
        templates.add_filter("segment", |text: String| segment(&text));
        let mut listed: Vec<(String, String)> = rules
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.title.clone()))
            .collect();
        listed.sort();
        listed.dedup_by(|a, b| a.0 == b.0);
        Ok(Pages {
            templates,
            rules: listed,
        })
    }

    /// A rule's title, or its id when it has none.
    fn title_of(&self, id: &str) -> String {
        self.rules
            .binary_search_by(|(rule, _)| rule.as_str().cmp(id))
            .ok()
            .map_or_else(|| id.to_owned(), |at| self.rules[at].1.clone())
    }

    /// Render a page.
    fn render(&self, name: &str, context: impl Serialize) -> Result<Response, PageError> {
        let template = self
            .templates
            .get_template(name)
            .map_err(|e| PageError::internal(&e))?;
        let html = template
            .render(minijinja::Value::from(minijinja::value::Serde(&context)))
            .map_err(|e| PageError::internal(&e))?;
        Ok(Html(html).into_response())
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("signin.html", include_str!("../../templates/signin.html")),
    ("queue.html", include_str!("../../templates/queue.html")),
    (
        "application.html",
        include_str!("../../templates/application.html"),
    ),
    ("cluster.html", include_str!("../../templates/cluster.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("cases.html", include_str!("../../templates/cases.html")),
    ("case.html", include_str!("../../templates/case.html")),
];

const STYLE: &str = include_str!("../../templates/app.css");

/// A page that could not be shown, as a page.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
        }
    }

    fn internal(error: &dyn std::fmt::Display) -> PageError {
        tracing::error!(%error, "page failed");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; nothing was changed. Try again, and tell your administrator if it happens again.",
        )
    }

    fn not_found(what: impl Into<String>) -> PageError {
        PageError::new(StatusCode::NOT_FOUND, what)
    }

    fn forbidden(what: impl Into<String>) -> PageError {
        PageError::new(StatusCode::FORBIDDEN, what)
    }

    fn bad(what: impl Into<String>) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, what)
    }
}

impl From<crate::problem::Problem> for PageError {
    fn from(problem: crate::problem::Problem) -> PageError {
        PageError::new(
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            problem.detail,
        )
    }
}

impl From<bonafide_service::WriteError> for PageError {
    fn from(error: bonafide_service::WriteError) -> PageError {
        match error {
            bonafide_service::WriteError::Busy => PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "bonafide is busy scoring; try again in a moment",
            ),
            bonafide_service::WriteError::Store(e) => PageError::internal(&e),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{status} · bonafide</title>\
             <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main id=\"main\" class=\"narrow\">\
             <h1>{status}</h1><p class=\"error\" role=\"alert\">{message}</p>\
             <p><a href=\"/queue\">Back to the review queue</a></p></main></body></html>",
            status = self.status.canonical_reason().unwrap_or("Error"),
            message = escape(&self.message),
        );
        (self.status, Html(html)).into_response()
    }
}

/// HTML-escape text placed outside a template.
/// Only unreserved characters stay as they are in a path segment.
const IN_A_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Text as one path segment of a link: an application id with `/`, `?` or
/// `#` in it stays one segment, so its link opens that application and
/// nothing else (the API refuses the ids `.` and `..`, which browsers resolve
/// however they are encoded).
pub(crate) fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, IN_A_SEGMENT).to_string()
}

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Result of a page handler.
type Page = Result<Response, PageError>;

/// One of the tenant's applications as pages show it: its verdict and its
/// stored (reduced) body, either absent when the store has none.
#[derive(Debug, Clone)]
pub(crate) struct Held {
    id: String,
    verdict: Option<Verdict>,
    body: Option<serde_json::Value>,
}

impl Held {
    /// The candidate's name as given.
    fn candidate(&self) -> String {
        self.body
            .as_ref()
            .and_then(|b| b["candidate"]["full_name"].as_str())
            .unwrap_or("(no name given)")
            .to_owned()
    }

    /// Its tier, `clear` when it has no verdict.
    fn tier(&self) -> &str {
        self.verdict.as_ref().map_or("clear", |v| v.tier.as_str())
    }

    /// One row of a table of applications.
    fn row(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "candidate": self.candidate(),
            "score": self.verdict.as_ref().map(|v| v.score),
            "tier": self.tier(),
            "tier_label": plain::tier_label(self.tier()),
            "submitted": self.body.as_ref().and_then(|b| plain::when(&b["submitted_at"])),
        })
    }
}

/// The verdicts and bodies of a tenant's applications (read on the blocking pool).
pub(crate) fn held(
    store: &dyn bonafide_store::Store,
    tenant: &str,
    ids: &[String],
) -> bonafide_store::Result<Vec<Held>> {
    ids.iter()
        .map(|id| {
            Ok(Held {
                id: id.clone(),
                verdict: store.verdict(tenant, id)?.map(|(_, v)| v),
                body: store.application(tenant, id)?.map(|a| a.body),
            })
        })
        .collect()
}

/// The pages' routes.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/queue") }))
        .route("/signin", get(session::signin_page).post(session::signin))
        .route("/signout", post(session::signout))
        .route("/queue", get(queue::queue))
        .route("/applications/{id}", get(application::page))
        .route("/applications/{id}/decision", post(application::decide))
        .route("/applications/{id}/assign", post(application::assign))
        .route("/queue/filters", post(queue::save_filter))
        .route(
            "/applications/{id}/reverify-notice.txt",
            get(application::reverify_notice),
        )
        .route("/clusters/{id}", get(investigate::cluster))
        .route("/clusters/{id}/decision", post(investigate::decide_ring))
        .route("/search", get(investigate::search))
        .route("/cases", get(cases::list).post(cases::create))
        .route("/cases/{id}", get(cases::page).post(cases::change))
        .route("/cases/{id}/export.json", get(cases::export_json))
        .route("/cases/{id}/export.csv", get(cases::export_csv))
        .route("/static/app.css", get(style))
        .layer(middleware::from_fn(page_headers))
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// Pages hold personal data: never cached, never framed, no script, forms
/// only to this origin.
async fn page_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The tenant's people as pages name them, from one read of its keys
/// (`bonafide keys name`): pages name who decided, noted or works an
/// application, not `key_45a2…`.
pub(super) struct Staff {
    /// Key id → the person's name, for every named key (revoked ones too:
    /// the history still names them).
    names: std::collections::HashMap<String, String>,
    /// Who can be given applications to work: keys in use that sign in to
    /// the pages (not integrations), as (key id, name or id), by name.
    pub reviewers: Vec<(String, String)>,
}

impl Staff {
    /// A key id as people read it: its person's name when named.
    pub fn who(&self, id: &str) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    /// Whether a key id is one of the reviewers.
    pub fn reviews(&self, id: &str) -> bool {
        self.reviewers.iter().any(|(key, _)| key == id)
    }
}

/// The tenant's [`Staff`] (read on the blocking pool).
pub(super) async fn staff(state: &AppState, tenant: &str) -> Result<Staff, PageError> {
    let tenant = tenant.to_owned();
    let keys = state
        .blocking(move |store| store.keys(Some(&tenant)))
        .await?;
    let mut names = std::collections::HashMap::new();
    let mut reviewers = Vec::new();
    for record in keys {
        if record.revoked_at.is_none() && record.key.role != bonafide_store::Role::Integration {
            let name = record
                .person
                .clone()
                .unwrap_or_else(|| record.key.id.clone());
            reviewers.push((record.key.id.clone(), name));
        }
        if let Some(person) = record.person {
            names.insert(record.key.id, person);
        }
    }
    reviewers.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Staff { names, reviewers })
}
