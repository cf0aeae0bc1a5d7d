//! Identifiers that pass the checks real systems run: ABA routing checksums,
//! IBAN mod-97, SSA-structured SSNs, ICAO 9303 check digits, wallet encodings.

use fastrand::Rng;

pub fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.u8(..10))).collect()
}

pub fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from_digit(rng.u32(..16), 16).unwrap_or('0'))
        .collect()
}

pub fn alnum_upper(rng: &mut Rng, n: usize) -> String {
    const A: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    (0..n)
        .map(|_| char::from(A[rng.usize(..A.len())]))
        .collect()
}

pub fn letters(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'A' + rng.u8(..26))).collect()
}

// ---- ABA routing numbers ----

#[cfg(test)]
pub fn aba_valid(r: &str) -> bool {
    let d: Vec<u32> = r.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 9 || r.len() != 9 {
        return false;
    }
    let s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    s.is_multiple_of(10)
}

/// Federal Reserve district prefixes (01-12) and thrift prefixes (21-32).
pub fn aba(rng: &mut Rng) -> String {
    let prefix = if rng.u8(..4) == 0 {
        21 + rng.u32(..12)
    } else {
        1 + rng.u32(..12)
    };
    let body = format!("{prefix:02}{}", digits(rng, 6));
    let d: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
    let partial = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5]);
    let check = (10 - partial % 10) % 10;
    format!("{body}{check}")
}

// ---- IBAN ----

fn mod97(s: &str) -> u32 {
    let mut rem: u64 = 0;
    for c in s.chars() {
        let v = if c.is_ascii_digit() {
            c as u64 - '0' as u64
        } else {
            c.to_ascii_uppercase() as u64 - 'A' as u64 + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem as u32
}

#[cfg(test)]
pub fn iban_valid(iban: &str) -> bool {
    let s: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() < 15 || !s.is_char_boundary(4) {
        return false;
    }
    let re = format!("{}{}", &s[4..], &s[..4]);
    mod97(&re) == 1
}

/// BBAN layout per country: 'n' digit, 'a' letter, 'c' alphanumeric.
fn bban_layout(cc: &str) -> &'static str {
    match cc {
        "DE" => "nnnnnnnnnnnnnnnnnn",
        "GB" => "aaaannnnnnnnnnnnnn",
        "IE" => "aaaannnnnnnnnnnnnn",
        "FR" => "nnnnnnnnnnnnnnnnnnnnnnn",
        "NL" => "aaaannnnnnnnnn",
        "ES" => "nnnnnnnnnnnnnnnnnnnn",
        "IT" => "annnnnnnnnnnnnnnnnnnnnn",
        "PT" => "nnnnnnnnnnnnnnnnnnnnn",
        "PL" => "nnnnnnnnnnnnnnnnnnnnnnnn",
        "BE" => "nnnnnnnnnnnn",
        "LT" => "nnnnnnnnnnnnnnnn",
        "RO" => "aaaacccccccccccccccc",
        "UA" => "nnnnnnnnnnnnnnnnnnnnnnnnn",
        "SE" => "nnnnnnnnnnnnnnnnnnnn",
        "CZ" => "nnnnnnnnnnnnnnnnnnnn",
        "HU" => "nnnnnnnnnnnnnnnnnnnnnnnn",
        "GR" => "nnnnnnnnnnnnnnnnnnnnnnn",
        "TR" => "nnnnnnnnnnnnnnnnnnnnnn",
        "AE" => "nnnnnnnnnnnnnnnnnnn",
        "IL" => "nnnnnnnnnnnnnnnnnnn",
        "PK" => "aaaacccccccccccccccc",
        "KZ" => "nnnccccccccccccc",
        _ => "nnnnnnnnnnnnnnnnnn",
    }
}

pub fn iban_country_supported(cc: &str) -> bool {
    matches!(
        cc,
        "DE" | "GB"
            | "IE"
            | "FR"
            | "NL"
            | "ES"
            | "IT"
            | "PT"
            | "PL"
            | "BE"
            | "LT"
            | "RO"
            | "UA"
            | "SE"
            | "CZ"
            | "HU"
            | "GR"
            | "TR"
            | "AE"
            | "IL"
            | "PK"
            | "KZ"
    )
}

/// An IBAN with correct mod-97 check digits; `bank` fixes the leading bank code.
pub fn iban(rng: &mut Rng, cc: &str, bank: Option<&str>) -> String {
    let layout = bban_layout(cc);
    let mut bban: String = layout
        .chars()
        .map(|k| match k {
            'a' => char::from(b'A' + rng.u8(..26)),
            'c' => {
                if rng.bool() {
                    char::from(b'0' + rng.u8(..10))
                } else {
                    char::from(b'A' + rng.u8(..26))
                }
            }
            _ => char::from(b'0' + rng.u8(..10)),
        })
        .collect();
    if let Some(b) = bank {
        let n = b.len().min(bban.len());
        bban.replace_range(..n, &b[..n]);
    }
    let check = 98 - mod97(&format!("{bban}{cc}00"));
    format!("{cc}{check:02}{bban}")
}

pub fn iban_print(iban: &str) -> String {
    let b: Vec<char> = iban.chars().collect();
    b.chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- SSN ----

#[cfg(test)]
pub fn ssn_valid(s: &str) -> bool {
    let d: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() != 9 {
        return false;
    }
    let area: u32 = d[..3].parse().unwrap_or(0);
    let group: u32 = d[3..5].parse().unwrap_or(0);
    let serial: u32 = d[5..].parse().unwrap_or(0);
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && d != "078051120"
        && d != "219099999"
}

pub fn ssn(rng: &mut Rng) -> String {
    let mut area = 1 + rng.u32(..899);
    if area == 666 {
        area = 667;
    }
    let group = 1 + rng.u32(..99);
    let serial = 1 + rng.u32(..9999);
    format!("{area:03}-{group:02}-{serial:04}")
}

// ---- ICAO 9303 machine-readable zone ----

pub fn mrz_check(field: &str) -> char {
    let w = [7u32, 3, 1];
    let sum: u32 = field
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let v = match c {
                '0'..='9' => c as u32 - '0' as u32,
                'A'..='Z' => c as u32 - 'A' as u32 + 10,
                _ => 0,
            };
            v * w[i % 3]
        })
        .sum();
    char::from_digit(sum % 10, 10).unwrap_or('0')
}

fn mrz_name(s: &str) -> String {
    s.to_ascii_uppercase()
        .chars()
        .map(|c| if c.is_ascii_uppercase() { c } else { '<' })
        .collect()
}

fn pad(s: &str, n: usize) -> String {
    let mut o: String = s.chars().take(n).collect();
    while o.len() < n {
        o.push('<');
    }
    o
}

/// TD3 passport MRZ; dates as YYMMDD.
pub fn mrz_td3(
    iso3: &str,
    surname: &str,
    given: &str,
    number: &str,
    dob: &str,
    sex: char,
    expiry: &str,
) -> [String; 2] {
    let l1 = pad(
        &format!("P<{iso3}{}<<{}", mrz_name(surname), mrz_name(given)),
        44,
    );
    let num = pad(number, 9);
    let personal = pad("", 14);
    let (c1, c2, c3, c4) = (
        mrz_check(&num),
        mrz_check(dob),
        mrz_check(expiry),
        mrz_check(&personal),
    );
    let composite = format!("{num}{c1}{dob}{c2}{expiry}{c3}{personal}{c4}");
    let c5 = mrz_check(&composite);
    let l2 = format!("{num}{c1}{iso3}{dob}{c2}{sex}{expiry}{c3}{personal}{c4}{c5}");
    [l1, l2]
}

#[rustfmt::skip]
pub fn iso3(cc: &str) -> &'static str {
    match cc {
        "US" => "USA",
        "CA" => "CAN",
        "GB" => "GBR",
        "IE" => "IRL",
        "DE" => "D<<",
        "FR" => "FRA",
        "NL" => "NLD",
        "ES" => "ESP",
        "PT" => "PRT",
        "IT" => "ITA",
        "PL" => "POL",
        "UA" => "UKR",
        "RO" => "ROU",
        "SE" => "SWE",
        "CZ" => "CZE",
        "HU" => "HUN",
        "GR" => "GRC",
        "TR" => "TUR",
        "IL" => "ISR",
        "AE" => "ARE",
        "IN" => "IND",
        "PK" => "PAK",
        "PH" => "PHL",
        "VN" => "VNM",
        "JP" => "JPN",
        "KR" => "KOR",
        "CN" => "CHN",
        "SG" => "SGP",
        "MY" => "MYS",
        "AU" => "AUS",
        "NZ" => "NZL",
        "BR" => "BRA",
        "MX" => "MEX",
        "AR" => "ARG",
        "CO" => "COL",
        "NG" => "NGA",
        "KE" => "KEN",
        "ZA" => "ZAF",
        "EG" => "EGY",
        "RU" => "RUS",
        "KZ" => "KAZ",
        "LA" => "LAO",
        _ => "UTO",
    }
}

/// Passport numbers in each issuer's visible format.
pub fn passport_number(rng: &mut Rng, cc: &str) -> String {
    match cc {
        "US" => {
            if rng.bool() {
                digits(rng, 9)
            } else {
                format!("A{}", digits(rng, 8))
            }
        }
        "GB" | "AU" | "NZ" | "CA" => format!("{}{}", letters(rng, 2), digits(rng, 7)),
        "DE" => format!("C{}", alnum_upper(rng, 8)),
        "FR" => format!("{}{}{}", digits(rng, 2), letters(rng, 2), digits(rng, 5)),
        "IN" => format!("{}{}", letters(rng, 1), digits(rng, 7)),
        "CN" => format!("E{}", digits(rng, 8)),
        "KR" => format!("M{}", digits(rng, 8)),
        "JP" => format!("T{}{}", letters(rng, 1), digits(rng, 7)),
        "RU" => digits(rng, 9),
        _ => format!("{}{}", letters(rng, 2), digits(rng, 7)),
    }
}

/// US driver's licence numbers in the state's pattern.
pub fn drivers_license(rng: &mut Rng, state: &str) -> String {
    match state {
        "CA" | "NV" => format!("{}{}", letters(rng, 1), digits(rng, 7)),
        "NY" => digits(rng, 9),
        "TX" | "GA" | "DC" => digits(rng, 8),
        "FL" | "IL" | "MI" | "MN" | "MD" => format!("{}{}", letters(rng, 1), digits(rng, 12)),
        "WA" => format!("WDL{}", alnum_upper(rng, 9)),
        "PA" | "OR" => digits(rng, 8),
        "AZ" | "MA" | "NC" | "OK" | "TN" | "CO" | "UT" | "OH" | "MO" | "LA" => {
            format!("{}{}", letters(rng, 1), digits(rng, 8))
        }
        _ => format!("{}{}", letters(rng, 1), digits(rng, 8)),
    }
}

#[cfg(test)]
pub use super::wallets::bech32_valid;
pub use super::wallets::{btc_address, eth_address, tron_address};
