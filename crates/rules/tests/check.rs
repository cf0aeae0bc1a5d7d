use bonafide_model::{Evidence, Tier};
use bonafide_rules::{Catalog, RuleSource, Ruleset, SignalSource, SignalSpec};
use std::collections::HashMap;

fn catalog() -> Catalog {
    Catalog {
        signals: vec![
            SignalSpec {
                id: "network.vpn".into(),
                evidence: vec!["ip".into(), "provider".into()],
            },
            SignalSpec {
                id: "network.ip_country_mismatch".into(),
                evidence: vec!["ip".into(), "observed_place".into()],
            },
        ],
    }
}

fn source(name: &str, text: &str) -> RuleSource {
    RuleSource {
        name: name.into(),
        text: text.into(),
    }
}

const TIERS: &str = "review = 40\nescalate = 70\n";

const GOOD: &str = r#"
[[rule]]
id = "network.vpn"
title = "VPN"
points = 20
when = { signal = "network.vpn" }
explanation = "Applied through {ip}, a VPN exit ({provider|unnamed provider})"

[[rule.example]]
signals = { "network.vpn" = 1 }
evidence = { ip = "198.51.100.4" }
expect = "hit"
explanation = "Applied through 198.51.100.4, a VPN exit (unnamed provider)"

[[rule.example]]
signals = {}
expect = "miss"

[[rule]]
id = "network.abroad_via_vpn"
title = "Abroad and VPN"
points = 30
when = { all = [ { signal = "network.vpn" }, { signal = "network.ip_country_mismatch", gte = 0.5 } ] }
explanation = "Most sessions from {observed_place|abroad}"
evidence = "network.ip_country_mismatch"

[[rule.example]]
signals = { "network.vpn" = 2, "network.ip_country_mismatch" = 0.4 }
expect = "miss"
"#;

struct Values(HashMap<&'static str, (f64, Evidence)>);

impl SignalSource for Values {
    fn value(&self, id: &str) -> Option<f64> {
        self.0.get(id).map(|v| v.0)
    }
    fn evidence(&self, id: &str) -> Option<&Evidence> {
        self.0.get(id).map(|v| &v.1)
    }
}

#[test]
fn a_good_ruleset_compiles_passes_its_examples_and_scores() {
    let rules = Ruleset::compile(
        &[source("tiers.toml", TIERS), source("net.toml", GOOD)],
        &catalog(),
    )
    .expect("compiles");
    assert_eq!(rules.rules.len(), 2);
    assert_eq!(rules.example_count(), 3);
    assert!(
        rules.run_examples().is_empty(),
        "{:?}",
        rules.run_examples()
    );
    assert_eq!(rules.hash.len(), 64);

    let mut evidence = Evidence::new();
    evidence.insert("ip".into(), "203.0.113.9".into());
    evidence.insert("observed_place".into(), "Shanghai, CN".into());
    let values = Values(HashMap::from([
        ("network.vpn", (1.0, evidence.clone())),
        ("network.ip_country_mismatch", (1.0, evidence)),
    ]));
    let outcome = rules.evaluate(&values);
    assert_eq!(outcome.score, 50);
    assert_eq!(outcome.tier, Tier::Review);
    assert_eq!(outcome.fired[0].id, "network.abroad_via_vpn");
    assert_eq!(
        outcome.fired[0].explanation,
        "Most sessions from Shanghai, CN"
    );
    assert_eq!(
        outcome.fired[1].explanation,
        "Applied through 203.0.113.9, a VPN exit (unnamed provider)"
    );
}

#[test]
fn unknown_signal_is_reported_with_file_line_and_suggestion() {
    let bad = GOOD.replace(
        "{ signal = \"network.vpn\" }\nexplanation",
        "{ signal = \"network.vnp\" }\nexplanation",
    );
    let errors = Ruleset::compile(
        &[source("tiers.toml", TIERS), source("net.toml", &bad)],
        &catalog(),
    )
    .expect_err("unknown signal");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let text = errors[0].to_string();
    assert_eq!(text, "net.toml:6: rule `network.vpn` names unknown signal `network.vnp` (did you mean `network.vpn`?)");
}

#[test]
fn syntax_errors_and_every_other_problem_are_reported_together() {
    let broken = "[[rule]]\nid = \"x\"\npoints = \"ten\"\n";
    let unquotable = GOOD.replace("{provider|unnamed provider}", "{asn}");
    let errors = Ruleset::compile(
        &[source("a.toml", broken), source("b.toml", &unquotable)],
        &catalog(),
    )
    .expect_err("broken");
    let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("a.toml:3:")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("quotes `{asn}`")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("no tier thresholds")),
        "{texts:?}"
    );
}

#[test]
fn a_failing_example_is_reported() {
    let wrong = GOOD.replace(
        "expect = \"miss\"\n\n[[rule]]",
        "expect = \"hit\"\n\n[[rule]]",
    );
    let rules = Ruleset::compile(
        &[source("tiers.toml", TIERS), source("net.toml", &wrong)],
        &catalog(),
    )
    .expect("compiles");
    let failures = rules.run_examples();
    assert_eq!(failures.len(), 1);
    assert!(failures[0]
        .to_string()
        .contains("expected a hit but it was a miss"));
}

#[test]
fn a_rule_whose_explanation_cannot_be_filled_is_reported_and_still_counts() {
    let rules = Ruleset::compile(
        &[source("tiers.toml", TIERS), source("net.toml", GOOD)],
        &catalog(),
    )
    .expect("compiles");
    let values = Values(HashMap::from([("network.vpn", (1.0, Evidence::new()))]));
    let outcome = rules.evaluate(&values);
    assert_eq!(outcome.score, 20);
    assert_eq!(outcome.errors.len(), 1);
    assert_eq!(outcome.errors[0].rule, "network.vpn");
    assert_eq!(outcome.fired[0].explanation, "VPN");
}

#[test]
fn fitted_weights_make_the_score_a_probability_and_employers_set_their_tiers() {
    let weights = "intercept = -4.0\nbaseline = -3.0\n[weights]\n\"network.vpn\" = 2.0\n";
    let tiers = "review = 40\nescalate = 70\n[tenants.careful]\nreview = 10\nescalate = 60\n";
    let rules = Ruleset::compile(
        &[
            source("tiers.toml", tiers),
            source("net.toml", GOOD),
            source("weights.toml", weights),
        ],
        &catalog(),
    )
    .expect("compiles");
    let values = Values(HashMap::from([("network.vpn", (1.0, Evidence::new()))]));
    // σ(-4 + 2) = 11.9 %.
    let outcome = rules.evaluate(&values);
    assert_eq!(outcome.score, 12);
    assert_eq!(outcome.fired[0].points, 12, "the rule's share is the score");
    assert_eq!(outcome.tier, Tier::Clear);
    assert_eq!(rules.evaluate_for("careful", &values).tier, Tier::Review);
    // The conjunction is not weighed: it adds the odds its 30 points stand for
    // against the baseline.
    let both = Values(HashMap::from([
        ("network.vpn", (1.0, Evidence::new())),
        ("network.ip_country_mismatch", (1.0, Evidence::new())),
    ]));
    let outcome = rules.evaluate(&both);
    let expected = 100.0 / (1.0 + (-(-4.0 + 2.0 + ((0.3f64 / 0.7).ln() + 3.0))).exp());
    assert_eq!(f64::from(outcome.score), expected.round());
    assert_eq!(
        outcome.fired.iter().map(|f| f.points).sum::<i32>(),
        i32::from(outcome.score)
    );

    // A weight for a rule that does not exist, or against its points' sign, is refused.
    let errors = Ruleset::compile(
        &[
            source("tiers.toml", TIERS),
            source("net.toml", GOOD),
            source(
                "weights.toml",
                "intercept = -4.0\nbaseline = -3.0\n[weights]\n\"network.vnp\" = 1.0\n\"network.vpn\" = -1.0\n",
            ),
        ],
        &catalog(),
    )
    .expect_err("bad weights");
    let text: Vec<String> = errors.iter().map(|d| d.message.clone()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("unknown rule `network.vnp`")),
        "{text:?}"
    );
    assert!(text.iter().any(|m| m.contains("other sign")), "{text:?}");
}
