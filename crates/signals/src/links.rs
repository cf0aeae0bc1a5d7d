//! The link index: which applications share which attributes.
//!
//! Keys are 64-bit hashes of normalised attribute values, so the index holds no
//! raw values. The engine builds it over a whole batch; link signals read it.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;

/// What a link is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    /// The same session IP address.
    Ip,
    /// The same IPv4 /24 or IPv6 /48.
    Subnet,
}

impl LinkKind {
    /// The name used in `linked_applications[].via`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Ip => "ip",
            LinkKind::Subnet => "ip_subnet",
        }
    }

    /// Whether sharing it is strong enough to list the other application as linked.
    pub fn is_strong(self) -> bool {
        matches!(self, LinkKind::Ip)
    }
}

/// One attribute value, hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKey {
    /// The attribute.
    pub kind: LinkKind,
    /// A hash of its normalised value.
    pub hash: u64,
}

impl LinkKey {
    /// The keys an IP address contributes: itself and its /24 (IPv4) or /48 (IPv6).
    pub fn for_ip(ip: IpAddr) -> [LinkKey; 2] {
        let subnet: u128 = match ip {
            IpAddr::V4(v4) => u128::from(u32::from(v4) & 0xffff_ff00),
            IpAddr::V6(v6) => u128::from(v6) & !((1u128 << 80) - 1) | (1 << 127),
        };
        let exact: u128 = match ip {
            IpAddr::V4(v4) => u128::from(u32::from(v4)),
            IpAddr::V6(v6) => u128::from(v6),
        };
        [
            LinkKey {
                kind: LinkKind::Ip,
                hash: hash_of(&(exact, matches!(ip, IpAddr::V6(_)))),
            },
            LinkKey {
                kind: LinkKind::Subnet,
                hash: hash_of(&subnet),
            },
        ]
    }
}

/// A hash that is the same on every run of one build (SipHash with fixed keys).
pub(crate) fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Who an application says it is, reduced to a hash, to count distinct identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Identity(pub u64);

impl Identity {
    /// The identity behind a name and date of birth (case and spacing folded);
    /// an application with no name is its own identity.
    pub fn of(name: Option<&str>, date_of_birth: Option<&str>, application_id: &str) -> Identity {
        match name.map(fold).filter(|n| !n.is_empty()) {
            Some(name) => Identity(hash_of(&(name, date_of_birth.unwrap_or("")))),
            None => Identity(hash_of(&("application", application_id))),
        }
    }
}

fn fold(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One indexed application: who it is and where it can be found.
#[derive(Debug, Clone)]
pub struct IndexedApp {
    /// The application id.
    pub application_id: Box<str>,
    /// The tenant.
    pub tenant_id: Box<str>,
    /// Its identity hash.
    pub identity: Identity,
    /// Every key it contributed, sorted and without repeats (see [`LinkIndex::insert`]).
    pub keys: Box<[LinkKey]>,
    /// Its session IPs, to name a shared address in evidence.
    pub ips: Box<[IpAddr]>,
}

/// Attribute → applications, over a batch (and later, the store).
///
/// Inserting appends; [`LinkIndex::freeze`] sorts the (key, application)
/// pairs once, and lookups are then binary searches over that flat array:
/// 24 bytes per key instead of a hash-map entry and a vector each.
#[derive(Debug, Default)]
pub struct LinkIndex {
    apps: Vec<IndexedApp>,
    /// (key, application) pairs; sorted by [`LinkIndex::freeze`].
    pairs: Vec<(LinkKey, u32)>,
    /// How many leading pairs are sorted and visible to lookups.
    frozen: usize,
    /// Per application: whether any of its keys is shared (most are not, and skip every lookup).
    shares: Vec<bool>,
}

impl LinkIndex {
    /// Add an application and its keys; returns its position.
    pub fn insert(&mut self, mut app: IndexedApp) -> u32 {
        let position = self.apps.len() as u32;
        let mut keys = std::mem::take(&mut app.keys).into_vec();
        keys.sort_unstable();
        keys.dedup();
        self.pairs.extend(keys.iter().map(|k| (*k, position)));
        app.keys = keys.into_boxed_slice();
        self.apps.push(app);
        position
    }

    /// Make every inserted application visible to lookups.
    pub fn freeze(&mut self) {
        let mut pairs = std::mem::take(&mut self.pairs);
        pairs.sort_unstable();
        self.shares = vec![false; self.apps.len()];
        for run in pairs
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            for (_, position) in run {
                if let Some(flag) = self.shares.get_mut(*position as usize) {
                    *flag = true;
                }
            }
        }
        self.frozen = pairs.len();
        self.pairs = pairs;
    }

    /// Whether the application at `position` shares any key with another.
    pub fn shares_any(&self, position: u32) -> bool {
        self.shares.get(position as usize).copied().unwrap_or(false)
    }

    /// The applications that share `key` (as of the last [`LinkIndex::freeze`]).
    pub fn holders(&self, key: &LinkKey) -> impl Iterator<Item = u32> + '_ {
        let sorted = self.pairs.get(..self.frozen).unwrap_or(&[]);
        let start = sorted.partition_point(|(k, _)| k < key);
        let run = sorted.get(start..).unwrap_or(&[]);
        let end = run.partition_point(|(k, _)| k == key);
        run.get(..end)
            .unwrap_or(&[])
            .iter()
            .map(|(_, position)| *position)
    }

    /// An indexed application.
    pub fn app(&self, position: u32) -> Option<&IndexedApp> {
        self.apps.get(position as usize)
    }

    /// How many applications are indexed.
    pub fn len(&self) -> usize {
        self.apps.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.apps.is_empty()
    }

    /// A view from one application.
    pub fn view(&self, position: u32) -> Option<LinkView<'_>> {
        Some(LinkView {
            me: self.app(position)?,
            position,
            index: self,
        })
    }
}

/// Most holders of one key a view walks: a key shared by thousands (a carrier
/// NAT, a hostile batch) must not make scoring quadratic.
pub const MAX_HOLDERS: usize = 1_000;

/// The link index as seen from one application.
#[derive(Debug, Clone, Copy)]
pub struct LinkView<'a> {
    /// The application.
    pub me: &'a IndexedApp,
    /// Its position in the index.
    pub position: u32,
    /// The whole index.
    pub index: &'a LinkIndex,
}

impl<'a> LinkView<'a> {
    /// Other applications sharing one of my keys of `kind`, each with the key they share.
    pub fn others(&self, kind: LinkKind) -> impl Iterator<Item = (LinkKey, &'a IndexedApp)> + '_ {
        let shares = self.index.shares_any(self.position);
        self.me
            .keys
            .iter()
            .filter(move |k| shares && k.kind == kind)
            .flat_map(move |key| {
                self.index
                    .holders(key)
                    .take(MAX_HOLDERS)
                    .filter(move |p| *p != self.position)
                    .filter_map(move |p| self.index.app(p).map(|app| (*key, app)))
            })
    }
}
