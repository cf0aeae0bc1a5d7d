//! US ZIP code centroids (a CSV with `zip`, `lat` and `long` or `lon` columns,
//! and `city` and `state` where given; the `zipcodes` package's dump has
//! them): where a laptop was shipped, as a point, to tell how far its
//! check-ins are.

use crate::source::DataFile;
use crate::LoadError;
use std::collections::HashMap;
use std::sync::Arc;

/// One ZIP code's centroid and name.
#[derive(Debug, Clone, PartialEq)]
pub struct ZipPlace {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// "Nashville, TN", where the file names it.
    pub name: Arc<str>,
}

/// ZIP centroids by five-digit code.
#[derive(Debug, Default)]
pub struct ZipCentroids {
    places: HashMap<u32, ZipPlace>,
    sources: Vec<(Arc<str>, usize)>,
}

/// The five digits of a US ZIP code (`37211`, `37211-4402`, ` 37211 `).
pub fn zip5(text: &str) -> Option<u32> {
    let text = text.trim();
    let five = text.get(..5)?;
    let rest = &text[5..];
    let ok_rest = rest.is_empty()
        || rest
            .strip_prefix('-')
            .is_some_and(|r| r.len() == 4 && r.chars().all(|c| c.is_ascii_digit()));
    (five.chars().all(|c| c.is_ascii_digit()) && ok_rest).then(|| five.parse().ok())?
}

/// Great-circle distance in kilometres (haversine).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6_371.0 * h.sqrt().asin()
}

impl ZipCentroids {
    /// Read a centroid CSV; a row without a readable ZIP or point is refused
    /// with its line, so a file of another layout is never half read.
    pub fn add_file(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
        let headers = reader
            .headers()
            .map_err(|e| line_error(file, 1, &e.to_string()))?
            .clone();
        let column = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
        };
        let (Some(zip), Some(lat), Some(lon)) = (
            column(&["zip", "zipcode", "zip_code", "postal_code"]),
            column(&["lat", "latitude"]),
            column(&["long", "lon", "lng", "longitude"]),
        ) else {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no `zip`, `lat` and `long` (or `lon`) columns: not a ZIP centroid table"
                    .into(),
            });
        };
        let (city, state) = (column(&["city"]), column(&["state"]));
        let before = self.places.len();
        for (i, row) in reader.records().enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| line_error(file, line, &e.to_string()))?;
            let field = |at: usize| row.get(at).unwrap_or("").trim();
            let code = zip5(field(zip)).ok_or_else(|| {
                line_error(file, line, &format!("`{}` is not a ZIP code", field(zip)))
            })?;
            let point = |at: usize, bound: f64| {
                field(at)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && v.abs() <= bound)
            };
            let (Some(lat), Some(lon)) = (point(lat, 90.0), point(lon, 180.0)) else {
                return Err(line_error(file, line, "no readable latitude and longitude"));
            };
            let name = match (city.map(field), state.map(field)) {
                (Some(c), Some(s)) if !c.is_empty() => format!("{c}, {s}"),
                (Some(c), _) => c.to_owned(),
                _ => format!("ZIP {code:05}"),
            };
            self.places.insert(
                code,
                ZipPlace {
                    lat,
                    lon,
                    name: name.into(),
                },
            );
        }
        if self.places.len() == before {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no ZIP codes".into(),
            });
        }
        let name = file.path.file_name().map_or_else(
            || file.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let added = self.places.len() - before;
        self.sources.push((name.into(), added));
        Ok(added)
    }

    /// The centroid of a ZIP code as written on an address.
    pub fn find(&self, postal_code: &str) -> Option<&ZipPlace> {
        self.places.get(&zip5(postal_code)?)
    }

    /// ZIP codes held.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether no file was read.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The files read and the ZIP codes each gave, for a verdict's data versions.
    pub fn sources(&self) -> &[(Arc<str>, usize)] {
        &self.sources
    }
}

fn line_error(file: &DataFile, line: usize, reason: &str) -> LoadError {
    LoadError::Line {
        path: file.path.clone(),
        line,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<ZipCentroids, LoadError> {
        let mut zips = ZipCentroids::default();
        let file = DataFile::bundled("zips.csv", text.as_bytes()).expect("file");
        zips.add_file(&file).map(|_| zips)
    }

    #[test]
    fn the_zipcodes_layout_reads_and_other_layouts_are_refused() {
        let zips = table(
            "zip,city,state,lat,long,timezone,zip_type,active\n\
             37211,Nashville,TN,36.0725,-86.7241,America/Chicago,STANDARD,True\n\
             00501,Holtsville,NY,40.8154,-73.0451,America/New_York,UNIQUE,True\n",
        )
        .expect("reads");
        assert_eq!(zips.len(), 2);
        let nashville = zips.find("37211-4402").expect("found");
        assert_eq!(&*nashville.name, "Nashville, TN");
        assert!(zips.find("00501").is_some(), "leading zeros kept");
        assert!(zips.find("3721").is_none());
        assert!(zips.find("SW1A 1AA").is_none());
        assert!(table("name,value\nx,1\n").is_err());
        assert!(table("zip,lat,long\n37211,north,-86.7\n").is_err());
        assert!(table("zip,lat,long\n").is_err());
    }

    #[test]
    fn distances_are_great_circle_kilometres() {
        // Nashville to Miami is about 1,320 km; a point to itself is 0.
        let nashville = (36.0725, -86.7241);
        let miami = (25.7743, -80.1937);
        let d = distance_km(nashville, miami);
        assert!((1_280.0..1_360.0).contains(&d), "{d}");
        assert!(distance_km(nashville, nashville) < 1e-9);
    }
}
