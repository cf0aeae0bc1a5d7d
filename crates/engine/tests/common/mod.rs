//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]
// Tests and benchmarks read fixtures and keep time; the crate itself may not (clippy.toml).
#![allow(clippy::disallowed_methods)]

use bonafide_engine::catalog;
use bonafide_model::{parse_application, Application, Verdict};
use bonafide_rules::Ruleset;
use bonafide_signals::Reference;
use std::path::Path;

pub struct Fixture {
    pub reference: Reference,
    pub rules: Ruleset,
}

pub fn fixture() -> Fixture {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let sources = Ruleset::read_dir(&dir).expect("rules folder");
    let rules = Ruleset::compile(&sources, &catalog()).expect("project rules compile");
    Fixture {
        reference: bonafide_testkit::fixtures::fixture_reference(),
        rules,
    }
}

/// The applications of a fixture file (records that do not parse are left out).
pub fn fixture_file(name: &str) -> Vec<Application> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures")
            .join(name),
    )
    .expect("fixture file");
    text.lines()
        .filter_map(|line| parse_application(line).ok())
        .collect()
}

pub fn by_id<'a>(verdicts: &'a [Verdict], id: &str) -> &'a Verdict {
    verdicts
        .iter()
        .find(|v| v.application_id == id)
        .unwrap_or_else(|| panic!("no verdict for {id}"))
}

pub fn ids(verdict: &Verdict) -> Vec<&str> {
    verdict.signals.iter().map(|s| s.id.as_str()).collect()
}
