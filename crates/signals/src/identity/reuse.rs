//! One identity attribute behind several identities, and the clusters such links form.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::links::{GroupFacts, Label, Link, LinkKind, LinkView};
use crate::network::{label_pairs, to_evidence};
use serde_json::json;
use std::collections::BTreeSet;

/// A document number or SSN under other names or dates of birth.
pub const DOCUMENT_REUSE: SignalDef = SignalDef {
    id: "identity.document_reuse",
    doc: "A document number or SSN of this application also appears in applications under another name \
          or date of birth; the value is the number of distinct identities behind it. The same person \
          applying twice (same number, name and date of birth) is linked but does not count.",
    unit: Unit::Count,
    evidence: &["document", "identities", "applications", "tenants"],
    sources: &["T-SKH", "DOJ-CH", "DOJ-RG", "DOJ-DI", "A24"],
    compute: Compute::Linked(document_reuse),
};

/// The same uploaded file under other identities.
pub const FILE_REUSE: SignalDef = SignalDef {
    id: "identity.file_reuse",
    doc:
        "An uploaded file with exactly the same SHA-256 digest appears in applications under other \
          identities; the value is the number of distinct identities.",
    unit: Unit::Count,
    evidence: &["file", "identities", "applications", "tenants"],
    sources: &["GT", "PD", "MA"],
    compute: Compute::Linked(file_reuse),
};

/// A near-identical photo under other identities.
pub const PHOTO_REUSE: SignalDef = SignalDef {
    id: "identity.photo_reuse",
    doc: "A photo within a few bits of perceptual hash of a photo in applications under other identities \
          (the same picture, resized or slightly edited); the value is the number of distinct identities.",
    unit: Unit::Count,
    evidence: &["distance_bits", "identities", "applications", "tenants"],
    sources: &["KB", "MS", "CIN"],
    compute: Compute::Linked(photo_reuse),
};

/// A near-duplicate résumé under other identities.
pub const RESUME_REUSE: SignalDef = SignalDef {
    id: "identity.resume_reuse",
    doc: "The résumé is a near duplicate (MinHash estimate of word-shingle Jaccard similarity of 0.7 or \
          more) of résumés in applications under other identities; the value is the number of distinct identities.",
    unit: Unit::Count,
    evidence: &["similarity", "application", "identities", "applications", "tenants"],
    sources: &["A22", "MA", "CIN"],
    compute: Compute::Linked(resume_reuse),
};

/// One work history under other identities.
pub const HISTORY_REUSE: SignalDef = SignalDef {
    id: "identity.history_reuse",
    doc: "The résumé gives the same work history as résumés in applications under other identities \
          (the same employers in the same years, however the text is worded, ordered or formatted; or \
          the same three or more employers, each begun within a year of the other's): one career \
          behind several names, as rings paraphrase a shared résumé and nudge its dates; the value is \
          the number of distinct identities.",
    unit: Unit::Count,
    evidence: &["history", "identities", "applications", "tenants"],
    sources: &["A22", "MA", "CIN", "SEAL"],
    compute: Compute::Linked(history_reuse),
};

/// An e-mail, phone or profile under other identities.
pub const CONTACT_REUSE: SignalDef = SignalDef {
    id: "identity.contact_reuse",
    doc: "An e-mail address, phone number or profile URL of this application appears in applications \
          under other identities who do not give the same home address (a household's landline is not \
          counted); the value is the number of distinct identities.",
    unit: Unit::Count,
    evidence: &["contact", "kinds", "identities", "applications", "tenants"],
    sources: &["A22", "GT", "PD", "MS"],
    compute: Compute::Linked(contact_reuse),
};

/// A cluster of linked applications with several identities.
pub const CLUSTER: SignalDef = SignalDef {
    id: "identity.cluster",
    doc: "The application belongs to a ring: a cluster of applications joined by shared documents, files, \
          photos, résumés, contacts, shipping addresses or payroll accounts (directly or through others) \
          that holds several distinct identities; the value is the number of identities.",
    unit: Unit::Count,
    evidence: &["size", "identities", "tenants", "span_days", "applications", "shared"],
    sources: &["GT", "PD", "OK", "MS", "DOJ-CH", "DOJ-RG"],
    compute: Compute::Linked(cluster),
};

/// The same person's other submission came from home.
pub const SAME_PERSON_AT_HOME: SignalDef = SignalDef {
    id: "identity.same_person_at_home",
    doc: "This application's sessions were mostly outside the claimed country, but another submission \
          of the same person (the same identity, a form of the name with the same date of birth or \
          contact) was mostly at home there: the abroad sessions are likely whoever submitted this one \
          (an agency, a recruiter), not the candidate. Context that lowers location signals.",
    unit: Unit::Flag,
    evidence: &["application"],
    sources: &["A22"],
    compute: Compute::Linked(same_person_at_home),
};

/// One identity applying at many employers.
pub const MANY_EMPLOYERS: SignalDef = SignalDef {
    id: "identity.many_employers",
    doc: "The same identity (name and date of birth, or one person's forms of them, linked by their \
          documents or contacts) has applications at several employers; job seekers apply widely, but \
          rented identities hold several jobs at once (DOJ: one identity, thirteen employers); the value \
          is how many employers.",
    unit: Unit::Count,
    evidence: &["tenants", "applications", "span_days"],
    sources: &["DOJ-RG", "OK"],
    compute: Compute::Linked(many_employers),
};

fn same_person<'v>(view: &'v LinkView<'_>) -> Vec<&'v Link<'v>> {
    view.links
        .iter()
        .filter(|link| link.other.identity == view.me.identity)
        .collect()
}

fn same_person_at_home(view: &LinkView<'_>) -> Option<Hit> {
    if view.me.at_home != Some(false) {
        return None;
    }
    let home = same_person(view)
        .into_iter()
        .find(|l| l.other.at_home == Some(true))?;
    Some(Hit {
        value: 1.0,
        evidence: to_evidence(vec![("application", json!(&*home.other.application_id))]),
    })
}

fn many_employers(view: &LinkView<'_>) -> Option<Hit> {
    let links = same_person(view);
    let facts = GroupFacts::of(view, &links);
    if facts.tenants < 2 {
        return None;
    }
    Some(Hit {
        value: facts.tenants as f64,
        evidence: to_evidence(vec![
            ("tenants", json!(facts.tenants)),
            ("applications", json!(facts.applications)),
            ("span_days", json!(facts.span_days)),
        ]),
    })
}

/// Links through `kinds` to applications under another identity.
fn other_identities<'v>(view: &'v LinkView<'_>, kinds: &[LinkKind]) -> Vec<&'v Link<'v>> {
    view.links
        .iter()
        .filter(|link| link.other.identity != view.me.identity)
        .filter(|link| link.via.iter().any(|k| kinds.contains(k)))
        .collect()
}

fn common(view: &LinkView<'_>, links: &[&Link<'_>]) -> Vec<(&'static str, serde_json::Value)> {
    GroupFacts::of(view, links).evidence()
}

fn identities(view: &LinkView<'_>, links: &[&Link<'_>]) -> f64 {
    GroupFacts::of(view, links).identities as f64
}

/// The label of the first shared key of one of `kinds`.
fn shared_label<'v>(
    view: &'v LinkView<'_>,
    links: &[&Link<'_>],
    kinds: &[LinkKind],
) -> Option<&'v Label> {
    links
        .iter()
        .flat_map(|l| l.keys.iter())
        .filter(|k| kinds.contains(&k.kind))
        .find_map(|k| view.me.label_of(k))
}

fn exact_reuse(view: &LinkView<'_>, kinds: &[LinkKind], field: &'static str) -> Option<Hit> {
    let links = other_identities(view, kinds);
    if links.is_empty() {
        return None;
    }
    let mut pairs = label_pairs(field, shared_label(view, &links, kinds)).to_vec();
    pairs.extend(common(view, &links));
    Some(Hit {
        value: identities(view, &links),
        evidence: to_evidence(pairs),
    })
}

fn document_reuse(view: &LinkView<'_>) -> Option<Hit> {
    exact_reuse(view, &[LinkKind::Document, LinkKind::Ssn], "document")
}

fn history_reuse(view: &LinkView<'_>) -> Option<Hit> {
    exact_reuse(view, &[LinkKind::WorkHistory, LinkKind::Career], "history")
}

fn file_reuse(view: &LinkView<'_>) -> Option<Hit> {
    exact_reuse(view, &[LinkKind::File], "file")
}

fn contact_reuse(view: &LinkView<'_>) -> Option<Hit> {
    let kinds = [LinkKind::Email, LinkKind::Phone, LinkKind::Profile];
    // One household shares a landline: only contacts shared beyond the home count.
    let outside: Vec<&Link<'_>> = other_identities(view, &kinds)
        .into_iter()
        .filter(|l| !view.me.same_household(l.other))
        .collect();
    if outside.is_empty() {
        return None;
    }
    let mut pairs = label_pairs("contact", shared_label(view, &outside, &kinds)).to_vec();
    pairs.extend(common(view, &outside));
    let mut hit = Hit {
        value: identities(view, &outside),
        evidence: to_evidence(pairs),
    };
    let shared: BTreeSet<&str> = outside
        .iter()
        .flat_map(|l| l.via.iter())
        .filter(|k| kinds.contains(k))
        .map(|k| match k {
            LinkKind::Email => "e-mail",
            LinkKind::Phone => "phone",
            _ => "profile",
        })
        .collect();
    hit.evidence.insert(
        "kinds".to_owned(),
        json!(shared.into_iter().collect::<Vec<_>>().join(", ")),
    );
    Some(hit)
}

fn photo_reuse(view: &LinkView<'_>) -> Option<Hit> {
    let links = other_identities(view, &[LinkKind::Photo]);
    let closest = links.iter().filter_map(|l| l.photo_distance).min()?;
    let mut pairs = vec![("distance_bits", json!(closest))];
    pairs.extend(common(view, &links));
    Some(Hit {
        value: identities(view, &links),
        evidence: to_evidence(pairs),
    })
}

fn resume_reuse(view: &LinkView<'_>) -> Option<Hit> {
    let links = other_identities(view, &[LinkKind::Resume]);
    let best = links
        .iter()
        .filter_map(|l| l.resume_similarity.map(|s| (s, &*l.other.application_id)))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let mut pairs = vec![
        ("similarity", json!(format!("{:.0}%", best.0 * 100.0))),
        ("application", json!(best.1)),
    ];
    pairs.extend(common(view, &links));
    Some(Hit {
        value: identities(view, &links),
        evidence: to_evidence(pairs),
    })
}

fn cluster(view: &LinkView<'_>) -> Option<Hit> {
    let facts = view.index.cluster(view.position)?;
    if facts.identities < 2 {
        return None;
    }
    let applications: Vec<&str> = facts
        .members
        .iter()
        .filter_map(|p| view.index.app(*p))
        .map(|a| &*a.application_id)
        .collect();
    let span_days = facts.span.map(|(first, last)| (last - first) / 86_400);
    Some(Hit {
        value: f64::from(facts.identities),
        evidence: to_evidence(vec![
            ("size", json!(facts.size)),
            ("identities", json!(facts.identities)),
            ("tenants", json!(facts.tenants)),
            ("span_days", json!(span_days)),
            ("applications", json!(applications.join(", "))),
            (
                "shared",
                json!(facts
                    .shared
                    .iter()
                    .map(|k| k.as_str().replace('_', " "))
                    .collect::<Vec<_>>()
                    .join(", ")),
            ),
        ]),
    })
}
