//! A JSON Lines batch: every line that parses is scored with the others, linked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (reference, rules) = bonafide_fuzz::scoring();
    let text = bonafide_fuzz::text(data);
    let apps: Vec<_> = text
        .lines()
        .take(64)
        .filter_map(|line| bonafide_model::parse_application(line).ok())
        .collect();
    let verdicts = bonafide_engine::Engine::new(reference, rules).score_batch(&apps);
    assert_eq!(verdicts.len(), apps.len());
});
