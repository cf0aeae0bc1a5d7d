//! After the hire, across applications: one laptop or sign-in device behind
//! several identities at once, one identity employed by several employers at
//! once; and the honest look-alikes (a laptop re-issued after its holder
//! left, a couple with their own laptops, a person changing jobs, applying
//! to many jobs) that must stay clear.

mod common;

use bonafide_engine::{Engine, Live};
use bonafide_model::{parse_application, Application, Verdict};
use common::fixture;
use serde_json::{json, Value};

struct Hire<'a> {
    id: &'a str,
    tenant: &'a str,
    name: &'a str,
    start: Option<&'a str>,
    end: Option<&'a str>,
    extra: Value,
}

fn application(h: &Hire<'_>) -> Application {
    let mut record = json!({
        "application_id": h.id, "tenant_id": h.tenant,
        "candidate": { "full_name": h.name, "date_of_birth": "1990-02-03",
                       "claimed_location": { "country": "US", "region": "TX", "city": "Austin" } },
        "position": { "title": "Engineer" },
    });
    if let Some(start) = h.start {
        record["position"]["start_date"] = json!(start);
    }
    if let Some(end) = h.end {
        record["position"]["end_date"] = json!(end);
    }
    merge(&mut record, &h.extra);
    parse_application(&record.to_string()).expect("valid")
}

/// `extra`'s fields into `record`, objects merged, anything else replaced.
fn merge(record: &mut Value, extra: &Value) {
    match (record, extra) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                merge(into.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

fn fired(verdict: &Verdict) -> Vec<&str> {
    verdict.signals.iter().map(|s| s.id.as_str()).collect()
}

/// A company laptop, seen checking in on `seen` and on each of the next two weeks.
fn laptop(serial: &str, seen: &str) -> Value {
    let first = chrono::NaiveDate::parse_from_str(seen, "%Y-%m-%d").expect("date");
    let devices: Vec<Value> = (0..3)
        .map(|week| {
            let day = first + chrono::Duration::days(week * 7);
            json!({ "serial": serial, "source": "osquery", "observed_at": format!("{day}T15:00:00Z") })
        })
        .collect();
    json!({ "devices": devices })
}

fn sign_in(device: &str) -> Value {
    json!({ "sessions": [{ "at": "2026-04-09T14:02:00Z", "kind": "login", "ip": "73.162.40.17",
                           "source": "okta", "device_id": device }] })
}

fn score(hires: &[Hire<'_>]) -> Vec<Verdict> {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let apps: Vec<Application> = hires.iter().map(application).collect();
    engine.score_batch(&apps)
}

#[test]
fn one_laptop_behind_two_identities_at_once_is_scored_and_a_reissue_is_not() {
    let verdicts = score(&[
        Hire {
            id: "a",
            tenant: "acme",
            name: "Ann Carter",
            start: Some("2026-04-06"),
            end: None,
            extra: laptop("C02XK0AAJG5H", "2026-04-20"),
        },
        Hire {
            id: "b",
            tenant: "acme",
            name: "Bo Dane",
            start: Some("2026-04-13"),
            end: None,
            extra: laptop("c02xk0aajg5h", "2026-04-21"),
        },
        // Re-issued: its first holder left before the next one started.
        Hire {
            id: "c",
            tenant: "acme",
            name: "Cy Earl",
            start: Some("2025-01-06"),
            end: Some("2026-02-27"),
            extra: laptop("FVFXK1ZZQ05D", "2026-02-20"),
        },
        Hire {
            id: "d",
            tenant: "acme",
            name: "Di Fox",
            start: Some("2026-03-16"),
            end: None,
            extra: laptop("FVFXK1ZZQ05D", "2026-03-20"),
        },
        // A couple at one address, each with their own laptop at another employer.
        Hire {
            id: "e",
            tenant: "acme",
            name: "Eve Gale",
            start: Some("2026-04-06"),
            end: None,
            extra: json!({ "candidate": { "home_address": { "line1": "12 Elm St", "city": "Austin", "region": "TX", "postal_code": "78701", "country": "US" } },
                              "devices": [{ "serial": "PF3ABCD1", "source": "inventory" }] }),
        },
        Hire {
            id: "f",
            tenant: "globex",
            name: "Finn Gale",
            start: Some("2026-04-06"),
            end: None,
            extra: json!({ "candidate": { "home_address": { "line1": "12 Elm St", "city": "Austin", "region": "TX", "postal_code": "78701", "country": "US" } },
                              "devices": [{ "serial": "PF3WXYZ9", "source": "inventory" }] }),
        },
    ]);
    for v in &verdicts[..2] {
        assert!(fired(v).contains(&"device.shared"), "{v:?}");
        let hit = v
            .signals
            .iter()
            .find(|s| s.id == "device.shared")
            .expect("fired");
        assert!(
            hit.explanation.contains("2 identities"),
            "{}",
            hit.explanation
        );
        assert!(
            !hit.explanation.contains("C02XK0AAJG5H"),
            "the serial is keyed: {}",
            hit.explanation
        );
    }
    for v in &verdicts[2..] {
        assert!(!fired(v).contains(&"device.shared"), "{v:?}");
        // A laptop shared in sequence joins no cluster either.
        assert!(!fired(v).contains(&"identity.cluster"), "{v:?}");
    }
}

#[test]
fn one_sign_in_device_behind_two_accounts_counts_only_within_its_employer() {
    let verdicts = score(&[
        Hire {
            id: "a",
            tenant: "acme",
            name: "Ann Carter",
            start: Some("2026-04-06"),
            end: None,
            extra: sign_in("guo4a5u7YAHhjXrMK0g4"),
        },
        Hire {
            id: "b",
            tenant: "acme",
            name: "Bo Dane",
            start: Some("2026-04-06"),
            end: None,
            extra: sign_in("guo4a5u7YAHhjXrMK0g4"),
        },
        // The same id at another employer is another provider's id.
        Hire {
            id: "c",
            tenant: "globex",
            name: "Cy Earl",
            start: Some("2026-04-06"),
            end: None,
            extra: sign_in("guo4a5u7YAHhjXrMK0g4"),
        },
    ]);
    assert!(
        fired(&verdicts[0]).contains(&"device.shared_sign_in"),
        "{:?}",
        verdicts[0]
    );
    assert!(fired(&verdicts[1]).contains(&"device.shared_sign_in"));
    assert!(
        !fired(&verdicts[2]).contains(&"device.shared_sign_in"),
        "{:?}",
        verdicts[2]
    );
    // One person's own accounts on one device are one identity: nothing.
    let own = score(&[
        Hire {
            id: "a",
            tenant: "acme",
            name: "Ann Carter",
            start: Some("2026-04-06"),
            end: None,
            extra: sign_in("guo4a5u7YAHhjXrMK0g4"),
        },
        Hire {
            id: "a2",
            tenant: "acme",
            name: "Ann Carter",
            start: Some("2026-04-06"),
            end: None,
            extra: sign_in("guo4a5u7YAHhjXrMK0g4"),
        },
    ]);
    assert!(own
        .iter()
        .all(|v| !fired(v).contains(&"device.shared_sign_in")));
}

/// An SSN, and a company laptop that shows the hire at work on `seen`.
fn ssn(number: &str, serial: &str, seen: &str) -> Value {
    let mut extra = laptop(serial, seen);
    extra["documents"] = json!([{ "kind": "ssn", "number": number }]);
    extra
}

#[test]
fn one_identity_in_two_jobs_at_once_is_scored_and_one_job_after_another_is_not() {
    let bare = |number: &str| json!({ "documents": [{ "kind": "ssn", "number": number }] });
    let hires = [
        (
            "acme-1",
            "acme",
            "Jordan Miller",
            Some("2026-04-06"),
            None,
            ssn("219-09-9999", "C02AAAA0001", "2026-05-10"),
        ),
        (
            "globex-1",
            "globex",
            "Jordan A. Miller",
            Some("2026-05-04"),
            None,
            ssn("219099999", "5CG0000002", "2026-05-12"),
        ),
        // Applied to a third employer and was not hired: normal.
        (
            "initech-1",
            "initech",
            "Jordan Miller",
            None,
            None,
            bare("219-09-9999"),
        ),
        // Changed jobs: left the first before starting the second.
        (
            "acme-2",
            "acme",
            "Sam Ortiz",
            Some("2025-01-06"),
            Some("2026-03-31"),
            ssn("078-05-1120", "C02AAAA0003", "2026-03-20"),
        ),
        (
            "globex-2",
            "globex",
            "Sam Ortiz",
            Some("2026-04-13"),
            None,
            ssn("078-05-1120", "5CG0000004", "2026-04-20"),
        ),
        // Changed jobs, no end date sent: seen at work at one, months later at the other.
        (
            "acme-4",
            "acme",
            "Kim Lo",
            Some("2025-06-02"),
            None,
            ssn("219-45-6789", "C02AAAA0005", "2025-09-01"),
        ),
        (
            "globex-4",
            "globex",
            "Kim Lo",
            Some("2026-04-06"),
            None,
            ssn("219-45-6789", "5CG0000006", "2026-04-20"),
        ),
        // Submitted twice, to two employers, a start date each but no sign of work at either.
        (
            "acme-3",
            "acme",
            "Lee Park",
            Some("2026-04-06"),
            None,
            bare("212-34-5678"),
        ),
        (
            "globex-3",
            "globex",
            "Lee Park",
            Some("2026-04-20"),
            None,
            bare("212-34-5678"),
        ),
    ];
    let hires: Vec<Hire<'_>> = hires
        .into_iter()
        .map(|(id, tenant, name, start, end, extra)| Hire {
            id,
            tenant,
            name,
            start,
            end,
            extra,
        })
        .collect();
    let verdicts = score(&hires);
    let concurrent = |v: &Verdict| fired(v).contains(&"identity.concurrent_employment");
    assert!(concurrent(&verdicts[0]), "{:?}", verdicts[0]);
    assert!(concurrent(&verdicts[1]), "{:?}", verdicts[1]);
    let hit = verdicts[0]
        .signals
        .iter()
        .find(|s| s.id == "identity.concurrent_employment")
        .expect("fired");
    assert!(
        hit.explanation.contains("1 other employer"),
        "{}",
        hit.explanation
    );
    assert!(hit.explanation.contains("ssn"), "{}", hit.explanation);
    for v in &verdicts[2..] {
        assert!(!concurrent(v), "{v:?}");
    }
}

#[test]
fn across_time_a_later_hire_on_the_same_laptop_rescored_the_first() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let mut live = Live::default();
    let first = application(&Hire {
        id: "a",
        tenant: "acme",
        name: "Ann Carter",
        start: Some("2026-04-06"),
        end: None,
        extra: laptop("C02XK0AAJG5H", "2026-04-22"),
    });
    let stored = engine.local(&first).to_stored();
    // Through the store's bytes, as after a restart.
    let first_at =
        live.insert(bonafide_engine::StoredEntry::from_bytes(&stored.to_bytes()).expect("decodes"));
    let second = application(&Hire {
        id: "b",
        tenant: "globex",
        name: "Bo Dane",
        start: Some("2026-04-20"),
        end: None,
        extra: laptop("C02XK0AAJG5H", "2026-04-25"),
    });
    let second_at = live.insert(engine.local(&second).to_stored());
    assert!(live.affected_by(second_at).contains(&first_at));
    let rescored = live.score(&engine, first_at).expect("scored");
    assert!(fired(&rescored).contains(&"device.shared"), "{rescored:?}");
}

/// An employer's own corporate VPN, declared (`[employers.NAME] vpn_egress`):
/// its hires' sign-ins through it are no anonymizer and link nobody, while
/// the same exit at another employer is still a VPN.
#[test]
fn an_employers_own_vpn_is_its_network_not_a_hiding_place() {
    let mut f = fixture();
    f.reference.devices.employer_networks.insert(
        "acme".into(),
        vec!["146.70.116.0/24".parse().expect("cidr")],
    );
    let engine = Engine::new(&f.reference, &f.rules);
    let through_vpn = |id: &str, tenant: &str, name: &str| {
        application(&Hire {
            id,
            tenant,
            name,
            start: Some("2026-04-06"),
            end: None,
            extra: json!({ "sessions": [
                { "at": "2026-04-09T14:02:00Z", "kind": "login", "ip": "146.70.116.20", "source": "okta" },
                { "at": "2026-04-10T14:02:00Z", "kind": "login", "ip": "146.70.116.20", "source": "okta" }
            ] }),
        })
    };
    let verdicts = engine.score_batch(&[
        through_vpn("a", "acme", "Ann Carter"),
        through_vpn("b", "acme", "Bo Dane"),
        through_vpn("c", "globex", "Cy Earl"),
    ]);
    let network = |v: &Verdict| fired(v).iter().any(|id| id.starts_with("network."));
    for v in &verdicts[..2] {
        assert!(!network(v), "{v:?}");
        assert!(v.linked_applications.is_empty(), "{v:?}");
    }
    assert!(
        network(&verdicts[2]),
        "another employer's hire behind it: {:?}",
        verdicts[2]
    );
}
