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
            .and_then(bearer_token)
            .ok_or_else(|| Problem::needs_key("send an API key: `Authorization: Bearer bfk_…`"))?;
        let key = state.key(secret).await?.ok_or_else(|| {
            Problem::needs_key(
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

/// The token of a `Bearer` credential; the scheme is case-insensitive (RFC 9110 §11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl AppState {
    /// The key a secret belongs to; known keys are remembered for
    /// `key_cache_seconds` (lookups hash the secret), so that a revoked key
    /// stops working within that time.
    async fn key(&self, secret: &str) -> Result<Option<ApiKey>, Problem> {
        let fresh = std::time::Duration::from_secs(self.settings.key_cache_seconds);
        if let Some((key, _)) = self
            .keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(secret)
            .filter(|(_, at)| at.elapsed() < fresh)
        {
            return Ok(Some(key.clone()));
        }
        let owned = secret.to_owned();
        let found = self.blocking(move |store| store.find_key(&owned)).await?;
        let mut keys = self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &found {
            Some(key) if !fresh.is_zero() => {
                keys.insert(secret.to_owned(), (key.clone(), std::time::Instant::now()));
            }
            _ => {
                keys.remove(secret);
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        for value in [
            "Bearer bfk_1",
            "bearer bfk_1",
            "BEARER  bfk_1 ",
            " Bearer bfk_1",
        ] {
            assert_eq!(bearer_token(value), Some("bfk_1"), "{value:?}");
        }
        for value in ["Basic bfk_1", "Bearer", "Bearer   ", "bfk_1", "Bearerbfk_1"] {
            assert_eq!(bearer_token(value), None, "{value:?}");
        }
    }
}
