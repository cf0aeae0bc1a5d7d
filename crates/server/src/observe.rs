//! What the service tells its operators about each request: a request id
//! (the caller's `X-Request-Id` when it sends a sane one, else a new one,
//! echoed in the answer), a log line in the request's span with its status and
//! time, and the per-route metrics.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

/// The request id header.
pub const REQUEST_ID: &str = "x-request-id";

/// A caller's request id is kept when it is short and plain (it goes into logs).
fn sane(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn request_id(request: &Request) -> String {
    request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| sane(id))
        .map_or_else(
            || format!("{:016x}", fastrand::u64(..)),
            std::borrow::ToOwned::to_owned,
        )
}

/// Log, time and count each request.
pub async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let id = request_id(&request);
    let method = request.method().clone();
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    span.in_scope(|| {
        let ms = elapsed.as_secs_f64() * 1_000.0;
        if status >= 500 {
            tracing::error!(status, ms, "answered");
        } else if status >= 400 {
            tracing::info!(status, ms, "refused");
        } else {
            tracing::debug!(status, ms, "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    state
        .metrics
        .latency
        .get_or_create(&crate::metrics::Route {
            route: route.clone(),
        })
        .observe(elapsed.as_secs_f64());
    state
        .metrics
        .requests
        .get_or_create(&crate::metrics::RouteLabels { route, status })
        .inc();
    response
}

#[cfg(test)]
mod tests {
    use super::sane;

    #[test]
    fn only_plain_short_ids_are_kept() {
        for id in ["abc-123", "0f0e_x.y:1", &"a".repeat(64)] {
            assert!(sane(id), "{id}");
        }
        for id in ["", "a b", "a\nb", "<script>", &"a".repeat(65), "é"] {
            assert!(!sane(id), "{id:?}");
        }
    }
}
