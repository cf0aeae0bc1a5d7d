//! Signing in with a person's key: a session cookie (HttpOnly, SameSite=Strict,
//! only a hash of it kept), and an anti-forgery token that every form carries
//! and every POST checks. The sign-in form itself is protected by a
//! double-submit cookie, so that nobody can sign a victim into their own account.

use super::{Page, PageError};
use crate::AppState;
use axum::extract::{Form, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use bonafide_store::{ApiKey, Role};
use chrono::Utc;
use serde::Deserialize;
use std::sync::Arc;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "bonafide_session";
const SIGNIN_COOKIE: &str = "bonafide_signin";

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct Person {
    /// The key they signed in with.
    pub key: ApiKey,
    /// Their session's anti-forgery token.
    pub csrf: String,
}

impl Person {
    /// Refuse a form that does not carry this session's token.
    pub fn check(&self, token: &str) -> Result<(), PageError> {
        if same(token.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(PageError::forbidden(
                "This form is out of date or did not come from bonafide. Go back, reload the page and send it again.",
            ))
        }
    }

    /// Investigators and admins: clusters, search, cases, unmasked evidence.
    pub fn investigates(&self) -> bool {
        matches!(self.key.role, Role::Investigator | Role::Admin)
    }

    /// Refuse unless the person investigates.
    pub fn require_investigator(&self) -> Result<(), PageError> {
        if self.investigates() {
            Ok(())
        } else {
            Err(PageError::forbidden(
                "Clusters, search and cases are for the fraud team (investigator keys).",
            ))
        }
    }

    /// What every page's layout needs.
    pub fn context(&self) -> serde_json::Value {
        serde_json::json!({
            "tenant": self.key.tenant,
            "role": self.key.role.as_str(),
            "key_id": self.key.id,
            "investigates": self.investigates(),
            "csrf": self.csrf,
        })
    }
}

/// Compare secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<Arc<AppState>> for Person {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Person, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        let next = parts
            .uri
            .path_and_query()
            .map_or("/queue", |p| p.as_str())
            .to_owned();
        let to_signin =
            || Redirect::to(&format!("/signin?next={}", component(&next))).into_response();
        let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(to_signin());
        };
        let found = state
            .blocking(move |store| store.session(&secret, Utc::now()))
            .await
            .map_err(|p| PageError::from(p).into_response())?;
        match found {
            Some(session) => Ok(Person {
                key: session.key,
                csrf: session.csrf,
            }),
            None => Err(to_signin()),
        }
    }
}

/// Unreserved characters and `/` stay as they are: a path reads as a path.
const IN_A_QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encode text for a URL's query or path.
pub(super) fn component(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, IN_A_QUERY).to_string()
}

/// Where to go after signing in: a path on this site only. Browsers drop tabs
/// and line breaks from a URL ("/\t/evil.example" is "//evil.example", another
/// site) and a line break cannot go in a header, so only visible ASCII is
/// taken, with no second slash at the start and no backslash.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && n.bytes().all(|b| b.is_ascii_graphic())
                && !n.starts_with("//")
                && !n.contains('\\') =>
        {
            n.to_owned()
        }
        _ => "/queue".to_owned(),
    }
}

fn random_token() -> Result<String, PageError> {
    bonafide_store::random_hex(24).map_err(|e| PageError::internal(&e))
}

#[derive(Debug, Deserialize)]
pub struct SigninQuery {
    next: Option<String>,
}

pub async fn signin_page(
    State(state): State<Arc<AppState>>,
    jar: CookieJar,
    Query(query): Query<SigninQuery>,
) -> Result<(CookieJar, Response), PageError> {
    let token = random_token()?;
    let cookie = Cookie::build((SIGNIN_COOKIE, token.clone()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .path("/signin");
    let page = state.pages.render(
        "signin.html",
        serde_json::json!({
            "csrf": token,
            "next": safe_next(query.next.as_deref()),
            "error": serde_json::Value::Null,
        }),
    )?;
    Ok((jar.add(cookie), page))
}

#[derive(Debug, Deserialize)]
pub struct SigninForm {
    key: String,
    csrf: String,
    next: Option<String>,
}

pub async fn signin(
    State(state): State<Arc<AppState>>,
    peer: Option<axum::Extension<crate::listen::Peer>>,
    jar: CookieJar,
    Form(form): Form<SigninForm>,
) -> Result<(CookieJar, Response), PageError> {
    let address = peer.map_or(std::net::IpAddr::from([0, 0, 0, 0]), |p| p.0 .0);
    if state.signins.check_key(&address).is_err() {
        let mut refused = PageError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Too many sign-in attempts from this address. Wait a minute and try again (at most {} a minute).",
                state.settings.signin_per_minute
            ),
        )
        .into_response();
        refused.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("60"),
        );
        return Ok((jar, refused));
    }
    let expected = jar.get(SIGNIN_COOKIE).map(|c| c.value().to_owned());
    if !expected.is_some_and(|e| same(e.as_bytes(), form.csrf.as_bytes())) {
        return Err(PageError::forbidden(
            "The sign-in form is out of date. Open the sign-in page again.",
        ));
    }
    let next = safe_next(form.next.as_deref());
    let again = |message: &str| -> Page {
        let mut page = state.pages.render(
            "signin.html",
            serde_json::json!({ "csrf": form.csrf, "next": next, "error": message }),
        )?;
        *page.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        Ok(page)
    };
    let secret = form.key.trim().to_owned();
    let key = state.blocking(move |store| store.find_key(&secret)).await?;
    let Some(key) = key else {
        return Ok((
            jar,
            again("That key is not known. Check it and try again.")?,
        ));
    };
    if key.role == Role::Integration {
        return Ok((
            jar,
            again("That is an integration key, for HR platforms. Sign in with your own key.")?,
        ));
    }
    let hours = i64::from(state.settings.session_hours.max(1));
    let who = key.id.clone();
    let (secret, _) = state
        .blocking(move |store| {
            let made = store.create_session(&key, Utc::now(), chrono::Duration::hours(hours))?;
            store.audit(Some(&key.tenant), &who, "sign_in", &who, Utc::now())?;
            Ok(made)
        })
        .await?;
    let cookie = Cookie::build((SESSION_COOKIE, secret))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .path("/");
    let jar = jar
        .remove(Cookie::build(SIGNIN_COOKIE).path("/signin"))
        .add(cookie);
    Ok((jar, Redirect::to(&next).into_response()))
}

#[derive(Debug, Deserialize)]
pub struct SignoutForm {
    csrf: String,
}

pub async fn signout(
    State(state): State<Arc<AppState>>,
    person: Person,
    jar: CookieJar,
    Form(form): Form<SignoutForm>,
) -> Result<(CookieJar, Response), PageError> {
    person.check(&form.csrf)?;
    if let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        state
            .blocking(move |store| store.end_session(&secret))
            .await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/signin").into_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/applications/farm-001")),
            "/applications/farm-001"
        );
        for outside in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil",
            "queue",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/ /evil.example/",
            "/queue\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(safe_next(Some(outside)), "/queue", "{outside}");
        }
        assert_eq!(safe_next(None), "/queue");
    }

    #[test]
    fn tokens_are_compared_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
    }
}
