//! Shipping and payroll on the fixture data: the laptop farm of
//! `fixtures/laptop-farm.jsonl` and the honest look-alikes next to it.

mod common;

use bonafide_engine::Engine;
use bonafide_model::{parse_application, Application, Tier, Verdict};
use common::{by_id, fixture, fixture_file, ids};
use serde_json::{json, Value};

fn score(apps: &[Application]) -> Vec<Verdict> {
    let f = fixture();
    Engine::new(&f.reference, &f.rules).score_batch(apps)
}

fn signal<'a>(verdict: &'a Verdict, id: &str) -> &'a bonafide_model::SignalReport {
    verdict
        .signals
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{} has no {id}: {:?}", verdict.application_id, ids(verdict)))
}

#[test]
fn a_dozen_hires_shipping_to_one_address_written_five_ways_are_one_farm() {
    let verdicts = score(&fixture_file("laptop-farm.jsonl"));
    let farm: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| v.application_id.starts_with("farm-"))
        .collect();
    assert_eq!(farm.len(), 12);
    for verdict in &farm {
        assert!(
            verdict.tier >= Tier::Review,
            "{}: {:?}",
            verdict.application_id,
            verdict.tier
        );
        // Linked to every other member, by the shipping address.
        let by_address = verdict
            .linked_applications
            .iter()
            .filter(|l| l.via.iter().any(|v| v == "shipping_address"))
            .count();
        assert_eq!(by_address, 11, "{}", verdict.application_id);
        let farm_signal = signal(verdict, "shipping.farm");
        assert_eq!(farm_signal.evidence["identities"], json!(12));
        assert_eq!(farm_signal.evidence["tenants"], json!(3));
        let address = farm_signal.evidence["address"].as_str().unwrap_or_default();
        assert!(address.contains("37211"), "{address}");
        assert!(
            !address.contains("4117"),
            "the street never shows: {address}"
        );
        // The ring's facts: its members and what joins them.
        let ring = signal(verdict, "identity.cluster");
        assert_eq!(ring.evidence["size"], json!(12));
        let shared = ring.evidence["shared"].as_str().unwrap_or_default();
        assert!(
            shared.contains("shipping address") && shared.contains("payroll account"),
            "{shared}"
        );
        assert!(
            signal(verdict, "payroll.shared_account").evidence["identities"].as_u64() >= Some(6)
        );
    }
}

#[test]
fn a_couple_sharing_a_home_and_a_joint_account_is_linked_but_stays_clear() {
    let verdicts = score(&fixture_file("laptop-farm.jsonl"));
    for id in ["couple-1", "couple-2"] {
        let verdict = by_id(&verdicts, id);
        assert_eq!(verdict.tier, Tier::Clear, "{id}: {:?}", ids(verdict));
        let via: Vec<&str> = verdict
            .linked_applications
            .iter()
            .flat_map(|l| l.via.iter().map(String::as_str))
            .collect();
        assert!(
            via.contains(&"shipping_address") && via.contains(&"payroll_account"),
            "{via:?}"
        );
    }
}

#[test]
fn honest_shipping_and_payment_services_stay_below_review() {
    let verdicts = score(&fixture_file("laptop-farm.jsonl"));
    let elsewhere = by_id(&verdicts, "honest-ship-1");
    assert_eq!(elsewhere.tier, Tier::Clear);
    assert_eq!(
        signal(elsewhere, "shipping.address_differs").evidence["shipping_place"],
        json!("PHOENIX, AZ 85004, US")
    );
    let wise = by_id(&verdicts, "honest-wise-1");
    assert_eq!(ids(wise), vec!["payroll.payment_service"]);
    assert!(wise.score < 40);
}

/// One application with the given payroll and shipping, otherwise clean.
fn one(payroll: Value, shipping: Value) -> Application {
    let record = json!({
        "application_id": "solo-1", "tenant_id": "acme",
        "position": { "start_date": "2026-05-04" },
        "candidate": {
            "full_name": "Jordan Avery Miller",
            "claimed_location": { "country": "US", "region": "CA", "city": "San Francisco" },
            "home_address": { "line1": "1234 Market St", "line2": "Apt 5", "city": "San Francisco",
                              "region": "CA", "postal_code": "94103", "country": "US" }
        },
        "sessions": [{ "at": "2026-04-01T18:00:00Z", "kind": "apply", "ip": "73.162.14.7",
                       "browser_timezone": "America/Los_Angeles" }],
        "payroll": payroll,
        "shipping": shipping
    });
    parse_application(&record.to_string()).expect("valid record")
}

#[test]
fn a_sanctioned_wallet_escalates_with_a_note_for_a_person() {
    let app = one(
        json!({ "method": "crypto", "wallet_address": "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED" }),
        json!(null),
    );
    let verdict = &score(&[app])[0];
    assert_eq!(verdict.tier, Tier::Escalate);
    let hit = signal(verdict, "payroll.sanctioned_wallet");
    assert!(
        hit.explanation.contains("must confirm"),
        "{}",
        hit.explanation
    );
    assert_eq!(hit.evidence["currency"], json!("ETH"));
    assert_eq!(
        signal(verdict, "payroll.crypto").evidence["network"],
        json!("ETH")
    );
}

#[test]
fn a_virtual_mailbox_is_found_by_list_and_by_its_pmb() {
    let app = one(
        json!({ "method": "bank_transfer", "account_holder": "Jordan Miller",
                "routing_number": "121000358", "account_number": "000123456789" }),
        json!({ "recipient": "Jordan A. Miller",
                "address": { "line1": "500 Congress Avenue", "line2": "PMB 4471", "city": "Austin",
                             "region": "TX", "postal_code": "78701", "country": "US" } }),
    );
    let verdict = &score(&[app])[0];
    let matched = signal(verdict, "shipping.forwarding").evidence["matched"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        matched.contains("virtual-mailboxes.csv") && matched.contains("pmb"),
        "{matched}"
    );
    assert!(!ids(verdict).contains(&"shipping.recipient_differs"));
    assert!(!ids(verdict).contains(&"payroll.holder_differs"));
    assert!(verdict.tier < Tier::Review);
}

#[test]
fn bad_bank_details_foreign_banks_and_late_changes_are_reported() {
    let app = one(
        json!({ "method": "bank_transfer", "account_holder": "Kim Song", "bank_country": "CN",
                "iban": "GB83WEST12345698765432", "routing_number": "121000359",
                "updated_at": "2026-05-09T09:00:00Z" }),
        json!({ "recipient": "Jordan Miller",
                "address": { "line1": "1234 Market Street", "line2": "Apt 6", "city": "San Francisco",
                             "region": "CA", "postal_code": "94103", "country": "US" },
                "requested_at": "2026-05-03T20:00:00Z" }),
    );
    let verdict = &score(&[app])[0];
    let problems = signal(verdict, "payroll.account_invalid").evidence["problems"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        problems.contains("IBAN") && problems.contains("routing"),
        "{problems}"
    );
    assert_eq!(
        signal(verdict, "payroll.bank_country_mismatch").evidence["bank_country"],
        json!("CN")
    );
    assert_eq!(
        signal(verdict, "payroll.holder_differs").evidence["account_holder"],
        json!("Kim Song")
    );
    assert_eq!(
        signal(verdict, "payroll.changed_soon").evidence["days"],
        json!(5)
    );
    // Apt 6 in the home's building: the weaker rule, not the other-address one.
    assert_eq!(
        signal(verdict, "shipping.other_unit").evidence["relation"],
        json!("another unit of the same building")
    );
    assert!(!ids(verdict).contains(&"shipping.address_differs"));
    assert_eq!(
        signal(verdict, "shipping.late_request").evidence["hours_before_start"],
        json!(4)
    );
}

#[test]
fn shipping_abroad_from_a_us_claim_is_a_contradiction() {
    let app = one(
        json!(null),
        json!({ "address": { "line1": "Jiefang Road 88", "city": "Dandong", "country": "CN" } }),
    );
    let verdict = &score(&[app])[0];
    assert_eq!(
        signal(verdict, "shipping.country_mismatch").evidence["shipping_country"],
        json!("CN")
    );
}

#[test]
fn names_in_evidence_carry_no_invisible_or_reordering_characters() {
    let app = one(
        json!({ "account_holder": "\u{202E}Dana\u{200B} Whitfield\u{0007}" }),
        json!({ "recipient": "R.\u{2066} Holloway" }),
    );
    let verdict = &score(&[app])[0];
    assert_eq!(
        signal(verdict, "payroll.holder_differs").evidence["account_holder"],
        json!("Dana Whitfield")
    );
    assert_eq!(
        signal(verdict, "shipping.recipient_differs").evidence["recipient"],
        json!("R. Holloway")
    );
}
