//! Observed location against claimed location.

use super::{ip_evidence, to_evidence};
use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::{Enriched, SessionFacts};
use crate::regions::same_region;
use serde_json::json;
use std::collections::BTreeSet;

const PLACE_EVIDENCE: &[&str] = &[
    "ip",
    "at",
    "observed_country",
    "observed_region",
    "observed_city",
    "observed_place",
    "geo_database",
    "asn",
    "asn_org",
    "claimed_country",
    "claimed_region",
    "claimed_place",
    "sessions",
    "located_sessions",
];

/// Sessions located outside the claimed country.
pub const COUNTRY_MISMATCH: SignalDef = SignalDef {
    id: "network.ip_country_mismatch",
    doc: "Sessions came from IP addresses located outside the country the candidate claims; \
          the value is the share of located, non-anonymized sessions that did (a VPN exit's \
          country says nothing about the person, so those sessions are left to the anonymizer signals). \
          Travel is left out: a session abroad whose browser clock follows the country it came from, \
          of a candidate whose sessions are mostly at home in the claimed country.",
    unit: Unit::Share,
    evidence: PLACE_EVIDENCE,
    sources: &["A22", "A25J", "MA", "GT", "SEAL"],
    compute: Compute::Local(country_mismatch),
};

/// Sessions in the claimed country but another region.
pub const REGION_MISMATCH: SignalDef = SignalDef {
    id: "network.ip_region_mismatch",
    doc: "Sessions came from the claimed country but from another state or region than the one claimed; \
          geo-IP regions are often wrong, so this is weak; the value is the share of comparable sessions.",
    unit: Unit::Share,
    evidence: PLACE_EVIDENCE,
    sources: &["LB", "GT"],
    compute: Compute::Local(region_mismatch),
};

/// Sessions from several countries.
pub const MULTIPLE_COUNTRIES: SignalDef = SignalDef {
    id: "network.multiple_countries",
    doc: "The candidate's non-anonymized sessions came from IP addresses in several countries, travel \
          (as for `network.ip_country_mismatch`) left out; the value is how many.",
    unit: Unit::Count,
    evidence: &["countries", "ips"],
    sources: &["A22", "A25J"],
    compute: Compute::Local(multiple_countries),
};

/// Consecutive sessions too far apart for the time between them.
pub const IMPOSSIBLE_TRAVEL: SignalDef = SignalDef {
    id: "network.impossible_travel",
    doc: "Two consecutive non-anonymized sessions were further apart than anyone could travel in the time \
          between them (over 1,000 km/h and 500 km); the value is the speed it would take.",
    unit: Unit::KmPerHour,
    evidence: &["from_ip", "from_place", "from_at", "to_ip", "to_place", "to_at", "distance_km", "hours"],
    sources: &["A22", "A25J"],
    compute: Compute::Local(impossible_travel),
};

/// The located, non-anonymized sessions.
fn located<'a>(app: &'a Enriched<'_>) -> impl Iterator<Item = &'a SessionFacts> {
    app.sessions
        .iter()
        .filter(|s| s.country().is_some() && !s.anonymized())
}

/// The located sessions travel does not explain.
fn unexplained<'a>(app: &'a Enriched<'_>) -> impl Iterator<Item = &'a SessionFacts> {
    located(app).filter(|s| !s.travel)
}

fn claim_evidence(app: &Enriched<'_>) -> Vec<(&'static str, serde_json::Value)> {
    let claimed = &app.claimed;
    vec![
        (
            "claimed_country",
            json!(claimed.country.map(|c| c.to_string())),
        ),
        ("claimed_region", json!(claimed.region)),
        (
            "claimed_place",
            crate::evidence::place(
                claimed.city.as_deref(),
                claimed.region.as_deref(),
                claimed.country.as_ref().map(|c| c.as_str()),
            ),
        ),
    ]
}

fn share_hit(app: &Enriched<'_>, flagged: &[&SessionFacts], total: usize) -> Option<Hit> {
    let first = flagged.first()?;
    let mut pairs = ip_evidence(first);
    pairs.extend(claim_evidence(app));
    pairs.push(("sessions", json!(flagged.len())));
    pairs.push(("located_sessions", json!(total)));
    Some(Hit {
        value: flagged.len() as f64 / total.max(1) as f64,
        evidence: to_evidence(pairs),
    })
}

fn country_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let claimed = app.claimed.country?;
    let sessions: Vec<&SessionFacts> = unexplained(app).collect();
    let away: Vec<&SessionFacts> = sessions
        .iter()
        .copied()
        .filter(|s| s.country() != Some(claimed.as_str()))
        .collect();
    share_hit(app, &away, sessions.len())
}

fn region_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let claimed_country = app.claimed.country?;
    let claimed_region = app.claimed.region.as_deref()?;
    let comparable: Vec<(&SessionFacts, bool)> = located(app)
        .filter(|s| s.country() == Some(claimed_country.as_str()))
        .filter_map(|s| {
            let region = s.ip.as_ref()?.location.as_ref()?.region.as_deref()?;
            Some((
                s,
                same_region(claimed_country.as_str(), claimed_region, region)?,
            ))
        })
        .collect();
    let elsewhere: Vec<&SessionFacts> = comparable
        .iter()
        .filter(|(_, same)| !same)
        .map(|(s, _)| *s)
        .collect();
    share_hit(app, &elsewhere, comparable.len())
}

fn multiple_countries(app: &Enriched<'_>) -> Option<Hit> {
    let countries: BTreeSet<&str> = unexplained(app).filter_map(SessionFacts::country).collect();
    if countries.len() < 2 {
        return None;
    }
    let ips: BTreeSet<String> = unexplained(app)
        .filter_map(|s| s.ip.as_ref().map(|f| f.ip.to_string()))
        .collect();
    Some(Hit {
        value: countries.len() as f64,
        evidence: to_evidence(vec![("countries", json!(countries)), ("ips", json!(ips))]),
    })
}

const MIN_SPEED_KMH: f64 = 1_000.0;
const MIN_DISTANCE_KM: f64 = 500.0;

fn impossible_travel(app: &Enriched<'_>) -> Option<Hit> {
    let timed: Vec<(&SessionFacts, f64, f64)> = located(app)
        .filter(|s| s.at.is_some())
        .filter_map(|s| {
            let location = s.ip.as_ref()?.location.as_ref()?;
            Some((s, location.latitude?, location.longitude?))
        })
        .collect();
    let mut worst: Option<(f64, f64, f64, usize)> = None;
    for (i, pair) in timed.windows(2).enumerate() {
        let [(a, lat1, lon1), (b, lat2, lon2)] = pair else {
            continue;
        };
        let (Some(t1), Some(t2)) = (a.at, b.at) else {
            continue;
        };
        let distance = haversine_km(*lat1, *lon1, *lat2, *lon2);
        let hours = (t2 - t1).num_seconds().max(0) as f64 / 3600.0;
        let speed = if hours > 0.0 {
            distance / hours
        } else {
            f64::INFINITY
        };
        if distance >= MIN_DISTANCE_KM
            && speed >= MIN_SPEED_KMH
            && worst.is_none_or(|w| speed > w.0)
        {
            worst = Some((speed, distance, hours, i));
        }
    }
    let (speed, distance, hours, i) = worst?;
    let (a, _, _) = timed.get(i)?;
    let (b, _, _) = timed.get(i + 1)?;
    let describe = |s: &SessionFacts| {
        let location = s.ip.as_ref().and_then(|f| f.location.as_ref());
        crate::evidence::place(
            location.and_then(|l| l.city.as_deref()),
            None,
            location.map(|l| l.country.as_str()),
        )
    };
    Some(Hit {
        value: speed.min(100_000.0).round(),
        evidence: to_evidence(vec![
            ("from_ip", json!(a.ip.as_ref().map(|f| f.ip.to_string()))),
            ("from_place", describe(a)),
            ("from_at", json!(a.at.map(|t| t.to_rfc3339()))),
            ("to_ip", json!(b.ip.as_ref().map(|f| f.ip.to_string()))),
            ("to_place", describe(b)),
            ("to_at", json!(b.at.map(|t| t.to_rfc3339()))),
            ("distance_km", json!(distance.round())),
            ("hours", json!((hours * 10.0).round() / 10.0)),
        ]),
    })
}

/// Great-circle distance on a spherical Earth.
fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6_371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::haversine_km;

    #[test]
    fn distances_between_known_cities() {
        // San Francisco to Shanghai is about 9,900 km.
        let d = haversine_km(37.77, -122.42, 31.23, 121.47);
        assert!((9_800.0..10_000.0).contains(&d), "{d}");
        assert!(haversine_km(10.0, 10.0, 10.0, 10.0) < 1e-9);
    }
}
