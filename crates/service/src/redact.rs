//! What a caller may see of a verdict: other tenants' application ids never
//! (a cross-tenant link shows that it exists and its kind), and for recruiters
//! no address, date of birth or identity number beyond what the signal already masks.

use bonafide_model::Verdict;
use serde_json::Value;

/// What replaces another employer's application id.
pub const FOREIGN: &str = "(another employer's application)";

/// Replace every mention of another tenant's application id, in the linked
/// applications and in the evidence.
pub fn redact_foreign(verdict: &mut Verdict, foreign: &[String]) {
    if foreign.is_empty() {
        return;
    }
    for link in &mut verdict.linked_applications {
        if foreign.contains(&link.application_id) {
            link.application_id = FOREIGN.to_owned();
        }
    }
    let redact = |text: &str| {
        let mut out = text.to_owned();
        for id in foreign {
            out = replace_token(&out, id, FOREIGN);
        }
        (out != text).then_some(out)
    };
    for signal in &mut verdict.signals {
        // Evidence lists ids alone or joined ("farm-001, farm-007").
        signal
            .evidence
            .values_mut()
            .for_each(|value| walk_strings(value, &mut |text| redact(text)));
        if let Some(redacted) = redact(&signal.explanation) {
            signal.explanation = redacted;
        }
    }
}

/// Replace `token` where it stands as a whole id (not inside a longer one).
fn replace_token(text: &str, token: &str, with: &str) -> String {
    if token.is_empty() || !text.contains(token) {
        return text.to_owned();
    }
    let part_of_id = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(token) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + token.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(part_of_id) || after.is_some_and(part_of_id) {
            out.push_str(token);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + token.len()..];
    }
    out.push_str(rest);
    out
}

/// Evidence keys whose values a recruiter does not see in full.
const MASKED_KEYS: &[&str] = &[
    "address",
    "date_of_birth",
    "account",
    "document",
    "ssn",
    "wallet",
];

/// Mask a verdict for a recruiter. The signals already show identity numbers by
/// their last 4 and addresses by postal code; this is the second line: in the
/// keys above, a run of 6 or more digits or letters keeps only its last 4, and a
/// date of birth is hidden. The sentence quoting those values is masked alike.
pub fn mask_for_recruiter(verdict: &mut Verdict) {
    for signal in &mut verdict.signals {
        let mut replaced: Vec<(String, String)> = Vec::new();
        for (key, value) in signal.evidence.iter_mut() {
            if !MASKED_KEYS.contains(&key.as_str()) {
                continue;
            }
            let birth = key == "date_of_birth";
            walk_strings(value, &mut |text| {
                let masked = if birth {
                    "(date of birth hidden)".to_owned()
                } else {
                    mask_long_runs(text)
                };
                (masked != text).then(|| {
                    replaced.push((text.to_owned(), masked.clone()));
                    masked
                })
            });
        }
        for (from, to) in &replaced {
            if !from.is_empty() {
                signal.explanation = signal.explanation.replace(from.as_str(), to);
            }
        }
    }
}

/// Every run of 6+ ASCII letters and digits that holds a digit keeps its last 4
/// (a hash prefix in parentheses is left: it identifies nothing by itself).
fn mask_long_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut in_parens = false;
    let flush = |run: &mut String, out: &mut String, in_parens: bool| {
        let long = run.chars().count() >= 6 && run.chars().any(|c| c.is_ascii_digit());
        if long && !in_parens {
            let keep = run.len() - 4;
            out.extend(std::iter::repeat_n('•', keep));
            out.push_str(&run[keep..]);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out, in_parens);
        match c {
            '(' => in_parens = true,
            ')' => in_parens = false,
            _ => {}
        }
        out.push(c);
    }
    flush(&mut run, &mut out, in_parens);
    out
}

fn walk_strings(value: &mut Value, replace: &mut impl FnMut(&str) -> Option<String>) {
    match value {
        Value::String(text) => {
            if let Some(new) = replace(text) {
                *text = new;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk_strings(v, replace)),
        Value::Object(map) => map.values_mut().for_each(|v| walk_strings(v, replace)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A verdict with the given parts, the rest empty.
    fn verdict_with(parts: Value) -> Verdict {
        let mut full = json!({ "application_id": "acme-1", "tenant_id": "acme", "score": 40,
            "tier": "review", "signals": [], "linked_applications": [],
            "versions": { "ruleset": "", "data": {} } });
        for (key, value) in parts.as_object().into_iter().flatten() {
            full[key] = value.clone();
        }
        serde_json::from_value(full).expect("a verdict")
    }

    fn as_json(verdict: &Verdict) -> Value {
        serde_json::to_value(verdict).expect("serialises")
    }

    #[test]
    fn foreign_ids_leave_the_links_and_the_evidence() {
        let mut typed = verdict_with(json!({
            "linked_applications": [
                { "application_id": "globex-7", "via": ["shipping_address"] },
                { "application_id": "acme-2", "via": ["ip"] }
            ],
            "signals": [{ "id": "x", "points": 30, "explanation": "Shared with acme-2, globex-7 and globex-70",
                "evidence": { "applications": ["acme-2", "globex-7"], "joined": "acme-2, globex-7", "size": 3 } }]
        }));
        redact_foreign(&mut typed, &["globex-7".to_owned()]);
        let verdict = as_json(&typed);
        assert_eq!(verdict["linked_applications"][0]["application_id"], FOREIGN);
        assert_eq!(
            verdict["linked_applications"][0]["via"][0],
            "shipping_address"
        );
        assert_eq!(
            verdict["linked_applications"][1]["application_id"],
            "acme-2"
        );
        assert_eq!(
            verdict["signals"][0]["evidence"]["applications"],
            json!(["acme-2", FOREIGN])
        );
        assert_eq!(
            verdict["signals"][0]["evidence"]["joined"],
            format!("acme-2, {FOREIGN}")
        );
        assert_eq!(
            verdict["signals"][0]["explanation"],
            format!("Shared with acme-2, {FOREIGN} and globex-70")
        );
    }

    #[test]
    fn a_recruiter_sees_no_full_number_and_no_date_of_birth() {
        let mut typed = verdict_with(json!({ "signals": [{ "id": "s", "points": 30,
            "explanation": "Paid to account 000123456789 (3acaa6d42a43), shipped to shipping address in 37211 (baf12a1bddcd)",
            "evidence": {
                "account": "account 000123456789 (3acaa6d42a43)",
                "address": "shipping address in 37211 (baf12a1bddcd)",
                "date_of_birth": "1991-07-14",
                "account_holder": "Dana Whitfield"
            } }] }));
        mask_for_recruiter(&mut typed);
        let verdict = as_json(&typed);
        let evidence = &verdict["signals"][0]["evidence"];
        assert_eq!(evidence["account"], "account ••••••••6789 (3acaa6d42a43)");
        assert_eq!(
            evidence["address"],
            "shipping address in 37211 (baf12a1bddcd)"
        );
        assert_eq!(evidence["date_of_birth"], "(date of birth hidden)");
        assert_eq!(evidence["account_holder"], "Dana Whitfield");
        let sentence = verdict["signals"][0]["explanation"].as_str().expect("text");
        assert!(
            !sentence.contains("000123") && sentence.contains("6789"),
            "{sentence}"
        );
    }
}
