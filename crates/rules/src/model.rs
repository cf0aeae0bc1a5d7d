//! The score model: how the rules that fired become a score.
//!
//! With `rules/weights.toml` (written by `bonafide calibrate`) each rule
//! carries a weight in log-odds and the score is a calibrated probability,
//! `100 · σ(intercept + Σ weights of the rules that fired)`: the chance that a
//! person reviewing an application like this one confirms the pattern, as
//! estimated on labelled data. A policy rule (`fit = false`, such as a
//! sanctions match) is given the weight that makes it, alone, score its written
//! `points`; a rule the file does not weigh (one added since the last fit)
//! adds the odds its points stand for against the baseline prevalence, so it
//! counts as much as its points say and no more. Without the file the score is
//! the old sum of points.
//!
//! Either way each fired rule's `points` in the verdict is its share of the
//! score (in proportion to its weight), so the points of a verdict add up to
//! its score and explanations keep their shape.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The fitted model as written in `weights.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WeightsFile {
    pub intercept: f64,
    /// The log-odds of the stated prevalence: what written points are read against.
    pub baseline: f64,
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
}

/// A logistic model over rule outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreModel {
    /// Log-odds when no rule fires.
    pub intercept: f64,
    /// The log-odds of the prevalence the score assumes.
    pub baseline: f64,
    /// Fitted weights (log-odds) by rule id.
    pub weights: BTreeMap<String, f64>,
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The log-odds of a probability.
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

impl ScoreModel {
    /// The weight written points stand for: a policy rule's makes it, alone,
    /// score its points; another rule's is the odds its points stand for
    /// against the baseline prevalence (a 10-point rule about 0.75). A negative
    /// rule lowers the odds by a tenth of its points.
    pub fn prior_weight(&self, points: i32, policy: bool) -> f64 {
        if points <= 0 {
            return f64::from(points) / 10.0;
        }
        let p = f64::from(points.clamp(1, 99)) / 100.0;
        let against = if policy {
            self.intercept
        } else {
            self.baseline
        };
        (logit(p) - against).max(0.0)
    }

    /// A rule's weight: fitted, or from its points.
    pub fn weight(&self, id: &str, points: i32, policy: bool) -> f64 {
        if policy {
            return self.prior_weight(points, true);
        }
        self.weights
            .get(id)
            .copied()
            .unwrap_or_else(|| self.prior_weight(points, false))
    }

    /// The probability for a set of fired weights.
    pub fn probability(&self, weights: &[f64]) -> f64 {
        sigmoid(self.intercept + weights.iter().sum::<f64>())
    }
}

/// A score and each fired rule's share of it, from the rules' weights.
///
/// `weights[i]` is the weight of the i-th fired rule. With a model the score is
/// the probability in percent; without one, the sum of the (integer) weights,
/// clamped. Shares are whole points that add up to the score (largest
/// remainders), in proportion to the positive weights; a rule with no positive
/// weight gets 0 (or, without a model, its own negative points).
pub fn score_and_shares(model: Option<&ScoreModel>, weights: &[f64]) -> (u8, Vec<i32>) {
    let Some(model) = model else {
        let total: f64 = weights.iter().sum();
        let score = total.clamp(0.0, 100.0) as u8;
        return (score, weights.iter().map(|w| *w as i32).collect());
    };
    if weights.is_empty() {
        return (0, Vec::new());
    }
    let score = (100.0 * model.probability(weights))
        .round()
        .clamp(0.0, 100.0) as u8;
    let positive: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if positive <= 0.0 {
        return (score, vec![0; weights.len()]);
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| f64::from(score) * w.max(0.0) / positive)
        .collect();
    let mut shares: Vec<i32> = exact.iter().map(|x| x.floor() as i32).collect();
    let mut left = i32::from(score) - shares.iter().sum::<i32>();
    let mut order: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] > 0.0).collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (exact[*a] - exact[*a].floor(), exact[*b] - exact[*b].floor());
        rb.total_cmp(&ra).then(a.cmp(b))
    });
    for i in order.into_iter().cycle() {
        if left <= 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    (score, shares)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> ScoreModel {
        ScoreModel {
            intercept: -5.0,
            baseline: -3.0,
            weights: BTreeMap::from([("a".to_owned(), 3.0), ("b".to_owned(), 1.0)]),
        }
    }

    #[test]
    fn a_policy_rule_scores_its_points_alone_and_an_unweighed_one_counts_modestly() {
        let m = model();
        for points in [10, 45, 100] {
            let w = m.weight("policy", points, true);
            let (score, shares) = score_and_shares(Some(&m), &[w]);
            assert_eq!(score, points.min(99) as u8);
            assert_eq!(shares, vec![i32::from(score)]);
        }
        // Two unweighed 10-point rules stay far from a sure thing.
        let w = m.weight("new", 10, false);
        assert!((w - (logit(0.1) + 3.0)).abs() < 1e-12);
        let (score, _) = score_and_shares(Some(&m), &[w, w]);
        assert!(score < 10, "{score}");
    }

    #[test]
    fn shares_add_up_to_the_score_in_proportion_to_weights() {
        let m = model();
        let (score, shares) = score_and_shares(Some(&m), &[3.0, 1.0, 0.0]);
        // σ(-1) = 26.9 %.
        assert_eq!(score, 27);
        assert_eq!(shares.iter().sum::<i32>(), 27);
        assert_eq!(shares, vec![20, 7, 0]);
        assert_eq!(score_and_shares(Some(&m), &[]), (0, vec![]));
    }

    #[test]
    fn without_a_model_points_add_up_and_clamp() {
        assert_eq!(
            score_and_shares(None, &[60.0, 50.0, -5.0]),
            (100, vec![60, 50, -5])
        );
        assert_eq!(score_and_shares(None, &[-5.0]), (0, vec![-5]));
    }
}
