//! NANPA's area-code (NPA) report: which North American area codes are in
//! service, geographic or not, toll-free or premium, and in which country.

use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashMap;

/// What an area code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpaUse {
    /// Serves a place.
    Geographic,
    /// Toll-free (800, 833, 844, …).
    TollFree,
    /// Premium rate (900).
    Premium,
    /// Any other non-geographic service (500s personal communications, 600s Canadian services…).
    NonGeographic,
}

/// One area code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Npa {
    /// What it is.
    pub usage: NpaUse,
    /// ISO country of a geographic code.
    pub country: Option<[u8; 2]>,
}

/// Area codes in service.
#[derive(Debug, Default)]
pub struct NpaTable {
    codes: HashMap<u16, Npa>,
    source: Option<(String, String)>,
}

/// NANP members as the report names them.
const COUNTRIES: &[(&str, &str)] = &[
    ("US", "US"),
    ("CANADA", "CA"),
    ("BAHAMAS", "BS"),
    ("BARBADOS", "BB"),
    ("ANGUILLA", "AI"),
    ("ANTIGUA/BARBUDA", "AG"),
    ("ANTIGUA & BARBUDA", "AG"),
    ("BRITISH VIRGIN ISLANDS", "VG"),
    ("CAYMAN ISLANDS", "KY"),
    ("BERMUDA", "BM"),
    ("GRENADA", "GD"),
    ("TURKS & CAICOS ISLANDS", "TC"),
    ("MONTSERRAT", "MS"),
    ("SINT MAARTEN", "SX"),
    ("ST.LUCIA", "LC"),
    ("ST. LUCIA", "LC"),
    ("DOMINICA", "DM"),
    ("ST. VINCENT & GRENADINES", "VC"),
    ("DOMINICAN REPUBLIC", "DO"),
    ("TRINIDAD & TOBAGO", "TT"),
    ("ST. KITTS & NEVIS", "KN"),
    ("JAMAICA", "JM"),
];

impl NpaTable {
    /// Parse `npa_report.csv` (a `File Date,` line, a header, one row a code).
    pub fn parse(file: &DataFile) -> Result<NpaTable, LoadError> {
        let text = file.text()?;
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        // "File Date,11/26/2025" → 2025-11-26.
        let date = first.strip_prefix("File Date,").map(|d| {
            let parts: Vec<&str> = d.trim().split('/').collect();
            match parts.as_slice() {
                [month, day, year] => format!("{year}-{month:0>2}-{day:0>2}"),
                _ => d.trim().to_owned(),
            }
        });
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(rest.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| bad(file, 2, e.to_string()))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| bad(file, 2, format!("no `{name}` column")))
        };
        let (npa, usage, country, in_service, service) = (
            column("NPA_ID")?,
            column("USE")?,
            column("COUNTRY")?,
            column("IN_SERVICE")?,
            column("SERVICE")?,
        );
        let mut codes = HashMap::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| bad(file, index + 3, e.to_string()))?;
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let Ok(code) = field(npa).parse::<u16>() else {
                return Err(bad(
                    file,
                    index + 3,
                    format!("`{}` is not an area code", field(npa)),
                ));
            };
            if field(in_service) != "Y" {
                continue;
            }
            let kind = field(service).to_ascii_lowercase();
            let usage = if kind.contains("toll-free") {
                NpaUse::TollFree
            } else if kind.contains("premium") {
                NpaUse::Premium
            } else if field(usage) == "G" {
                NpaUse::Geographic
            } else {
                NpaUse::NonGeographic
            };
            let country = COUNTRIES
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(field(country)))
                .and_then(|(_, iso)| <[u8; 2]>::try_from(iso.as_bytes()).ok());
            codes.insert(code, Npa { usage, country });
        }
        if codes.is_empty() {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no area codes in service".to_owned(),
            });
        }
        Ok(NpaTable {
            codes,
            source: Some((file.name(), date.unwrap_or_else(|| "undated".to_owned()))),
        })
    }

    /// An area code in service.
    pub fn get(&self, npa: u16) -> Option<Npa> {
        self.codes.get(&npa).copied()
    }

    /// Whether a report was loaded.
    pub fn is_loaded(&self) -> bool {
        !self.codes.is_empty()
    }

    /// The report's file name and date.
    pub fn source(&self) -> Option<&(String, String)> {
        self.source.as_ref()
    }
}

fn bad(file: &DataFile, line: usize, reason: String) -> LoadError {
    LoadError::Line {
        path: file.path.clone(),
        line,
        reason,
    }
}
