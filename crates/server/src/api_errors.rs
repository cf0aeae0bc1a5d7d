//! Every error the API answers is `application/problem+json`: axum's own
//! refusals (an unknown route, a method the route does not take, a query that
//! does not parse, a body over the limit, a request over its time) come as
//! plain text or nothing, and are rewritten here with the same status.

use crate::problem::Problem;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The longest plain-text refusal kept as the problem's detail.
const DETAIL_BYTES: usize = 2_048;

/// Rewrite plain error answers to API paths as problem documents.
pub async fn as_problems(request: Request, next: Next) -> Response {
    let api = is_api_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !api || !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, DETAIL_BYTES)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let mut problem = Problem::new(status, kind_of(status), detail_of(status, text));
    problem.retry_after = parts
        .headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let mut rewritten = problem.into_response();
    // What the refusal said about what is allowed stays (405's `Allow`).
    for name in [header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(value) = parts.headers.get(&name) {
            rewritten.headers_mut().insert(name, value.clone());
        }
    }
    rewritten
}

/// The API's paths (the pages answer in HTML).
fn is_api_path(path: &str) -> bool {
    path == "/v1" || path.starts_with("/v1/")
}

fn is_problem(response: &Response<Body>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

fn kind_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too-large",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => "bad-request",
        s if s.is_server_error() => "server-error",
        _ => "refused",
    }
}

fn detail_of(status: StatusCode, text: String) -> String {
    if !text.is_empty() {
        return text;
    }
    match status {
        StatusCode::NOT_FOUND => "no such route (see /openapi.json)".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "this route does not take that method".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => "the body is over `[service] body_bytes`".to_owned(),
        StatusCode::REQUEST_TIMEOUT => {
            "the request took longer than `[service] timeout_seconds`; an application it sent may still be kept: send it again (one already kept is answered `unchanged`)".to_owned()
        }
        s => s.canonical_reason().unwrap_or("error").to_owned(),
    }
}
