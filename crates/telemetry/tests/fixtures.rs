//! The readers on files written from the vendors' published schemas by
//! someone who had not seen the readers (`fixtures/telemetry/`, see its README).

use bonafide_telemetry::{read, Hire, Piece, Source};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/telemetry")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn piece<'a>(pieces: &'a [Piece], hire: &Hire) -> &'a Piece {
    pieces
        .iter()
        .find(|p| &p.hire == hire)
        .unwrap_or_else(|| panic!("no piece for {hire:?}"))
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item[key].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn osquery_hosts_become_one_observation_each() {
    let got = read(Source::Osquery, &fixture("osquery-results.log"));
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    assert_eq!(got.pieces.len(), 2);
    let mac = piece(&got.pieces, &Hire::Device("C02XK0AAJG5H".into()));
    let device = &mac.devices[0];
    assert_eq!(device["serial"], "C02XK0AAJG5H");
    let usb = names(&device["usb_devices"], "model_id");
    assert!(usb.contains(&"0104".to_owned()), "the KVM gadget: {usb:?}");
    assert!(usb.contains(&"c52b".to_owned()), "the Logitech receiver");
    assert!(!usb.contains(&"0407".to_owned()), "the YubiKey was removed");
    let software = names(&device["software"], "name");
    assert!(
        software.iter().any(|n| n.starts_with("AnyDesk")),
        "{software:?}"
    );
    assert!(
        software.iter().any(|n| n.starts_with("zoom.us")),
        "{software:?}"
    );
    // The observation is a valid contract `devices[]` entry.
    let parsed: bonafide_model::Device =
        serde_json::from_value(device.clone()).expect("a contract device");
    assert!(parsed.observed_at.is_some_and(|t| t.get().is_some()));
    let windows = piece(&got.pieces, &Hire::Device("5CG1234XYZ".into()));
    let software = names(&windows.devices[0]["software"], "name");
    assert!(
        software.contains(&"TeamViewer.exe".to_owned()),
        "{software:?}"
    );
    assert!(
        software.contains(&"Microsoft Teams".to_owned()),
        "{software:?}"
    );
}

#[test]
fn okta_and_entra_sign_ins_become_sessions_of_their_user() {
    let okta = read(Source::Okta, &fixture("okta-system-log.json"));
    assert!(okta.errors.is_empty(), "{:?}", okta.errors);
    assert_eq!(okta.skipped, 1, "the sign-on policy challenge");
    let jm = Hire::Email("jmiller@acme-corp.example".into());
    let sessions = &piece(&okta.pieces, &jm).sessions;
    assert_eq!(sessions.len(), 5);
    let ips = names(&Value::Array(sessions.clone()), "ip");
    assert!(ips.contains(&"95.165.148.22".to_owned()));
    assert!(sessions.iter().any(|s| s["authenticator_id"].is_string()));
    assert!(sessions.iter().any(|s| s["device_id"].is_string()));
    for session in sessions {
        let parsed: bonafide_model::Session =
            serde_json::from_value(session.clone()).expect("a contract session");
        assert!(parsed.ip.is_some_and(|ip| ip.get().is_some()));
    }
    let entra = read(Source::Entra, &fixture("entra-signins.json"));
    assert!(entra.errors.is_empty(), "{:?}", entra.errors);
    assert_eq!(entra.skipped, 1, "the failed sign-in (50126)");
    assert_eq!(piece(&entra.pieces, &jm).sessions.len(), 3);
    assert_eq!(
        piece(
            &entra.pieces,
            &Hire::Email("pat.lee@acme-corp.example".into())
        )
        .sessions
        .len(),
        1
    );
}

#[test]
fn every_malformed_record_is_answered_with_its_line() {
    // Lines (see malformed.README): 1 truncated, 2 Okta without `published`,
    // 3 `{}`, 4 osquery `columns` as a string, 5 Entra "yesterday", 6 an array,
    // 7 Okta "not-an-ip", 8 osquery with a NUL (readable once cleaned).
    let text = fixture("malformed.jsonl");
    let lines =
        |source| -> Vec<usize> { read(source, &text).errors.iter().map(|e| e.line).collect() };
    let osquery = read(Source::Osquery, &text);
    assert_eq!(lines(Source::Osquery), vec![1, 2, 3, 4, 5, 6, 7]);
    assert!(osquery.errors[3].reason.contains("columns"));
    assert_eq!(osquery.pieces.len(), 1, "line 8 is read");
    assert!(!osquery.pieces[0].devices[0].to_string().contains('\u{0}'));
    let okta = read(Source::Okta, &text);
    assert!(okta
        .errors
        .iter()
        .any(|e| e.line == 2 && e.reason == "published: missing"));
    assert!(okta
        .errors
        .iter()
        .any(|e| e.line == 7 && e.reason.contains("client.ipAddress")));
    assert!(okta.pieces.is_empty());
    let entra = read(Source::Entra, &text);
    assert!(entra
        .errors
        .iter()
        .any(|e| e.line == 5 && e.reason.contains("createdDateTime")));
    assert!(entra.pieces.is_empty());
    // Every line is either refused with a reason or read: none is lost silently.
    for source in [Source::Okta, Source::Entra] {
        let got = read(source, &text);
        assert_eq!(
            got.errors.len() + got.skipped + got.pieces.len(),
            8,
            "{source:?}"
        );
    }
}
