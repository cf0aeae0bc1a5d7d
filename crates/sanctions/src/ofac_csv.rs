//! OFAC's legacy CSV files: `sdn.csv` (one line a party, details packed into
//! the remarks), `alt.csv` (aliases) and `add.csv` (addresses). Latin-1, no
//! header, `-0-` for an empty field, a 0x1A byte at the end.

use crate::party::{
    push_unique, BirthDate, CurrencyAddress, Identifier, NameQuality, Party, PartyKind, PartyName,
    SanctionsList,
};
use rustc_hash::FxHashMap;
use std::io::Read;

/// A line that could not be read: 1-based line number and reason.
pub type CsvProblem = (u64, String);

/// Decode Latin-1 (each byte is the code point of the same value).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn reader(input: impl Read) -> csv::Reader<impl Read> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// A field, or `None` for OFAC's `-0-` and for blanks.
fn field(record: &csv::ByteRecord, i: usize) -> Option<String> {
    let value = latin1(record.get(i)?);
    let value = value.trim().trim_end_matches('\u{1a}').trim();
    (value != "-0-" && !value.is_empty()).then(|| value.to_owned())
}

/// Each readable record with its line; a record too short to be one is
/// reported and skipped (the list goes on).
fn records(
    input: &[u8],
    min_fields: usize,
    problems: &mut Vec<CsvProblem>,
) -> Vec<(u64, csv::ByteRecord)> {
    // Lines counted from the byte offset: the file's own numbering, whatever
    // the reader's counting of CRLF and quoted breaks.
    let line_at = |byte: u64| {
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(input.len());
        // A record's offset can point at the line break before it (CRLF).
        while end < input.len() && matches!(input[end], b'\r' | b'\n') {
            end += 1;
        }
        1 + input[..end].iter().filter(|&&b| b == b'\n').count() as u64
    };
    let mut out = Vec::new();
    for record in reader(input).byte_records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                // The end-of-file marker sits alone on the last line.
                if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii() == b"\x1a") {
                    continue;
                }
                if record.len() < min_fields {
                    problems.push((
                        line,
                        format!("{} fields, expected {min_fields}", record.len()),
                    ));
                    continue;
                }
                out.push((line, record));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                problems.push((line, e.to_string()));
            }
        }
    }
    out
}

/// Read `sdn.csv`, and `alt.csv` and `add.csv` when given. Lines that cannot
/// be read are returned as problems; the rest of the list is kept.
pub fn read(
    sdn: &[u8],
    alt: Option<&[u8]>,
    add: Option<&[u8]>,
    source: &str,
) -> (SanctionsList, Vec<CsvProblem>) {
    let mut problems = Vec::new();
    let mut parties = Vec::new();
    let mut by_uid: FxHashMap<String, usize> = FxHashMap::default();
    for (line, record) in records(sdn, 12, &mut problems) {
        let (Some(uid), Some(name)) = (field(&record, 0), field(&record, 1)) else {
            problems.push((line, "no entity number or name".into()));
            continue;
        };
        let kind = match field(&record, 2).as_deref() {
            Some("individual") => PartyKind::Person,
            Some("vessel") => PartyKind::Vessel,
            Some("aircraft") => PartyKind::Aircraft,
            _ => PartyKind::Entity,
        };
        let mut party = Party::new(uid.clone(), kind);
        party.names.push(PartyName {
            name: ofac_name(&name, kind),
            quality: NameQuality::Primary,
        });
        for program in field(&record, 3).unwrap_or_default().split("] [") {
            push_unique(&mut party.programs, program.trim_matches(['[', ']', ' ']));
        }
        if let Some(remarks) = field(&record, 11) {
            read_remarks(&remarks, &mut party);
        }
        by_uid.insert(uid, parties.len());
        parties.push(party);
    }
    if let Some(alt) = alt {
        for (line, record) in records(alt, 4, &mut problems) {
            let (Some(uid), Some(name)) = (field(&record, 0), field(&record, 3)) else {
                problems.push((line, "no entity number or alias".into()));
                continue;
            };
            let Some(party) = by_uid.get(&uid).map(|&i| &mut parties[i]) else {
                continue;
            };
            let name = ofac_name(&name, party.kind);
            if !party.names.iter().any(|n| n.name == name) {
                party.names.push(PartyName {
                    name,
                    quality: NameQuality::Strong,
                });
            }
        }
    }
    if let Some(add) = add {
        for (line, record) in records(add, 5, &mut problems) {
            let Some(uid) = field(&record, 0) else {
                problems.push((line, "no entity number".into()));
                continue;
            };
            let Some(party) = by_uid.get(&uid).map(|&i| &mut parties[i]) else {
                continue;
            };
            let parts: Vec<String> = (2..=4).filter_map(|i| field(&record, i)).collect();
            if !parts.is_empty() {
                push_unique(&mut party.addresses, &parts.join(", "));
            }
        }
    }
    let list = SanctionsList {
        list: "OFAC-SDN".to_owned(),
        source: source.to_owned(),
        issued: None,
        parties,
    };
    (list, problems)
}

/// "SONG, Kum Hyok" → "Song Kum Hyok"'s word order as the list gives it
/// (surname first); entity names are kept as written.
fn ofac_name(name: &str, kind: PartyKind) -> String {
    if kind != PartyKind::Person {
        return name.to_owned();
    }
    match name.split_once(", ") {
        Some((surname, given)) => format!("{surname} {given}"),
        None => name.to_owned(),
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// "07 Jan 1930", "Jan 1930", "1930", "circa 1947" → (year, month, day).
fn partial_date(text: &str) -> Option<(u16, Option<u8>, Option<u8>)> {
    let words: Vec<&str> = text
        .trim()
        .trim_start_matches("circa")
        .split_whitespace()
        .collect();
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.to_ascii_lowercase().starts_with(m))
            .and_then(|i| u8::try_from(i + 1).ok())
    };
    match words.as_slice() {
        [y] => Some((y.parse().ok()?, None, None)),
        [m, y] => Some((y.parse().ok()?, Some(month(m)?), None)),
        [d, m, y] => Some((y.parse().ok()?, Some(month(m)?), Some(d.parse().ok()?))),
        _ => None,
    }
}

fn birth_date(text: &str) -> Option<BirthDate> {
    let (from, to) = match text.split_once(" to ") {
        Some((a, b)) => (partial_date(a)?, partial_date(b)?),
        None => {
            let date = partial_date(text)?;
            (date, date)
        }
    };
    Some(BirthDate::span(from, to))
}

/// The details sdn.csv packs into its remarks: "DOB 07 Jan 1930; nationality
/// Korea, North; Passport 563410081; Email Address …; Digital Currency Address - XBT …".
fn read_remarks(remarks: &str, party: &mut Party) {
    for item in remarks.trim_end_matches('.').split("; ") {
        let item = item.trim().trim_start_matches("alt. ");
        if let Some(date) = item.strip_prefix("DOB ") {
            party.birth_dates.extend(birth_date(date));
        } else if let Some(country) = item
            .strip_prefix("nationality ")
            .or_else(|| item.strip_prefix("citizen "))
        {
            push_unique(&mut party.nationalities, country);
        } else if let Some(email) = item.strip_prefix("Email Address ") {
            push_unique(&mut party.emails, email);
        } else if let Some(rest) = item.strip_prefix("Digital Currency Address - ") {
            if let Some((currency, address)) = rest.split_once(' ') {
                party.wallets.push(CurrencyAddress {
                    currency: currency.to_owned(),
                    address: address.trim().to_owned(),
                });
            }
        } else if let Some(alias) = item.strip_prefix("a.k.a. ") {
            let alias = alias.trim_matches(['\'', '"', ' ']);
            if !alias.is_empty() {
                party.names.push(PartyName {
                    name: alias.to_owned(),
                    quality: NameQuality::Weak,
                });
            }
        } else {
            read_document(item, party);
        }
    }
}

/// "Passport 563410081 (Korea, North)", "National ID No. 123 (China) issued …".
fn read_document(item: &str, party: &mut Party) {
    const KINDS: [&str; 6] = [
        "Passport",
        "National ID No.",
        "SSN",
        "Cedula No.",
        "Driver's License No.",
        "Identification Number",
    ];
    let Some(kind) = KINDS.iter().find(|k| item.starts_with(*k)) else {
        return;
    };
    let rest = item[kind.len()..].trim();
    let number = rest.split(" (").next().unwrap_or(rest).trim();
    if number.is_empty() {
        return;
    }
    let country = rest
        .split_once(" (")
        .and_then(|(_, c)| c.split_once(')'))
        .map(|(c, _)| c.to_owned());
    party.identifiers.push(Identifier {
        kind: (*kind).to_owned(),
        number: number.to_owned(),
        country,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_give_dates_documents_and_wallets() {
        let mut party = Party::new("1", PartyKind::Person);
        read_remarks(
            "DOB 07 Jan 1930; alt. DOB circa 1946; DOB 1960 to 1962; nationality Korea, North; \
             Passport 563410081 (Korea, North); Email Address x@example.com; \
             Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; a.k.a. 'ABU TEST'.",
            &mut party,
        );
        let dates: Vec<String> = party.birth_dates.iter().map(BirthDate::describe).collect();
        assert_eq!(dates, ["1930-01-07", "1946", "1960 to 1962"]);
        assert_eq!(party.nationalities, ["Korea, North"]);
        assert_eq!(party.identifiers[0].number, "563410081");
        assert_eq!(
            party.identifiers[0].country.as_deref(),
            Some("Korea, North")
        );
        assert_eq!(party.emails, ["x@example.com"]);
        assert_eq!(party.wallets[0].currency, "XBT");
        assert_eq!(party.names[0].name, "ABU TEST");
        assert_eq!(party.names[0].quality, NameQuality::Weak);
    }
}
