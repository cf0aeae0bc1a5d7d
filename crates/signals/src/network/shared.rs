//! One IP address or subnet used by several different candidates.

use super::to_evidence;
use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::links::{IndexedApp, LinkKey, LinkKind, LinkView, MAX_HOLDERS};
use serde_json::json;
use std::collections::BTreeSet;
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

/// Distinct identities among some applications.
fn distinct_identities<'a>(apps: impl Iterator<Item = &'a IndexedApp>) -> usize {
    let mut ids: Vec<u64> = apps.map(|a| a.identity.0).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

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
    if distinct_identities(others.iter().map(|(_, a)| *a)) < CARRIER_IDENTITIES {
        return false;
    }
    if !at_least_tenants(others, CARRIER_TENANTS) {
        return false;
    }
    let linked_otherwise = others
        .iter()
        .filter(|(p, _)| view.index.same_cluster(view.position, *p))
        .count();
    linked_otherwise * 4 < others.len()
}

/// Whether the applications come from `n` or more employers (stops at `n`).
fn at_least_tenants(apps: &[(u32, &IndexedApp)], n: usize) -> bool {
    let mut seen: Vec<&str> = Vec::with_capacity(n);
    for (_, app) in apps {
        if !seen.contains(&&*app.tenant_id) {
            seen.push(&app.tenant_id);
            if seen.len() >= n {
                return true;
            }
        }
    }
    false
}

/// [`carrier_like`] decided from the index's counts of the crowd behind the
/// key, without walking it: an application in no cluster is linked to none of
/// the strangers, so enough identities and employers besides its own settle it.
fn surely_carrier(view: &LinkView<'_>, key: &LinkKey) -> bool {
    if view.index.cluster(view.position).is_some() {
        return false;
    }
    view.index.crowd(key).is_some_and(|crowd| {
        let (identities, tenants) = crowd.without_one();
        identities as usize >= CARRIER_IDENTITIES && tenants as usize >= CARRIER_TENANTS
    })
}

fn shared_ip(view: &LinkView<'_>) -> Option<Hit> {
    shared(view, LinkKind::Ip)
}

fn shared_subnet(view: &LinkView<'_>) -> Option<Hit> {
    shared(view, LinkKind::Subnet)
}

fn shared(view: &LinkView<'_>, kind: LinkKind) -> Option<Hit> {
    if !view.index.shares_any(view.position) {
        return None;
    }
    let mut keys: Vec<LinkKey> = view.me.all_keys().filter(|k| k.kind == kind).collect();
    keys.sort_unstable();
    keys.dedup();
    // Take the key shared with the most other identities (the first, on a tie).
    let mut best: Option<(LinkKey, Vec<&IndexedApp>, usize)> = None;
    for key in keys {
        if surely_carrier(view, &key) {
            continue;
        }
        let strangers: Vec<(u32, &IndexedApp)> = view
            .index
            .holders(&key)
            .take(MAX_HOLDERS)
            .filter(|p| *p != view.position)
            .filter_map(|p| view.index.app(p).map(|app| (p, app)))
            .filter(|(_, app)| app.identity != view.me.identity)
            .collect();
        if carrier_like(view, &strangers, address_of(view, &key)) {
            continue;
        }
        let distinct = distinct_identities(strangers.iter().map(|(_, a)| *a));
        if distinct > best.as_ref().map_or(0, |(_, _, d)| *d) {
            best = Some((
                key,
                strangers.into_iter().map(|(_, a)| a).collect(),
                distinct,
            ));
        }
    }
    let (key, others, distinct) = best?;
    let identities = 1 + distinct;
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
