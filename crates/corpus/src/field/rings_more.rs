//! The remaining ring kinds: identity rental, payroll mules, and slow rings
//! spread thinly over many employers and months.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use super::geo::{self, home_ip, pick_ip};
use super::ids;
use super::names::pick;
use super::person;
use super::rings::{
    self, borrowed, claimed_place, fabricated, fraud_devices, new_ring, op_seat, workers, Extras,
};
use super::rings_classic::{other_address, pl_tz};
use super::Gen;

pub fn make(g: &mut Gen, kind: &'static str, no: u32) {
    match kind {
        "identity_rental" => identity_rental(g, no),
        "payroll_mule" => payroll_mule(g, no),
        _ => slow_spread(g, no),
    }
}

/// Identity rental (DOJ: one Maryland identity "held" 13 remote jobs): a few
/// real identities each hired by several employers at once; laptops and pay
/// go to the identity holder, the work is done from abroad.
fn identity_rental(g: &mut Gen, no: u32) {
    let r = new_ring(g, no, "identity_rental", "US");
    let identities = 3 + g.rng.usize(..6);
    for _ in 0..identities {
        let p = borrowed(g);
        let id = g.person_id();
        let hpl = &g.geo.places[p.place];
        let holder_tz = hpl.tz;
        let holder_ip = home_ip(hpl, &mut g.rng);
        let pre = op_seat(g, &r, &p, 1);
        let mut post = pre.clone();
        post.nets = vec![(holder_ip.clone(), 8)];
        post.browser_tz = if g.rng.u8(..10) < 7 {
            holder_tz
        } else {
            post.browser_tz
        };
        let pay_at = geo::at_local(geo::day(2026, 1, 5), 12, 0, "UTC");
        let own_account = person::us_bank(g, &p.name.full(), pay_at);
        let mut tenants: Vec<usize> = (0..super::TENANTS.len()).collect();
        g.rng.shuffle(&mut tenants);
        let jobs = 3 + g.rng.usize(..6);
        let first = g.day();
        for (i, &tenant) in tenants.iter().take(jobs).enumerate() {
            let day = first + Duration::days(i as i64 * g.rng.i64(3..25));
            let hired = g.rng.u8(..10) < 7;
            let holder = p.name.full();
            let addr = p.addr.clone();
            let acct = own_account.clone();
            let ip = holder_ip.clone();
            let mut extras = |g: &mut Gen, start: NaiveDate| {
                let mut pay = acct.clone();
                pay["updated_at"] = json!(geo::rfc(person::payroll_time(g, start, holder_tz)));
                let shipping = Some(person::ship(g, &holder, addr.json(), start));
                let devices = fraud_devices(g, tenant, start, &ip, holder_tz, 40, 40);
                Extras {
                    payroll: Some(pay),
                    shipping,
                    devices,
                }
            };
            rings::file(g, &r, &p, id, tenant, day, hired, &pre, &post, &mut extras);
        }
    }
}

fn shell_company(g: &mut Gen) -> String {
    let a = pick(
        &mut g.rng,
        &[
            "Hengda", "Jinhai", "Dongfang", "Xinghe", "Huarui", "Tianyuan", "Ruixin", "Baifu",
        ],
    );
    let b = pick(
        &mut g.rng,
        &[
            "Trading Co., Ltd",
            "Network Technology Co., Ltd",
            "Import & Export Co., Ltd",
            "Information Consulting Co.",
        ],
    );
    let c = pick(
        &mut g.rng,
        &["Liaoning", "Shenyang", "Dandong", "Hong Kong", "Jilin"],
    );
    format!("{c} {a} {b}")
}

/// Payroll mules: pay routed to foreign banks, shared payment-service
/// accounts or wallets a facilitator controls, changed soon after the start
/// (A22 P1-P4, TRM, DOJ-KN).
fn payroll_mule(g: &mut Gen, no: u32) {
    let r = new_ring(g, no, "payroll_mule", "US");
    let far = geo::at_local(geo::day(2026, 1, 5), 12, 0, "UTC");
    let mut pool: Vec<Value> = Vec::new();
    for _ in 0..(2 + g.rng.usize(..3)) {
        let v = match g.rng.u8(..4) {
            0 => {
                let cc = if g.rng.bool() { "CN" } else { "HK" };
                let holder = shell_company(g);
                let len = 16 + g.rng.usize(..4);
                let bic = format!(
                    "{}{cc}{}",
                    pick(
                        &mut g.rng,
                        &["BKCH", "ICBK", "PCBC", "ABOC", "HSBC", "COMM"]
                    ),
                    pick(&mut g.rng, &["BJ", "SH", "HK", "2X"])
                );
                json!({ "method": "bank_transfer", "account_holder": holder, "bank_country": cc, "routing_number": null,
                        "account_number": ids::digits(&mut g.rng, len), "iban": null, "swift_bic": bic,
                        "wallet_address": null, "updated_at": geo::rfc(far) })
            }
            1 => {
                let w = if g.rng.bool() {
                    ids::tron_address(&mut g.rng)
                } else {
                    ids::eth_address(&mut g.rng)
                };
                person::wallet_pay("", &w, far)
            }
            2 => {
                let mut v = person::us_bank(g, "", far);
                v["method"] = json!("payoneer");
                v
            }
            _ => {
                let w = ids::btc_address(&mut g.rng);
                person::wallet_pay("", &w, far)
            }
        };
        pool.push(v);
    }
    for _ in 0..workers(g) {
        let place = claimed_place(g, 80);
        let share = g.rng.bool();
        let p = fabricated(g, &r, place, share);
        let id = g.person_id();
        let seat = op_seat(g, &r, &p, 2);
        let apps = 1 + g.rng.usize(..4);
        let first = g.day();
        for i in 0..apps {
            let tenant = g.tenant();
            let day = first + Duration::days(i as i64 * g.rng.i64(2..30));
            let hired = g.rng.u8(..10) < 6;
            let holder = p.name.full();
            let addr = p.addr.clone();
            let ip = seat.ip(&mut g.rng);
            let tz = pl_tz(g, place);
            let mut extras = |g: &mut Gen, start: NaiveDate| {
                let mut pay = if g.rng.u8(..10) < 8 {
                    pool[g.rng.usize(..pool.len())].clone()
                } else {
                    let cc = pick(&mut g.rng, &["LT", "PL", "UA"]);
                    person::iban_pay(g, "bank_transfer", &holder, cc, far)
                };
                if pay["account_holder"].as_str().unwrap_or("").is_empty() || g.rng.u8(..10) < 3 {
                    pay["account_holder"] = json!(holder);
                }
                // Changed one to four weeks into the job.
                let changed = start + Duration::days(5 + g.rng.i64(0..25));
                pay["updated_at"] = json!(geo::rfc(geo::at_local(
                    changed,
                    10 + g.rng.u32(..8),
                    g.rng.u32(..60),
                    tz
                )));
                let shipping = Some(person::ship(g, &holder, addr.json(), start));
                let devices = fraud_devices(g, tenant, start, &ip, tz, 15, 40);
                Extras {
                    payroll: Some(pay),
                    shipping,
                    devices,
                }
            };
            rings::file(g, &r, &p, id, tenant, day, hired, &seat, &seat, &mut extras);
        }
    }
}

/// Slow rings: one application every few weeks, each persona with its own
/// exit, phone and photo; only a payout or a delivery address ties two of them.
fn slow_spread(g: &mut Gen, no: u32) {
    let r = new_ring(g, no, "slow_spread", "US");
    let far = geo::at_local(geo::day(2026, 1, 5), 12, 0, "UTC");
    let shared_pay = {
        let mut v = person::us_bank(g, "", far);
        v["method"] = json!(if g.rng.bool() {
            "payoneer"
        } else {
            "bank_transfer"
        });
        v
    };
    let n = workers(g);
    let sharing: Vec<bool> = (0..n).map(|i| i < 2 || g.rng.u8(..10) == 0).collect();
    let mut shared_addr = None;
    for (w, &shares) in sharing.iter().enumerate() {
        let place = claimed_place(g, 75);
        let mut p = fabricated(g, &r, place, false);
        p.photo = g.rng.u64(..);
        let id = g.person_id();
        let mut seat = op_seat(g, &r, &p, 1);
        let own = g
            .geo
            .commercial_vpn_in(g.geo.places[place].country, &mut g.rng);
        seat.nets = vec![(pick_ip(&g.geo.vpn[own].blocks, &mut g.rng), 10)];
        if w == 0 {
            shared_addr = Some(other_address(g, &p.addr));
        }
        let apps = 1 + g.rng.usize(..3);
        for _ in 0..apps {
            let tenant = g.tenant();
            let day = g.day();
            let hired = g.rng.u8(..10) < 4;
            let holder = p.name.full();
            let addr = if shares && w % 2 == 1 {
                shared_addr.clone().unwrap_or(p.addr.clone())
            } else {
                p.addr.clone()
            };
            let ip = seat.nets[0].0.clone();
            let tz = pl_tz(g, place);
            let sp = shared_pay.clone();
            let mut extras = |g: &mut Gen, start: NaiveDate| {
                let at = person::payroll_time(g, start, tz);
                let mut pay = if shares && w % 2 == 0 {
                    sp.clone()
                } else {
                    person::us_bank(g, &holder, at)
                };
                pay["account_holder"] = json!(holder);
                pay["updated_at"] = json!(geo::rfc(at));
                let shipping = Some(person::ship(g, &holder, addr.json(), start));
                let devices = fraud_devices(g, tenant, start, &ip, tz, 10, 30);
                Extras {
                    payroll: Some(pay),
                    shipping,
                    devices,
                }
            };
            rings::file(g, &r, &p, id, tenant, day, hired, &seat, &seat, &mut extras);
        }
    }
}
