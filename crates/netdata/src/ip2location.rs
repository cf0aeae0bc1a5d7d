//! IP2Location LITE location tables (DB1 to DB11, IPv4 and IPv6 CSV):
//! `"ip_from","ip_to","country_code","country_name"[,"region","city"[,"lat","lon"[,"zip"[,"tz"]]]]`,
//! with addresses as integers and `-` where a value is unknown.

use crate::asn::truncate;
use crate::facts::Location;
use crate::geo::GeoAnswer;
use crate::ranges::{for_each_row, RangeIndex};
use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

/// One IP2Location table, in memory.
#[derive(Debug, Default)]
pub(crate) struct LocationTable {
    ranges: RangeIndex<Place>,
    names: Vec<Arc<str>>,
    /// How many columns its rows have (4 for DB1 … 10 for DB11).
    pub(crate) columns: usize,
}

#[derive(Debug, Clone, Copy)]
struct Place {
    country: [u8; 2],
    region: Option<u32>,
    city: Option<u32>,
    coordinates: Option<(f32, f32)>,
}

/// Whether a file looks like an IP2Location CSV: quoted integer fields first.
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let Ok(line) = std::str::from_utf8(first_line) else {
        return false;
    };
    let mut fields = line.split(',').map(|f| f.trim().trim_matches('"'));
    let integer =
        |f: Option<&str>| f.is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    line.starts_with('"') && integer(fields.next()) && integer(fields.next())
}

impl LocationTable {
    /// Read a whole table.
    pub(crate) fn parse(file: &DataFile) -> Result<LocationTable, LoadError> {
        let mut table = LocationTable::default();
        let mut interned: HashMap<String, u32> = HashMap::new();
        let mut intern = |names: &mut Vec<Arc<str>>, text: &str| -> Option<u32> {
            if text.is_empty() || text == "-" {
                return None;
            }
            let next = names.len() as u32;
            Some(*interned.entry(text.to_owned()).or_insert_with(|| {
                names.push(text.into());
                next
            }))
        };
        for_each_row(file, b',', |row| {
            let Some((start, end)) = row.range else {
                return Err(format!(
                    "expected IP2Location's `\"ip_from\",\"ip_to\",\"country_code\",…`, got `{}`",
                    row.shown()
                ));
            };
            table.columns = table.columns.max(row.record.len());
            let code = row.field(2).as_bytes();
            let [a, b] = code else {
                return Ok(()); // `-`: not located
            };
            if !(a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) {
                return Err(format!(
                    "country code `{}` is not two letters",
                    truncate(row.field(2))
                ));
            }
            let coordinates = match (row.field(6).parse::<f32>(), row.field(7).parse::<f32>()) {
                // IP2Location writes 0,0 where it has no coordinates.
                (Ok(lat), Ok(lon)) if (lat, lon) != (0.0, 0.0) => Some((lat, lon)),
                _ => None,
            };
            let place = Place {
                country: [a.to_ascii_uppercase(), b.to_ascii_uppercase()],
                region: intern(&mut table.names, row.field(4)),
                city: intern(&mut table.names, row.field(5)),
                coordinates,
            };
            table.ranges.push(start, end, place)
        })?;
        if table.ranges.len() == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no located ranges found".to_owned(),
            });
        }
        table.ranges.finish();
        Ok(table)
    }

    /// IP2Location's name for the table's layout, by its columns.
    pub(crate) fn database_type(&self) -> &'static str {
        match self.columns {
            0..=5 => "IP2Location LITE DB1",
            6..=7 => "IP2Location LITE DB3",
            8 => "IP2Location LITE DB5",
            9 => "IP2Location LITE DB9",
            _ => "IP2Location LITE DB11",
        }
    }

    /// What the table says about one address.
    pub(crate) fn lookup(&self, ip: IpAddr, source: &Arc<str>) -> GeoAnswer {
        let Some(place) = self.ranges.get(ip) else {
            return GeoAnswer::default();
        };
        let name = |i: Option<u32>| {
            i.and_then(|i| self.names.get(i as usize))
                .map(|n| n.to_string())
        };
        GeoAnswer {
            location: Some(Location {
                country: String::from_utf8_lossy(&place.country).into_owned(),
                region: name(place.region),
                city: name(place.city),
                latitude: place.coordinates.map(|c| f64::from(c.0)),
                longitude: place.coordinates.map(|c| f64::from(c.1)),
                time_zone: None,
                source: Arc::clone(source),
            }),
            ..GeoAnswer::default()
        }
    }
}
