//! The index as seen from one application: the other applications it is linked
//! to, by which attributes, with photo and résumé matches verified.

use super::index::{LinkIndex, MAX_HOLDERS};
use super::{IndexedApp, LinkKey, LinkKind};
use bonafide_identity::history::starts_agree;
use bonafide_identity::sketch::{hamming, similarity};
use rustc_hash::{FxHashMap, FxHashSet};

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
        let mut by_position: FxHashMap<u32, Link<'a>> = FxHashMap::default();
        // Photo and résumé bands a pair shares but whose check failed: a pair
        // shares many bands of boilerplate, and one check per pair is enough.
        let mut failed: FxHashSet<(u32, LinkKind)> = FxHashSet::default();
        for key in self.me.all_keys().filter(|k| k.kind != LinkKind::Subnet) {
            let key = &key;
            for position in self
                .index
                .holders(key)
                .take(MAX_HOLDERS)
                .filter(|p| *p != self.position)
            {
                let Some(other) = self.index.app(position) else {
                    continue;
                };
                // A band kind counts once verified; an exact key always counts.
                let found = if key.kind.is_exact() {
                    None
                } else {
                    let known = by_position
                        .get(&position)
                        .is_some_and(|link| link.via.contains(&key.kind));
                    if known || failed.contains(&(position, key.kind)) {
                        continue;
                    }
                    let Some(found) = verified(key.kind, self.me, other) else {
                        failed.insert((position, key.kind));
                        continue;
                    };
                    Some(found)
                };
                let link = by_position.entry(position).or_insert_with(|| Link {
                    other,
                    position,
                    via: Vec::new(),
                    keys: Vec::new(),
                    photo_distance: None,
                    resume_similarity: None,
                });
                match (key.kind, found) {
                    (_, None) => link.keys.push(*key),
                    (LinkKind::Photo, Some(d)) => link.photo_distance = Some(d as u32),
                    (LinkKind::Resume, Some(s)) => link.resume_similarity = Some(s),
                    (LinkKind::Career, Some(_)) => link.keys.push(*key),
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
}
