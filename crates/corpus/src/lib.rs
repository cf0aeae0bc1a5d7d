//! Generated applications that `bonafide quality`, `calibrate` and `bench`
//! measure with: a labelled corpus of rings and honest look-alikes built on
//! the fixture places ([`corpus`]), an independent field corpus and its
//! realistic stream ([`field`]), and the generators they share. Nothing here is
//! third-party data. Test-only material (the fixture databases, sanctions
//! probes) stays in `bonafide-testkit`.

pub mod corpus;
pub mod field;
pub mod money;
pub mod places;
pub mod words;
