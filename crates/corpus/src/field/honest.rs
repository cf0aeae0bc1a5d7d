//! Honest applicants: the shared machinery (home networks, ordinary hires)
//! and the first honest kinds. More kinds live in `honest_more.rs`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};

use super::geo::{self, cgnat_ip, home_ip, pick_ip};
use super::ids;
use super::names;
use super::person::{self, Filing, Persona, ADULT};
use super::sessions::{self, Seat};
use super::{honest_more, FieldLabel, Gen, TENANTS};

/// Pick a place to live: two thirds in the US, the rest anywhere.
pub fn home_place(g: &mut Gen) -> usize {
    let us = g.geo.in_country("US");
    if g.rng.u8(..100) < 65 {
        us[g.rng.usize(..us.len())]
    } else {
        // Not the ring operators' border towns: honest people rarely live there, but some do.
        let rest: Vec<usize> = (0..g.geo.places.len())
            .filter(|&i| {
                g.geo.places[i].country != "US"
                    && !matches!(g.geo.places[i].key, "cn-ddg" | "cn-ynj" | "la-vte")
            })
            .collect();
        rest[g.rng.usize(..rest.len())]
    }
}

pub fn label(p: &Persona, kind: &'static str, person: u32) -> FieldLabel {
    FieldLabel {
        fraud: false,
        kind,
        ring: 0,
        person,
        split_group: person as u64,
        name_origin: p.name.origin,
    }
}

/// A home broadband seat: one or two home addresses, sometimes the phone.
pub fn home_seat(g: &mut Gen, p: &Persona) -> Seat {
    let (cc, tz) = (g.geo.places[p.place].country, g.geo.places[p.place].tz);
    let mut nets = vec![(home_ip(&g.geo.places[p.place], &mut g.rng), 8)];
    if g.rng.u8(..10) < 3 {
        nets.push((home_ip(&g.geo.places[p.place], &mut g.rng), 2));
    }
    if let Some(m) = mobile_pool(g, cc) {
        if g.rng.u8(..10) < 3 {
            let ip = cgnat_ip(&g.geo.mobile[m], &mut g.rng);
            nets.push((ip, 2));
        }
    }
    Seat {
        hours_tz: tz,
        hours: (7 + g.rng.u32(..3), 21 + g.rng.u32(..3)),
        browser_tz: tz,
        nets,
        ua: p.ua.clone(),
        lang: p.lang.clone(),
    }
}

pub fn mobile_pool(g: &mut Gen, cc: &str) -> Option<usize> {
    let here: Vec<usize> = (0..g.geo.mobile.len())
        .filter(|&i| g.geo.mobile[i].country == cc)
        .collect();
    (!here.is_empty()).then(|| here[g.rng.usize(..here.len())])
}

pub fn new_honest(g: &mut Gen, place: usize) -> Persona {
    let cc = g.geo.places[place].country;
    let origin = person::origin_for(g, cc);
    person::new_persona(g, place, origin, &ADULT)
}

/// How an honest hire is paid.
pub enum Pay {
    Bank,
    Iban(&'static str),
    Wise,
    Payoneer,
    Wallet(String),
    Fixed(Value),
}

pub struct Plan<'a> {
    pub tenant: usize,
    pub day: NaiveDate,
    pub hired: bool,
    pub pre: &'a Seat,
    pub post: &'a Seat,
    pub alt: Option<(&'a Seat, u8)>,
    pub actor: Option<&'static str>,
    pub pay: Pay,
    pub form_name: Option<String>,
}

pub fn plan<'a>(g: &mut Gen, seat: &'a Seat, hire_pct: u8) -> Plan<'a> {
    let tenant = g.tenant();
    let day = g.day();
    let hired = g.rng.u8(..100) < hire_pct;
    Plan {
        tenant,
        day,
        hired,
        pre: seat,
        post: seat,
        alt: None,
        actor: None,
        pay: Pay::Bank,
        form_name: None,
    }
}

fn pay_value(g: &mut Gen, p: &Persona, pay: Pay, holder: &str, at: DateTime<Utc>) -> Option<Value> {
    let cc = g.geo.places[p.place].country;
    Some(match pay {
        Pay::Bank if cc == "US" => person::us_bank(g, holder, at),
        Pay::Bank | Pay::Iban(_) if ids::iban_country_supported(cc) => {
            person::iban_pay(g, "bank_transfer", holder, cc, at)
        }
        Pay::Iban(bank_cc) => person::iban_pay(g, "bank_transfer", holder, bank_cc, at),
        Pay::Bank | Pay::Wise => {
            // Wise's USD account details (Community Federal Savings Bank) or its Belgian IBANs.
            if g.rng.bool() {
                let mut v = person::us_bank(g, holder, at);
                v["method"] = json!("wise");
                v["routing_number"] = json!("026073150");
                v
            } else {
                person::iban_pay(g, "wise", holder, "BE", at)
            }
        }
        Pay::Payoneer => {
            let mut v = person::us_bank(g, holder, at);
            v["method"] = json!("payoneer");
            v
        }
        Pay::Wallet(w) => person::wallet_pay(holder, &w, at),
        Pay::Fixed(v) => {
            let mut v = v;
            v["updated_at"] = json!(geo::rfc(at));
            v
        }
    })
}

/// File one honest application and push it.
pub fn file(g: &mut Gen, p: &Persona, pl: Plan, kind: &'static str, person_id: u32) {
    let (steps, start) = sessions::timeline(&mut g.rng, pl.day, pl.hired);
    let (sess, submitted) =
        person::run_sessions(g, &steps, pl.pre, pl.post, pl.alt, pl.tenant, pl.actor);
    let mut f = Filing {
        tenant: pl.tenant,
        submitted,
        title: g.title(),
        sessions: sess,
        start,
        payroll: None,
        shipping: None,
        devices: Vec::new(),
        form_name: pl.form_name.clone(),
        claimed: None,
    };
    if let Some(start) = start {
        let t = &TENANTS[pl.tenant];
        let home_tz = g.geo.places[p.place].tz;
        let at = person::payroll_time(g, start, home_tz);
        let pay = match t.stablecoin {
            Some(_) if !matches!(pl.pay, Pay::Fixed(_)) => Pay::Wallet(stable_wallet(g, pl.tenant)),
            _ => pl.pay,
        };
        let acct_name = names::variant(&mut g.rng, &p.name);
        if g.rng.u8(..10) < 7 + t.richness {
            f.payroll = pay_value(g, p, pay, &acct_name, at);
        }
        if g.rng.u8(..10) < 6 + t.richness {
            let addr = if g.rng.u8(..20) == 0 {
                p.addr.json_variant(&mut g.rng)
            } else {
                p.addr.json()
            };
            f.shipping = Some(person::ship(g, &p.name.short(), addr, start));
        }
        if t.richness > 0 && g.rng.u8(..10) < 6 {
            let ip = pl.post.ip(&mut g.rng);
            f.devices = honest_devices(g, pl.tenant, start, &ip, pl.post.browser_tz);
        }
    }
    let v = person::assemble(g, p, f);
    let l = label(p, kind, person_id);
    g.push(v, l);
}

pub fn stable_wallet(g: &mut Gen, tenant: usize) -> String {
    match TENANTS[tenant].stablecoin {
        Some("USDT") if g.rng.bool() => ids::tron_address(&mut g.rng),
        _ => ids::eth_address(&mut g.rng),
    }
}

/// One laptop, one to three check-ins from home, ordinary peripherals.
pub fn honest_devices(
    g: &mut Gen,
    tenant: usize,
    start: NaiveDate,
    ip: &str,
    tz: &str,
) -> Vec<Value> {
    let t = &TENANTS[tenant];
    let serial = sessions::laptop_serial(&mut g.rng);
    let mac = serial.starts_with('C') || serial.starts_with('F');
    let with_ifaces = t.mdm == "crowdstrike";
    let mut sw = sessions::desk_software(&mut g.rng, mac);
    // The employer's own remote-support tool, installed on every laptop it issues.
    if matches!(t.id, "harbor-insurance" | "orbital-logistics") {
        sw.push(sessions::app("ScreenConnect.ClientService.exe", "C:\\Program Files (x86)\\ScreenConnect Client (8d3a1f)\\ScreenConnect.ClientService.exe", "process"));
    }
    // A few people keep a personal remote-desktop tool from a previous job.
    if g.rng.u8(..100) < 4 {
        sw.push(if mac {
            sessions::app("AnyDesk", "/Applications/AnyDesk.app", "app")
        } else {
            sessions::app(
                "TeamViewer",
                "C:\\Program Files\\TeamViewer\\TeamViewer.exe",
                "process",
            )
        });
    }
    let n = 1 + g.rng.usize(..3);
    let usb = sessions::desk_usb(&mut g.rng, with_ifaces);
    (0..n)
        .map(|i| {
            let at = geo::at_local(
                start + Duration::days(i as i64 * 9 + g.rng.i64(0..3)),
                9 + g.rng.u32(..9),
                g.rng.u32(..60),
                tz,
            );
            sessions::device_obs(&serial, t.mdm, at, ip, tz, usb.clone(), sw.clone())
        })
        .collect()
}

pub fn make_honest(g: &mut Gen, kind: &'static str) {
    match kind {
        "ordinary" => ordinary(g),
        "traveller" => traveller(g),
        "duplicate_submission" => duplicate(g),
        "mobile_cgnat" => mobile(g),
        _ => honest_more::make(g, kind),
    }
}

/// Most people: home broadband, sometimes applying to two or three employers.
fn ordinary(g: &mut Gen) {
    let place = home_place(g);
    let p = new_honest(g, place);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let n = if g.rng.u8(..100) < 18 {
        2 + g.rng.usize(..2)
    } else {
        1
    };
    let first = g.day();
    for i in 0..n {
        let mut pl = plan(g, &seat, 11);
        pl.day = first + Duration::days(i as i64 * g.rng.i64(3..40));
        file(g, &p, pl, "ordinary", id);
    }
}

/// Mostly at home; some sessions from abroad, browser clock following the trip.
fn traveller(g: &mut Gen) {
    let place = home_place(g);
    let p = new_honest(g, place);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let home_cc = g.geo.places[place].country;
    let abroad: Vec<usize> = (0..g.geo.places.len())
        .filter(|&i| g.geo.places[i].country != home_cc)
        .collect();
    let away = abroad[g.rng.usize(..abroad.len())];
    let (acc, atz) = (g.geo.places[away].country, g.geo.places[away].tz);
    let hotel = home_ip(&g.geo.places[away], &mut g.rng);
    let mut nets = vec![(hotel, 5)];
    if let Some(m) = mobile_pool(g, acc) {
        nets.push((cgnat_ip(&g.geo.mobile[m], &mut g.rng), 2));
    }
    // Roaming phones keep their home carrier's address.
    if let Some(m) = mobile_pool(g, home_cc) {
        nets.push((cgnat_ip(&g.geo.mobile[m], &mut g.rng), 2));
    }
    let fixed_clock = g.rng.u8(..10) < 2; // some laptops keep the home clock
    let trip = Seat {
        hours_tz: atz,
        hours: (8, 23),
        browser_tz: if fixed_clock { seat.browser_tz } else { atz },
        nets,
        ua: if g.rng.bool() {
            p.ua.clone()
        } else {
            names::pick(&mut g.rng, sessions::MOBILE_AGENTS).to_string()
        },
        lang: p.lang.clone(),
    };
    let mut pl = plan(g, &seat, 14);
    pl.alt = Some((&trip, 20 + g.rng.u8(..25)));
    file(g, &p, pl, "traveller", id);
}

/// One person, two applications: an agency abroad plus themselves, or two requisitions months apart.
fn duplicate(g: &mut Gen) {
    let place = home_place(g);
    let p = new_honest(g, place);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let mut a = plan(g, &seat, 8);
    a.form_name = Some(names::variant(&mut g.rng, &p.name));
    if g.rng.u8(..10) < 6 {
        // A staffing agency's recruiter files from its office in another country.
        let office = names::pick(
            &mut g.rng,
            &[
                "in-blr", "in-hyd", "ph-mnl", "pl-kra", "ua-lvi", "mx-mex", "co-bog", "gb-lon",
                "us-dal",
            ],
        );
        let o = g.geo.place(office);
        let opl = &g.geo.places[o];
        let office_ip = pick_ip(&opl.isps[0].blocks, &mut g.rng);
        let agency = Seat {
            hours_tz: opl.tz,
            hours: (9, 19),
            browser_tz: opl.tz,
            nets: vec![(office_ip, 1)],
            ua: sessions::desktop_ua(&mut g.rng),
            lang: sessions::language(&mut g.rng, opl.country, "anglo"),
        };
        a.pre = &agency;
        a.actor = match g.rng.u8(..3) {
            0 => Some("agency"),
            1 => Some("recruiter"),
            _ => None,
        };
        let tenant = a.tenant;
        let day = a.day;
        file(g, &p, a, "duplicate_submission", id);
        let mut b = plan(g, &seat, 8);
        b.tenant = if g.rng.bool() { tenant } else { b.tenant };
        b.day = day + Duration::days(g.rng.i64(-10..20));
        file(g, &p, b, "duplicate_submission", id);
    } else {
        let tenant = a.tenant;
        let day = a.day;
        file(g, &p, a, "duplicate_submission", id);
        let mut b = plan(g, &seat, 10);
        b.tenant = tenant;
        b.day = day + Duration::days(g.rng.i64(60..200));
        b.form_name = Some(names::variant(&mut g.rng, &p.name));
        file(g, &p, b, "duplicate_submission", id);
    }
}

/// Phone-only or phone-heavy applicants behind a carrier's shared addresses.
fn mobile(g: &mut Gen) {
    let pools: Vec<usize> = (0..g.geo.mobile.len()).collect();
    let m = pools[g.rng.usize(..pools.len())];
    let cc = g.geo.mobile[m].country;
    let places = g.geo.in_country(cc);
    let place = places[g.rng.usize(..places.len())];
    let mut p = new_honest(g, place);
    if g.rng.u8(..10) < 6 {
        p.ua = names::pick(&mut g.rng, sessions::MOBILE_AGENTS).to_string();
    }
    let id = g.person_id();
    let mut seat = home_seat(g, &p);
    let n = 1 + g.rng.usize(..3);
    seat.nets = (0..n)
        .map(|_| (cgnat_ip(&g.geo.mobile[m], &mut g.rng), 3))
        .collect();
    if g.rng.u8(..10) < 3 {
        let pl = &g.geo.places[place];
        seat.nets.push((home_ip(pl, &mut g.rng), 1));
    }
    let pl = plan(g, &seat, 10);
    file(g, &p, pl, "mobile_cgnat", id);
}
