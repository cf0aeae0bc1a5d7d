//! Record validation that reports every problem at once, each with its field path.

use crate::application::{Address, Application};
use crate::checked::Checked;
use serde::Serialize;
use std::fmt::Display;

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

/// Parse one JSON object into an application, reading liberally: a field that
/// cannot be read is left out and listed in [`Application::unreadable`] with
/// its path and reason, and the rest is kept. Only a line that is not JSON, is
/// not an object, or has no id (or an unusable one) is refused.
pub fn parse_application(json: &str) -> Result<Application, RecordError> {
    parse_application_with(json, &Limits::default())
}

/// [`parse_application`] under given limits: over a limit, a list keeps its
/// first items and a field is left out, each noted.
pub fn parse_application_with(json: &str, limits: &Limits) -> Result<Application, RecordError> {
    // The plain parser is fast; only a record it cannot take, or one that may
    // hold control characters, goes through the lenient reader.
    // A derived struct also reads from a JSON array (fields in order): only
    // an object may take the fast path; anything else is refused below.
    let plain = if may_hold_controls(json) || !json.trim_start().starts_with('{') {
        None
    } else {
        serde_json::from_str::<Application>(json).ok()
    };
    let (mut application, mut unreadable) = match plain {
        Some(app) => (app, Vec::new()),
        None => crate::lenient::read(json)?,
    };
    let refused = |errors: Vec<FieldError>, app: &Application| RecordError {
        application_id: Some(app.application_id.clone()).filter(|id| !id.trim().is_empty()),
        errors,
    };
    let id_errors = id_errors(&application, limits);
    if !id_errors.is_empty() {
        return Err(refused(id_errors, &application));
    }
    unreadable.extend(repair(&mut application, limits));
    truncate_texts(&mut application, limits.text_bytes);
    application.unreadable = unreadable;
    Ok(application)
}

/// JSON can carry control characters only as `\u00XX` escapes.
fn may_hold_controls(json: &str) -> bool {
    json.contains("\\u000") || json.contains("\\u001") || json.contains("\\u007")
}

/// What makes a record impossible to keep: no id, or ids over their limit.
fn id_errors(app: &Application, limits: &Limits) -> Vec<FieldError> {
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
    out.0
}

/// Bring a record within its limits and leave out the fields that did not
/// parse; returns what was changed, as field errors.
fn repair(app: &mut Application, limits: &Limits) -> Vec<FieldError> {
    let mut errors = validate_with(app, limits);
    if cut_to_limits(app, limits) {
        errors.extend(validate_with(app, limits));
    }
    clear_invalid(app);
    errors
}

/// Lists over their limit keep their first items; fields over the byte limit
/// are left out. Whether anything was cut.
fn cut_to_limits(app: &mut Application, limits: &Limits) -> bool {
    let mut cut = false;
    let mut keep = |len: usize, max: usize| {
        cut |= len > max;
        len.min(max)
    };
    let sessions = keep(app.sessions.len(), limits.sessions);
    app.sessions.truncate(sessions);
    let documents = keep(app.documents.len(), limits.documents);
    app.documents.truncate(documents);
    let devices = keep(app.devices.len(), limits.devices);
    app.devices.truncate(devices);
    for device in &mut app.devices {
        let usb = keep(device.usb_devices.len(), limits.devices);
        device.usb_devices.truncate(usb);
        let software = keep(device.software.len(), limits.devices);
        device.software.truncate(software);
    }
    if let Some(c) = app.candidate.as_mut() {
        let emails = keep(c.emails.len(), limits.contacts);
        c.emails.truncate(emails);
        let phones = keep(c.phones.len(), limits.contacts);
        c.phones.truncate(phones);
        let profiles = keep(c.profiles.len(), limits.contacts);
        c.profiles.truncate(profiles);
    }
    let max = limits.field_bytes;
    let mut drop_long = |field: &mut Option<String>| {
        if field.as_ref().is_some_and(|v| v.len() > max) {
            *field = None;
            cut = true;
        }
    };
    let drop_address = |a: &mut crate::Address, drop_long: &mut dyn FnMut(&mut Option<String>)| {
        drop_long(&mut a.line1);
        drop_long(&mut a.line2);
        drop_long(&mut a.city);
        drop_long(&mut a.region);
        drop_long(&mut a.postal_code);
    };
    if let Some(c) = app.candidate.as_mut() {
        drop_long(&mut c.full_name);
        if let Some(a) = c.home_address.as_mut() {
            drop_address(a, &mut drop_long);
        }
    }
    for d in &mut app.documents {
        drop_long(&mut d.number);
        drop_long(&mut d.holder_name);
    }
    if let Some(p) = app.payroll.as_mut() {
        drop_long(&mut p.account_holder);
        drop_long(&mut p.account_number);
        drop_long(&mut p.iban);
        drop_long(&mut p.wallet_address);
    }
    if let Some(s) = app.shipping.as_mut() {
        drop_long(&mut s.recipient);
        if let Some(a) = s.address.as_mut() {
            drop_address(a, &mut drop_long);
        }
    }
    if let Some(c) = app.candidate.as_mut() {
        let before = c.emails.len() + c.phones.len();
        c.emails.retain(|e| e.len() <= max);
        c.phones.retain(|p| p.len() <= max);
        cut |= c.emails.len() + c.phones.len() != before;
    }
    cut
}

/// Leave out every field whose text did not parse (it is listed already).
fn clear_invalid(app: &mut Application) {
    fn clear<T>(field: &mut Option<Checked<T>>) {
        if field.as_ref().is_some_and(|f| f.error().is_some()) {
            *field = None;
        }
    }
    clear(&mut app.submitted_at);
    clear(&mut app.source_url);
    if let Some(position) = app.position.as_mut() {
        clear(&mut position.start_date);
        clear(&mut position.end_date);
    }
    if let Some(c) = app.candidate.as_mut() {
        clear(&mut c.date_of_birth);
        if let Some(place) = c.claimed_location.as_mut() {
            clear(&mut place.country);
        }
        clear(&mut c.timezone);
        if let Some(a) = c.home_address.as_mut() {
            clear(&mut a.country);
        }
        for profile in &mut c.profiles {
            clear(&mut profile.created_at);
        }
    }
    for doc in &mut app.documents {
        clear(&mut doc.kind);
        clear(&mut doc.issuing_country);
        clear(&mut doc.date_of_birth);
        clear(&mut doc.expires_on);
    }
    for session in &mut app.sessions {
        clear(&mut session.at);
        clear(&mut session.kind);
        clear(&mut session.ip);
        clear(&mut session.browser_timezone);
        clear(&mut session.actor);
    }
    for device in &mut app.devices {
        clear(&mut device.observed_at);
        clear(&mut device.public_ip);
        clear(&mut device.timezone);
    }
    if let Some(p) = app.payroll.as_mut() {
        clear(&mut p.method);
        clear(&mut p.bank_country);
        clear(&mut p.updated_at);
    }
    if let Some(s) = app.shipping.as_mut() {
        if let Some(a) = s.address.as_mut() {
            clear(&mut a.country);
        }
        clear(&mut s.requested_at);
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
    /// Device observations per application, and USB devices or software items per observation.
    pub devices: usize,
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
            devices: 1_000,
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
    let mut out = Errors(id_errors(app, limits));
    out.limit("sessions", app.sessions.len(), limits.sessions);
    out.limit("documents", app.documents.len(), limits.documents);
    out.limit("devices", app.devices.len(), limits.devices);
    for (i, device) in app.devices.iter().enumerate() {
        let at = |field| FieldPath::item("devices", i, field);
        out.limit(at("usb_devices"), device.usb_devices.len(), limits.devices);
        out.limit(at("software"), device.software.len(), limits.devices);
    }
    if let Some(candidate) = &app.candidate {
        out.limit("candidate.emails", candidate.emails.len(), limits.contacts);
        out.limit("candidate.phones", candidate.phones.len(), limits.contacts);
        out.limit(
            "candidate.profiles",
            candidate.profiles.len(),
            limits.contacts,
        );
    }
    short_fields(app, |path, len| {
        if len > limits.field_bytes {
            out.push(path, &format!("longer than {} bytes", limits.field_bytes));
        }
    });
    if !out.0.is_empty() {
        // Over a limit: say so, without walking thousands of items.
        return out.0;
    }
    out.check("submitted_at", &app.submitted_at);
    out.check("source_url", &app.source_url);
    if let Some(position) = &app.position {
        out.check("position.start_date", &position.start_date);
        out.check("position.end_date", &position.end_date);
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
                FieldPath::item("candidate.profiles", i, "created_at"),
                &profile.created_at,
            );
        }
    }
    for (i, doc) in app.documents.iter().enumerate() {
        let at = |field| FieldPath::item("documents", i, field);
        out.check(at("kind"), &doc.kind);
        out.check(at("issuing_country"), &doc.issuing_country);
        out.check(at("date_of_birth"), &doc.date_of_birth);
        out.check(at("expires_on"), &doc.expires_on);
    }
    for (i, session) in app.sessions.iter().enumerate() {
        let at = |field| FieldPath::item("sessions", i, field);
        out.check(at("at"), &session.at);
        out.check(at("kind"), &session.kind);
        out.check(at("ip"), &session.ip);
        out.check(at("browser_timezone"), &session.browser_timezone);
        out.check(at("actor"), &session.actor);
    }
    for (i, device) in app.devices.iter().enumerate() {
        let at = |field| FieldPath::item("devices", i, field);
        out.check(at("observed_at"), &device.observed_at);
        out.check(at("public_ip"), &device.public_ip);
        out.check(at("timezone"), &device.timezone);
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
    fn push(&mut self, path: impl Display, reason: &str) {
        self.0.push(FieldError {
            path: path.to_string(),
            reason: reason.to_owned(),
        });
    }

    fn check<T>(&mut self, path: impl Display, field: &Option<Checked<T>>) {
        if let Some(reason) = field.as_ref().and_then(Checked::error) {
            let raw = match field {
                Some(Checked::Invalid { raw, .. }) => raw.as_str(),
                _ => "",
            };
            self.push(path, &format!("{reason}: {}", quote(raw)));
        }
    }

    fn limit(&mut self, path: impl Display, count: usize, max: usize) {
        if count > max {
            self.push(path, &format!("{count} items, over the limit of {max}"));
        }
    }

    fn address(&mut self, path: &str, address: &Address) {
        self.check(FieldPath::field(path, "country"), &address.country);
    }
}

/// A parser message without the values it quotes: serde echoes a wrongly typed
/// value ("invalid type: string \"…\"", "integer `…`"), and that value may be an
/// SSN or an account number. The position suffix is kept.
pub(crate) fn redact(message: &str) -> String {
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
/// lines, accounts), each given to `visit` with its path.
fn short_fields(app: &Application, mut visit: impl FnMut(FieldPath<'_>, usize)) {
    let mut add = |path: FieldPath<'_>, value: Option<&String>| {
        if let Some(v) = value {
            visit(path, v.len());
        }
    };
    let address =
        |prefix: &str, a: &crate::Address, add: &mut dyn FnMut(FieldPath<'_>, Option<&String>)| {
            add(FieldPath::field(prefix, "line1"), a.line1.as_ref());
            add(FieldPath::field(prefix, "line2"), a.line2.as_ref());
            add(FieldPath::field(prefix, "city"), a.city.as_ref());
            add(FieldPath::field(prefix, "region"), a.region.as_ref());
            add(
                FieldPath::field(prefix, "postal_code"),
                a.postal_code.as_ref(),
            );
        };
    if let Some(c) = &app.candidate {
        add(
            FieldPath::field("candidate", "full_name"),
            c.full_name.as_ref(),
        );
        for (i, e) in c.emails.iter().enumerate() {
            add(FieldPath::item("candidate.emails", i, ""), Some(e));
        }
        for (i, p) in c.phones.iter().enumerate() {
            add(FieldPath::item("candidate.phones", i, ""), Some(p));
        }
        if let Some(a) = &c.home_address {
            address("candidate.home_address", a, &mut add);
        }
    }
    for (i, d) in app.documents.iter().enumerate() {
        add(FieldPath::item("documents", i, "number"), d.number.as_ref());
        add(
            FieldPath::item("documents", i, "holder_name"),
            d.holder_name.as_ref(),
        );
    }
    if let Some(p) = &app.payroll {
        add(
            FieldPath::field("payroll", "account_holder"),
            p.account_holder.as_ref(),
        );
        add(
            FieldPath::field("payroll", "account_number"),
            p.account_number.as_ref(),
        );
        add(FieldPath::field("payroll", "iban"), p.iban.as_ref());
        add(
            FieldPath::field("payroll", "wallet_address"),
            p.wallet_address.as_ref(),
        );
    }
    if let Some(s) = &app.shipping {
        add(
            FieldPath::field("shipping", "recipient"),
            s.recipient.as_ref(),
        );
        if let Some(a) = &s.address {
            address("shipping.address", a, &mut add);
        }
    }
}

/// A field's path ("documents[2].number"), written out only when an error
/// names it: most applications have none, and formatting every path cost
/// more than checking the fields.
#[derive(Debug, Clone, Copy)]
struct FieldPath<'p> {
    parent: &'p str,
    index: Option<usize>,
    field: &'p str,
}

impl<'p> FieldPath<'p> {
    /// `parent.field`.
    fn field(parent: &'p str, field: &'p str) -> FieldPath<'p> {
        FieldPath {
            parent,
            index: None,
            field,
        }
    }

    /// `list[index].field`, or `list[index]` for an empty field.
    fn item(list: &'p str, index: usize, field: &'p str) -> FieldPath<'p> {
        FieldPath {
            parent: list,
            index: Some(index),
            field,
        }
    }
}

impl Display for FieldPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.parent)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        if !self.field.is_empty() {
            write!(f, ".{}", self.field)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_object_is_an_application() {
        for line in [
            r#"["app-1"]"#,
            r#"[{"application_id":"x"}]"#,
            r#""app-1""#,
            "12",
        ] {
            let refused = parse_application(line).expect_err(line);
            assert_eq!(refused.errors[0].reason, "not a JSON object", "{line}");
        }
        assert!(parse_application(r#" {"application_id":"a"}"#).is_ok());
    }

    fn unreadable_paths(app: &Application) -> Vec<&str> {
        app.unreadable.iter().map(|e| e.path.as_str()).collect()
    }

    #[test]
    fn a_long_text_is_cut_at_a_character_boundary_and_a_long_name_left_out() {
        let limits = Limits {
            text_bytes: 5,
            field_bytes: 8,
            ..Limits::default()
        };
        let json =
            r#"{"application_id":"a-1","documents":[{"kind":"resume","text":"résumé text"}]}"#;
        let app = parse_application_with(json, &limits).expect("accepted");
        assert_eq!(app.documents[0].text.as_deref(), Some("résu"));
        let json = r#"{"application_id":"a-2","shipping":{"recipient":"Al","address":{"line1":"123456789 Main"}}}"#;
        let app = parse_application_with(json, &limits).expect("kept");
        assert_eq!(unreadable_paths(&app), ["shipping.address.line1"]);
        assert_eq!(app.unreadable[0].reason, "longer than 8 bytes");
        let shipping = app.shipping.expect("the rest is kept");
        assert_eq!(shipping.recipient.as_deref(), Some("Al"));
        assert_eq!(shipping.address.and_then(|a| a.line1), None);
    }

    #[test]
    fn a_source_link_must_be_a_web_page_address() {
        let read = |link: &str| {
            let json = serde_json::json!({ "application_id": "a-1", "source_url": link });
            let app = parse_application(&json.to_string()).expect("kept");
            (
                app.source_url
                    .and_then(|l| l.get().map(|l| l.as_str().to_owned())),
                unreadable_paths_owned(&app.unreadable),
            )
        };
        assert_eq!(
            read(" https://app.greenhouse.io/people/4211?application_id=88 "),
            (
                Some("https://app.greenhouse.io/people/4211?application_id=88".to_owned()),
                vec![]
            )
        );
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "/people/4211",
            "https://user:pass@ats.example/x",
            "ftp://ats.example/x",
        ] {
            assert_eq!(read(bad), (None, vec!["source_url".to_owned()]), "{bad}");
        }
    }

    fn unreadable_paths_owned(errors: &[FieldError]) -> Vec<String> {
        errors.iter().map(|e| e.path.clone()).collect()
    }

    #[test]
    fn every_bad_field_is_listed_with_its_path_and_the_rest_kept() {
        let json = r#"{"application_id":"a-1","submitted_at":"soon",
            "candidate":{"full_name":"Dana Reyes","claimed_location":{"country":"Atlantis"},"timezone":"Pacific Time","date_of_birth":"05/07/1991"},
            "documents":[{"kind":"passport","expires_on":"2031-13-01"}],
            "sessions":[{"ip":"10.0.0.1"},{"ip":"300.1.1.1","kind":"coffee","at":"2026-03-04T15:20:02Z"}],
            "payroll":{"method":"gold","bank_country":"ZZ"},"unknown_field":{"ignored":true}}"#;
        let app = parse_application(json).expect("kept");
        assert_eq!(
            unreadable_paths(&app),
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
        let candidate = app.candidate.as_ref().expect("candidate");
        assert_eq!(candidate.full_name.as_deref(), Some("Dana Reyes"));
        assert!(candidate.date_of_birth.is_none() && candidate.timezone.is_none());
        assert_eq!(app.sessions.len(), 2);
        assert!(app.sessions[1].at.as_ref().and_then(|t| t.get()).is_some());
        assert!(app.sessions[1].ip.is_none());
    }

    #[test]
    fn fields_written_other_ways_are_understood() {
        let json = r#"{"application_id":4711,"tenant_id":12,
            "submitted_at":"2026-03-04 15:20:02",
            "candidate":{"emails":"dana@example.com","phones":null,"date_of_birth":"23/07/1991",
              "claimed_location":{"country":"United States"},
              "home_address":{"country":"U.S.","city":"Austin"}},
            "documents":null,"position":null,
            "sessions":[{"ip":"65.93.250.94:443","at":"2026-03-04T15:20:02"},{"ip":"[2001:db8::1]:8443"},
                        {"ip":"::ffff:81.2.69.160"},null],
            "payroll":{"bank_country":"deu"},"shipping":{"address":{"country":"UK"}}}"#;
        let app = parse_application(json).expect("read");
        assert!(app.unreadable.is_empty(), "{:?}", app.unreadable);
        assert_eq!(app.application_id, "4711");
        assert_eq!(app.tenant(), "12");
        let text = |v: &Option<Checked<_>>| v.as_ref().map(|c: &Checked<_>| c.text().into_owned());
        let candidate = app.candidate.as_ref().expect("candidate");
        assert_eq!(candidate.emails, ["dana@example.com"]);
        assert_eq!(
            text(&candidate.date_of_birth).as_deref(),
            Some("1991-07-23")
        );
        let country =
            |c: &Option<Checked<crate::Country>>| c.as_ref().map(|c| c.text().into_owned());
        assert_eq!(
            country(
                &candidate
                    .claimed_location
                    .as_ref()
                    .expect("claimed")
                    .country
            )
            .as_deref(),
            Some("US")
        );
        assert_eq!(
            country(&candidate.home_address.as_ref().expect("home").country).as_deref(),
            Some("US")
        );
        assert_eq!(
            country(&app.payroll.as_ref().expect("payroll").bank_country).as_deref(),
            Some("DE")
        );
        let ship = app
            .shipping
            .as_ref()
            .and_then(|s| s.address.as_ref())
            .expect("shipping");
        assert_eq!(country(&ship.country).as_deref(), Some("GB"));
        let ips: Vec<String> = app
            .sessions
            .iter()
            .filter_map(|s| s.ip.as_ref())
            .map(|ip| ip.text().into_owned())
            .collect();
        assert_eq!(ips, ["65.93.250.94", "2001:db8::1", "81.2.69.160"]);
        let submitted = app.submitted_at.as_ref().map(|t| t.text().into_owned());
        assert_eq!(submitted.as_deref(), Some("2026-03-04T15:20:02Z"));
    }

    #[test]
    fn odd_dates_never_panic() {
        for date in [
            "2026-1-1",
            "2026-01-01T",
            "2026-01-01 09:00",
            "é2026-01-01",
            "2026-01-0é",
            "T",
            "",
        ] {
            let json =
                serde_json::json!({"application_id": "d", "candidate": {"date_of_birth": date}});
            assert!(parse_application(&json.to_string()).is_ok(), "{date}");
        }
    }

    #[test]
    fn a_date_that_reads_both_ways_is_not_guessed() {
        let app = parse_application(
            r#"{"application_id":"a","candidate":{"date_of_birth":"05/07/1991"}}"#,
        )
        .expect("kept");
        assert_eq!(unreadable_paths(&app), ["candidate.date_of_birth"]);
    }

    #[test]
    fn a_field_of_the_wrong_shape_is_left_out_and_the_rest_scored() {
        let json = r#"{"application_id":"a-9","candidate":{"full_name":"Kim Lee","emails":{"work":"k@example.com"},"profiles":[3]},
            "sessions":[{"ip":"1.2.3"},"garbage",{"ip":"81.2.69.160","at":12}],"payroll":"direct deposit"}"#;
        let app = parse_application(json).expect("kept");
        let paths = unreadable_paths(&app);
        for expected in [
            "candidate.emails[0]",
            "candidate.profiles[0]",
            "sessions[1]",
            "payroll",
            "sessions[0].ip",
        ] {
            assert!(
                paths.iter().any(|p| p == &expected),
                "{expected} in {paths:?}"
            );
        }
        assert_eq!(
            app.candidate.as_ref().and_then(|c| c.full_name.as_deref()),
            Some("Kim Lee")
        );
        assert!(app
            .sessions
            .iter()
            .any(|s| s.ip.as_ref().is_some_and(|ip| ip.text() == "81.2.69.160")));
        for reason in app.unreadable.iter().map(|e| &e.reason) {
            assert!(
                !reason.contains("direct deposit"),
                "values are not echoed: {reason}"
            );
        }
    }

    #[test]
    fn control_characters_are_removed_and_noted() {
        let app = parse_application(
            "{\"application_id\":\"a-6\",\"candidate\":{\"full_name\":\"Ana\\u0000 Lima\"},\"documents\":[{\"kind\":\"resume\",\"text\":\"line one\\nline two\"}]}",
        )
        .expect("kept");
        assert_eq!(
            app.candidate.as_ref().and_then(|c| c.full_name.as_deref()),
            Some("Ana Lima")
        );
        assert_eq!(app.documents[0].text.as_deref(), Some("line one\nline two"));
        assert_eq!(unreadable_paths(&app), ["candidate.full_name"]);
        assert_eq!(app.unreadable[0].reason, "control characters removed");
    }

    #[test]
    fn only_what_is_not_an_application_is_refused() {
        for (line, id) in [
            ("not json", None),
            ("[1, 2]", None),
            (r#"{"candidate":{}}"#, None),
            (r#"{"application_id":"","sessions":[]}"#, None),
            (r#"{"application_id":null}"#, None),
        ] {
            let error = parse_application(line).expect_err(line);
            assert_eq!(error.application_id, id, "{line}");
        }
        let long = format!(r#"{{"application_id":"{}"}}"#, "x".repeat(300));
        assert!(parse_application(&long).is_err());
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
    fn an_after_hire_record_reads_and_its_bad_device_fields_are_left_out_alone() {
        let json = r#"{"application_id":"h-1","position":{"start_date":"2026-04-06"},
            "devices":[{"device_id":"C02XK0AAJG5H","observed_at":"yesterday","public_ip":"73.162.40.17:443",
                        "timezone":"US/Central",
                        "usb_devices":[{"vendor_id":"0x1D6B","model_id":"0104","interfaces":["03","08"]}],
                        "software":[{"name":"AnyDesk","path":"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe","kind":"process"}]},
                       {"device_id":"C02XK0AAJG5H","public_ip":"1.2.3","usb_devices":"garbage"}]}"#;
        let app = parse_application(json).expect("kept");
        assert_eq!(app.devices.len(), 2);
        let first = &app.devices[0];
        assert!(first.observed_at.is_none());
        assert_eq!(
            first
                .public_ip
                .as_ref()
                .and_then(|c| c.get())
                .map(|ip| ip.to_string()),
            Some("73.162.40.17".to_owned())
        );
        assert!(first.timezone.as_ref().and_then(|c| c.get()).is_some());
        assert_eq!(first.usb_devices[0].interfaces, ["03", "08"]);
        assert_eq!(first.software[0].name.as_deref(), Some("AnyDesk"));
        let mut paths = unreadable_paths(&app);
        paths.sort();
        assert_eq!(
            paths,
            [
                "devices[0].observed_at",
                "devices[1].public_ip",
                "devices[1].usb_devices"
            ]
        );
    }

    #[test]
    fn lists_over_their_limits_keep_their_first_items() {
        let sessions = vec![r#"{"ip":"10.0.0.1"}"#; Limits::default().sessions + 1].join(",");
        let json = format!(r#"{{"application_id":"a-4","sessions":[{sessions}]}}"#);
        let app = parse_application(&json).expect("kept");
        assert_eq!(app.sessions.len(), Limits::default().sessions);
        assert_eq!(unreadable_paths(&app), ["sessions"]);
        assert!(app.unreadable[0].reason.contains("over the limit of 1000"));
    }

    #[test]
    fn control_characters_in_bad_values_are_escaped_in_messages() {
        let app = parse_application(
            "{\"application_id\":\"a-5\",\"sessions\":[{\"ip\":\"1.2.3.4\u{202e}\"}]}",
        )
        .expect("kept");
        let reason = &app.unreadable[0].reason;
        assert!(!reason.contains('\u{202e}'), "{reason:?}");
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
