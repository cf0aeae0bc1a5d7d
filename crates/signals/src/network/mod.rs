//! Network signals: where sessions come from, compared with what the candidate claims.

pub mod anonymizer;
pub mod geo;
pub mod shared;
pub mod time;

use crate::enriched::SessionFacts;
use bonafide_netdata::IpFacts;
use serde_json::{json, Value};

/// The evidence every network signal gives about one session's IP.
pub(crate) fn ip_evidence(session: &SessionFacts) -> Vec<(&'static str, Value)> {
    let Some(facts) = &session.ip else {
        return Vec::new();
    };
    let mut out = vec![("ip", json!(facts.ip.to_string()))];
    out.extend(location_evidence(facts));
    if let Some(at) = session.at {
        out.push(("at", json!(at.to_rfc3339())));
    }
    out
}

fn location_evidence(facts: &IpFacts) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    if let Some(location) = &facts.location {
        out.push(("observed_country", json!(location.country)));
        if let Some(region) = &location.region {
            out.push(("observed_region", json!(region)));
        }
        if let Some(city) = &location.city {
            out.push(("observed_city", json!(city)));
        }
        out.push((
            "observed_place",
            crate::evidence::place(
                location.city.as_deref(),
                location.region.as_deref(),
                Some(&location.country),
            ),
        ));
        out.push(("geo_database", json!(location.source)));
    }
    if let Some(asn) = &facts.asn {
        out.push(("asn", json!(asn.number)));
        out.push((
            "asn_org",
            json!(asn
                .organization
                .clone()
                .unwrap_or_else(|| format!("AS{}", asn.number).into())),
        ));
    }
    out
}

/// A shared value as evidence: its label under `field` (what the sentence
/// names) and its keyed-hash prefix under `link_key` (what tells two values
/// with the same last characters apart).
pub(crate) fn label_pairs(
    field: &'static str,
    label: Option<&crate::links::Label>,
) -> [(&'static str, Value); 2] {
    [
        (
            field,
            serde_json::json!(label.map(crate::links::Label::describe)),
        ),
        (
            "link_key",
            serde_json::json!(label.map(crate::links::Label::key_prefix)),
        ),
    ]
}

/// Turn a list of pairs into evidence, later pairs overriding earlier ones.
pub(crate) fn to_evidence(pairs: Vec<(&'static str, Value)>) -> bonafide_model::Evidence {
    pairs
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}
