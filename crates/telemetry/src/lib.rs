//! What IT sees after the hire, read from the formats its tools already write,
//! as pieces of the interchange contract: sign-ins become `sessions[]`, a
//! laptop's inventory becomes a `devices[]` observation. Each piece says which
//! hire it belongs to ([`Hire`]); finding that hire's application is the
//! store's business.
//!
//! - osquery result logs (the filesystem logger's JSON lines, in event,
//!   snapshot or batch form; tables `usb_devices`, `processes`, `apps`,
//!   `programs`, `system_info`): one device observation per host.
//! - Okta System Log events (`GET /api/v1/logs`): successful sign-ins and
//!   multi-factor verifications.
//! - Microsoft Entra sign-in logs (Graph `signIn`): successful sign-ins.
//!
//! A file may be JSON Lines, one JSON array, or a Graph page (`{"value": […]}`).
//! A record that cannot be read is answered with its line (or position) and
//! why; the others are still read.
#![deny(missing_docs)]

mod entra;
mod okta;
mod osquery;

use serde::Serialize;
use serde_json::Value;

/// The systems bonafide reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// osquery's result log.
    Osquery,
    /// Okta's System Log.
    Okta,
    /// Microsoft Entra sign-in logs.
    Entra,
}

impl Source {
    /// `osquery`, `okta` or `entra`, as the CLI and the API name them.
    pub fn parse(name: &str) -> Option<Source> {
        match name.trim().to_ascii_lowercase().as_str() {
            "osquery" => Some(Source::Osquery),
            "okta" => Some(Source::Okta),
            "entra" | "azure" | "azuread" => Some(Source::Entra),
            _ => None,
        }
    }

    /// The name kept in `sessions[].source` and `devices[].source`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Osquery => "osquery",
            Source::Okta => "okta",
            Source::Entra => "entra",
        }
    }
}

/// How a piece finds its hire's application.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum Hire {
    /// The application id itself (an osquery decorator `application_id`).
    Application(String),
    /// The hire's e-mail as the identity provider knows it (lower case):
    /// an application whose `candidate.emails` holds it.
    Email(String),
    /// A laptop's serial number or MDM id: an application whose
    /// `devices[]` lists it (`serial` or `device_id`).
    Device(String),
}

/// Contract fields for one hire.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Whose.
    pub hire: Hire,
    /// Sign-ins, as `sessions[]` entries.
    pub sessions: Vec<Value>,
    /// Laptop observations, as `devices[]` entries.
    pub devices: Vec<Value>,
}

/// A record that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// Its line in a JSON Lines file, or its position (from 1) in an array.
    pub line: usize,
    /// Why, in a few words.
    pub reason: String,
}

/// What a file gave.
#[derive(Debug, Default)]
pub struct Read {
    /// Contract fields, one piece per hire (in the order they were first seen).
    pub pieces: Vec<Piece>,
    /// Records refused.
    pub errors: Vec<RecordError>,
    /// Records read but left aside as not about a sign-in or a laptop
    /// (an Okta policy event, a failed sign-in).
    pub skipped: usize,
}

/// What one record says.
pub(crate) enum Record {
    /// A sign-in of a hire.
    Session(Hire, Value),
    /// Rows of a laptop's inventory, folded per host by the osquery reader.
    Rows(Vec<osquery::Row>),
    /// Nothing bonafide scores.
    Skip,
}

/// Read a whole file of one source.
pub fn read(source: Source, text: &str) -> Read {
    let mut out = Read::default();
    let mut rows = Vec::new();
    for (line, record) in records(text) {
        let record = record.and_then(|value| match source {
            Source::Osquery => osquery::record(&value),
            Source::Okta => okta::record(&value),
            Source::Entra => entra::record(&value),
        });
        match record {
            Ok(Record::Session(hire, session)) => add(&mut out.pieces, hire, Some(session), None),
            Ok(Record::Rows(more)) => rows.extend(more),
            Ok(Record::Skip) => out.skipped += 1,
            Err(reason) => out.errors.push(RecordError { line, reason }),
        }
    }
    for (hire, device) in osquery::fold(rows) {
        add(&mut out.pieces, hire, None, Some(device));
    }
    out
}

fn add(pieces: &mut Vec<Piece>, hire: Hire, session: Option<Value>, device: Option<Value>) {
    let at = match pieces.iter().position(|p| p.hire == hire) {
        Some(at) => at,
        None => {
            pieces.push(Piece {
                hire,
                sessions: Vec::new(),
                devices: Vec::new(),
            });
            pieces.len() - 1
        }
    };
    pieces[at].sessions.extend(session);
    pieces[at].devices.extend(device);
}

/// The records of a file with their line (JSON Lines) or position (an array,
/// or a Graph page's `value`).
fn records(text: &str) -> Vec<(usize, Result<Value, String>)> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        if let Ok(whole) = serde_json::from_str::<Value>(trimmed) {
            let list = match whole {
                Value::Array(list) => Some(list),
                Value::Object(mut page) if page.get("value").is_some_and(Value::is_array) => {
                    match page.remove("value") {
                        Some(Value::Array(list)) => Some(list),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(list) = list {
                return list
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (i + 1, Ok(clean(v))))
                    .collect();
            }
        }
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let value = serde_json::from_str::<Value>(line.trim())
                .map(clean)
                .map_err(|e| format!("not JSON ({e})"));
            (i + 1, value)
        })
        .collect()
}

/// Control characters are removed from text before anything is kept.
fn clean(mut value: Value) -> Value {
    fn walk(value: &mut Value) {
        match value {
            Value::String(text) => text.retain(|c| !c.is_control() || c == '\n' || c == '\t'),
            Value::Array(items) => items.iter_mut().for_each(walk),
            Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

/// A JSON pointer as people read a path (`client.ipAddress`).
pub(crate) fn path(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

/// A text field of a record, trimmed, if present and not empty.
pub(crate) fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An RFC 3339 time as the contract writes it, or why not.
pub(crate) fn time(value: &Value, pointer: &str) -> Result<String, String> {
    let raw = text(value, pointer).ok_or_else(|| format!("{}: missing", path(pointer)))?;
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .map_err(|_| format!("{}: `{raw}` is not an RFC 3339 time", path(pointer)))
}

/// An IP address as the contract writes it, or why not (absent is fine).
pub(crate) fn ip(value: &Value, pointer: &str) -> Result<Option<String>, String> {
    match text(value, pointer) {
        None => Ok(None),
        Some(raw) => raw
            .parse::<std::net::IpAddr>()
            .map(|ip| Some(ip.to_canonical().to_string()))
            .map_err(|_| format!("{}: `{raw}` is not an IP address", path(pointer))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_lines_arrays_or_pages() {
        let lines = "{\"a\":1}\n\nnot json\n[1]\n";
        let got = records(lines);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, 1);
        assert_eq!(got[1].0, 3);
        assert!(got[1].1.is_err());
        let array = records("[{\"a\":1},{\"a\":2}]");
        assert_eq!(array.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2]);
        let page = records("{\"@odata.context\":\"x\",\"value\":[{\"a\":1}]}");
        assert_eq!(page.len(), 1);
        // One object that is not a page is one line.
        let one = records("{\"name\":\"usb_devices\"}");
        assert_eq!(one.len(), 1);
        assert_eq!(
            records("{\"s\":\"a\\u0000b\"}")[0].1.as_ref().ok(),
            Some(&serde_json::json!({ "s": "ab" }))
        );
    }
}
