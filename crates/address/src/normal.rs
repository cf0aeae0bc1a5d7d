//! An address from a record in comparable form, and the keys that link it.

use crate::parse::{parse_us, unit_id, UsParts};
use crate::tables::{designator, state_code};
use bonafide_identity::normalize::fold;
use bonafide_model::Address;

/// An address reduced to what identifies the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalAddress {
    /// ISO country code, when known.
    pub country: Option<String>,
    /// The street line without the unit, in standard form.
    pub street: String,
    /// The unit identifier, when there is one.
    pub unit: Option<String>,
    /// City, upper case, `SAINT` as `ST`.
    pub city: Option<String>,
    /// US state code, or the region folded.
    pub region: Option<String>,
    /// ZIP5 for the US; elsewhere the postal code without spaces.
    pub postal: Option<String>,
    /// The building keys, worked out once.
    building: Vec<String>,
}

/// How two addresses relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same place, unit included.
    Same,
    /// The same building, another unit (or one of them has none).
    SameBuilding,
    /// Different places.
    Different,
}

impl NormalAddress {
    /// Keys of the building: the street with the postal code, and the street with
    /// the city and region, so that a record with no ZIP still meets one with it.
    pub fn building_keys(&self) -> &[String] {
        &self.building
    }

    fn with_keys(mut self) -> NormalAddress {
        let country = self.country.as_deref().unwrap_or("");
        let mut keys = Vec::with_capacity(2);
        if let Some(postal) = &self.postal {
            keys.push(format!("{country}|{}|{postal}", self.street));
        }
        if let Some(city) = &self.city {
            keys.push(format!(
                "{country}|{}|{city}|{}",
                self.street,
                self.region.as_deref().unwrap_or("")
            ));
        }
        if keys.is_empty() {
            keys.push(format!("{country}|{}", self.street));
        }
        self.building = keys;
        self
    }

    /// Keys of the exact place: the building keys with the unit.
    pub fn keys(&self) -> Vec<String> {
        let unit = self.unit.as_deref().unwrap_or("");
        self.building
            .iter()
            .map(|k| format!("{k}#{unit}"))
            .collect()
    }

    /// Whether two addresses are one place, one building, or different.
    pub fn relation(&self, other: &NormalAddress) -> Relation {
        let same_building = other.building.iter().any(|k| self.building.contains(k));
        match (same_building, self.unit == other.unit) {
            (true, true) => Relation::Same,
            (true, false) => Relation::SameBuilding,
            (false, _) => Relation::Different,
        }
    }

    /// City, region and postal code: what evidence shows of an address (never the street).
    pub fn locality(&self) -> String {
        let mut out = String::new();
        for part in [&self.city, &self.region, &self.postal]
            .into_iter()
            .flatten()
        {
            if !out.is_empty() {
                out.push_str(
                    if out.ends_with(char::is_alphabetic)
                        && part.chars().all(|c| c.is_ascii_digit())
                    {
                        " "
                    } else {
                        ", "
                    },
                );
            }
            out.push_str(part);
        }
        if let Some(country) = &self.country {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(country);
        }
        out
    }
}

/// Words folded to upper case alphanumerics, single-spaced.
fn words(raw: &str) -> String {
    fold(raw)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

fn city_words(raw: &str) -> Option<String> {
    let folded = words(raw);
    let out: Vec<&str> = folded
        .split(' ')
        .map(|w| match w {
            "SAINT" => "ST",
            "FORT" => "FT",
            "MOUNT" => "MT",
            other => other,
        })
        .filter(|w| !w.is_empty())
        .collect();
    (!out.is_empty()).then(|| out.join(" "))
}

fn nonempty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A second address line that only names a unit: "Apt 5", "#5", "Suite 300", "5B";
/// anything longer goes through the parser.
fn unit_line(line: &str) -> Option<String> {
    let folded = words(line);
    let tokens: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    match tokens.as_slice() {
        [id] if id.len() <= 6 => return Some(unit_id(id)),
        [kind, id] if designator(&kind.to_lowercase()).is_some() => return Some(unit_id(id)),
        _ => {}
    }
    parse_us(&format!("1 X ST {line}")).unit_id
}

/// Whether an address is in the US: by its country, else by a US state and ZIP.
fn is_us(address: &Address) -> bool {
    match address.country.as_ref().and_then(|c| c.get()) {
        Some(country) => matches!(country.as_str(), "US" | "PR" | "GU" | "VI" | "AS" | "MP"),
        None => {
            nonempty(&address.region).and_then(state_code).is_some()
                && nonempty(&address.postal_code)
                    .is_some_and(|p| p.chars().filter(char::is_ascii_digit).count() >= 5)
        }
    }
}

/// An address of a record in comparable form; `None` when it has no street line.
pub fn normalize(address: &Address) -> Option<NormalAddress> {
    let line1 = nonempty(&address.line1)?;
    let line2 = nonempty(&address.line2);
    let country = address
        .country
        .as_ref()
        .and_then(|c| c.get())
        .map(|c| c.as_str().to_owned());
    if is_us(address) {
        Some(normalize_us(address, line1, line2, country))
    } else {
        Some(normalize_generic(address, line1, line2, country))
    }
}

fn normalize_us(
    address: &Address,
    line1: &str,
    line2: Option<&str>,
    country: Option<String>,
) -> NormalAddress {
    let parts: UsParts = parse_us(line1);
    let street = parts.street_line().unwrap_or_else(|| words(line1));
    let unit = parts
        .unit_id
        .clone()
        .or_else(|| parts.unit_type.clone())
        .or_else(|| line2.and_then(unit_line));
    let zip = nonempty(&address.postal_code)
        .map(|p| {
            p.chars()
                .filter(char::is_ascii_digit)
                .take(5)
                .collect::<String>()
        })
        .filter(|z| z.len() == 5)
        .or(parts.zip);
    let region = nonempty(&address.region)
        .map(|r| state_code(r).map(str::to_owned).unwrap_or_else(|| words(r)))
        .or(parts.state);
    let city = nonempty(&address.city)
        .and_then(city_words)
        .or_else(|| parts.city.as_deref().and_then(city_words));
    NormalAddress {
        country: Some(country.unwrap_or_else(|| "US".to_owned())),
        street,
        unit,
        city,
        region,
        postal: zip,
        building: Vec::new(),
    }
    .with_keys()
}

/// Outside the US: the line folded, a unit from line 2, the postal code without spaces.
fn normalize_generic(
    address: &Address,
    line1: &str,
    line2: Option<&str>,
    country: Option<String>,
) -> NormalAddress {
    NormalAddress {
        country,
        street: words(line1),
        unit: line2.map(|l| {
            let w = words(l);
            unit_line(l).unwrap_or(w)
        }),
        city: nonempty(&address.city).and_then(city_words),
        region: nonempty(&address.region).map(words),
        postal: nonempty(&address.postal_code)
            .map(|p| words(p).replace(' ', ""))
            .filter(|p| !p.is_empty()),
        building: Vec::new(),
    }
    .with_keys()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bonafide_model::Checked;

    fn address(
        line1: &str,
        line2: &str,
        city: &str,
        region: &str,
        postal: &str,
        country: &str,
    ) -> Address {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Address {
            line1: opt(line1),
            line2: opt(line2),
            city: opt(city),
            region: opt(region),
            postal_code: opt(postal),
            country: opt(country).map(|c| Checked::parse(&c)),
        }
    }

    #[test]
    fn five_spellings_of_one_address_give_one_key() {
        let spellings = [
            address(
                "1234 North Market Street",
                "Apartment 5",
                "San Francisco",
                "CA",
                "94103",
                "US",
            ),
            address(
                "1234 N. Market St.",
                "Apt 5",
                "san francisco",
                "California",
                "94103-1234",
                "US",
            ),
            address(
                "1234 n market st #5",
                "",
                "San Francisco",
                "ca",
                "94103",
                "",
            ),
            address(
                "1234 NORTH MARKET ST, UNIT 05",
                "",
                "SAN FRANCISCO",
                "CA",
                "941031234",
                "US",
            ),
            address("1234 N Market Str", "# 5", "San Francisco", "CA", "", "US"),
        ];
        let first = normalize(&spellings[0]).expect("has a street");
        for other in &spellings[1..] {
            let other = normalize(other).expect("has a street");
            assert_eq!(
                first.relation(&other),
                Relation::Same,
                "{first:?} vs {other:?}"
            );
        }
    }

    #[test]
    fn another_unit_is_the_same_building_but_not_the_same_place() {
        let a = normalize(&address(
            "77 Oak Ave",
            "Apt 1",
            "Phoenix",
            "AZ",
            "85004",
            "US",
        ))
        .expect("street");
        let b = normalize(&address(
            "77 Oak Avenue Apt 2",
            "",
            "Phoenix",
            "AZ",
            "85004",
            "US",
        ))
        .expect("street");
        let c = normalize(&address(
            "79 Oak Ave",
            "Apt 1",
            "Phoenix",
            "AZ",
            "85004",
            "US",
        ))
        .expect("street");
        assert_eq!(a.relation(&b), Relation::SameBuilding);
        assert_ne!(a.keys(), b.keys());
        assert_eq!(a.relation(&c), Relation::Different);
    }

    #[test]
    fn other_countries_fold_case_accents_and_spacing() {
        let a = normalize(&address("Rue de Rivoli 12", "", "Paris", "", "75001", "FR"))
            .expect("street");
        let b = normalize(&address(
            "rue de  Rivoli, 12",
            "",
            "PARIS",
            "",
            "75 001",
            "FR",
        ))
        .expect("street");
        assert_eq!(a.relation(&b), Relation::Same);
        let c =
            normalize(&address("Königstraße 5", "", "München", "", "80331", "DE")).expect("street");
        let d = normalize(&address("Konigstrasse 5", "", "Munchen", "", "80331", "DE"))
            .expect("street");
        assert_eq!(c.relation(&d), Relation::Same, "{c:?} vs {d:?}");
    }

    #[test]
    fn evidence_shows_the_locality_never_the_street() {
        let a = normalize(&address(
            "1234 Market St",
            "Apt 5",
            "San Francisco",
            "CA",
            "94103",
            "US",
        ))
        .expect("street");
        assert_eq!(a.locality(), "SAN FRANCISCO, CA 94103, US");
        assert!(!a.locality().contains("1234"));
    }
}
