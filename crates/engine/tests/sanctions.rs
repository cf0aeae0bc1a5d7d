//! Sanctions signals on the fixture list (`fixtures/sanctions/sdn_advanced-fixture.xml`).

mod common;

use bonafide_engine::Engine;
use bonafide_model::{parse_application, Application, Tier, Verdict};
use common::{fixture, ids};
use serde_json::{json, Value};

fn score(apps: &[Application]) -> Vec<Verdict> {
    let f = fixture();
    Engine::new(&f.reference, &f.rules).score_batch(apps)
}

fn app(candidate: Value, payroll: Value, shipping: Value) -> Application {
    let record = json!({
        "application_id": "sanctions-1", "tenant_id": "acme",
        "candidate": candidate,
        "sessions": [{ "at": "2026-04-01T18:00:00Z", "kind": "apply", "ip": "73.162.14.7",
                       "browser_timezone": "America/Los_Angeles" }],
        "payroll": payroll,
        "shipping": shipping
    });
    parse_application(&record.to_string()).expect("valid record")
}

fn person(name: &str, dob: Option<&str>) -> Value {
    json!({
        "full_name": name,
        "date_of_birth": dob,
        "claimed_location": { "country": "US", "region": "CA", "city": "San Francisco" }
    })
}

fn signal<'a>(verdict: &'a Verdict, id: &str) -> Option<&'a bonafide_model::SignalReport> {
    verdict.signals.iter().find(|s| s.id == id)
}

#[test]
fn a_designated_person_under_another_romanisation_escalates_with_a_note() {
    let verdict = &score(&[app(
        person("Seong Geum-hyeok", Some("1987-08-30")),
        json!(null),
        json!(null),
    )])[0];
    assert_eq!(verdict.tier, Tier::Escalate, "{:?}", ids(verdict));
    let hit = signal(verdict, "sanctions.person").expect("sanctions.person");
    assert_eq!(hit.evidence["uid"], json!("49970"));
    assert_eq!(hit.evidence["basis"], json!("name and date of birth"));
    assert!(
        hit.explanation.contains("must confirm"),
        "{}",
        hit.explanation
    );
    assert!(
        hit.explanation.contains("Song Kum Hyok"),
        "{}",
        hit.explanation
    );
    // The verdict names the list and its issue date.
    let versions = serde_json::to_value(&verdict.versions).expect("versions");
    assert!(versions.to_string().contains("2026-01-15"), "{versions}");
}

#[test]
fn a_contradicting_date_of_birth_keeps_a_namesake_out_of_escalate() {
    let verdict = &score(&[app(
        person("Song Kum Hyok", Some("1990-02-11")),
        json!(null),
        json!(null),
    )])[0];
    assert_ne!(verdict.tier, Tier::Escalate);
    assert!(
        signal(verdict, "sanctions.person").is_none(),
        "{:?}",
        ids(verdict)
    );
}

#[test]
fn a_common_name_alone_reaches_review_at_most() {
    let verdict = &score(&[app(person("Kim Chol", None), json!(null), json!(null))])[0];
    assert_eq!(verdict.tier, Tier::Review, "{:?}", ids(verdict));
    assert!(ids(verdict).contains(&"sanctions.person_possible"));
}

#[test]
fn pay_to_a_listed_company_or_its_wallet_escalates() {
    let holder = app(
        person("Jordan Avery Miller", None),
        json!({ "method": "bank_transfer", "account_holder": "Yanbian Silverstar Network Technology Co Ltd" }),
        json!(null),
    );
    let wallet = app(
        person("Jordan Avery Miller", None),
        json!({ "method": "crypto", "wallet_address": "0x52908400098527886e0f7030069857d2e4169ee7" }),
        json!(null),
    );
    let recipient = app(
        person("Jordan Avery Miller", None),
        json!(null),
        json!({ "recipient": "Vitaly Andreev",
                "address": { "line1": "1 Main St", "city": "Nashville", "region": "TN", "postal_code": "37211", "country": "US" } }),
    );
    let verdicts = score(&[holder]);
    assert_eq!(verdicts[0].tier, Tier::Escalate);
    assert_eq!(
        signal(&verdicts[0], "sanctions.payee")
            .expect("payee")
            .evidence["uid"],
        json!("24977")
    );
    let verdicts = score(&[wallet]);
    assert_eq!(verdicts[0].tier, Tier::Escalate);
    let hit = signal(&verdicts[0], "sanctions.wallet").expect("wallet");
    assert_eq!(
        hit.evidence["matched_name"],
        json!("ETH 0x52908400098527886E0F7030069857D2E4169EE7")
    );
    let verdicts = score(&[recipient]);
    assert_eq!(
        signal(&verdicts[0], "sanctions.recipient")
            .expect("recipient")
            .evidence["uid"],
        json!("55065")
    );
}

#[test]
fn a_listed_document_number_hits_exactly_and_shows_masked() {
    let record = json!({
        "application_id": "doc-1",
        "candidate": { "full_name": "Anna Schmidt" },
        "documents": [{ "kind": "passport", "number": "FX1234567", "issuing_country": "RU" }]
    });
    let verdict = &score(&[parse_application(&record.to_string()).expect("valid")])[0];
    let hit = signal(verdict, "sanctions.person").expect("identifier hit");
    assert_eq!(hit.evidence["basis"], json!("identifier"));
    let shown = hit.evidence["matched_name"].as_str().expect("text");
    assert!(
        !shown.contains("FX1234567") && shown.ends_with("4567"),
        "{shown}"
    );
    assert_eq!(verdict.tier, Tier::Escalate);
}

#[test]
fn ordinary_applicants_are_not_screened_into_review() {
    for name in [
        "Jordan Avery Miller",
        "Maria Garcia",
        "Li Wei",
        "Ivan Petrov",
        "Mohammed Ali",
    ] {
        let verdict = &score(&[app(person(name, None), json!(null), json!(null))])[0];
        assert!(
            !ids(verdict).iter().any(|id| id.starts_with("sanctions.")),
            "{name}: {:?}",
            ids(verdict)
        );
    }
}

#[test]
fn the_sanctions_fixture_reads_as_its_story() {
    let verdicts = score(&common::fixture_file("sanctions.jsonl"));
    let tiers: Vec<(&str, Tier)> = verdicts
        .iter()
        .map(|v| (v.application_id.as_str(), v.tier))
        .collect();
    assert_eq!(
        tiers,
        [
            ("sanc-001", Tier::Escalate), // listed person, another romanisation, the list's date of birth
            ("sanc-002", Tier::Clear),    // a namesake born on another day
            ("sanc-003", Tier::Escalate), // pay to a listed company
            ("sanc-004", Tier::Review),   // a common name, nothing to confirm it
            ("sanc-005", Tier::Escalate), // a wallet the list gives for a party
        ]
    );
    let wallet = signal(&verdicts[4], "sanctions.wallet").expect("wallet");
    assert!(
        wallet.explanation.contains("listed for Testova Ivana"),
        "{}",
        wallet.explanation
    );
    let person = signal(&verdicts[0], "sanctions.person").expect("person");
    assert!(
        person.explanation.contains("score 100%"),
        "{}",
        person.explanation
    );
}
