//! Documents that do not hold together: check digits, fields against the zone,
//! structurally impossible SSNs, expiry, and dates of birth that disagree.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::network::to_evidence;
use bonafide_identity::normalize::{document_number, mixed_script_words, name};
use bonafide_identity::{mask, mrz, ssn};
use bonafide_model::{Document, DocumentKind};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::BTreeSet;

/// Check digits of a machine-readable zone that do not hold.
pub const MRZ_INVALID: SignalDef = SignalDef {
    id: "identity.mrz_invalid",
    doc: "A document's machine-readable zone fails its ICAO 9303 check digits, or is not a zone of any \
          ICAO layout: it was typed or edited by hand.",
    unit: Unit::Count,
    evidence: &["document", "failed_checks"],
    sources: &["ICAO", "MS"],
    compute: Compute::Local(mrz_invalid),
};

/// A zone that contradicts the fields stated for the document.
pub const MRZ_MISMATCH: SignalDef = SignalDef {
    id: "identity.mrz_mismatch",
    doc: "A document's machine-readable zone disagrees with the number, holder name, date of birth or \
          expiry stated for the same document; the value is how many fields disagree.",
    unit: Unit::Count,
    evidence: &["document", "fields"],
    sources: &["ICAO", "A22", "SEAL"],
    compute: Compute::Local(mrz_mismatch),
};

/// An SSN that was never issued.
pub const SSN_INVALID: SignalDef = SignalDef {
    id: "identity.ssn_invalid",
    doc: "A Social Security number has a structure the SSA never issues (area 000, 666 or 900-999, group \
          00, serial 0000) or is a publicised example number.",
    unit: Unit::Flag,
    evidence: &["ssn", "problem"],
    sources: &["SSA", "A24"],
    compute: Compute::Local(ssn_invalid),
};

/// An identity document expired before the application.
pub const DOCUMENT_EXPIRED: SignalDef = SignalDef {
    id: "identity.document_expired",
    doc: "An identity document had expired by the time of the application (measured against the \
          application's own dates, never the clock).",
    unit: Unit::Count,
    evidence: &["document", "expired_on", "as_of"],
    sources: &["A24"],
    compute: Compute::Local(document_expired),
};

/// Dates of birth that disagree.
pub const DOB_INCONSISTENT: SignalDef = SignalDef {
    id: "identity.dob_inconsistent",
    doc: "The candidate's date of birth and those on the documents (fields or machine-readable zones) \
          disagree; the value is the number of distinct dates.",
    unit: Unit::Count,
    evidence: &["sources", "distinct_dates"],
    sources: &["A22", "SEAL"],
    compute: Compute::Local(dob_inconsistent),
};

/// A name that mixes scripts inside a word.
pub const MIXED_SCRIPT_NAME: SignalDef = SignalDef {
    id: "identity.mixed_script_name",
    doc: "A name has a word that mixes writing systems (a Cyrillic letter inside a Latin word, say): \
          the look-alike-letter trick that splits one identity into two for matching. Names written in \
          any single script, or with words in different scripts, do not count.",
    unit: Unit::Count,
    evidence: &["field", "words"],
    sources: &["UTS39"],
    compute: Compute::Local(mixed_script_name),
};

fn kind_of(doc: &Document) -> DocumentKind {
    doc.kind
        .as_ref()
        .and_then(|k| k.get().copied())
        .unwrap_or(DocumentKind::Other)
}

fn parsed_mrz(doc: &Document) -> Option<Option<mrz::Mrz>> {
    (!doc.mrz.is_empty()).then(|| mrz::parse(&doc.mrz))
}

fn mrz_invalid(app: &Enriched<'_>) -> Option<Hit> {
    let mut bad = Vec::new();
    for doc in &app.app.documents {
        match parsed_mrz(doc) {
            Some(None) => bad.push((kind_of(doc), vec!["layout"])),
            Some(Some(zone)) if !zone.failed_checks.is_empty() => {
                bad.push((kind_of(doc), zone.failed_checks))
            }
            _ => {}
        }
    }
    let (kind, failed) = bad.first()?;
    Some(Hit {
        value: bad.len() as f64,
        evidence: to_evidence(vec![
            ("document", json!(kind.as_str().replace('_', " "))),
            ("failed_checks", json!(failed.join(", ").replace('_', " "))),
        ]),
    })
}

fn yymmdd(date: &NaiveDate) -> String {
    date.format("%y%m%d").to_string()
}

fn mrz_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    for doc in &app.app.documents {
        let Some(Some(zone)) = parsed_mrz(doc) else {
            continue;
        };
        let mut fields = Vec::new();
        if let Some(number) = doc.number.as_deref().and_then(document_number) {
            if number != zone.document_number {
                fields.push("document number");
            }
        }
        if let Some(holder) = doc.holder_name.as_deref() {
            let stated: BTreeSet<String> = name(holder).split(' ').map(str::to_owned).collect();
            let printed: BTreeSet<String> =
                name(&zone.names).split(' ').map(str::to_owned).collect();
            // Zones truncate long names: one set holding the other is agreement.
            if !stated.is_subset(&printed) && !printed.is_subset(&stated) {
                fields.push("holder name");
            }
        }
        if let Some(born) = doc.date_of_birth.as_ref().and_then(|d| d.get()) {
            if yymmdd(born) != zone.birth {
                fields.push("date of birth");
            }
        }
        if let Some(expires) = doc.expires_on.as_ref().and_then(|d| d.get()) {
            if yymmdd(expires) != zone.expiry {
                fields.push("expiry");
            }
        }
        if !fields.is_empty() {
            return Some(Hit {
                value: fields.len() as f64,
                evidence: to_evidence(vec![
                    ("document", json!(kind_of(doc).as_str().replace('_', " "))),
                    ("fields", json!(fields.join(", "))),
                ]),
            });
        }
    }
    None
}

fn ssn_invalid(app: &Enriched<'_>) -> Option<Hit> {
    app.app
        .documents
        .iter()
        .filter(|d| kind_of(d) == DocumentKind::Ssn)
        .find_map(|doc| {
            let number = doc.number.as_deref()?;
            let problem = ssn::check(number).err()?;
            Some(Hit {
                value: 1.0,
                evidence: to_evidence(vec![
                    ("ssn", json!(mask(number))),
                    ("problem", json!(problem.describe())),
                ]),
            })
        })
}

/// The application's own latest date: submission or last session.
fn as_of(app: &Enriched<'_>) -> Option<NaiveDate> {
    let submitted = app
        .app
        .submitted_at
        .as_ref()
        .and_then(|t| t.get())
        .map(|t| t.date_naive());
    let sessions = app
        .sessions
        .iter()
        .filter_map(|s| s.at)
        .map(|t| t.date_naive());
    submitted.into_iter().chain(sessions).max()
}

fn document_expired(app: &Enriched<'_>) -> Option<Hit> {
    let as_of = as_of(app)?;
    let identity = [
        DocumentKind::Passport,
        DocumentKind::DriversLicense,
        DocumentKind::NationalId,
    ];
    let expired: Vec<(DocumentKind, NaiveDate)> = app
        .app
        .documents
        .iter()
        .filter(|d| identity.contains(&kind_of(d)))
        .filter_map(|d| Some((kind_of(d), *d.expires_on.as_ref()?.get()?)))
        .filter(|(_, date)| *date < as_of)
        .collect();
    let (kind, date) = expired.first()?;
    Some(Hit {
        value: expired.len() as f64,
        evidence: to_evidence(vec![
            ("document", json!(kind.as_str().replace('_', " "))),
            ("expired_on", json!(date.to_string())),
            ("as_of", json!(as_of.to_string())),
        ]),
    })
}

fn dob_inconsistent(app: &Enriched<'_>) -> Option<Hit> {
    // Compare as YYMMDD, the precision of a zone.
    let mut dates: Vec<(String, String)> = Vec::new();
    if let Some(born) = app
        .app
        .candidate
        .as_ref()
        .and_then(|c| c.date_of_birth.as_ref())
        .and_then(|d| d.get())
    {
        dates.push(("application".to_owned(), yymmdd(born)));
    }
    for doc in &app.app.documents {
        let kind = kind_of(doc).as_str().replace('_', " ");
        if let Some(born) = doc.date_of_birth.as_ref().and_then(|d| d.get()) {
            dates.push((kind.clone(), yymmdd(born)));
        }
        if let Some(Some(zone)) = parsed_mrz(doc) {
            if zone.failed_checks.is_empty() {
                dates.push((format!("{kind} zone"), zone.birth));
            }
        }
    }
    let distinct: BTreeSet<&str> = dates.iter().map(|(_, d)| d.as_str()).collect();
    if distinct.len() < 2 {
        return None;
    }
    let sources: Vec<&str> = dates.iter().map(|(s, _)| s.as_str()).collect();
    Some(Hit {
        value: distinct.len() as f64,
        evidence: to_evidence(vec![
            ("sources", json!(sources.join(", "))),
            ("distinct_dates", json!(distinct.len())),
        ]),
    })
}

fn mixed_script_name(app: &Enriched<'_>) -> Option<Hit> {
    let candidate = app
        .app
        .candidate
        .as_ref()
        .and_then(|c| c.full_name.as_deref())
        .map(|n| ("candidate name", n));
    let holders = app
        .app
        .documents
        .iter()
        .filter_map(|d| d.holder_name.as_deref())
        .map(|n| ("document holder name", n));
    let found: Vec<(&str, Vec<String>)> = candidate
        .into_iter()
        .chain(holders)
        .map(|(field, n)| (field, mixed_script_words(n)))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    let (field, words) = found.first()?;
    Some(Hit {
        value: found.iter().map(|(_, w)| w.len()).sum::<usize>() as f64,
        evidence: to_evidence(vec![
            ("field", json!(field)),
            // Escaped so the look-alike letters are visible as what they are.
            (
                "words",
                json!(words
                    .iter()
                    .map(|w| describe(w))
                    .collect::<Vec<_>>()
                    .join(", ")),
            ),
        ]),
    })
}

/// A word with each non-ASCII letter named by its code point: `Jord[U+0430]n`.
fn describe(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("[U+{:04X}]", u32::from(c))
            }
        })
        .collect()
}
