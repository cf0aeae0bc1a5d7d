//! Screening queries against the fixture list: any name, date of birth and
//! identifier. Scores stay within 0..=1, come best first, one per party, and
//! the same query gives the same answer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn screener() -> &'static bonafide_sanctions::Screener {
    static SCREENER: OnceLock<bonafide_sanctions::Screener> = OnceLock::new();
    SCREENER.get_or_init(bonafide_testkit::fixtures::fixture_sanctions)
}

fuzz_target!(|data: &[u8]| {
    let text = bonafide_fuzz::text(data);
    let mut parts = text.splitn(3, '\n');
    let name = parts.next().unwrap_or("");
    let identifier = parts.next().unwrap_or("");
    let dob = data.get(..4).map(|b| (1900 + u16::from(b[0] % 120), b[1] % 13, b[2] % 32));
    for kind in [
        bonafide_sanctions::KindFilter::Person,
        bonafide_sanctions::KindFilter::Entity,
        bonafide_sanctions::KindFilter::Any,
    ] {
        let query = bonafide_sanctions::Query {
            name: Some(name),
            kind,
            date_of_birth: dob,
            identifiers: vec![identifier],
            emails: vec![identifier],
            wallets: vec![identifier],
        };
        let first = screener().screen(&query, 0.0, 20);
        let again = screener().screen(&query, 0.0, 20);
        assert_eq!(first.len(), again.len());
        let mut uids = std::collections::HashSet::new();
        for pair in first.windows(2) {
            assert!(pair[0].score >= pair[1].score, "not best first");
        }
        for (a, b) in first.iter().zip(&again) {
            assert!((0.0..=1.0).contains(&a.score), "score {}", a.score);
            assert_eq!(a.party.uid, b.party.uid);
            assert_eq!(a.score, b.score);
            assert!(uids.insert(a.party.uid.clone()), "party twice");
        }
    }
});
