//! Contact details: disposable e-mail, non-geographic phones, and phones from
//! another country than the one claimed.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::network::to_evidence;
use bonafide_identity::mask;
use bonafide_identity::normalize::{email, email_domain, Phone, PhoneKind};
use serde_json::json;

/// A disposable e-mail domain.
pub const DISPOSABLE_EMAIL: SignalDef = SignalDef {
    id: "contact.disposable_email",
    doc: "An e-mail address is at a disposable-address service (by the configured domain lists). Free \
          webmail is not a signal.",
    unit: Unit::Count,
    evidence: &["domain", "listed_by"],
    sources: &["MS", "MM", "SE"],
    compute: Compute::Local(disposable_email),
};

/// A toll-free, premium or non-geographic phone number.
pub const PHONE_NONGEOGRAPHIC: SignalDef = SignalDef {
    id: "contact.phone_nongeographic",
    doc: "A phone number is toll-free, premium-rate or of a non-geographic kind (VoIP, personal, UAN) by \
          the libphonenumber plan, not a line a person is reached at where they live.",
    unit: Unit::Count,
    evidence: &["phone", "kind"],
    sources: &["MS", "MM", "SE"],
    compute: Compute::Local(phone_nongeographic),
};

/// A phone from another country than the claimed one.
pub const PHONE_COUNTRY_MISMATCH: SignalDef = SignalDef {
    id: "contact.phone_country_mismatch",
    doc:
        "A phone number belongs to another country's numbering plan than the country the candidate \
          claims to live in; the value is how many numbers.",
    unit: Unit::Count,
    evidence: &["phone", "phone_country", "claimed_country"],
    sources: &["A22", "MM"],
    compute: Compute::Local(phone_country_mismatch),
};

fn disposable_email(app: &Enriched<'_>) -> Option<Hit> {
    let list = &app.reference.disposable;
    let emails = app
        .app
        .candidate
        .as_ref()?
        .emails
        .iter()
        .filter_map(|raw| email(raw));
    let domains: Vec<String> = emails
        .filter_map(|e| list.matching(email_domain(&e)).map(str::to_owned))
        .collect();
    let first = domains.first()?;
    let listed_by: Vec<&str> = list.files().iter().map(|(name, _)| name.as_str()).collect();
    Some(Hit {
        value: domains.len() as f64,
        evidence: to_evidence(vec![
            ("domain", json!(first)),
            ("listed_by", json!(listed_by.join(", "))),
        ]),
    })
}

fn phone_nongeographic(app: &Enriched<'_>) -> Option<Hit> {
    let odd: Vec<&Phone> = app
        .phones
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                PhoneKind::TollFree | PhoneKind::Premium | PhoneKind::NonGeographic
            )
        })
        .collect();
    let first = odd.first()?;
    let kind = match first.kind {
        PhoneKind::TollFree => "toll-free",
        PhoneKind::Premium => "premium-rate",
        _ => "non-geographic",
    };
    Some(Hit {
        value: odd.len() as f64,
        evidence: to_evidence(vec![
            ("phone", json!(mask(&first.e164))),
            ("kind", json!(kind)),
        ]),
    })
}

fn phone_country_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let claimed = app.claimed.country?;
    // NANP numbers share +1: the plan's region is only as good as libphonenumber's.
    let away: Vec<&Phone> = app
        .phones
        .iter()
        .filter(|p| p.country.as_deref().is_some_and(|c| c != claimed.as_str()))
        .collect();
    let first = away.first()?;
    Some(Hit {
        value: away.len() as f64,
        evidence: to_evidence(vec![
            ("phone", json!(mask(&first.e164))),
            ("phone_country", json!(first.country)),
            ("claimed_country", json!(claimed.to_string())),
        ]),
    })
}
