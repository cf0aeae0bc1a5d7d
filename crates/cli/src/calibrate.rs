//! `bonafide calibrate`: fit the rules' weights on labelled data and write them
//! as `weights.toml`, with the cross-validated figures in its header.
//!
//! Labelled data is the development halves of the two corpora (the default), a
//! labelled JSON Lines file, or the reviewer decisions kept in a store (the
//! feedback loop: confirmed is the pattern, cleared is not, re-verify says
//! nothing yet). The fit is `bonafide_rules::fit`: logistic regression on which
//! rules fired, weights kept on their points' side of zero, pulled toward the
//! weights they have now, policy rules (`fit = false`) left alone. The pull's
//! strength is chosen by cross-validation by group (ring or person).

use crate::config::Loaded;
use crate::labelled::{self, Corpus, Half};
use anyhow::{bail, Context, Result};
use bonafide_model::Verdict;
use bonafide_rules::fit::{cross_validate, figures, fit, Figures, Prior, Sample};
use bonafide_rules::{logit, sigmoid, Ruleset};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Where the labels come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The development halves of the own corpus (`per_kind`) and the field
    /// corpus (`scale`), the latter scored with the given data.
    Corpora {
        /// Own corpus applications per kind.
        per_kind: usize,
        /// Field corpus size.
        scale: usize,
    },
    /// A JSON Lines file of applications, each with `"label": "fraud" | "honest"`
    /// (and optionally `"group"`, the unit of cross-validation).
    File(PathBuf),
    /// Reviewer decisions in a store, optionally one employer's.
    Store {
        /// The store URL.
        url: String,
        /// Only this employer's decisions.
        tenant: Option<String>,
    },
}

/// Fewest labelled applications a fit from a file or the store accepts, and
/// fewest of each outcome.
const MIN_DECISIONS: usize = 50;
const MIN_PER_OUTCOME: usize = 10;
/// A rule must fire this often in the training data to be written with a fitted weight.
const MIN_SUPPORT: usize = 5;
/// Candidate strengths of the pull toward the prior weights.
const LAMBDAS: &[f64] = &[0.0003, 0.001, 0.003, 0.01, 0.03];
/// The pull for a refit from reviewer decisions: strong, so a few hundred
/// decisions move the shipped weights rather than replace them.
const STORE_LAMBDA: f64 = 0.05;

/// What was fitted and how well it did.
#[derive(Debug)]
pub struct Calibration {
    /// The file's text.
    pub weights_toml: String,
    /// Cross-validated figures of the chosen model.
    pub cross_validated: Figures,
}

/// Fit and render.
pub fn calibrate(
    own: &Loaded,
    field: &Loaded,
    source: &Source,
    prevalence: f64,
) -> Result<Calibration> {
    let rules = &field.rules;
    let (samples, described, fixed_lambda) = match source {
        Source::Corpora { per_kind, scale } => {
            let mut samples = Vec::new();
            for (corpus, loaded, size, seed) in [
                (Corpus::Own, own, *per_kind, 7),
                (Corpus::Field, field, *scale, 1),
            ] {
                let cases = labelled::cases(corpus, size, seed)?;
                let verdicts = labelled::score(&loaded.reference, &loaded.rules, &cases);
                for (case, verdict) in cases.iter().zip(&verdicts) {
                    if case.half == Half::Dev {
                        samples.push(sample(rules, verdict, case.fraud, case.group));
                    }
                }
            }
            (
                samples,
                format!(
                    "the development halves of the own corpus ({per_kind} per kind, seed 7) and the field corpus (scale {scale}, seed 1)"
                ),
                None,
            )
        }
        Source::File(path) => (
            enough(from_file(field, path)?)?,
            format!("{}", path.display()),
            None,
        ),
        Source::Store { url, tenant } => (
            from_store(url, tenant.as_deref(), rules)?,
            format!(
                "reviewer decisions in the store{}",
                tenant
                    .as_deref()
                    .map(|t| format!(" (employer {t})"))
                    .unwrap_or_default()
            ),
            Some(STORE_LAMBDA),
        ),
    };
    let fraud = samples.iter().filter(|s| s.fraud).count();
    if fraud == 0 || fraud == samples.len() {
        bail!("the labelled data needs both fraudulent and honest applications ({fraud} of {} are fraudulent)", samples.len());
    }
    let train_rate = fraud as f64 / samples.len() as f64;
    // The fit runs at the training data's prevalence; the written intercept is
    // moved to the stated one.
    let shift = logit(prevalence) - logit(train_rate);
    let baseline = logit(prevalence);
    let from_points = |intercept: f64, points: i32, policy: bool| {
        bonafide_rules::ScoreModel {
            intercept,
            baseline,
            weights: Default::default(),
        }
        .prior_weight(points, policy)
    };
    // Free rules start from, and are pulled toward, what their points stand for;
    // a refit from reviewer decisions pulls toward the weights shipped now.
    // Policy rules keep the weight that makes them, alone, score their points
    // under the fitted intercept, which depends on them a little: settle it.
    let shrink_to_shipped = fixed_lambda.is_some();
    let free_prior = |rule: &bonafide_rules::Rule| match (&rules.model, shrink_to_shipped) {
        (Some(model), true) => model.weight(&rule.id, rule.points, false),
        _ => from_points(baseline, rule.points, false),
    };
    let priors = |intercept: f64| -> Vec<Prior> {
        rules
            .rules
            .iter()
            .map(|rule| Prior {
                weight: if rule.fit {
                    free_prior(rule)
                } else {
                    from_points(intercept, rule.points, true)
                },
                free: rule.fit,
            })
            .collect()
    };
    let mut intercept = baseline;
    let mut lambda = fixed_lambda.unwrap_or(LAMBDAS[1]);
    let mut cv = Figures::default();
    for round in 0..3 {
        let p = priors(intercept);
        if round == 0 && fixed_lambda.is_none() {
            let mut best: Option<(f64, Figures)> = None;
            for candidate in LAMBDAS {
                let f = cross_validate(&samples, &p, *candidate, 5);
                if best.is_none_or(|(_, b)| f.log_loss < b.log_loss) {
                    best = Some((*candidate, f));
                }
            }
            if let Some((l, f)) = best {
                lambda = l;
                cv = f;
            }
        }
        intercept = fit(&samples, &p, lambda).intercept + shift;
    }
    let p = priors(intercept);
    if fixed_lambda.is_some() || cv.n == 0 {
        cv = cross_validate(&samples, &p, lambda, 5);
    }
    let model = fit(&samples, &p, lambda);
    let in_sample = figures(
        &samples
            .iter()
            .map(|s| (model.probability(s), s.fraud))
            .collect::<Vec<_>>(),
    );
    let mut support = vec![0usize; rules.rules.len()];
    for s in &samples {
        for r in &s.fired {
            support[*r] += 1;
        }
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Rule weights, written by `bonafide calibrate`: do not edit by hand; re-fit.\n\
         #\n\
         # The score is 100 · σ(intercept + the weights of the rules that fired): the\n\
         # chance that a reviewer confirms the pattern, at a prevalence of {:.1} % among\n\
         # the applications scored. Weights are log-odds. A policy rule (`fit = false`,\n\
         # such as a sanctions match) is not listed: it has the weight that makes it, alone,\n\
         # score its `points`. A rule seen fewer than {MIN_SUPPORT} times keeps what its points\n\
         # stand for against the baseline (the stated prevalence's log-odds).\n\
         #\n\
         # Fitted on {described}:\n\
         # {} applications, {} fraudulent; L2 pull toward the prior weights {lambda}\n\
         # (chosen by 5-fold cross-validation by ring and person).\n\
         # Cross-validated: PR-AUC {:.3}, log-loss {:.4}, Brier {:.4}.\n\
         # In sample:       PR-AUC {:.3}, log-loss {:.4}, Brier {:.4}.",
        100.0 * prevalence,
        samples.len(),
        fraud,
        cv.pr_auc,
        cv.log_loss,
        cv.brier,
        in_sample.pr_auc,
        in_sample.log_loss,
        in_sample.brier,
    );
    let _ = writeln!(
        text,
        "\nintercept = {:.4}\nbaseline = {baseline:.4}\n\n[weights]",
        model.intercept + shift
    );
    let mut rows: Vec<(&str, f64, usize)> = rules
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| rule.fit)
        .map(|(i, rule)| {
            let weight = if support[i] >= MIN_SUPPORT {
                model.weights[i]
            } else {
                from_points(baseline, rule.points, false)
            };
            (rule.id.as_str(), weight, support[i])
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    for (id, weight, n) in rows {
        let seen = if n >= MIN_SUPPORT {
            format!("fired on {n}")
        } else {
            format!("seen {n} times: from its points")
        };
        let _ = writeln!(
            text,
            "\"{id}\" = {weight:.4}  # {seen}; alone: {:.0}",
            100.0 * sigmoid(model.intercept + shift + weight)
        );
    }
    Ok(Calibration {
        weights_toml: text,
        cross_validated: cv,
    })
}

/// One verdict as a sample: the indices of the rules that fired.
fn sample(rules: &Ruleset, verdict: &Verdict, fraud: bool, group: u64) -> Sample {
    let index: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    Sample {
        fired: verdict
            .signals
            .iter()
            .filter_map(|s| index.get(s.id.as_str()).copied())
            .collect(),
        fraud,
        group,
    }
}

fn from_file(loaded: &Loaded, path: &std::path::Path) -> Result<Vec<Sample>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut apps = Vec::new();
    let mut labels = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let json: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let fraud = match json.get("label").and_then(|l| l.as_str()) {
            Some("fraud") => true,
            Some("honest") => false,
            _ => bail!(
                "{}:{}: needs \"label\": \"fraud\" or \"honest\"",
                path.display(),
                n + 1
            ),
        };
        let group = json
            .get("group")
            .and_then(|g| g.as_u64())
            .unwrap_or(n as u64);
        // A record that does not validate is left out and reported, as `score` does.
        match bonafide_model::parse_application(line) {
            Ok(app) => {
                apps.push(app);
                labels.push((fraud, group));
            }
            Err(e) => eprintln!("{}:{}: left out: {e}", path.display(), n + 1),
        }
    }
    let verdicts =
        bonafide_engine::Engine::new(&loaded.reference, &loaded.rules).score_batch(&apps);
    Ok(verdicts
        .iter()
        .zip(labels)
        .map(|(v, (fraud, group))| sample(&loaded.rules, v, fraud, group))
        .collect())
}

fn from_store(url: &str, tenant: Option<&str>, rules: &Ruleset) -> Result<Vec<Sample>> {
    let store = bonafide_store::open(url).map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
    let mut samples = Vec::new();
    let mut after = 0;
    let mut seen = std::collections::HashSet::new();
    loop {
        let records = store
            .link_entries(after, 1_000)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let Some(last) = records.last() else {
            break;
        };
        after = last.seq;
        for record in &records {
            // An empty entry is a removal's tombstone.
            if record.entry.is_empty()
                || tenant.is_some_and(|t| t != record.tenant)
                || !seen.insert((record.tenant.clone(), record.application_id.clone()))
            {
                continue;
            }
            let decisions = store
                .decisions(&record.tenant, &record.application_id)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let fraud = match decisions.last().map(|d| d.label) {
                Some(bonafide_store::Label::Confirmed) => true,
                Some(bonafide_store::Label::Cleared) => false,
                _ => continue,
            };
            let Some((_, verdict)) = store
                .verdict(&record.tenant, &record.application_id)
                .map_err(|e| anyhow::anyhow!("{e}"))?
            else {
                continue;
            };
            // Linked applications (a ring, one person's submissions) share a group.
            let group = verdict
                .linked_applications
                .iter()
                .map(|l| l.application_id.as_str())
                .chain([record.application_id.as_str()])
                .min()
                .map_or(0, |id| {
                    use std::hash::{Hash, Hasher};
                    let mut hasher = std::collections::hash_map::DefaultHasher::new();
                    (&record.tenant, id).hash(&mut hasher);
                    hasher.finish()
                });
            samples.push(sample(rules, &verdict, fraud, group));
        }
    }
    enough(samples)
}

/// Labelled data large enough to fit on: a few dozen applications where nothing
/// fires on the honest ones drive the intercept without bound.
fn enough(samples: Vec<Sample>) -> Result<Vec<Sample>> {
    let confirmed = samples.iter().filter(|s| s.fraud).count();
    if samples.len() < MIN_DECISIONS
        || confirmed < MIN_PER_OUTCOME
        || samples.len() - confirmed < MIN_PER_OUTCOME
    {
        bail!(
            "{} labelled applications ({confirmed} the pattern): a fit needs at least {MIN_DECISIONS}, with {MIN_PER_OUTCOME} of the pattern and {MIN_PER_OUTCOME} not",
            samples.len()
        );
    }
    Ok(samples)
}

#[cfg(test)]
mod tests {
    use super::{calibrate, Source};

    /// A labelled file: too small is refused; large enough gives a weights file
    /// the rules accept, weighing every fittable rule and no policy rule.
    #[test]
    fn a_labelled_file_is_fitted_into_a_valid_weights_file() {
        let loaded = crate::config::load_bundled().expect("bundled data");
        let dir = std::env::temp_dir().join(format!("bonafide-calibrate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let write = |name: &str, per_kind: usize, most: usize| {
            let path = dir.join(name);
            let lines: Vec<String> = bonafide_corpus::corpus::corpus(per_kind, 3)
                .into_iter()
                .take(most)
                .map(|(mut json, label)| {
                    json["label"] = serde_json::json!(if label.fraud { "fraud" } else { "honest" });
                    json.to_string()
                })
                .collect();
            std::fs::write(&path, lines.join("\n")).expect("written");
            path
        };
        let small = write("small.jsonl", 1, 30);
        let refused = calibrate(&loaded, &loaded, &Source::File(small), 0.05);
        assert!(refused.is_err(), "a handful of applications is refused");
        let file = write("labelled.jsonl", 6, usize::MAX);
        let fitted = calibrate(&loaded, &loaded, &Source::File(file), 0.05).expect("fits");
        let text = &fitted.weights_toml;
        assert!(text.contains("\nintercept = ") && text.contains("\nbaseline = "));
        for rule in &loaded.rules.rules {
            let listed = text.contains(&format!("\"{}\" = ", rule.id));
            assert_eq!(listed, rule.fit, "{} listed: {listed}", rule.id);
        }
        let mut sources: Vec<bonafide_rules::RuleSource> = crate::config::BUNDLED_RULES
            .iter()
            .filter(|(name, _)| *name != bonafide_rules::WEIGHTS_FILE)
            .map(|(name, text)| bonafide_rules::RuleSource {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
            })
            .collect();
        sources.push(bonafide_rules::RuleSource {
            name: bonafide_rules::WEIGHTS_FILE.to_owned(),
            text: text.clone(),
        });
        let compiled = bonafide_rules::Ruleset::compile(&sources, &bonafide_engine::catalog());
        assert!(compiled.is_ok(), "{:?}", compiled.err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The fit's firewall: a sample is the ids of the rules that fired, the
    /// label and the group, and the scores those rules come from do not move
    /// with who a person is (`identity_attributes_never_change_a_score` in the
    /// engine). This keeps the code that fits and applies weights from reading
    /// the corpora's name-origin labels or any identity attribute itself.
    #[test]
    fn the_fit_reads_no_protected_attribute() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for file in [
            "crates/cli/src/calibrate.rs",
            "crates/rules/src/fit.rs",
            "crates/rules/src/model.rs",
        ] {
            let text = std::fs::read_to_string(root.join(file)).expect("source");
            // The code, not its comments or its tests.
            let body = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: String = body
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for attribute in [
                ".origin",
                "full_name",
                "accept_language",
                "issuing_country",
                "date_of_birth",
                "nationality",
            ] {
                assert!(
                    !code.contains(attribute),
                    "{file} reads `{attribute}`: the fit must see only which rules fired"
                );
            }
        }
    }
}
