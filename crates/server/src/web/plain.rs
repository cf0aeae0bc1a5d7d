//! Plain words for what the verdict says in ids: what a link is made of,
//! what a tier asks of the reader, what an evidence field holds.

use bonafide_model::SignalReport;
use serde_json::Value;

/// What a `linked_applications[].via` kind is, in words.
pub fn link_kind(kind: &str) -> &'static str {
    match kind {
        "ip" => "the same IP address",
        "ip_subnet" => "the same network",
        "document" => "the same identity document",
        "ssn" => "the same SSN",
        "file" => "the same uploaded file",
        "photo" => "a near-identical photo",
        "resume" => "a near-identical résumé",
        "email" => "the same e-mail address",
        "phone" => "the same phone number",
        "profile" => "the same online profile",
        "shipping_address" => "the same laptop shipping address",
        "payroll_account" => "the same payroll account",
        "work_history" => "the same work history in the résumé",
        "career" => "the same employers, at about the same times, in the résumé",
        "laptop" => "the same company laptop",
        "sign_in_device" => "the same sign-in device",
        _ => "a shared detail",
    }
}

/// Short name of an attribute kind, for the graph's legend.
pub fn attribute_name(kind: &str) -> &'static str {
    match kind {
        "ip" => "IP address",
        "document" => "Identity document",
        "ssn" => "SSN",
        "file" => "Uploaded file",
        "photo" => "Photo",
        "resume" => "Résumé",
        "email" => "E-mail",
        "phone" => "Phone",
        "profile" => "Profile",
        "shipping_address" => "Shipping address",
        "payroll_account" => "Payroll account",
        "work_history" => "Work history",
        "career" => "Career",
        "laptop" => "Company laptop",
        "sign_in_device" => "Sign-in device",
        _ => "Other",
    }
}

/// Join `via` kinds into a phrase: "the same laptop shipping address and the same payroll account".
pub fn shares(via: &[String]) -> String {
    let words: Vec<&str> = via.iter().map(|v| link_kind(v)).collect();
    match words.as_slice() {
        [] => "a shared detail".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether a signal restates the ring an application belongs to: the cluster
/// itself, or a detail it shares with other applications (a shared address,
/// account, document).
pub fn tells_of_the_ring(signal: &SignalReport) -> bool {
    let id = signal.id.as_str();
    // A laptop or sign-in device shared after the hire never joins a
    // cluster: it is news of its own, not the ring restated.
    id.starts_with("identity.cluster")
        || (signal.evidence.contains_key("link_key") && !id.starts_with("device."))
}

/// One sentence for the ring, from the cluster's evidence, when the
/// application is in one: "Part of a ring: 14 applications under 12
/// identities at 3 employers over 22 days, tied together by a shared email,
/// phone and payroll account."
pub fn ring_headline(signals: &[SignalReport]) -> Option<String> {
    let cluster = &signals
        .iter()
        .find(|s| s.id == "identity.cluster")?
        .evidence;
    let count = |field: &str| cluster.get(field).and_then(Value::as_u64).unwrap_or(0);
    let mut text = format!(
        "Part of a ring: {} applications under {} identities",
        count("size"),
        count("identities")
    );
    if count("tenants") > 1 {
        text.push_str(&format!(" at {} employers", count("tenants")));
    }
    if count("span_days") > 0 {
        text.push_str(&format!(" over {} days", count("span_days")));
    }
    let shared: Vec<&str> = cluster
        .get("shared")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split(", ")
        .filter(|s| !s.is_empty())
        .collect();
    match shared.as_slice() {
        [] => {}
        [one] => text.push_str(&format!(", tied together by a shared {one}")),
        [rest @ .., last] => text.push_str(&format!(
            ", tied together by a shared {} and {last}",
            rest.join(", ")
        )),
    }
    text.push('.');
    Some(text)
}

/// What a tier asks of the reader.
pub fn tier_advice(tier: &str) -> &'static str {
    match tier {
        "escalate" => "Look at this first: strong signs of the fake-identity pattern. Verify before any next step.",
        "review" => "Worth a closer look: some signs of the pattern. Check the reasons below.",
        _ => "Nothing that needs a review.",
    }
}

/// A tier's label.
pub fn tier_label(tier: &str) -> &'static str {
    match tier {
        "escalate" => "Escalate",
        "review" => "Review",
        _ => "Clear",
    }
}

/// An evidence field's name, for people: `span_days` → "days from first to
/// last", `uid` → "list entry"; a name not in the table loses its underscores.
pub fn field_name(key: &str) -> String {
    let words = match key {
        "asn" => "network (AS number)",
        "asn_org" => "network",
        "ip" => "IP address",
        "ip_timezone" => "time zone of the IP address",
        "applications" => "other applications",
        "application" => "other application",
        "identities" => "different identities",
        "tenants" => "employers",
        "span_days" => "days from first to last",
        "uid" => "list entry",
        "party" => "listed party",
        "programs" => "sanctions programmes",
        "listed" => "listed on",
        "list" => "list",
        "listed_by" => "source list",
        "matched_name" => "name on the list",
        "basis" => "matched on",
        "score" => "match score (%)",
        "notes" => "notes",
        "distance_bits" => "photo difference (bits; 0 is identical)",
        "similarity" => "likeness",
        "km" | "distance_km" => "distance (km)",
        "away" => "check-ins elsewhere",
        "checkins" => "check-ins",
        "observations" => "observations",
        "shipped_to" => "shipped to",
        "sessions_with_zone" => "sessions with a clock time zone",
        "timed_sessions" => "sessions with a time",
        "located_sessions" => "sessions with a place",
        "off_hours_sessions" => "sessions outside the working day",
        "claimed_utc_offsets" => "claimed place's UTC offsets",
        "browser_utc_offset" => "browser's UTC offset",
        "browser_timezone" => "browser's time zone",
        "laptop_timezone" => "laptop's time zone",
        "claimed_timezone" => "claimed place's time zone",
        "local_times" => "local times",
        "hours_before_start" => "hours before the start date",
        "created_at" => "created",
        "profile_kind" => "profile",
        "kind" => "kind",
        "why" => "why",
        "via" => "shared",
        "link_key" => "link key (keyed hash)",
        "first_away" => "first check-in elsewhere",
        "distinct_dates" => "different dates",
        "failed_checks" => "failed checks",
        _ => return key.replace('_', " "),
    };
    words.to_owned()
}

/// Whether an evidence value says nothing (an empty note, a missing
/// provider): such a row is left off the page.
pub fn is_empty_value(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.trim().is_empty(),
        serde_json::Value::Array(items) => items.iter().all(is_empty_value),
        serde_json::Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// An evidence value as text; a time as people read it (see [`when`]).
pub fn field_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(_) => when(value).unwrap_or_default(),
        serde_json::Value::Array(items) => {
            items.iter().map(field_value).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

/// An RFC 3339 time as people read it, in the time zone it was written in:
/// `2026-05-01T20:00:00+02:00` → "1 May 2026, 20:00 (UTC+02:00)", and in
/// UTC "1 May 2026, 20:00 UTC". Other text is given back as it is; `None`
/// when the value is not text.
pub fn when(value: &serde_json::Value) -> Option<String> {
    let text = value.as_str()?;
    let Ok(time) = chrono::DateTime::parse_from_rfc3339(text.trim()) else {
        return Some(text.to_owned());
    };
    let offset = time.offset().local_minus_utc();
    let zone = if offset == 0 {
        "UTC".to_owned()
    } else {
        format!("(UTC{})", time.format("%:z"))
    };
    Some(format!("{} {zone}", time.format("%-d %B %Y, %H:%M")))
}

/// A decision label, in words.
pub fn decision_words(label: &str) -> &'static str {
    match label {
        "cleared" => "Cleared: not the pattern",
        "confirmed" => "Confirmed: the fake-identity pattern",
        "reverify" => "Asked the candidate to re-verify",
        "compliance" => "Referred to compliance: a possible sanctions match",
        _ => "Decided",
    }
}

/// Fold runs of another employer's replaced ids in a sentence into a count:
/// "(farm-004, (another employer's application), (another employer's
/// application))" reads "(farm-004 and 2 at other employers)".
pub fn fold_foreign(text: &str) -> String {
    const MARK: char = '\u{1}';
    let foreign = bonafide_service::FOREIGN;
    if !text.contains(foreign) {
        return text.to_owned();
    }
    let marked = text.replace(foreign, &MARK.to_string());
    let mut out = String::with_capacity(marked.len());
    let mut rest = marked.as_str();
    // Each list of ids stands in parentheses (or is the whole text).
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&fold_list(&rest[open + 1..close], MARK));
        out.push(')');
        rest = &rest[close + 1..];
    }
    out.push_str(&fold_list(rest, MARK));
    out.replace(MARK, foreign)
}

fn fold_list(list: &str, mark: char) -> String {
    if !list.contains(mark) {
        return list.to_owned();
    }
    let items: Vec<&str> = list.split(", ").collect();
    let elsewhere = items
        .iter()
        .filter(|i| i.trim() == mark.to_string())
        .count();
    if elsewhere == 0
        || items
            .iter()
            .any(|i| i.contains(mark) && i.trim() != mark.to_string())
    {
        return list.to_owned();
    }
    // "N more": the ids a long list left out, counted last.
    let is_more = |i: &str| {
        i.strip_suffix(" more")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let more: Vec<&str> = items.iter().copied().filter(|i| is_more(i)).collect();
    let named: Vec<&str> = items
        .iter()
        .copied()
        .filter(|i| i.trim() != mark.to_string() && !is_more(i))
        .collect();
    let mut parts: Vec<String> = named.iter().map(|n| (*n).to_owned()).collect();
    parts.push(match elsewhere {
        1 => "1 at another employer".to_owned(),
        n => format!("{n} at other employers"),
    });
    parts.extend(more.iter().map(|m| (*m).to_owned()));
    match parts.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A fired signal with this id and evidence.
    pub(crate) fn report(id: &str, evidence: Value) -> SignalReport {
        SignalReport {
            id: id.to_owned(),
            points: 10,
            explanation: String::new(),
            evidence: evidence.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn a_ring_reads_as_one_headline() {
        let signals = [
            report("shipping.farm", json!({ "link_key": "fbcbc9e69a61" })),
            report(
                "identity.cluster",
                json!({ "size": 14, "identities": 12, "tenants": 3, "span_days": 22,
                    "shared": "email, phone, payroll account" }),
            ),
            report("network.vpn", json!({ "ip": "104.28.12.9" })),
            report(
                "device.shared_laptop",
                json!({ "link_key": "a1b2c3d4e5f6" }),
            ),
        ];
        assert_eq!(
            ring_headline(&signals).as_deref(),
            Some("Part of a ring: 14 applications under 12 identities at 3 employers over 22 days, tied together by a shared email, phone and payroll account.")
        );
        let told: Vec<bool> = signals.iter().map(tells_of_the_ring).collect();
        assert_eq!(told, [true, true, false, false]);
        let one_employer = [report(
            "identity.cluster",
            json!({ "size": 2, "identities": 2, "tenants": 1, "span_days": 0,
                "shared": "shipping address" }),
        )];
        assert_eq!(
            ring_headline(&one_employer).as_deref(),
            Some("Part of a ring: 2 applications under 2 identities, tied together by a shared shipping address.")
        );
        assert_eq!(ring_headline(&signals[2..]), None);
    }

    proptest::proptest! {
        /// Any sentence with any mix of ids and replaced ids folds without
        /// losing a named id or panicking.
        #[test]
        fn folding_keeps_every_named_id(
            parts in proptest::collection::vec(proptest::option::of("[a-z]{1,6}-[0-9]{1,3}"), 0..12),
            before in ".{0,20}",
            after in ".{0,20}",
        ) {
            let f = bonafide_service::FOREIGN;
            let list: Vec<String> = parts.iter().map(|p| p.clone().unwrap_or_else(|| f.to_owned())).collect();
            let text = format!("{before}({}){after}", list.join(", "));
            let folded = fold_foreign(&text);
            for id in parts.iter().flatten() {
                proptest::prop_assert!(folded.contains(id.as_str()), "{} lost from {}", id, folded);
            }
        }
    }

    #[test]
    fn another_employers_ids_fold_into_a_count() {
        let f = bonafide_service::FOREIGN;
        let text = format!(
            "The shipping address is also that of 12 identities ({f}, farm-004, {f}, {f}, farm-007) over 22 days"
        );
        assert_eq!(
            fold_foreign(&text),
            "The shipping address is also that of 12 identities (farm-004, farm-007 and 3 at other employers) over 22 days"
        );
        assert_eq!(fold_foreign(&format!("{f}, {f}")), "2 at other employers");
        // A list cut short keeps its count: 2 named, 2 elsewhere, 1 more.
        assert_eq!(
            fold_foreign(&format!("(farm-004, {f}, farm-007, {f}, 1 more)")),
            "(farm-004, farm-007, 2 at other employers and 1 more)"
        );
        assert_eq!(fold_foreign(f), "1 at another employer");
        assert_eq!(fold_foreign("farm-001, farm-004"), "farm-001, farm-004");
    }

    #[test]
    fn evidence_reads_in_words() {
        assert_eq!(field_name("span_days"), "days from first to last");
        assert_eq!(field_name("uid"), "list entry");
        assert_eq!(field_name("some_new_field"), "some new field");
        let utc = serde_json::json!("2026-05-01T20:00:00+00:00");
        assert_eq!(field_value(&utc), "1 May 2026, 20:00 UTC");
        let local = serde_json::json!("2026-05-01T20:00:00-05:00");
        assert_eq!(field_value(&local), "1 May 2026, 20:00 (UTC-05:00)");
        assert_eq!(field_value(&serde_json::json!("farm-004")), "farm-004");
        assert!(is_empty_value(&serde_json::json!("")));
        assert!(is_empty_value(&serde_json::json!([null, " "])));
        assert!(!is_empty_value(&serde_json::json!(0)));
    }

    #[test]
    fn links_read_as_sentences() {
        assert_eq!(
            shares(&["shipping_address".into(), "payroll_account".into()]),
            "the same laptop shipping address and the same payroll account"
        );
        assert_eq!(
            shares(&["ssn".into(), "photo".into(), "resume".into()]),
            "the same SSN, a near-identical photo and a near-identical résumé"
        );
        assert_eq!(shares(&[]), "a shared detail");
    }
}
