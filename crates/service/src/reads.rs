//! The reads and writes the pages and the API share: a verdict's linked
//! applications with their own verdicts, its strongest reasons, a decision.

use bonafide_store::{Decision, Store};
use serde_json::Value;

/// One of a verdict's linked applications, with its own verdict when it is the tenant's.
pub struct Linked {
    /// Its id ([`crate::FOREIGN`] for another employer's).
    pub id: String,
    /// What they share (`shipping_address`, …).
    pub via: Vec<String>,
    /// Another employer's: its id and verdict are not the tenant's to see.
    pub foreign: bool,
    /// Its verdict (the tenant's applications only).
    pub verdict: Option<Value>,
}

/// A verdict's linked applications, each with its verdict read from the store.
pub fn linked_with_verdicts(
    store: &dyn Store,
    tenant: &str,
    verdict: &Value,
) -> bonafide_store::Result<Vec<Linked>> {
    let mut links = Vec::new();
    for link in verdict["linked_applications"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let id = link["application_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let via = link["via"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let foreign = id == crate::FOREIGN;
        let verdict = if foreign {
            None
        } else {
            store.verdict(tenant, &id)?.map(|(_, v)| v)
        };
        links.push(Linked {
            id,
            via,
            foreign,
            verdict,
        });
    }
    Ok(links)
}

/// The sentences of a verdict's first three reasons (the strongest: signals come sorted).
pub fn top_reasons(verdict: &Value) -> impl Iterator<Item = &str> {
    verdict["signals"]
        .as_array()
        .into_iter()
        .flatten()
        .take(3)
        .filter_map(|s| s["explanation"].as_str())
}

/// Keep a decision and audit it; false when the tenant has no such application.
pub fn record_decision(store: &dyn Store, decision: &Decision) -> bonafide_store::Result<bool> {
    if store
        .verdict(&decision.tenant, &decision.application_id)?
        .is_none()
    {
        return Ok(false);
    }
    store.put_decision(decision)?;
    store.audit(
        Some(&decision.tenant),
        &decision.by,
        &format!("decide:{}", decision.label.as_str()),
        &format!("{}/{}", decision.tenant, decision.application_id),
        decision.at,
    )?;
    Ok(true)
}
