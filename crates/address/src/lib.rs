//! Postal addresses: a US parser on the USPS Publication 28 tables, a
//! normal form whose keys survive spelling ("N. Market St., Apt 5" = "North
//! Market Street #5"), with the unit split from the building so that another
//! flat in the same building is related but not the same, and detection of
//! mail-forwarding and virtual-mailbox addresses.
#![deny(missing_docs)]

mod forwarding;
mod normal;
mod parse;
pub mod tables;

pub use forwarding::{ForwardingError, ForwardingList, ForwardingPatterns};
pub use normal::{normalize, NormalAddress, Relation};
pub use parse::{parse_us, unit_id, UsParts};
