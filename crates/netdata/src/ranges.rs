//! Address ranges with a value each, searched by binary search: the shape of
//! every CSV or TSV IP table (ASN tables, IP2Location, iptoasn).

use crate::source::DataFile;
use crate::LoadError;
use std::net::IpAddr;

/// One row of a range table: its line, its fields, and its range when the
/// first two fields read as one.
pub(crate) struct Row<'a> {
    pub(crate) line: usize,
    pub(crate) record: &'a csv::StringRecord,
    pub(crate) range: Option<(IpAddr, IpAddr)>,
}

impl Row<'_> {
    /// A field, trimmed (empty when absent).
    pub(crate) fn field(&self, i: usize) -> &str {
        self.record.get(i).map(str::trim).unwrap_or("")
    }

    /// The row as written, shortened, for an error.
    pub(crate) fn shown(&self) -> String {
        crate::asn::truncate(&self.record.iter().collect::<Vec<_>>().join(","))
    }
}

/// Call `each` on every row of a CSV or TSV range table; an error it returns is
/// reported with the file and line.
pub(crate) fn for_each_row(
    file: &DataFile,
    delimiter: u8,
    mut each: impl FnMut(Row<'_>) -> Result<(), String>,
) -> Result<(), LoadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(file.bytes.as_slice());
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let bad = |reason: String| LoadError::Line {
            path: file.path.clone(),
            line,
            reason,
        };
        let record = record.map_err(|e| bad(e.to_string()))?;
        let range = parse_range(
            record.get(0).unwrap_or_default(),
            record.get(1).unwrap_or_default(),
        );
        each(Row {
            line,
            record: &record,
            range,
        })
        .map_err(bad)?;
    }
    Ok(())
}

/// Sorted, non-overlapping ranges of IPv4 and IPv6 addresses.
#[derive(Debug)]
pub(crate) struct RangeIndex<V> {
    v4: Vec<(u32, u32, V)>,
    v6: Vec<(u128, u128, V)>,
    /// The ranges' starts alone: a binary search touches a fraction of the memory.
    v4_starts: Vec<u32>,
    v6_starts: Vec<u128>,
}

impl<V> Default for RangeIndex<V> {
    fn default() -> Self {
        RangeIndex {
            v4: Vec::new(),
            v6: Vec::new(),
            v4_starts: Vec::new(),
            v6_starts: Vec::new(),
        }
    }
}

impl<V> RangeIndex<V> {
    /// Add a range; an error when its ends are of different families or out of order.
    pub(crate) fn push(&mut self, start: IpAddr, end: IpAddr, value: V) -> Result<(), String> {
        match (start, end) {
            (IpAddr::V4(s), IpAddr::V4(e)) if u32::from(s) <= u32::from(e) => {
                self.v4.push((s.into(), e.into(), value));
            }
            (IpAddr::V6(s), IpAddr::V6(e)) if u128::from(s) <= u128::from(e) => {
                self.v6.push((s.into(), e.into(), value));
            }
            _ => return Err("start and end are of different families or out of order".to_owned()),
        }
        Ok(())
    }

    /// Sort what was added; call after the last [`RangeIndex::push`] of a file.
    pub(crate) fn finish(&mut self) {
        self.v4.sort_unstable_by_key(|r| r.0);
        self.v6.sort_unstable_by_key(|r| r.0);
        self.v4_starts = self.v4.iter().map(|r| r.0).collect();
        self.v6_starts = self.v6.iter().map(|r| r.0).collect();
    }

    /// The value of the range holding `ip`.
    pub(crate) fn get(&self, ip: IpAddr) -> Option<&V> {
        match ip {
            IpAddr::V4(v4) => find(&self.v4_starts, &self.v4, u32::from(v4)),
            IpAddr::V6(v6) => find(&self.v6_starts, &self.v6, u128::from(v6)),
        }
    }

    /// Number of ranges.
    pub(crate) fn len(&self) -> usize {
        self.v4.len() + self.v6.len()
    }
}

fn find<'a, T: Ord + Copy, V>(starts: &[T], ranges: &'a [(T, T, V)], ip: T) -> Option<&'a V> {
    let after = starts.partition_point(|start| *start <= ip);
    let (_, end, value) = ranges.get(after.checked_sub(1)?)?;
    (ip <= *end).then_some(value)
}

/// The ends of a range written as addresses ("1.0.0.0") or as integers
/// ("16777216", IP2Location's and iptoasn's u32 files). Integer IPv6 ranges
/// inside ::ffff:0:0/96 are IPv4 (IP2Location's IPv6 files hold IPv4 that way),
/// as are written IPv4-mapped addresses.
pub(crate) fn parse_range(start: &str, end: &str) -> Option<(IpAddr, IpAddr)> {
    let (start, end) = (start.trim(), end.trim());
    if let (Ok(s), Ok(e)) = (start.parse::<IpAddr>(), end.parse::<IpAddr>()) {
        return Some((unmapped(s), unmapped(e)));
    }
    let (s, e) = (start.parse::<u128>().ok()?, end.parse::<u128>().ok()?);
    const MAPPED: u128 = 0xffff_0000_0000;
    let v4 = |n: u128| IpAddr::V4(std::net::Ipv4Addr::from(n as u32));
    let v6 = |n: u128| IpAddr::V6(std::net::Ipv6Addr::from(n));
    Some(if e <= u128::from(u32::MAX) {
        (v4(s), v4(e))
    } else if s >= MAPPED && e <= MAPPED + u128::from(u32::MAX) {
        (v4(s - MAPPED), v4(e - MAPPED))
    } else {
        (v6(s), v6(e))
    })
}

fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn integer_and_written_ranges_read_alike() {
        assert_eq!(
            parse_range("16777216", "16777471"),
            Some((ip("1.0.0.0"), ip("1.0.0.255")))
        );
        // IP2Location's IPv6 files carry IPv4 as IPv4-mapped integers.
        assert_eq!(
            parse_range("281470698520576", "281470698520831"),
            Some((ip("1.0.0.0"), ip("1.0.0.255")))
        );
        assert_eq!(
            parse_range("::ffff:1.0.0.0", "::ffff:1.0.0.255"),
            Some((ip("1.0.0.0"), ip("1.0.0.255")))
        );
        assert_eq!(
            parse_range(
                "42540528726795050063891204319802818560",
                "42540528806023212578155541913346768895"
            ),
            Some((
                ip("2001:200::"),
                ip("2001:200:ffff:ffff:ffff:ffff:ffff:ffff")
            ))
        );
        assert_eq!(parse_range("ip_from", "ip_to"), None);
    }

    #[test]
    fn lookups_find_the_holding_range_only() {
        let mut index = RangeIndex::default();
        index.push(ip("1.0.0.0"), ip("1.0.0.255"), "a").expect("ok");
        index.push(ip("1.0.2.0"), ip("1.0.3.255"), "b").expect("ok");
        index
            .push(ip("2001:db8::"), ip("2001:db8::ffff"), "c")
            .expect("ok");
        assert!(index.push(ip("1.0.9.0"), ip("1.0.8.0"), "x").is_err());
        index.finish();
        assert_eq!(index.get(ip("1.0.0.7")), Some(&"a"));
        assert_eq!(index.get(ip("1.0.1.7")), None);
        assert_eq!(index.get(ip("1.0.3.255")), Some(&"b"));
        assert_eq!(index.get(ip("2001:db8::1")), Some(&"c"));
        assert_eq!(index.get(ip("0.0.0.1")), None);
        assert_eq!(index.len(), 3);
    }
}
