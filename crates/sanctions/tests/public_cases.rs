//! Name pairs from the public test suites of moov-io/watchman, OpenSanctions'
//! nomenklatura and yente, re-recorded as data in
//! `fixtures/sanctions/public-cases.jsonl` (provenance beside it). Each pair
//! is screened as those suites score it: the query against a list holding the
//! listed name alone, counted as found when reported (0.80 or more). The
//! figures are floors that later work must not fall below; docs/sanctions.md
//! quotes them.

mod common;

use bonafide_sanctions::{
    Identifier, KindFilter, NameQuality, Party, PartyKind, PartyName, Query, SanctionsList,
    Screener,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

const REPORT: f64 = 0.80;

struct Case {
    group: String,
    query: String,
    party: usize,
    kind: KindFilter,
    identifier: bool,
    expect_match: bool,
}

fn cases() -> (Vec<Case>, Screener) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/sanctions/public-cases.jsonl");
    let text = std::fs::read_to_string(path).expect("public cases");
    let mut parties: Vec<Party> = Vec::new();
    let mut by_listed: HashMap<(String, bool), usize> = HashMap::new();
    let mut cases = Vec::new();
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).expect("a case");
        let text_of = |k: &str| row[k].as_str().unwrap_or_default().to_owned();
        let (kind, listed) = (text_of("kind"), text_of("listed"));
        let identifier = kind == "identifier";
        let person = kind == "person";
        let party = *by_listed
            .entry((listed.clone(), person))
            .or_insert_with(|| {
                let mut party = Party::new(
                    format!("case-{}", parties.len()),
                    match kind.as_str() {
                        "person" => PartyKind::Person,
                        "vessel" => PartyKind::Vessel,
                        _ => PartyKind::Entity,
                    },
                );
                if identifier {
                    party.identifiers.push(Identifier {
                        kind: "Identifier".into(),
                        number: listed.clone(),
                        country: None,
                    });
                } else {
                    party.names.push(PartyName {
                        name: listed.clone(),
                        quality: NameQuality::Primary,
                    });
                }
                parties.push(party);
                parties.len() - 1
            });
        let note = text_of("note");
        let group = if note.starts_with("OFAC portal") {
            format!("{} (portal's own scores)", text_of("source"))
        } else {
            text_of("source")
        };
        cases.push(Case {
            group,
            query: text_of("query"),
            party,
            kind: if person {
                KindFilter::Person
            } else {
                KindFilter::Any
            },
            identifier,
            expect_match: text_of("expect") == "match",
        });
    }
    let list = SanctionsList {
        list: "public-cases".into(),
        source: "fixtures/sanctions/public-cases.jsonl".into(),
        issued: None,
        parties,
    };
    (cases, Screener::new(vec![list], common::variants()))
}

#[test]
fn the_public_suites_name_pairs_are_matched_and_told_apart() {
    let (cases, screener) = cases();
    let variants = common::variants();
    // group → (matches, found, non-matches, falsely reported)
    let mut figures: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut false_reports = Vec::new();
    for case in &cases {
        let query = Query {
            name: (!case.identifier).then_some(case.query.as_str()),
            identifiers: if case.identifier {
                vec![case.query.as_str()]
            } else {
                Vec::new()
            },
            kind: case.kind,
            ..Query::default()
        };
        let party = screener.parties().nth(case.party).map(|(_, p)| p.clone());
        let alone = Screener::new(
            vec![SanctionsList {
                list: "case".into(),
                source: String::new(),
                issued: None,
                parties: party.into_iter().collect(),
            }],
            variants.clone(),
        );
        let reported = !alone.screen(&query, REPORT, 1).is_empty();
        let entry = figures.entry(case.group.as_str()).or_default();
        if case.expect_match {
            entry.0 += 1;
            entry.1 += usize::from(reported);
            if !reported {
                missed.push(case);
            }
        } else {
            entry.2 += 1;
            entry.3 += usize::from(reported);
            if reported {
                false_reports.push(case);
            }
        }
    }
    for (group, (matches, found, others, false_reports)) in &figures {
        eprintln!(
            "{group:<40} matches found {found}/{matches} ({:.2}); false reports {false_reports}/{others}",
            *found as f64 / (*matches).max(1) as f64
        );
    }
    if std::env::var_os("BONAFIDE_SHOW_MISSES").is_some() {
        for case in missed
            .iter()
            .map(|c| ("missed", c))
            .chain(false_reports.iter().map(|c| ("false", c)))
        {
            let (what, case) = case;
            let listed = screener
                .parties()
                .nth(case.party)
                .map(|(_, p)| p.primary_name().to_owned());
            eprintln!(
                "  {what}: {:?} ~ {:?} [{}]",
                case.query,
                listed.unwrap_or_default(),
                case.group
            );
        }
    }
    let rate = |group: &str| {
        let (m, f, o, r) = figures[group];
        (f as f64 / m.max(1) as f64, r as f64 / o.max(1) as f64)
    };
    // Floors just under what this build does (recall, and the most false
    // reports); before this test existed: watchman 0.37, nomenklatura 0.34
    // with 17 false reports of 433, yente 0.73; before partial names
    // and nicknames: watchman 0.44, nomenklatura 0.45; before Arabic and
    // Hebrew script by consonants: watchman 0.50, nomenklatura 0.49; before
    // initials and patronymics were left out of retrieval: 0.54, 0.50;
    // before a second family name could be left out: watchman 0.58.
    for (group, recall, false_rate) in [
        ("watchman", 0.58, 0.0),
        ("nomenklatura", 0.52, 0.04),
        ("yente", 0.81, 0.0),
    ] {
        let (r, f) = rate(group);
        assert!(r >= recall, "{group}: recall {r:.3} below {recall}");
        assert!(
            f <= false_rate,
            "{group}: false reports {f:.3} above {false_rate}"
        );
    }
}
