//! Explanation templates: `{key}` quotes an evidence value, `{key|fallback}` gives
//! text for when the key is absent, `{value}` is the signal's value.

use bonafide_model::Evidence;
use serde_json::Value;

/// The placeholders of a template: (key, has fallback).
pub(crate) fn placeholders(template: &str) -> Result<Vec<(String, bool)>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let close = after.find('}').ok_or("a `{` without its `}`")?;
        let inner = after.get(..close).unwrap_or("");
        let (key, fallback) = match inner.split_once('|') {
            Some((k, _)) => (k, true),
            None => (inner, false),
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "`{{{inner}}}` is not a placeholder (letters, digits and `_`)"
            ));
        }
        out.push((key.to_owned(), fallback));
        rest = after.get(close + 1..).unwrap_or("");
    }
    Ok(out)
}

/// Fill a template; an absent key without a fallback is an error.
pub(crate) fn render(
    template: &str,
    evidence: &Evidence,
    value: Option<f64>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let close = after.find('}').ok_or("a `{` without its `}`")?;
        let inner = after.get(..close).unwrap_or("");
        let (key, fallback) = match inner.split_once('|') {
            Some((k, f)) => (k, Some(f)),
            None => (inner, None),
        };
        let text = if key == "value" {
            value.map(format_number)
        } else {
            evidence.get(key).map(display)
        };
        let one = text.as_deref() == Some("1");
        match (text, fallback) {
            (Some(text), _) => {
                fit_article(&mut out, &text);
                out.push_str(&text);
            }
            (None, Some(fallback)) => {
                fit_article(&mut out, fallback);
                out.push_str(fallback);
            }
            (None, None) => return Err(format!("evidence has no `{key}` for the explanation")),
        }
        rest = after.get(close + 1..).unwrap_or("");
        if one {
            rest = singular_after_one(&mut out, rest);
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Plurals that follow a count in the explanations, and their singulars.
const PLURALS: &[(&str, &str)] = &[
    ("applications", "application"),
    ("identities", "identity"),
    ("employers", "employer"),
    ("sessions", "session"),
    ("accounts", "account"),
    ("addresses", "address"),
    ("days", "day"),
    ("hours", "hour"),
    ("bits", "bit"),
    ("hires", "hire"),
    ("names", "name"),
    ("people", "person"),
];

/// After a count of 1, the noun that follows (maybe after "different" or
/// "other") is made singular: "1 application", not "1 applications". Returns
/// the rest of the template past what was written.
fn singular_after_one<'t>(out: &mut String, rest: &'t str) -> &'t str {
    let mut at = 0;
    for lead in [" different", " other"] {
        if rest.get(at..).is_some_and(|r| r.starts_with(lead)) {
            at += lead.len();
        }
    }
    let Some(after_space) = rest.get(at..).and_then(|r| r.strip_prefix(' ')) else {
        return rest;
    };
    for (plural, singular) in PLURALS {
        if let Some(tail) = after_space.strip_prefix(plural) {
            if tail.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                out.push_str(rest.get(..at).unwrap_or(""));
                out.push(' ');
                out.push_str(singular);
                return tail;
            }
        }
    }
    rest
}

/// "a" before a filled word that is said with a vowel first becomes "an":
/// "an ETH wallet", "an SMS number", "an IP address", but "a VPN".
fn fit_article(out: &mut String, word: &str) {
    let preceded_by_a = out.ends_with(" a ") || out == "a " || out.ends_with("(a ");
    if preceded_by_a && said_with_a_vowel_first(word) {
        out.truncate(out.len() - 2);
        out.push_str("an ");
    }
}

fn said_with_a_vowel_first(word: &str) -> bool {
    let first: String = word.chars().take_while(|c| c.is_alphanumeric()).collect();
    let Some(initial) = first.chars().next() else {
        return false;
    };
    let acronym = first.len() > 1
        && first
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if acronym {
        // Letters whose names begin with a vowel sound: eff, aitch, ell, em, en, ar, ess, ex.
        return "AEFHILMNORSX".contains(initial);
    }
    let lower = first.to_lowercase();
    // Vowel letters said as consonants ("a user", "a one-off", "a unique").
    let consonant_sound = ["uni", "use", "usu", "one", "eu"]
        .iter()
        .any(|start| lower.starts_with(start));
    "aeiou".contains(initial.to_ascii_lowercase()) && !consonant_sound
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), format_number),
        Value::Array(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn format_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 && v.abs() < 1e15 {
        format!("{}", v.round() as i64)
    } else if (0.0..=1.0).contains(&v) {
        format!("{:.0}%", v * 100.0)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_keys_and_fallbacks() {
        let evidence: Evidence = json!({"ip": "203.0.113.7", "asn": 9009})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let text = render(
            "From {ip} (AS{asn}), {asn_org|unknown network}, {value}",
            &evidence,
            Some(0.5),
        );
        assert_eq!(
            text.as_deref(),
            Ok("From 203.0.113.7 (AS9009), unknown network, 50%")
        );
        assert!(render("{missing}", &evidence, None).is_err());
        assert_eq!(
            placeholders("{a} and {b|x}"),
            Ok(vec![("a".to_owned(), false), ("b".to_owned(), true)])
        );
        assert!(placeholders("{bad key}").is_err());
    }

    fn filled(template: &str, evidence: serde_json::Value) -> String {
        let evidence: Evidence = evidence.as_object().cloned().unwrap_or_default();
        render(template, &evidence, None).unwrap_or_else(|e| e)
    }

    #[test]
    fn a_count_of_one_takes_the_singular() {
        let template = "under {n} different identities ({applications}) over {days} days";
        assert_eq!(
            filled(
                template,
                json!({"n": 1, "applications": "app-9", "days": 1})
            ),
            "under 1 different identity (app-9) over 1 day"
        );
        assert_eq!(
            filled(
                template,
                json!({"n": 2, "applications": "app-9, app-8", "days": 12})
            ),
            "under 2 different identities (app-9, app-8) over 12 days"
        );
        assert_eq!(
            filled(
                "({bits} bits apart), {n} applicationsx",
                json!({"bits": 1, "n": 1})
            ),
            "(1 bit apart), 1 applicationsx"
        );
        assert_eq!(filled("{n} identities", json!({"n": 11})), "11 identities");
    }

    #[test]
    fn the_article_fits_what_is_filled_in() {
        let template = "Pay is to go to a {network|cryptocurrency} wallet";
        for (network, said) in [
            ("ETH", "an ETH wallet"),
            ("BTC", "a BTC wallet"),
            ("XMR", "an XMR wallet"),
            ("USDT", "a USDT wallet"),
            ("Ethereum", "an Ethereum wallet"),
        ] {
            assert_eq!(
                filled(template, json!({ "network": network })),
                format!("Pay is to go to {said}")
            );
        }
        assert_eq!(
            filled(template, json!({})),
            "Pay is to go to a cryptocurrency wallet"
        );
        assert_eq!(
            filled("through a {kind} address", json!({"kind": "VPN"})),
            "through a VPN address"
        );
        assert_eq!(
            filled(
                "through a {kind} address",
                json!({"kind": "anonymous proxy"})
            ),
            "through an anonymous proxy address"
        );
        assert_eq!(
            filled("a {kind} number", json!({"kind": "unified messaging"})),
            "a unified messaging number"
        );
        // Only a lone "a" changes.
        assert_eq!(
            filled("via {kind} links", json!({"kind": "ETH"})),
            "via ETH links"
        );
    }
}
