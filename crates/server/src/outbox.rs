//! Delivering the outbox: each message POSTed to its subscriber, signed, and
//! removed only when the subscriber answers 2xx; a failure waits 2^attempts
//! seconds (at most an hour) before the next try. The messages live in the
//! store, so a restart resumes where it stopped.

use crate::AppState;
use bonafide_store::OutboxItem;
use chrono::Utc;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;

/// Most messages in flight at once.
const IN_FLIGHT: u32 = 32;

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is
/// signed with the body so that a captured delivery cannot be replayed later.
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

/// Seconds before the next attempt after `attempts` failures.
fn backoff(attempts: u32) -> i64 {
    (1i64 << attempts.min(12)).min(3_600)
}

/// Run forever: deliver what is due.
pub async fn deliver(state: Arc<AppState>) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("bonafide serve: no HTTP client for webhooks: {e}");
            return;
        }
    };
    loop {
        let due = state
            .blocking(|store| store.outbox_due(Utc::now(), IN_FLIGHT))
            .await
            .unwrap_or_default();
        if due.is_empty() {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        let mut flights = tokio::task::JoinSet::new();
        for item in due {
            let state = Arc::clone(&state);
            let client = client.clone();
            flights.spawn(async move { send(&state, &client, item).await });
        }
        while flights.join_next().await.is_some() {}
    }
}

async fn send(state: &AppState, client: &reqwest::Client, item: OutboxItem) {
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
    let body = item.body.to_string();
    let now = Utc::now();
    let event = item.body["event"].as_str().unwrap_or("verdict").to_owned();
    let answer = client
        .post(&subscriber.url)
        .header("content-type", "application/json")
        .header("x-bonafide-event", event)
        .header("x-bonafide-delivery", item.id.to_string())
        .header(
            "x-bonafide-signature",
            signature(&subscriber.secret, now.timestamp(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await;
    let id = item.id;
    let failure = match answer {
        Ok(response) if response.status().is_success() => None,
        Ok(response) => Some(format!("HTTP {}", response.status().as_u16())),
        Err(e) => Some(if e.is_timeout() {
            "timed out".to_owned()
        } else {
            "could not connect".to_owned()
        }),
    };
    match failure {
        None => {
            state.metrics.webhook_deliveries.inc();
            let _ = state
                .blocking(move |store| store.outbox_delivered(id))
                .await;
        }
        Some(error) => {
            state.metrics.webhook_failures.inc();
            let next = now + chrono::Duration::seconds(backoff(item.attempts));
            let _ = state
                .blocking(move |store| store.outbox_failed(id, next, &error))
                .await;
        }
    }
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
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(0), 1);
        assert_eq!(backoff(3), 8);
        assert_eq!(backoff(11), 2_048);
        assert_eq!(backoff(40), 3_600);
    }
}
