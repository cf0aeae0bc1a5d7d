//! Test support for bonafide: the bundled fixture databases and lists (made
//! here, from the corpus crate's table of places), sanctions screening
//! material, and a generator of contract-shaped applications for benchmarks.
//! The generated corpora live in `bonafide-corpus` (the shipped `quality`,
//! `calibrate` and `bench` commands use them) and are re-exported here for
//! tests. Nothing here is third-party data.

pub use bonafide_corpus::{corpus, field, money, places, words};

pub mod fixtures;
pub mod screening;
pub mod synth;
