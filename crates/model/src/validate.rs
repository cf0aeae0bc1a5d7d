//! Record validation that reports every problem at once, each with its field path.

use crate::application::{Address, Application};
use crate::checked::Checked;
use serde::Serialize;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// JSON path of the field, e.g. `sessions[1].ip`.
    pub path: String,
    /// What is wrong with it.
    pub reason: String,
}

/// A record that could not be accepted, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// The application id, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// Every problem found.
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let reasons: Vec<String> = self
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.path, e.reason))
            .collect();
        write!(f, "{}", reasons.join("; "))
    }
}

impl std::error::Error for RecordError {}

/// Parse one JSON object into an application and validate it.
pub fn parse_application(json: &str) -> Result<Application, RecordError> {
    parse_application_with(json, &Limits::default())
}

/// [`parse_application`] under given limits.
pub fn parse_application_with(json: &str, limits: &Limits) -> Result<Application, RecordError> {
    // The plain parser is fast; only a record that fails is parsed again to name the field.
    let application: Application = match serde_json::from_str(json) {
        Ok(app) => app,
        Err(plain) => {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            let located: Result<Application, _> =
                serde_path_to_error::deserialize(&mut deserializer);
            let error = match located {
                Err(e) => {
                    let path = e.path().to_string();
                    FieldError {
                        path: if path == "." { "$".to_owned() } else { path },
                        reason: redact(&e.into_inner().to_string()),
                    }
                }
                Ok(_) => FieldError {
                    path: "$".to_owned(),
                    reason: redact(&plain.to_string()),
                },
            };
            return Err(RecordError {
                application_id: None,
                errors: vec![error],
            });
        }
    };
    let mut application = application;
    let errors = validate_with(&application, limits);
    if errors.is_empty() {
        truncate_texts(&mut application, limits.text_bytes);
        Ok(application)
    } else {
        Err(RecordError {
            application_id: Some(application.application_id.clone()).filter(|id| !id.is_empty()),
            errors,
        })
    }
}

/// The limits a record is held to, documented and configurable (`[limits]` in
/// the config). Over a count or size limit the record is rejected with a clear
/// error; a document's text over `text_bytes` is scored on its first
/// `text_bytes` (a 300 KB résumé is not rejected). JSON nesting is bounded by
/// the parser at 128 levels, which is not configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Bytes in one JSON line.
    pub line_bytes: usize,
    /// Sessions per application.
    pub sessions: usize,
    /// Documents per application.
    pub documents: usize,
    /// E-mail addresses, phone numbers or profiles per candidate.
    pub contacts: usize,
    /// Characters in `application_id` or `tenant_id`.
    pub id_chars: usize,
    /// Bytes in a name, e-mail, phone, address line, account or wallet field.
    pub field_bytes: usize,
    /// Bytes of a document's `text` that are read (the rest is dropped).
    pub text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            line_bytes: 4 << 20,
            sessions: 1_000,
            documents: 100,
            contacts: 50,
            id_chars: 256,
            field_bytes: 1_024,
            text_bytes: 64 << 10,
        }
    }
}

/// Documents' text cut to its first `max` bytes (at a character boundary).
fn truncate_texts(app: &mut Application, max: usize) {
    for doc in &mut app.documents {
        if let Some(text) = doc.text.as_mut().filter(|t| t.len() > max) {
            let mut end = max;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
    }
}

/// Every problem with an application, in field order; empty when it is valid.
pub fn validate(app: &Application) -> Vec<FieldError> {
    validate_with(app, &Limits::default())
}

/// [`validate`] under given limits.
pub fn validate_with(app: &Application, limits: &Limits) -> Vec<FieldError> {
    let mut out = Errors(Vec::new());
    if app.application_id.trim().is_empty() {
        out.push("application_id", "required and must not be empty");
    }
    if app.application_id.chars().count() > limits.id_chars {
        out.push(
            "application_id",
            &format!("longer than {} characters", limits.id_chars),
        );
    }
    if app
        .tenant_id
        .as_ref()
        .is_some_and(|t| t.chars().count() > limits.id_chars)
    {
        out.push(
            "tenant_id",
            &format!("longer than {} characters", limits.id_chars),
        );
    }
    out.limit("sessions", app.sessions.len(), limits.sessions);
    out.limit("documents", app.documents.len(), limits.documents);
    if let Some(candidate) = &app.candidate {
        out.limit("candidate.emails", candidate.emails.len(), limits.contacts);
        out.limit("candidate.phones", candidate.phones.len(), limits.contacts);
        out.limit(
            "candidate.profiles",
            candidate.profiles.len(),
            limits.contacts,
        );
    }
    for (path, len) in short_fields(app) {
        if len > limits.field_bytes {
            out.push(&path, &format!("longer than {} bytes", limits.field_bytes));
        }
    }
    if !out.0.is_empty() {
        // Over a limit: say so, without walking thousands of items.
        return out.0;
    }
    out.check("submitted_at", &app.submitted_at);
    if let Some(position) = &app.position {
        out.check("position.start_date", &position.start_date);
    }
    if let Some(candidate) = &app.candidate {
        out.check("candidate.date_of_birth", &candidate.date_of_birth);
        if let Some(place) = &candidate.claimed_location {
            out.check("candidate.claimed_location.country", &place.country);
        }
        out.check("candidate.timezone", &candidate.timezone);
        if let Some(address) = &candidate.home_address {
            out.address("candidate.home_address", address);
        }
        for (i, profile) in candidate.profiles.iter().enumerate() {
            out.check(
                &format!("candidate.profiles[{i}].created_at"),
                &profile.created_at,
            );
        }
    }
    for (i, doc) in app.documents.iter().enumerate() {
        let at = |field: &str| format!("documents[{i}].{field}");
        out.check(&at("kind"), &doc.kind);
        out.check(&at("issuing_country"), &doc.issuing_country);
        out.check(&at("date_of_birth"), &doc.date_of_birth);
        out.check(&at("expires_on"), &doc.expires_on);
    }
    for (i, session) in app.sessions.iter().enumerate() {
        let at = |field: &str| format!("sessions[{i}].{field}");
        out.check(&at("at"), &session.at);
        out.check(&at("kind"), &session.kind);
        out.check(&at("ip"), &session.ip);
        out.check(&at("browser_timezone"), &session.browser_timezone);
        out.check(&at("actor"), &session.actor);
    }
    if let Some(payroll) = &app.payroll {
        out.check("payroll.method", &payroll.method);
        out.check("payroll.bank_country", &payroll.bank_country);
        out.check("payroll.updated_at", &payroll.updated_at);
    }
    if let Some(shipping) = &app.shipping {
        if let Some(address) = &shipping.address {
            out.address("shipping.address", address);
        }
        out.check("shipping.requested_at", &shipping.requested_at);
    }
    out.0
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: &str, reason: &str) {
        self.0.push(FieldError {
            path: path.to_owned(),
            reason: reason.to_owned(),
        });
    }

    fn check<T>(&mut self, path: &str, field: &Option<Checked<T>>) {
        if let Some(reason) = field.as_ref().and_then(Checked::error) {
            let raw = match field {
                Some(Checked::Invalid { raw, .. }) => raw.as_str(),
                _ => "",
            };
            self.push(path, &format!("{reason}: {}", quote(raw)));
        }
    }

    fn limit(&mut self, path: &str, count: usize, max: usize) {
        if count > max {
            self.push(path, &format!("{count} items, over the limit of {max}"));
        }
    }

    fn address(&mut self, path: &str, address: &Address) {
        self.check(&format!("{path}.country"), &address.country);
    }
}

/// A parser message without the values it quotes: serde echoes a wrongly typed
/// value ("invalid type: string \"…\"", "integer `…`"), and that value may be an
/// SSN or an account number. The position suffix is kept.
fn redact(message: &str) -> String {
    let (text, position) = match message.rfind(" at line ") {
        Some(at) => message.split_at(at),
        None => (message, ""),
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['"', '`']) {
        let open = rest[start..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        let (inside, tail) = match after.find(open) {
            Some(end) => (&after[..end], &after[end..]),
            None => (after, ""),
        };
        // Backticks also quote field and variant names, which are safe to show.
        let is_name = open == '`'
            && !inside.is_empty()
            && inside.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        out.push_str(if is_name { inside } else { "…" });
        match tail.chars().next() {
            Some(close) => {
                out.push(close);
                rest = &tail[close.len_utf8()..];
            }
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.push_str(position);
    out
}

/// Quote user input for an error message: bounded, with control characters escaped.
fn quote(raw: &str) -> String {
    const MAX: usize = 64;
    let mut shown: String = raw.chars().take(MAX).collect();
    if raw.chars().count() > MAX {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// The byte lengths of the short free-text fields (names, contacts, address
/// lines, accounts), with their paths.
fn short_fields(app: &Application) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut add = |path: String, value: Option<&String>| {
        if let Some(v) = value {
            out.push((path, v.len()));
        }
    };
    let address =
        |prefix: &str, a: &crate::Address, add: &mut dyn FnMut(String, Option<&String>)| {
            add(format!("{prefix}.line1"), a.line1.as_ref());
            add(format!("{prefix}.line2"), a.line2.as_ref());
            add(format!("{prefix}.city"), a.city.as_ref());
            add(format!("{prefix}.region"), a.region.as_ref());
            add(format!("{prefix}.postal_code"), a.postal_code.as_ref());
        };
    if let Some(c) = &app.candidate {
        add("candidate.full_name".to_owned(), c.full_name.as_ref());
        for (i, e) in c.emails.iter().enumerate() {
            add(format!("candidate.emails[{i}]"), Some(e));
        }
        for (i, p) in c.phones.iter().enumerate() {
            add(format!("candidate.phones[{i}]"), Some(p));
        }
        if let Some(a) = &c.home_address {
            address("candidate.home_address", a, &mut add);
        }
    }
    for (i, d) in app.documents.iter().enumerate() {
        add(format!("documents[{i}].number"), d.number.as_ref());
        add(
            format!("documents[{i}].holder_name"),
            d.holder_name.as_ref(),
        );
    }
    if let Some(p) = &app.payroll {
        add(
            "payroll.account_holder".to_owned(),
            p.account_holder.as_ref(),
        );
        add(
            "payroll.account_number".to_owned(),
            p.account_number.as_ref(),
        );
        add("payroll.iban".to_owned(), p.iban.as_ref());
        add(
            "payroll.wallet_address".to_owned(),
            p.wallet_address.as_ref(),
        );
    }
    if let Some(s) = &app.shipping {
        add("shipping.recipient".to_owned(), s.recipient.as_ref());
        if let Some(a) = &s.address {
            address("shipping.address", a, &mut add);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_character_boundary_and_a_long_name_rejected() {
        let limits = Limits {
            text_bytes: 5,
            field_bytes: 8,
            ..Limits::default()
        };
        let json =
            r#"{"application_id":"a-1","documents":[{"kind":"resume","text":"résumé text"}]}"#;
        let app = parse_application_with(json, &limits).expect("accepted");
        assert_eq!(app.documents[0].text.as_deref(), Some("résu"));
        let json = r#"{"application_id":"a-2","shipping":{"address":{"line1":"123456789 Main"}}}"#;
        let err = parse_application_with(json, &limits).expect_err("rejected");
        assert_eq!(err.errors[0].path, "shipping.address.line1");
        assert_eq!(err.errors[0].reason, "longer than 8 bytes");
    }

    #[test]
    fn every_bad_field_is_reported_at_once_with_its_path() {
        let json = r#"{"application_id":"a-1","submitted_at":"soon",
            "candidate":{"claimed_location":{"country":"USA"},"timezone":"Pacific Time","date_of_birth":"14/07/1991"},
            "documents":[{"kind":"passport","expires_on":"2031-13-01"}],
            "sessions":[{"ip":"10.0.0.1"},{"ip":"300.1.1.1","kind":"coffee","at":"2026-03-04T15:20:02Z"}],
            "payroll":{"method":"gold","bank_country":"ZZ"},"unknown_field":{"ignored":true}}"#;
        let error = parse_application(json).expect_err("invalid");
        let paths: Vec<&str> = error.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "submitted_at",
                "candidate.date_of_birth",
                "candidate.claimed_location.country",
                "candidate.timezone",
                "documents[0].expires_on",
                "sessions[1].kind",
                "sessions[1].ip",
                "payroll.method",
                "payroll.bank_country",
            ]
        );
        assert_eq!(error.application_id.as_deref(), Some("a-1"));
    }

    #[test]
    fn a_partial_record_is_valid_and_values_round_trip() {
        let app = parse_application(r#"{"application_id":"a-2","sessions":[{"ip":"2001:db8::1","at":"2026-03-04T15:20:02Z"}]}"#)
            .expect("valid");
        assert_eq!(app.tenant(), "default");
        let back = serde_json::to_value(&app).expect("serialises");
        assert_eq!(back["sessions"][0]["ip"], "2001:db8::1");
        assert_eq!(back["sessions"][0]["at"], "2026-03-04T15:20:02Z");
    }

    #[test]
    fn wrong_json_types_name_the_field() {
        let error =
            parse_application(r#"{"application_id":"a-3","candidate":{"emails":"x@example.com"}}"#)
                .expect_err("emails must be a list");
        assert_eq!(error.errors[0].path, "candidate.emails");
        let error = parse_application(r#"{"candidate":{}}"#).expect_err("id required");
        assert!(
            error.errors[0].reason.contains("application_id"),
            "{:?}",
            error.errors
        );
    }

    #[test]
    fn lists_over_their_limits_are_rejected_quickly() {
        let sessions = vec![r#"{"ip":"10.0.0.1"}"#; Limits::default().sessions + 1].join(",");
        let json = format!(r#"{{"application_id":"a-4","sessions":[{sessions}]}}"#);
        let error = parse_application(&json).expect_err("too many sessions");
        assert_eq!(error.errors[0].path, "sessions");
        assert!(error.errors[0].reason.contains("over the limit of 1000"));
    }

    #[test]
    fn control_characters_in_bad_values_are_escaped_in_messages() {
        let error = parse_application(
            "{\"application_id\":\"a-5\",\"sessions\":[{\"ip\":\"1.2.3.4\\u001b[31m\\u202e\"}]}",
        )
        .expect_err("bad ip");
        let reason = &error.errors[0].reason;
        assert!(
            !reason.contains('\u{1b}') && !reason.contains('\u{202e}'),
            "{reason:?}"
        );
    }

    #[test]
    fn parser_messages_never_echo_values() {
        assert_eq!(
            redact("invalid type: integer `536228841`, expected a string at line 1 column 40"),
            "invalid type: integer `…`, expected a string at line 1 column 40"
        );
        assert_eq!(
            redact("invalid type: string \"078-05-1120\", expected a sequence"),
            "invalid type: string \"…\", expected a sequence"
        );
        assert_eq!(
            redact("missing field `application_id`"),
            "missing field `application_id`"
        );
    }
}
