//! The whole pipeline on the bundled fixture data and the project's rules.
// Tests and benchmarks read fixtures and keep time; the crate itself may not (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod common;

use bonafide_engine::Engine;
use bonafide_model::{parse_application, Application, Tier};
use common::{by_id, fixture, ids};
use serde_json::json;
use std::path::Path;

fn demo() -> Vec<Application> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/applications.jsonl"),
    )
    .expect("demo applications");
    text.lines()
        .filter_map(|line| parse_application(line).ok())
        .collect()
}

#[test]
fn demo_rings_reach_review_and_honest_look_alikes_stay_clear() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let verdicts = engine.score_batch(&demo());
    assert_eq!(verdicts.len(), 15);
    for ring in [
        "app-000201",
        "app-000202",
        "app-000203",
        "app-000301",
        "app-000302",
        "app-000303",
        "app-000304",
    ] {
        assert!(
            by_id(&verdicts, ring).tier >= Tier::Review,
            "{ring}: {:?}",
            by_id(&verdicts, ring)
        );
    }
    for honest in [
        "app-000123",
        "app-000401",
        "app-000402",
        "app-000403",
        "app-000404",
        "app-000405",
        "app-000406",
    ] {
        assert_eq!(
            by_id(&verdicts, honest).tier,
            Tier::Clear,
            "{honest}: {:?}",
            by_id(&verdicts, honest)
        );
    }
}

#[test]
fn evidence_names_the_ip_its_location_and_the_database() {
    let f = fixture();
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&demo());
    let direct = by_id(&verdicts, "app-000202");
    let mismatch = direct
        .signals
        .iter()
        .find(|s| s.id == "network.country_mismatch")
        .expect("country mismatch");
    assert_eq!(mismatch.evidence["ip"], json!("175.167.20.4"));
    assert_eq!(mismatch.evidence["observed_country"], json!("CN"));
    assert_eq!(mismatch.evidence["observed_city"], json!("Shenyang"));
    assert_eq!(mismatch.evidence["asn"], json!(4837));
    assert_eq!(mismatch.evidence["geo_database"], json!("city.mmdb"));
    assert!(
        mismatch.explanation.contains("Shenyang, Liaoning, CN"),
        "{}",
        mismatch.explanation
    );

    let vpn = by_id(&verdicts, "app-000201")
        .signals
        .iter()
        .find(|s| s.id == "network.vpn")
        .expect("vpn")
        .clone();
    assert_eq!(vpn.evidence["listed_by"], json!("vpn.txt"));
    assert_eq!(vpn.evidence["network"], json!("146.70.116.0/24"));
    let tor = by_id(&verdicts, "app-000203");
    assert!(
        ids(tor).contains(&"network.tor") && ids(tor).contains(&"network.proxy"),
        "{:?}",
        ids(tor)
    );
}

#[test]
fn the_farm_is_linked_by_its_address_and_the_household_is_linked_but_not_flagged() {
    let f = fixture();
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&demo());
    let member = by_id(&verdicts, "app-000302");
    let linked: Vec<&str> = member
        .linked_applications
        .iter()
        .map(|l| l.application_id.as_str())
        .collect();
    assert_eq!(linked, ["app-000301", "app-000303", "app-000304"]);
    assert!(member.linked_applications.iter().all(|l| l.via == ["ip"]));
    let shared = member
        .signals
        .iter()
        .find(|s| s.id == "network.shared_ip")
        .expect("shared ip");
    assert_eq!(shared.evidence["identities"], json!(4));
    assert_eq!(shared.evidence["ip"], json!("68.53.77.12"));

    let household = by_id(&verdicts, "app-000404");
    assert_eq!(
        household.linked_applications[0].application_id,
        "app-000405"
    );
    assert!(household.signals.is_empty(), "{:?}", household.signals);
}

#[test]
fn verdicts_carry_the_ruleset_hash_and_data_dates() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let verdict = &engine.score_batch(&demo())[0];
    assert_eq!(verdict.versions.ruleset, f.rules.hash);
    assert_eq!(
        verdict.versions.data.get("city.mmdb").map(String::as_str),
        Some("2026-11-01")
    );
    assert_eq!(
        verdict.versions.data.get("vpn.txt").map(String::as_str),
        Some("2026-11-01")
    );
}

#[test]
fn scoring_the_same_batch_twice_gives_the_same_verdicts() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let apps = demo();
    assert_eq!(engine.score_batch(&apps), engine.score_batch(&apps));
}

/// Fair by construction: who a person is (name and its origin, language,
/// citizenship, date of birth) never changes a score; only contradictions and
/// infrastructure do.
#[test]
fn identity_attributes_never_change_a_score() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    for base in demo() {
        let json = serde_json::to_value(&base).expect("serialises");
        // Compared with the record as written back (its unreadable fields left out).
        let base = parse_application(&json.to_string()).expect("reads back");
        let variants = [
            ("/candidate/full_name", json!("Kim Jong-su")),
            ("/candidate/full_name", json!("Olusegun Adébáyọ̀")),
            ("/candidate/date_of_birth", json!("1968-02-29")),
        ];
        let reference = engine.score_batch(std::slice::from_ref(&base));
        for (pointer, value) in variants {
            let mut changed = json.clone();
            if let Some(slot) = changed.pointer_mut(pointer) {
                *slot = value.clone();
            }
            for session in changed["sessions"].as_array_mut().into_iter().flatten() {
                session["accept_language"] = json!("ko-KP,ko;q=0.9");
            }
            changed["documents"] =
                json!([{ "kind": "passport", "issuing_country": "KP", "number": "P1234567" }]);
            let app = parse_application(&changed.to_string()).expect("still valid");
            let verdict = engine.score_batch(&[app]);
            assert_eq!(
                verdict[0].score, reference[0].score,
                "{} with {pointer} = {value}",
                base.application_id
            );
            assert_eq!(ids(&verdict[0]), ids(&reference[0]));
        }
    }
}

#[test]
fn sessions_an_ocean_apart_two_hours_apart_are_impossible_travel() {
    let f = fixture();
    let app = parse_application(
        &json!({
            "application_id": "travel-1",
            "candidate": { "full_name": "Test Person", "claimed_location": { "country": "US" } },
            "sessions": [
                { "at": "2026-03-04T15:00:00Z", "ip": "73.162.1.9" },
                { "at": "2026-03-04T17:00:00Z", "ip": "116.224.3.4" }
            ]
        })
        .to_string(),
    )
    .expect("valid");
    let verdict = &Engine::new(&f.reference, &f.rules).score_batch(&[app])[0];
    let travel = verdict
        .signals
        .iter()
        .find(|s| s.id == "network.impossible_travel")
        .expect("travel");
    let km = travel.evidence["distance_km"].as_f64().expect("distance");
    assert!((9_800.0..10_000.0).contains(&km), "{km}");
    assert_eq!(travel.evidence["hours"], json!(2.0));
    assert_eq!(travel.evidence["from_place"], json!("San Francisco, US"));
}

fn identity_ring() -> Vec<Application> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/identity-ring.jsonl"),
    )
    .expect("identity fixture");
    text.lines()
        .map(|line| parse_application(line).expect("valid"))
        .collect()
}

/// Issue 4's ring: one SSN under three names, the same résumé with the name
/// swapped, the same photo with a few bits flipped.
#[test]
fn a_ring_sharing_an_ssn_a_resume_and_a_photo_is_linked_named_and_scored() {
    let f = fixture();
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&identity_ring());
    for id in ["ring-101", "ring-102", "ring-103"] {
        let verdict = by_id(&verdicts, id);
        assert_eq!(verdict.tier, Tier::Escalate, "{id}: {verdict:?}");
        for rule in [
            "identity.document_reuse",
            "identity.photo_reuse",
            "identity.resume_reuse",
            "identity.cluster",
        ] {
            assert!(
                ids(verdict).contains(&rule),
                "{id} lacks {rule}: {:?}",
                ids(verdict)
            );
        }
        assert_eq!(verdict.linked_applications.len(), 2);
        for link in &verdict.linked_applications {
            assert_eq!(link.via, ["ssn", "photo", "resume"], "{id}");
        }
        let reuse = verdict
            .signals
            .iter()
            .find(|s| s.id == "identity.document_reuse")
            .expect("reuse");
        assert_eq!(reuse.evidence["identities"], json!(3));
        let shown = reuse.evidence["document"].as_str().expect("label");
        // The sentence names the SSN by its last four; the keyed hash that
        // tells two such SSNs apart is evidence of its own.
        assert_eq!(shown, "SSN •••••8841");
        let key = reuse.evidence["link_key"].as_str().expect("link key");
        assert!(
            key.len() == 12 && key.bytes().all(|b| b.is_ascii_hexdigit()),
            "{key}"
        );
        assert!(!reuse.explanation.contains(key), "{}", reuse.explanation);
        let cluster = verdict
            .signals
            .iter()
            .find(|s| s.id == "identity.cluster")
            .expect("cluster");
        assert_eq!(cluster.evidence["tenants"], json!(3));
    }
}

#[test]
fn the_same_person_applying_to_two_employers_is_linked_but_not_flagged() {
    let f = fixture();
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&identity_ring());
    for (id, other) in [("repeat-201", "repeat-202"), ("repeat-202", "repeat-201")] {
        let verdict = by_id(&verdicts, id);
        assert_eq!(verdict.linked_applications[0].application_id, other);
        assert!(verdict.linked_applications[0]
            .via
            .contains(&"ssn".to_owned()));
        assert!(verdict.signals.is_empty(), "{id}: {:?}", ids(verdict));
    }
}

#[test]
fn forged_documents_are_caught_by_their_structure() {
    let f = fixture();
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&identity_ring());
    let forged = by_id(&verdicts, "forged-301");
    for rule in [
        "identity.ssn_invalid",
        "identity.mrz_invalid",
        "identity.mrz_mismatch",
        "identity.document_expired",
        "contact.disposable_email",
        "contact.phone_nongeographic",
    ] {
        assert!(
            ids(forged).contains(&rule),
            "lacks {rule}: {:?}",
            ids(forged)
        );
    }
    let mrz = forged
        .signals
        .iter()
        .find(|s| s.id == "identity.mrz_invalid")
        .expect("mrz");
    assert_eq!(mrz.evidence["failed_checks"], json!("birth, composite"));
}

#[test]
fn a_homoglyph_in_a_name_does_not_split_one_identity_in_two() {
    let f = fixture();
    let mut apps = identity_ring();
    // The second application of the same person, with a Cyrillic "а" in "Maria".
    let mut json = serde_json::to_value(by_app(&apps, "repeat-202")).expect("serialises");
    json["candidate"]["full_name"] = json!("M\u{0430}ria Gonzalez");
    apps.retain(|a| a.application_id != "repeat-202");
    apps.push(parse_application(&json.to_string()).expect("valid"));
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&apps);
    let verdict = by_id(&verdicts, "repeat-202");
    assert!(
        !ids(verdict).contains(&"identity.document_reuse"),
        "{:?}",
        ids(verdict)
    );
    assert!(
        ids(verdict).contains(&"identity.mixed_script_name"),
        "{:?}",
        ids(verdict)
    );
    let words = verdict
        .signals
        .iter()
        .find(|s| s.id == "identity.mixed_script_name")
        .expect("mixed");
    assert_eq!(words.evidence["words"], json!("M[U+0430]ria"));
}

fn by_app<'a>(apps: &'a [Application], id: &str) -> &'a Application {
    apps.iter()
        .find(|a| a.application_id == id)
        .expect("application")
}

/// One career as a ring paraphrases it: the same employers in the same order,
/// reworded, with one start year nudged for each worker.
fn career_resume(name: &str, style: usize, nudge: (usize, i32)) -> String {
    let mut jobs = [
        ("Cedar Ridge Labs", 2014, 2018),
        ("Silverline IT Services", 2018, 2021),
        ("Luxoft", 2021, 2024),
        ("Vertex Apps Inc", 2024, 0),
    ];
    jobs[nudge.0].1 += nudge.1;
    let mut text = format!("{name}\n\nExperience\n");
    for (employer, from, to) in jobs.iter().rev() {
        let to = if *to == 0 {
            "present".to_owned()
        } else {
            to.to_string()
        };
        text += &match style {
            0 => format!("iOS Engineer — {employer} ({from}–{to})\n- Shipped a banking app\n"),
            _ => {
                format!("{employer}, Mobile Developer | {from} - {to}\n- Released a fintech app\n")
            }
        };
    }
    text + "Education: M.S. Computer Science, University of Texas at Austin, 2014\n"
}

fn with_resume(id: &str, tenant: &str, name: &str, born: &str, resume: &str) -> Application {
    let json = json!({
        "application_id": id,
        "tenant_id": tenant,
        "submitted_at": "2026-03-02T15:00:00Z",
        "candidate": {
            "full_name": name,
            "date_of_birth": born,
            "emails": [format!("{}@example.com", id)],
            "claimed_location": {"country": "US", "city": "Austin", "region": "TX"}
        },
        "documents": [{"kind": "resume", "text": resume}]
    });
    parse_application(&json.to_string()).expect("valid")
}

#[test]
fn one_career_reworded_with_nudged_dates_links_the_names_behind_it() {
    let f = fixture();
    let apps = vec![
        with_resume(
            "c-1",
            "acme",
            "Joseph Mitchell",
            "1990-04-23",
            &career_resume("Joseph Mitchell", 0, (0, 0)),
        ),
        with_resume(
            "c-2",
            "globex",
            "Brandon Stewart",
            "1988-02-11",
            &career_resume("Brandon Stewart", 1, (1, 1)),
        ),
        with_resume(
            "c-3",
            "initech",
            "Carlos Castillo",
            "1992-09-30",
            &career_resume("Carlos Castillo", 1, (2, -1)),
        ),
    ];
    // Someone else who worked at the same places, years later.
    let later = career_resume("Dana Cole", 0, (0, 0))
        .replace("2014", "2009")
        .replace("2018", "2012")
        .replace("2021", "2016")
        .replace("2024", "2019");
    let mut all = apps.clone();
    all.push(with_resume(
        "c-9",
        "acme",
        "Dana Cole",
        "1985-01-05",
        &later,
    ));
    let verdicts = Engine::new(&f.reference, &f.rules).score_batch(&all);
    for id in ["c-1", "c-2", "c-3"] {
        let verdict = by_id(&verdicts, id);
        let reuse = verdict
            .signals
            .iter()
            .find(|s| s.id == "identity.history_reuse")
            .unwrap_or_else(|| panic!("{id}: {:?}", ids(verdict)));
        assert_eq!(reuse.evidence["identities"], json!(3), "{id}");
        assert!(ids(verdict).contains(&"identity.cluster"), "{id}");
        assert!(verdict.tier >= Tier::Review, "{id}: {verdict:?}");
        assert!(verdict
            .linked_applications
            .iter()
            .all(|l| l.via.contains(&"career".to_owned()) && l.application_id != "c-9"));
    }
    let dana = by_id(&verdicts, "c-9");
    assert!(dana.linked_applications.is_empty(), "{dana:?}");
    assert_eq!(dana.tier, Tier::Clear);
}
