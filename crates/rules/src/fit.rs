//! Fitting the score model: logistic regression on which rules fired.
//!
//! Each labelled application is the set of rules that fired on it and whether
//! the pattern was confirmed. The weights are fitted by cyclic coordinate
//! descent (one Newton step per weight, then projected): every weight stays on
//! the side of zero its written points put it (a rule that adds suspicion never
//! lowers a score), an L2 penalty pulls each weight toward its prior (the
//! shipped weight, or what its points give it) so a rule seen rarely keeps what
//! it had, and policy rules are not fitted at all. `linfa-logistic` fits an
//! unconstrained model by L-BFGS; neither the sign constraints nor the pull
//! toward a prior fit it, and the problem (a few dozen binary features) is
//! small enough that this converges in milliseconds.

/// One labelled application: the rules that fired (indices) and the outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Indices of the rules that fired.
    pub fired: Vec<usize>,
    /// Whether a person confirmed the pattern (or the corpus says it is fraud).
    pub fraud: bool,
    /// The unit of cross-validation: applications of one group (a ring, a
    /// person) are never split between training and held-out folds.
    pub group: u64,
}

/// What is fitted per rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prior {
    /// The weight the rule has before fitting (log-odds).
    pub weight: f64,
    /// Whether the fit may change it.
    pub free: bool,
}

/// A fitted model: intercept and one weight per rule, in rule order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// Log-odds when nothing fires.
    pub intercept: f64,
    /// Weights in rule order.
    pub weights: Vec<f64>,
}

impl Fitted {
    /// The probability the model gives a sample.
    pub fn probability(&self, sample: &Sample) -> f64 {
        crate::sigmoid(self.margin(&sample.fired))
    }

    fn margin(&self, fired: &[usize]) -> f64 {
        self.intercept + fired.iter().map(|i| self.weights[*i]).sum::<f64>()
    }
}

/// Fit weights to samples. `lambda` is the strength of the pull toward each
/// prior (per sample: the penalty is `lambda · n / 2 · Σ (w − prior)²`).
pub fn fit(samples: &[Sample], priors: &[Prior], lambda: f64) -> Fitted {
    let n = samples.len().max(1) as f64;
    let positives = samples.iter().filter(|s| s.fraud).count() as f64;
    let base = ((positives + 0.5) / (n - positives + 0.5)).ln();
    let mut model = Fitted {
        intercept: base,
        weights: priors.iter().map(|p| p.weight).collect(),
    };
    // Which samples each rule fired on.
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); priors.len()];
    for (s, sample) in samples.iter().enumerate() {
        for rule in &sample.fired {
            if let Some(list) = holders.get_mut(*rule) {
                list.push(s);
            }
        }
    }
    let mut margins: Vec<f64> = samples.iter().map(|s| model.margin(&s.fired)).collect();
    let penalty = lambda * n;
    for _sweep in 0..200 {
        let mut largest_step: f64 = 0.0;
        // The intercept: unpenalised.
        let (mut gradient, mut curvature) = (0.0, 0.0);
        for (sample, margin) in samples.iter().zip(&margins) {
            let p = crate::sigmoid(*margin);
            gradient += p - f64::from(u8::from(sample.fraud));
            curvature += p * (1.0 - p);
        }
        // Damped: with nearly separable data a full step overshoots.
        let step = (gradient / curvature.max(1e-9)).clamp(-2.0, 2.0);
        model.intercept -= step;
        margins.iter_mut().for_each(|m| *m -= step);
        largest_step = largest_step.max(step.abs());
        for (rule, prior) in priors.iter().enumerate() {
            if !prior.free {
                continue;
            }
            let (mut gradient, mut curvature) = (0.0, penalty);
            for s in &holders[rule] {
                let p = crate::sigmoid(margins[*s]);
                gradient += p - f64::from(u8::from(samples[*s].fraud));
                curvature += p * (1.0 - p);
            }
            let current = model.weights[rule];
            gradient += penalty * (current - prior.weight);
            let mut next = current - (gradient / curvature.max(1e-9)).clamp(-2.0, 2.0);
            // Keep the sign the rule's points give it.
            next = if prior.weight >= 0.0 {
                next.clamp(0.0, 20.0)
            } else {
                next.clamp(-20.0, 0.0)
            };
            let step = next - current;
            if step != 0.0 {
                model.weights[rule] = next;
                for s in &holders[rule] {
                    margins[*s] += step;
                }
            }
            largest_step = largest_step.max(step.abs());
        }
        if largest_step < 1e-7 {
            break;
        }
    }
    model
}

/// Figures of a model on labelled data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    /// Applications.
    pub n: usize,
    /// Fraudulent applications.
    pub fraud: usize,
    /// Area under the precision-recall curve (average precision).
    pub pr_auc: f64,
    /// Mean log-loss.
    pub log_loss: f64,
    /// Brier score (mean squared error of the probability).
    pub brier: f64,
}

/// Average precision of scores against labels: the precision at each distinct
/// score threshold, weighted by the recall it adds (as scikit-learn computes it;
/// equal scores are one threshold).
pub fn pr_auc(scored: &[(f64, bool)]) -> f64 {
    let positives = scored.iter().filter(|(_, y)| *y).count();
    if positives == 0 {
        return 0.0;
    }
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut true_pos, mut seen, mut sum) = (0usize, 0usize, 0.0);
    for tie in sorted.chunk_by(|a, b| a.0 == b.0) {
        let hits = tie.iter().filter(|(_, y)| *y).count();
        true_pos += hits;
        seen += tie.len();
        sum += hits as f64 / positives as f64 * (true_pos as f64 / seen as f64);
    }
    sum
}

/// PR-AUC, log-loss and Brier score of probabilities against labels.
pub fn figures(scored: &[(f64, bool)]) -> Figures {
    let n = scored.len();
    let mut log_loss = 0.0;
    let mut brier = 0.0;
    for (p, y) in scored {
        let p = p.clamp(1e-6, 1.0 - 1e-6);
        let y = f64::from(u8::from(*y));
        log_loss -= y * p.ln() + (1.0 - y) * (1.0 - p).ln();
        brier += (p - y).powi(2);
    }
    Figures {
        n,
        fraud: scored.iter().filter(|(_, y)| *y).count(),
        pr_auc: pr_auc(scored),
        log_loss: log_loss / n.max(1) as f64,
        brier: brier / n.max(1) as f64,
    }
}

/// K-fold cross-validation by group: each fold is fitted on the others and
/// scored on itself; the figures are over every held-out probability.
pub fn cross_validate(samples: &[Sample], priors: &[Prior], lambda: f64, folds: u64) -> Figures {
    let folds = folds.max(2);
    let mut held_out = Vec::with_capacity(samples.len());
    for fold in 0..folds {
        let in_fold = |s: &Sample| mix(s.group) % folds == fold;
        let train: Vec<Sample> = samples.iter().filter(|s| !in_fold(s)).cloned().collect();
        let model = fit(&train, priors, lambda);
        held_out.extend(
            samples
                .iter()
                .filter(|s| in_fold(s))
                .map(|s| (model.probability(s), s.fraud)),
        );
    }
    figures(&held_out)
}

/// Spread group numbers over folds (consecutive ring numbers go to different folds).
fn mix(group: u64) -> u64 {
    let mut x = group.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Sample> {
        // Rule 0 fires on most fraud and on a few honest; rule 1 on a seventh of each
        // (useless); rule 2 never fires.
        let mut out = Vec::new();
        for i in 0..1000u64 {
            let fraud = i % 10 == 0;
            let mut fired = Vec::new();
            if (fraud && i % 30 != 0) || (!fraud && i % 50 == 1) {
                fired.push(0);
            }
            if i % 7 == 3 {
                fired.push(1);
            }
            out.push(Sample {
                fired,
                fraud,
                group: i,
            });
        }
        out
    }

    #[test]
    fn a_telling_rule_gets_weight_and_a_useless_one_little() {
        let priors = [Prior {
            weight: 1.0,
            free: true,
        }; 3];
        let model = fit(&samples(), &priors, 0.0001);
        assert!(model.weights[0] > 3.0, "{model:?}");
        assert!(model.weights[1] < 0.3, "{model:?}");
        // Never seen: stays at its prior.
        assert!((model.weights[2] - 1.0).abs() < 1e-6, "{model:?}");
        let figures = cross_validate(&samples(), &priors, 0.0001, 5);
        // 67 of 100 fraudulent applications above 20 honest ones, the rest level.
        assert!(figures.pr_auc > 0.5, "{figures:?}");
    }

    #[test]
    fn weights_keep_their_sign_and_fixed_ones_do_not_move() {
        // Rule 1 fires more on honest applications: left free it would go negative.
        let priors = [
            Prior {
                weight: 1.0,
                free: true,
            },
            Prior {
                weight: 0.5,
                free: true,
            },
            Prior {
                weight: 4.0,
                free: false,
            },
        ];
        let mut data = samples();
        for s in data.iter_mut().filter(|s| !s.fraud) {
            s.fired.push(1);
        }
        let model = fit(&data, &priors, 0.0001);
        assert!(model.weights[1] >= 0.0);
        assert_eq!(model.weights[2], 4.0);
    }

    #[test]
    fn average_precision_of_known_rankings() {
        assert_eq!(pr_auc(&[(0.9, true), (0.5, false), (0.1, false)]), 1.0);
        // Fraud ranked second of two: precision 1/2 at its recall.
        assert_eq!(pr_auc(&[(0.9, false), (0.5, true)]), 0.5);
        // Equal scores are one threshold.
        assert_eq!(pr_auc(&[(0.5, false), (0.5, true)]), 0.5);
        assert!((pr_auc(&[(0.9, true), (0.5, false), (0.5, true)]) - 5.0 / 6.0).abs() < 1e-12);
    }
}
