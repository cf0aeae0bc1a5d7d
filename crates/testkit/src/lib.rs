//! Test support for bonafide: the bundled fixture databases and lists (made
//! here, from a small table of places), a labelled synthetic corpus of rings
//! and honest look-alikes, and a generator of contract-shaped applications for
//! benchmarks. Nothing here is third-party data.

pub mod corpus;
pub mod field;
pub mod fixtures;
pub mod money;
pub mod places;
pub mod screening;
pub mod synth;
pub mod words;
