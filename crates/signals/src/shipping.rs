//! Where the company laptop goes: another address than home, another
//! recipient, a forwarding service, another country, a late request, and one
//! address shared by several identities (the laptop farm).

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::links::{GroupFacts, Label, Link, LinkKind, LinkView};
use crate::network::{label_pairs, to_evidence};
use bonafide_address::Relation;
use bonafide_identity::names::{compare, NameMatch};
use bonafide_identity::normalize::printable;
use serde_json::json;
use std::collections::BTreeSet;

/// Shipping to another address than home.
pub const ADDRESS_DIFFERS: SignalDef = SignalDef {
    id: "shipping.address_differs",
    doc: "The laptop is to be shipped to another address than the candidate's home address: the value is 2 \
          for another building, 1 for another unit of the same building. Evidence shows city, region and \
          postal code, never the street.",
    unit: Unit::Level,
    evidence: &["relation", "shipping_place", "home_place"],
    sources: &["A22", "KB", "DOJ-CH"],
    compute: Compute::Local(address_differs),
};

/// A recipient who is not the candidate.
pub const RECIPIENT_DIFFERS: SignalDef = SignalDef {
    id: "shipping.recipient_differs",
    doc: "The shipping recipient is another person than the candidate (word order, initials, middle names \
          and accents do not count as different).",
    unit: Unit::Flag,
    evidence: &["recipient", "candidate"],
    sources: &["A22", "DOJ-CH"],
    compute: Compute::Local(recipient_differs),
};

/// A known forwarding or virtual-mailbox address.
pub const FORWARDING: SignalDef = SignalDef {
    id: "shipping.forwarding",
    doc: "The shipping address is a known mail-forwarding or virtual-mailbox address (by the configured \
          lists), or is written the way such addresses are (PMB, private mailbox, a reshipper's name; the \
          `[[pattern]]` entries of the rules).",
    unit: Unit::Flag,
    evidence: &["matched", "shipping_place"],
    sources: &["A24", "A25L", "DOJ-RG", "MM"],
    compute: Compute::Local(forwarding),
};

/// Shipping abroad from the claimed country.
pub const COUNTRY_MISMATCH: SignalDef = SignalDef {
    id: "shipping.country_mismatch",
    doc: "The laptop is to be shipped to another country than the one the candidate claims to live in.",
    unit: Unit::Flag,
    evidence: &["shipping_country", "claimed_country", "shipping_place"],
    sources: &["DOJ-CH", "A24", "GT"],
    compute: Compute::Local(country_mismatch),
};

/// A shipping request close to (or after) the first day.
pub const LATE_REQUEST: SignalDef = SignalDef {
    id: "shipping.late_request",
    doc: "The shipping address was given or changed close to the start date; the value is the hours \
          between the request and the start (negative when after it). The start is `position.start_date`, \
          else the first onboarding session.",
    unit: Unit::Hours,
    evidence: &["requested_at", "start", "hours_before_start"],
    sources: &["SW", "NYDFS"],
    compute: Compute::Local(late_request),
};

/// One shipping address behind several identities.
pub const FARM: SignalDef = SignalDef {
    id: "shipping.farm",
    doc: "The shipping address (unit included, after normalisation) is also the shipping address of \
          applications under other names or dates of birth: the laptop-farm pattern. The value is the \
          number of distinct identities shipping there.",
    unit: Unit::Count,
    evidence: &["address", "identities", "applications", "tenants", "span_days"],
    sources: &["DOJ-CH", "DOJ-RG", "DOJ-KN", "KB"],
    compute: Compute::Linked(farm),
};

/// The farm reaches across employers.
pub const FARM_EMPLOYERS: SignalDef = SignalDef {
    id: "shipping.farm_employers",
    doc:
        "The number of employers (tenants) whose hires under different identities ship to the same \
          address as this application; present when the address is shared by several identities.",
    unit: Unit::Count,
    evidence: &["address", "tenants", "identities"],
    sources: &["DOJ-CH", "DOJ-RG"],
    compute: Compute::Linked(farm_employers),
};

fn address_differs(app: &Enriched<'_>) -> Option<Hit> {
    let (home, shipping) = (app.home.as_ref()?, app.shipping.as_ref()?);
    let (value, relation) = match home.relation(shipping) {
        Relation::Same => return None,
        Relation::SameBuilding => (1.0, "another unit of the same building"),
        Relation::Different => (2.0, "another address"),
    };
    Some(Hit {
        value,
        evidence: to_evidence(vec![
            ("relation", json!(relation)),
            ("shipping_place", json!(shipping.locality())),
            ("home_place", json!(home.locality())),
        ]),
    })
}

fn recipient_differs(app: &Enriched<'_>) -> Option<Hit> {
    let recipient = app.app.shipping.as_ref()?.recipient.as_deref()?;
    let candidate = app.app.candidate.as_ref()?.full_name.as_deref()?;
    (compare(recipient, candidate)? == NameMatch::Different).then(|| Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("recipient", json!(printable(recipient))),
            ("candidate", json!(printable(candidate))),
        ]),
    })
}

fn forwarding(app: &Enriched<'_>) -> Option<Hit> {
    let shipping = app.app.shipping.as_ref()?;
    let reference = app.reference;
    let mut matched: Vec<String> = Vec::new();
    if let Some(list) = app
        .shipping
        .as_ref()
        .and_then(|a| reference.forwarding.matching(a))
    {
        matched.push(format!("listed in {list}"));
    }
    let address = shipping.address.as_ref();
    let texts = [
        address.and_then(|a| a.line1.as_deref()),
        address.and_then(|a| a.line2.as_deref()),
        shipping.recipient.as_deref(),
    ];
    let patterns: BTreeSet<&str> = texts
        .into_iter()
        .flatten()
        .flat_map(|t| reference.forwarding_patterns.matches(t))
        .collect();
    matched.extend(patterns.into_iter().map(|p| format!("pattern {p}")));
    if matched.is_empty() {
        return None;
    }
    Some(Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("matched", json!(matched.join(", "))),
            (
                "shipping_place",
                json!(app.shipping.as_ref().map(|a| a.locality())),
            ),
        ]),
    })
}

fn country_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let shipping = app.shipping.as_ref()?;
    let shipped_to = shipping.country.as_deref()?;
    let claimed = app.claimed.country?;
    (shipped_to != claimed.as_str()).then(|| Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("shipping_country", json!(shipped_to)),
            ("claimed_country", json!(claimed.as_str())),
            ("shipping_place", json!(shipping.locality())),
        ]),
    })
}

/// Requests more than a week before the start are ordinary and not reported.
const LATE_WINDOW_HOURS: i64 = 7 * 24;

fn late_request(app: &Enriched<'_>) -> Option<Hit> {
    let requested = app.app.shipping.as_ref()?.requested_at.as_ref()?.get()?;
    let start = app.start?;
    let hours = (start - *requested).num_hours();
    (hours < LATE_WINDOW_HOURS).then(|| Hit {
        value: hours as f64,
        evidence: to_evidence(vec![
            ("requested_at", json!(requested.to_rfc3339())),
            ("start", json!(start.to_rfc3339())),
            ("hours_before_start", json!(hours)),
        ]),
    })
}

/// Links through a shipping address to applications under another identity.
fn farm_links<'v>(view: &'v LinkView<'_>) -> Vec<&'v Link<'v>> {
    view.links
        .iter()
        .filter(|l| l.via.contains(&LinkKind::ShippingAddress))
        .filter(|l| l.other.identity != view.me.identity)
        .collect()
}

/// The shared address as evidence shows it (its postal code and key prefix); when
/// this application wrote it without a postal code, another member's label is used.
fn address_label<'v>(view: &'v LinkView<'_>, links: &[&Link<'v>]) -> Option<&'v Label> {
    let keys: Vec<_> = links
        .iter()
        .flat_map(|l| l.keys.iter())
        .filter(|k| k.kind == LinkKind::ShippingAddress)
        .collect();
    let holders = std::iter::once(view.me).chain(links.iter().map(|l| l.other));
    let labels: Vec<_> = holders
        .flat_map(|app| {
            keys.iter()
                .filter_map(move |k| app.labels.iter().find(|l| l.key == **k))
        })
        .collect();
    labels
        .iter()
        .find(|l| l.tail[0] != 0)
        .or(labels.first())
        .copied()
}

fn farm(view: &LinkView<'_>) -> Option<Hit> {
    let links = farm_links(view);
    if links.is_empty() {
        return None;
    }
    let facts = GroupFacts::of(view, &links);
    let mut pairs = label_pairs("address", address_label(view, &links)).to_vec();
    pairs.extend(facts.evidence());
    pairs.push(("span_days", json!(facts.span_days)));
    Some(Hit {
        value: facts.identities as f64,
        evidence: to_evidence(pairs),
    })
}

fn farm_employers(view: &LinkView<'_>) -> Option<Hit> {
    let links = farm_links(view);
    if links.is_empty() {
        return None;
    }
    let facts = GroupFacts::of(view, &links);
    Some(Hit {
        value: facts.tenants as f64,
        evidence: to_evidence(
            label_pairs("address", address_label(view, &links))
                .into_iter()
                .chain([
                    ("tenants", json!(facts.tenants)),
                    ("identities", json!(facts.identities)),
                ])
                .collect(),
        ),
    })
}
