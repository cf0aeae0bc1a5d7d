//! What arrives from outside the API's own format: a Greenhouse web hook body
//! (signature check, mapping into the contract) and verdict JSON redacted and
//! masked (no panic; masking is idempotent; a redacted id is gone).
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let header = bonafide_fuzz::text(&data[..data.len().min(80)]);
    let _ = bonafide_server::greenhouse_signed("secret", &header, data);
    let signed = bonafide_server::greenhouse_signature("secret", data);
    assert!(bonafide_server::greenhouse_signed("secret", &signed, data));
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if let Ok(app) = bonafide_server::map_greenhouse(&value) {
        assert!(app["application_id"].as_str().is_some_and(|id| id.starts_with("gh-")));
        let _ = bonafide_model::parse_application(&app.to_string());
    }
    let mut masked = value.clone();
    bonafide_server::mask_for_recruiter(&mut masked);
    let mut twice = masked.clone();
    bonafide_server::mask_for_recruiter(&mut twice);
    assert_eq!(masked, twice, "masking twice changes nothing");
    let mut redacted = value;
    let id = "app-fuzz-7";
    bonafide_server::redact_foreign(&mut redacted, &[id.to_owned()]);
    if let Some(links) = redacted["linked_applications"].as_array() {
        assert!(links.iter().all(|l| l["application_id"] != id));
    }
});
