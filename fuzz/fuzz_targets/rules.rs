//! A rule file: parse, validate against the catalogue, run its examples.
#![no_main]
use bonafide_rules::{RuleSource, Ruleset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = bonafide_fuzz::text(data).into_owned();
    let sources = [
        RuleSource { name: "tiers.toml".to_owned(), text: "review = 40\nescalate = 70\n".to_owned() },
        RuleSource { name: "fuzz.toml".to_owned(), text },
    ];
    if let Ok(rules) = Ruleset::compile(&sources, bonafide_fuzz::catalog()) {
        let _ = rules.run_examples();
    }
});
