//! After the hire, across applications: one laptop or one sign-in device
//! behind several identities at once, and one identity employed by several
//! employers at once. Sequential use is normal (a laptop re-issued after its
//! holder left, a person changing jobs); only overlapping employment counts.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::links::{GroupFacts, IndexedApp, Label, Link, LinkKind, LinkView};
use crate::network::{label_pairs, to_evidence};
use serde_json::json;

/// One company laptop behind several identities at once.
pub const SHARED_LAPTOP: SignalDef = SignalDef {
    id: "device.shared",
    doc: "The company laptop (its hardware serial, through a keyed hash) is also the laptop of applications \
          under other names or dates of birth whose employment overlaps this one, by dates and by the days \
          each was seen at work (a laptop re-issued after its holder's end date is not counted; without dates, \
          use cannot be shown to be sequential and counts); the value is the number of distinct identities behind it.",
    unit: Unit::Count,
    evidence: &["laptop", "identities", "applications", "tenants"],
    sources: &["DOJ-CH", "DOJ-RG", "MA"],
    compute: Compute::Linked(shared_laptop),
};

/// One identity-provider device or authenticator behind several accounts.
pub const SHARED_SIGN_IN: SignalDef = SignalDef {
    id: "device.shared_sign_in",
    doc: "A device or authenticator the employer's identity provider (Okta, Entra) registered completed \
          sign-ins for accounts of other identities employed at the same time (ids are compared only within \
          the employer and the provider that issued them); the value is the number of distinct identities.",
    unit: Unit::Count,
    evidence: &["device", "identities", "applications", "tenants"],
    sources: &["MS", "MA"],
    compute: Compute::Linked(shared_sign_in),
};

/// One identity hired by several employers at once.
pub const CONCURRENT_EMPLOYMENT: SignalDef = SignalDef {
    id: "identity.concurrent_employment",
    doc: "The same person (the same identity document or SSN, or the same name and date of birth, linked \
          through keyed hashes) is employed by other employers over the same days: both applications show \
          the hire at work (a company laptop, sign-ins to the employer's identity provider), and both their \
          start and end dates and the days each was seen at work overlap. Applying to many jobs, and one job after another, do not count; the value \
          is the number of other employers.",
    unit: Unit::Count,
    evidence: &["employers", "applications", "via"],
    sources: &["DOJ-RG", "A24", "DOJ-CH"],
    compute: Compute::Linked(concurrent_employment),
};

/// Whether two hires' times can be shown not to overlap; unknown counts as overlapping.
fn at_once(me: &IndexedApp, other: &IndexedApp) -> bool {
    match (me.employment, other.employment) {
        (Some(a), Some(b)) => a.overlaps(&b),
        _ => true,
    }
}

/// The links through `kind` to other identities at the same time, and the
/// first shared value as evidence shows it.
fn shared<'v>(
    view: &'v LinkView<'_>,
    kind: LinkKind,
) -> Option<(Vec<&'v Link<'v>>, Option<&'v Label>)> {
    let links: Vec<&Link<'_>> = view
        .links
        .iter()
        .filter(|l| l.via.contains(&kind))
        .filter(|l| l.other.identity != view.me.identity)
        .filter(|l| at_once(view.me, l.other))
        .collect();
    if links.is_empty() {
        return None;
    }
    let shown = links
        .iter()
        .flat_map(|l| l.keys.iter())
        .filter(|k| k.kind == kind)
        .find_map(|k| view.me.label_of(k));
    Some((links, shown))
}

fn group_hit(
    view: &LinkView<'_>,
    links: &[&Link<'_>],
    key: &'static str,
    shown: Option<&Label>,
) -> Hit {
    let facts = GroupFacts::of(view, links);
    let mut pairs = label_pairs(key, shown).to_vec();
    pairs.extend(facts.evidence());
    Hit {
        value: facts.identities as f64,
        evidence: to_evidence(pairs),
    }
}

fn shared_laptop(view: &LinkView<'_>) -> Option<Hit> {
    let (links, shown) = shared(view, LinkKind::Device)?;
    Some(group_hit(view, &links, "laptop", shown))
}

fn shared_sign_in(view: &LinkView<'_>) -> Option<Hit> {
    // Only hires sign in to the employer's provider: both need a start.
    view.me.employment?;
    let (links, shown) = shared(view, LinkKind::SignIn)?;
    Some(group_hit(view, &links, "device", shown))
}

fn concurrent_employment(view: &LinkView<'_>) -> Option<Hit> {
    let mine = view.me.employment?;
    let mut employers: Vec<&str> = Vec::new();
    let mut applications: Vec<&str> = Vec::new();
    let mut via: Vec<&'static str> = Vec::new();
    for link in &view.links {
        let other = link.other;
        if other.tenant_id == view.me.tenant_id {
            continue;
        }
        if !other
            .employment
            .is_some_and(|theirs| theirs.overlaps(&mine))
        {
            continue;
        }
        let document = link
            .via
            .iter()
            .find(|k| matches!(k, LinkKind::Ssn | LinkKind::Document));
        let same_person = document.is_some() || other.identity == view.me.identity;
        if !same_person {
            continue;
        }
        if !employers.contains(&&*other.tenant_id) {
            employers.push(&other.tenant_id);
        }
        if applications.len() < 5 {
            applications.push(&other.application_id);
        }
        let how = document.map_or("name and date of birth", |k| k.as_str());
        if !via.contains(&how) {
            via.push(how);
        }
    }
    (!employers.is_empty()).then(|| Hit {
        value: employers.len() as f64,
        evidence: to_evidence(vec![
            ("employers", json!(employers.len())),
            ("applications", json!(applications.join(", "))),
            ("via", json!(via.join(", "))),
        ]),
    })
}
