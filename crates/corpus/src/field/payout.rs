//! Payroll destinations and laptop shipments, as HR systems record them.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};

use super::geo::{self, rfc};
use super::ids;
use super::Gen;

/// US direct deposit into an account in the holder's name.
pub fn us_bank(g: &mut Gen, holder: &str, at: DateTime<Utc>) -> Value {
    let len = 8 + g.rng.usize(..5);
    json!({
        "method": "bank_transfer", "account_holder": holder, "bank_country": "US",
        "routing_number": ids::aba(&mut g.rng), "account_number": ids::digits(&mut g.rng, len),
        "iban": null, "swift_bic": null, "wallet_address": null, "updated_at": rfc(at),
    })
}

pub fn iban_pay(g: &mut Gen, method: &str, holder: &str, cc: &str, at: DateTime<Utc>) -> Value {
    let mut iban = ids::iban(&mut g.rng, cc, None);
    if g.rng.u8(..10) < 2 {
        iban = ids::iban_print(&iban); // typed in groups of four
    }
    let bic = format!(
        "{}{}{}",
        ids::letters(&mut g.rng, 4),
        cc,
        ids::alnum_upper(&mut g.rng, 2)
    );
    json!({
        "method": method, "account_holder": holder, "bank_country": cc, "routing_number": null,
        "account_number": null, "iban": iban, "swift_bic": bic, "wallet_address": null, "updated_at": rfc(at),
    })
}

pub fn wallet_pay(holder: &str, wallet: &str, at: DateTime<Utc>) -> Value {
    json!({
        "method": "crypto", "account_holder": holder, "bank_country": null, "routing_number": null,
        "account_number": null, "iban": null, "swift_bic": null, "wallet_address": wallet, "updated_at": rfc(at),
    })
}

/// Shipping of the company laptop to an address.
pub fn ship(g: &mut Gen, recipient: &str, address: Value, start: NaiveDate) -> Value {
    let at = geo::at_local(
        start - Duration::days(5 + g.rng.i64(0..10)),
        10 + g.rng.u32(..7),
        g.rng.u32(..60),
        "America/New_York",
    );
    json!({ "recipient": recipient, "address": address, "requested_at": rfc(at) })
}

/// Payroll set up a few days before the start date.
pub fn payroll_time(g: &mut Gen, start: NaiveDate, tz: &str) -> DateTime<Utc> {
    geo::at_local(
        start - Duration::days(1 + g.rng.i64(0..6)),
        9 + g.rng.u32(..9),
        g.rng.u32(..60),
        tz,
    )
}
