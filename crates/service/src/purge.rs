//! Retention: applications last received before a cutoff leave the store,
//! audited. A running writer drops them from its link index when it next
//! catches up with the store.

use bonafide_store::Store;
use chrono::{DateTime, Duration, Utc};

/// Remove the applications last received more than `age` before `now`, with
/// their verdicts, decisions and link entries, and audit it as `by`. Returns
/// how many were removed and the cutoff.
pub fn purge_older_than(
    store: &dyn Store,
    age: Duration,
    now: DateTime<Utc>,
    by: &str,
) -> bonafide_store::Result<(usize, DateTime<Utc>)> {
    let cutoff = now - age;
    let removed = store.purge_before(cutoff)?;
    store.audit(
        None,
        by,
        "purge",
        &format!("before {}", cutoff.to_rfc3339()),
        now,
    )?;
    Ok((removed, cutoff))
}
