//! The record itself: fields that could not be read. Corrupting a field must
//! not be a way to avoid a score, so what was left out counts, by rule.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::network::to_evidence;
use serde_json::json;

/// Fields left out because they could not be read, or changed to be read.
pub const UNREADABLE: SignalDef = SignalDef {
    id: "input.unreadable",
    doc: "Fields of the application could not be read (a truncated IP address, a date that is not \
          one, a block of the wrong shape) and were left out, or had control characters removed; \
          the rest of the application was scored. The value is how many (a link to the record in the \
          sending system is listed but not counted); the evidence lists each field's path and reason \
          (never its value).",
    unit: Unit::Count,
    evidence: &["fields", "problems"],
    sources: &["RFC9413"],
    compute: Compute::Local(unreadable),
};

/// Most problems listed in evidence; the value counts them all.
const MAX_LISTED: usize = 20;

/// Fields that only point a reviewer elsewhere (the record's page in the
/// sending system): reported when unreadable, never counted, since nothing
/// is scored on them and a bad one is the integration's doing.
const FOR_REVIEWERS_ONLY: &[&str] = &["source_url"];

fn unreadable(app: &Enriched<'_>) -> Option<Hit> {
    let problems = &app.app.unreadable;
    if problems.is_empty() {
        return None;
    }
    let listed: Vec<serde_json::Value> = problems
        .iter()
        .take(MAX_LISTED)
        .map(|p| json!({ "path": p.path, "reason": p.reason }))
        .collect();
    let fields: Vec<&str> = problems
        .iter()
        .take(MAX_LISTED)
        .map(|p| p.path.as_str())
        .collect();
    let counted = problems
        .iter()
        .filter(|p| !FOR_REVIEWERS_ONLY.contains(&p.path.as_str()))
        .count();
    Some(Hit {
        value: counted as f64,
        evidence: to_evidence(vec![
            ("fields", json!(fields.join(", "))),
            ("problems", json!(listed)),
        ]),
    })
}

/// Session addresses a configured database could not answer for.
pub const LOOKUP_FAILED: SignalDef = SignalDef {
    id: "data.lookup_failed",
    doc: "A session's IP address could not be looked up in a configured database (its record there \
          does not decode): what that database would have said is missing, so the verdict lists the \
          failure as an error rather than pass for clean. No points: the application is not to blame. \
          The value is how many lookups failed; the evidence names each session and database.",
    unit: Unit::Count,
    evidence: &["databases", "problems"],
    sources: &["RFC9413", "MM"],
    compute: Compute::Local(lookup_failed),
};

fn lookup_failed(app: &Enriched<'_>) -> Option<Hit> {
    let mut problems = Vec::new();
    let mut databases: Vec<&str> = Vec::new();
    for session in &app.sessions {
        let Some(facts) = &session.ip else { continue };
        for error in &facts.errors {
            let database = error.split_once(':').map_or(error.as_str(), |(db, _)| db);
            if !databases.contains(&database) {
                databases.push(database);
            }
            problems.push(json!({
                "path": format!("sessions[{}].ip", session.index),
                "reason": error,
            }));
        }
    }
    if problems.is_empty() {
        return None;
    }
    let count = problems.len();
    problems.truncate(MAX_LISTED);
    Some(Hit {
        value: count as f64,
        evidence: to_evidence(vec![
            ("databases", json!(databases.join(", "))),
            ("problems", json!(problems)),
        ]),
    })
}
