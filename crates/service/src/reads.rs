//! The reads and writes the pages and the API share: a verdict's linked
//! applications with their own verdicts, its strongest reasons, a decision.

use bonafide_model::Verdict;
use bonafide_store::{Decision, Store};

/// One of a verdict's linked applications, with its own verdict when it is the tenant's.
pub struct Linked {
    /// Its id ([`crate::FOREIGN`] for another employer's).
    pub id: String,
    /// What they share (`shipping_address`, …).
    pub via: Vec<String>,
    /// Another employer's: its id and verdict are not the tenant's to see.
    pub foreign: bool,
    /// Its verdict (the tenant's applications only).
    pub verdict: Option<Verdict>,
}

/// A verdict's linked applications, each with its verdict read from the store.
pub fn linked_with_verdicts(
    store: &dyn Store,
    tenant: &str,
    verdict: &Verdict,
) -> bonafide_store::Result<Vec<Linked>> {
    verdict
        .linked_applications
        .iter()
        .map(|link| {
            let foreign = link.application_id == crate::FOREIGN;
            let verdict = if foreign {
                None
            } else {
                store.verdict(tenant, &link.application_id)?.map(|(_, v)| v)
            };
            Ok(Linked {
                id: link.application_id.clone(),
                via: link.via.clone(),
                foreign,
                verdict,
            })
        })
        .collect()
}

/// The sentences of a verdict's first three reasons (the strongest: signals come sorted).
pub fn top_reasons(verdict: &Verdict) -> impl Iterator<Item = &str> {
    verdict
        .signals
        .iter()
        .take(3)
        .map(|s| s.explanation.as_str())
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
