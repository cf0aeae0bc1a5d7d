//! Okta System Log events (`GET /api/v1/logs`): a successful sign-in
//! (`user.session.start`) or verification (`user.authentication.*`) of the
//! user `actor.alternateId` becomes a session: `published`, `client.ipAddress`,
//! `client.userAgent.rawUserAgent`, the device Okta knows (`device.id`), and
//! the authenticator that completed it (the `AuthenticatorEnrollment` target).

use crate::{ip, text, time, Hire, Record};
use serde_json::{json, Value};

pub(crate) fn record(event: &Value) -> Result<Record, String> {
    if !event.is_object() {
        return Err("not a JSON object".into());
    }
    let kind = text(event, "/eventType").ok_or("eventType: missing")?;
    let sign_in = kind == "user.session.start" || kind.starts_with("user.authentication.");
    let succeeded = matches!(text(event, "/outcome/result"), Some("SUCCESS" | "ALLOW"));
    if !sign_in || !succeeded {
        return Ok(Record::Skip);
    }
    let user = text(event, "/actor/alternateId").ok_or("actor.alternateId: missing")?;
    let mut session = json!({
        "at": time(event, "/published")?,
        "kind": "login",
        "source": "okta",
    });
    if let Some(ip) = ip(event, "/client/ipAddress")? {
        session["ip"] = json!(ip);
    }
    if let Some(agent) = text(event, "/client/userAgent/rawUserAgent") {
        session["user_agent"] = json!(agent);
    }
    if let Some(device) = text(event, "/device/id") {
        session["device_id"] = json!(device);
    }
    let authenticator = event["target"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["type"] == "AuthenticatorEnrollment")
        .and_then(|t| text(t, "/id"));
    if let Some(authenticator) = authenticator {
        session["authenticator_id"] = json!(authenticator);
    }
    Ok(Record::Session(Hire::Email(user.to_lowercase()), session))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verified_sign_in_is_a_session_and_the_rest_is_skipped() {
        let event = json!({
            "uuid": "e1", "published": "2026-04-09T14:02:11.482Z",
            "eventType": "user.authentication.auth_via_mfa",
            "actor": { "id": "00u1", "type": "User", "alternateId": "JMiller@Acme-Corp.example" },
            "client": { "ipAddress": "73.162.40.17",
                        "userAgent": { "rawUserAgent": "Mozilla/5.0 (Macintosh)" } },
            "device": { "id": "guo4a5u7YAHhjXrMK0g4", "name": "MacBook" },
            "outcome": { "result": "SUCCESS" },
            "target": [{ "id": "pfd1", "type": "User" },
                       { "id": "opf1a2b3c4d5e6f7g8h9", "type": "AuthenticatorEnrollment" }]
        });
        let Ok(Record::Session(hire, session)) = record(&event) else {
            panic!("a session");
        };
        assert_eq!(hire, Hire::Email("jmiller@acme-corp.example".into()));
        assert_eq!(session["at"], "2026-04-09T14:02:11Z");
        assert_eq!(session["ip"], "73.162.40.17");
        assert_eq!(session["device_id"], "guo4a5u7YAHhjXrMK0g4");
        assert_eq!(session["authenticator_id"], "opf1a2b3c4d5e6f7g8h9");
        let mut failed = event.clone();
        failed["outcome"]["result"] = json!("FAILURE");
        assert!(matches!(record(&failed), Ok(Record::Skip)));
        let mut policy = event.clone();
        policy["eventType"] = json!("policy.evaluate_sign_on");
        assert!(matches!(record(&policy), Ok(Record::Skip)));
        let mut bad = event.clone();
        bad["client"]["ipAddress"] = json!("not-an-ip");
        assert!(record(&bad).is_err_and(|e| e.contains("not an IP")));
        let mut undated = event;
        undated.as_object_mut().map(|e| e.remove("published"));
        assert!(record(&undated).is_err_and(|e| e.contains("published")));
    }
}
