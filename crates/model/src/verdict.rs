//! The output side of contract v1, plus the `versions` and `errors` bonafide adds.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How far a reviewer should look. bonafide recommends; it never rejects.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Nothing that needs a person.
    Clear,
    /// A person should look before the process goes on.
    Review,
    /// The fraud team should look now.
    Escalate,
}

impl Tier {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Clear => "clear",
            Tier::Review => "review",
            Tier::Escalate => "escalate",
        }
    }
}

/// Evidence: named facts a person can check.
pub type Evidence = serde_json::Map<String, serde_json::Value>;

/// One rule that fired, with its reason in words and the facts behind it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalReport {
    /// Stable dotted id of the rule.
    pub id: String,
    /// Points it added to the score.
    pub points: i32,
    /// One sentence a recruiter understands.
    pub explanation: String,
    /// The facts behind it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub evidence: Evidence,
}

/// Another application this one shares attributes with.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedApplication {
    /// The other application.
    pub application_id: String,
    /// What they share (`ip`, `shipping_address`, `payroll_account`, …).
    pub via: Vec<String>,
}

/// A rule that could not be evaluated for this application, or a field of it
/// that could not be read.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleError {
    /// The rule (`input.unreadable` for a field of the application that could not be read).
    pub rule: String,
    /// Why it failed.
    pub reason: String,
    /// The application's field, for a field that could not be read (e.g. `sessions[0].ip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// What a decision was made with, so it can be explained later.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versions {
    /// SHA-256 over the rule files, hex.
    pub ruleset: String,
    /// Each data source and its build date (or file date).
    pub data: BTreeMap<String, String>,
}

/// The verdict on one application (contract v1 output, plus `versions` and `errors`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The application.
    pub application_id: String,
    /// The employer.
    pub tenant_id: String,
    /// 0..=100, higher = more like the pattern.
    pub score: u8,
    /// Recommended handling.
    pub tier: Tier,
    /// Rules that fired, highest points first.
    pub signals: Vec<SignalReport>,
    /// Applications sharing attributes with this one.
    pub linked_applications: Vec<LinkedApplication>,
    /// Ruleset hash and data-source dates (shared by every verdict of a run).
    #[cfg_attr(feature = "openapi", schema(value_type = Versions))]
    pub versions: Arc<Versions>,
    /// Rules that failed to evaluate (the rest still count).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<RuleError>,
}
