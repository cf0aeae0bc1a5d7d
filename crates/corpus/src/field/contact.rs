//! Phone numbers in each country's numbering plan, e-mail addresses at the
//! providers people really use, and street addresses written the local way.

use fastrand::Rng;
use serde_json::{json, Value};

use super::geo::Place;
use super::ids::digits;
use super::names::{pick, Name};

/// (country code, mobile prefixes, digits after the prefix)
fn mobile_plan(cc: &str) -> (&'static str, &'static [&'static str], usize) {
    match cc {
        "GB" => ("44", &["74", "75", "77", "78", "79"], 8),
        "IE" => ("353", &["83", "85", "86", "87", "89"], 7),
        "DE" => ("49", &["151", "152", "157", "160", "170", "171", "176"], 8),
        "FR" => ("33", &["6", "7"], 8),
        "NL" => ("31", &["6"], 8),
        "ES" => ("34", &["6", "7"], 8),
        "PT" => ("351", &["91", "92", "93", "96"], 7),
        "IT" => ("39", &["320", "328", "333", "347", "349"], 7),
        "PL" => (
            "48",
            &["50", "51", "53", "60", "66", "69", "72", "78", "79", "88"],
            7,
        ),
        "UA" => (
            "380",
            &["50", "63", "66", "67", "68", "73", "93", "95", "97", "98"],
            7,
        ),
        "RO" => ("40", &["72", "73", "74", "75", "76", "78"], 7),
        "SE" => ("46", &["70", "72", "73", "76", "79"], 7),
        "CZ" => ("420", &["60", "72", "73", "77"], 7),
        "HU" => ("36", &["20", "30", "70"], 7),
        "GR" => ("30", &["69"], 8),
        "TR" => ("90", &["53", "54", "55"], 8),
        "IL" => ("972", &["50", "52", "53", "54", "58"], 7),
        "AE" => ("971", &["50", "52", "55", "56"], 7),
        "IN" => ("91", &["6", "7", "8", "9"], 9),
        "PK" => ("92", &["30", "31", "32", "33", "34"], 8),
        "PH" => ("63", &["9"], 9),
        "VN" => ("84", &["3", "7", "8", "9"], 8),
        "JP" => ("81", &["70", "80", "90"], 8),
        "KR" => ("82", &["10"], 8),
        "CN" => ("86", &["13", "15", "17", "18", "19"], 9),
        "SG" => ("65", &["8", "9"], 7),
        "MY" => ("60", &["11", "12", "16", "17", "19"], 7),
        "AU" => ("61", &["4"], 8),
        "NZ" => ("64", &["21", "22", "27"], 7),
        "BR" => ("55", &["119"], 8),
        "MX" => ("52", &["55"], 8),
        "AR" => ("54", &["911"], 8),
        "CO" => ("57", &["30", "31", "32"], 8),
        "NG" => ("234", &["70", "80", "81", "90", "91"], 8),
        "KE" => ("254", &["7"], 8),
        "ZA" => ("27", &["6", "7", "8"], 8),
        "EG" => ("20", &["10", "11", "12", "15"], 8),
        "RU" => ("7", &["9"], 9),
        "KZ" => ("7", &["70", "77"], 8),
        "LA" => ("856", &["20"], 8),
        _ => ("1", &[], 0),
    }
}

/// NANP subscriber part: exchange 2-9xx, never 555 or N11.
fn nanp_line(rng: &mut Rng) -> String {
    loop {
        let ex = 200 + rng.u32(..800);
        if ex == 555 || ex % 100 == 11 {
            continue;
        }
        return format!("{ex}{}", digits(rng, 4));
    }
}

/// A phone number, E.164 digits (without '+').
pub fn phone_digits(rng: &mut Rng, place: &Place) -> String {
    if matches!(place.country, "US" | "CA") {
        let area = pick(rng, &place.dial);
        return format!("1{area}{}", nanp_line(rng));
    }
    let (cc, prefixes, n) = mobile_plan(place.country);
    if prefixes.is_empty() {
        return format!("1{}{}", pick(rng, &["212", "415", "312"]), nanp_line(rng));
    }
    format!("{cc}{}{}", pick(rng, prefixes), digits(rng, n))
}

/// A US number with an area code of anywhere (bought numbers rarely match the claim).
pub fn us_phone_any(rng: &mut Rng) -> String {
    const AREAS: &[&str] = &[
        "201", "302", "347", "404", "469", "520", "571", "607", "689", "703", "815", "904", "929",
    ];
    format!("1{}{}", pick(rng, AREAS), nanp_line(rng))
}

/// Written the way people type it: mostly E.164, sometimes national or spaced.
pub fn format_phone(rng: &mut Rng, e164: &str) -> String {
    let style = rng.u8(..10);
    if let Some(rest) = e164.strip_prefix('1').filter(|r| r.len() == 10) {
        return match style {
            0..=5 => format!("+{e164}"),
            6 => format!("({}) {}-{}", &rest[..3], &rest[3..6], &rest[6..]),
            7 => format!("{}-{}-{}", &rest[..3], &rest[3..6], &rest[6..]),
            8 => format!("+1 {} {} {}", &rest[..3], &rest[3..6], &rest[6..]),
            _ => rest.to_string(),
        };
    }
    match style {
        0..=6 => format!("+{e164}"),
        7 | 8 => {
            let (a, b) = e164.split_at(e164.len().min(2 + (e164.len() % 2)));
            format!("+{a} {b}")
        }
        _ => format!("00{e164}"),
    }
}

const FREEMAIL: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "icloud.com",
    "proton.me",
];

fn local_mail(cc: &str) -> &'static [&'static str] {
    match cc {
        "DE" => &["gmx.de", "web.de", "t-online.de"],
        "FR" => &["orange.fr", "free.fr", "laposte.net"],
        "GB" => &["btinternet.com", "yahoo.co.uk"],
        "RU" => &["yandex.ru", "mail.ru"],
        "KZ" => &["mail.ru", "yandex.kz"],
        "UA" => &["ukr.net", "i.ua"],
        "CN" => &["qq.com", "163.com", "126.com"],
        "KR" => &["naver.com", "daum.net"],
        "JP" => &["yahoo.co.jp", "docomo.ne.jp"],
        "IN" => &["rediffmail.com", "yahoo.co.in"],
        "PL" => &["wp.pl", "onet.pl", "o2.pl"],
        "IT" => &["libero.it", "virgilio.it"],
        "CZ" => &["seznam.cz"],
        "BR" => &["uol.com.br", "bol.com.br"],
        _ => &["gmail.com"],
    }
}

fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

pub fn handle(rng: &mut Rng, n: &Name) -> String {
    let (g, f) = (ascii_lower(&n.given), ascii_lower(&n.family));
    match rng.u8(..7) {
        0 => format!("{g}.{f}"),
        1 => format!("{g}{f}"),
        2 => format!("{}{f}", &g[..1.min(g.len())]),
        3 => format!("{g}.{f}{}", rng.u32(1..100)),
        4 => format!("{f}.{g}"),
        5 => format!("{g}_{f}{}", 80 + rng.u32(..20)),
        _ => format!("{g}{}", rng.u32(100..10000)),
    }
}

pub fn email(rng: &mut Rng, n: &Name, cc: &str) -> String {
    let domain = if rng.u8(..10) < 3 {
        pick(rng, local_mail(cc))
    } else {
        pick(rng, FREEMAIL)
    };
    format!("{}@{domain}", handle(rng, n))
}

#[derive(Clone)]
pub struct Address {
    pub number: u32,
    pub street: String,
    pub unit: Option<String>,
    pub postal: String,
    pub city: String,
    pub region: String,
    pub country: String,
}

fn streets(cc: &str) -> &'static [&'static str] {
    match cc {
        "US" | "CA" | "AU" | "NZ" => &[
            "Maple Ave",
            "Oak St",
            "Elm St",
            "Cedar Ln",
            "Park Ave",
            "Washington St",
            "Lake Dr",
            "Hillcrest Rd",
            "Pine St",
            "Sunset Blvd",
            "Ridge Rd",
            "Lincoln Ave",
            "Highland Ave",
            "Broadway",
            "Grand Ave",
            "N Main St",
            "W 5th St",
            "E 14th St",
            "Church St",
            "Willow Way",
        ],
        "GB" | "IE" => &[
            "High Street",
            "Station Road",
            "Church Lane",
            "Victoria Road",
            "Mill Lane",
            "Queens Road",
            "King Street",
            "Park Road",
        ],
        "DE" => &[
            "Hauptstrasse",
            "Schulstrasse",
            "Gartenweg",
            "Bahnhofstrasse",
            "Lindenallee",
            "Bergstrasse",
        ],
        "FR" => &[
            "rue de la Paix",
            "avenue Jean Jaures",
            "rue Victor Hugo",
            "boulevard Voltaire",
            "rue des Lilas",
        ],
        "ES" | "MX" | "AR" | "CO" => &[
            "Calle Mayor",
            "Avenida de la Constitucion",
            "Calle del Sol",
            "Calle Real",
            "Avenida Libertad",
        ],
        "PT" | "BR" => &[
            "Rua das Flores",
            "Avenida da Liberdade",
            "Rua Augusta",
            "Rua do Comercio",
        ],
        "IT" => &["Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante"],
        "NL" => &["Kerkstraat", "Prinsengracht", "Dorpsstraat", "Molenweg"],
        "PL" => &["ul. Dluga", "ul. Polna", "ul. Lesna", "ul. Marszalkowska"],
        "RU" | "UA" | "KZ" => &[
            "ul. Lenina",
            "ul. Mira",
            "ul. Sadovaya",
            "pr. Pobedy",
            "ul. Shevchenka",
        ],
        _ => &[
            "Main Road",
            "Central Avenue",
            "Garden Street",
            "Station Road",
            "Park Lane",
        ],
    }
}

pub fn new_address(rng: &mut Rng, place: &Place) -> Address {
    let unit = if rng.u8(..10) < 4 {
        Some(match rng.u8(..3) {
            0 => format!("Apt {}", rng.u32(1..40)),
            1 => format!("Unit {}{}", rng.u32(1..20), pick(rng, &["A", "B", "C", ""])),
            _ => format!("Apt {}{}", rng.u32(1..9), rng.u32(10..30)),
        })
    } else {
        None
    };
    let postal = if place.postal.is_empty() {
        String::new()
    } else {
        pick(rng, &place.postal).to_string()
    };
    Address {
        number: rng.u32(1..9800),
        street: pick(rng, streets(place.country)).to_string(),
        unit,
        postal,
        city: place.city.to_string(),
        region: place.region.to_string(),
        country: place.country.to_string(),
    }
}

impl Address {
    pub fn json(&self) -> Value {
        let line1 = if matches!(
            self.country.as_str(),
            "US" | "CA" | "AU" | "NZ" | "GB" | "IE"
        ) {
            format!("{} {}", self.number, self.street)
        } else {
            format!("{} {}", self.street, self.number % 300)
        };
        let mut v = json!({ "line1": line1, "city": self.city, "country": self.country });
        if let Some(u) = &self.unit {
            v["line2"] = json!(u);
        }
        if !self.region.is_empty() {
            v["region"] = json!(self.region);
        }
        if !self.postal.is_empty() {
            v["postal_code"] = json!(self.postal);
        }
        v
    }

    /// The same US address typed by another hand: abbreviations, unit styles, ZIP+4 or none.
    pub fn json_variant(&self, rng: &mut Rng) -> Value {
        let mut street = self.street.clone();
        if rng.bool() {
            for (a, b) in [
                ("St", "Street"),
                ("Ave", "Avenue"),
                ("Rd", "Road"),
                ("Ln", "Lane"),
                ("Dr", "Drive"),
                ("Blvd", "Boulevard"),
                ("N ", "North "),
                ("W ", "West "),
                ("E ", "East "),
            ] {
                if let Some(p) = street.find(a) {
                    if street[p..].starts_with(b) {
                        continue;
                    }
                    street.replace_range(p..p + a.len(), b);
                }
            }
        } else if rng.bool() {
            street = format!("{street}.");
        }
        let unit_no = self
            .unit
            .as_ref()
            .map(|u| u.split_whitespace().last().unwrap_or("").to_string());
        let mut v = self.json();
        let l1 = format!("{} {street}", self.number);
        match (unit_no, rng.u8(..4)) {
            (Some(n), 0) => {
                v["line1"] = json!(format!("{l1} #{n}"));
                drop_key(&mut v, "line2");
            }
            (Some(n), 1) => {
                v["line1"] = json!(l1);
                v["line2"] = json!(format!("Unit {n}"));
            }
            (Some(n), 2) => {
                v["line1"] = json!(format!("{l1}, Apt. {n}"));
                drop_key(&mut v, "line2");
            }
            _ => v["line1"] = json!(l1),
        }
        match rng.u8(..4) {
            0 => {
                drop_key(&mut v, "postal_code");
            }
            1 if !self.postal.is_empty() => {
                v["postal_code"] = json!(format!("{}-{}", self.postal, digits(rng, 4)))
            }
            2 => v["city"] = json!(self.city.to_uppercase()),
            _ => {}
        }
        v
    }
}

pub fn drop_key(v: &mut Value, key: &str) {
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
}
