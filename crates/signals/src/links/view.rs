//! The index as seen from one application: the other applications it is linked
//! to, by which attributes, with photo and résumé matches verified.

use super::index::{LinkIndex, MAX_HOLDERS};
use super::{IndexedApp, LinkKey, LinkKind};
use bonafide_identity::history::starts_agree;
use bonafide_identity::sketch::{hamming, similarity};
use rustc_hash::FxHashMap;

/// Most differing bits for two photos to count as the same picture.
pub const PHOTO_MAX_DISTANCE: u32 = 6;
/// Least estimated Jaccard similarity for two résumés to count as the same text.
pub const RESUME_MIN_SIMILARITY: f32 = 0.7;

/// Another application and what this one shares with it.
#[derive(Debug, Clone)]
pub struct Link<'a> {
    /// The other application.
    pub other: &'a IndexedApp,
    /// Its position in the index.
    pub position: u32,
    /// The attribute kinds shared, in kind order.
    pub via: Vec<LinkKind>,
    /// The exact keys shared.
    pub keys: Vec<LinkKey>,
    /// The closest pair of photos, in differing bits.
    pub photo_distance: Option<u32>,
    /// The résumés' estimated similarity.
    pub resume_similarity: Option<f32>,
}

/// A verified match of a band kind: photo distance or résumé similarity (as f32).
pub fn verified(kind: LinkKind, a: &IndexedApp, b: &IndexedApp) -> Option<f32> {
    match kind {
        LinkKind::Photo => a
            .phashes
            .iter()
            .flat_map(|x| b.phashes.iter().map(move |y| hamming(*x, *y)))
            .min()
            .filter(|d| *d <= PHOTO_MAX_DISTANCE)
            .map(|d| d as f32),
        LinkKind::Resume => {
            let s = similarity(a.resume.as_deref()?, b.resume.as_deref()?);
            (s >= RESUME_MIN_SIMILARITY).then_some(s)
        }
        LinkKind::Career => a
            .labels
            .iter()
            .filter_map(|mine| Some((mine.key, mine.career_starts()?)))
            .any(|(key, starts)| {
                b.labels.iter().any(|theirs| {
                    theirs.key == key
                        && theirs
                            .career_starts()
                            .is_some_and(|other| starts_agree(&starts, &other))
                })
            })
            .then_some(0.0),
        _ => None,
    }
}

/// A verified band match: the other application's position, the application,
/// and the photo distance or résumé similarity.
type Verified<'a> = (u32, &'a IndexedApp, f32);

/// The link to `other` in `links`, made empty when new.
fn link_entry<'m, 'a>(
    links: &'m mut FxHashMap<u32, Link<'a>>,
    position: u32,
    other: &'a IndexedApp,
) -> &'m mut Link<'a> {
    links.entry(position).or_insert_with(|| Link {
        other,
        position,
        via: Vec::new(),
        keys: Vec::new(),
        photo_distance: None,
        resume_similarity: None,
    })
}

/// The link index as seen from one application.
#[derive(Debug, Clone)]
pub struct LinkView<'a> {
    /// The application.
    pub me: &'a IndexedApp,
    /// Its position in the index.
    pub position: u32,
    /// The whole index.
    pub index: &'a LinkIndex,
    /// Every application it is linked to (exact shared attributes, verified photos and résumés).
    pub links: Vec<Link<'a>>,
}

impl<'a> LinkView<'a> {
    pub(crate) fn new(index: &'a LinkIndex, position: u32) -> Option<LinkView<'a>> {
        let me = index.app(position)?;
        let mut view = LinkView {
            me,
            position,
            index,
            links: Vec::new(),
        };
        if index.has_links(position) {
            view.links = view.find_links();
        }
        Some(view)
    }

    /// Other applications sharing one of my keys of `kind`, each with the key they share.
    pub fn others(&self, kind: LinkKind) -> impl Iterator<Item = (LinkKey, &'a IndexedApp)> + '_ {
        self.others_at(kind).map(|(key, _, app)| (key, app))
    }

    /// As [`LinkView::others`], with each holder's position.
    pub fn others_at(
        &self,
        kind: LinkKind,
    ) -> impl Iterator<Item = (LinkKey, u32, &'a IndexedApp)> + '_ {
        let shares = self.index.shares_any(self.position);
        let index = self.index;
        let me = self.position;
        self.me
            .all_keys()
            .filter(move |k| shares && k.kind == kind)
            .flat_map(move |key| {
                index
                    .holders(&key)
                    .take(MAX_HOLDERS)
                    .filter(move |p| *p != me)
                    .filter_map(move |p| index.app(p).map(|app| (key, p, app)))
            })
    }

    fn find_links(&self) -> Vec<Link<'a>> {
        let keys: Vec<LinkKey> = self
            .me
            .all_keys()
            .filter(|k| k.kind != LinkKind::Subnet)
            .collect();
        let bands = self.verified_bands(&keys);
        let mut by_position: FxHashMap<u32, Link<'a>> = FxHashMap::default();
        for (key, matched) in keys.iter().zip(&bands) {
            if key.kind.is_exact() {
                for (position, other) in self.other_holders(key) {
                    let link = link_entry(&mut by_position, position, other);
                    link.keys.push(*key);
                    if !link.via.contains(&key.kind) {
                        link.via.push(key.kind);
                    }
                }
                continue;
            }
            for (position, other, found) in matched {
                let link = link_entry(&mut by_position, *position, other);
                match key.kind {
                    LinkKind::Photo => link.photo_distance = Some(*found as u32),
                    LinkKind::Resume => link.resume_similarity = Some(*found),
                    LinkKind::Career => link.keys.push(*key),
                    _ => continue,
                }
                if !link.via.contains(&key.kind) {
                    link.via.push(key.kind);
                }
            }
        }
        let mut links: Vec<Link<'a>> = by_position
            .into_values()
            .filter(|link| !link.via.is_empty())
            .map(|mut link| {
                link.via.sort_unstable();
                link
            })
            .collect();
        links.sort_unstable_by_key(|link| link.position);
        links
    }

    /// The other applications holding `key`, as far as a lookup walks.
    fn other_holders<'k>(
        &'k self,
        key: &'k LinkKey,
    ) -> impl Iterator<Item = (u32, &'a IndexedApp)> + 'k {
        self.index
            .holders(key)
            .take(MAX_HOLDERS)
            .filter(move |p| *p != self.position)
            .filter_map(move |p| self.index.app(p).map(|app| (p, app)))
    }

    /// For each of `keys`, the holders of a band key first met through it whose
    /// match verifies: a pair shares many bands of boilerplate, so each holder
    /// is checked once per kind (after one sort, not a set lookup per band).
    fn verified_bands(&self, keys: &[LinkKey]) -> Vec<Vec<Verified<'a>>> {
        let mut met: Vec<(LinkKind, u32, usize, &'a IndexedApp)> = Vec::new();
        for (at, key) in keys.iter().enumerate().filter(|(_, k)| !k.kind.is_exact()) {
            met.extend(
                self.other_holders(key)
                    .map(|(p, other)| (key.kind, p, at, other)),
            );
        }
        let mut out: Vec<Vec<Verified<'a>>> = vec![Vec::new(); keys.len()];
        met.sort_unstable_by_key(|(kind, position, at, _)| (*kind, *position, *at));
        met.dedup_by_key(|(kind, position, _, _)| (*kind, *position));
        for (kind, position, at, other) in met {
            if let (Some(found), Some(list)) = (verified(kind, self.me, other), out.get_mut(at)) {
                list.push((position, other, found));
            }
        }
        out
    }
}
