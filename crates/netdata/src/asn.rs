//! ASN range tables, plain or gzip, in the three common layouts:
//! ip-location-db's `start,end,asn,org` CSV, iptoasn's
//! `start<TAB>end<TAB>asn<TAB>country<TAB>description` TSV (addresses or
//! integers), and IP2Location LITE ASN's `"from","to","cidr","asn","as"` CSV.

use crate::facts::AsnInfo;
use crate::ranges::{for_each_row, RangeIndex};
use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

/// Sorted address ranges, each with its AS number and organisation; one index
/// per file, since two sources' ranges overlap: the first file that holds an
/// address answers.
#[derive(Debug, Default)]
pub struct AsnRanges {
    files: Vec<RangeIndex<AsRange>>,
    orgs: Vec<Arc<str>>,
    sources: Vec<(Arc<str>, Option<String>)>,
}

#[derive(Debug, Clone, Copy)]
struct AsRange {
    asn: u32,
    org: u32,
    source: u16,
}

/// Which columns hold the AS number and its organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsnLayout {
    /// `start,end,asn,org` (ip-location-db).
    StartEndAsnOrg,
    /// `start end asn country description`, tab-separated (iptoasn).
    IpToAsn,
    /// `from,to,cidr,asn,as` (IP2Location LITE ASN).
    Ip2Location,
}

impl AsnLayout {
    /// The AS number's and the organisation's columns.
    fn columns(self) -> (usize, usize) {
        match self {
            AsnLayout::StartEndAsnOrg => (2, 3),
            AsnLayout::IpToAsn => (2, 4),
            AsnLayout::Ip2Location => (3, 4),
        }
    }
}

impl AsnRanges {
    /// Add every row of one ASN table (a header line is skipped). Rows whose AS
    /// is unknown (`-`, or iptoasn's 0 for "not routed") are left out.
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
        let tabs = file.bytes.iter().take(4096).any(|b| *b == b'\t');
        let mut ranges = RangeIndex::default();
        let mut layout = None;
        let mut added = 0;
        for_each_row(file, if tabs { b'\t' } else { b',' }, |row| {
            let Some((start, end)) = row.range else {
                if row.line == 1 {
                    return Ok(()); // a header line
                }
                return Err(format!(
                    "expected an ASN table row (`start,end,asn,org`, iptoasn's TSV or \
                     IP2Location's ASN CSV), got `{}`",
                    row.shown()
                ));
            };
            let layout = *layout.get_or_insert(if tabs {
                AsnLayout::IpToAsn
            } else if row.field(2).contains('/') {
                AsnLayout::Ip2Location
            } else {
                AsnLayout::StartEndAsnOrg
            });
            if layout == AsnLayout::StartEndAsnOrg && row.record.len() > 4 {
                return Err(format!(
                    "{} columns: this looks like a location table, not an ASN table \
                     (list IP2Location's location CSV under [geoip] databases)",
                    row.record.len()
                ));
            }
            let (asn_column, org_column) = layout.columns();
            let asn_text = row.field(asn_column);
            if asn_text == "-" || asn_text.is_empty() {
                return Ok(());
            }
            let asn = asn_text
                .trim_start_matches("AS")
                .parse::<u32>()
                .map_err(|_| format!("AS number `{}` is not a number", truncate(asn_text)))?;
            if asn == 0 {
                return Ok(()); // iptoasn's "Not routed"
            }
            let org_text = row.field(org_column);
            let next = interned.len() as u32;
            let org = *interned.entry(org_text.to_owned()).or_insert_with(|| {
                self.orgs.push(org_text.into());
                next
            });
            ranges.push(start, end, AsRange { asn, org, source })?;
            added += 1;
            Ok(())
        })?;
        if added == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no ASN ranges found".to_owned(),
            });
        }
        ranges.finish();
        self.files.push(ranges);
        Ok(added)
    }

    /// The files loaded, with their dates.
    pub fn sources(&self) -> &[(Arc<str>, Option<String>)] {
        &self.sources
    }

    /// Number of ranges loaded.
    pub fn len(&self) -> usize {
        self.files.iter().map(RangeIndex::len).sum()
    }

    /// Whether nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The AS an address belongs to.
    pub fn lookup(&self, ip: IpAddr) -> Option<AsnInfo> {
        let range = self.files.iter().find_map(|f| f.get(ip))?;
        Some(AsnInfo {
            number: range.asn,
            organization: self
                .orgs
                .get(range.org as usize)
                .filter(|o| !o.is_empty())
                .cloned(),
            source: self
                .sources
                .get(usize::from(range.source))
                .map_or_else(|| Arc::from(""), |s| Arc::clone(&s.0)),
        })
    }
}

pub(crate) fn truncate(text: &str) -> String {
    text.chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<AsnRanges, LoadError> {
        let mut ranges = AsnRanges::default();
        ranges.add_csv(&DataFile::bundled("t.csv", text.as_bytes())?)?;
        Ok(ranges)
    }

    fn asn_of(ranges: &AsnRanges, ip: &str) -> Option<(u32, Option<String>)> {
        ranges
            .lookup(ip.parse().expect("ip"))
            .map(|a| (a.number, a.organization.map(|o| o.to_string())))
    }

    #[test]
    fn iptoasn_tsv_in_addresses_and_integers() {
        // iptoasn's published layout: range_start, range_end, AS_number, country_code, AS_description.
        let written = table(
            "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n\
             1.0.1.0\t1.0.3.255\t0\tNone\tNot routed\n\
             2001:200::\t2001:200:ffff:ffff:ffff:ffff:ffff:ffff\t2500\tJP\tWIDE-BB WIDE Project\n",
        )
        .expect("loads");
        assert_eq!(
            asn_of(&written, "1.0.0.1"),
            Some((13335, Some("CLOUDFLARENET".into())))
        );
        assert_eq!(asn_of(&written, "1.0.2.1"), None, "not routed is no AS");
        assert_eq!(asn_of(&written, "2001:200::1").map(|a| a.0), Some(2500));
        let integers = table("16777216\t16777471\t13335\tUS\tCLOUDFLARENET\n").expect("loads");
        assert_eq!(asn_of(&integers, "1.0.0.200").map(|a| a.0), Some(13335));
    }

    #[test]
    fn overlapping_tables_each_answer_for_their_own_ranges() {
        let mut ranges = AsnRanges::default();
        let wide = "1.0.0.0,1.0.255.255,100,Wide\n";
        let narrow = "1.0.0.0\t1.0.0.255\t200\tUS\tNarrow\n1.0.9.0\t1.0.9.255\t300\tUS\tOther\n";
        for (name, text) in [("wide.csv", wide), ("narrow.tsv", narrow)] {
            ranges
                .add_csv(&DataFile::bundled(name, text.as_bytes()).expect("bytes"))
                .expect("loads");
        }
        assert_eq!(
            asn_of(&ranges, "1.0.0.5").map(|a| a.0),
            Some(100),
            "the first file answers"
        );
        assert_eq!(asn_of(&ranges, "1.0.200.5").map(|a| a.0), Some(100));
        let mut reversed = AsnRanges::default();
        for (name, text) in [("narrow.tsv", narrow), ("wide.csv", wide)] {
            reversed
                .add_csv(&DataFile::bundled(name, text.as_bytes()).expect("bytes"))
                .expect("loads");
        }
        assert_eq!(asn_of(&reversed, "1.0.0.5").map(|a| a.0), Some(200));
        assert_eq!(
            asn_of(&reversed, "1.0.200.5").map(|a| a.0),
            Some(100),
            "not lost to the other file"
        );
    }

    #[test]
    fn ip2location_asn_csv() {
        // IP2Location LITE ASN: ip_from, ip_to, cidr, asn, as (quoted, `-` where unknown).
        let ranges = table(
            "\"0\",\"16777215\",\"0.0.0.0/8\",\"-\",\"-\"\n\
             \"16777216\",\"16777471\",\"1.0.0.0/24\",\"13335\",\"CloudFlare Inc\"\n",
        )
        .expect("loads");
        assert_eq!(
            asn_of(&ranges, "1.0.0.9"),
            Some((13335, Some("CloudFlare Inc".into())))
        );
        assert_eq!(asn_of(&ranges, "0.1.0.9"), None);
    }

    #[test]
    fn a_location_table_is_refused_as_an_asn_table() {
        let error = table(
            "\"16777216\",\"16777471\",\"US\",\"United States of America\",\"California\",\"Los Angeles\"\n",
        )
        .expect_err("a location table is not an ASN table");
        assert!(error.to_string().contains("location table"), "{error}");
    }
}
