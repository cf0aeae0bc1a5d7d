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
        match (text, fallback) {
            (Some(text), _) => out.push_str(&text),
            (None, Some(fallback)) => out.push_str(fallback),
            (None, None) => return Err(format!("evidence has no `{key}` for the explanation")),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
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
}
