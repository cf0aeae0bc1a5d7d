//! The shapes of rule files as written.

use crate::condition::ConditionSpec;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A rule file: any number of `[[rule]]`, `[[pattern]]` and `[[variants]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    #[serde(default)]
    pub pattern: Vec<PatternSpec>,
    #[serde(default)]
    pub variants: Vec<VariantSpec>,
}

/// Name-matching data as written: spellings of one name word that are the
/// same name (romanisations), rewrites, words to drop, and examples.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VariantSpec {
    pub id: String,
    pub description: String,
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    #[serde(default)]
    pub segment: bool,
    #[serde(default)]
    pub syllables: Vec<String>,
    #[serde(default)]
    pub rewrites: Vec<[String; 2]>,
    #[serde(default)]
    pub endings: Vec<[String; 2]>,
    #[serde(default)]
    pub drop: Vec<String>,
    #[serde(default)]
    pub common: Vec<String>,
    #[serde(default)]
    pub frequent: Vec<String>,
    #[serde(default)]
    pub same: Vec<[String; 2]>,
    #[serde(default)]
    pub different: Vec<[String; 2]>,
}

/// A text pattern as written: a regular expression (case ignored) with texts
/// it must match and texts it must not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatternSpec {
    pub id: String,
    /// Which signal family reads it, e.g. `forwarding`.
    pub list: String,
    pub regex: String,
    pub description: String,
    #[serde(default)]
    pub matches: Vec<String>,
    #[serde(default)]
    pub misses: Vec<String>,
}

/// One rule as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSpec {
    pub id: String,
    pub title: String,
    pub points: i32,
    pub when: ConditionSpec,
    pub explanation: String,
    /// Whose evidence the verdict carries; the first signal of `when` by default.
    pub evidence: Option<String>,
    /// `false` for a policy rule whose weight `bonafide calibrate` must not fit.
    #[serde(default = "yes")]
    pub fit: bool,
    #[serde(default)]
    pub example: Vec<ExampleSpec>,
}

/// An example: signal values in, hit or miss out.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleSpec {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub signals: BTreeMap<String, f64>,
    #[serde(default)]
    pub evidence: serde_json::Map<String, serde_json::Value>,
    pub expect: Expect,
    /// The explanation the example must produce, when given.
    #[serde(default)]
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Expect {
    Hit,
    Miss,
}

fn yes() -> bool {
    true
}

/// `rules/tiers.toml`: default thresholds and, under `[tenants.NAME]`, an
/// employer's own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TiersFile {
    pub review: u8,
    pub escalate: u8,
    #[serde(default)]
    pub tenants: BTreeMap<String, TenantTiers>,
}

/// One employer's thresholds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TenantTiers {
    pub review: u8,
    pub escalate: u8,
}
