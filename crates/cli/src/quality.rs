//! `bonafide quality`: precision and recall per tier, and false positives per
//! kind of honest applicant, on the labelled synthetic corpus.

use crate::config::Loaded;
use anyhow::Result;
use bonafide_model::{parse_application, Tier};
use bonafide_testkit::corpus::{corpus, FRAUD_KINDS, HONEST_KINDS};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Figures for one threshold.
#[derive(Debug, Clone, Copy, Default)]
pub struct TierFigures {
    /// Flagged and fraudulent.
    pub true_positives: usize,
    /// Flagged and honest.
    pub false_positives: usize,
    /// Fraudulent in the corpus.
    pub fraud: usize,
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
}

/// The whole report.
#[derive(Debug, Default)]
pub struct Report {
    /// Review or above.
    pub review: TierFigures,
    /// Escalate.
    pub escalate: TierFigures,
    /// Per kind: (applications, at review or above, at escalate).
    pub kinds: BTreeMap<&'static str, (usize, usize, usize)>,
    /// Per kind: how often each rule fired on its applications at review or above.
    pub flagged_rules: BTreeMap<&'static str, BTreeMap<String, usize>>,
    /// Per ring kind: how well the link graph finds its rings.
    pub rings: BTreeMap<&'static str, RingFigures>,
}

/// How well the links find the rings of one kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct RingFigures {
    /// Rings generated.
    pub rings: usize,
    /// Rings whose members are all joined by their verdicts' links (directly or through each other).
    pub joined: usize,
    /// Members of rings.
    pub members: usize,
    /// Members linked to at least one other member of their ring.
    pub linked: usize,
}

/// Score the corpus with the bundled data and rules.
pub fn measure(loaded: &Loaded, per_kind: usize, seed: u64) -> Result<Report> {
    let labelled = corpus(per_kind, seed);
    let mut apps = Vec::with_capacity(labelled.len());
    for (json, _) in &labelled {
        apps.push(
            parse_application(&json.to_string())
                .map_err(|e| anyhow::anyhow!("corpus record: {e}"))?,
        );
    }
    let engine = bonafide_engine::Engine::new(&loaded.reference, &loaded.rules);
    let verdicts = engine.score_batch(&apps);
    let mut report = Report::default();
    for ((_, label), verdict) in labelled.iter().zip(&verdicts) {
        let review = verdict.tier >= Tier::Review;
        let escalate = verdict.tier == Tier::Escalate;
        for (figures, flagged) in [
            (&mut report.review, review),
            (&mut report.escalate, escalate),
        ] {
            if label.fraud {
                figures.fraud += 1;
            }
            match (flagged, label.fraud) {
                (true, true) => figures.true_positives += 1,
                (true, false) => figures.false_positives += 1,
                _ => {}
            }
        }
        if review {
            let rules = report.flagged_rules.entry(label.kind).or_default();
            for signal in &verdict.signals {
                *rules.entry(signal.id.clone()).or_default() += 1;
            }
        }
        let entry = report.kinds.entry(label.kind).or_default();
        entry.0 += 1;
        entry.1 += usize::from(review);
        entry.2 += usize::from(escalate);
    }
    report.rings = ring_figures(&labelled, &verdicts);
    Ok(report)
}

/// For every ring of the corpus: are its members linked to one another?
fn ring_figures(
    labelled: &[(serde_json::Value, bonafide_testkit::corpus::Label)],
    verdicts: &[bonafide_model::Verdict],
) -> BTreeMap<&'static str, RingFigures> {
    let mut rings: BTreeMap<u32, (&'static str, Vec<usize>)> = BTreeMap::new();
    for (i, (_, label)) in labelled.iter().enumerate() {
        if label.ring != 0 {
            rings
                .entry(label.ring)
                .or_insert((label.kind, Vec::new()))
                .1
                .push(i);
        }
    }
    let mut out: BTreeMap<&'static str, RingFigures> = BTreeMap::new();
    for (kind, members) in rings.values() {
        let ids: Vec<&str> = members
            .iter()
            .map(|i| verdicts[*i].application_id.as_str())
            .collect();
        // Union the members along the links their verdicts name.
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
                if let Some(b) = ids.iter().position(|id| *id == link.application_id) {
                    any = true;
                    let (ra, rb) = (find(&mut root, a), find(&mut root, b));
                    root[ra] = rb;
                }
            }
            linked += usize::from(any);
        }
        let first = find(&mut root, 0);
        let joined = (0..members.len()).all(|m| find(&mut root, m) == first);
        let figures = out.entry(kind).or_default();
        figures.rings += 1;
        figures.joined += usize::from(joined);
        figures.members += members.len();
        figures.linked += linked;
    }
    out
}

impl Report {
    /// The report as Markdown.
    pub fn render(&self) -> String {
        let mut out = String::from("| tier | precision | recall | flagged fraud | flagged honest |\n|---|---|---|---|---|\n");
        for (name, f) in [
            ("review or above", &self.review),
            ("escalate", &self.escalate),
        ] {
            let _ = writeln!(
                out,
                "| {name} | {:.3} | {:.3} | {} of {} | {} |",
                f.precision(),
                f.recall(),
                f.true_positives,
                f.fraud,
                f.false_positives
            );
        }
        out.push_str("\n| kind | applications | review or above | escalate | rules behind review (top 3) |\n|---|---|---|---|---|\n");
        for kind in FRAUD_KINDS.iter().chain(HONEST_KINDS) {
            if let Some((n, review, escalate)) = self.kinds.get(kind) {
                let mut top: Vec<(&String, &usize)> = self
                    .flagged_rules
                    .get(kind)
                    .map(|r| r.iter().collect())
                    .unwrap_or_default();
                top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let top: Vec<String> = top
                    .iter()
                    .take(3)
                    .map(|(id, n)| format!("{id} ({n})"))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {kind} | {n} | {review} ({:.1}%) | {escalate} ({:.1}%) | {} |",
                    100.0 * *review as f64 / (*n).max(1) as f64,
                    100.0 * *escalate as f64 / (*n).max(1) as f64,
                    top.join(", ")
                );
            }
        }
        out.push_str("\n| ring kind | rings | all members joined by links | members | linked to a ring-mate |\n|---|---|---|---|---|\n");
        for (kind, f) in &self.rings {
            let _ = writeln!(
                out,
                "| {kind} | {} | {} ({:.1}%) | {} | {} ({:.1}%) |",
                f.rings,
                f.joined,
                100.0 * f.joined as f64 / f.rings.max(1) as f64,
                f.members,
                f.linked,
                100.0 * f.linked as f64 / f.members.max(1) as f64
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::measure;
    use bonafide_testkit::corpus::{FRAUD_KINDS, HONEST_KINDS};

    /// Floors for the scores on the labelled corpus; `bonafide quality` prints the figures.
    #[test]
    fn corpus_precision_recall_and_false_positives_stay_above_their_floors() {
        let loaded = crate::config::load_bundled().expect("bundled data loads");
        let report = measure(&loaded, 60, 11).expect("corpus scores");
        assert!(
            report.review.recall() >= 0.95,
            "review recall {}",
            report.review.recall()
        );
        assert!(
            report.review.precision() >= 0.95,
            "review precision {}",
            report.review.precision()
        );
        assert!(
            report.escalate.precision() >= 0.99,
            "escalate precision {}",
            report.escalate.precision()
        );
        for kind in FRAUD_KINDS {
            let (n, review, _) = report.kinds[kind];
            assert!(
                review as f64 >= 0.9 * n as f64,
                "{kind}: {review} of {n} reach review"
            );
        }
        for kind in HONEST_KINDS {
            let (n, review, escalate) = report.kinds[kind];
            assert!(
                review as f64 <= 0.02 * n as f64,
                "{kind}: {review} of {n} reach review"
            );
            assert_eq!(escalate, 0, "{kind} escalated");
        }
        for (kind, rings) in &report.rings {
            assert_eq!(
                rings.joined, rings.rings,
                "{kind}: not every ring is joined by its links"
            );
        }
        assert!(report.rings.contains_key("ring_quiet_farm"));
    }
}
