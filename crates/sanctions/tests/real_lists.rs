//! The real lists in `$BONAFIDE_REAL_DATA/sanctions` (skipped when unset).

mod common;

use bonafide_sanctions::{load, KindFilter, PartyKind, Query, Screener};
use std::time::Instant;

#[test]
fn real_lists_load_whole() {
    let Some(data) = common::real_data() else {
        eprintln!("BONAFIDE_REAL_DATA unset: skipped");
        return;
    };
    let dir = data.join("sanctions");
    let started = Instant::now();
    let advanced = load(
        &dir.join("ofac-sdn-advanced-2025-11-19/sdn_advanced.xml.bz2"),
        None,
    )
    .expect("advanced XML loads");
    eprintln!("advanced XML (bz2, no cache): {:?}", started.elapsed());
    let list = &advanced.list;
    assert_eq!(list.issued.as_deref(), Some("2025-11-19"));
    assert_eq!(list.parties.len(), 18_367);
    let count = |kind| list.parties.iter().filter(|p| p.kind == kind).count();
    assert_eq!(count(PartyKind::Person), 7_303);
    assert_eq!(count(PartyKind::Vessel), 1_370);
    assert_eq!(count(PartyKind::Aircraft), 335);
    let song = list
        .parties
        .iter()
        .find(|p| p.uid == "49970")
        .expect("Song Kum Hyok");
    assert_eq!(song.primary_name(), "Song Kum Hyok");
    assert_eq!(song.kind, PartyKind::Person);
    assert_eq!(song.birth_dates[0].describe(), "1987-08-30");
    assert_eq!(song.emails, ["wangge327@yahoo.com"]);
    assert!(
        song.programs.contains(&"CYBER4".to_owned()),
        "{:?}",
        song.programs
    );
    assert_eq!(song.listed.as_deref(), Some("2025-07-08"));
    assert!(
        song.addresses.iter().any(|a| a.contains("Yanji")),
        "{:?}",
        song.addresses
    );
    let wallets: usize = list.parties.iter().map(|p| p.wallets.len()).sum();
    assert!(wallets >= 750, "{wallets} wallets");
    let passports = list
        .parties
        .iter()
        .flat_map(|p| &p.identifiers)
        .filter(|i| i.kind == "Passport")
        .count();
    assert!(passports > 2_000, "{passports} passports");

    let legacy = load(&dir.join("ofac-sdn-csv-2024-05-03/sdn.csv"), None).expect("sdn.csv loads");
    assert_eq!(legacy.list.parties.len(), 14_965);
    assert!(
        legacy.problems.is_empty(),
        "{:?}",
        &legacy.problems[..3.min(legacy.problems.len())]
    );
    let un = load(
        &dir.join("un-consolidated-2026-02-27/UN_consolidated.xml"),
        None,
    )
    .expect("UN loads");
    assert_eq!(un.list.issued.as_deref(), Some("2026-02-27"));
    let dprk = un
        .list
        .parties
        .iter()
        .filter(|p| p.uid.starts_with("KP"))
        .count();
    assert!((140..200).contains(&dprk), "{dprk} DPRK entries");
}

#[test]
fn cached_list_loads_fast_and_equal() {
    let Some(data) = common::real_data() else {
        return;
    };
    let file = data.join("sanctions/ofac-sdn-advanced-2025-11-19/sdn_advanced.xml.bz2");
    let cache = std::env::temp_dir().join(format!("bonafide-cache-test-{}", std::process::id()));
    let first = load(&file, Some(&cache)).expect("loads");
    assert!(!first.from_cache);
    let started = Instant::now();
    let second = load(&file, Some(&cache)).expect("loads again");
    let elapsed = started.elapsed();
    assert!(second.from_cache);
    assert_eq!(first.list, second.list);
    let screener = Screener::new(vec![second.list], common::variants());
    eprintln!(
        "cached load {elapsed:?}, with index {:?}",
        started.elapsed()
    );
    let hits = screener.screen(
        &Query {
            name: Some("Seong Geum-hyeok"),
            kind: KindFilter::Person,
            ..Query::default()
        },
        0.8,
        5,
    );
    assert_eq!(
        hits.first().map(|m| m.party.uid.as_str()),
        Some("49970"),
        "{hits:?}"
    );
    let _ = std::fs::remove_dir_all(cache);
}
