//! One IP address or subnet used by several different candidates.

use super::to_evidence;
use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::links::{IndexedApp, LinkKey, LinkKind, LinkView};
use serde_json::json;
use std::collections::{BTreeSet, HashSet};
use std::net::IpAddr;

/// The session address of mine behind an IP or subnet key.
fn address_of(view: &LinkView<'_>, key: &LinkKey) -> Option<IpAddr> {
    view.me
        .ips
        .iter()
        .find(|ip| LinkKey::for_ip(**ip).contains(key))
        .copied()
}

/// The same IP used by other identities.
pub const SHARED_IP: SignalDef = SignalDef {
    id: "network.shared_ip",
    doc: "A session IP address, not a VPN exit or proxy, was also used by applications under other names; \
          the value is the number of distinct identities (this one included) behind the address. An address \
          shared like a carrier's (eight or more other identities at three or more employers, most not linked \
          to this one otherwise, carrier NAT space 100.64.0.0/10, or a Cellular address by a Connection-Type \
          database) is left out.",
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
          number of distinct identities. Networks shared like a carrier's are left out, as for `network.shared_ip`.",
    unit: Unit::Count,
    evidence: &["subnet", "identities", "applications", "tenants"],
    sources: &["A22", "MA-POD"],
    compute: Compute::Linked(shared_subnet),
};

const MAX_LISTED: usize = 10;

/// From this many other identities behind one address, across this many
/// employers, an address mostly shared by strangers is a carrier's or an
/// office's, not a farm's: a mobile carrier's NAT puts hundreds of unrelated
/// applicants behind a few addresses, while a farm is a few identities that
/// are also linked otherwise (one shipping address, shared accounts).
const CARRIER_IDENTITIES: usize = 8;
const CARRIER_TENANTS: usize = 3;

/// Whether the people behind a shared address look like a carrier's customers:
/// many identities across employers, most of them not linked to this
/// application in any other way; or an address of the shared address space
/// carriers use for NAT (100.64.0.0/10, RFC 6598).
fn carrier_like(view: &LinkView<'_>, others: &[(u32, &IndexedApp)], ip: Option<IpAddr>) -> bool {
    if let Some(IpAddr::V4(v4)) = ip {
        let [a, b, ..] = v4.octets();
        if a == 100 && (64..128).contains(&b) {
            return true;
        }
    }
    let identities: HashSet<_> = others.iter().map(|(_, a)| a.identity).collect();
    if identities.len() < CARRIER_IDENTITIES {
        return false;
    }
    let tenants: HashSet<&str> = others.iter().map(|(_, a)| &*a.tenant_id).collect();
    if tenants.len() < CARRIER_TENANTS {
        return false;
    }
    let linked_otherwise = others
        .iter()
        .filter(|(p, _)| view.index.same_cluster(view.position, *p))
        .count();
    linked_otherwise * 4 < others.len()
}

fn shared_ip(view: &LinkView<'_>) -> Option<Hit> {
    shared(view, LinkKind::Ip)
}

fn shared_subnet(view: &LinkView<'_>) -> Option<Hit> {
    shared(view, LinkKind::Subnet)
}

fn shared(view: &LinkView<'_>, kind: LinkKind) -> Option<Hit> {
    // Take the key shared with the most other identities.
    let mut best: Option<(LinkKey, Vec<&IndexedApp>)> = None;
    let mut by_key: Vec<(LinkKey, u32, &IndexedApp)> = view.others_at(kind).collect();
    by_key.sort_by_key(|(k, _, _)| *k);
    for chunk in by_key.chunk_by(|a, b| a.0 == b.0) {
        let strangers: Vec<(u32, &IndexedApp)> = chunk
            .iter()
            .map(|(_, p, app)| (*p, *app))
            .filter(|(_, app)| app.identity != view.me.identity)
            .collect();
        let key = chunk[0].0;
        if carrier_like(view, &strangers, address_of(view, &key)) {
            continue;
        }
        let others: Vec<&IndexedApp> = strangers.iter().map(|(_, a)| *a).collect();
        let distinct = others
            .iter()
            .map(|a| a.identity)
            .collect::<HashSet<_>>()
            .len();
        let best_distinct = best.as_ref().map_or(0, |(_, b)| {
            b.iter().map(|a| a.identity).collect::<HashSet<_>>().len()
        });
        if distinct > best_distinct {
            best = Some((key, others));
        }
    }
    let (key, others) = best?;
    let identities = 1 + others
        .iter()
        .map(|a| a.identity)
        .collect::<HashSet<_>>()
        .len();
    let address = address_of(view, &key);
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
