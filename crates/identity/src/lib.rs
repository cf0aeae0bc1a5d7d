//! Identity attributes: normalisation so that two spellings of one value agree,
//! keyed hashes so that values can be linked without being stored, masking for
//! evidence, and structural checks of machine-readable zones and SSNs.
//!
//! Raw document, account and SSN numbers go in; only keyed hashes and masked
//! forms come out.
#![deny(missing_docs)]

pub mod keyed;
pub mod mrz;
pub mod normalize;
pub mod sketch;
pub mod ssn;

pub use keyed::{mask, Digest, Keyer};
