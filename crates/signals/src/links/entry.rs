//! What one application contributes to the index: its session IPs and its
//! identity attributes, normalised and keyed.

use super::{Identity, IndexedApp, Label, LinkKey, LinkKind, PersonName};
use crate::Enriched;
use bonafide_identity::history::work_history_and_career;
use bonafide_identity::normalize::{document_number, email, profile_url};
use bonafide_identity::payment::{account_number, wallet_key};
use bonafide_identity::sketch::{minhash, parse_phash};
use bonafide_identity::{mask, ssn};
use bonafide_model::DocumentKind;

/// The index entry of an enriched application.
pub fn index_entry(app: &Enriched<'_>) -> IndexedApp {
    let keyer = &app.reference.keyer;
    let record = app.app;
    let mut labels: Vec<Label> = Vec::new();
    let mut keyed = |kind: LinkKind, domain: &str, value: &str, what: &'static str, shown: &str| {
        let key = LinkKey {
            kind,
            hash: keyer.hash(domain, value).as_u64(),
        };
        labels.push(Label::new(key, what, shown));
    };

    // A VPN exit or proxy is shared by thousands of strangers, and a mobile
    // carrier's address (by a Connection-Type database) by many: they link nobody.
    let mut ips: Vec<std::net::IpAddr> = app
        .sessions
        .iter()
        .filter(|s| !s.anonymized() && !s.shared_by_strangers())
        .filter_map(|s| s.ip.as_ref().map(|f| f.ip))
        .collect();
    ips.sort_unstable();
    ips.dedup();

    let mut phashes = Vec::new();
    // Kept apart from `labels` while `keyed` borrows it.
    let mut careers: Vec<Label> = Vec::new();
    let mut resume = None;
    for doc in &record.documents {
        let kind = doc
            .kind
            .as_ref()
            .and_then(|k| k.get().copied())
            .unwrap_or(DocumentKind::Other);
        if let Some(number) = doc.number.as_deref() {
            if kind == DocumentKind::Ssn {
                if let Some(digits) = ssn::digits(number) {
                    keyed(LinkKind::Ssn, "ssn", &digits, "SSN", &shown_tail(number));
                }
            } else if let Some(normalised) = document_number(number) {
                let domain = format!("document:{}", kind.as_str());
                keyed(
                    LinkKind::Document,
                    &domain,
                    &normalised,
                    document_word(kind),
                    &shown_tail(number),
                );
            }
        }
        if let Some(digest) = doc
            .sha256
            .as_deref()
            .map(str::trim)
            .filter(|d| d.len() == 64)
        {
            keyed(
                LinkKind::File,
                "file",
                &digest.to_ascii_lowercase(),
                "file",
                "",
            );
        }
        if let Some(value) = doc.phash.as_deref().and_then(parse_phash) {
            phashes.push(value);
        }
        if kind == DocumentKind::Resume && resume.is_none() {
            resume = doc.text.as_deref().and_then(minhash);
            let (history, career) = doc
                .text
                .as_deref()
                .map(work_history_and_career)
                .unwrap_or_default();
            if let Some(history) = history {
                keyed(
                    LinkKind::WorkHistory,
                    "history",
                    &history,
                    "work history",
                    "",
                );
            }
            if let Some(career) = career {
                let key = LinkKey {
                    kind: LinkKind::Career,
                    hash: keyer.hash("career", &career.employers).as_u64(),
                };
                careers.push(Label::career(key, &career.starts));
            }
        }
    }
    let candidate = record.candidate.as_ref();
    for raw in candidate.map(|c| c.emails.as_slice()).unwrap_or_default() {
        if let Some(address) = email(raw) {
            let first: String = address.chars().take(1).collect();
            keyed(LinkKind::Email, "email", &address, "e-mail", &first);
        }
    }
    for number in &app.phones {
        keyed(
            LinkKind::Phone,
            "phone",
            &number.e164,
            "phone",
            &shown_tail(&number.e164),
        );
    }
    for profile in candidate.map(|c| c.profiles.as_slice()).unwrap_or_default() {
        if let Some(url) = profile.url.as_deref().and_then(profile_url) {
            keyed(LinkKind::Profile, "profile", &url, "profile", "");
        }
    }

    if let Some(shipping) = &app.shipping {
        let shown = shipping.postal.as_deref().unwrap_or("");
        for key in shipping.keys() {
            keyed(
                LinkKind::ShippingAddress,
                "shipping",
                &key,
                "shipping address",
                shown,
            );
        }
    }
    for (value, what, shown) in payroll_destinations(record) {
        keyed(LinkKind::PayrollAccount, "payroll", &value, what, &shown);
    }
    // A laptop's hardware serial is comparable across employers.
    for device in &record.devices {
        if let Some(serial) = device.serial.as_deref().and_then(serial_key) {
            keyed(
                LinkKind::Device,
                "laptop",
                &serial,
                "laptop",
                &shown_tail(&serial),
            );
        }
    }
    // An identity provider's ids mean something only within the provider and
    // the employer that issued them: both are part of the key.
    // A session at someone else's keyboard (IT's, a recruiter's) is not the
    // hire's. A hire signs in from one device many times: each id is keyed once.
    let mut sign_in_ids = std::collections::BTreeSet::new();
    for session in record.sessions.iter().filter(|s| !s.by_someone_else()) {
        let provider = session.source.as_deref().unwrap_or("").trim();
        for (id, what) in [
            (&session.device_id, "sign-in device"),
            (&session.authenticator_id, "authenticator"),
        ] {
            if let Some(id) = id.as_deref().map(str::trim).filter(|i| i.len() >= 4) {
                sign_in_ids.insert((provider, what, id));
            }
        }
    }
    for (provider, what, id) in sign_in_ids {
        let provider = provider.to_lowercase();
        let domain = format!("sign-in:{}:{provider}:{what}", record.tenant());
        keyed(LinkKind::SignIn, &domain, id, what, &shown_tail(id));
    }

    labels.extend(careers);

    let date_of_birth = candidate
        .and_then(|c| c.date_of_birth.as_ref())
        .map(|d| d.text());
    IndexedApp {
        application_id: record.application_id.as_str().into(),
        tenant_id: record.tenant().into(),
        identity: Identity::of(
            candidate.and_then(|c| c.full_name.as_deref()),
            date_of_birth.as_deref(),
            &record.application_id,
        ),
        submitted: record
            .submitted_at
            .as_ref()
            .and_then(|t| t.get())
            .map(|t| t.timestamp()),
        ips: ips.into_boxed_slice(),
        labels: labels.into_boxed_slice(),
        phashes: phashes.into_boxed_slice(),
        resume: resume.map(Box::new),
        home: app
            .home
            .as_ref()
            .and_then(|h| h.keys().into_iter().next())
            .map(|key| keyer.hash("home", &key).as_u64()),
        person: person_name(
            candidate.and_then(|c| c.full_name.as_deref()),
            date_of_birth.as_deref(),
            keyer,
        ),
        at_home: app.home_base,
        employment: employment(app),
    }
}

/// A serial as written on the sticker: letters and digits, upper case; a
/// placeholder some tools report (`0`, `Default string`) is no serial.
fn serial_key(raw: &str) -> Option<String> {
    let serial: String = raw
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let placeholder = matches!(
        serial.as_str(),
        "DEFAULTSTRING"
            | "TOBEFILLEDBYOEM"
            | "SYSTEMSERIALNUMBER"
            | "SERIALNUMBER"
            | "UNKNOWN"
            | "NONE"
            | "NOTSPECIFIED"
            | "NOTAPPLICABLE"
            | "INVALID"
            | "0123456789"
            | "123456789"
            | "1234567890"
    );
    let one_character = serial.chars().all(|c| serial.starts_with(c));
    (serial.len() >= 5 && !placeholder && !one_character).then_some(serial)
}

/// The hire's time at the employer: from `position.start_date` (or the first
/// onboarding session) to `end_date`, and the days the hire was seen at work
/// (a company laptop's check-ins, sign-ins to the employer's identity
/// provider). Without those, none: integrations fill a start date for
/// applicants never hired, and one person applying twice is not two jobs.
fn employment(app: &Enriched<'_>) -> Option<super::Employment> {
    use bonafide_model::SessionKind;
    let record = app.app;
    let day = |t: chrono::DateTime<chrono::Utc>| (t.timestamp().div_euclid(86_400)) as i32;
    let checked_in = record
        .devices
        .iter()
        .filter_map(|d| d.observed_at.as_ref()?.get().copied());
    let signed_in = record
        .sessions
        .iter()
        .filter(|s| {
            s.device_id.is_some()
                || s.authenticator_id.is_some()
                || s.kind.as_ref().and_then(|k| k.get()).copied() == Some(SessionKind::Login)
        })
        .filter_map(|s| s.at.as_ref()?.get().copied());
    let days: Vec<i32> = checked_in.chain(signed_in).map(day).collect();
    let seen = (*days.iter().min()?, *days.iter().max()?);
    let start = day(app.start?);
    let end = record
        .position
        .as_ref()
        .and_then(|p| p.end_date.as_ref())
        .and_then(|d| d.get())
        .map(|d| day(d.and_time(chrono::NaiveTime::MIN).and_utc()));
    Some(super::Employment { start, end, seen })
}

/// The name's words and the date of birth through the keyed hash.
fn person_name(
    name: Option<&str>,
    date_of_birth: Option<&str>,
    keyer: &bonafide_identity::Keyer,
) -> Option<Box<PersonName>> {
    // Words and their first letters are both keyed: the entry holds no letter of a name.
    let keyed = |domain: &str, text: &str| (keyer.hash(domain, text).as_u64() as u32) | 1;
    let words: Vec<Vec<(u32, u32)>> = bonafide_identity::person::words(name?)
        .into_iter()
        .map(|word| {
            word.into_iter()
                .map(|(key, first)| {
                    let hash = if key.is_empty() {
                        0
                    } else {
                        keyed("name-word", &key)
                    };
                    (hash, keyed("name-initial", &first))
                })
                .collect()
        })
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(Box::new(PersonName {
        date_of_birth: date_of_birth.map(|d| keyer.hash("dob", d.trim()).as_u64() as u32),
        words: words.into_boxed_slice(),
    }))
}

/// Where the pay goes, each destination normalised with what evidence may show of it:
/// routing and account number (or SWIFT BIC and account), IBAN, wallet.
fn payroll_destinations(
    record: &bonafide_model::Application,
) -> Vec<(String, &'static str, String)> {
    let Some(payroll) = &record.payroll else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let digits = |raw: &str| -> String { raw.chars().filter(char::is_ascii_digit).collect() };
    let account = payroll.account_number.as_deref().and_then(account_number);
    if let Some(account) = &account {
        let bank = payroll
            .routing_number
            .as_deref()
            .map(|r| format!("aba:{}", digits(r)))
            .or_else(|| {
                payroll.swift_bic.as_deref().map(|b| {
                    let bic: String = b
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .take(8)
                        .collect();
                    format!("bic:{}", bic.to_ascii_uppercase())
                })
            });
        if let Some(bank) = bank {
            out.push((
                format!("{bank}:{account}"),
                "bank account",
                shown_tail(account),
            ));
        }
    }
    if let Some(iban) = payroll.iban.as_deref() {
        let compact: String = iban
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.len() >= 8 {
            out.push((format!("iban:{compact}"), "IBAN", shown_tail(&compact)));
        }
    }
    if let Some(wallet) = payroll
        .wallet_address
        .as_deref()
        .filter(|w| !w.trim().is_empty())
    {
        let key = wallet_key(wallet);
        out.push((format!("wallet:{key}"), "wallet", shown_tail(&key)));
    }
    out
}

/// What a mask shows of a value: its last 4 letters or digits, when it has more than 6.
fn shown_tail(raw: &str) -> String {
    mask(raw)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn document_word(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Passport => "passport",
        DocumentKind::DriversLicense => "driver's licence",
        DocumentKind::NationalId => "national id",
        DocumentKind::Ssn => "SSN",
        DocumentKind::Resume | DocumentKind::Photo | DocumentKind::Other => "document",
    }
}
