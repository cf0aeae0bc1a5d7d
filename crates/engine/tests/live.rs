//! Linking across time: applications scored one at a time as they arrive, with
//! the earlier ones re-scored when a new one links to them, end with the
//! verdicts of the whole batch scored at once.

mod common;

use bonafide_engine::{Engine, Live, StoredEntry};
use bonafide_model::{parse_application, Application, Verdict};
use common::{fixture, fixture_file};
use std::collections::HashMap;

fn corpus_and_fixtures() -> Vec<Application> {
    let mut apps: Vec<Application> = bonafide_testkit::corpus::corpus(12, 11)
        .into_iter()
        .filter_map(|(value, _)| parse_application(&value.to_string()).ok())
        .collect();
    for file in [
        "applications.jsonl",
        "laptop-farm.jsonl",
        "identity-ring.jsonl",
    ] {
        apps.extend(fixture_file(file));
    }
    apps
}

fn comparable(v: &Verdict) -> serde_json::Value {
    serde_json::to_value(v).expect("verdict serialises")
}

#[test]
fn live_scoring_ends_where_the_batch_does() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let apps = corpus_and_fixtures();
    assert!(apps.len() > 300, "{}", apps.len());
    let batch = engine.score_batch(&apps);

    let mut live = Live::default();
    let mut latest: HashMap<(String, String), Verdict> = HashMap::new();
    let mut rescored = 0;
    for app in &apps {
        // Through the store's bytes, as a restarted service would read it.
        let bytes = engine.local(app).to_stored().to_bytes();
        let entry = StoredEntry::from_bytes(&bytes).expect("entry reads back");
        let position = live.insert(entry);
        let verdict = live.score(&engine, position).expect("scored");
        latest.insert(
            (verdict.tenant_id.clone(), verdict.application_id.clone()),
            verdict,
        );
        for other in live.affected_by(position) {
            let again = live.score(&engine, other).expect("scored");
            rescored += 1;
            latest.insert(
                (again.tenant_id.clone(), again.application_id.clone()),
                again,
            );
        }
    }
    assert!(
        rescored > 100,
        "rings re-score their earlier members: {rescored}"
    );
    let mut linked = 0;
    for expected in &batch {
        let got = &latest[&(expected.tenant_id.clone(), expected.application_id.clone())];
        assert_eq!(
            comparable(got),
            comparable(expected),
            "{} differs between live and batch scoring",
            expected.application_id
        );
        linked += usize::from(!expected.linked_applications.is_empty());
    }
    assert!(linked > 100, "the corpus links: {linked}");
}

#[test]
fn an_entry_of_another_link_format_is_refused() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let app = &fixture_file("laptop-farm.jsonl")[0];
    let mut bytes = engine.local(app).to_stored().to_bytes();
    assert!(StoredEntry::from_bytes(&bytes).is_some());
    // The format fingerprint is the first field: change it.
    bytes[0] ^= 0x55;
    assert!(StoredEntry::from_bytes(&bytes).is_none());
    assert!(StoredEntry::from_bytes(b"not an entry").is_none());
}

/// The laptop farm in the fixtures, as an investigator's picture: twelve hires
/// around one shipping address (written five ways) and two payroll accounts;
/// the look-alikes in the same file stay out of it.
#[test]
fn the_laptop_farm_is_one_cluster_around_one_address_and_two_accounts() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let mut live = Live::default();
    for app in fixture_file("laptop-farm.jsonl") {
        live.insert(engine.local(&app).to_stored());
    }
    let at = live.position("acme", "farm-001").expect("kept");
    let view = live.cluster_view(at);
    let ids: Vec<&str> = view
        .members
        .iter()
        .map(|m| m.application_id.as_str())
        .collect();
    assert_eq!(ids.len(), 12, "{ids:?}");
    assert_eq!(ids[0], "farm-001");
    assert!(ids.iter().all(|id| id.starts_with("farm-")), "{ids:?}");
    let address = &view.shared[0];
    assert_eq!(address.kind, bonafide_signals::LinkKind::ShippingAddress);
    assert_eq!(address.members.len(), 12);
    assert!(address.label.contains("37211"), "{}", address.label);
    let accounts: Vec<usize> = view
        .shared
        .iter()
        .filter(|s| s.kind == bonafide_signals::LinkKind::PayrollAccount)
        .map(|s| s.members.len())
        .collect();
    assert_eq!(accounts, [6, 6], "{:?}", view.shared);
    // No raw account number reaches the picture.
    assert!(view.shared.iter().all(|s| !s.label.contains("4410029981")));

    // Search: the applications holding the farm's address key, and the accounts ending 9981.
    assert_eq!(live.holding(&address.key).len(), 12);
    let by_tail = live.with_account_ending("acme", "9981", 50);
    assert!(by_tail.contains(&"farm-001".to_owned()), "{by_tail:?}");
    assert!(
        by_tail.iter().all(|id| id.starts_with("farm-")),
        "{by_tail:?}"
    );
    assert!(live.with_account_ending("acme", "0000", 50).is_empty());
}
