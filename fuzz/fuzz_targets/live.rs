//! Linking across time: up to 32 JSON lines scored one at a time against the
//! ones before (through the store's bytes), earlier ones re-scored; and the first
//! bytes read as a stored entry (a damaged store must not crash the service).
#![no_main]
use bonafide_engine::{Engine, Live, StoredEntry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = StoredEntry::from_bytes(&data[..data.len().min(4096)]);
    let (reference, rules) = bonafide_fuzz::scoring();
    let engine = Engine::new(reference, rules);
    let text = bonafide_fuzz::text(data);
    let mut live = Live::default();
    for line in text.lines().take(32) {
        let Ok(app) = bonafide_model::parse_application(line) else {
            continue;
        };
        let bytes = engine.local(&app).to_stored().to_bytes();
        let entry = StoredEntry::from_bytes(&bytes).expect("an entry this build wrote reads back");
        let position = live.insert(entry);
        let verdict = live.score(&engine, position).expect("a kept application scores");
        assert_eq!(verdict.application_id, app.application_id);
        assert!(verdict.score <= 100);
        for other in live.affected_by(position) {
            assert!(live.score(&engine, other).is_some());
        }
    }
});
