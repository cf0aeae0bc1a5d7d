//! Declarative rules: `rules/**/*.toml` files turn signal values into points,
//! with an explanation a recruiter understands and examples that test them.
//!
//! This crate never depends on the signal catalogue's code: validation receives
//! a [`Catalog`] value (ids and evidence keys), so rules can be checked against
//! any catalogue.
#![deny(missing_docs)]

mod condition;
mod diagnostic;
mod file;
pub mod fit;
mod model;
mod pattern;
mod ruleset;
mod template;
mod variants;

pub use condition::Condition;
pub use diagnostic::Diagnostic;
pub use model::{logit, score_and_shares, sigmoid, ScoreModel};
pub use pattern::Pattern;
pub use ruleset::{
    Catalog, Evaluation, ExampleFailure, Fired, Rule, RuleSource, Ruleset, SignalSource,
    SignalSpec, Tiers, WEIGHTS_FILE,
};
pub use variants::VariantTable;
