//! A field that keeps what was sent even when it does not parse, so that
//! validation can report every bad field of a record at once instead of
//! stopping at the first serde error.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A string-typed field parsed into `T`, or kept raw with the reason it did not parse.
///
/// A valid value keeps only its parsed form (written back in canonical form):
/// records carry a score of such fields, and a copy of each would cost an
/// allocation apiece on the hot path.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked<T> {
    /// The value parsed.
    Valid(T),
    /// The value did not parse; `raw` is what was sent.
    Invalid {
        /// The text as received.
        raw: String,
        /// Why it was rejected.
        reason: String,
    },
}

impl<T> Checked<T> {
    /// The parsed value, if it parsed.
    pub fn get(&self) -> Option<&T> {
        match self {
            Checked::Valid(value) => Some(value),
            Checked::Invalid { .. } => None,
        }
    }

    /// The reason it did not parse, if it did not.
    pub fn error(&self) -> Option<&str> {
        match self {
            Checked::Valid(..) => None,
            Checked::Invalid { reason, .. } => Some(reason),
        }
    }
}

/// How a text field becomes a typed value, and back.
pub trait ParseField: Sized {
    /// Parse `text`, or say in a few words why not.
    fn parse_field(text: &str) -> Result<Self, String>;
    /// The canonical text of a value.
    fn render(&self) -> String;
}

impl<T: ParseField> Checked<T> {
    /// Parse `text` into a checked value.
    pub fn parse(text: &str) -> Self {
        match T::parse_field(text) {
            Ok(value) => Checked::Valid(value),
            Err(reason) => Checked::Invalid {
                raw: text.to_owned(),
                reason,
            },
        }
    }
}

impl<T: ParseField> Checked<T> {
    /// The text: canonical for a valid value, as received for an invalid one.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Checked::Valid(value) => std::borrow::Cow::Owned(value.render()),
            Checked::Invalid { raw, .. } => std::borrow::Cow::Borrowed(raw),
        }
    }
}

impl<T: ParseField> fmt::Display for Checked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl<'de, T: ParseField> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Checked::parse(&text))
    }
}

impl<T: ParseField> Serialize for Checked<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl ParseField for std::net::IpAddr {
    /// An address, also as integrations write it: with a port (`1.2.3.4:443`,
    /// `[2001:db8::1]:443`), in brackets, or IPv4-mapped (`::ffff:1.2.3.4`).
    fn parse_field(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bare = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(text);
        std::net::IpAddr::from_str(bare)
            .or_else(|_| std::net::SocketAddr::from_str(text).map(|s| s.ip()))
            .map(|ip| ip.to_canonical())
            .map_err(|_| "not an IPv4 or IPv6 address".to_owned())
    }

    fn render(&self) -> String {
        self.to_string()
    }
}

/// Timestamps as ATS exports write them when not RFC 3339: no zone (read as
/// UTC), a space for the `T`, fractions of a second.
const NAIVE_TIMESTAMPS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

impl ParseField for chrono::DateTime<chrono::Utc> {
    fn parse_field(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
            return Ok(t.with_timezone(&chrono::Utc));
        }
        // "2026-03-04 15:20:02+00:00", "…Z" with a space.
        if let Ok(t) = chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
            return Ok(t.with_timezone(&chrono::Utc));
        }
        let zoneless = text.strip_suffix(['Z', 'z']).unwrap_or(text);
        NAIVE_TIMESTAMPS
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(zoneless, f).ok())
            .map(|t| t.and_utc())
            .ok_or_else(|| "not an RFC 3339 timestamp".to_owned())
    }

    fn render(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ParseField for chrono::NaiveDate {
    /// `YYYY-MM-DD`; also a whole timestamp's date, `YYYY/MM/DD`, and
    /// `D/M/YYYY` or `M/D/YYYY` where only one reading is a date.
    fn parse_field(text: &str) -> Result<Self, String> {
        let text = text.trim();
        // A whole timestamp's date part ("2026-03-04T15:20:02Z").
        let ymd = match text.find(['T', ' ']) {
            Some(at) if at >= 8 => text.get(..at).unwrap_or(text),
            _ => text,
        };
        for format in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(date) = chrono::NaiveDate::parse_from_str(ymd, format) {
                return Ok(date);
            }
        }
        let day_first = chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y").ok();
        let month_first = chrono::NaiveDate::parse_from_str(text, "%m/%d/%Y").ok();
        match (day_first, month_first) {
            (Some(a), Some(b)) if a == b => Ok(a),
            (Some(a), None) | (None, Some(a)) => Ok(a),
            (Some(_), Some(_)) => Err("day and month could be either way round".to_owned()),
            (None, None) => Err("not a YYYY-MM-DD date".to_owned()),
        }
    }

    fn render(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl ParseField for chrono_tz::Tz {
    fn parse_field(text: &str) -> Result<Self, String> {
        chrono_tz::Tz::from_str(text.trim()).map_err(|_| "not an IANA time zone name".to_owned())
    }

    fn render(&self) -> String {
        self.name().to_owned()
    }
}

/// An absolute `http` or `https` address of a web page, such as the
/// application's record in the system that sent it: pages link to it, so
/// nothing else (`javascript:`, `data:`, a relative path) is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebLink(url::Url);

impl WebLink {
    /// The address.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The host it points to (`app.greenhouse.io`).
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }
}

impl ParseField for WebLink {
    fn parse_field(text: &str) -> Result<Self, String> {
        let link = url::Url::parse(text.trim()).map_err(|_| "not a web address".to_owned())?;
        if !matches!(link.scheme(), "http" | "https") || link.host_str().is_none() {
            return Err("not an http or https address".to_owned());
        }
        if !link.username().is_empty() || link.password().is_some() {
            return Err("a web address with credentials in it".to_owned());
        }
        Ok(WebLink(link))
    }

    fn render(&self) -> String {
        self.0.to_string()
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Read a country a data source gave (a code or a name, as [`ParseField`]
    /// reads it); `None` for anything that is not a country.
    pub fn from_code(code: &str) -> Option<Country> {
        Country::parse_field(code).ok()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl ParseField for Country {
    /// An alpha-2 code in any case, an alpha-3 code, or an English name or
    /// common alias ("United States", "U.S.", "UK", "Great Britain"), and a
    /// few local names; always kept as alpha-2.
    fn parse_field(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let code = |bytes: &[u8]| -> Option<Country> {
            let [a, b] = bytes else { return None };
            let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
            (code.iter().all(u8::is_ascii_uppercase) && assigned()[slot(code)])
                .then_some(Country(code))
        };
        if let Some(country) = code(text.as_bytes()) {
            return Ok(country);
        }
        // "U.S.", "United States", "the Netherlands", "Côte d'Ivoire".
        let compact: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if let Some(country) = code(compact.as_bytes()) {
            return Ok(country);
        }
        let known = EXTRA_NAMES
            .iter()
            .find(|(name, _)| *name == compact)
            .map(|(_, alpha2)| (*alpha2).to_owned())
            .or_else(|| {
                celes::Country::from_str(&compact)
                    .ok()
                    .map(|c| c.alpha2.to_owned())
            });
        known
            .and_then(|alpha2| code(alpha2.as_bytes()))
            .ok_or_else(|| "not a country code or name".to_owned())
    }

    fn render(&self) -> String {
        self.as_str().to_owned()
    }
}

/// Names `celes` does not know, lower case without spaces: common
/// abbreviations and local names.
const EXTRA_NAMES: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("uae", "AE"),
    ("turkiye", "TR"),
    ("türkiye", "TR"),
    ("deutschland", "DE"),
    ("españa", "ES"),
    ("espana", "ES"),
    ("italia", "IT"),
    ("brasil", "BR"),
    ("méxico", "MX"),
    ("schweiz", "CH"),
    ("suisse", "CH"),
    ("österreich", "AT"),
    ("nederland", "NL"),
    ("polska", "PL"),
    ("sverige", "SE"),
    ("norge", "NO"),
    ("danmark", "DK"),
    ("suomi", "FI"),
    ("россия", "RU"),
    ("中国", "CN"),
    ("日本", "JP"),
    ("대한민국", "KR"),
];

fn slot(code: [u8; 2]) -> usize {
    usize::from(code[0] - b'A') * 26 + usize::from(code[1] - b'A')
}

/// Every assigned alpha-2 code, as a 26×26 table built once from `celes`
/// (whose own lookup is a linear match, and runs for several fields of every record).
fn assigned() -> &'static [bool; 676] {
    static TABLE: std::sync::OnceLock<[bool; 676]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [false; 676];
        // XK (Kosovo) is user-assigned but used by every geo-IP vendor.
        let codes = celes::Country::get_countries()
            .into_iter()
            .map(|c| c.alpha2)
            .chain(["XK"]);
        for code in codes {
            if let [a, b] = code.as_bytes() {
                if let Some(cell) = table.get_mut(slot([*a, *b])) {
                    *cell = true;
                }
            }
        }
        table
    })
}
