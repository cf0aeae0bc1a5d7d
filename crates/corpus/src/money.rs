//! Addresses, bank accounts and shipping for generated applications: homes
//! with valid ZIPs, ABA routing numbers and IBANs with correct check digits,
//! and one address written the many ways people write it.

use serde_json::{json, Value};

/// Postal codes of the fixture places people live in.
pub fn postal_code(place_key: &str) -> &'static str {
    match place_key {
        "us-sf" => "94103",
        "us-oakland" => "94607",
        "us-seattle" => "98101",
        "us-nyc" => "10001",
        "us-austin" => "78701",
        "us-phoenix" => "85004",
        "us-nashville" => "37211",
        "fr-paris" => "75001",
        "de-berlin" => "10115",
        "jp-tokyo" => "100-0001",
        "mx-cdmx" => "06000",
        _ => "00000",
    }
}

const STREETS: &[&str] = &[
    "Maple",
    "Oak",
    "Cedar",
    "Pine",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Sunset",
    "Lincoln",
    "Jackson",
    "Franklin",
    "Highland",
    "Madison",
    "Riverside",
    "Willow",
    "Magnolia",
];
/// (how it is written at home, the other ways the same suffix is written).
const SUFFIXES: &[(&str, &[&str])] = &[
    ("Street", &["St", "St.", "STREET", "Str"]),
    ("Avenue", &["Ave", "Ave.", "AVE", "Av"]),
    ("Road", &["Rd", "Rd.", "ROAD", "rd"]),
    ("Drive", &["Dr", "Dr.", "DRIVE", "Drv"]),
];

/// A street address: number, street name, suffix index.
#[derive(Debug, Clone)]
pub struct Street {
    number: u32,
    name: &'static str,
    suffix: usize,
    unit: Option<u32>,
}

impl Street {
    /// A random street address, with an apartment one time in three.
    pub fn random(rng: &mut fastrand::Rng) -> Street {
        Street {
            number: rng.u32(10..9_999),
            name: STREETS[rng.usize(..STREETS.len())],
            suffix: rng.usize(..SUFFIXES.len()),
            unit: (rng.u32(0..3) == 0).then(|| rng.u32(1..40)),
        }
    }

    /// The same street address with a unit.
    pub fn with_unit(mut self, unit: u32) -> Street {
        self.unit = Some(unit);
        self
    }

    /// Another unit of the same building.
    pub fn other_unit(&self, rng: &mut fastrand::Rng) -> Street {
        let mut other = self.clone();
        let mine = self.unit.unwrap_or(0);
        other.unit = Some(mine + rng.u32(1..20));
        other
    }

    /// The address as the contract writes it, in the plain spelling.
    pub fn address(&self, city: &str, region: &str, postal: &str, country: &str) -> Value {
        let (suffix, _) = SUFFIXES[self.suffix];
        let mut address = json!({
            "line1": format!("{} {} {suffix}", self.number, self.name),
            "city": city, "region": region, "postal_code": postal, "country": country
        });
        if let Some(unit) = self.unit {
            address["line2"] = json!(format!("Apt {unit}"));
        }
        address
    }

    /// The same US address written another way (`variant` picks which): suffix
    /// abbreviated, case changed, unit written as `#`/`Unit`/`Apartment`, ZIP+4
    /// or no ZIP, state spelled out.
    pub fn respelled(&self, variant: usize, city: &str, region: &str, postal: &str) -> Value {
        let (_, others) = SUFFIXES[self.suffix];
        let suffix = others[variant % others.len()];
        let street = format!("{} {} {suffix}", self.number, self.name);
        let unit = self.unit.unwrap_or(0);
        match variant % 5 {
            0 => json!({ "line1": street, "line2": format!("Apt {unit}"), "city": city,
                         "region": region, "postal_code": postal, "country": "US" }),
            1 => {
                json!({ "line1": format!("{} #{unit}", street.to_uppercase()), "city": city.to_uppercase(),
                         "region": state_name(region), "postal_code": format!("{postal}-{:04}", 1000 + unit) })
            }
            2 => json!({ "line1": format!("{street}, Unit {unit}"), "city": city,
                         "region": region.to_lowercase(), "postal_code": postal, "country": "US" }),
            3 => json!({ "line1": street.to_lowercase(), "line2": format!("apartment {unit}"),
                         "city": city.to_lowercase(), "region": region, "country": "US" }),
            _ => {
                json!({ "line1": format!("{street} Apt. {unit:03}"), "city": city, "region": region,
                         "postal_code": postal, "country": "US" })
            }
        }
    }
}

fn state_name(code: &str) -> &'static str {
    match code {
        "CA" => "California",
        "WA" => "Washington",
        "NY" => "New York",
        "TX" => "Texas",
        "AZ" => "Arizona",
        "TN" => "Tennessee",
        _ => "Unknown",
    }
}

/// A valid ABA routing number: a Federal Reserve prefix, random digits, the 3-7-1 check digit.
pub fn routing_number(rng: &mut fastrand::Rng) -> String {
    let mut digits: Vec<u32> = vec![0, rng.u32(1..10)];
    if digits[1] > 2 {
        digits = vec![1, rng.u32(0..3)];
    }
    digits.extend((0..6).map(|_| rng.u32(0..10)));
    let sum: u32 = digits
        .iter()
        .zip([3, 7, 1].iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

/// A bank account number of 10 to 12 digits.
pub fn account_number(rng: &mut fastrand::Rng) -> String {
    let len = rng.usize(10..13);
    (0..len).map(|_| char::from(b'0' + rng.u8(0..10))).collect()
}

/// A valid IBAN for a country with an all-digit BBAN of `bban_len` (DE 18, FR 23).
pub fn iban(rng: &mut fastrand::Rng, country: &str) -> String {
    let bban_len = if country == "FR" { 23 } else { 18 };
    let bban: String = (0..bban_len)
        .map(|_| char::from(b'0' + rng.u8(0..10)))
        .collect();
    // ISO 7064 mod 97-10 over BBAN + country letters as numbers + "00".
    let rearranged: String = bban
        .chars()
        .chain(country.chars())
        .chain("00".chars())
        .map(|c| {
            if c.is_ascii_alphabetic() {
                (c as u32 - 'A' as u32 + 10).to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let remainder = rearranged
        .bytes()
        .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
    format!("{country}{:02}{bban}", 98 - remainder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bonafide_identity::payment;

    #[test]
    fn generated_bank_details_pass_the_real_checks() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..200 {
            let routing = routing_number(&mut rng);
            assert!(payment::routing_number(&routing).is_ok(), "{routing}");
            for country in ["DE", "FR"] {
                let iban = iban(&mut rng, country);
                assert!(payment::iban(&iban).is_ok(), "{iban}");
            }
        }
    }

    #[test]
    fn every_respelling_is_the_same_place() {
        let mut rng = fastrand::Rng::with_seed(3);
        for _ in 0..50 {
            let unit = rng.u32(1..40);
            let street = Street::random(&mut rng).with_unit(unit);
            let plain: bonafide_model::Address =
                serde_json::from_value(street.address("Nashville", "TN", "37211", "US"))
                    .unwrap_or_default();
            let plain = bonafide_address::normalize(&plain).unwrap_or_else(|| panic!("street"));
            for variant in 0..5 {
                let value = street.respelled(variant, "Nashville", "TN", "37211");
                let other: bonafide_model::Address =
                    serde_json::from_value(value.clone()).unwrap_or_default();
                let other = bonafide_address::normalize(&other).unwrap_or_else(|| panic!("street"));
                assert_eq!(
                    plain.relation(&other),
                    bonafide_address::Relation::Same,
                    "{value}"
                );
            }
        }
    }
}
