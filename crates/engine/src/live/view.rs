//! What investigators look at in the live index: a cluster as a graph of
//! applications and the attributes they share, and the applications holding
//! a value an investigator types in.

use super::Live;
use bonafide_signals::{verified_match, IndexedApp, LinkKey, LinkKind};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One application in a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterMember {
    /// The employer.
    pub tenant_id: String,
    /// The HR platform's id.
    pub application_id: String,
    /// When it was submitted (seconds since the epoch).
    pub submitted: Option<i64>,
}

/// One attribute value that two or more members share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAttribute {
    /// What it is.
    pub kind: LinkKind,
    /// Its key (for exact kinds, the key every member holds; for photos and
    /// résumés, one band of the first member's).
    pub key: LinkKey,
    /// What evidence may show of it (`shipping address in 37211 (…)`, `bank account •••••9981 (…)`,
    /// an IP address); never a raw identity number.
    pub label: String,
    /// Positions in [`ClusterView::members`].
    pub members: Vec<usize>,
}

/// A cluster as a picture: applications, and the attributes joining them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterView {
    /// The application asked about first, then the others in arrival order.
    pub members: Vec<ClusterMember>,
    /// Shared attributes, most widely shared first.
    pub shared: Vec<SharedAttribute>,
}

impl Live {
    /// The cluster of the application at `position` (itself, what it links to
    /// directly and what its cluster holds), with every attribute at least two
    /// of them share. Subnets are left out: they are not links.
    pub fn cluster_view(&self, position: u32) -> ClusterView {
        let Some(_) = self.entry(position) else {
            return ClusterView::default();
        };
        let (_, linked) = self.around(position);
        let order: Vec<u32> = std::iter::once(position).chain(linked).collect();
        let apps: Vec<&IndexedApp> = order
            .iter()
            .filter_map(|p| self.entry(*p).map(|e| &e.link))
            .collect();
        let members = apps
            .iter()
            .map(|a| ClusterMember {
                tenant_id: a.tenant_id.to_string(),
                application_id: a.application_id.to_string(),
                submitted: a.submitted,
            })
            .collect();
        let mut by_key: BTreeMap<LinkKey, BTreeSet<usize>> = BTreeMap::new();
        for (at, app) in apps.iter().enumerate() {
            for key in app.all_keys().filter(|k| k.kind != LinkKind::Subnet) {
                by_key.entry(key).or_default().insert(at);
            }
        }
        let mut shared = Vec::new();
        let mut seen: BTreeSet<(LinkKind, Vec<usize>)> = BTreeSet::new();
        for (key, holders) in by_key.into_iter().filter(|(_, h)| h.len() >= 2) {
            let holders: Vec<usize> = holders.into_iter().collect();
            if key.kind.is_exact() {
                // One address gives two keys (with and without its unit): held by
                // the same applications, they are one thing in the picture.
                if !seen.insert((key.kind, holders.clone())) {
                    continue;
                }
                shared.push(SharedAttribute {
                    kind: key.kind,
                    key,
                    label: label_of(&key, apps[holders[0]]),
                    members: holders,
                });
                continue;
            }
            // A photo or résumé band is a candidate only: keep the members that really match.
            for group in verified_groups(key.kind, &holders, &apps) {
                if seen.insert((key.kind, group.clone())) {
                    shared.push(SharedAttribute {
                        kind: key.kind,
                        key,
                        label: label_of(&key, apps[group[0]]),
                        members: group,
                    });
                }
            }
        }
        // An application ships to one address, for which linking keeps more than
        // one key (with its unit and without); the keys of one address that a
        // subset of another's holders hold are the same place, drawn once.
        let addresses: Vec<Vec<usize>> = shared
            .iter()
            .filter(|s| s.kind == LinkKind::ShippingAddress)
            .map(|s| s.members.clone())
            .collect();
        shared.retain(|s| {
            s.kind != LinkKind::ShippingAddress
                || !addresses.iter().any(|other| {
                    other.len() > s.members.len() && s.members.iter().all(|m| other.contains(m))
                })
        });
        shared.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then(a.kind.cmp(&b.kind))
                .then(a.label.cmp(&b.label))
        });
        ClusterView { members, shared }
    }

    /// (tenant, application id) of the applications holding a key, most recent
    /// first, at most as many as linking takes.
    pub fn holding(&self, key: &LinkKey) -> Vec<(String, String)> {
        self.live_holders(key)
            .filter_map(|p| self.id(p))
            .map(|(t, a)| (t.to_owned(), a.to_owned()))
            .collect()
    }

    /// Applications of a tenant with a payroll account or wallet ending in
    /// `tail` (the last characters an investigator knows), most recent first.
    /// Reads every entry: for a person's search, not for scoring.
    pub fn with_account_ending(&self, tenant: &str, tail: &str, limit: usize) -> Vec<String> {
        let tail = tail.to_ascii_uppercase();
        if tail.is_empty() {
            return Vec::new();
        }
        let mut found: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for entry in self.entries.iter().rev().flatten() {
            if out.len() >= limit {
                break;
            }
            let app = &entry.link;
            if &*app.tenant_id != tenant || found.contains(&*app.application_id) {
                continue;
            }
            let hit = app.labels.iter().any(|l| {
                matches!(l.what(), "bank account" | "IBAN" | "wallet") && {
                    let shown: String = l
                        .tail
                        .iter()
                        .take_while(|b| **b != 0)
                        .map(|b| char::from(*b).to_ascii_uppercase())
                        .collect();
                    shown.ends_with(&tail)
                }
            });
            if hit {
                found.insert(&app.application_id);
                out.push(app.application_id.to_string());
            }
        }
        out
    }
}

/// Groups of holders of a photo or résumé band that really match the first of each group.
fn verified_groups(kind: LinkKind, holders: &[usize], apps: &[&IndexedApp]) -> Vec<Vec<usize>> {
    let mut left: Vec<usize> = holders.to_vec();
    let mut groups = Vec::new();
    while let Some(first) = left.first().copied() {
        let (matched, rest): (Vec<usize>, Vec<usize>) = left.iter().partition(|other| {
            **other == first || verified_match(kind, apps[first], apps[**other]).is_some()
        });
        if matched.len() >= 2 {
            groups.push(matched);
        }
        left = rest;
    }
    groups
}

fn label_of(key: &LinkKey, app: &IndexedApp) -> String {
    match key.kind {
        LinkKind::Ip => app
            .ips
            .iter()
            .find(|ip| LinkKey::for_ip(**ip)[0] == *key)
            .map_or_else(|| "an IP address".to_owned(), |ip| format!("IP {ip}")),
        LinkKind::Photo => "a near-identical photo".to_owned(),
        LinkKind::Resume => "a near-identical résumé".to_owned(),
        _ => app
            .label(key)
            .unwrap_or_else(|| key.kind.as_str().replace('_', " ")),
    }
}
