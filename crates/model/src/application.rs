//! The input side of contract v1: one application as an HR platform sends it.
//!
//! Every field but `application_id` is optional and unknown fields are ignored.
//! Fields whose text must parse (addresses, times, codes) are [`Checked`], so a
//! bad value is kept and reported by [`crate::validate`] instead of aborting
//! deserialisation.

use crate::checked::{Checked, Country, ParseField, WebLink};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// One candidate application (contract v1 input).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    /// Unique per tenant; required.
    pub application_id: String,
    /// The employer; `"default"` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Which system sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where the candidate came from, as the ATS names it ("LinkedIn",
    /// "Referral"; an addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
    /// The application's page in the system that sent it, for reviewers to
    /// open (an addition; `http`/`https` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub source_url: Option<Checked<WebLink>>,
    /// When the application was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime, nullable = false))]
    pub submitted_at: Option<Checked<DateTime<Utc>>>,
    /// The position applied for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Who the applicant says they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<Candidate>,
    /// Identity documents, résumés, photos.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub documents: Vec<Document>,
    /// Observed sessions (apply, interview, onboarding, logins).
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sessions: Vec<Session>,
    /// Where pay goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payroll: Option<Payroll>,
    /// Where the company laptop goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    /// The company laptop(s) issued to the hire, one entry per observation
    /// (an MDM or EDR check-in, an inventory snapshot).
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub devices: Vec<Device>,
    /// Fields that could not be read and were left out, or were changed to be
    /// read (control characters removed), each with its path: set by
    /// [`crate::parse_application`], reported on the verdict.
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub unreadable: Vec<crate::validate::FieldError>,
}

impl Application {
    /// The tenant, `"default"` when the record names none.
    pub fn tenant(&self) -> &str {
        self.tenant_id.as_deref().unwrap_or("default")
    }

    /// The claimed location, if any part of it was sent.
    pub fn claimed_location(&self) -> Option<&ClaimedLocation> {
        self.candidate.as_ref()?.claimed_location.as_ref()
    }
}

/// The job.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Position {
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether the job is remote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<bool>,
    /// The planned first day (an addition to contract v1): shipping and payroll
    /// changes are read against it. Without it, the first onboarding session stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable = false))]
    pub start_date: Option<Checked<NaiveDate>>,
    /// The last day, once employment ends (after-hire addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable = false))]
    pub end_date: Option<Checked<NaiveDate>>,
    /// The office the job belongs to, as the ATS names it (an addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// The applicant as they present themselves.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    /// Full name as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// E-mail addresses.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub emails: Vec<String>,
    /// Phone numbers, E.164 preferred.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub phones: Vec<String>,
    /// Date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable = false))]
    pub date_of_birth: Option<Checked<NaiveDate>>,
    /// Where they say they live and work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_location: Option<ClaimedLocation>,
    /// Their stated IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub timezone: Option<Checked<Tz>>,
    /// Home address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_address: Option<Address>,
    /// Public profiles.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub profiles: Vec<Profile>,
    /// The sending system's id of the candidate, prefixed by the system
    /// (`greenhouse:57683957`; an addition): a candidate deleted there is
    /// deleted here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// The place a candidate claims.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimedLocation {
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub country: Option<Checked<Country>>,
    /// Region or state code or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
}

/// A postal address.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Street line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// Unit, suite, apartment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region or state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub country: Option<Checked<Country>>,
}

/// A public profile (GitHub, LinkedIn, portfolio).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    /// `github`, `linkedin`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Profile URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the profile was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable = false))]
    pub created_at: Option<Checked<NaiveDate>>,
}

/// An uploaded document or the facts read from it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub kind: Option<Checked<DocumentKind>>,
    /// Document number (PII: never logged or stored in the clear).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Issuing country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub issuing_country: Option<Checked<Country>>,
    /// Name printed on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder_name: Option<String>,
    /// Date of birth printed on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable = false))]
    pub date_of_birth: Option<Checked<NaiveDate>>,
    /// Expiry date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, nullable = false))]
    pub expires_on: Option<Checked<NaiveDate>>,
    /// Machine-readable zone lines.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub mrz: Vec<String>,
    /// SHA-256 of the uploaded file, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// 64-bit perceptual hash of an image, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phash: Option<String>,
    /// Extracted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An observed session.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime, nullable = false))]
    pub at: Option<Checked<DateTime<Utc>>>,
    /// What it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub kind: Option<Checked<SessionKind>>,
    /// The client IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub ip: Option<Checked<IpAddr>>,
    /// The browser's user agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The IANA zone the browser reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub browser_timezone: Option<Checked<Tz>>,
    /// Carried for the record, never scored (see docs/ARCHITECTURE.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_language: Option<String>,
    /// The system that recorded it (`okta`, `entra`, `google`, `ats`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The identity provider's id of the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The MFA factor or authenticator that completed the sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_id: Option<String>,
    /// Who was at the keyboard; absent means the candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub actor: Option<Checked<SessionActor>>,
}

impl Session {
    /// Whether someone other than the candidate (a recruiter, an agency, the
    /// employer) was at the keyboard: such a session says nothing about where
    /// the candidate is.
    pub fn by_someone_else(&self) -> bool {
        self.actor
            .as_ref()
            .and_then(|a| a.get())
            .is_some_and(|a| *a != SessionActor::Candidate)
    }
}

/// One observation of a company laptop, as its MDM or EDR saw it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    /// The MDM's id of the laptop (comparable only within its `source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The hardware serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// The system that saw it (`osquery`, `jamf`, `intune`, `kandji`, `crowdstrike`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime, nullable = false))]
    pub observed_at: Option<Checked<DateTime<Utc>>>,
    /// The address it checked in from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub public_ip: Option<Checked<IpAddr>>,
    /// Its system time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub timezone: Option<Checked<Tz>>,
    /// USB devices attached, as osquery's `usb_devices` table reports them.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub usb_devices: Vec<UsbDevice>,
    /// Running processes and installed apps.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub software: Vec<Software>,
}

/// A USB device attached to a laptop. Ids are hex, any case, with or without `0x`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsbDevice {
    /// Vendor id (`1d6b`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<String>,
    /// Product id (`0104`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    /// Vendor name as the device reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Product name as the device reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The device's serial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Device class (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Device subclass (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subclass: Option<String>,
    /// Device protocol (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Interface classes (hex), where the source reports them.
    #[serde(
        default,
        deserialize_with = "null_is_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub interfaces: Vec<String>,
}

/// A running process or an installed application.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Software {
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its executable or bundle path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `process`, `app`, `program` or `package`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Code signer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// macOS bundle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
}

/// Where pay goes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payroll {
    /// How pay is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub method: Option<Checked<PayrollMethod>>,
    /// Name on the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder: Option<String>,
    /// Country of the bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, nullable = false))]
    pub bank_country: Option<Checked<Country>>,
    /// ABA routing number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_number: Option<String>,
    /// Account number (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// IBAN (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// SWIFT/BIC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swift_bic: Option<String>,
    /// Crypto wallet address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_address: Option<String>,
    /// When payroll details last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime, nullable = false))]
    pub updated_at: Option<Checked<DateTime<Utc>>>,
}

/// Where the company laptop is shipped.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipping {
    /// Name on the parcel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Ship-to address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// When the shipment was requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime, nullable = false))]
    pub requested_at: Option<Checked<DateTime<Utc>>>,
}

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// The contract's spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl ParseField for $name {
            fn parse_field(text: &str) -> Result<Self, String> {
                match text.trim().to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!("not one of: {}", [$($text),+].join(", "))),
                }
            }

            fn render(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}

text_enum!(
    /// Kinds of document (contract v1).
    DocumentKind {
        /// Passport.
        Passport = "passport",
        /// Driver's licence.
        DriversLicense = "drivers_license",
        /// National identity card.
        NationalId = "national_id",
        /// Social Security number card or record.
        Ssn = "ssn",
        /// Résumé.
        Resume = "resume",
        /// Photograph.
        Photo = "photo",
        /// Anything else.
        Other = "other",
    }
);

text_enum!(
    /// Kinds of session (contract v1).
    SessionKind {
        /// Submitting the application.
        Apply = "apply",
        /// An interview.
        Interview = "interview",
        /// A skills assessment.
        Assessment = "assessment",
        /// Onboarding.
        Onboarding = "onboarding",
        /// A login.
        Login = "login",
    }
);

text_enum!(
    /// Who was at the keyboard in a session (contract addition, 2026-12-03).
    SessionActor {
        /// The candidate (the default).
        Candidate = "candidate",
        /// A recruiter of the employer or of a platform.
        Recruiter = "recruiter",
        /// A staffing agency submitting for the candidate.
        Agency = "agency",
        /// The employer.
        Employer = "employer",
    }
);

text_enum!(
    /// How pay is sent (contract v1).
    PayrollMethod {
        /// Bank transfer.
        BankTransfer = "bank_transfer",
        /// Payoneer.
        Payoneer = "payoneer",
        /// Wise.
        Wise = "wise",
        /// PayPal.
        Paypal = "paypal",
        /// Cryptocurrency.
        Crypto = "crypto",
        /// Paper cheque.
        Check = "check",
        /// Anything else.
        Other = "other",
    }
);

/// A list sent as `null` is an empty list: integrations write an absent list
/// both ways, and the typed reader is the fast path (anything it refuses is
/// read again, field by field).
fn null_is_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
