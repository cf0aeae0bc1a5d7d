//! Loading, validating and evaluating a set of rule files.

use crate::condition::Condition;
use crate::diagnostic::{line_of, line_of_text, Diagnostic};
use crate::file::{Expect, RuleFile, TiersFile};
use crate::model::{score_and_shares, ScoreModel, WeightsFile};
use crate::pattern::Pattern;
use crate::template::{placeholders, render};
use crate::variants::VariantTable;
use bonafide_model::{Evidence, RuleError, Tier};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// One signal as the catalogue describes it to the rules.
#[derive(Debug, Clone)]
pub struct SignalSpec {
    /// Signal id.
    pub id: String,
    /// Evidence keys it may carry.
    pub evidence: Vec<String>,
}

/// The signals rules may name.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Every signal.
    pub signals: Vec<SignalSpec>,
}

impl Catalog {
    fn get(&self, id: &str) -> Option<&SignalSpec> {
        self.signals.iter().find(|s| s.id == id)
    }

    fn suggest(&self, id: &str) -> Option<&str> {
        self.signals
            .iter()
            .map(|s| (strsim::normalized_levenshtein(id, &s.id), s.id.as_str()))
            .filter(|(similarity, _)| *similarity >= 0.66)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
    }
}

/// A rule file's name and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Path relative to the rules folder, e.g. `network/location.toml`.
    pub name: String,
    /// Its contents.
    pub text: String,
}

/// Score thresholds for the tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tiers {
    /// From this score on: review.
    pub review: u8,
    /// From this score on: escalate.
    pub escalate: u8,
}

impl Tiers {
    /// The tier of a score.
    pub fn of(&self, score: u8) -> Tier {
        if score >= self.escalate {
            Tier::Escalate
        } else if score >= self.review {
            Tier::Review
        } else {
            Tier::Clear
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable dotted id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Points when it fires (negative points lower the score).
    pub points: i32,
    /// When it fires.
    pub when: Condition,
    /// The explanation template.
    pub explanation: String,
    /// The signal whose evidence the verdict carries.
    pub evidence_signal: String,
    /// The file it came from.
    pub file: String,
    /// Whether `bonafide calibrate` may fit its weight (a policy rule, such as a
    /// sanctions match, keeps the weight its points give it).
    pub fit: bool,
    examples: Vec<Example>,
}

#[derive(Debug, Clone)]
struct Example {
    name: String,
    signals: BTreeMap<String, f64>,
    evidence: Evidence,
    expect: Expect,
    explanation: Option<String>,
}

/// Signal values and evidence, as the engine computed them for one application.
pub trait SignalSource {
    /// The value of a signal that is present.
    fn value(&self, id: &str) -> Option<f64>;
    /// The evidence of a signal that is present.
    fn evidence(&self, id: &str) -> Option<&Evidence>;
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    /// Rule id.
    pub id: String,
    /// Points.
    pub points: i32,
    /// The explanation, filled in.
    pub explanation: String,
    /// The evidence.
    pub evidence: Evidence,
}

/// The outcome of every rule for one application.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Rules that fired, highest points first.
    pub fired: Vec<Fired>,
    /// Rules that failed to evaluate.
    pub errors: Vec<RuleError>,
    /// The score: a calibrated probability in percent with a fitted model, else
    /// the sum of points clamped to 0..=100.
    pub score: u8,
    /// The tier of the score.
    pub tier: Tier,
}

/// An example whose outcome differs from what it expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// The file.
    pub file: String,
    /// The example's name or number.
    pub example: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: rule `{}` example {}: {}",
            self.file, self.rule, self.example, self.message
        )
    }
}

/// Every rule, the tier thresholds, and the hash that identifies them.
#[derive(Debug, Clone)]
pub struct Ruleset {
    /// Rules in file and declaration order.
    pub rules: Vec<Rule>,
    /// Text patterns in file and declaration order.
    pub patterns: Vec<Pattern>,
    /// Name-matching tables in file and declaration order.
    pub variants: Vec<VariantTable>,
    /// Tier thresholds.
    pub tiers: Tiers,
    /// Tier thresholds of employers that set their own (`[tenants.NAME]` in `tiers.toml`).
    pub tenant_tiers: BTreeMap<String, Tiers>,
    /// The fitted score model (`weights.toml`); without it the score is a sum of points.
    pub model: Option<ScoreModel>,
    /// SHA-256 over every file's name and text, hex.
    pub hash: String,
}

const TIERS_FILE: &str = "tiers.toml";
/// The file `bonafide calibrate` writes.
pub const WEIGHTS_FILE: &str = "weights.toml";

impl Ruleset {
    /// Read every `*.toml` under a folder (recursively); `tiers.toml` holds the thresholds.
    // The one place this crate reads files: loading, before anything is scored.
    #[allow(clippy::disallowed_methods)]
    pub fn read_dir(dir: &Path) -> Result<Vec<RuleSource>, Diagnostic> {
        let mut sources = Vec::new();
        let mut stack = vec![dir.to_owned()];
        while let Some(folder) = stack.pop() {
            let entries = std::fs::read_dir(&folder).map_err(|e| Diagnostic {
                file: folder.display().to_string(),
                line: None,
                message: format!("cannot read the rules folder: {e}"),
                help: None,
            })?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic {
                        file: path.display().to_string(),
                        line: None,
                        message: format!("cannot read: {e}"),
                        help: None,
                    })?;
                    let name = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    sources.push(RuleSource { name, text });
                }
            }
        }
        sources.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(sources)
    }

    /// Compile rule files against a catalogue; every problem in every file is reported.
    pub fn compile(sources: &[RuleSource], catalog: &Catalog) -> Result<Ruleset, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let mut rules = Vec::new();
        let mut patterns = Vec::new();
        let mut variants = Vec::new();
        let mut tiers = None;
        let mut tenant_tiers = BTreeMap::new();
        let mut weights_file: Option<(String, WeightsFile)> = None;
        let mut seen_ids = HashSet::new();
        let mut hasher = Sha256::new();
        let mut sorted: Vec<&RuleSource> = sources.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        for source in sorted {
            hasher.update(source.name.as_bytes());
            hasher.update([0]);
            hasher.update(source.text.as_bytes());
            hasher.update([0]);
            let diag = |line: Option<usize>, message: String, help: Option<String>| Diagnostic {
                file: source.name.clone(),
                line,
                message,
                help,
            };
            let parse_error = |e: toml::de::Error| {
                let line = e.span().map(|s| line_of(&source.text, s.start));
                diag(line, e.message().trim().to_owned(), None)
            };
            if source.name.rsplit('/').next() == Some(TIERS_FILE) {
                match toml::from_str::<TiersFile>(&source.text) {
                    Ok(t) => {
                        let valid = |review: u8, escalate: u8| review < escalate && escalate <= 100;
                        if valid(t.review, t.escalate) {
                            tiers = Some(Tiers {
                                review: t.review,
                                escalate: t.escalate,
                            });
                        } else {
                            diagnostics.push(diag(
                                None,
                                "`review` must be below `escalate`, and both within 0..=100"
                                    .to_owned(),
                                None,
                            ));
                        }
                        for (tenant, own) in t.tenants {
                            if valid(own.review, own.escalate) {
                                tenant_tiers.insert(
                                    tenant,
                                    Tiers {
                                        review: own.review,
                                        escalate: own.escalate,
                                    },
                                );
                            } else {
                                diagnostics.push(diag(
                                    line_of_text(&source.text, &tenant, 0),
                                    format!("tenant `{tenant}`: `review` must be below `escalate`, and both within 0..=100"),
                                    None,
                                ));
                            }
                        }
                    }
                    Err(e) => diagnostics.push(parse_error(e)),
                }
                continue;
            }
            if source.name.rsplit('/').next() == Some(WEIGHTS_FILE) {
                match toml::from_str::<WeightsFile>(&source.text) {
                    Ok(w) => weights_file = Some((source.name.clone(), w)),
                    Err(e) => diagnostics.push(parse_error(e)),
                }
                continue;
            }
            let file: RuleFile = match toml::from_str(&source.text) {
                Ok(file) => file,
                Err(e) => {
                    diagnostics.push(parse_error(e));
                    continue;
                }
            };
            for spec in file.pattern {
                let line = line_of_text(&source.text, &format!("\"{}\"", spec.id), 0);
                if !seen_ids.insert(spec.id.clone()) {
                    diagnostics.push(diag(line, format!("id `{}` is used twice", spec.id), None));
                    continue;
                }
                match Pattern::compile(spec, &source.name) {
                    Ok(pattern) => patterns.push(pattern),
                    Err((message, help)) => diagnostics.push(diag(line, message, help)),
                }
            }
            for spec in file.variants {
                let line = line_of_text(&source.text, &format!("\"{}\"", spec.id), 0);
                if !seen_ids.insert(spec.id.clone()) {
                    diagnostics.push(diag(line, format!("id `{}` is used twice", spec.id), None));
                    continue;
                }
                match VariantTable::compile(spec, &source.name) {
                    Ok(table) => variants.push(table),
                    Err((message, help)) => diagnostics.push(diag(line, message, help)),
                }
            }
            let mut cursor = 0;
            for spec in file.rule {
                let rule_line = line_of_text(&source.text, &format!("\"{}\"", spec.id), cursor);
                if let Some(line) = rule_line {
                    cursor = source
                        .text
                        .lines()
                        .take(line - 1)
                        .map(|l| l.len() + 1)
                        .sum();
                }
                let before = diagnostics.len();
                if !seen_ids.insert(spec.id.clone()) {
                    diagnostics.push(diag(
                        rule_line,
                        format!("rule id `{}` is used twice", spec.id),
                        None,
                    ));
                }
                if !(-100..=100).contains(&spec.points) {
                    diagnostics.push(diag(
                        rule_line,
                        format!("points {} are outside -100..=100", spec.points),
                        None,
                    ));
                }
                let when = match spec.when.compile() {
                    Ok(when) => when,
                    Err(message) => {
                        diagnostics.push(diag(
                            rule_line,
                            format!("rule `{}`: {message}", spec.id),
                            None,
                        ));
                        continue;
                    }
                };
                for id in when.signals() {
                    if catalog.get(id).is_none() {
                        let line =
                            line_of_text(&source.text, &format!("\"{id}\""), cursor).or(rule_line);
                        diagnostics.push(diag(
                            line,
                            format!("rule `{}` names unknown signal `{id}`", spec.id),
                            catalog.suggest(id).map(|s| format!("did you mean `{s}`?")),
                        ));
                    }
                }
                let evidence_signal = spec
                    .evidence
                    .clone()
                    .or_else(|| when.signals().first().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                let known_keys: Vec<String> = catalog
                    .get(&evidence_signal)
                    .map(|s| s.evidence.clone())
                    .unwrap_or_default();
                if spec.evidence.is_some() && catalog.get(&evidence_signal).is_none() {
                    diagnostics.push(diag(
                        rule_line,
                        format!(
                            "rule `{}` takes evidence from unknown signal `{evidence_signal}`",
                            spec.id
                        ),
                        catalog
                            .suggest(&evidence_signal)
                            .map(|s| format!("did you mean `{s}`?")),
                    ));
                }
                match placeholders(&spec.explanation) {
                    Ok(keys) => {
                        for (key, has_fallback) in keys {
                            let known_signal = catalog.get(&evidence_signal).is_some();
                            if known_signal
                                && key != "value"
                                && !has_fallback
                                && !known_keys.contains(&key)
                            {
                                diagnostics.push(diag(
                                    rule_line,
                                    format!(
                                        "rule `{}`: the explanation quotes `{{{key}}}`, which `{evidence_signal}` \
                                         does not carry",
                                        spec.id
                                    ),
                                    Some(format!(
                                        "it carries {}; or write `{{{key}|text}}` for a fallback",
                                        known_keys.join(", ")
                                    )),
                                ));
                            }
                        }
                    }
                    Err(message) => diagnostics.push(diag(
                        rule_line,
                        format!("rule `{}`: {message}", spec.id),
                        None,
                    )),
                }
                if spec.example.is_empty() {
                    diagnostics.push(diag(
                        rule_line,
                        format!("rule `{}` has no example", spec.id),
                        Some("add a [[rule.example]] with `signals` and `expect`".to_owned()),
                    ));
                }
                if diagnostics.len() > before {
                    continue;
                }
                let examples = spec
                    .example
                    .into_iter()
                    .enumerate()
                    .map(|(i, e)| Example {
                        name: e.name.unwrap_or_else(|| format!("#{}", i + 1)),
                        signals: e.signals,
                        evidence: e.evidence,
                        expect: e.expect,
                        explanation: e.explanation,
                    })
                    .collect();
                rules.push(Rule {
                    id: spec.id,
                    title: spec.title,
                    points: spec.points,
                    when,
                    explanation: spec.explanation,
                    evidence_signal,
                    file: source.name.clone(),
                    fit: spec.fit,
                    examples,
                });
            }
        }
        let tiers = tiers.unwrap_or_else(|| {
            diagnostics.push(Diagnostic {
                file: TIERS_FILE.to_owned(),
                line: None,
                message: "no tier thresholds".to_owned(),
                help: Some("add tiers.toml with `review = N` and `escalate = M`".to_owned()),
            });
            Tiers {
                review: 100,
                escalate: 100,
            }
        });
        let model = weights_file.map(|(file, w)| {
            let diag = |message: String| Diagnostic {
                file: file.clone(),
                line: None,
                message,
                help: None,
            };
            if !w.intercept.is_finite() || !w.baseline.is_finite() {
                diagnostics.push(diag(
                    "`intercept` and `baseline` must be numbers".to_owned(),
                ));
            }
            for (id, weight) in &w.weights {
                match rules.iter().find(|r| r.id == *id) {
                    None => diagnostics.push(diag(format!("weight for unknown rule `{id}`"))),
                    Some(rule) if !rule.fit => diagnostics.push(diag(format!(
                        "rule `{id}` is a policy rule (`fit = false`): it takes no fitted weight"
                    ))),
                    Some(rule)
                        if !weight.is_finite()
                            || (*weight < 0.0) != (rule.points < 0) && *weight != 0.0 =>
                    {
                        diagnostics.push(diag(format!(
                            "rule `{id}`: weight {weight} has the other sign from its points {}",
                            rule.points
                        )))
                    }
                    Some(_) => {}
                }
            }
            ScoreModel {
                intercept: w.intercept,
                baseline: w.baseline,
                weights: w.weights,
            }
        });
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let hash = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Ruleset {
            rules,
            patterns,
            variants,
            tiers,
            tenant_tiers,
            model,
            hash,
        })
    }

    /// The tier thresholds for an employer: its own, or the default.
    pub fn tiers_for(&self, tenant: &str) -> Tiers {
        self.tenant_tiers.get(tenant).copied().unwrap_or(self.tiers)
    }

    /// Each rule's weight under the score model (its points without one).
    pub fn weight_of(&self, rule: &Rule) -> f64 {
        match &self.model {
            Some(model) => model.weight(&rule.id, rule.points, !rule.fit),
            None => f64::from(rule.points),
        }
    }

    /// Apply every rule to one application's signals, with the default tiers.
    pub fn evaluate(&self, signals: &dyn SignalSource) -> Evaluation {
        self.evaluate_for("", signals)
    }

    /// The ids of the rules that fire on these signals (for fitting the model).
    pub fn firing(&self, signals: &dyn SignalSource) -> Vec<usize> {
        let value_of = |id: &str| signals.value(id);
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.when.holds(&value_of) == Ok(true))
            .map(|(i, _)| i)
            .collect()
    }

    /// Apply every rule to one application's signals, with its employer's tiers.
    pub fn evaluate_for(&self, tenant: &str, signals: &dyn SignalSource) -> Evaluation {
        let mut fired = Vec::new();
        let mut weights = Vec::new();
        let mut errors = Vec::new();
        let value_of = |id: &str| signals.value(id);
        for rule in &self.rules {
            match rule.when.holds(&value_of) {
                Ok(false) => {}
                Ok(true) => {
                    let evidence = signals
                        .evidence(&rule.evidence_signal)
                        .cloned()
                        .unwrap_or_default();
                    let explanation = match render(
                        &rule.explanation,
                        &evidence,
                        signals.value(&rule.evidence_signal),
                    ) {
                        Ok(text) => text,
                        Err(reason) => {
                            errors.push(RuleError {
                                path: None,
                                rule: rule.id.clone(),
                                reason,
                            });
                            rule.title.clone()
                        }
                    };
                    weights.push(self.weight_of(rule));
                    fired.push(Fired {
                        id: rule.id.clone(),
                        points: rule.points,
                        explanation,
                        evidence,
                    });
                }
                Err(reason) => errors.push(RuleError {
                    path: None,
                    rule: rule.id.clone(),
                    reason,
                }),
            }
        }
        let (score, shares) = score_and_shares(self.model.as_ref(), &weights);
        for (f, share) in fired.iter_mut().zip(shares) {
            f.points = share;
        }
        fired.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.id.cmp(&b.id)));
        Evaluation {
            tier: self.tiers_for(tenant).of(score),
            fired,
            errors,
            score,
        }
    }

    /// The (id, regex) pairs of the patterns of one list.
    pub fn patterns_of<'a>(
        &'a self,
        list: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.patterns
            .iter()
            .filter(move |p| p.list == list)
            .map(|p| (p.id.as_str(), p.regex.as_str()))
    }

    /// Run every rule's and pattern's examples; an empty result means they all pass.
    pub fn run_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for pattern in &self.patterns {
            failures.extend(pattern.run_examples());
        }
        for rule in &self.rules {
            for example in &rule.examples {
                let source = ExampleSignals(example);
                let value_of = |id: &str| source.value(id);
                let fail = |message: String| ExampleFailure {
                    rule: rule.id.clone(),
                    file: rule.file.clone(),
                    example: example.name.clone(),
                    message,
                };
                let hit = match rule.when.holds(&value_of) {
                    Ok(hit) => hit,
                    Err(e) => {
                        failures.push(fail(e));
                        continue;
                    }
                };
                let expected = example.expect == Expect::Hit;
                if hit != expected {
                    failures.push(fail(format!(
                        "expected {} but it was a {}",
                        if expected { "a hit" } else { "a miss" },
                        if hit { "hit" } else { "miss" }
                    )));
                    continue;
                }
                if let Some(want) = &example.explanation {
                    match render(
                        &rule.explanation,
                        &example.evidence,
                        source.value(&rule.evidence_signal),
                    ) {
                        Ok(got) if &got == want => {}
                        Ok(got) => failures
                            .push(fail(format!("explanation was {got:?}, expected {want:?}"))),
                        Err(e) => failures.push(fail(e)),
                    }
                }
            }
        }
        failures
    }

    /// How many examples the rules and patterns carry.
    pub fn example_count(&self) -> usize {
        self.rules.iter().map(|r| r.examples.len()).sum::<usize>()
            + self
                .patterns
                .iter()
                .map(Pattern::example_count)
                .sum::<usize>()
    }
}

struct ExampleSignals<'a>(&'a Example);

impl SignalSource for ExampleSignals<'_> {
    fn value(&self, id: &str) -> Option<f64> {
        self.0.signals.get(id).copied()
    }

    fn evidence(&self, _id: &str) -> Option<&Evidence> {
        Some(&self.0.evidence)
    }
}
