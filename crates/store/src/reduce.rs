//! What the store is given of an application: the body with document, SSN and
//! account numbers (and the machine-readable zones that repeat them) replaced
//! by a keyed hash, a mask and the value sealed under the link key, so that
//! links still reach across time and employers while no raw number is ever
//! written in the clear. The seal lets a later event from another source be
//! merged into the application and scored as exactly as the first version
//! ([`restore`]); it is never shown ([`unsealed_view`]).

use bonafide_identity::normalize::document_number;
use bonafide_identity::{mask, Keyer};
use serde_json::{json, Map, Value};

fn hex(digest: &bonafide_identity::Digest) -> String {
    hex::encode(digest.0)
}

/// A number as kept: `{"hash": the keyed hash, hex; "masked": at most the
/// last 4; "sealed": the value sealed}`.
fn reduced(keyer: &Keyer, kind: &str, raw: &str) -> Value {
    let normal = document_number(raw).unwrap_or_default();
    json!({ "hash": hex(&keyer.hash(kind, &normal)), "masked": mask(raw), "sealed": keyer.seal(raw) })
}

/// The fields [`reduce`] replaces, as (block path, field).
fn reduced_fields(body: &mut Value) -> Vec<(&mut Map<String, Value>, &'static str)> {
    let mut out = Vec::new();
    let Some(top) = body.as_object_mut() else {
        return out;
    };
    for (key, value) in top.iter_mut() {
        match (key.as_str(), value) {
            ("documents", Value::Array(documents)) => out.extend(
                documents
                    .iter_mut()
                    .filter_map(Value::as_object_mut)
                    .map(|d| (d, "documents")),
            ),
            ("payroll", Value::Object(payroll)) => out.push((payroll, "payroll")),
            _ => {}
        }
    }
    out
}

fn fields_of(block: &str) -> &'static [&'static str] {
    match block {
        "documents" => &["number", "mrz"],
        _ => &["account_number", "iban"],
    }
}

/// A kept body with its sealed numbers opened again, as it was sent, so that
/// another source's fields can be merged into it and the whole scored. A
/// number kept before seals existed has only its hash and is left out; a
/// seal this key cannot open (another link key, or tampered) is an error,
/// so that a merge never quietly drops what links a ring.
pub fn restore(body: &Value, keyer: &Keyer) -> Result<Value, String> {
    let mut body = body.clone();
    for (block, name) in reduced_fields(&mut body) {
        for field in fields_of(name) {
            let Some(Value::Object(kept)) = block.get(*field) else {
                continue;
            };
            let Some(sealed) = kept.get("sealed").and_then(Value::as_str) else {
                block.remove(*field);
                continue;
            };
            let Some(raw) = keyer.open(sealed) else {
                return Err(format!(
                    "a sealed {name} `{field}` does not open with this link key: merge with the key the store was written with"
                ));
            };
            if raw.is_empty() {
                block.remove(*field);
            } else if *field == "mrz" {
                let lines = raw.split('\n').map(|l| Value::String(l.to_owned()));
                block.insert((*field).to_owned(), Value::Array(lines.collect()));
            } else {
                block.insert((*field).to_owned(), Value::String(raw));
            }
        }
    }
    Ok(body)
}

/// A kept body as people and integrations see it: hashes and masks, no seals.
pub fn unsealed_view(body: &Value) -> Value {
    let mut body = body.clone();
    for (block, name) in reduced_fields(&mut body) {
        for field in fields_of(name) {
            if let Some(Value::Object(kept)) = block.get_mut(*field) {
                kept.remove("sealed");
            }
        }
    }
    body
}

fn reduce_field(object: &mut Map<String, Value>, field: &str, keyer: &Keyer, kind: &str) {
    if let Some(Value::String(raw)) = object.get(field) {
        let value = reduced(keyer, kind, raw);
        object.insert(field.to_owned(), value);
    }
}

/// The application body as the store keeps it.
pub fn reduce(body: &Value, keyer: &Keyer) -> Value {
    let mut body = body.clone();
    if let Some(documents) = body.get_mut("documents").and_then(Value::as_array_mut) {
        for document in documents.iter_mut().filter_map(Value::as_object_mut) {
            let kind = document
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("document")
                .to_owned();
            reduce_field(document, "number", keyer, &kind);
            // The zone repeats the number and the date of birth: only its hash
            // and seal are kept (an empty zone stays as it was sent).
            let joined = document
                .get("mrz")
                .and_then(Value::as_array)
                .map(|lines| {
                    lines
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .filter(|joined| !joined.is_empty());
            if let Some(joined) = joined {
                document.insert(
                    "mrz".to_owned(),
                    json!({ "hash": hex(&keyer.hash("mrz", &joined)), "sealed": keyer.seal(&joined) }),
                );
            }
        }
    }
    if let Some(payroll) = body.get_mut("payroll").and_then(Value::as_object_mut) {
        reduce_field(payroll, "account_number", keyer, "account");
        reduce_field(payroll, "iban", keyer, "iban");
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_raw_number_survives_and_the_same_number_gives_the_same_hash() {
        let keyer = Keyer::demo();
        let body = json!({
            "application_id": "a1",
            "documents": [
                { "kind": "ssn", "number": "078-05-1120" },
                { "kind": "passport", "number": "X12345678",
                  "mrz": ["P<USAMILLER<<JORDAN<<<<<<<<<<<<<<<<<<<<<<<<<<", "X123456785USA9107142M3101012<<<<<<<<<<<<<<00"] }
            ],
            "payroll": { "account_number": "000123456789", "iban": "GB82 WEST 1234 5698 7654 32", "routing_number": "121000358" }
        });
        let kept = reduce(&body, &keyer);
        let text = kept.to_string();
        for raw in [
            "078-05-1120",
            "078051120",
            "X12345678",
            "000123456789",
            "GB82",
            "9107142",
        ] {
            assert!(!text.contains(raw), "{raw} in {text}");
        }
        assert_eq!(kept["payroll"]["routing_number"], "121000358");
        let again = reduce(
            &json!({ "documents": [{ "kind": "ssn", "number": "078 05 1120" }] }),
            &keyer,
        );
        assert_eq!(
            again["documents"][0]["number"]["hash"],
            kept["documents"][0]["number"]["hash"]
        );
        // The kept body opens back to what was sent; the view shows no seal.
        assert_eq!(restore(&kept, &keyer).expect("opens"), body);
        let shown = unsealed_view(&kept).to_string();
        assert!(!shown.contains("sealed"), "{shown}");
        assert_eq!(
            unsealed_view(&kept)["documents"][0]["number"]["hash"],
            kept["documents"][0]["number"]["hash"]
        );
        // Under another key a seal is an error, never a quietly dropped number.
        let other = Keyer::new(b"another key of 16+ bytes").expect("key");
        assert!(restore(&kept, &other).is_err());
        // Kept before seals existed: the number is left out, the rest stays.
        let before = unsealed_view(&kept);
        let opened = restore(&before, &keyer).expect("no seal to open");
        assert!(opened["documents"][0].get("number").is_none(), "{opened}");
        assert_eq!(opened["payroll"]["routing_number"], "121000358");
        // An empty zone is not a zone: it stays empty and is not sealed.
        let empty = reduce(
            &json!({ "documents": [{ "kind": "passport", "mrz": [] }] }),
            &keyer,
        );
        assert_eq!(empty["documents"][0]["mrz"], json!([]));
    }
}
