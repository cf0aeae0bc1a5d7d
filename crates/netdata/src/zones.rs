//! Which IANA time zones each country uses, from the tz database's
//! `zone1970.tab` (or `zone.tab`): `CC[,CC…] <tab> coordinates <tab> Zone/Name`.

use crate::source::DataFile;
use crate::LoadError;
use chrono_tz::Tz;
use std::collections::HashMap;
use std::str::FromStr;

/// Country code → the zones in use there.
#[derive(Debug, Default)]
pub struct CountryZones {
    zones: HashMap<String, Vec<Tz>>,
    source: Option<String>,
}

impl CountryZones {
    /// Parse a `zone1970.tab` / `zone.tab` file. Zones chrono-tz does not know are skipped.
    pub fn parse(file: &DataFile) -> Result<CountryZones, LoadError> {
        let mut zones: HashMap<String, Vec<Tz>> = HashMap::new();
        for (index, line) in file.text()?.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(codes), Some(_coords), Some(zone)) =
                (fields.next(), fields.next(), fields.next())
            else {
                return Err(LoadError::Line {
                    path: file.path.clone(),
                    line: index + 1,
                    reason: "expected `codes<TAB>coordinates<TAB>zone`".to_owned(),
                });
            };
            let Ok(tz) = Tz::from_str(zone.trim()) else {
                continue;
            };
            for code in codes.split(',') {
                zones
                    .entry(code.trim().to_ascii_uppercase())
                    .or_default()
                    .push(tz);
            }
        }
        if zones.is_empty() {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no country time zones found".to_owned(),
            });
        }
        Ok(CountryZones {
            zones,
            source: Some(file.name()),
        })
    }

    /// The zones a country uses; empty when unknown or when no table was loaded.
    pub fn zones(&self, country: &str) -> &[Tz] {
        self.zones.get(country).map_or(&[], Vec::as_slice)
    }

    /// Whether a table was loaded.
    pub fn is_loaded(&self) -> bool {
        !self.zones.is_empty()
    }

    /// The file it came from.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}
