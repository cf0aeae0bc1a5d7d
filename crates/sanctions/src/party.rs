//! What a sanctions list says about one party, whichever list it came from.

use serde::{Deserialize, Serialize};

/// Which kind of party a list entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartyKind {
    /// An individual.
    Person,
    /// A company, organisation or other body.
    Entity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

impl PartyKind {
    /// Lower-case name, as output shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Entity => "entity",
            PartyKind::Vessel => "vessel",
            PartyKind::Aircraft => "aircraft",
        }
    }
}

/// How much a list trusts a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameQuality {
    /// The name the list files the party under.
    Primary,
    /// A strong alias (OFAC "a.k.a.", UN "good quality").
    Strong,
    /// A weak alias (OFAC "low quality" a.k.a., UN "low quality"): a nickname
    /// or a vague form that lists themselves say not to screen on alone.
    Weak,
}

/// One name of a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyName {
    /// The name as the list writes it.
    pub name: String,
    /// Primary, strong or weak.
    pub quality: NameQuality,
}

/// A date of birth as lists give them: a day, a month, a year, or a span of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthDate {
    /// First possible day, as (year, month, day).
    pub from: (u16, u8, u8),
    /// Last possible day.
    pub to: (u16, u8, u8),
}

impl BirthDate {
    /// A span from two partial dates; a missing month or day widens it.
    pub fn span(from: (u16, Option<u8>, Option<u8>), to: (u16, Option<u8>, Option<u8>)) -> Self {
        let start = (from.0, from.1.unwrap_or(1), from.2.unwrap_or(1));
        let end = (to.0, to.1.unwrap_or(12), to.2.unwrap_or(31));
        if start <= end {
            BirthDate {
                from: start,
                to: end,
            }
        } else {
            BirthDate {
                from: end,
                to: start,
            }
        }
    }

    /// Does a day fall within the span?
    pub fn contains(&self, day: (u16, u8, u8)) -> bool {
        self.from <= day && day <= self.to
    }

    /// True when the span is one day: a date of birth, not a guess.
    pub fn is_exact(&self) -> bool {
        self.from == self.to
    }

    /// As lists print it: `1987-08-30`, `1987`, or `1960 to 1965`.
    pub fn describe(&self) -> String {
        let (fy, fm, fd) = self.from;
        let (ty, tm, td) = self.to;
        if self.is_exact() {
            format!("{fy:04}-{fm:02}-{fd:02}")
        } else if fy == ty && (fm, fd) == (1, 1) && (tm, td) == (12, 31) {
            format!("{fy:04}")
        } else if (fm, fd) == (1, 1) && (tm, td) == (12, 31) {
            format!("{fy:04} to {ty:04}")
        } else {
            format!("{fy:04}-{fm:02}-{fd:02} to {ty:04}-{tm:02}-{td:02}")
        }
    }
}

/// An identity document or registration number a list gives for a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// "Passport", "SSN", "National ID No." …, as the list names it.
    pub kind: String,
    /// The number as printed.
    pub number: String,
    /// Issuing country, as the list names it.
    pub country: Option<String>,
}

/// A digital currency address a list gives for a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyAddress {
    /// OFAC's currency code: XBT, ETH, USDT …
    pub currency: String,
    /// The address as printed.
    pub address: String,
}

/// One listed party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The list's own identifier (OFAC's entity number, the UN's reference number).
    pub uid: String,
    /// Person, entity, vessel or aircraft.
    pub kind: PartyKind,
    /// Names, the primary one first.
    pub names: Vec<PartyName>,
    /// Sanctions programmes (OFAC "DPRK2", "CYBER4"; the UN's regime, e.g. "DPRK").
    pub programs: Vec<String>,
    /// When the party was listed, `YYYY-MM-DD`.
    pub listed: Option<String>,
    /// Dates of birth.
    pub birth_dates: Vec<BirthDate>,
    /// Nationalities and citizenships, as list data (never a scoring input).
    pub nationalities: Vec<String>,
    /// Addresses, one line each.
    pub addresses: Vec<String>,
    /// Identity documents and registration numbers.
    pub identifiers: Vec<Identifier>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Digital currency addresses.
    pub wallets: Vec<CurrencyAddress>,
}

impl Party {
    /// A party with only an identifier and a kind.
    pub fn new(uid: impl Into<String>, kind: PartyKind) -> Self {
        Party {
            uid: uid.into(),
            kind,
            names: Vec::new(),
            programs: Vec::new(),
            listed: None,
            birth_dates: Vec::new(),
            nationalities: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            emails: Vec::new(),
            wallets: Vec::new(),
        }
    }

    /// The name the list files the party under.
    pub fn primary_name(&self) -> &str {
        self.names.first().map(|n| n.name.as_str()).unwrap_or("")
    }
}

/// One list as loaded: its name, its issue date and its parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionsList {
    /// Short name used in matches: `OFAC-SDN`, `UN`.
    pub list: String,
    /// The file(s) it was read from.
    pub source: String,
    /// The publisher's issue date, `YYYY-MM-DD`, when the file gives one.
    pub issued: Option<String>,
    /// Every party.
    pub parties: Vec<Party>,
}

/// Push a value unless it is blank or already there.
pub(crate) fn push_unique(values: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !values.iter().any(|v| v == value) {
        values.push(value.to_owned());
    }
}
