//! Where the pay goes: crypto, payment services, a bank abroad, an account
//! holder who is someone else, account details that do not check out, a
//! sanctioned wallet, a change soon after the start, and one account paying
//! several identities.

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::links::{GroupFacts, LinkKind, LinkView};
use crate::network::{label_pairs, to_evidence};
use crate::Routine;
use bonafide_identity::mask;
use bonafide_identity::names::{compare, NameMatch};
use bonafide_identity::normalize::printable;
use bonafide_identity::payment::{iban, iban_country, routing_number, wallet};
use bonafide_model::{Payroll, PayrollMethod};
use serde_json::json;

/// Paid in cryptocurrency.
pub const CRYPTO: SignalDef = SignalDef {
    id: "payroll.crypto",
    doc: "Pay is to go to a cryptocurrency wallet (method `crypto`, or a wallet address given); not at an \
          employer that declares paying in crypto routine (`[employers.NAME] routine_payroll`).",
    unit: Unit::Flag,
    evidence: &["method", "network", "wallet"],
    sources: &["A22", "SEAL", "TRM"],
    compute: Compute::Local(crypto),
};

/// Paid through a payment service.
pub const PAYMENT_SERVICE: SignalDef = SignalDef {
    id: "payroll.payment_service",
    doc: "Pay is to go through a payment service (Payoneer, Wise, PayPal). Many honest contractors use \
          them: context only, never enough for review on its own; not at an employer that pays this way routinely.",
    unit: Unit::Flag,
    evidence: &["method"],
    sources: &["SW", "A22"],
    compute: Compute::Local(payment_service),
};

/// A bank in another country than the claimed one.
pub const BANK_COUNTRY_MISMATCH: SignalDef = SignalDef {
    id: "payroll.bank_country_mismatch",
    doc: "The bank account is in another country than the one the candidate claims to live in (by \
          `bank_country`, else the IBAN's country code); not at an employer that routinely pays abroad.",
    unit: Unit::Flag,
    evidence: &["bank_country", "from", "claimed_country"],
    sources: &["A22", "DOJ-KN", "DOJ-14"],
    compute: Compute::Local(bank_country_mismatch),
};

/// An account holder who is someone else.
pub const HOLDER_DIFFERS: SignalDef = SignalDef {
    id: "payroll.holder_differs",
    doc: "The account holder is another person than the candidate (word order, initials, middle names and \
          accents do not count as different; a joint account naming the candidate does not count).",
    unit: Unit::Flag,
    evidence: &["account_holder", "candidate"],
    sources: &["A22", "A24", "DOJ-CH"],
    compute: Compute::Local(holder_differs),
};

/// Account details that fail their checks.
pub const ACCOUNT_INVALID: SignalDef = SignalDef {
    id: "payroll.account_invalid",
    doc: "The IBAN fails ISO 13616 (mod 97 check digits, or its country's length and layout), or the ABA \
          routing number fails its 3-7-1 check digit or Federal Reserve prefix.",
    unit: Unit::Count,
    evidence: &["problems"],
    sources: &["ISO13616", "ABA"],
    compute: Compute::Local(account_invalid),
};

/// A wallet on OFAC's list.
pub const SANCTIONED_WALLET: SignalDef = SignalDef {
    id: "payroll.sanctioned_wallet",
    doc: "The payroll wallet address is, exactly, a digital currency address on the configured sanctions \
          lists (OFAC SDN). A person must confirm the hit and report it; bonafide never rejects anyone.",
    unit: Unit::Flag,
    evidence: &["wallet", "currency", "list"],
    sources: &["T-CHY", "T-AUG25", "WM", "OS"],
    compute: Compute::Local(sanctioned_wallet),
};

/// Payroll changed soon after the start or the laptop's shipping.
pub const CHANGED_SOON: SignalDef = SignalDef {
    id: "payroll.changed_soon",
    doc: "The payroll details were changed within 30 days after the start (or after the laptop's shipping \
          request, whichever is later); the value is the number of days after it. Setting them up on the \
          first day does not count.",
    unit: Unit::Days,
    evidence: &["updated_at", "after", "days"],
    sources: &["SW", "A22"],
    compute: Compute::Local(changed_soon),
};

/// One account paying several identities.
pub const SHARED_ACCOUNT: SignalDef = SignalDef {
    id: "payroll.shared_account",
    doc: "The payroll account (routing and account number, IBAN or wallet, through keyed hashes) is also the \
          payroll account of applications under other names or dates of birth, who do not give the same home \
          address (a household's joint account is not counted); the value is the number of distinct identities \
          paid into it.",
    unit: Unit::Count,
    evidence: &["account", "identities", "applications", "tenants"],
    sources: &["A22", "A24", "DOJ-CH"],
    compute: Compute::Linked(shared_account),
};

fn payroll<'a>(app: &Enriched<'a>) -> Option<&'a Payroll> {
    app.app.payroll.as_ref()
}

fn method(payroll: &Payroll) -> Option<PayrollMethod> {
    payroll.method.as_ref().and_then(|m| m.get().copied())
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn crypto(app: &Enriched<'_>) -> Option<Hit> {
    let payroll = payroll(app)?;
    let address = given(&payroll.wallet_address);
    let by_method = method(payroll) == Some(PayrollMethod::Crypto);
    if (!by_method && address.is_none()) || routine(app, Routine::Crypto) {
        return None;
    }
    let recognised = address.and_then(wallet);
    Some(Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("method", json!(method(payroll).map(|m| m.as_str()))),
            ("network", json!(recognised.as_ref().map(|w| w.network))),
            ("wallet", json!(address.map(mask))),
        ]),
    })
}

/// Whether the application's employer does this routinely.
fn routine(app: &Enriched<'_>, routine: Routine) -> bool {
    app.reference.routine(app.app.tenant(), routine)
}

fn payment_service(app: &Enriched<'_>) -> Option<Hit> {
    let method = method(payroll(app)?)?;
    if routine(app, Routine::PaymentService) {
        return None;
    }
    matches!(
        method,
        PayrollMethod::Payoneer | PayrollMethod::Wise | PayrollMethod::Paypal
    )
    .then(|| Hit {
        value: 1.0,
        evidence: to_evidence(vec![("method", json!(method.as_str()))]),
    })
}

fn bank_country_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let payroll = payroll(app)?;
    let claimed = app.claimed.country?;
    if routine(app, Routine::ForeignBank) {
        return None;
    }
    let (country, from) = match payroll.bank_country.as_ref().and_then(|c| c.get()) {
        Some(c) => (c.as_str().to_owned(), "bank_country"),
        None => (given(&payroll.iban).and_then(iban_country)?, "IBAN"),
    };
    (country != claimed.as_str()).then(|| Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("bank_country", json!(country)),
            ("from", json!(from)),
            ("claimed_country", json!(claimed.as_str())),
        ]),
    })
}

fn holder_differs(app: &Enriched<'_>) -> Option<Hit> {
    let holder = given(&payroll(app)?.account_holder)?;
    let candidate = app.app.candidate.as_ref()?.full_name.as_deref()?;
    (compare(holder, candidate)? == NameMatch::Different).then(|| Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("account_holder", json!(printable(holder))),
            ("candidate", json!(printable(candidate))),
        ]),
    })
}

fn account_invalid(app: &Enriched<'_>) -> Option<Hit> {
    let payroll = payroll(app)?;
    let mut problems = Vec::new();
    if let Some(Err(problem)) = given(&payroll.iban).map(iban) {
        problems.push(problem.describe());
    }
    if let Some(Err(problem)) = given(&payroll.routing_number).map(routing_number) {
        problems.push(problem.describe());
    }
    (!problems.is_empty()).then(|| Hit {
        value: problems.len() as f64,
        evidence: to_evidence(vec![("problems", json!(problems.join("; ")))]),
    })
}

fn sanctioned_wallet(app: &Enriched<'_>) -> Option<Hit> {
    let address = given(&payroll(app)?.wallet_address)?;
    if crate::sanctions::list_names_wallet(app, address) {
        return None;
    }
    let (currency, list) = app.reference.wallets.find(address)?;
    // The address is on a public list: shown whole so that a person can check it there.
    Some(Hit {
        value: 1.0,
        evidence: to_evidence(vec![
            ("wallet", json!(address)),
            ("currency", json!(currency)),
            ("list", json!(list)),
        ]),
    })
}

/// Changes later than this after the start are ordinary.
const CHANGE_WINDOW_DAYS: i64 = 30;

fn changed_soon(app: &Enriched<'_>) -> Option<Hit> {
    let updated = *payroll(app)?.updated_at.as_ref()?.get()?;
    let shipped = app
        .app
        .shipping
        .as_ref()
        .and_then(|s| s.requested_at.as_ref())
        .and_then(|t| t.get().copied());
    let (after, label) = match (app.start, shipped) {
        (Some(start), Some(ship)) if ship > start => (ship, "the laptop's shipping request"),
        (Some(start), _) => (start, "the start"),
        (None, Some(ship)) => (ship, "the laptop's shipping request"),
        (None, None) => return None,
    };
    let elapsed = updated - after;
    let days = elapsed.num_days();
    (elapsed.num_hours() >= 24 && days <= CHANGE_WINDOW_DAYS).then(|| Hit {
        value: days as f64,
        evidence: to_evidence(vec![
            ("updated_at", json!(updated.to_rfc3339())),
            ("after", json!(label)),
            ("days", json!(days)),
        ]),
    })
}

fn shared_account(view: &LinkView<'_>) -> Option<Hit> {
    let links: Vec<_> = view
        .links
        .iter()
        .filter(|l| l.via.contains(&LinkKind::PayrollAccount))
        .filter(|l| l.other.identity != view.me.identity)
        // A joint account of one household is not a shared account.
        .filter(|l| !view.me.same_household(l.other))
        .collect();
    if links.is_empty() {
        return None;
    }
    let account = links
        .iter()
        .flat_map(|l| l.keys.iter())
        .filter(|k| k.kind == LinkKind::PayrollAccount)
        .find_map(|k| view.me.label_of(k));
    let facts = GroupFacts::of(view, &links);
    let mut pairs = label_pairs("account", account).to_vec();
    pairs.extend(facts.evidence());
    Some(Hit {
        value: facts.identities as f64,
        evidence: to_evidence(pairs),
    })
}
