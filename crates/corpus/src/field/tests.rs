use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::ids;
use super::*;

fn corpus() -> Vec<(Value, FieldLabel)> {
    field_corpus(4000, 7)
}

#[test]
fn field_is_deterministic() {
    let a = field_corpus(1500, 3);
    let b = field_corpus(1500, 3);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b.iter()) {
        assert_eq!(x.0, y.0);
        assert_eq!(x.1.person, y.1.person);
    }
    let c = field_corpus(1500, 4);
    assert_ne!(a[0].0, c[0].0);
}

#[test]
fn field_proportions() {
    let c = field_corpus(20_000, 1);
    let n = c.len();
    assert!((19_000..=21_500).contains(&n), "size {n}");
    let fraud = c.iter().filter(|x| x.1.fraud).count();
    let share = fraud as f64 / n as f64;
    assert!((0.045..=0.085).contains(&share), "fraud share {share}");
    let rings: HashSet<u32> = c.iter().filter(|x| x.1.fraud).map(|x| x.1.ring).collect();
    assert!((40..=56).contains(&rings.len()), "rings {}", rings.len());
    let kinds: HashSet<&str> = c.iter().map(|x| x.1.kind).collect();
    for k in FIELD_RING_KINDS.iter().chain(FIELD_HONEST_KINDS) {
        assert!(kinds.contains(k), "missing kind {k}");
    }
    for (k, share) in HONEST_SHARE {
        let got = c.iter().filter(|x| x.1.kind == *k).count() as f64 / n as f64;
        let want = *share as f64 / 1000.0;
        assert!(
            (got - want).abs() < want * 0.5 + 0.01,
            "{k}: {got} vs {want}"
        );
    }
    let tenants: HashSet<&str> = c.iter().filter_map(|x| x.0["tenant_id"].as_str()).collect();
    assert_eq!(tenants.len(), 12);
    for (_, l) in c.iter().filter(|x| x.1.fraud) {
        assert!(l.ring > 0 && FIELD_RING_KINDS.contains(&l.kind));
    }
    // Ring sizes stay within 3-20 workers.
    let mut per_ring: HashMap<u32, HashSet<u32>> = HashMap::new();
    for (_, l) in c.iter().filter(|x| x.1.fraud) {
        per_ring.entry(l.ring).or_default().insert(l.person);
    }
    for (r, ws) in per_ring {
        assert!(
            (3..=20).contains(&ws.len()),
            "ring {r} has {} workers",
            ws.len()
        );
    }
}

#[test]
fn field_records_have_ids_and_tenants() {
    let c = corpus();
    let mut seen = HashSet::new();
    for (v, _) in &c {
        let id = v["application_id"].as_str().expect("application_id");
        let t = v["tenant_id"].as_str().expect("tenant_id");
        assert!(
            seen.insert((t.to_string(), id.to_string())),
            "duplicate id {t}/{id}"
        );
        assert!(v["submitted_at"]
            .as_str()
            .is_some_and(|s| s.starts_with("2026") || s.starts_with("2027")));
        assert!(v["candidate"]["full_name"].is_string());
    }
}

#[test]
fn field_split_groups_do_not_straddle() {
    let c = corpus();
    let mut side: HashMap<u32, u64> = HashMap::new();
    for (_, l) in &c {
        let s = l.split_group % 2;
        if let Some(prev) = side.insert(l.person, s) {
            assert_eq!(prev, s, "person {} on both sides", l.person);
        }
        if l.fraud {
            assert_eq!(l.split_group, l.ring as u64);
        } else {
            assert_eq!(l.split_group, l.person as u64);
            assert_eq!(l.ring, 0);
        }
    }
}

#[test]
fn field_identifiers_are_valid() {
    let c = corpus();
    let (mut aba, mut iban, mut ssn, mut mrz) = (0, 0, 0, 0);
    for (v, _) in &c {
        let pay = &v["payroll"];
        if let Some(r) = pay["routing_number"].as_str() {
            assert!(ids::aba_valid(r), "bad ABA {r}");
            aba += 1;
        }
        if let Some(i) = pay["iban"].as_str() {
            assert!(ids::iban_valid(i), "bad IBAN {i}");
            iban += 1;
        }
        if let Some(w) = pay["wallet_address"].as_str() {
            assert!(
                w.starts_with("0x") && w.len() == 42
                    || w.starts_with('T') && w.len() == 34
                    || ids::bech32_valid(w),
                "wallet {w}"
            );
        }
        for d in v["documents"].as_array().into_iter().flatten() {
            if d["kind"] == "ssn" {
                let s = d["number"].as_str().unwrap_or("");
                assert!(ids::ssn_valid(s), "bad SSN {s}");
                ssn += 1;
            }
            if let Some(m) = d["mrz"].as_array() {
                let l2 = m[1].as_str().unwrap_or("");
                assert_eq!(l2.len(), 44);
                let digit = |i: usize| l2[i..i + 1].chars().next().unwrap_or(' ');
                assert_eq!(ids::mrz_check(&l2[0..9]), digit(9));
                assert_eq!(ids::mrz_check(&l2[13..19]), digit(19));
                assert_eq!(ids::mrz_check(&l2[21..27]), digit(27));
                let comp = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
                assert_eq!(ids::mrz_check(&comp), digit(43));
                mrz += 1;
            }
        }
    }
    assert!(
        aba > 50 && iban > 20 && ssn > 50 && mrz > 20,
        "{aba} {iban} {ssn} {mrz}"
    );
}

#[test]
fn field_checksums_match_known_values() {
    assert!(ids::aba_valid("021000021"));
    assert!(ids::aba_valid("026073150"));
    assert!(!ids::aba_valid("021000022"));
    assert!(ids::iban_valid("GB82WEST12345698765432"));
    assert!(ids::iban_valid("DE89370400440532013000"));
    assert!(!ids::iban_valid("DE89370400440532013001"));
    assert!(
        !ids::ssn_valid("666-12-3456")
            && !ids::ssn_valid("123-00-4567")
            && !ids::ssn_valid("912-34-5678")
    );
    assert!(ids::bech32_valid(
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    ));
    // ICAO 9303 specimen: L898902C3 -> 6, 740812 -> 2, 120415 -> 9.
    assert_eq!(ids::mrz_check("L898902C3"), '6');
    assert_eq!(ids::mrz_check("740812"), '2');
    assert_eq!(ids::mrz_check("120415"), '9');
    assert_eq!(
        super::sha256::hex_digest(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn field_duplicates_share_person() {
    let c = corpus();
    let mut per: HashMap<u32, Vec<&Value>> = HashMap::new();
    for (v, l) in &c {
        if l.kind == "duplicate_submission" {
            per.entry(l.person).or_default().push(v);
        }
    }
    assert!(!per.is_empty());
    for apps in per.values() {
        assert_eq!(apps.len(), 2);
        let dob: HashSet<&str> = apps
            .iter()
            .filter_map(|v| v["candidate"]["date_of_birth"].as_str())
            .collect();
        assert!(dob.len() <= 1);
        assert_eq!(
            apps[0]["candidate"]["emails"],
            apps[1]["candidate"]["emails"]
        );
    }
    let agency = c.iter().filter(|(v, _)| {
        v["sessions"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|s| s["actor"] == "agency" || s["actor"] == "recruiter")
    });
    assert!(agency.count() > 5);
}

#[test]
fn field_name_origins_are_mixed() {
    let c = corpus();
    let honest: HashSet<&str> = c
        .iter()
        .filter(|x| !x.1.fraud)
        .map(|x| x.1.name_origin)
        .collect();
    for o in ["korean", "chinese", "russian", "anglo", "indian"] {
        assert!(honest.contains(o), "no honest {o}");
    }
}

/// `cargo test -p bonafide-corpus field_print_stats -- --ignored --nocapture`
#[test]
#[ignore]
fn field_print_stats() {
    let c = field_corpus(20_000, 1);
    let mut apps: HashMap<&str, usize> = HashMap::new();
    let mut people: HashMap<&str, HashSet<u32>> = HashMap::new();
    let mut rings: HashMap<&str, HashSet<u32>> = HashMap::new();
    for (_, l) in &c {
        *apps.entry(l.kind).or_default() += 1;
        people.entry(l.kind).or_default().insert(l.person);
        if l.fraud {
            rings.entry(l.kind).or_default().insert(l.ring);
        }
    }
    let fraud = c.iter().filter(|x| x.1.fraud).count();
    println!(
        "total {} fraud {} ({:.1}%)",
        c.len(),
        fraud,
        100.0 * fraud as f64 / c.len() as f64
    );
    for k in FIELD_RING_KINDS.iter().chain(FIELD_HONEST_KINDS) {
        let r = rings.get(k).map(|s| s.len()).unwrap_or(0);
        println!(
            "{k:22} apps {:6} people {:6} rings {r}",
            apps.get(k).unwrap_or(&0),
            people.get(k).map(|s| s.len()).unwrap_or(0)
        );
    }
}

/// `cargo test -p bonafide-corpus field_print_samples -- --ignored --nocapture`
#[test]
#[ignore]
fn field_print_samples() {
    let c = field_corpus(3000, 1);
    for k in FIELD_RING_KINDS.iter().chain(FIELD_HONEST_KINDS) {
        if let Some((v, _)) = c
            .iter()
            .filter(|x| x.1.kind == *k)
            .max_by_key(|x| x.0.to_string().len())
        {
            println!("=== {k}\n{}", serde_json::to_string(v).unwrap_or_default());
        }
    }
}

#[test]
fn field_mailboxes_have_one_owner() {
    // Gmail ignores dots and `+tags`: one mailbox, however it is written.
    let mut owner: std::collections::HashMap<String, u64> = Default::default();
    for (app, label) in field_corpus(8000, 1) {
        for email in app["candidate"]["emails"].as_array().into_iter().flatten() {
            let text = email.as_str().unwrap_or("").to_ascii_lowercase();
            let key = match text.split_once('@') {
                Some((local, "gmail.com")) => {
                    format!(
                        "{}@gmail.com",
                        local.split('+').next().unwrap_or("").replace('.', "")
                    )
                }
                _ => text.clone(),
            };
            let first = *owner.entry(key).or_insert(label.split_group);
            assert_eq!(first, label.split_group, "{text} has two owners");
        }
    }
}
