//! Sanctions screening: OFAC's SDN and consolidated lists (Advanced XML and
//! the legacy CSV files), the UN consolidated list and OpenSanctions'
//! FollowTheMoney export, read into one model of a party, and an
//! index that finds a name under the spellings people use (romanisations from
//! the rules, word order, hyphens, initials, typos) without scanning every
//! name, plus exact hits on identifiers, e-mail and wallet addresses.
//!
//! A match is a lead for a person to confirm, never a decision.
#![deny(missing_docs)]

pub mod abjad;
mod error;
pub mod ftm;
mod load;
pub mod ofac_advanced;
pub mod ofac_csv;
mod party;
mod screen;
pub mod un_xml;
mod variants;
mod xml;

pub use error::ListError;
pub use load::{detect, load, read, read_bytes, Format, Loaded};
pub use party::{
    BirthDate, CurrencyAddress, Identifier, NameQuality, Party, PartyKind, PartyName, SanctionsList,
};
pub use screen::{
    Basis, KindFilter, ListInfo, Match, Query, Screener, DOB_CONTRADICTION, DOB_EXACT_BONUS,
    DOB_YEAR_BONUS, WEAK_ALIAS_CEILING, WEAK_NAME_CEILING,
};
pub use variants::{korean_key, run_examples as run_variant_examples, Token, Variants};
