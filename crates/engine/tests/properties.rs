//! Invariants of whole verdicts over generated batches (proptest): scores stay
//! in 0..=100 and agree with their tier, and the same batch scores the same twice.

mod common;

use bonafide_engine::Engine;
use bonafide_model::{parse_application, Application, Tier};
use common::fixture;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Text that should not break anything: empty, huge, controls, bidi, other scripts.
fn odd_text() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("")),
        Just(json!("\u{202E}\u{200B}\u{0000}")),
        Just(json!("x".repeat(5_000))),
        Just(json!(null)),
        "\\PC{0,40}".prop_map(Value::from),
    ]
}

/// A corpus batch with some string fields replaced by odd text.
fn batch() -> impl Strategy<Value = Vec<Application>> {
    (
        any::<u64>(),
        prop::collection::vec((0usize..40, 0usize..8, odd_text()), 0..12),
    )
        .prop_map(|(seed, edits)| {
            let mut records: Vec<Value> = bonafide_testkit::corpus::corpus(1, seed)
                .into_iter()
                .map(|(record, _)| record)
                .collect();
            let paths: [&[&str]; 8] = [
                &["candidate", "full_name"],
                &["candidate", "home_address", "line1"],
                &["shipping", "address", "line1"],
                &["shipping", "recipient"],
                &["payroll", "account_holder"],
                &["payroll", "iban"],
                &["payroll", "wallet_address"],
                &["candidate", "claimed_location", "city"],
            ];
            for (which, path, value) in edits {
                let count = records.len();
                if let Some(record) = records.get_mut(which % count.max(1)) {
                    let (last, parents) = paths[path].split_last().expect("non-empty path");
                    let mut node = &mut *record;
                    for key in parents {
                        node = &mut node[*key];
                    }
                    if node.is_object() {
                        node[*last] = value;
                    }
                }
            }
            records
                .iter()
                .filter_map(|r| parse_application(&r.to_string()).ok())
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn scores_stay_in_range_agree_with_tiers_and_repeat(apps in batch()) {
        let f = fixture();
        let engine = Engine::new(&f.reference, &f.rules);
        let first = engine.score_batch(&apps);
        let second = engine.score_batch(&apps);
        prop_assert_eq!(first.len(), apps.len());
        for (a, b) in first.iter().zip(&second) {
            prop_assert!(a.score <= 100);
            let expected = if a.score >= f.rules.tiers.escalate {
                Tier::Escalate
            } else if a.score >= f.rules.tiers.review {
                Tier::Review
            } else {
                Tier::Clear
            };
            prop_assert_eq!(a.tier, expected);
            prop_assert_eq!(
                serde_json::to_string(a).expect("serialises"),
                serde_json::to_string(b).expect("serialises")
            );
        }
    }
}

/// One person's submissions under several forms of the name are merged by
/// complete linkage, whose result depends on the order pairs are met in; a
/// batch full of duplicate submissions, households and rings must still score
/// the same every time (two batches hash their keys in different orders).
#[test]
fn a_field_batch_scores_the_same_every_time() {
    let f = fixture();
    let apps: Vec<Application> = bonafide_testkit::field::field_corpus(2_500, 3)
        .into_iter()
        .filter_map(|(record, _)| parse_application(&record.to_string()).ok())
        .collect();
    let engine = Engine::new(&f.reference, &f.rules);
    let first = engine.score_batch(&apps);
    for _ in 0..1 {
        let again = engine.score_batch(&apps);
        let differing: Vec<&str> = first
            .iter()
            .zip(&again)
            .filter(|(a, b)| {
                serde_json::to_string(a).expect("serialises")
                    != serde_json::to_string(b).expect("serialises")
            })
            .map(|(a, _)| a.application_id.as_str())
            .collect();
        assert!(
            differing.is_empty(),
            "{} verdicts changed: {:?}",
            differing.len(),
            &differing[..differing.len().min(5)]
        );
    }
}
