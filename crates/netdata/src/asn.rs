//! ASN range tables (`start,end,asn,org` CSV, plain or gzip) with binary search.

use crate::facts::AsnInfo;
use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

/// Sorted, non-overlapping address ranges, each with its AS number and organisation.
#[derive(Debug, Default)]
pub struct AsnRanges {
    v4: Vec<Range<u32>>,
    v6: Vec<Range<u128>>,
    /// The ranges' starts alone: a binary search touches a quarter of the memory.
    v4_starts: Vec<u32>,
    v6_starts: Vec<u128>,
    orgs: Vec<Arc<str>>,
    sources: Vec<(Arc<str>, Option<String>)>,
}

#[derive(Debug, Clone, Copy)]
struct Range<T> {
    start: T,
    end: T,
    asn: u32,
    org: u32,
    source: u16,
}

impl AsnRanges {
    /// Add every row of one CSV file (no header; a header line is skipped).
    pub fn add_csv(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        let source = u16::try_from(self.sources.len()).map_err(|_| LoadError::Empty {
            path: file.path.clone(),
            reason: "too many ASN files".to_owned(),
        })?;
        self.sources
            .push((file.name().into(), file.modified.clone()));
        let mut interned: HashMap<String, u32> = self
            .orgs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.to_string(), i as u32))
            .collect();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(file.bytes.as_slice());
        let mut added = 0;
        for (index, record) in reader.records().enumerate() {
            let line = index + 1;
            let bad = |reason: String| LoadError::Line {
                path: file.path.clone(),
                line,
                reason,
            };
            let record = record.map_err(|e| bad(e.to_string()))?;
            let field = |i: usize| record.get(i).map(str::trim).unwrap_or("");
            let (Ok(start), Ok(end)) = (field(0).parse::<IpAddr>(), field(1).parse::<IpAddr>())
            else {
                if line == 1 {
                    continue; // a header line
                }
                return Err(bad(format!(
                    "expected `start,end,asn,org` with IP addresses, got `{}`",
                    truncate(&record.iter().collect::<Vec<_>>().join(","))
                )));
            };
            let asn = field(2)
                .trim_start_matches("AS")
                .parse::<u32>()
                .map_err(|_| {
                    bad(format!(
                        "AS number `{}` is not a number",
                        truncate(field(2))
                    ))
                })?;
            let org_text = field(3);
            let next = interned.len() as u32;
            let org = *interned.entry(org_text.to_owned()).or_insert_with(|| {
                self.orgs.push(org_text.into());
                next
            });
            match (start, end) {
                (IpAddr::V4(s), IpAddr::V4(e)) if u32::from(s) <= u32::from(e) => {
                    self.v4.push(Range {
                        start: s.into(),
                        end: e.into(),
                        asn,
                        org,
                        source,
                    })
                }
                (IpAddr::V6(s), IpAddr::V6(e)) if u128::from(s) <= u128::from(e) => {
                    self.v6.push(Range {
                        start: s.into(),
                        end: e.into(),
                        asn,
                        org,
                        source,
                    })
                }
                _ => {
                    return Err(bad(
                        "start and end are of different families or out of order".to_owned(),
                    ))
                }
            }
            added += 1;
        }
        if added == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no ASN ranges found".to_owned(),
            });
        }
        self.v4.sort_unstable_by_key(|r| r.start);
        self.v6.sort_unstable_by_key(|r| r.start);
        self.v4_starts = self.v4.iter().map(|r| r.start).collect();
        self.v6_starts = self.v6.iter().map(|r| r.start).collect();
        Ok(added)
    }

    /// The files loaded, with their dates.
    pub fn sources(&self) -> &[(Arc<str>, Option<String>)] {
        &self.sources
    }

    /// Number of ranges loaded.
    pub fn len(&self) -> usize {
        self.v4.len() + self.v6.len()
    }

    /// Whether nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The AS an address belongs to.
    pub fn lookup(&self, ip: IpAddr) -> Option<AsnInfo> {
        let range = match ip {
            IpAddr::V4(v4) => {
                find(&self.v4_starts, &self.v4, u32::from(v4)).map(|r| (r.asn, r.org, r.source))
            }
            IpAddr::V6(v6) => {
                find(&self.v6_starts, &self.v6, u128::from(v6)).map(|r| (r.asn, r.org, r.source))
            }
        };
        range.map(|(number, org, source)| AsnInfo {
            number,
            organization: self
                .orgs
                .get(org as usize)
                .filter(|o| !o.is_empty())
                .cloned(),
            source: self
                .sources
                .get(usize::from(source))
                .map_or_else(|| Arc::from(""), |s| Arc::clone(&s.0)),
        })
    }
}

fn find<'a, T: Ord + Copy>(starts: &[T], ranges: &'a [Range<T>], ip: T) -> Option<&'a Range<T>> {
    let after = starts.partition_point(|start| *start <= ip);
    let candidate = ranges.get(after.checked_sub(1)?)?;
    (ip <= candidate.end).then_some(candidate)
}

pub(crate) fn truncate(text: &str) -> String {
    text.chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string()
}
