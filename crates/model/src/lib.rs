//! Contract v1 types (`../shared/contract/README.md`): applications in,
//! verdicts out, and validation that names every bad field.
//!
//! No I/O here, and nothing that scores.
#![deny(missing_docs)]

pub mod application;
pub mod checked;
mod lenient;
pub mod validate;
pub mod verdict;

pub use application::*;
pub use checked::{Checked, Country, ParseField, WebLink};
pub use lenient::body_to_keep;
pub use validate::{
    parse_application, parse_application_with, validate, validate_with, FieldError, Limits,
    RecordError,
};
pub use verdict::*;
