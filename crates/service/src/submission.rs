//! Reading submissions, one way for every door: a file's lines (`score`,
//! `score --store`), an API body and an ATS event all pass through here, so
//! what keeps records (`prepare`) refuses the same ones for the same reasons,
//! and `score`, which keeps nothing, reads lines the same way.

use crate::writer::Submission;
use bonafide_model::{parse_application_with, Application, FieldError, Limits, RecordError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// A line of a file that was refused, as written to stderr: its number and why.
#[derive(Debug, Serialize)]
pub struct Rejected {
    /// 1-based line number.
    pub line: usize,
    /// The reasons, with the application's id when it could be read.
    #[serde(flatten)]
    pub error: RecordError,
}

fn whole_record(application_id: Option<String>, path: &str, reason: String) -> RecordError {
    RecordError {
        application_id,
        errors: vec![FieldError {
            path: path.to_owned(),
            reason,
        }],
    }
}

/// A file's line as text: `None` for a blank line; refused when it is over
/// `[limits] line_bytes` or not UTF-8.
pub fn line_text<'a>(
    number: usize,
    bytes: &'a [u8],
    limits: &Limits,
) -> Option<Result<&'a str, Rejected>> {
    let reject = |reason: String| Rejected {
        line: number,
        error: whole_record(None, "$", reason),
    };
    if bytes.len() > limits.line_bytes {
        return Some(Err(reject(format!(
            "line is over the {}-byte limit",
            limits.line_bytes
        ))));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => None,
        Ok(text) => Some(Ok(text.trim())),
        Err(e) => Some(Err(reject(format!("not UTF-8 ({e})")))),
    }
}

/// A file's line read as an application, for scoring without a store.
pub fn parse_line(
    number: usize,
    bytes: &[u8],
    limits: &Limits,
) -> Option<Result<Application, Rejected>> {
    Some(line_text(number, bytes, limits)?.and_then(|text| {
        parse_application_with(text, limits).map_err(|error| Rejected {
            line: number,
            error,
        })
    }))
}

/// One record made ready to score and keep: read within the limits, its id
/// one a page can link to, its body reduced to what a store keeps. `tenant`
/// is the caller's when the caller is bound to one (an API key): the record
/// is then that tenant's, and a record naming another is refused.
pub fn prepare(
    text: &str,
    limits: &Limits,
    tenant: Option<&str>,
    origin: &str,
    at: DateTime<Utc>,
) -> Result<Submission, RecordError> {
    if text.len() > limits.line_bytes {
        return Err(whole_record(
            None,
            "$",
            format!(
                "the application is {} bytes; at most {} (`[limits] line_bytes`)",
                text.len(),
                limits.line_bytes
            ),
        ));
    }
    let mut app = parse_application_with(text, limits)?;
    let id = || Some(app.application_id.clone());
    if matches!(app.application_id.as_str(), "." | "..") {
        return Err(whole_record(
            id(),
            "application_id",
            "`.` and `..` cannot be an application's id: links to it would lead elsewhere".into(),
        ));
    }
    let mut body =
        bonafide_model::body_to_keep(text).map_err(|e| whole_record(id(), "$", e.to_string()))?;
    if let Some(tenant) = tenant {
        if let Some(given) = body.get("tenant_id").and_then(Value::as_str) {
            if given != tenant {
                return Err(whole_record(
                    id(),
                    "tenant_id",
                    format!("this key submits for tenant `{tenant}`, not `{given}`"),
                ));
            }
        }
        if let Some(object) = body.as_object_mut() {
            object.insert("tenant_id".into(), Value::String(tenant.to_owned()));
        }
        app.tenant_id = Some(tenant.to_owned());
    }
    Ok(Submission {
        origin: app.source.clone().unwrap_or_else(|| origin.to_owned()),
        app,
        body,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn blank_lines_are_skipped_and_bad_bytes_refused_with_their_line() {
        assert!(line_text(1, b"  \r\n", &limits()).is_none());
        let refused = line_text(7, b"{\"a\":\xff}", &limits())
            .and_then(Result::err)
            .expect("not UTF-8 is refused");
        assert_eq!(refused.line, 7);
        assert!(refused.error.errors[0].reason.starts_with("not UTF-8"));
        let long = vec![b'x'; limits().line_bytes + 1];
        let refused = line_text(3, &long, &limits())
            .and_then(Result::err)
            .expect("an over-long line is refused");
        assert!(refused.error.errors[0].reason.contains("byte limit"));
    }

    #[test]
    fn a_line_without_an_id_is_refused_and_a_good_one_read() {
        let refused = parse_line(2, br#"{"tenant_id": "acme"}"#, &limits())
            .and_then(Result::err)
            .expect("no id");
        assert_eq!(refused.line, 2);
        let app = parse_line(
            4,
            br#" {"application_id": "a-1", "tenant_id": "acme"} "#,
            &limits(),
        )
        .and_then(Result::ok)
        .expect("read");
        assert_eq!(app.application_id, "a-1");
    }

    #[test]
    fn a_bound_tenant_is_the_records_and_another_is_refused() {
        let at = Utc::now();
        let kept = prepare(
            r#"{"application_id": "a-1"}"#,
            &limits(),
            Some("acme"),
            "api",
            at,
        )
        .expect("kept");
        assert_eq!(kept.app.tenant_id.as_deref(), Some("acme"));
        assert_eq!(kept.body["tenant_id"], "acme");
        assert_eq!(kept.origin, "api");
        let refused = prepare(
            r#"{"application_id": "a-1", "tenant_id": "globex"}"#,
            &limits(),
            Some("acme"),
            "api",
            at,
        )
        .expect_err("another tenant");
        assert_eq!(refused.errors[0].path, "tenant_id");
        assert_eq!(refused.application_id.as_deref(), Some("a-1"));
        // A file names its own tenants.
        let file = prepare(
            r#"{"application_id": "a-1", "tenant_id": "globex", "source": "greenhouse"}"#,
            &limits(),
            None,
            "file",
            at,
        )
        .expect("kept");
        assert_eq!(file.app.tenant_id.as_deref(), Some("globex"));
        assert_eq!(file.origin, "greenhouse");
    }

    #[test]
    fn dot_ids_are_refused() {
        for id in [".", ".."] {
            let text = format!(r#"{{"application_id": "{id}", "tenant_id": "acme"}}"#);
            let refused = prepare(&text, &limits(), None, "file", Utc::now()).expect_err(id);
            assert_eq!(refused.errors[0].path, "application_id");
        }
    }
}
