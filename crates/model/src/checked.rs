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
    fn parse_field(text: &str) -> Result<Self, String> {
        std::net::IpAddr::from_str(text.trim())
            .map_err(|_| "not an IPv4 or IPv6 address".to_owned())
    }

    fn render(&self) -> String {
        self.to_string()
    }
}

impl ParseField for chrono::DateTime<chrono::Utc> {
    fn parse_field(text: &str) -> Result<Self, String> {
        chrono::DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| format!("not an RFC 3339 timestamp ({e})"))
    }

    fn render(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ParseField for chrono::NaiveDate {
    fn parse_field(text: &str) -> Result<Self, String> {
        chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|e| format!("not a YYYY-MM-DD date ({e})"))
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

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Parse a code that a data source gave; `None` for anything not ISO 3166-1 alpha-2.
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
    fn parse_field(text: &str) -> Result<Self, String> {
        if let [a, b] = text.trim().as_bytes() {
            let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
            if code.iter().all(u8::is_ascii_uppercase) && assigned()[slot(code)] {
                return Ok(Country(code));
            }
        }
        Err("not an ISO 3166-1 alpha-2 country code".to_owned())
    }

    fn render(&self) -> String {
        self.as_str().to_owned()
    }
}

fn slot(code: [u8; 2]) -> usize {
    usize::from(code[0] - b'A') * 26 + usize::from(code[1] - b'A')
}

/// Every assigned alpha-2 code, as a 26×26 table built once from `isocountry`
/// (whose own lookup is a linear match, and runs for several fields of every record).
fn assigned() -> &'static [bool; 676] {
    static TABLE: std::sync::OnceLock<[bool; 676]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [false; 676];
        // XK (Kosovo) is user-assigned but used by every geo-IP vendor.
        let codes = isocountry::CountryCode::iter()
            .map(|c| c.alpha2())
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
