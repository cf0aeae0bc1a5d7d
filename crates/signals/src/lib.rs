//! The signal catalogue: every signal bonafide computes, defined in one place.
//!
//! A signal has a stable dotted id, a one-sentence doc, the public reports the
//! pattern comes from, the evidence keys it may carry, and a function from the
//! enriched application (or, for link signals, the link index) to a value with
//! evidence. [`SIGNALS`] lists them all: rule validation, explanations and the
//! generated `docs/signals.md` all read it.
//!
//! Signals score contradictions and infrastructure, never who a person is: no
//! signal reads nationality, citizenship, language (`accept_language` is
//! carried, never scored) or where a name comes from. A country matters only as
//! a contradiction between what the candidate claims and what is observed.
#![deny(missing_docs)]

mod catalogue;
pub mod device;
pub mod employment;
mod enriched;
mod evidence;
pub mod identity;
pub mod input;
mod links;
pub mod network;
pub mod payroll;
mod phones;
mod reference;
mod references;
mod regions;
pub mod sanctions;
pub mod shipping;

/// A résumé's MinHash signature, as the link index keeps it.
pub use bonafide_identity::sketch::Signature as ResumeSignature;
pub use catalogue::{catalogue_markdown, find, suggest, Compute, Hit, SignalDef, Unit, SIGNALS};
pub use enriched::{Claimed, Enriched, SessionFacts};
/// Whether two applications' photos or résumés match (a shared band alone does not say).
pub use links::verified as verified_match;
pub use links::{
    index_entry, link_format, ClusterFacts, Employment, GroupFacts, Identity, IndexedApp, Label,
    Link, LinkIndex, LinkKey, LinkKind, LinkView, PersonName,
};
pub use reference::{DeviceData, Reference, Routine};
pub use references::REFERENCES;
