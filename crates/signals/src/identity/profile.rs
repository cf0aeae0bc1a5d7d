//! Developer profiles made just before applying.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::network::to_evidence;
use serde_json::json;

/// A developer profile created shortly before the application.
pub const NEW_PROFILE: SignalDef = SignalDef {
    id: "identity.new_profile",
    doc: "The youngest of the candidate's linked profiles (GitHub, GitLab, LinkedIn, …) was created \
          shortly before the application: the value is its age in days on the day of the application \
          (reported up to 365). Personas are made for the campaign; a new graduate's profile is young \
          too, so this is weak on its own.",
    unit: Unit::Days,
    evidence: &["profile_kind", "created_at", "days"],
    sources: &["SEAL", "GFA", "CIN", "TO"],
    compute: Compute::Local(new_profile),
};

const MAX_REPORTED_DAYS: i64 = 365;

fn new_profile(app: &Enriched<'_>) -> Option<Hit> {
    let applied = app
        .app
        .submitted_at
        .as_ref()
        .and_then(|t| t.get().copied())
        .or_else(|| app.sessions.iter().find_map(|s| s.at))?
        .date_naive();
    let (kind, created) = app
        .app
        .candidate
        .as_ref()?
        .profiles
        .iter()
        .filter_map(|p| {
            let created = *p.created_at.as_ref()?.get()?;
            Some((p.kind.as_deref().unwrap_or("profile"), created))
        })
        .max_by_key(|(_, created)| *created)?;
    let days = (applied - created).num_days().max(0);
    (days <= MAX_REPORTED_DAYS).then(|| Hit {
        value: days as f64,
        evidence: to_evidence(vec![
            ("profile_kind", json!(kind)),
            ("created_at", json!(created.to_string())),
            ("days", json!(days)),
        ]),
    })
}
