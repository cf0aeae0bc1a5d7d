//! Labelled corpora, split into a development half and a test half, and scored.
//!
//! Two corpora: the project's own (`testkit::corpus`, written alongside the
//! signals, so an upper bound) and the field corpus (`testkit::field`, written
//! at arm's length from the public case record by someone who had not read the
//! signals, rules or the other corpus). Each is split by ring and by person,
//! never one person or ring on both sides; weights are fitted on development
//! halves only, and the README quotes test halves.

use anyhow::Result;
use bonafide_engine::Engine;
use bonafide_model::{parse_application, Application, Verdict};
use bonafide_rules::Ruleset;
use bonafide_signals::Reference;

/// Which corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Corpus {
    /// The project's own synthetic corpus.
    Own,
    /// The independent field corpus.
    Field,
}

impl Corpus {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Corpus::Own => "own corpus",
            Corpus::Field => "field corpus",
        }
    }

    /// The ring types, then the honest kinds, in report order.
    pub fn kinds(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Corpus::Own => (
                bonafide_corpus::corpus::FRAUD_KINDS,
                bonafide_corpus::corpus::HONEST_KINDS,
            ),
            Corpus::Field => (
                bonafide_corpus::field::FIELD_RING_KINDS,
                bonafide_corpus::field::FIELD_HONEST_KINDS,
            ),
        }
    }
}

/// Which half of a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Half {
    /// Tuned and fitted on.
    Dev,
    /// Never tuned on: the figures to quote.
    Test,
}

impl Half {
    /// The half a split group falls in (a fixed mix of its number, so
    /// consecutive rings and people land on either side).
    pub fn of(group: u64) -> Half {
        let mut x = group.wrapping_add(0x2545_f491_4f6c_dd1d);
        x = (x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        x = (x ^ (x >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        if (x ^ (x >> 33)) & 1 == 0 {
            Half::Dev
        } else {
            Half::Test
        }
    }

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Half::Dev => "development half",
            Half::Test => "test half",
        }
    }
}

/// One labelled application.
#[derive(Debug, Clone)]
pub struct Case {
    /// The application.
    pub app: Application,
    /// Whether it is the pattern.
    pub fraud: bool,
    /// Ring type or honest kind.
    pub kind: &'static str,
    /// The ring (0: none).
    pub ring: u32,
    /// The unit of the split and of cross-validation.
    pub group: u64,
    /// The name's cultural origin as the corpus labels it (for the bias report
    /// only: it never reaches the scoring path).
    pub origin: &'static str,
    /// Its half.
    pub half: Half,
}

/// The corpus's applications with their labels: `scale` is applications per
/// kind for the own corpus, about the total for the field corpus.
pub fn cases(corpus: Corpus, scale: usize, seed: u64) -> Result<Vec<Case>> {
    let parse = |json: &serde_json::Value| {
        parse_application(&json.to_string()).map_err(|e| anyhow::anyhow!("corpus record: {e}"))
    };
    let mut out = Vec::new();
    match corpus {
        Corpus::Own => {
            // `scale` is applications per kind.
            for (json, label) in bonafide_corpus::corpus::corpus(scale, seed) {
                // Groups of the own corpus are numbered apart from the field's.
                let group = u64::from(label.group) | (1 << 40);
                out.push(Case {
                    app: parse(&json)?,
                    fraud: label.fraud,
                    kind: label.kind,
                    ring: label.ring,
                    group,
                    origin: "unlabelled",
                    half: Half::of(group),
                });
            }
        }
        Corpus::Field => {
            for (json, label) in bonafide_corpus::field::field_corpus(scale, seed) {
                out.push(Case {
                    app: parse(&json)?,
                    fraud: label.fraud,
                    kind: label.kind,
                    ring: label.ring,
                    group: label.split_group,
                    origin: label.name_origin,
                    half: Half::of(label.split_group),
                });
            }
        }
    }
    Ok(out)
}

/// Score every case of a corpus as one batch (its applications link to each other).
pub fn score(reference: &Reference, rules: &Ruleset, cases: &[Case]) -> Vec<Verdict> {
    let apps: Vec<Application> = cases.iter().map(|c| c.app.clone()).collect();
    Engine::new(reference, rules).score_batch(&apps)
}

#[cfg(test)]
mod tests {
    use super::Half;

    #[test]
    fn halves_are_about_even_and_fixed() {
        let dev = (0..10_000u64).filter(|g| Half::of(*g) == Half::Dev).count();
        assert!((4_700..5_300).contains(&dev), "{dev}");
        assert_eq!(Half::of(42), Half::of(42));
    }
}
