//! The first three ring kinds: classic VPN operators, laptop farms behind
//! US home lines, and careful rings that hide almost everything.

use chrono::{Duration, NaiveDate};
use serde_json::Value;

use super::contact::{self, Address};
use super::geo::{self, home_ip};
use super::names::{self, pick};
use super::person;
use super::rings::{
    borrowed, claimed_place, fabricated, file, fraud_devices, new_ring, op_seat, workers, Extras,
};
use super::sessions::{self, Seat};
use super::Gen;

/// Classic: personas claiming the US or Europe, typed from China or Russia
/// through a few commercial VPN exits; one recycled résumé; pay via Payoneer
/// or accounts the ring shares (A22, GT, MA, LB, V1).
pub fn vpn_operators(g: &mut Gen, no: u32) {
    let claim_cc = if g.rng.u8(..10) < 7 {
        "US"
    } else {
        pick(&mut g.rng, &["GB", "DE", "PL", "NL", "SG"])
    };
    let r = new_ring(g, no, "vpn_operators", claim_cc);
    let shared: Vec<Value> = (0..2)
        .map(|_| {
            let at = geo::at_local(geo::day(2026, 1, 5), 3, 0, "UTC");
            let mut v = person::us_bank(g, "", at);
            v["method"] = serde_json::json!("payoneer");
            v
        })
        .collect();
    for _ in 0..workers(g) {
        let place = if claim_cc == "US" {
            claimed_place(g, 90)
        } else {
            g.geo.in_country(claim_cc).first().copied().unwrap_or(0)
        };
        let p = fabricated(g, &r, place, true);
        let id = g.person_id();
        let seat = op_seat(g, &r, &p, 2);
        let apps = 1 + g.rng.usize(..6);
        let first = g.day();
        for i in 0..apps {
            let tenant = g.tenant();
            let day = first + Duration::days(i as i64 * g.rng.i64(0..12));
            let hired = g.rng.u8(..10) < 3;
            let vpn_ip = seat.ip(&mut g.rng);
            let op_tz = r.op_tz(g);
            let holder = p.name.full();
            let addr = p.addr.clone();
            let mut extras = |g: &mut Gen, start: NaiveDate| {
                let at = person::payroll_time(g, start, op_tz);
                let payroll = if g.rng.u8(..10) < 4 {
                    let mut v = shared[g.rng.usize(..shared.len())].clone();
                    v["account_holder"] = serde_json::json!(holder);
                    v["updated_at"] = serde_json::json!(geo::rfc(at));
                    Some(v)
                } else if g.rng.bool() {
                    let mut v = person::us_bank(g, &holder, at);
                    v["method"] = serde_json::json!(if g.rng.bool() {
                        "payoneer"
                    } else {
                        "bank_transfer"
                    });
                    Some(v)
                } else {
                    Some(person::iban_pay(g, "wise", &holder, "BE", at))
                };
                // Laptop sent somewhere other than the address on file (A22 S1).
                let other = if g.rng.bool() {
                    other_address(g, &addr)
                } else {
                    addr.clone()
                };
                let shipping = Some(person::ship(g, &holder, other.json(), start));
                let tz = if g.rng.bool() {
                    op_tz
                } else {
                    "America/New_York"
                };
                let devices = fraud_devices(g, tenant, start, &vpn_ip, tz, 10, 45);
                Extras {
                    payroll,
                    shipping,
                    devices,
                }
            };
            file(g, &r, &p, id, tenant, day, hired, &seat, &seat, &mut extras);
        }
    }
}

/// Another address in the same city (a reshipper, a friend's flat).
pub fn other_address(g: &mut Gen, a: &Address) -> Address {
    let mut b = a.clone();
    b.number = g.rng.u32(1..9800);
    b.unit = Some(format!("Unit {}", g.rng.u32(100..400)));
    b
}

/// DOJ laptop farms (Chapman, Knoot): borrowed US identities, laptops at a
/// facilitator's home, sessions after the hire from that home line, KVMs,
/// pay into a few accounts the facilitator controls.
pub fn laptop_farm(g: &mut Gen, no: u32) {
    let r = new_ring(g, no, "laptop_farm", "US");
    let us = g.geo.in_country("US");
    let farm_place = us[g.rng.usize(..us.len())];
    let fpl = &g.geo.places[farm_place];
    let farm_tz = fpl.tz;
    let farm_ips: Vec<String> = (0..(1 + g.rng.usize(..2)))
        .map(|_| home_ip(fpl, &mut g.rng))
        .collect();
    let farm_addr = contact::new_address(&mut g.rng, &g.geo.places[farm_place]);
    let fac_origin = person::origin_for(g, "US");
    let facilitator = names::new_name(&mut g.rng, fac_origin);
    let accounts: Vec<Value> = (0..(1 + g.rng.usize(..3)))
        .map(|_| {
            person::us_bank(
                g,
                &facilitator.full(),
                geo::at_local(geo::day(2026, 1, 5), 12, 0, "UTC"),
            )
        })
        .collect();
    let kvm_pct = 30 + g.rng.u8(..60);
    for _ in 0..workers(g) {
        let mut p = borrowed(g);
        // Some identities are re-homed to the facilitator's town.
        if g.rng.u8(..10) < 3 {
            p.place = farm_place;
            p.addr = contact::new_address(&mut g.rng, &g.geo.places[farm_place]);
        }
        let id = g.person_id();
        let pre = op_seat(g, &r, &p, 1);
        let mut post = pre.clone();
        post.nets = farm_ips.iter().map(|ip| (ip.clone(), 5)).collect();
        post.browser_tz = farm_tz;
        let apps = 1 + g.rng.usize(..4);
        let first = g.day();
        for i in 0..apps {
            let tenant = g.tenant();
            let day = first + Duration::days(i as i64 * g.rng.i64(5..30));
            let hired = g.rng.u8(..10) < 7;
            let holder = p.name.full();
            let farm_ip = farm_ips[0].clone();
            let fa = farm_addr.clone();
            let fac = facilitator.full();
            let mut extras = |g: &mut Gen, start: NaiveDate| {
                let at = person::payroll_time(g, start, farm_tz);
                let mut pay = if g.rng.u8(..10) < 7 {
                    accounts[g.rng.usize(..accounts.len())].clone()
                } else {
                    person::us_bank(g, &holder, at)
                };
                pay["account_holder"] = serde_json::json!(if g.rng.u8(..10) < 7 {
                    holder.clone()
                } else {
                    fac.clone()
                });
                pay["updated_at"] = serde_json::json!(geo::rfc(at));
                let typed = fa.json_variant(&mut g.rng);
                let shipping = Some(person::ship(g, &holder, typed, start));
                let devices = fraud_devices(g, tenant, start, &farm_ip, farm_tz, kvm_pct, 35);
                Extras {
                    payroll: Some(pay),
                    shipping,
                    devices,
                }
            };
            file(g, &r, &p, id, tenant, day, hired, &pre, &post, &mut extras);
        }
    }
}

/// Careful rings: reworded résumés, own phones and mail, residential proxies
/// in the claimed city with the clock set to match; what remains is when
/// they work and how new their footprint is (SEAL, A22 G4).
pub fn careful(g: &mut Gen, no: u32) {
    let mut r = new_ring(g, no, "careful", "US");
    r.vpn_ips.clear();
    for _ in 0..workers(g) {
        let place = claimed_place(g, 85);
        let mut p = fabricated(g, &r, place, true);
        p.style = g.rng.usize(..4);
        p.ua = sessions::desktop_ua(&mut g.rng);
        p.photo = g.rng.u64(..);
        for j in p.career.jobs.iter_mut() {
            if g.rng.u8(..10) < 3 {
                j.from += g.rng.i32(-1..2);
            }
        }
        let id = g.person_id();
        let pl = &g.geo.places[place];
        let proxy = home_ip(pl, &mut g.rng);
        let second = home_ip(pl, &mut g.rng);
        let asian_hours = g.rng.u8(..10) < 6;
        let seat = Seat {
            hours_tz: if asian_hours { r.op_tz(g) } else { pl.tz },
            hours: if asian_hours { (9, 22) } else { (8, 22) },
            browser_tz: pl.tz,
            nets: vec![(proxy, 6), (second, 2)],
            ua: p.ua.clone(),
            lang: "en-US,en;q=0.9".into(),
        };
        let mut leaky = seat.clone();
        if g.rng.u8(..10) < 2 {
            leaky.nets.push((r.leak_ips[0].clone(), 1));
        }
        let apps = 1 + g.rng.usize(..4);
        let first = g.day();
        for i in 0..apps {
            let tenant = g.tenant();
            let day = first + Duration::days(i as i64 * g.rng.i64(10..60));
            let hired = g.rng.u8(..10) < 5;
            let holder = p.name.full();
            let addr = p.addr.clone();
            let ip = seat.nets[0].0.clone();
            let tz = pl_tz(g, place);
            let mut extras = |g: &mut Gen, start: NaiveDate| {
                let at = person::payroll_time(g, start, tz);
                let payroll = Some(person::us_bank(g, &holder, at));
                let shipping = Some(person::ship(g, &holder, addr.json(), start));
                let devices = fraud_devices(g, tenant, start, &ip, tz, 8, 20);
                Extras {
                    payroll,
                    shipping,
                    devices,
                }
            };
            file(
                g,
                &r,
                &p,
                id,
                tenant,
                day,
                hired,
                &leaky,
                &leaky,
                &mut extras,
            );
        }
    }
}

pub fn pl_tz(g: &Gen, place: usize) -> &'static str {
    g.geo.places[place].tz
}
