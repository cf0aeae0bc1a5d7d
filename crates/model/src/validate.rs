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
                        reason: e.into_inner().to_string(),
                    }
                }
                Ok(_) => FieldError {
                    path: "$".to_owned(),
                    reason: plain.to_string(),
                },
            };
            return Err(RecordError {
                application_id: None,
                errors: vec![error],
            });
        }
    };
    let errors = validate(&application);
    if errors.is_empty() {
        Ok(application)
    } else {
        Err(RecordError {
            application_id: Some(application.application_id.clone()).filter(|id| !id.is_empty()),
            errors,
        })
    }
}

/// Every problem with an application, in field order; empty when it is valid.
pub fn validate(app: &Application) -> Vec<FieldError> {
    let mut out = Errors(Vec::new());
    if app.application_id.trim().is_empty() {
        out.push("application_id", "required and must not be empty");
    }
    out.check("submitted_at", &app.submitted_at);
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

    fn address(&mut self, path: &str, address: &Address) {
        self.check(&format!("{path}.country"), &address.country);
    }
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
