//! Linking across time: every application a service has kept, indexed as it
//! arrives, so that a new application links to earlier ones and the earlier
//! ones are re-scored.
//!
//! [`Batch`] sorts a whole batch once; a service cannot re-sort a million
//! applications per submission. [`Live`] keeps a hash map from each key to its
//! holders, and scores one application over its neighbourhood: every holder of
//! one of its exact keys or subnets (capped, the most recent first), every
//! holder of a photo, résumé or career band that really matches it, and the
//! cluster it belongs to (followed through the keys that join clusters). Inside
//! that neighbourhood the batch code runs unchanged, so a verdict scored live
//! is the verdict its batch would give (a test holds the two together on the
//! labelled corpora). Where the caps bite they can differ: a batch compares a
//! band's holders pairwise only up to a cap, and a neighbourhood holds only the
//! holders that match.

mod view;

pub use view::{ClusterMember, ClusterView, SharedAttribute};

use crate::{Batch, Engine, Local, Pending};
use bonafide_model::Verdict;
use bonafide_signals::{link_format, verified_match, IndexedApp, LinkKey, SignalDef};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::collections::{BTreeSet, HashMap};

// Bounds that keep one submission's cost flat when a ring grows to hundreds
// sharing one address: every member is in every other's neighbourhood, and
// re-scoring them all would make each submission quadratic in the ring.
/// Most holders of one key taken into a neighbourhood, most recent first.
const MAX_HOLDERS: usize = 500;
/// Most applications followed into one cluster.
const MAX_CLUSTER: usize = 500;
/// Most earlier applications re-scored because of one new one (the most recent).
pub const MAX_RESCORED: usize = 32;
/// Most holders of one subnet taken: the subnet signal counts identities behind
/// a network, and a carrier's /24 holds thousands of honest applicants.
const MAX_SUBNET_HOLDERS: usize = 64;

/// An application's entry as the store keeps it: its link keys (keyed hashes,
/// no raw identity numbers) and its local signals, so that it can be linked and
/// re-scored after a restart without the raw body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredEntry {
    /// [`link_format`] of the build that wrote it.
    format: u64,
    link: IndexedApp,
    /// (signal id, value, evidence packed in the signal's key order).
    signals: Vec<(String, f64, String)>,
}

impl StoredEntry {
    /// Encode for the store.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_stdvec(self).unwrap_or_default()
    }

    /// Decode from the store; `None` when it is not an entry of this build's link format.
    /// Entries written before names were kept for linking decode without them.
    pub fn from_bytes(bytes: &[u8]) -> Option<StoredEntry> {
        postcard::from_bytes::<StoredEntry>(bytes)
            .ok()
            .or_else(|| {
                postcard::from_bytes::<EntryBeforeEmployment>(bytes)
                    .ok()
                    .map(EntryBeforeEmployment::upgrade)
            })
            .or_else(|| {
                postcard::from_bytes::<EntryBeforeNames>(bytes)
                    .ok()
                    .map(EntryBeforeNames::upgrade)
            })
            .filter(|e| e.format == link_format())
    }

    /// Its link keys (keyed hashes), to look up who else holds them.
    pub fn keys(&self) -> impl Iterator<Item = LinkKey> + '_ {
        self.link.all_keys()
    }

    /// The application id.
    pub fn application_id(&self) -> &str {
        &self.link.application_id
    }

    /// The tenant.
    pub fn tenant_id(&self) -> &str {
        &self.link.tenant_id
    }
}

/// The layout of [`StoredEntry`] before [`IndexedApp::employment`] existed.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct EntryBeforeEmployment {
    format: u64,
    link: AppBeforeEmployment,
    signals: Vec<(String, f64, String)>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct AppBeforeEmployment {
    application_id: Box<str>,
    tenant_id: Box<str>,
    identity: bonafide_signals::Identity,
    submitted: Option<i64>,
    ips: Box<[std::net::IpAddr]>,
    labels: Box<[bonafide_signals::Label]>,
    phashes: Box<[u64]>,
    resume: Option<Box<bonafide_signals::ResumeSignature>>,
    home: Option<u64>,
    person: Option<Box<bonafide_signals::PersonName>>,
    at_home: Option<bool>,
}

impl EntryBeforeEmployment {
    fn upgrade(self) -> StoredEntry {
        let a = self.link;
        StoredEntry {
            format: self.format,
            link: IndexedApp {
                application_id: a.application_id,
                tenant_id: a.tenant_id,
                identity: a.identity,
                submitted: a.submitted,
                ips: a.ips,
                labels: a.labels,
                phashes: a.phashes,
                resume: a.resume,
                home: a.home,
                person: a.person,
                at_home: a.at_home,
                employment: None,
            },
            signals: self.signals,
        }
    }
}

/// The layout of [`StoredEntry`] before [`IndexedApp::person`] existed.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct EntryBeforeNames {
    format: u64,
    link: AppBeforeNames,
    signals: Vec<(String, f64, String)>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Serialize))]
struct AppBeforeNames {
    application_id: Box<str>,
    tenant_id: Box<str>,
    identity: bonafide_signals::Identity,
    submitted: Option<i64>,
    ips: Box<[std::net::IpAddr]>,
    labels: Box<[bonafide_signals::Label]>,
    phashes: Box<[u64]>,
    resume: Option<Box<bonafide_signals::ResumeSignature>>,
    home: Option<u64>,
}

impl EntryBeforeNames {
    fn upgrade(self) -> StoredEntry {
        let a = self.link;
        EntryBeforeEmployment {
            format: self.format,
            link: AppBeforeEmployment {
                application_id: a.application_id,
                tenant_id: a.tenant_id,
                identity: a.identity,
                submitted: a.submitted,
                ips: a.ips,
                labels: a.labels,
                phashes: a.phashes,
                resume: a.resume,
                home: a.home,
                person: None,
                at_home: None,
            },
            signals: self.signals,
        }
        .upgrade()
    }
}

impl Local {
    /// The entry to keep for this application.
    pub fn to_stored(&self) -> StoredEntry {
        StoredEntry {
            format: link_format(),
            link: self.link.clone(),
            signals: self
                .signals
                .iter()
                .filter_map(|(id, hit)| {
                    let def = bonafide_signals::find(id)?;
                    Some((
                        (*id).to_owned(),
                        hit.value,
                        crate::pack(def, &hit.evidence).into(),
                    ))
                })
                .collect(),
        }
    }
}

/// A verdict and the applications it was scored among.
#[derive(Debug)]
pub struct Scored {
    /// The verdict.
    pub verdict: Verdict,
    /// Positions of the applications it was scored among (itself included).
    pub neighbourhood: BTreeSet<u32>,
    /// Those linked to it (sharing more than a subnet, or in its cluster).
    pub linked: BTreeSet<u32>,
}

struct Entry {
    link: IndexedApp,
    signals: Vec<(&'static SignalDef, f64, Box<str>)>,
}

/// Every kept application, linkable.
#[derive(Default)]
pub struct Live {
    entries: Vec<Option<Entry>>,
    by_id: HashMap<(Box<str>, Box<str>), u32>,
    /// Each key's holders in arrival order. Most keys have one holder, so two
    /// live inline. The map keeps the default (randomly keyed) hasher: some
    /// keys (IP addresses, photo bands) are values an applicant can choose.
    holders: HashMap<LinkKey, SmallVec<[u32; 2]>>,
    /// What every kept application's laptops run, by employer.
    fleet: crate::FleetTally,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("applications", &self.by_id.len())
            .field("keys", &self.holders.len())
            .finish()
    }
}

impl Live {
    /// Add an application (a new version replaces the previous one); returns its position.
    pub fn insert(&mut self, stored: StoredEntry) -> u32 {
        let position = self.entries.len() as u32;
        let id = (
            stored.link.tenant_id.clone(),
            stored.link.application_id.clone(),
        );
        if let Some(old) = self.by_id.insert(id, position) {
            if let Some(slot) = self.entries.get_mut(old as usize) {
                if let Some(replaced) = slot.take() {
                    self.count_fleet(&replaced, -1);
                }
            }
        }
        let mut keys: Vec<LinkKey> = stored.link.all_keys().collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let list = self.holders.entry(key).or_default();
            // Superseded versions leave their positions behind; drop them as lists grow.
            if list.len() >= MAX_HOLDERS && list.len().is_power_of_two() {
                let entries = &self.entries;
                list.retain(|p| entries.get(*p as usize).is_some_and(Option::is_some));
            }
            list.push(position);
        }
        let signals = stored
            .signals
            .into_iter()
            .filter_map(|(id, value, text)| {
                Some((bonafide_signals::find(&id)?, value, text.into_boxed_str()))
            })
            .collect();
        let entry = Entry {
            link: stored.link,
            signals,
        };
        self.count_fleet(&entry, 1);
        self.entries.push(Some(entry));
        position
    }

    /// Take an application out (its candidate was deleted at the source);
    /// returns the applications whose verdicts it changed, to score again.
    pub fn remove(&mut self, tenant: &str, application_id: &str) -> Option<Vec<u32>> {
        let position = self.position(tenant, application_id)?;
        let affected = self.affected_by(position);
        self.by_id
            .remove(&(Box::from(tenant), Box::from(application_id)));
        if let Some(gone) = self
            .entries
            .get_mut(position as usize)
            .and_then(Option::take)
        {
            self.count_fleet(&gone, -1);
        }
        Some(affected)
    }

    /// Count an entry's laptop and remote-access tools into the employers' fleets.
    fn count_fleet(&mut self, entry: &Entry, sign: i32) {
        let unpacked: Vec<(&str, bonafide_model::Evidence)> = entry
            .signals
            .iter()
            .filter(|(def, ..)| def.id.starts_with("device."))
            .map(|(def, _, text)| (def.id, crate::unpack(def, text)))
            .collect();
        self.fleet.count(
            &entry.link.tenant_id,
            unpacked.iter().map(|(id, evidence)| (*id, evidence)),
            sign,
        );
    }

    /// Applications kept.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The current position of an application.
    pub fn position(&self, tenant: &str, application_id: &str) -> Option<u32> {
        self.by_id
            .get(&(Box::from(tenant), Box::from(application_id)))
            .copied()
    }

    /// (tenant, application id) at a position.
    pub fn id(&self, position: u32) -> Option<(&str, &str)> {
        let entry = self.entry(position)?;
        Some((&entry.link.tenant_id, &entry.link.application_id))
    }

    fn entry(&self, position: u32) -> Option<&Entry> {
        self.entries.get(position as usize)?.as_ref()
    }

    fn live_holders(&self, key: &LinkKey) -> impl Iterator<Item = u32> + '_ {
        let cap = if key.kind == bonafide_signals::LinkKind::Subnet {
            MAX_SUBNET_HOLDERS
        } else {
            MAX_HOLDERS
        };
        self.holders
            .get(key)
            .into_iter()
            .flat_map(|list| list.iter().rev())
            .copied()
            .filter(|p| self.entry(*p).is_some())
            .take(cap)
    }

    /// The applications that can change the verdict of `position`: the holders of
    /// its keys, and its cluster (followed through exact keys that join clusters,
    /// and photo and résumé bands where the two really match).
    pub fn neighbourhood(&self, position: u32) -> BTreeSet<u32> {
        self.around(position).0
    }

    /// (every application that can change the verdict of `position`, those
    /// linked to it: sharing more than a subnet, or in its cluster).
    fn around(&self, position: u32) -> (BTreeSet<u32>, BTreeSet<u32>) {
        let mut found = BTreeSet::from([position]);
        let mut linked = BTreeSet::new();
        let Some(me) = self.entry(position) else {
            return (found, linked);
        };
        for key in me.link.all_keys() {
            let subnet = key.kind == bonafide_signals::LinkKind::Subnet;
            for other in self.live_holders(&key) {
                let link = match key.kind {
                    _ if subnet => false,
                    kind if kind.is_exact() => true,
                    kind => self
                        .entry(other)
                        .is_some_and(|o| verified_match(kind, &me.link, &o.link).is_some()),
                };
                // A band key (a résumé or photo band) only says "maybe alike":
                // a holder that does not verify counts for nothing in the
                // verdict, and taking it in would make every neighbourhood as
                // large as the commonest résumé line's holders.
                if link || subnet {
                    found.insert(other);
                }
                if link {
                    linked.insert(other);
                }
            }
        }
        let mut queue = vec![position];
        let mut seen = BTreeSet::from([position]);
        'walk: while let Some(next) = queue.pop() {
            let Some(entry) = self.entry(next) else {
                continue;
            };
            for key in entry.link.all_keys().filter(|k| k.kind.clusters()) {
                for other in self.live_holders(&key) {
                    if seen.len() >= MAX_CLUSTER {
                        break 'walk;
                    }
                    if seen.contains(&other) {
                        continue;
                    }
                    let joins = key.kind.is_exact()
                        || self.entry(other).is_some_and(|o| {
                            verified_match(key.kind, &entry.link, &o.link).is_some()
                        });
                    if joins {
                        seen.insert(other);
                        queue.push(other);
                    }
                }
            }
        }
        found.extend(seen.iter().copied());
        linked.extend(seen);
        linked.remove(&position);
        (found, linked)
    }

    /// Score the application at `position` against every kept application.
    pub fn score(&self, engine: &Engine<'_>, position: u32) -> Option<Verdict> {
        self.score_in(engine, position).map(|scored| scored.verdict)
    }

    /// [`Live::score`], with the neighbourhood it was scored in.
    pub fn score_in(&self, engine: &Engine<'_>, position: u32) -> Option<Scored> {
        let entry = self.entry(position)?;
        let (neighbourhood, linked) = self.around(position);
        let mut batch = Batch {
            fleet: self.fleet.of_tenant(&entry.link.tenant_id),
            ..Batch::default()
        };
        let mut mine = 0;
        // In position order, as a batch in arrival order would hold them.
        for other in neighbourhood.iter().copied() {
            if let Some(e) = self.entry(other) {
                let at = batch.index.insert(e.link.clone());
                if other == position {
                    mine = at;
                }
            }
        }
        batch.freeze();
        let pending = Pending {
            signals: entry.signals.clone(),
            position: mine,
        };
        Some(Scored {
            verdict: engine.finish(pending, &batch),
            neighbourhood,
            linked,
        })
    }

    /// The earlier applications whose verdicts a new application at `position`
    /// changes: those it links to (a shared subnet is not a link, and carriers
    /// put thousands behind one), at most [`MAX_RESCORED`], the most recent first.
    pub fn affected_by(&self, position: u32) -> Vec<u32> {
        Self::affected_in(&self.around(position).1)
    }

    /// [`Live::affected_by`], from the linked set of a [`Scored`].
    pub fn affected_in(linked: &BTreeSet<u32>) -> Vec<u32> {
        linked.iter().rev().take(MAX_RESCORED).copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{
        AppBeforeEmployment, AppBeforeNames, EntryBeforeEmployment, EntryBeforeNames, StoredEntry,
    };
    use bonafide_signals::{link_format, Identity, IndexedApp};

    #[test]
    fn entries_stored_before_names_still_decode() {
        let old = EntryBeforeNames {
            format: link_format(),
            link: AppBeforeNames {
                application_id: "a-1".into(),
                tenant_id: "acme".into(),
                identity: Identity(7),
                submitted: Some(1_770_000_000),
                ips: vec!["73.162.1.9".parse().expect("ip")].into_boxed_slice(),
                labels: Box::new([]),
                phashes: Box::new([42]),
                resume: None,
                home: Some(9),
            },
            signals: vec![("network.vpn".into(), 1.0, "[]".into())],
        };
        let bytes = postcard::to_stdvec(&old).expect("encodes");
        let entry = StoredEntry::from_bytes(&bytes).expect("decodes");
        assert_eq!(entry.application_id(), "a-1");
        assert!(entry.link.person.is_none());
        assert_eq!(entry.link.phashes.as_ref(), &[42]);
        // And a current entry round-trips with its name.
        let mut link: IndexedApp = entry.link.clone();
        link.person = Some(Box::new(bonafide_signals::PersonName {
            date_of_birth: Some(3),
            words: vec![vec![(11, 7)]].into_boxed_slice(),
        }));
        let current = StoredEntry {
            format: link_format(),
            link,
            signals: Vec::new(),
        };
        let back = StoredEntry::from_bytes(&current.to_bytes()).expect("round trip");
        assert_eq!(back.link.person, current.link.person);
    }

    #[test]
    fn entries_stored_before_employment_still_decode() {
        for signals in [
            Vec::new(),
            vec![("device.remote_access".to_owned(), 1.0, "[]".to_owned())],
        ] {
            let old = EntryBeforeEmployment {
                format: link_format(),
                link: AppBeforeEmployment {
                    application_id: "a-2".into(),
                    tenant_id: "acme".into(),
                    identity: Identity(8),
                    submitted: None,
                    ips: Box::new([]),
                    labels: Box::new([]),
                    phashes: Box::new([]),
                    resume: None,
                    home: None,
                    person: Some(Box::new(bonafide_signals::PersonName {
                        date_of_birth: None,
                        words: vec![vec![(5, 3)]].into_boxed_slice(),
                    })),
                    at_home: Some(true),
                },
                signals: signals.clone(),
            };
            let bytes = postcard::to_stdvec(&old).expect("encodes");
            let entry = StoredEntry::from_bytes(&bytes).expect("decodes");
            assert_eq!(entry.link.at_home, Some(true));
            assert!(entry.link.person.is_some());
            assert!(entry.link.employment.is_none());
            assert_eq!(entry.signals.len(), signals.len());
        }
        let mut link = StoredEntry::from_bytes(
            &postcard::to_stdvec(&EntryBeforeEmployment {
                format: link_format(),
                link: AppBeforeEmployment {
                    application_id: "a-3".into(),
                    tenant_id: "acme".into(),
                    identity: Identity(9),
                    submitted: None,
                    ips: Box::new([]),
                    labels: Box::new([]),
                    phashes: Box::new([]),
                    resume: None,
                    home: None,
                    person: None,
                    at_home: None,
                },
                signals: Vec::new(),
            })
            .expect("encodes"),
        )
        .expect("decodes")
        .link;
        link.employment = Some(bonafide_signals::Employment {
            start: 20_550,
            end: None,
            seen: (20_553, 20_580),
        });
        let current = StoredEntry {
            format: link_format(),
            link,
            signals: Vec::new(),
        };
        let back = StoredEntry::from_bytes(&current.to_bytes()).expect("round trip");
        assert_eq!(back.link.employment, current.link.employment);
    }
}
