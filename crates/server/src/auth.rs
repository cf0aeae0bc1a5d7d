//! Who is calling: an API key (`Authorization: Bearer bfk_…`), its tenant and
//! role, and its rate.

use crate::problem::Problem;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use bonafide_store::{ApiKey, Role};
use std::sync::Arc;

/// The key behind a request.
#[derive(Debug, Clone)]
pub struct Caller(pub ApiKey);

impl Caller {
    /// Refuse unless the key's role is one of `roles`.
    pub fn require(&self, roles: &[Role], what: &str) -> Result<(), Problem> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "a key with the role `{}` may not {what}",
                self.0.role.as_str()
            )))
        }
    }
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Caller, Problem> {
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                Problem::unauthorized("send an API key: `Authorization: Bearer bfk_…`")
            })?;
        let key = state.key(secret).await?.ok_or_else(|| {
            Problem::unauthorized(
                "this API key is not known (keys are made with `bonafide keys create`)",
            )
        })?;
        if state.limiter.check_key(&key.id).is_err() {
            let mut problem = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                format!(
                    "this key made more than {} requests a second",
                    state.settings.rate_per_second
                ),
            );
            problem.retry_after = Some(1);
            return Err(problem);
        }
        Ok(Caller(key))
    }
}

impl AppState {
    /// The key a secret belongs to; known keys are remembered (lookups hash the secret).
    async fn key(&self, secret: &str) -> Result<Option<ApiKey>, Problem> {
        if let Some(key) = self
            .keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(secret)
        {
            return Ok(Some(key.clone()));
        }
        let owned = secret.to_owned();
        let found = self.blocking(move |store| store.find_key(&owned)).await?;
        if let Some(key) = &found {
            self.keys
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(secret.to_owned(), key.clone());
        }
        Ok(found)
    }
}
