//! Context that tells honest people apart from the pattern: travel, sessions by
//! a recruiter or agency, one person submitted twice under another form of the
//! name, carriers' shared addresses, an employer's routine payroll, and the
//! hours someone works.

mod common;

use bonafide_engine::Engine;
use bonafide_model::{parse_application, Application, Verdict};
use common::fixture;
use serde_json::{json, Value};

fn app(value: Value) -> Application {
    parse_application(&value.to_string()).expect("valid")
}

fn fired(verdict: &Verdict) -> Vec<&str> {
    verdict.signals.iter().map(|s| s.id.as_str()).collect()
}

fn session(at: &str, ip: &str, zone: &str) -> Value {
    json!({ "at": at, "kind": "login", "ip": ip, "browser_timezone": zone })
}

fn claim_sf() -> Value {
    json!({ "country": "US", "region": "CA", "city": "San Francisco" })
}

#[test]
fn a_traveller_whose_clock_follows_the_country_is_not_abroad() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let traveller = app(json!({
        "application_id": "trip",
        "candidate": { "full_name": "Dana Reyes", "claimed_location": claim_sf() },
        "sessions": [
            session("2026-03-02T17:00:00Z", "73.162.1.9", "America/Los_Angeles"),
            session("2026-03-03T18:00:00Z", "73.162.1.9", "America/Los_Angeles"),
            session("2026-03-20T10:00:00Z", "90.84.3.4", "Europe/Paris"),
            session("2026-03-27T17:00:00Z", "73.162.1.9", "America/Los_Angeles"),
        ]
    }));
    let verdict = &engine.score_batch(&[traveller])[0];
    for rule in [
        "network.country_mismatch_some",
        "network.multiple_countries",
        "network.timezone_mismatch_some",
        "network.timezone_ip_mismatch",
    ] {
        assert!(!fired(verdict).contains(&rule), "{rule}: {verdict:?}");
    }

    // The same trip with a clock from Asia behind the Paris address is hiding.
    let hiding = app(json!({
        "application_id": "hiding",
        "candidate": { "full_name": "Dana Reyes", "claimed_location": claim_sf() },
        "sessions": [
            session("2026-03-02T17:00:00Z", "73.162.1.9", "America/Los_Angeles"),
            session("2026-03-03T18:00:00Z", "73.162.1.9", "America/Los_Angeles"),
            session("2026-03-20T10:00:00Z", "90.84.3.4", "Asia/Shanghai"),
            session("2026-03-27T17:00:00Z", "73.162.1.9", "America/Los_Angeles"),
        ]
    }));
    let verdict = &engine.score_batch(&[hiding])[0];
    assert!(
        fired(verdict).contains(&"network.country_mismatch_some"),
        "{verdict:?}"
    );
    assert!(
        fired(verdict).contains(&"network.timezone_ip_mismatch"),
        "{verdict:?}"
    );

    // Every session abroad, clock and all: no home base, so not travel.
    let abroad = app(json!({
        "application_id": "abroad",
        "candidate": { "full_name": "Dana Reyes", "claimed_location": claim_sf() },
        "sessions": [
            session("2026-03-02T03:00:00Z", "175.167.1.9", "Asia/Shanghai"),
            session("2026-03-03T04:00:00Z", "175.167.1.9", "Asia/Shanghai"),
        ]
    }));
    let verdict = &engine.score_batch(&[abroad])[0];
    assert!(
        fired(verdict).contains(&"network.country_mismatch"),
        "{verdict:?}"
    );
}

#[test]
fn an_agencys_session_says_nothing_about_where_the_candidate_is() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let mut sessions = vec![json!({ "at": "2026-03-02T09:00:00Z", "kind": "apply",
        "ip": "116.224.3.4", "browser_timezone": "Asia/Shanghai", "actor": "agency" })];
    sessions.push(session(
        "2026-03-05T18:00:00Z",
        "73.162.1.9",
        "America/Los_Angeles",
    ));
    let submitted = app(json!({
        "application_id": "agency",
        "candidate": { "full_name": "Sam Ortiz", "claimed_location": claim_sf() },
        "sessions": sessions,
    }));
    let verdict = &engine.score_batch(&[submitted])[0];
    assert!(
        !fired(verdict).iter().any(|id| id.starts_with("network.")),
        "{verdict:?}"
    );
    // An actor that is not one of the contract's is a field that cannot be read.
    let bad = json!({ "application_id": "x", "sessions": [{ "actor": "robot" }] }).to_string();
    let read = parse_application(&bad).expect("kept");
    assert_eq!(read.unreadable[0].path, "sessions[0].actor");
}

fn papers(name: &str, dob: &str, email: &str) -> Value {
    json!({
        "full_name": name, "date_of_birth": dob, "emails": [email],
        "claimed_location": claim_sf()
    })
}

fn resume_of(text: &str) -> Value {
    json!([
        { "kind": "resume", "text": text, "sha256": "5f3a".repeat(16) }
    ])
}

const RESUME: &str = "Senior backend engineer with eight years building payment systems in Rust and Go \
    at Stripe and Square; led the migration of ledger services to Kubernetes, cut settlement latency \
    by forty percent, mentored six engineers, wrote the on-call runbooks and the fraud rules engine.";

#[test]
fn one_person_submitted_twice_under_another_form_of_the_name_is_one_identity() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let by_agency = app(json!({
        "application_id": "dup-1", "tenant_id": "acme",
        "candidate": papers("Robert J. Whitfield", "1988-04-12", "rob.whitfield@example.com"),
        "documents": resume_of(RESUME),
    }));
    let by_themselves = app(json!({
        "application_id": "dup-2", "tenant_id": "acme",
        "candidate": papers("Bob Whitfield", "1988-04-12", "rob.whitfield@example.com"),
        "documents": resume_of(RESUME),
    }));
    let verdicts = engine.score_batch(&[by_agency, by_themselves]);
    for verdict in &verdicts {
        assert!(
            !fired(verdict).iter().any(|id| id.starts_with("identity.")),
            "{verdict:?}"
        );
        assert_eq!(verdict.linked_applications.len(), 1, "still linked");
    }
    // Another name on the same file and e-mail is another identity.
    let other = app(json!({
        "application_id": "dup-3", "tenant_id": "acme",
        "candidate": papers("Michael Chen", "1990-01-01", "rob.whitfield@example.com"),
        "documents": resume_of(RESUME),
    }));
    let first = app(json!({
        "application_id": "dup-1", "tenant_id": "acme",
        "candidate": papers("Robert J. Whitfield", "1988-04-12", "rob.whitfield@example.com"),
        "documents": resume_of(RESUME),
    }));
    let verdicts = engine.score_batch(&[first, other]);
    assert!(
        fired(&verdicts[1]).contains(&"identity.file_reuse"),
        "{:?}",
        verdicts[1]
    );
}

/// Two people of one common name, each submitted once with a date of birth
/// and once without: a bare name is not one person, so each undated
/// submission joins its own dated one through the e-mail they share, and
/// neither résumé counts as reused.
#[test]
fn namesakes_without_a_date_of_birth_stay_apart() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let other_resume = "Data engineer, six years of Spark and Airflow pipelines for retail \
        analytics at Target and Kroger; built the demand forecasting feature store, moved \
        nightly batch jobs to streaming, and ran the warehouse cost reviews every quarter.";
    let submission = |id: &str, dob: Option<&str>, email: &str, text: &str, sha: &str| {
        let mut candidate = papers("Gabriela Romero", "", email);
        match dob {
            Some(dob) => candidate["date_of_birth"] = json!(dob),
            None => {
                candidate.as_object_mut().map(|c| c.remove("date_of_birth"));
            }
        }
        app(json!({
            "application_id": id, "tenant_id": "acme",
            "candidate": candidate,
            "documents": [{ "kind": "resume", "text": text, "sha256": sha.repeat(16) }],
        }))
    };
    let batch = [
        submission(
            "a-dated",
            Some("1980-05-04"),
            "gabriela.r@example.com",
            RESUME,
            "a1b2",
        ),
        submission("a-undated", None, "gabriela.r@example.com", RESUME, "a1b2"),
        submission(
            "b-undated",
            None,
            "romero.g@example.org",
            other_resume,
            "c3d4",
        ),
        submission(
            "b-dated",
            Some("1975-01-09"),
            "romero.g@example.org",
            other_resume,
            "c3d4",
        ),
    ];
    for verdict in engine.score_batch(&batch) {
        assert!(
            !fired(&verdict).iter().any(|id| id.starts_with("identity.")),
            "{verdict:?}"
        );
        assert_eq!(verdict.linked_applications.len(), 1, "{verdict:?}");
    }
}

#[test]
fn an_address_shared_like_a_carriers_is_not_a_shared_ip() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let one = |i: usize, ip: &str, tenant: &str| {
        app(json!({
            "application_id": format!("m-{i}"), "tenant_id": tenant,
            "candidate": { "full_name": format!("Person Number{i}"), "claimed_location": claim_sf() },
            "sessions": [session("2026-03-02T18:00:00Z", ip, "America/Los_Angeles")],
        }))
    };
    // Twelve strangers at four employers behind a carrier's address.
    let tenants = ["acme", "globex", "initech", "umbrella"];
    let carrier: Vec<Application> = (0..12)
        .map(|i| one(i, "172.56.7.7", tenants[i % 4]))
        .collect();
    for verdict in engine.score_batch(&carrier) {
        assert!(
            !fired(&verdict).contains(&"network.shared_ip"),
            "{verdict:?}"
        );
    }
    // The same crowd where six of the twelve also share one passport number:
    // to each of those six the others behind the address are mostly their
    // own ring, so for them it is a shared IP; for the strangers it stays a
    // carrier's.
    let mixed: Vec<Application> = (0..12)
        .map(|i| {
            let documents = if i < 6 {
                json!([{ "kind": "passport", "number": "X7734121", "issuing_country": "US" }])
            } else {
                json!([])
            };
            app(json!({
                "application_id": format!("m-{i}"), "tenant_id": tenants[i % 4],
                "candidate": { "full_name": format!("Person Number{i}"), "claimed_location": claim_sf() },
                "sessions": [session("2026-03-02T18:00:00Z", "172.56.7.7", "America/Los_Angeles")],
                "documents": documents,
            }))
        })
        .collect();
    for (i, verdict) in engine.score_batch(&mixed).iter().enumerate() {
        assert_eq!(
            fired(verdict).contains(&"network.shared_ip"),
            i < 6,
            "m-{i}: {verdict:?}"
        );
    }
    // Four identities at one employer behind one home line: a shared IP.
    let farm: Vec<Application> = (0..4).map(|i| one(i, "68.53.9.9", "acme")).collect();
    for verdict in engine.score_batch(&farm) {
        assert!(
            fired(&verdict).contains(&"network.shared_ip"),
            "{verdict:?}"
        );
    }
}

/// A Connection-Type database, as MaxMind publishes them: one mobile carrier's
/// network and one home ISP's.
fn connection_types() -> bonafide_netdata::GeoDb {
    #[derive(serde::Serialize)]
    struct Record {
        connection_type: &'static str,
    }
    let mut db = mmdb_writer::Writer::builder("GeoIP2-Connection-Type")
        .ip_version(mmdb_writer::IpVersion::V6)
        .description(&[("en", "bonafide test database")])
        .build();
    for (network, kind) in [("172.56.0.0/16", "Cellular"), ("68.53.0.0/16", "Cable/DSL")] {
        let network: ipnet::IpNet = network.parse().expect("cidr");
        db.insert(
            network,
            &Record {
                connection_type: kind,
            },
        )
        .expect("insert");
    }
    let bytes = db.to_bytes().expect("bytes");
    bonafide_netdata::GeoDb::open(
        bonafide_netdata::DataFile::bundled("connection-type.mmdb", &bytes).expect("bytes"),
    )
    .expect("opens")
}

#[test]
fn a_mobile_carriers_address_by_connection_type_links_nobody() {
    let mut f = fixture();
    f.reference.net.databases.push(connection_types());
    let engine = Engine::new(&f.reference, &f.rules);
    // Four identities at one employer: a farm's pattern on a home line, but a
    // carrier's NAT when the data says the address is cellular.
    let four = |ip: &str| -> Vec<Application> {
        (0..4)
            .map(|i| {
                app(json!({
                    "application_id": format!("c-{i}"), "tenant_id": "acme",
                    "candidate": { "full_name": format!("Person Number{i}"), "claimed_location": claim_sf() },
                    "sessions": [session("2026-03-02T18:00:00Z", ip, "America/Los_Angeles")],
                }))
            })
            .collect()
    };
    for verdict in engine.score_batch(&four("172.56.7.7")) {
        assert!(
            !fired(&verdict).contains(&"network.shared_ip"),
            "{verdict:?}"
        );
        assert!(verdict.linked_applications.is_empty(), "{verdict:?}");
    }
    for verdict in engine.score_batch(&four("68.53.9.9")) {
        assert!(
            fired(&verdict).contains(&"network.shared_ip"),
            "{verdict:?}"
        );
    }
}

#[test]
fn off_hours_and_a_new_profile_are_read_in_the_claimed_zone() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    // 03:00–05:00 in Chicago, three times: Asian daytime.
    let night = app(json!({
        "application_id": "night", "submitted_at": "2026-03-04T09:00:00Z",
        "candidate": { "full_name": "Lee Park",
            "claimed_location": { "country": "US", "region": "Texas", "city": "Austin" },
            "profiles": [{ "kind": "github", "url": "https://github.com/lp", "created_at": "2026-02-20" }] },
        "sessions": [
            session("2026-03-02T09:00:00Z", "70.112.1.1", "America/Chicago"),
            session("2026-03-03T10:00:00Z", "70.112.1.1", "America/Chicago"),
            session("2026-03-04T11:00:00Z", "70.112.1.1", "America/Chicago"),
        ]
    }));
    let verdict = &engine.score_batch(&[night])[0];
    let ids = fired(verdict);
    assert!(ids.contains(&"network.off_hours"), "{verdict:?}");
    assert!(ids.contains(&"identity.new_profile"), "{verdict:?}");
    assert!(
        ids.contains(&"combined.new_profile_off_hours"),
        "{verdict:?}"
    );
    let hours = verdict
        .signals
        .iter()
        .find(|s| s.id == "network.off_hours")
        .expect("off hours");
    assert_eq!(hours.evidence["claimed_timezone"], json!("America/Chicago"));
}

#[test]
fn an_employers_routine_payroll_is_no_signal_there() {
    let mut f = fixture();
    let crypto = |tenant: &str| {
        app(json!({
            "application_id": format!("pay-{tenant}"), "tenant_id": tenant,
            "candidate": { "full_name": "Ana Lima", "claimed_location": claim_sf() },
            "payroll": { "method": "crypto", "wallet_address": "0x52908400098527886E0F7030069857D2E4169EE7" }
        }))
    };
    f.reference.employers.insert(
        "coinpay".to_owned(),
        [bonafide_signals::Routine::Crypto].into_iter().collect(),
    );
    let engine = Engine::new(&f.reference, &f.rules);
    let verdicts = engine.score_batch(&[crypto("coinpay"), crypto("acme")]);
    assert!(!fired(&verdicts[0]).contains(&"payroll.crypto"));
    assert!(fired(&verdicts[1]).contains(&"payroll.crypto"));
}
