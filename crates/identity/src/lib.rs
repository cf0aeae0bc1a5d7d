//! Identity attributes: normalisation so that two spellings of one value agree,
//! keyed hashes so that values can be linked without being stored, masking for
//! evidence, structural checks of machine-readable zones, SSNs, IBANs and
//! routing numbers, wallet recognition, and name comparison for payees.
//!
//! Raw document, account and SSN numbers go in; only keyed hashes and masked
//! forms come out.
#![deny(missing_docs)]

pub mod history;
pub mod keyed;
pub mod mrz;
pub mod names;
pub mod normalize;
pub mod payment;
pub mod person;
pub mod phone;
pub mod sketch;
pub mod ssn;

pub use keyed::{mask, Digest, Keyer};
