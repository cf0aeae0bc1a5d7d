//! Known mail-forwarding and virtual-mailbox addresses, and the phrasing that
//! gives a forwarding address away ("PMB 123", "Private Mailbox", a reshipper's name).

use crate::normal::{normalize, NormalAddress};
use bonafide_model::{Address, Checked};
use regex::{Regex, RegexSet};
use std::collections::HashMap;
use std::io::Read;

/// An error reading a forwarding list or compiling a pattern.
#[derive(Debug, thiserror::Error)]
pub enum ForwardingError {
    /// The CSV could not be read.
    #[error("{file}: {message}")]
    Csv {
        /// The list's name.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A pattern is not a valid regular expression.
    #[error("pattern `{id}`: {message}")]
    Pattern {
        /// The pattern's id.
        id: String,
        /// What the regex crate says.
        message: String,
    },
}

/// Addresses of mail-forwarding and virtual-mailbox services, by building.
#[derive(Debug, Default, Clone)]
pub struct ForwardingList {
    /// Building key → the list it came from.
    buildings: HashMap<String, usize>,
    /// (list name, addresses read).
    files: Vec<(String, usize)>,
}

impl ForwardingList {
    /// Add a CSV list. Columns are found by header: `street` or `line1`, `city`,
    /// `state` or `region`, `zip` or `postal_code`, optional `country` (US when absent).
    /// Returns how many addresses were read.
    pub fn add_csv(&mut self, name: &str, reader: impl Read) -> Result<usize, ForwardingError> {
        let error = |message: String| ForwardingError::Csv {
            file: name.to_owned(),
            message,
        };
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let headers = csv.headers().map_err(|e| error(e.to_string()))?.clone();
        let column = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
        };
        let street = column(&["street", "line1", "address"])
            .ok_or_else(|| error("no `street` or `line1` column".to_owned()))?;
        let (city, region, postal, country) = (
            column(&["city"]),
            column(&["state", "region"]),
            column(&["zip", "postal_code", "postcode"]),
            column(&["country"]),
        );
        let list = self.files.len();
        let mut count = 0;
        for (line, record) in csv.records().enumerate() {
            let record = record.map_err(|e| error(format!("line {}: {e}", line + 2)))?;
            let field = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            let address = Address {
                line1: field(Some(street)),
                line2: None,
                city: field(city),
                region: field(region),
                postal_code: field(postal),
                country: Some(Checked::parse(field(country).as_deref().unwrap_or("US"))),
            };
            if let Some(normal) = normalize(&address) {
                for key in normal.building_keys() {
                    self.buildings.entry(key.clone()).or_insert(list);
                }
                count += 1;
            }
        }
        self.files.push((name.to_owned(), count));
        Ok(count)
    }

    /// The list naming the building of `address`, if any.
    pub fn matching(&self, address: &NormalAddress) -> Option<&str> {
        address
            .building_keys()
            .iter()
            .find_map(|k| self.buildings.get(k))
            .and_then(|list| self.files.get(*list))
            .map(|(name, _)| name.as_str())
    }

    /// Every list read: (name, addresses).
    pub fn files(&self) -> &[(String, usize)] {
        &self.files
    }

    /// Whether no list was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Patterns on the text of an address line or recipient that mark forwarding.
#[derive(Debug, Clone)]
pub struct ForwardingPatterns {
    set: RegexSet,
    ids: Vec<String>,
}

impl Default for ForwardingPatterns {
    fn default() -> Self {
        ForwardingPatterns {
            set: RegexSet::empty(),
            ids: Vec::new(),
        }
    }
}

/// Longest text a pattern is run on: addresses are short.
const MAX_TEXT: usize = 512;

impl ForwardingPatterns {
    /// Compile (id, regex) pairs; matching ignores case.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<ForwardingPatterns, ForwardingError> {
        let mut ids = Vec::new();
        let mut sources = Vec::new();
        for (id, pattern) in patterns {
            let source = format!("(?i){pattern}");
            Regex::new(&source).map_err(|e| ForwardingError::Pattern {
                id: id.to_owned(),
                message: e.to_string(),
            })?;
            ids.push(id.to_owned());
            sources.push(source);
        }
        let set = RegexSet::new(&sources).map_err(|e| ForwardingError::Pattern {
            id: "(set)".to_owned(),
            message: e.to_string(),
        })?;
        Ok(ForwardingPatterns { set, ids })
    }

    /// The ids of the patterns that match `text` (its first 512 bytes).
    pub fn matches(&self, text: &str) -> Vec<&str> {
        let mut end = text.len().min(MAX_TEXT);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        self.set
            .matches(&text[..end])
            .into_iter()
            .filter_map(|i| self.ids.get(i).map(String::as_str))
            .collect()
    }

    /// How many patterns there are.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_building_matches_whatever_the_box_number() {
        let csv = "name,street,city,state,zip\nDowntown,1630 S Princeton Ave Unit #MAILBOX,Arlington Heights,IL,60005\n";
        let mut list = ForwardingList::default();
        assert_eq!(list.add_csv("atmb.csv", csv.as_bytes()).ok(), Some(1));
        let shipped = Address {
            line1: Some("1630 South Princeton Avenue".into()),
            line2: Some("Unit 4471".into()),
            city: Some("Arlington Heights".into()),
            region: Some("IL".into()),
            postal_code: Some("60005".into()),
            country: None,
        };
        let normal = normalize(&shipped).expect("street");
        assert_eq!(list.matching(&normal), Some("atmb.csv"));
        let elsewhere = Address {
            line1: Some("1632 S Princeton Ave".into()),
            ..shipped
        };
        assert_eq!(list.matching(&normalize(&elsewhere).expect("street")), None);
    }

    #[test]
    fn a_list_without_a_street_column_is_refused_by_name() {
        let mut list = ForwardingList::default();
        let err = list
            .add_csv("bad.csv", "a,b\n1,2\n".as_bytes())
            .expect_err("no street column");
        assert!(err.to_string().contains("bad.csv"), "{err}");
    }

    #[test]
    fn patterns_match_case_blind_and_bad_ones_are_named() {
        let patterns = ForwardingPatterns::new([
            ("pmb", r"\bPMB\b"),
            ("private_mailbox", r"private\s+mail\s*box"),
        ])
        .expect("valid");
        assert_eq!(patterns.matches("123 Main St pmb 55"), vec!["pmb"]);
        assert_eq!(
            patterns.matches("Private Mailbox 9"),
            vec!["private_mailbox"]
        );
        assert!(patterns.matches("12 Pembroke Rd").is_empty());
        let err = ForwardingPatterns::new([("broken", "(")]).expect_err("invalid");
        assert!(err.to_string().contains("broken"));
    }
}
