//! Machine-readable zones and SSNs.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = bonafide_fuzz::text(data);
    let lines: Vec<String> = text.lines().take(4).map(str::to_owned).collect();
    let _ = bonafide_identity::mrz::parse(&lines);
    let _ = bonafide_identity::ssn::check(&text);
});
