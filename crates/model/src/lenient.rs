//! The lenient reader, for records the plain parser cannot take: `null` is
//! absent, numeric ids are strings, a single value where a list is expected is
//! a list of one, control characters are removed from text, and a field of the
//! wrong shape is left out and listed, so one bad field never costs the whole
//! application.

use crate::application::Application;
use crate::validate::{redact, FieldError, RecordError};
use serde_json::Value;
use serde_path_to_error::Segment;

/// Most fields one record may lose before it is refused as a whole.
const MAX_LEFT_OUT: usize = 64;

/// The lists of the contract, by path: a single value there is a list of one.
const LISTS: &[&[&str]] = &[
    &["documents"],
    &["sessions"],
    &["candidate", "emails"],
    &["candidate", "phones"],
    &["candidate", "profiles"],
];

/// Read a record leniently: the application and what was left out or changed.
pub fn read(json: &str) -> Result<(Application, Vec<FieldError>), RecordError> {
    let mut value: Value =
        serde_json::from_str(json).map_err(|e| refuse(None, &redact(&e.to_string())))?;
    let Value::Object(map) = &mut value else {
        return Err(refuse(None, "not a JSON object"));
    };
    ids_as_text(map);
    let id = map
        .get("application_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .filter(|id| !id.trim().is_empty());
    let Some(id) = id else {
        return Err(refuse(
            None,
            "application_id: required, a non-empty string or number",
        ));
    };
    let mut notes = Vec::new();
    clean(&mut value, &mut String::new(), &mut notes);
    for path in LISTS {
        wrap_in_list(&mut value, path);
    }
    for _ in 0..MAX_LEFT_OUT {
        let attempt: Result<Application, _> = serde_path_to_error::deserialize(&value);
        match attempt {
            Ok(app) => return Ok((app, notes)),
            Err(error) => {
                let segments: Vec<Segment> = error.path().iter().cloned().collect();
                let path = error.path().to_string();
                let reason = redact(&error.into_inner().to_string());
                if segments.is_empty() || !remove(&mut value, &segments) {
                    return Err(refuse(Some(id), &reason));
                }
                notes.push(FieldError {
                    path,
                    reason: format!("left out: {reason}"),
                });
            }
        }
    }
    Err(refuse(Some(id), "too many fields that cannot be read"))
}

/// The body a store keeps of a record: as sent, but with numeric ids as text
/// and no control characters (PostgreSQL refuses `\u0000` in text and JSON,
/// and one such byte would fail every submission committed with it).
pub fn body_to_keep(json: &str) -> serde_json::Result<Value> {
    let mut value: Value = serde_json::from_str(json)?;
    if let Value::Object(map) = &mut value {
        ids_as_text(map);
    }
    remove_controls(&mut value);
    Ok(value)
}

/// Numeric ids (Greenhouse's are integers) as the text the contract has.
fn ids_as_text(map: &mut serde_json::Map<String, Value>) {
    for id in ["application_id", "tenant_id"] {
        if let Some(number @ Value::Number(_)) = map.get(id) {
            let text = number.to_string();
            map.insert(id.to_owned(), Value::String(text));
        }
    }
}

fn remove_controls(value: &mut Value) {
    match value {
        Value::Object(map) => map.values_mut().for_each(remove_controls),
        Value::Array(items) => items.iter_mut().for_each(remove_controls),
        Value::String(text) => text.retain(|c| !is_unwanted_control(c)),
        _ => {}
    }
}

fn refuse(application_id: Option<String>, reason: &str) -> RecordError {
    RecordError {
        application_id,
        errors: vec![FieldError {
            path: "$".to_owned(),
            reason: reason.to_owned(),
        }],
    }
}

/// Drop `null`s (a field or list item that is null is absent) and remove
/// control characters from text, noting where (line breaks and tabs stay).
fn clean(value: &mut Value, path: &mut String, notes: &mut Vec<FieldError>) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            for (key, child) in map.iter_mut() {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                clean(child, path, notes);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            for (i, child) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                clean(child, path, notes);
                path.truncate(len);
            }
        }
        Value::String(text) if text.chars().any(is_unwanted_control) => {
            text.retain(|c| !is_unwanted_control(c));
            notes.push(FieldError {
                path: path.clone(),
                reason: "control characters removed".to_owned(),
            });
        }
        _ => {}
    }
}

fn is_unwanted_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// A single value where the contract has a list becomes a list of one.
fn wrap_in_list(value: &mut Value, path: &[&str]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = value;
    for key in parents {
        match node.get_mut(*key) {
            Some(child) => node = child,
            None => return,
        }
    }
    if let Value::Object(map) = node {
        if let Some(field) = map.get_mut(*last) {
            if matches!(field, Value::String(_) | Value::Object(_)) {
                let single = field.take();
                *field = Value::Array(vec![single]);
            }
        }
    }
}

/// Remove the node at `segments`; false when there is nothing that can go
/// (the root, or the id).
fn remove(value: &mut Value, segments: &[Segment]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    if let ([], Segment::Map { key }) = (parents, last) {
        if key == "application_id" {
            return false;
        }
    }
    let mut node = value;
    for segment in parents {
        let next = match (segment, node) {
            (Segment::Map { key }, Value::Object(map)) => map.get_mut(key),
            (Segment::Seq { index }, Value::Array(items)) => items.get_mut(*index),
            _ => None,
        };
        match next {
            Some(child) => node = child,
            None => return false,
        }
    }
    match (last, node) {
        (Segment::Map { key }, Value::Object(map)) => map.remove(key).is_some(),
        (Segment::Seq { index }, Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        // The error is about the node itself (a wrong type for a whole block):
        // it cannot be named more finely, so the parent's field goes.
        _ => false,
    }
}
