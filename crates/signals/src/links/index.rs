//! The index itself: (key, application) pairs sorted once, and clusters of
//! applications joined by identity links (union-find).

use super::crowd::{Crowd, CROWD_MIN};
use super::view::{verified, LinkView};
use super::{IndexedApp, LinkKey, LinkKind};
use bonafide_identity::sketch::{resume_bands, similarity, Signature};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

/// Most holders of one key a lookup walks: a key shared by thousands (a carrier
/// NAT, a hostile batch) must not make scoring quadratic.
pub const MAX_HOLDERS: usize = 1_000;

/// Pairs per block while inserting (64 MiB: large enough that the allocator maps
/// each block on its own and returns it to the system when freed).
const BLOCK_PAIRS: usize = 1 << 22;

/// Most members of one photo or résumé band compared pairwise when clustering.
const MAX_BAND_RUN: usize = 64;

/// Most member ids a cluster lists for evidence.
const MAX_LISTED: usize = 10;

/// The order in which kinds of key can join one person's submissions; `None`
/// for kinds that never do (an IP, an address, an account are shared by others).
fn merge_rank(kind: LinkKind) -> Option<u8> {
    match kind {
        LinkKind::Email => Some(0),
        LinkKind::Phone => Some(1),
        LinkKind::Ssn => Some(2),
        LinkKind::Document => Some(3),
        LinkKind::File => Some(4),
        LinkKind::WorkHistory => Some(5),
        LinkKind::Resume => Some(6),
        LinkKind::Career => Some(7),
        _ => None,
    }
}

/// Whether an application gave a date of birth with its name.
fn dated(app: &IndexedApp) -> bool {
    app.person
        .as_ref()
        .is_some_and(|p| p.date_of_birth.is_some())
}

/// What a cluster of linked applications amounts to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterFacts {
    /// Applications in it.
    pub size: u32,
    /// Distinct identities (name and date of birth) among them.
    pub identities: u32,
    /// Distinct tenants.
    pub tenants: u32,
    /// Earliest and latest submission, seconds since the epoch.
    pub span: Option<(i64, i64)>,
    /// The first members' positions.
    pub members: Vec<u32>,
    /// The kinds of attribute that join it, in kind order.
    pub shared: Vec<LinkKind>,
}

/// Attribute → applications, over a batch (and later, the store).
///
/// Inserting appends a 16-byte (key, application) pair per key: O(1) amortised.
/// [`LinkIndex::freeze`] sorts the blocks of pairs in place and merges them into
/// the holders of shared keys, mapped from each key, so a lookup is one hash
/// probe; only shared keys pay for a map entry.
#[derive(Debug, Default)]
pub struct LinkIndex {
    apps: Vec<IndexedApp>,
    /// (key, application) pairs in fixed blocks, each sorted by [`LinkIndex::freeze`]:
    /// a growing vector would hold twice what it needs while it doubles, and one
    /// sorted copy of all of them would double the peak.
    blocks: Vec<Vec<Pair>>,
    /// The holders of every shared key, run after run.
    held: Vec<u32>,
    /// Where each shared key's run starts in `held` and how long it is: lookups are
    /// one hash probe, and a key nobody else has costs nothing to keep.
    runs: FxHashMap<LinkKey, (u32, u32)>,
    /// Per application: whether any of its keys is shared (most are not, and skip every lookup).
    shares: Vec<bool>,
    /// Per application: whether it has a link (an exact shared key, or a verified photo or résumé match).
    linked: Vec<bool>,
    /// Per application: its cluster's root.
    cluster_of: Vec<u32>,
    /// Facts of clusters of two or more.
    clusters: FxHashMap<u32, ClusterFacts>,
    /// Who holds each key held by [`CROWD_MIN`] or more.
    crowds: FxHashMap<LinkKey, Crowd>,
}

impl LinkIndex {
    /// Add an application and its keys; returns its position.
    pub fn insert(&mut self, app: IndexedApp) -> u32 {
        let position = self.apps.len() as u32;
        let mut all: Vec<LinkKey> = app.all_keys().collect();
        all.sort_unstable();
        all.dedup();
        for key in all {
            if self
                .blocks
                .last()
                .is_none_or(|block| block.len() == BLOCK_PAIRS)
            {
                // The first block grows by doubling (one application must not cost
                // 64 MiB); later ones are allocated whole.
                let capacity = if self.blocks.is_empty() {
                    0
                } else {
                    BLOCK_PAIRS
                };
                self.blocks.push(Vec::with_capacity(capacity));
            }
            if let Some(block) = self.blocks.last_mut() {
                block.push(Pair {
                    hash: key.hash,
                    position,
                    kind: key.kind,
                });
            }
        }
        self.apps.push(app);
        position
    }

    /// Make every inserted application visible to lookups, and find the clusters.
    pub fn freeze(&mut self) {
        for block in &mut self.blocks {
            block.sort_unstable_by_key(|p| (p.kind, p.hash, p.position));
        }
        self.collect_runs();
        self.merge_persons();
        self.shares = vec![false; self.apps.len()];
        self.linked = vec![false; self.apps.len()];
        let mut sets = UnionFind::new(self.apps.len());
        // (a member, the kind of link that joined it): the ring's shared attributes.
        let mut joins: Vec<(u32, LinkKind)> = Vec::new();
        let runs: Vec<(LinkKey, (u32, u32))> = self.runs.iter().map(|(k, r)| (*k, *r)).collect();
        for (key, (start, len)) in runs {
            let run: &[u32] = self
                .held
                .get(start as usize..(start + len) as usize)
                .unwrap_or(&[]);

            for position in run {
                if let Some(flag) = self.shares.get_mut(*position as usize) {
                    *flag = true;
                }
            }
            let kind = key.kind;
            if kind == LinkKind::Subnet {
                continue;
            }
            if kind.is_exact() {
                for position in run {
                    if let Some(flag) = self.linked.get_mut(*position as usize) {
                        *flag = true;
                    }
                }
                if kind.clusters() {
                    for pair in run.windows(2) {
                        sets.union(pair[0], pair[1]);
                    }
                    joins.extend(run.first().map(|p| (*p, kind)));
                }
                continue;
            }
            let members: Vec<u32> = run.iter().take(MAX_BAND_RUN).copied().collect();
            for (i, a) in members.iter().enumerate() {
                for b in members.iter().skip(i + 1) {
                    let (Some(x), Some(y)) =
                        (self.apps.get(*a as usize), self.apps.get(*b as usize))
                    else {
                        continue;
                    };
                    if verified(kind, x, y).is_some() {
                        sets.union(*a, *b);
                        joins.push((*a, kind));
                        for p in [*a, *b] {
                            if let Some(flag) = self.linked.get_mut(p as usize) {
                                *flag = true;
                            }
                        }
                    }
                }
            }
        }
        self.cluster_of = (0..self.apps.len() as u32).map(|p| sets.find(p)).collect();
        self.clusters = self.cluster_facts();
        self.crowds = self.crowd_facts();
        for (member, kind) in joins {
            let root = sets.find(member);
            if let Some(facts) = self.clusters.get_mut(&root) {
                if let Err(at) = facts.shared.binary_search(&kind) {
                    facts.shared.insert(at, kind);
                }
            }
        }
    }

    /// Give one identity to the submissions of one person under other forms of
    /// the name ("Bob Smith" and "Robert J. Smith"): applications that share an
    /// e-mail, phone, document, SSN, file, work history or résumé and whose
    /// names can be one person's, with the same date of birth (or, sharing an
    /// e-mail or phone, a date given on one side only), or that give the very
    /// same name and date (both none counts). Groups join only when
    /// every name of one can be every name of the other, so a "J. Smith" cannot
    /// bridge John and Jane; and only applications linked by a key are
    /// compared, as the service's neighbourhoods hold exactly those. Everything
    /// that counts distinct identities then counts a person once, so their own
    /// files and résumé are not reuse.
    fn merge_persons(&mut self) {
        let mut persons = UnionFind::new(self.apps.len());
        // One representative per original identity with a date of birth; a
        // group holds theirs. A name without a date is not one person: two
        // namesakes who gave none start apart, and join their own dated
        // submissions through what they share.
        let mut representative: FxHashMap<u64, u32> = FxHashMap::default();
        for (position, app) in self.apps.iter().enumerate() {
            if !dated(app) {
                continue;
            }
            match representative.get(&app.identity.0) {
                Some(first) => persons.union(*first, position as u32),
                None => {
                    representative.insert(app.identity.0, position as u32);
                }
            }
        }
        let mut groups: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut merged = false;
        // Complete linkage depends on the order pairs are joined in, so it is
        // fixed (a hash map's order changes from run to run): what a person
        // keeps (e-mail, phone) first, then documents, then what they reuse.
        let mut runs: Vec<(u8, LinkKey, (u32, u32))> = self
            .runs
            .iter()
            .filter_map(|(key, run)| merge_rank(key.kind).map(|rank| (rank, *key, *run)))
            .collect();
        runs.sort_unstable();
        for (_, key, (start, len)) in runs {
            let by_contact = matches!(key.kind, LinkKind::Email | LinkKind::Phone);
            let verify = !key.kind.is_exact();
            let run = self
                .held
                .get(start as usize..(start + len) as usize)
                .unwrap_or(&[]);
            let run = &run[..run.len().min(MAX_BAND_RUN)];
            for (i, a) in run.iter().enumerate() {
                for b in &run[i + 1..] {
                    let (ra, rb) = (persons.find(*a), persons.find(*b));
                    if ra == rb {
                        continue;
                    }
                    let (Some(x), Some(y)) =
                        (self.apps.get(*a as usize), self.apps.get(*b as usize))
                    else {
                        continue;
                    };
                    if verify && verified(key.kind, x, y).is_none() {
                        continue;
                    }
                    let members = |root: u32, position: u32, app: &IndexedApp| -> Vec<u32> {
                        groups.get(&root).cloned().unwrap_or_else(|| {
                            vec![representative
                                .get(&app.identity.0)
                                .copied()
                                .unwrap_or(position)]
                        })
                    };
                    let (ga, gb) = (members(ra, *a, x), members(rb, *b, y));
                    if ga.len() + gb.len() > MAX_BAND_RUN
                        || !self.all_one_person(&ga, &gb, by_contact)
                    {
                        continue;
                    }
                    persons.union(ra, rb);
                    groups.remove(&ra);
                    groups.remove(&rb);
                    groups.insert(persons.find(ra), ga.into_iter().chain(gb).collect());
                    merged = true;
                }
            }
        }
        if !merged {
            return;
        }
        let roots: Vec<u32> = (0..self.apps.len() as u32)
            .map(|p| persons.find(p))
            .collect();
        // A group takes the identity of its first member with a date of
        // birth, so it does not share the bare name of a namesake.
        let mut chosen: FxHashMap<u32, (bool, super::Identity)> = FxHashMap::default();
        for (app, root) in self.apps.iter().zip(&roots) {
            let entry = chosen.entry(*root).or_insert((dated(app), app.identity));
            if dated(app) && !entry.0 {
                *entry = (true, app.identity);
            }
        }
        for (app, root) in self.apps.iter_mut().zip(roots) {
            if let Some((_, identity)) = chosen.get(&root) {
                app.identity = *identity;
            }
        }
    }

    /// Whether every name of one group can be every name of the other.
    fn all_one_person(&self, ga: &[u32], gb: &[u32], by_contact: bool) -> bool {
        let person = |pos: &u32| {
            self.apps
                .get(*pos as usize)
                .and_then(|a| a.person.as_deref())
        };
        ga.iter().all(|p| {
            gb.iter().all(|q| {
                let identity = |pos: &u32| self.apps.get(*pos as usize).map(|a| a.identity);
                identity(p) == identity(q)
                    || matches!((person(p), person(q)), (Some(m), Some(n)) if m.same_person(n, by_contact))
            })
        })
    }

    /// Who holds each crowded key, over the holders a lookup walks; after
    /// [`LinkIndex::merge_persons`], so one person counts once.
    fn crowd_facts(&self) -> FxHashMap<LinkKey, Crowd> {
        self.runs
            .iter()
            .filter(|(_, (_, len))| *len as usize >= CROWD_MIN)
            .map(|(key, _)| {
                let holders = self.holders(key).take(MAX_HOLDERS);
                (*key, Crowd::of(holders.filter_map(|p| self.app(p))))
            })
            .collect()
    }

    /// Who holds `key`, when [`CROWD_MIN`] or more applications do.
    pub fn crowd(&self, key: &LinkKey) -> Option<&Crowd> {
        self.crowds.get(key)
    }

    fn cluster_facts(&self) -> FxHashMap<u32, ClusterFacts> {
        let mut sizes = vec![0u32; self.cluster_of.len()];
        for root in &self.cluster_of {
            if let Some(size) = sizes.get_mut(*root as usize) {
                *size += 1;
            }
        }
        let mut members: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for (position, root) in self.cluster_of.iter().enumerate() {
            if sizes.get(*root as usize).is_some_and(|size| *size > 1) {
                members.entry(*root).or_default().push(position as u32);
            }
        }
        members
            .into_iter()
            .filter(|(_, list)| list.len() > 1)
            .map(|(root, list)| {
                let apps: Vec<&IndexedApp> = list
                    .iter()
                    .filter_map(|p| self.apps.get(*p as usize))
                    .collect();
                let identities: BTreeSet<u64> = apps.iter().map(|a| a.identity.0).collect();
                let tenants: BTreeSet<&str> = apps.iter().map(|a| &*a.tenant_id).collect();
                let times: Vec<i64> = apps.iter().filter_map(|a| a.submitted).collect();
                let span = times
                    .iter()
                    .min()
                    .zip(times.iter().max())
                    .map(|(a, b)| (*a, *b));
                let facts = ClusterFacts {
                    size: list.len() as u32,
                    identities: identities.len() as u32,
                    tenants: tenants.len() as u32,
                    span,
                    members: list.iter().take(MAX_LISTED).copied().collect(),
                    shared: Vec::new(),
                };
                (root, facts)
            })
            .collect()
    }

    /// Whether the application at `position` shares any key with another.
    pub fn shares_any(&self, position: u32) -> bool {
        self.shares.get(position as usize).copied().unwrap_or(false)
    }

    /// Whether the application at `position` has any link to another.
    pub fn has_links(&self, position: u32) -> bool {
        self.linked.get(position as usize).copied().unwrap_or(false)
    }

    /// Whether two applications are in one cluster (joined by identity links).
    pub fn same_cluster(&self, a: u32, b: u32) -> bool {
        let root = |p: u32| self.cluster_of.get(p as usize).copied();
        root(a).is_some() && root(a) == root(b)
    }

    /// The cluster the application at `position` belongs to, when it has other members.
    pub fn cluster(&self, position: u32) -> Option<&ClusterFacts> {
        self.clusters.get(self.cluster_of.get(position as usize)?)
    }

    /// The applications that hold `key`, when more than one does (as of the last
    /// [`LinkIndex::freeze`]).
    pub fn holders(&self, key: &LinkKey) -> impl Iterator<Item = u32> + '_ {
        let run = self.runs.get(key).map_or(&[][..], |(start, len)| {
            self.held
                .get(*start as usize..(*start + *len) as usize)
                .unwrap_or(&[])
        });
        run.iter().copied()
    }

    /// Every application that holds `key`, shared or not (a binary search in each
    /// frozen block: for queries from outside the index).
    pub fn lookup(&self, key: &LinkKey) -> impl Iterator<Item = u32> + '_ {
        let key = *key;
        self.blocks.iter().flat_map(move |block| {
            let start = block.partition_point(|p| p.key() < key);
            let rest = block.get(start..).unwrap_or(&[]);
            let end = rest.partition_point(|p| p.key() == key);
            rest.get(..end).unwrap_or(&[]).iter().map(|p| p.position)
        })
    }

    /// Merge the sorted blocks and keep the holders of every key held more than once.
    fn collect_runs(&mut self) {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        self.runs.clear();
        self.held.clear();
        let sort_key = |p: &Pair| (p.kind, p.hash, p.position);
        let mut cursors = vec![0usize; self.blocks.len()];
        let mut heap = BinaryHeap::new();
        for (b, block) in self.blocks.iter().enumerate() {
            if let Some(first) = block.first() {
                heap.push(Reverse((sort_key(first), b)));
            }
        }
        let mut current: Option<LinkKey> = None;
        let mut run: Vec<u32> = Vec::new();
        let flush = |key: Option<LinkKey>,
                     run: &mut Vec<u32>,
                     held: &mut Vec<u32>,
                     runs: &mut FxHashMap<LinkKey, (u32, u32)>| {
            if let (Some(key), true) = (key, run.len() > 1) {
                runs.insert(key, (held.len() as u32, run.len() as u32));
                held.extend_from_slice(run);
            }
            run.clear();
        };
        while let Some(Reverse(((kind, hash, position), b))) = heap.pop() {
            let key = LinkKey { kind, hash };
            if current != Some(key) {
                flush(current, &mut run, &mut self.held, &mut self.runs);
                current = Some(key);
            }
            run.push(position);
            if let (Some(cursor), Some(block)) = (cursors.get_mut(b), self.blocks.get(b)) {
                *cursor += 1;
                if let Some(next) = block.get(*cursor) {
                    heap.push(Reverse((sort_key(next), b)));
                }
            }
        }
        flush(current, &mut run, &mut self.held, &mut self.runs);
        self.held.shrink_to_fit();
    }

    /// Indexed résumés similar to `signature` (estimated Jaccard at least `min`), most similar first.
    pub fn similar_resumes(&self, signature: &Signature, min: f32) -> Vec<(u32, f32)> {
        let mut found: Vec<(u32, f32)> = Vec::new();
        for band in resume_bands(signature) {
            for position in self
                .lookup(&LinkKey {
                    kind: LinkKind::Resume,
                    hash: band,
                })
                .take(MAX_HOLDERS)
            {
                if found.iter().any(|(p, _)| *p == position) {
                    continue;
                }
                let Some(resume) = self.app(position).and_then(|a| a.resume.as_deref()) else {
                    continue;
                };
                let score = similarity(signature, resume);
                if score >= min {
                    found.push((position, score));
                }
            }
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1));
        found
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

    /// A view from one application, with its links worked out.
    pub fn view(&self, position: u32) -> Option<LinkView<'_>> {
        LinkView::new(self, position)
    }

    /// Approximate heap bytes held, for measuring.
    pub fn heap_bytes(&self) -> usize {
        let per_app: usize = self
            .apps
            .iter()
            .map(|a| {
                a.application_id.len()
                    + a.tenant_id.len()
                    + a.ips.len() * std::mem::size_of::<std::net::IpAddr>()
                    + a.labels.len() * std::mem::size_of::<super::Label>()
                    + a.phashes.len() * 8
                    + a.resume.as_ref().map_or(0, |_| {
                        std::mem::size_of::<bonafide_identity::sketch::Signature>()
                    })
            })
            .sum();
        per_app
            + self.apps.capacity() * std::mem::size_of::<IndexedApp>()
            + self.blocks.iter().map(Vec::capacity).sum::<usize>() * std::mem::size_of::<Pair>()
            + self.held.capacity() * 4
            + self.runs.capacity() * (std::mem::size_of::<(LinkKey, (u32, u32))>() + 1)
            + self.shares.capacity()
            + self.linked.capacity()
            + self.cluster_of.capacity() * 4
            + self.crowds.capacity() * (std::mem::size_of::<(LinkKey, Crowd)>() + 1)
    }
}

/// One key held by one application, packed into 16 bytes (a `(LinkKey, u32)`
/// tuple takes 24, and a million applications hold twenty million of them).
#[derive(Debug, Clone, Copy)]
struct Pair {
    hash: u64,
    position: u32,
    kind: LinkKind,
}

impl Pair {
    fn key(&self) -> LinkKey {
        LinkKey {
            kind: self.kind,
            hash: self.hash,
        }
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while let Some(&parent) = self.parent.get(x as usize) {
            if parent == x {
                break;
            }
            let grand = self.parent.get(parent as usize).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(x as usize) {
                *slot = grand;
            }
            x = grand;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (sa, sb) = (self.size[ra as usize], self.size[rb as usize]);
        let (big, small) = if sa >= sb { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        self.size[big as usize] = sa + sb;
    }
}
