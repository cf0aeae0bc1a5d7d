//! One contract record: JSON → model → validation → the whole assessment.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (reference, rules) = bonafide_fuzz::scoring();
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(app) = bonafide_model::parse_application(text) {
        let verdicts = bonafide_engine::Engine::new(reference, rules).score_batch(&[app]);
        assert!(verdicts.iter().all(|v| v.score <= 100));
    }
});
