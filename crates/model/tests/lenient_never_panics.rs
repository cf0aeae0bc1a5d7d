//! The lenient reader meets every kind of damage a line can carry: values of
//! the wrong type at every field of a realistic record, and the record cut
//! short at every byte. None may panic; a record with its id must be kept.

use bonafide_model::parse_application;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("../../../fixtures/applications.jsonl");

/// The fixture's richest record: every block filled.
fn record_text() -> &'static str {
    FIXTURE.lines().max_by_key(|l| l.len()).unwrap_or("")
}

/// Every path to a value in `value`, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[test]
fn a_wrong_value_anywhere_loses_only_that_field() {
    let record: Value = serde_json::from_str(record_text()).expect("fixture parses");
    let mut paths = Vec::new();
    pointers(&record, String::new(), &mut paths);
    let odd = [
        json!(null),
        json!(7),
        json!(-1.5e300),
        json!(true),
        json!("\u{0}\u{202e}x"),
        json!([]),
        json!({}),
        json!(["a", 1, null]),
        json!("2026-1-1"),
        json!("[::1]:x"),
    ];
    for path in paths
        .iter()
        .filter(|p| !p.is_empty() && *p != "/application_id")
    {
        for value in &odd {
            let mut changed = record.clone();
            if let Some(slot) = changed.pointer_mut(path) {
                *slot = value.clone();
            }
            let app = parse_application(&changed.to_string())
                .unwrap_or_else(|e| panic!("{path} = {value}: refused: {e}"));
            assert_eq!(
                app.application_id,
                record["application_id"].as_str().unwrap_or("")
            );
        }
    }
}

#[test]
fn a_record_cut_short_anywhere_is_refused_not_panicked_on() {
    let record = record_text();
    for end in (0..record.len()).filter(|i| record.is_char_boundary(*i)) {
        let _ = parse_application(&record[..end]);
    }
}
