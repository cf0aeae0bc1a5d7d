//! Screening quality on the real OFAC list: every DPRK-programme entry in
//! several spellings (recall) and 12,000 ordinary names from twelve cultures
//! (false positives). Skipped when `BONAFIDE_REAL_DATA` is unset; the figures
//! are floors, and docs/sanctions.md quotes them.

mod common;

use bonafide_sanctions::{load, KindFilter, PartyKind, Query, Screener};
use bonafide_testkit::screening::{ordinary_names, variants, Spelling};
use std::collections::BTreeMap;

/// A match at or above this is reported (and reaches review in scoring).
const REPORT: f64 = 0.80;
/// A match at or above this reaches escalate in scoring.
const CERTAIN: f64 = 0.90;

fn screener() -> Option<Screener> {
    let data = common::real_data()?;
    let file = data.join("sanctions/ofac-sdn-advanced-2025-11-19/sdn_advanced.xml.bz2");
    let cache = std::env::temp_dir().join("bonafide-test-cache");
    let list = load(&file, Some(&cache)).expect("list loads").list;
    Some(Screener::new(vec![list], common::variants()))
}

#[test]
fn dprk_entries_are_found_under_other_spellings_and_ordinary_names_are_not() {
    let Some(screener) = screener() else {
        eprintln!("BONAFIDE_REAL_DATA unset: skipped");
        return;
    };
    let mut rng = fastrand::Rng::with_seed(2026);
    let dprk: Vec<_> = screener
        .parties()
        .filter(|(_, p)| p.programs.iter().any(|g| g.starts_with("DPRK")))
        .filter(|(_, p)| matches!(p.kind, PartyKind::Person | PartyKind::Entity))
        .map(|(_, p)| p.clone())
        .collect();
    assert!(dprk.len() > 300, "{} DPRK entries", dprk.len());
    let mut per_kind: BTreeMap<Spelling, (usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for party in &dprk {
        let person = party.kind == PartyKind::Person;
        for (spelling, text) in variants(party.primary_name(), person, person, &mut rng) {
            let query = Query {
                name: Some(&text),
                kind: if person {
                    KindFilter::Person
                } else {
                    KindFilter::Entity
                },
                ..Query::default()
            };
            let hits = screener.screen(&query, REPORT, 10);
            let found = hits.iter().find(|m| m.party.uid == party.uid);
            let entry = per_kind.entry(spelling).or_default();
            entry.0 += 1;
            if found.is_some() {
                entry.1 += 1;
            } else {
                misses.push(format!(
                    "{} [{}] as {:?}",
                    party.primary_name(),
                    spelling.as_str(),
                    text
                ));
            }
            if found.is_some_and(|m| m.score >= CERTAIN) {
                entry.2 += 1;
            }
        }
    }
    let (total, found, certain) = per_kind
        .values()
        .fold((0, 0, 0), |a, v| (a.0 + v.0, a.1 + v.1, a.2 + v.2));
    eprintln!("{} DPRK-programme entries, {total} probes", dprk.len());
    for (kind, (n, hit, sure)) in &per_kind {
        eprintln!(
            "  {:<11} {n:>4}  recall {:.3}  at ≥ {CERTAIN}: {:.3}",
            kind.as_str(),
            *hit as f64 / *n as f64,
            *sure as f64 / *n as f64
        );
    }
    let recall = found as f64 / total as f64;
    eprintln!(
        "  all         {total:>4}  recall {recall:.4}  at ≥ {CERTAIN}: {:.3}",
        certain as f64 / total as f64
    );
    for miss in misses.iter().take(25) {
        eprintln!("  missed: {miss}");
    }

    let names = ordinary_names(12_000, &mut rng);
    let mut false_hits = Vec::new();
    let mut namesakes = 0;
    let mut by_culture: BTreeMap<&str, usize> = BTreeMap::new();
    for (culture, name) in &names {
        let query = Query {
            name: Some(name),
            kind: KindFilter::Person,
            ..Query::default()
        };
        let hits = screener.screen(&query, REPORT, 3);
        let Some(best) = hits.first() else {
            continue;
        };
        let mut mine = screener.words(name);
        let mut theirs = screener.words(&best.matched);
        mine.sort();
        theirs.sort();
        if mine == theirs {
            // The same name as a listed person: a true name match, for a person to rule out.
            namesakes += 1;
            continue;
        }
        *by_culture.entry(culture).or_default() += 1;
        false_hits.push(format!("{name:?} ~ {:?} {:.2}", best.matched, best.score));
    }
    let fp_rate = false_hits.len() as f64 / names.len() as f64;
    eprintln!(
        "{} ordinary names: {} false hits ({:.3} %), {namesakes} exact namesakes of listed persons",
        names.len(),
        false_hits.len(),
        fp_rate * 100.0
    );
    eprintln!("  by culture: {by_culture:?}");
    for hit in false_hits.iter().take(25) {
        eprintln!("  false: {hit}");
    }
    assert!(recall >= 0.98, "recall {recall:.4}");
    assert!(fp_rate <= 0.001, "false positives {fp_rate:.4}");
}
