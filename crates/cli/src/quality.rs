//! `bonafide quality`: how the scores do on labelled corpora, per half.
//!
//! Per corpus and half: precision, recall and false-positive rate at each
//! tier, PR-AUC of the score as a ranking, recall per ring type (and how many
//! rings have at least half their workers at review), false positives per kind
//! of honest applicant with the rules behind them, whether the links join each
//! ring, and a bias report: the false-positive rate per name-origin group as the
//! corpus labels it, with the gap between Korean, Chinese and Russian names and
//! the others. The group is read from the corpus labels only, after scoring.

use crate::labelled::{Case, Corpus, Half};
use bonafide_model::{Tier, Verdict};
use bonafide_rules::fit::pr_auc;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Name origins the bias report compares with every other.
pub const WATCHED_ORIGINS: &[&str] = &["korean", "chinese", "russian"];

/// Figures for one threshold.
#[derive(Debug, Clone, Copy, Default)]
pub struct TierFigures {
    /// Flagged and fraudulent.
    pub true_positives: usize,
    /// Flagged and honest.
    pub false_positives: usize,
    /// Fraudulent in the corpus.
    pub fraud: usize,
    /// Honest in the corpus.
    pub honest: usize,
}

impl TierFigures {
    /// Share of flagged applications that are fraudulent.
    pub fn precision(&self) -> f64 {
        self.true_positives as f64 / (self.true_positives + self.false_positives).max(1) as f64
    }

    /// Share of fraudulent applications flagged.
    pub fn recall(&self) -> f64 {
        self.true_positives as f64 / self.fraud.max(1) as f64
    }

    /// Share of honest applications flagged.
    pub fn false_positive_rate(&self) -> f64 {
        self.false_positives as f64 / self.honest.max(1) as f64
    }
}

/// Per kind: applications, at review or above, at escalate.
#[derive(Debug, Clone, Copy, Default)]
pub struct KindFigures {
    /// Applications.
    pub n: usize,
    /// At review or above.
    pub review: usize,
    /// At escalate.
    pub escalate: usize,
}

impl KindFigures {
    /// Share at review or above.
    pub fn review_rate(&self) -> f64 {
        self.review as f64 / self.n.max(1) as f64
    }
}

/// How well the links and the scores find the rings of one type.
#[derive(Debug, Clone, Copy, Default)]
pub struct RingFigures {
    /// Rings.
    pub rings: usize,
    /// Rings whose members are all joined by their verdicts' links.
    pub joined: usize,
    /// Rings with at least half their workers at review or above.
    pub half_at_review: usize,
    /// Members of rings.
    pub members: usize,
    /// Members linked to at least one other member of their ring.
    pub linked: usize,
}

/// The report for one corpus half.
#[derive(Debug, Default)]
pub struct Report {
    /// Which corpus.
    pub corpus: &'static str,
    /// Which half.
    pub half: &'static str,
    /// Review or above.
    pub review: TierFigures,
    /// Escalate.
    pub escalate: TierFigures,
    /// Average precision of the score as a ranking.
    pub pr_auc: f64,
    /// Per kind (ring types and honest kinds).
    pub kinds: BTreeMap<&'static str, KindFigures>,
    /// Per kind: how often each rule fired on its applications at review or above.
    pub flagged_rules: BTreeMap<&'static str, BTreeMap<String, usize>>,
    /// Per ring type.
    pub rings: BTreeMap<&'static str, RingFigures>,
    /// Honest applications per name origin: (applications, at review or above).
    pub origins: BTreeMap<&'static str, (usize, usize)>,
    /// The same, counting only those at review for a reason other than a
    /// sanctions-list name match (screening compares names by law; the
    /// pattern's rules must not).
    pub origins_unscreened: BTreeMap<&'static str, (usize, usize)>,
    ring_kinds: Vec<&'static str>,
    honest_kinds: Vec<&'static str>,
}

impl Report {
    /// The false-positive rate of Korean, Chinese and Russian names minus that of
    /// every other labelled origin, in percentage points (`None` without both).
    pub fn origin_gap(&self) -> Option<f64> {
        gap(&self.origins)
    }

    /// [`Report::origin_gap`] without sanctions-screening hits.
    pub fn origin_gap_unscreened(&self) -> Option<f64> {
        gap(&self.origins_unscreened)
    }
}

fn gap(origins: &BTreeMap<&'static str, (usize, usize)>) -> Option<f64> {
    let (mut watched, mut others) = ((0, 0), (0, 0));
    for (origin, (n, flagged)) in origins {
        if *origin == "unlabelled" {
            continue;
        }
        let side = if WATCHED_ORIGINS.contains(origin) {
            &mut watched
        } else {
            &mut others
        };
        side.0 += n;
        side.1 += flagged;
    }
    if watched.0 == 0 || others.0 == 0 {
        return None;
    }
    let rate = |(n, f): (usize, usize)| 100.0 * f as f64 / n as f64;
    Some(rate(watched) - rate(others))
}

impl Report {
    /// The worst honest kind's share at review or above.
    pub fn worst_honest(&self) -> Option<(&'static str, f64)> {
        self.honest_kinds
            .iter()
            .filter_map(|k| Some((*k, self.kinds.get(k)?.review_rate())))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The worst ring type's recall at review.
    pub fn worst_ring(&self) -> Option<(&'static str, f64)> {
        self.ring_kinds
            .iter()
            .filter_map(|k| Some((*k, self.kinds.get(k)?.review_rate())))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Measure one half of a scored corpus.
pub fn measure(corpus: Corpus, half: Half, cases: &[Case], verdicts: &[Verdict]) -> Report {
    let (ring_kinds, honest_kinds) = corpus.kinds();
    let mut report = Report {
        corpus: corpus.name(),
        half: half.name(),
        ring_kinds: ring_kinds.to_vec(),
        honest_kinds: honest_kinds.to_vec(),
        ..Report::default()
    };
    let mut ranked = Vec::new();
    for (case, verdict) in cases.iter().zip(verdicts) {
        if case.half != half {
            continue;
        }
        let review = verdict.tier >= Tier::Review;
        let escalate = verdict.tier == Tier::Escalate;
        ranked.push((f64::from(verdict.score), case.fraud));
        for (figures, flagged) in [
            (&mut report.review, review),
            (&mut report.escalate, escalate),
        ] {
            if case.fraud {
                figures.fraud += 1;
                figures.true_positives += usize::from(flagged);
            } else {
                figures.honest += 1;
                figures.false_positives += usize::from(flagged);
            }
        }
        if review {
            let rules = report.flagged_rules.entry(case.kind).or_default();
            for signal in &verdict.signals {
                *rules.entry(signal.id.clone()).or_default() += 1;
            }
        }
        let kind = report.kinds.entry(case.kind).or_default();
        kind.n += 1;
        kind.review += usize::from(review);
        kind.escalate += usize::from(escalate);
        if !case.fraud {
            let origin = report.origins.entry(case.origin).or_default();
            origin.0 += 1;
            origin.1 += usize::from(review);
            let screened = verdict
                .signals
                .iter()
                .any(|s| s.id.starts_with("sanctions."));
            let origin = report.origins_unscreened.entry(case.origin).or_default();
            origin.0 += 1;
            origin.1 += usize::from(review && !screened);
        }
    }
    report.pr_auc = pr_auc(&ranked);
    report.rings = ring_figures(half, cases, verdicts);
    report
}

/// For every ring of the half: are its members linked to one another, and are
/// at least half of them at review?
fn ring_figures(
    half: Half,
    cases: &[Case],
    verdicts: &[Verdict],
) -> BTreeMap<&'static str, RingFigures> {
    let mut rings: BTreeMap<u32, (&'static str, Vec<usize>)> = BTreeMap::new();
    for (i, case) in cases.iter().enumerate() {
        if case.ring != 0 && case.fraud && case.half == half {
            rings
                .entry(case.ring)
                .or_insert((case.kind, Vec::new()))
                .1
                .push(i);
        }
    }
    let mut out: BTreeMap<&'static str, RingFigures> = BTreeMap::new();
    for (kind, members) in rings.values() {
        let ids: Vec<(&str, &str)> = members
            .iter()
            .map(|i| {
                (
                    verdicts[*i].tenant_id.as_str(),
                    verdicts[*i].application_id.as_str(),
                )
            })
            .collect();
        let mut root: Vec<usize> = (0..members.len()).collect();
        fn find(root: &mut [usize], mut x: usize) -> usize {
            while root[x] != x {
                root[x] = root[root[x]];
                x = root[x];
            }
            x
        }
        let mut linked = 0;
        for (a, i) in members.iter().enumerate() {
            let mut any = false;
            for link in &verdicts[*i].linked_applications {
                if let Some(b) = ids.iter().position(|(_, id)| *id == link.application_id) {
                    any = true;
                    let (ra, rb) = (find(&mut root, a), find(&mut root, b));
                    root[ra] = rb;
                }
            }
            linked += usize::from(any);
        }
        let first = find(&mut root, 0);
        let joined = (0..members.len()).all(|m| find(&mut root, m) == first);
        let at_review = members
            .iter()
            .filter(|i| verdicts[**i].tier >= Tier::Review)
            .count();
        let figures = out.entry(kind).or_default();
        figures.rings += 1;
        figures.joined += usize::from(joined);
        figures.half_at_review += usize::from(at_review * 2 >= members.len());
        figures.members += members.len();
        figures.linked += linked;
    }
    out
}

fn pct(part: usize, whole: usize) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole.max(1) as f64)
}

impl Report {
    /// The report as Markdown.
    pub fn render(&self) -> String {
        let mut out = format!(
            "## {}, {}\n\n{} applications ({} fraudulent); PR-AUC {:.3}\n\n",
            self.corpus,
            self.half,
            self.review.fraud + self.review.honest,
            self.review.fraud,
            self.pr_auc
        );
        if let (Some((ring, recall)), Some((honest, rate))) =
            (self.worst_ring(), self.worst_honest())
        {
            let _ = writeln!(
                out,
                "Worst ring type: {ring} ({:.1}% at review); worst honest kind: {honest} ({:.1}% at review).\n",
                100.0 * recall,
                100.0 * rate
            );
        }
        out.push_str("| tier | precision | recall | false-positive rate | flagged fraud | flagged honest |\n|---|---|---|---|---|---|\n");
        for (name, f) in [
            ("review or above", &self.review),
            ("escalate", &self.escalate),
        ] {
            let _ = writeln!(
                out,
                "| {name} | {:.3} | {:.3} | {:.2}% | {} of {} | {} of {} |",
                f.precision(),
                f.recall(),
                100.0 * f.false_positive_rate(),
                f.true_positives,
                f.fraud,
                f.false_positives,
                f.honest
            );
        }
        out.push_str("\n| ring type | workers | recall at review | escalate | rings | at least half at review | all joined by links | top rules |\n|---|---|---|---|---|---|---|---|\n");
        for kind in &self.ring_kinds {
            let (Some(k), r) = (self.kinds.get(kind), self.rings.get(kind).copied()) else {
                continue;
            };
            let r = r.unwrap_or_default();
            let _ = writeln!(
                out,
                "| {kind} | {} | {} | {} | {} | {} | {} | {} |",
                k.n,
                pct(k.review, k.n),
                pct(k.escalate, k.n),
                r.rings,
                r.half_at_review,
                r.joined,
                self.top_rules(kind)
            );
        }
        out.push_str("\n| honest kind | applications | at review or above | escalate | rules behind review (top 3) |\n|---|---|---|---|---|\n");
        for kind in &self.honest_kinds {
            if let Some(k) = self.kinds.get(kind) {
                let _ = writeln!(
                    out,
                    "| {kind} | {} | {} | {} | {} |",
                    k.n,
                    pct(k.review, k.n),
                    pct(k.escalate, k.n),
                    self.top_rules(kind)
                );
            }
        }
        let labelled: BTreeSet<&&str> = self
            .origins
            .keys()
            .filter(|o| **o != "unlabelled")
            .collect();
        if !labelled.is_empty() {
            out.push_str(
                "\n| name origin (honest) | applications | at review or above |\n|---|---|---|\n",
            );
            for origin in labelled {
                let (n, flagged) = self.origins[*origin];
                let _ = writeln!(out, "| {origin} | {n} | {} |", pct(flagged, n));
            }
            if let (Some(gap), Some(unscreened)) = (self.origin_gap(), self.origin_gap_unscreened())
            {
                let _ = writeln!(
                    out,
                    "\nFalse-positive gap, {} names against the others: {gap:+.2} percentage points \
                     ({unscreened:+.2} leaving out sanctions-list name matches).",
                    WATCHED_ORIGINS.join("/")
                );
            }
        }
        out.push('\n');
        out
    }

    fn top_rules(&self, kind: &str) -> String {
        let mut top: Vec<(&String, &usize)> = self
            .flagged_rules
            .get(kind)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        top.iter()
            .take(3)
            .map(|(id, n)| format!("{id} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::measure;
    use crate::labelled::{cases, score, Corpus, Half};

    /// Floors for the own corpus's test half; `bonafide quality` prints the figures.
    #[test]
    fn the_own_corpus_test_half_stays_above_its_floors() {
        let loaded = crate::config::load_bundled().expect("bundled data loads");
        let cases = cases(Corpus::Own, 60, 11).expect("corpus");
        let verdicts = score(&loaded.reference, &loaded.rules, &cases);
        let report = measure(Corpus::Own, Half::Test, &cases, &verdicts);
        assert!(report.pr_auc >= 0.97, "PR-AUC {}", report.pr_auc);
        assert!(
            report.review.recall() >= 0.9,
            "review recall {}",
            report.review.recall()
        );
        assert!(
            report.review.false_positive_rate() <= 0.02,
            "false-positive rate {}",
            report.review.false_positive_rate()
        );
        assert!(
            report.escalate.precision() >= 0.98,
            "escalate precision {}",
            report.escalate.precision()
        );
        let (kind, rate) = report.worst_honest().expect("honest kinds");
        assert!(rate <= 0.05, "{kind}: {rate} at review");
        for (kind, rings) in &report.rings {
            assert_eq!(
                rings.joined, rings.rings,
                "{kind}: not every ring is joined by its links"
            );
        }
    }

    /// The field corpus's test half on the real data (its addresses are real
    /// ISPs'): floors a little under what `bonafide quality` measures at full
    /// scale, on a smaller corpus. Runs when `BONAFIDE_REAL_DATA` is set.
    #[test]
    fn the_field_corpus_test_half_on_real_data_stays_above_its_floors() {
        let Some(data) = std::env::var_os("BONAFIDE_REAL_DATA") else {
            eprintln!("skipped: BONAFIDE_REAL_DATA is not set");
            return;
        };
        let config =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/config-example.toml");
        assert!(std::path::Path::new(&data).is_dir());
        // The key goes into the config, not the process environment other tests read.
        let mut config = crate::config::Config::read(&config).expect("example config reads");
        config.identity.link_key = Some("a test key of at least sixteen bytes".to_owned());
        let loaded = config
            .load("example config".to_owned())
            .expect("real data loads");
        let cases = cases(Corpus::Field, 8_000, 1).expect("corpus");
        let verdicts = score(&loaded.reference, &loaded.rules, &cases);
        let report = measure(Corpus::Field, Half::Test, &cases, &verdicts);
        eprintln!("{}", report.render());
        assert!(report.pr_auc >= 0.9, "PR-AUC {}", report.pr_auc);
        assert!(
            report.review.recall() >= 0.85,
            "review recall {}",
            report.review.recall()
        );
        assert!(
            report.review.false_positive_rate() <= 0.01,
            "false-positive rate {}",
            report.review.false_positive_rate()
        );
        let (kind, rate) = report.worst_honest().expect("honest kinds");
        assert!(rate <= 0.05, "{kind}: {rate} at review");
        let gap = report.origin_gap_unscreened().expect("labelled origins");
        assert!(gap.abs() <= 0.5, "false-positive gap {gap:+.2} pp");
    }
}
