//! Helpers shared by the sanctions tests.
#![allow(dead_code)]

use bonafide_rules::{RuleSource, Ruleset, VariantTable};
use bonafide_sanctions::Variants;
use std::path::PathBuf;

/// The repository's `rules/` folder.
pub fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// The bundled variant tables.
pub fn tables() -> Vec<VariantTable> {
    let sources: Vec<RuleSource> = Ruleset::read_dir(&rules_dir()).expect("rules readable");
    VariantTable::read_all(&sources).expect("variant tables valid")
}

/// The bundled variants, compiled.
pub fn variants() -> Variants {
    Variants::new(&tables())
}

/// `../shared/data` when the real-data tests are on.
pub fn real_data() -> Option<PathBuf> {
    std::env::var_os("BONAFIDE_REAL_DATA").map(PathBuf::from)
}
