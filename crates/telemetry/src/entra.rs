//! Microsoft Entra sign-in logs (Graph `signIn`): a successful sign-in
//! (`status.errorCode` 0) of `userPrincipalName` becomes a session:
//! `createdDateTime`, `ipAddress`, the registered device
//! (`deviceDetail.deviceId`, when Entra knows it) and the user agent where
//! the beta endpoint gives one.

use crate::{ip, text, time, Hire, Record};
use serde_json::{json, Value};

pub(crate) fn record(sign_in: &Value) -> Result<Record, String> {
    if !sign_in.is_object() {
        return Err("not a JSON object".into());
    }
    let code = &sign_in["status"]["errorCode"];
    if code.is_null() {
        return Err("status.errorCode: missing".into());
    }
    let succeeded = code.as_i64() == Some(0) || code.as_str() == Some("0");
    if !succeeded {
        return Ok(Record::Skip);
    }
    let user = text(sign_in, "/userPrincipalName").ok_or("userPrincipalName: missing")?;
    let mut session = json!({
        "at": time(sign_in, "/createdDateTime")?,
        "kind": "login",
        "source": "entra",
    });
    if let Some(ip) = ip(sign_in, "/ipAddress")? {
        session["ip"] = json!(ip);
    }
    if let Some(device) = text(sign_in, "/deviceDetail/deviceId") {
        session["device_id"] = json!(device);
    }
    if let Some(agent) = text(sign_in, "/userAgent") {
        session["user_agent"] = json!(agent);
    }
    Ok(Record::Session(Hire::Email(user.to_lowercase()), session))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_successful_sign_in_is_a_session() {
        let sign_in = json!({
            "id": "66ea54eb", "createdDateTime": "2026-04-10T01:12:44Z",
            "userPrincipalName": "jmiller@acme-corp.example", "ipAddress": "2001:db8::7",
            "status": { "errorCode": 0 },
            "deviceDetail": { "deviceId": "", "operatingSystem": "Windows10", "browser": "Edge 124" }
        });
        let Ok(Record::Session(hire, session)) = record(&sign_in) else {
            panic!("a session");
        };
        assert_eq!(hire, Hire::Email("jmiller@acme-corp.example".into()));
        assert_eq!(session["ip"], "2001:db8::7");
        assert!(
            session.get("device_id").is_none(),
            "an empty device id is none"
        );
        let mut failed = sign_in.clone();
        failed["status"]["errorCode"] = json!(50126);
        assert!(matches!(record(&failed), Ok(Record::Skip)));
        let mut undated = sign_in;
        undated["createdDateTime"] = json!("yesterday");
        assert!(record(&undated).is_err_and(|e| e.contains("RFC 3339")));
        assert!(record(&json!([1, 2])).is_err());
    }
}
