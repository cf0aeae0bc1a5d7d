//! Delivering the outbox as Standard Webhooks: each message POSTed to its
//! subscriber, signed, and removed only when the subscriber answers 2xx.
//!
//! Order: the store hands out only the oldest waiting message of each
//! application, so one application's messages arrive one at a time and in
//! the order they were decided. A failure waits 1, 2, 4 … seconds (at most an
//! hour, ±20 % so that many retries do not arrive together, longer when the
//! subscriber says `Retry-After`); after `webhook_attempts` failures the
//! message is kept as a dead letter an admin can replay. `410 Gone` stops the
//! subscriber until an operator resumes it. Redirects are not followed. The
//! messages live in the store, so a restart resumes where it stopped.

use crate::AppState;
use base64::Engine;
use bonafide_service::Subscriber;
use bonafide_store::OutboxItem;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// Most messages in flight at once (each of a different application).
const IN_FLIGHT: usize = 32;
/// How long a subscriber may take to answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
/// A claimed message is not handed out again for this long (longer than an
/// answer may take), so that instances sharing a store do not both send it.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// The longest wait between two attempts, whatever `Retry-After` asks.
const LONGEST_WAIT_SECONDS: f64 = 3_600.0;

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: bonafide's own
/// signature header, still sent beside the standard one for receivers that
/// check it (deprecated; it goes in the next release).
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = hex::encode(mac.finalize().into_bytes());
    format!("t={timestamp},v1={digest}")
}

/// The key of a secret as Standard Webhooks read it: `whsec_` and base64, or
/// (any other text) its bytes.
pub fn signing_key(secret: &str) -> Result<Vec<u8>, String> {
    match secret.strip_prefix("whsec_") {
        Some(encoded) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| format!("a whsec_ secret is base64 after the prefix: {e}")),
        None => Ok(secret.as_bytes().to_vec()),
    }
}

/// The `webhook-signature` value: `v1,<base64 HMAC-SHA256 of "<id>.<t>.<body>">`
/// for each key, separated by spaces (several while a secret is rotated).
pub fn standard_signature(keys: &[Vec<u8>], id: &str, timestamp: i64, body: &[u8]) -> String {
    keys.iter()
        .filter_map(|key| {
            let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            let digest = mac.finalize().into_bytes();
            Some(format!(
                "v1,{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The keys every message to `subscriber` is signed with: the current secret's first.
pub(crate) fn signing_keys(subscriber: &Subscriber) -> Result<Vec<Vec<u8>>, String> {
    std::iter::once(&subscriber.secret)
        .chain(&subscriber.previous_secrets)
        .map(|secret| {
            signing_key(secret).map_err(|e| format!("webhook subscriber {}: {e}", subscriber.name))
        })
        .collect()
}

/// Seconds before the next attempt after `attempts` earlier failures,
/// without jitter: 1, 2, 4 … at most an hour.
fn backoff(attempts: u32) -> f64 {
    ((1u64 << attempts.min(12)) as f64).min(LONGEST_WAIT_SECONDS)
}

/// The wait after a failure: the backoff spread ±20 % (`spread` in 0..1),
/// or what the subscriber asked for when that is longer, at most an hour.
fn wait_after(attempts: u32, spread: f64, retry_after: Option<f64>) -> Duration {
    let jittered = backoff(attempts) * (0.8 + 0.4 * spread.clamp(0.0, 1.0));
    let seconds = retry_after
        .map_or(jittered, |asked| asked.max(jittered))
        .min(LONGEST_WAIT_SECONDS);
    Duration::from_secs_f64(seconds)
}

/// `Retry-After` in seconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3).
fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<f64> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds as f64);
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(((at.with_timezone(&Utc) - now).num_milliseconds().max(0) as f64) / 1_000.0)
}

/// Run forever: deliver what is due, at most [`IN_FLIGHT`] at once.
pub async fn deliver(state: Arc<AppState>) {
    let client = match reqwest::Client::builder()
        .timeout(ANSWER_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("bonafide-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "no HTTP client for webhooks: nothing is delivered");
            return;
        }
    };
    let mut flights = tokio::task::JoinSet::new();
    loop {
        let room = IN_FLIGHT - flights.len();
        let mut claimed = 0;
        if room > 0 {
            let now = Utc::now();
            let due = state
                .blocking(move |store| {
                    store.outbox_claim(now, now + LEASE, u32::try_from(room).unwrap_or(1))
                })
                .await
                .unwrap_or_default();
            claimed = due.len();
            let stopped: HashSet<String> = if due.is_empty() {
                HashSet::new()
            } else {
                state
                    .blocking(|store| store.stopped_subscribers())
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| s.subscriber)
                    .collect()
            };
            for item in due {
                let state = Arc::clone(&state);
                let client = client.clone();
                let stopped = stopped.contains(&item.subscriber);
                flights.spawn(async move { send(&state, &client, item, stopped).await });
            }
        }
        if claimed == 0 || flights.len() == IN_FLIGHT {
            // Wait for a flight to land or for new messages to come due.
            tokio::select! {
                _ = flights.join_next(), if !flights.is_empty() => {}
                () = tokio::time::sleep(Duration::from_millis(200)) => {}
            }
        }
        while flights.try_join_next().is_some() {}
    }
}

/// What one attempt came to.
enum Outcome {
    Delivered,
    /// Try again later (the reason, the wait the subscriber asked for).
    Failed(String, Option<f64>),
    /// The subscriber said 410 Gone: stop it.
    Gone,
}

async fn send(state: &AppState, client: &reqwest::Client, item: OutboxItem, stopped: bool) {
    let Some(subscriber) = state
        .settings
        .webhooks
        .iter()
        .find(|s| s.name == item.subscriber)
    else {
        // Configured away: keep it (a config may bring it back), try rarely.
        let id = item.id;
        let _ = state
            .blocking(move |store| {
                store.outbox_failed(
                    id,
                    Utc::now() + chrono::Duration::hours(1),
                    "no such subscriber",
                )
            })
            .await;
        return;
    };
    if stopped {
        let reason = "the subscriber is stopped (it answered 410 Gone); resume it, then replay";
        give_up(state, &item, reason).await;
        return;
    }
    let now = Utc::now();
    let keys = state
        .webhook_keys
        .get(&subscriber.name)
        .map_or(&[][..], Vec::as_slice);
    let outcome = attempt(client, subscriber, keys, &item, now).await;
    let id = item.id;
    match outcome {
        Outcome::Delivered => {
            state.metrics.webhook_deliveries.inc();
            let _ = state
                .blocking(move |store| store.outbox_delivered(id))
                .await;
        }
        Outcome::Gone => {
            let name = subscriber.name.clone();
            tracing::warn!(
                subscriber = %name,
                message = item.id,
                "webhook subscriber answered 410 Gone: stopped until `bonafide webhooks resume`"
            );
            let _ = state
                .blocking(move |store| store.subscriber_stop(&name, now, "answered 410 Gone"))
                .await;
            give_up(state, &item, "HTTP 410: the subscriber is gone").await;
        }
        Outcome::Failed(error, asked) => {
            state.metrics.webhook_failures.inc();
            tracing::info!(
                message = id,
                subscriber = %subscriber.name,
                attempt = item.attempts + 1,
                %error,
                "webhook delivery failed"
            );
            if item.attempts + 1 >= state.settings.webhook_attempts.max(1) {
                give_up(state, &item, &error).await;
                return;
            }
            let wait = wait_after(item.attempts, fastrand::f64(), asked);
            let next = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
            let _ = state
                .blocking(move |store| store.outbox_failed(id, next, &error))
                .await;
        }
    }
}

/// POST one message: its body gains the verdict's version and when it was decided.
async fn attempt(
    client: &reqwest::Client,
    subscriber: &Subscriber,
    keys: &[Vec<u8>],
    item: &OutboxItem,
    now: DateTime<Utc>,
) -> Outcome {
    let mut body = item.body.clone();
    if let Some(fields) = body.as_object_mut() {
        fields.insert("verdict_version".into(), item.verdict_version.into());
        fields.insert(
            "decided_at".into(),
            item.decided_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .into(),
        );
    }
    let body = body.to_string();
    let message_id = format!("msg_{}", item.id);
    let event = item.body["event"].as_str().unwrap_or("verdict").to_owned();
    let answer = client
        .post(&subscriber.url)
        .header("content-type", "application/json")
        .header("webhook-id", &message_id)
        .header("webhook-timestamp", now.timestamp().to_string())
        .header(
            "webhook-signature",
            standard_signature(keys, &message_id, now.timestamp(), body.as_bytes()),
        )
        .header("x-bonafide-event", event)
        .header("x-bonafide-delivery", item.id.to_string())
        .header(
            "x-bonafide-signature",
            signature(&subscriber.secret, now.timestamp(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => Outcome::Delivered,
        Ok(response) if response.status() == reqwest::StatusCode::GONE => Outcome::Gone,
        Ok(response) => {
            let status = response.status();
            let note = if status.is_redirection() {
                " (redirects are not followed)"
            } else {
                ""
            };
            Outcome::Failed(
                format!("HTTP {}{note}", status.as_u16()),
                retry_after(response.headers(), now),
            )
        }
        Err(e) => Outcome::Failed(
            if e.is_timeout() {
                "timed out".to_owned()
            } else {
                "could not connect".to_owned()
            },
            None,
        ),
    }
}

/// Keep a message as a dead letter, and say so.
async fn give_up(state: &AppState, item: &OutboxItem, reason: &str) {
    state.metrics.webhook_dead.inc();
    tracing::warn!(
        message = item.id,
        subscriber = %item.subscriber,
        tenant = %item.tenant,
        application = %item.application_id,
        attempts = item.attempts + 1,
        reason,
        "webhook message given up on: kept as a dead letter"
    );
    let (id, reason) = (item.id, reason.to_owned());
    let _ = state
        .blocking(move |store| store.outbox_dead(id, Utc::now(), &reason))
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_time_and_body() {
        let a = signature("s3cret", 1_700_000_000, b"{\"x\":1}");
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(a, signature("s3cret", 1_700_000_001, b"{\"x\":1}"));
        assert_ne!(a, signature("s3cret", 1_700_000_000, b"{\"x\":2}"));
        assert_ne!(a, signature("other", 1_700_000_000, b"{\"x\":1}"));
    }

    #[test]
    fn the_standard_signature_matches_the_specifications_example() {
        // The example of the Standard Webhooks specification.
        let key = signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("key");
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            standard_signature(&[key], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert!(signing_key("whsec_not base64!").is_err());
        assert_eq!(signing_key("plain").expect("bytes"), b"plain");
    }

    #[test]
    fn rotation_signs_with_every_secret() {
        let keys = [b"new".to_vec(), b"old".to_vec()];
        let both = standard_signature(&keys, "msg_1", 1, b"{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], standard_signature(&keys[..1], "msg_1", 1, b"{}"));
        assert_eq!(parts[1], standard_signature(&keys[1..], "msg_1", 1, b"{}"));
    }

    #[test]
    fn waits_double_spread_and_honour_retry_after_up_to_an_hour() {
        assert_eq!(backoff(0), 1.0);
        assert_eq!(backoff(3), 8.0);
        assert_eq!(backoff(40), 3_600.0);
        assert_eq!(wait_after(3, 0.0, None), Duration::from_secs_f64(6.4));
        assert_eq!(wait_after(3, 1.0, None), Duration::from_secs_f64(9.6));
        assert_eq!(wait_after(0, 0.5, Some(120.0)), Duration::from_secs(120));
        assert_eq!(
            wait_after(0, 0.5, Some(86_400.0)),
            Duration::from_secs(3_600)
        );
        // A Retry-After shorter than the backoff does not hurry it.
        assert_eq!(wait_after(5, 0.5, Some(1.0)), Duration::from_secs(32));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);
        headers.insert("retry-after", "120".parse().expect("value"));
        assert_eq!(retry_after(&headers, now), Some(120.0));
        headers.insert(
            "retry-after",
            "Thu, 03 Dec 2026 10:05:00 GMT".parse().expect("value"),
        );
        assert_eq!(retry_after(&headers, now), Some(300.0));
        headers.insert("retry-after", "soon".parse().expect("value"));
        assert_eq!(retry_after(&headers, now), None);
    }
}
