//! Sanctions screening of the people and accounts an application names: the
//! candidate (name with date of birth, document numbers and e-mail addresses),
//! the payroll account holder, the laptop's recipient, and the payroll wallet.
//! A hit is a lead for a person to confirm and report, never a decision.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::network::to_evidence;
use bonafide_identity::mask;
use bonafide_identity::normalize::{self, printable};
use bonafide_sanctions::{Basis, KindFilter, Match, Query};
use chrono::Datelike;
use serde_json::json;

/// The lowest score a screening match must reach to be a signal (rules decide
/// its weight: 0.8 review, 0.9 escalate).
pub const REPORT_AT: f64 = 0.8;

const EVIDENCE: &[&str] = &[
    "name",
    "matched_name",
    "party",
    "list",
    "uid",
    "programs",
    "basis",
    "score",
    "notes",
    "listed",
];

/// The candidate matches a listed person.
pub const PERSON: SignalDef = SignalDef {
    id: "sanctions.person",
    doc: "The candidate matches a person on a configured sanctions list (OFAC SDN, UN): by name across \
          romanisations, word order and typos, raised by a date of birth the list gives and lowered by one it \
          contradicts; or exactly, by a document number or e-mail address the list gives. The value is the \
          best match's score. A name-only match on a common name is capped at 0.85.",
    unit: Unit::Share,
    evidence: EVIDENCE,
    sources: &["T-SKH", "T-AUG25", "T-CHY", "WM", "OS"],
    compute: Compute::Local(person),
};

/// The payroll account holder matches a listed party.
pub const PAYEE: SignalDef = SignalDef {
    id: "sanctions.payee",
    doc: "The payroll account holder, when another name than the candidate's (the candidate is screened by \
          `sanctions.person`), matches a person or entity on a configured sanctions list; paying a listed party \
          may itself be a violation. The value is the best match's score.",
    unit: Unit::Share,
    evidence: EVIDENCE,
    sources: &["T-AUG25", "T-CHY", "A22"],
    compute: Compute::Local(payee),
};

/// The laptop's recipient matches a listed party.
pub const RECIPIENT: SignalDef = SignalDef {
    id: "sanctions.recipient",
    doc: "The recipient named for the company laptop, when another name than the candidate's, matches a \
          person or entity on a configured sanctions list. The value is the best match's score.",
    unit: Unit::Share,
    evidence: EVIDENCE,
    sources: &["T-SKH", "A24"],
    compute: Compute::Local(recipient),
};

/// The payroll wallet is a listed party's.
pub const WALLET: SignalDef = SignalDef {
    id: "sanctions.wallet",
    doc: "The payroll wallet address is, exactly, a digital currency address the sanctions list gives for a \
          listed party (named in the evidence).",
    unit: Unit::Flag,
    evidence: EVIDENCE,
    sources: &["T-CHY", "T-AUG25", "WM", "OS"],
    compute: Compute::Local(wallet),
};

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A match as evidence. Identifiers are masked (they are the candidate's too);
/// names, e-mail and wallet addresses are shown as the public list gives them.
fn evidence_of(asked: &str, found: &Match<'_>) -> Hit {
    let matched = match found.basis {
        Basis::Identifier => {
            let (kind, number) = found
                .matched
                .rsplit_once(' ')
                .unwrap_or(("", &found.matched));
            format!("{kind} {}", mask(number)).trim().to_owned()
        }
        _ => found.matched.clone(),
    };
    Hit {
        value: found.score,
        evidence: to_evidence(vec![
            ("name", json!(printable(asked))),
            ("matched_name", json!(matched)),
            ("party", json!(found.party.primary_name())),
            ("list", json!(found.list)),
            ("uid", json!(found.party.uid)),
            ("programs", json!(found.party.programs.join(", "))),
            ("basis", json!(found.basis.as_str())),
            // In percent: explanations read "match 96 %", and a certain hit "100 %".
            ("score", json!((found.score * 100.0).round() as u8)),
            ("notes", json!(found.notes.join("; "))),
            ("listed", json!(found.party.listed)),
        ]),
    }
}

fn best<'s>(app: &Enriched<'s>, query: &Query<'_>) -> Option<Match<'s>> {
    let screener = &app.reference.sanctions;
    if screener.is_empty() {
        return None;
    }
    screener.screen(query, REPORT_AT, 1).into_iter().next()
}

fn person(app: &Enriched<'_>) -> Option<Hit> {
    let candidate = app.app.candidate.as_ref()?;
    let name = given(&candidate.full_name);
    let birth = candidate
        .date_of_birth
        .as_ref()
        .and_then(|d| d.get())
        .or_else(|| {
            app.app
                .documents
                .iter()
                .find_map(|d| d.date_of_birth.as_ref().and_then(|b| b.get()))
        })
        .and_then(|d| {
            Some((
                u16::try_from(d.year()).ok()?,
                u8::try_from(d.month()).ok()?,
                u8::try_from(d.day()).ok()?,
            ))
        });
    let identifiers: Vec<&str> = app
        .app
        .documents
        .iter()
        .filter_map(|d| given(&d.number))
        .collect();
    let emails: Vec<&str> = candidate.emails.iter().map(String::as_str).collect();
    let query = Query {
        name,
        kind: KindFilter::Person,
        date_of_birth: birth,
        identifiers,
        emails,
        wallets: Vec::new(),
    };
    let found = best(app, &query)?;
    Some(evidence_of(name.unwrap_or(""), &found))
}

fn named(app: &Enriched<'_>, name: Option<&str>) -> Option<Hit> {
    let name = name?;
    // The candidate's own name is screened by `sanctions.person`: most payees
    // and recipients are the candidate, and one screen is enough.
    let candidate = app.app.candidate.as_ref().and_then(|c| given(&c.full_name));
    if candidate.is_some_and(|c| normalize::name(c) == normalize::name(name)) {
        return None;
    }
    let query = Query {
        name: Some(name),
        kind: KindFilter::Any,
        ..Query::default()
    };
    let found = best(app, &query)?;
    Some(evidence_of(name, &found))
}

fn payee(app: &Enriched<'_>) -> Option<Hit> {
    named(
        app,
        app.app
            .payroll
            .as_ref()
            .and_then(|p| given(&p.account_holder)),
    )
}

fn recipient(app: &Enriched<'_>) -> Option<Hit> {
    named(
        app,
        app.app.shipping.as_ref().and_then(|s| given(&s.recipient)),
    )
}

fn wallet(app: &Enriched<'_>) -> Option<Hit> {
    let address = given(&app.app.payroll.as_ref()?.wallet_address)?;
    let query = Query {
        wallets: vec![address],
        ..Query::default()
    };
    let found = best(app, &query)?;
    Some(evidence_of(address, &found))
}

/// Does the loaded sanctions list name this wallet? (Then `sanctions.wallet`
/// reports it with the party, and `payroll.sanctioned_wallet` stays quiet.)
pub fn list_names_wallet(app: &Enriched<'_>, address: &str) -> bool {
    let query = Query {
        wallets: vec![address],
        ..Query::default()
    };
    best(app, &query).is_some()
}
