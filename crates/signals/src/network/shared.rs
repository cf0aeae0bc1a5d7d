//! One IP address or subnet used by several different candidates.

use super::to_evidence;
use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::links::{IndexedApp, LinkKey, LinkKind, LinkView};
use serde_json::json;
use std::collections::{BTreeSet, HashSet};

/// The same IP used by other identities.
pub const SHARED_IP: SignalDef = SignalDef {
    id: "network.shared_ip",
    doc: "A session IP address, not a VPN exit or proxy, was also used by applications under other names; \
          the value is the number of distinct identities (this one included) behind the address.",
    unit: Unit::Count,
    evidence: &["ip", "identities", "applications", "tenants"],
    sources: &["A22", "MA-POD"],
    compute: Compute::Linked(shared_ip),
};

/// The same /24 or /48 used by other identities.
pub const SHARED_SUBNET: SignalDef = SignalDef {
    id: "network.shared_subnet",
    doc: "A session IP address's /24 (IPv4) or /48 (IPv6) network was also used by applications under \
          other names; weak, since offices, campuses and carrier NAT share networks; the value is the \
          number of distinct identities.",
    unit: Unit::Count,
    evidence: &["subnet", "identities", "applications", "tenants"],
    sources: &["A22", "MA-POD"],
    compute: Compute::Linked(shared_subnet),
};

const MAX_LISTED: usize = 10;

fn shared_ip(view: &LinkView<'_>) -> Option<Hit> {
    shared(view, LinkKind::Ip)
}

fn shared_subnet(view: &LinkView<'_>) -> Option<Hit> {
    shared(view, LinkKind::Subnet)
}

fn shared(view: &LinkView<'_>, kind: LinkKind) -> Option<Hit> {
    // Take the key shared with the most other identities.
    let mut best: Option<(LinkKey, Vec<&IndexedApp>)> = None;
    let mut by_key: Vec<(LinkKey, &IndexedApp)> = view.others(kind).collect();
    by_key.sort_by_key(|(k, _)| *k);
    for chunk in by_key.chunk_by(|a, b| a.0 == b.0) {
        let others: Vec<&IndexedApp> = chunk
            .iter()
            .map(|(_, app)| *app)
            .filter(|app| app.identity != view.me.identity)
            .collect();
        let distinct = others
            .iter()
            .map(|a| a.identity)
            .collect::<HashSet<_>>()
            .len();
        let best_distinct = best.as_ref().map_or(0, |(_, b)| {
            b.iter().map(|a| a.identity).collect::<HashSet<_>>().len()
        });
        if distinct > best_distinct {
            best = chunk.first().map(|(key, _)| (*key, others));
        }
    }
    let (key, others) = best?;
    let identities = 1 + others
        .iter()
        .map(|a| a.identity)
        .collect::<HashSet<_>>()
        .len();
    let address = view
        .me
        .ips
        .iter()
        .find(|ip| LinkKey::for_ip(**ip).contains(&key))
        .copied();
    let label = match (kind, address) {
        (LinkKind::Subnet, Some(std::net::IpAddr::V4(v4))) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        (LinkKind::Subnet, Some(std::net::IpAddr::V6(v6))) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
        (_, Some(ip)) => ip.to_string(),
        (_, None) => "unknown".to_owned(),
    };
    let applications: Vec<&str> = others
        .iter()
        .take(MAX_LISTED)
        .map(|a| &*a.application_id)
        .collect();
    let tenants: BTreeSet<&str> = others
        .iter()
        .map(|a| &*a.tenant_id)
        .chain([&*view.me.tenant_id])
        .collect();
    let field = if kind == LinkKind::Subnet {
        "subnet"
    } else {
        "ip"
    };
    Some(Hit {
        value: identities as f64,
        evidence: to_evidence(vec![
            (field, json!(label)),
            ("identities", json!(identities)),
            ("applications", json!(applications.join(", "))),
            ("tenants", json!(tenants.len())),
        ]),
    })
}
