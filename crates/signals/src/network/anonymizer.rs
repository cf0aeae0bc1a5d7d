//! Sessions through VPNs, Tor, hosting networks and proxies.

use super::{ip_evidence, to_evidence};
use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::{Enriched, SessionFacts};
use bonafide_netdata::{AnonKind, AnonymizerHit};
use serde_json::json;
use std::collections::BTreeSet;

const EVIDENCE: &[&str] = &[
    "ip",
    "at",
    "observed_country",
    "observed_region",
    "observed_city",
    "observed_place",
    "geo_database",
    "asn",
    "asn_org",
    "provider",
    "network",
    "listed_by",
    "kind",
    "sessions",
    "ip_risk",
];

/// Commercial VPN exits.
pub const VPN: SignalDef = SignalDef {
    id: "network.vpn",
    doc: "Sessions came through a commercial VPN exit, by a VPN list, a VPN operator's AS number or an \
          anonymous-IP database; the value is how many sessions.",
    unit: Unit::Count,
    evidence: EVIDENCE,
    sources: &["LB", "MA-POD", "RC", "MS", "MM", "SP"],
    compute: Compute::Local(vpn),
};

/// Tor exits.
pub const TOR: SignalDef = SignalDef {
    id: "network.tor",
    doc: "Sessions came from a Tor exit relay; the value is how many sessions.",
    unit: Unit::Count,
    evidence: EVIDENCE,
    sources: &["MM", "MB"],
    compute: Compute::Local(tor),
};

/// Hosting and datacenter networks.
pub const HOSTING: SignalDef = SignalDef {
    id: "network.hosting",
    doc: "Sessions came from a hosting provider or datacenter rather than a home, mobile or office \
          network (rented servers are how many VPNs, including Astrill, are built); the value is how many sessions.",
    unit: Unit::Count,
    evidence: EVIDENCE,
    sources: &["MS", "CSD", "MM", "MB"],
    compute: Compute::Local(hosting),
};

/// Public and residential proxies.
pub const PROXY: SignalDef = SignalDef {
    id: "network.proxy",
    doc:
        "Sessions came through a public or residential proxy, which lends a third party's address; \
          the value is how many sessions.",
    unit: Unit::Count,
    evidence: EVIDENCE,
    sources: &["MS", "MM"],
    compute: Compute::Local(proxy),
};

/// Never seen without a VPN, proxy or datacenter in between.
pub const ALWAYS_HIDDEN: SignalDef = SignalDef {
    id: "network.always_hidden",
    doc: "Every one of the candidate's sessions (two or more) came through a VPN, proxy, Tor or a \
          datacenter: nothing observed says where the person is. Privacy-minded people use a VPN some \
          of the time; the value is how many sessions.",
    unit: Unit::Count,
    evidence: &["sessions", "provider", "kind"],
    sources: &["LB", "MA-POD", "MS", "SP"],
    compute: Compute::Local(always_hidden),
};

fn always_hidden(app: &Enriched<'_>) -> Option<Hit> {
    let with_ip: Vec<&SessionFacts> = app.sessions.iter().filter(|s| s.ip.is_some()).collect();
    if with_ip.len() < 2 || !with_ip.iter().all(|s| s.anonymized()) {
        return None;
    }
    let first = with_ip.first()?.ip.as_ref()?;
    let hit = first.anonymizers.first()?;
    let provider = hit
        .provider
        .clone()
        .or_else(|| first.asn.as_ref().and_then(|a| a.organization.clone()));
    Some(Hit {
        value: with_ip.len() as f64,
        evidence: to_evidence(vec![
            ("sessions", json!(with_ip.len())),
            ("provider", json!(provider)),
            ("kind", json!(hit.kind.as_str().replace('_', " "))),
        ]),
    })
}

fn vpn(app: &Enriched<'_>) -> Option<Hit> {
    through(app, &[AnonKind::Vpn])
}

fn tor(app: &Enriched<'_>) -> Option<Hit> {
    through(app, &[AnonKind::Tor])
}

fn hosting(app: &Enriched<'_>) -> Option<Hit> {
    // A VPN exit is usually in a datacenter too: say VPN, not both.
    let hits = matching(app, &[AnonKind::Hosting]);
    let not_vpn: Vec<_> = hits
        .into_iter()
        .filter(|(s, _)| {
            !kinds_of(s).contains(&AnonKind::Vpn) && !kinds_of(s).contains(&AnonKind::Tor)
        })
        .collect();
    report(not_vpn)
}

fn proxy(app: &Enriched<'_>) -> Option<Hit> {
    through(app, &[AnonKind::PublicProxy, AnonKind::ResidentialProxy])
}

fn kinds_of(session: &SessionFacts) -> BTreeSet<AnonKind> {
    session
        .ip
        .as_ref()
        .map(|f| f.anonymizers.iter().map(|h| h.kind).collect())
        .unwrap_or_default()
}

fn matching<'a>(
    app: &'a Enriched<'_>,
    kinds: &[AnonKind],
) -> Vec<(&'a SessionFacts, Vec<&'a AnonymizerHit>)> {
    app.sessions
        .iter()
        .filter_map(|s| {
            let hits: Vec<&AnonymizerHit> =
                s.ip.as_ref()?
                    .anonymizers
                    .iter()
                    .filter(|h| kinds.contains(&h.kind))
                    .collect();
            (!hits.is_empty()).then_some((s, hits))
        })
        .collect()
}

fn through(app: &Enriched<'_>, kinds: &[AnonKind]) -> Option<Hit> {
    report(matching(app, kinds))
}

fn report(sessions: Vec<(&SessionFacts, Vec<&AnonymizerHit>)>) -> Option<Hit> {
    let (first, hits) = sessions.first()?;
    let provider = hits.iter().find_map(|h| h.provider.clone()).or_else(|| {
        first
            .ip
            .as_ref()
            .and_then(|f| f.asn.as_ref())
            .and_then(|a| a.organization.clone())
    });
    let listed_by: BTreeSet<&str> = hits.iter().map(|h| &*h.source).collect();
    let mut pairs = ip_evidence(first);
    pairs.extend([
        ("provider", json!(provider)),
        (
            "network",
            json!(hits.iter().find_map(|h| h.network.clone())),
        ),
        (
            "listed_by",
            json!(listed_by.into_iter().collect::<Vec<_>>().join(", ")),
        ),
        (
            "kind",
            json!(hits.first().map(|h| h.kind.as_str().replace('_', " "))),
        ),
        ("sessions", json!(sessions.len())),
        // MaxMind's IP-Risk score, where an IP-Risk database is configured.
        ("ip_risk", json!(first.ip.as_ref().and_then(|f| f.ip_risk))),
    ]);
    Some(Hit {
        value: sessions.len() as f64,
        evidence: to_evidence(pairs),
    })
}
