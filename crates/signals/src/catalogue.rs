//! The registry: [`SIGNALS`], lookup with "did you mean", and the generated catalogue.

use crate::enriched::Enriched;
use crate::links::LinkView;
use crate::{device, employment, identity, input, network, payroll, sanctions, shipping};
use bonafide_model::Evidence;

/// What a signal's value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 1 when present.
    Flag,
    /// A number of sessions, identities or countries.
    Count,
    /// A share between 0 and 1.
    Share,
    /// Kilometres per hour.
    KmPerHour,
    /// A grade whose steps the signal's description gives.
    Level,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

impl Unit {
    fn describe(self) -> &'static str {
        match self {
            Unit::Flag => "flag (1 when present)",
            Unit::Count => "count",
            Unit::Share => "share, 0 to 1",
            Unit::KmPerHour => "km/h",
            Unit::Level => "level (see the description)",
            Unit::Hours => "hours",
            Unit::Days => "days",
        }
    }
}

/// A signal's value and the facts behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The value; its meaning follows the signal's [`Unit`].
    pub value: f64,
    /// Facts a person can check.
    pub evidence: Evidence,
}

/// How a signal is computed.
#[derive(Clone, Copy)]
pub enum Compute {
    /// From one enriched application.
    Local(fn(&Enriched<'_>) -> Option<Hit>),
    /// From the link index around one application.
    Linked(fn(&LinkView<'_>) -> Option<Hit>),
}

/// One signal's definition.
pub struct SignalDef {
    /// Stable dotted id.
    pub id: &'static str,
    /// One sentence: what it means when present.
    pub doc: &'static str,
    /// What the value measures.
    pub unit: Unit,
    /// Evidence keys it may carry (rule templates may quote these).
    pub evidence: &'static [&'static str],
    /// The public reports the pattern comes from (see docs/signals.md).
    pub sources: &'static [&'static str],
    /// The computation.
    pub compute: Compute,
}

impl std::fmt::Debug for SignalDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignalDef").field("id", &self.id).finish()
    }
}

/// Every signal, in catalogue order.
pub static SIGNALS: &[SignalDef] = &[
    network::geo::COUNTRY_MISMATCH,
    network::geo::REGION_MISMATCH,
    network::geo::MULTIPLE_COUNTRIES,
    network::geo::IMPOSSIBLE_TRAVEL,
    network::time::TIMEZONE_CLAIM_MISMATCH,
    network::time::TIMEZONE_IP_MISMATCH,
    network::time::NIGHT_ACTIVITY,
    network::time::OFF_HOURS,
    network::anonymizer::VPN,
    network::anonymizer::TOR,
    network::anonymizer::HOSTING,
    network::anonymizer::PROXY,
    network::anonymizer::ALWAYS_HIDDEN,
    network::shared::SHARED_IP,
    network::shared::SHARED_SUBNET,
    identity::documents::MRZ_INVALID,
    identity::documents::MRZ_MISMATCH,
    identity::documents::SSN_INVALID,
    identity::documents::DOCUMENT_EXPIRED,
    identity::documents::DOB_INCONSISTENT,
    identity::documents::MIXED_SCRIPT_NAME,
    identity::reuse::DOCUMENT_REUSE,
    identity::reuse::FILE_REUSE,
    identity::reuse::PHOTO_REUSE,
    identity::reuse::RESUME_REUSE,
    identity::reuse::HISTORY_REUSE,
    identity::reuse::CONTACT_REUSE,
    identity::reuse::CLUSTER,
    identity::reuse::SAME_PERSON_AT_HOME,
    identity::reuse::MANY_EMPLOYERS,
    identity::profile::NEW_PROFILE,
    identity::contact::DISPOSABLE_EMAIL,
    identity::contact::PHONE_NONGEOGRAPHIC,
    identity::contact::PHONE_COUNTRY_MISMATCH,
    shipping::ADDRESS_DIFFERS,
    shipping::RECIPIENT_DIFFERS,
    shipping::FORWARDING,
    shipping::COUNTRY_MISMATCH,
    shipping::LATE_REQUEST,
    shipping::FARM,
    shipping::FARM_EMPLOYERS,
    payroll::CRYPTO,
    payroll::PAYMENT_SERVICE,
    payroll::BANK_COUNTRY_MISMATCH,
    payroll::HOLDER_DIFFERS,
    payroll::ACCOUNT_INVALID,
    payroll::SANCTIONED_WALLET,
    payroll::CHANGED_SOON,
    payroll::SHARED_ACCOUNT,
    sanctions::PERSON,
    sanctions::PAYEE,
    sanctions::RECIPIENT,
    sanctions::WALLET,
    device::IPKVM,
    device::REMOTE_ACCESS,
    device::REMOTE_ACCESS_INSTALLED,
    device::OBSERVED,
    device::FAR_FROM_SHIP_TO,
    device::FAR_FROM_ZIP,
    device::CLOCK_ELSEWHERE,
    employment::SHARED_LAPTOP,
    employment::SHARED_SIGN_IN,
    employment::CONCURRENT_EMPLOYMENT,
    input::UNREADABLE,
    input::LOOKUP_FAILED,
];

/// The signal with this id.
pub fn find(id: &str) -> Option<&'static SignalDef> {
    SIGNALS.iter().find(|s| s.id == id)
}

/// The known id closest to an unknown one, when it is close enough to be a typo.
pub fn suggest(id: &str) -> Option<&'static str> {
    SIGNALS
        .iter()
        .map(|s| (strsim_distance(id, s.id), s.id))
        .filter(|(d, _)| *d <= 0.34)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

fn strsim_distance(a: &str, b: &str) -> f64 {
    1.0 - strsim::normalized_levenshtein(a, b)
}

/// The signal catalogue as Markdown (written to `docs/signals.md`).
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Signal catalogue\n\n\
         Generated from `crates/signals` by `bonafide signals --markdown`; a test keeps it current.\n\
         Rules in `rules/` turn these values into points; see `docs/ARCHITECTURE.md`.\n\n\
         No signal reads nationality, citizenship, language or where a name comes from.\n\
         A country matters only as a contradiction between what the candidate claims and what is observed.\n",
    );
    let mut family = "";
    for signal in SIGNALS {
        let this_family = signal.id.split('.').next().unwrap_or("");
        if this_family != family {
            family = this_family;
            out.push_str(&format!("\n## {family}\n"));
        }
        let kind = match signal.compute {
            Compute::Local(_) => "one application",
            Compute::Linked(_) => "linked applications",
        };
        out.push_str(&format!(
            "\n### `{}`\n\n{}\n\n- value: {}\n- computed from: {}\n- evidence: {}\n- sources: {}\n",
            signal.id,
            signal.doc,
            signal.unit.describe(),
            kind,
            signal
                .evidence
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", "),
            signal
                .sources
                .iter()
                .map(|s| format!("[{s}]"))
                .collect::<Vec<_>>()
                .join(" "),
        ));
    }
    out.push_str("\n## Sources\n\n");
    for (key, text) in crate::REFERENCES {
        out.push_str(&format!("- [{key}] {text}\n"));
    }
    out
}
