//! What one application contributes to the index: its session IPs and its
//! identity attributes, normalised and keyed.

use super::{Identity, IndexedApp, LinkKey, LinkKind};
use crate::Enriched;
use bonafide_identity::normalize::{document_number, email, profile_url};
use bonafide_identity::sketch::{minhash, parse_phash};
use bonafide_identity::{mask, ssn};
use bonafide_model::DocumentKind;

/// The index entry of an enriched application.
pub fn index_entry(app: &Enriched<'_>) -> IndexedApp {
    let keyer = &app.reference.keyer;
    let record = app.app;
    let mut keys = Vec::new();
    let mut labels: Vec<(LinkKey, Box<str>)> = Vec::new();
    let mut keyed = |kind: LinkKind, domain: &str, value: &str, label: String| {
        let key = LinkKey {
            kind,
            hash: keyer.hash(domain, value).as_u64(),
        };
        keys.push(key);
        labels.push((key, label.into_boxed_str()));
    };

    // A VPN exit or proxy is shared by thousands of strangers: it links nobody.
    let mut ips: Vec<std::net::IpAddr> = app
        .sessions
        .iter()
        .filter(|s| !s.anonymized())
        .filter_map(|s| s.ip.as_ref().map(|f| f.ip))
        .collect();
    ips.sort_unstable();
    ips.dedup();

    let mut phashes = Vec::new();
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
                    let digest = keyer.hash("ssn", &digits);
                    keyed(
                        LinkKind::Ssn,
                        "ssn",
                        &digits,
                        format!("SSN {} ({})", mask(number), digest.prefix()),
                    );
                }
            } else if let Some(normalised) = document_number(number) {
                let domain = format!("document:{}", kind.as_str());
                let digest = keyer.hash(&domain, &normalised);
                let label = format!(
                    "{} {} ({})",
                    kind.as_str().replace('_', " "),
                    mask(number),
                    digest.prefix()
                );
                keyed(LinkKind::Document, &domain, &normalised, label);
            }
        }
        if let Some(digest) = doc
            .sha256
            .as_deref()
            .map(str::trim)
            .filter(|d| d.len() == 64)
        {
            let hex = digest.to_ascii_lowercase();
            let prefix: String = hex.chars().take(12).collect();
            keyed(
                LinkKind::File,
                "file",
                &hex,
                format!("file sha256 {prefix}…"),
            );
        }
        if let Some(value) = doc.phash.as_deref().and_then(parse_phash) {
            phashes.push(value);
        }
        if kind == DocumentKind::Resume && resume.is_none() {
            resume = doc.text.as_deref().and_then(minhash);
        }
    }
    let candidate = record.candidate.as_ref();
    for raw in candidate.map(|c| c.emails.as_slice()).unwrap_or_default() {
        if let Some(address) = email(raw) {
            let label = mask_email(&address);
            keyed(LinkKind::Email, "email", &address, label);
        }
    }
    for number in &app.phones {
        let label = format!("phone {}", mask(&number.e164));
        keyed(LinkKind::Phone, "phone", &number.e164, label);
    }
    for profile in candidate.map(|c| c.profiles.as_slice()).unwrap_or_default() {
        if let Some(url) = profile.url.as_deref().and_then(profile_url) {
            keyed(LinkKind::Profile, "profile", &url, format!("profile {url}"));
        }
    }

    keys.extend(ips.iter().flat_map(|ip| LinkKey::for_ip(*ip)));
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
        keys: keys.into_boxed_slice(),
        ips: ips.into_boxed_slice(),
        labels: labels.into_boxed_slice(),
        phashes: phashes.into_boxed_slice(),
        resume: resume.map(Box::new),
    }
}

/// `j••••@example.com`: the first character of the mailbox and the domain.
fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!(
            "e-mail {}••••@{domain}",
            local.chars().next().unwrap_or('•')
        ),
        None => "e-mail ••••".to_owned(),
    }
}
