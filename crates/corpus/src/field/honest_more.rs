//! The remaining honest kinds: people whose money, home, network or past
//! look unusual for ordinary reasons.

use chrono::Duration;

use super::contact;
use super::geo::{cgnat_ip, pick_ip};
use super::honest::{file, home_place, home_seat, new_honest, plan, Pay};
use super::ids;
use super::names;
use super::person::{self, PersonaOpts};
use super::{Gen, TENANTS};

pub fn make(g: &mut Gen, kind: &'static str) {
    match kind {
        "stablecoin_employer" => stablecoin(g),
        "wise_payoneer" => wise_payoneer(g),
        "household" => household(g),
        "vpn_user" => vpn_user(g),
        "corporate_proxy" => corporate(g),
        "expat" => expat(g),
        "moved" => moved(g),
        "new_graduate" => new_graduate(g),
        _ => international_bank(g),
    }
}

fn place_in(g: &mut Gen, keys: &[&str]) -> usize {
    let k = names::pick(&mut g.rng, keys);
    g.geo.place(k)
}

/// Applicants to employers that pay every contractor in USDC/USDT.
fn stablecoin(g: &mut Gen) {
    let place = home_place(g);
    let p = new_honest(g, place);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let mut pl = plan(g, &seat, 30);
    let payers: Vec<usize> = (0..TENANTS.len())
        .filter(|&i| TENANTS[i].stablecoin.is_some())
        .collect();
    pl.tenant = payers[g.rng.usize(..payers.len())];
    file(g, &p, pl, "stablecoin_employer", id);
}

const CONTRACTOR_PLACES: &[&str] = &[
    "in-blr", "in-hyd", "in-maa", "pk-lhe", "pk-khi", "ph-mnl", "ua-kyi", "ua-lvi", "pl-waw",
    "ro-buc", "ng-los", "ke-nbo", "br-sao", "ar-bue", "co-bog", "mx-mex", "vn-sgn", "eg-cai",
    "tr-ist", "za-cpt", "kz-ala",
];

/// Contractors abroad paid through Wise or Payoneer.
fn wise_payoneer(g: &mut Gen) {
    let place = place_in(g, CONTRACTOR_PLACES);
    let p = new_honest(g, place);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let mut pl = plan(g, &seat, 35);
    pl.pay = if g.rng.bool() {
        Pay::Wise
    } else {
        Pay::Payoneer
    };
    file(g, &p, pl, "wise_payoneer", id);
}

/// Spouses or roommates: one address, one line, sometimes one account and a landline.
fn household(g: &mut Gen) {
    let place = home_place(g);
    let a = new_honest(g, place);
    let spouses = g.rng.u8(..10) < 7;
    let mut b = if spouses {
        let mut b = person::new_persona(g, place, a.name.origin, &person::ADULT);
        b.name.family = a.name.family.clone();
        b
    } else {
        new_honest(g, place)
    };
    b.addr = a.addr.clone();
    let seat_a = home_seat(g, &a);
    let mut seat_b = home_seat(g, &b);
    seat_b.nets[0] = seat_a.nets[0].clone();
    let landline = contact::phone_digits(&mut g.rng, &g.geo.places[place]);
    let share_landline = g.rng.u8(..10) < 3;
    let joint = if spouses && g.geo.places[place].country == "US" && g.rng.bool() {
        let holder = format!(
            "{} {} and {} {}",
            a.name.given, a.name.family, b.name.given, b.name.family
        );
        let at = super::geo::at_local(super::geo::day(2026, 1, 5), 12, 0, "UTC");
        Some(person::us_bank(g, &holder, at))
    } else {
        None
    };
    for (mut p, seat) in [(a, seat_a), (b, seat_b)] {
        if share_landline {
            p.phones.push(landline.clone());
        }
        let id = g.person_id();
        let mut pl = plan(g, &seat, 12);
        if let Some(j) = &joint {
            pl.pay = Pay::Fixed(j.clone());
        }
        file(g, &p, pl, "household", id);
    }
}

/// Privacy-minded: a commercial VPN or a relay much of the time, clock still at home.
fn vpn_user(g: &mut Gen) {
    let place = home_place(g);
    let p = new_honest(g, place);
    let id = g.person_id();
    let mut seat = home_seat(g, &p);
    let cc = g.geo.places[place].country;
    let exits = 1 + g.rng.usize(..3);
    for _ in 0..exits {
        let v = g
            .geo
            .vpn_in(if g.rng.u8(..10) < 7 { cc } else { "US" }, &mut g.rng);
        let ip = pick_ip(&g.geo.vpn[v].blocks, &mut g.rng);
        let w = 2 + g.rng.u32(..5);
        seat.nets.push((ip, w));
    }
    if g.rng.u8(..10) < 3 {
        seat.nets.remove(0); // always-on VPN: home line never seen
    }
    let pl = plan(g, &seat, 11);
    file(g, &p, pl, "vpn_user", id);
}

/// Employees of a large company: office hours through the company's gateway.
fn corporate(g: &mut Gen) {
    let e = g.rng.usize(..g.geo.corporate.len());
    let (cc, city) = (g.geo.corporate[e].country, g.geo.corporate[e].city);
    let near_places: Vec<usize> = (0..g.geo.places.len())
        .filter(|&i| g.geo.places[i].country == cc && g.geo.places[i].city == city)
        .collect();
    let same_country = g.geo.in_country(cc);
    let place = if let Some(&p) = near_places.first() {
        p
    } else if !same_country.is_empty() {
        same_country[g.rng.usize(..same_country.len())]
    } else {
        home_place(g)
    };
    let p = new_honest(g, place);
    let id = g.person_id();
    let home = home_seat(g, &p);
    let office_ip = cgnat_ip(&g.geo.corporate[e], &mut g.rng);
    let mut office = home.clone();
    office.hours = (9, 18);
    office.nets = vec![(office_ip, 1)];
    office.ua = names::pick(&mut g.rng, &super::sessions::USER_AGENTS[..3]).to_string();
    let mut pl = plan(g, &office, 10);
    pl.alt = Some((&home, 40));
    pl.post = &home;
    file(g, &p, pl, "corporate_proxy", id);
}

const EXPAT_PLACES: &[&str] = &[
    "pt-lis", "mx-mex", "es-bcn", "de-ber", "gb-lon", "jp-tyo", "kr-sel", "sg-sin", "ae-dxb",
    "cn-bjs", "cn-can", "co-bog", "ar-bue", "nl-ams", "vn-sgn", "my-kul", "ru-mow", "tr-ist",
];

/// Lives abroad and says so: foreign address, home-country passport, phone and bank kept.
fn expat(g: &mut Gen) {
    let us = g.geo.in_country("US");
    let origin_place = us[g.rng.usize(..us.len())];
    let place = place_in(g, EXPAT_PLACES);
    let mut p = new_honest(g, origin_place);
    let old_phone = p.phones[0].clone();
    let local = new_honest(g, place);
    p.place = place;
    p.addr = local.addr;
    if g.rng.bool() {
        p.phones = vec![local.phones[0].clone(), old_phone];
    }
    p.id_doc = Some(person::IdDoc {
        kind: "passport",
        number: ids::passport_number(&mut g.rng, "US"),
        country: "US".into(),
        expires: super::geo::day(2028 + g.rng.i32(0..8), 1 + g.rng.u32(..12), 3),
    });
    p.ssn = Some(ids::ssn(&mut g.rng));
    let id = g.person_id();
    let mut seat = home_seat(g, &p);
    // Expats in China reach Western sites through a commercial VPN.
    if g.geo.places[place].country == "CN" {
        for _ in 0..2 {
            let v = g
                .geo
                .commercial_vpn_in(if g.rng.bool() { "US" } else { "SG" }, &mut g.rng);
            let ip = pick_ip(&g.geo.vpn[v].blocks, &mut g.rng);
            seat.nets.push((ip, 6));
        }
    }
    let mut pl = plan(g, &seat, 12);
    pl.pay = if g.rng.bool() {
        Pay::Iban("US")
    } else {
        Pay::Wise
    };
    if g.rng.bool() {
        let holder = p.name.full();
        let at = super::geo::at_local(super::geo::day(2026, 1, 5), 12, 0, "UTC");
        pl.pay = Pay::Fixed(person::us_bank(g, &holder, at));
    }
    file(g, &p, pl, "expat", id);
}

/// Moved recently: documents (licence, old state) and phone still from before.
fn moved(g: &mut Gen) {
    let us = g.geo.in_country("US");
    let old = us[g.rng.usize(..us.len())];
    let new = us[g.rng.usize(..us.len())];
    let mut p = new_honest(g, old);
    let np = &g.geo.places[new];
    let na = contact::new_address(&mut g.rng, np);
    p.place = new;
    p.addr = na;
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let pl = plan(g, &seat, 12);
    file(g, &p, pl, "moved", id);
}

/// Fresh graduates: young, short histories, GitHub accounts a few months old.
fn new_graduate(g: &mut Gen) {
    let place = home_place(g);
    let cc = g.geo.places[place].country;
    let mut origin = super::person::origin_for(g, cc);
    // International students are many among US graduates in computing.
    if cc == "US" && g.rng.u8(..10) < 3 {
        origin = names::pick(&mut g.rng, &["indian", "chinese", "korean", "vietnamese"]);
    }
    let o = PersonaOpts {
        age: (21, 25),
        github_from: 2025,
        small_firms: true,
    };
    let mut p = person::new_persona(g, place, origin, &o);
    let y = 2025 + g.rng.i32(0..2);
    p.github = Some((
        contact::handle(&mut g.rng, &p.name).replace(['.', '_'], "-"),
        super::geo::day(y, 1 + g.rng.u32(..9), 1 + g.rng.u32(..28)),
    ));
    p.career.jobs.truncate(1);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let n = 1 + g.rng.usize(..3);
    let first = g.day();
    for i in 0..n {
        let mut pl = plan(g, &seat, 7);
        pl.day = first + Duration::days(i as i64 * g.rng.i64(1..20));
        file(g, &p, pl, "new_graduate", id);
    }
}

const IBAN_PLACES: &[&str] = &[
    "de-ber", "de-muc", "fr-par", "fr-lyo", "nl-ams", "es-mad", "pt-lis", "it-mil", "pl-waw",
    "ro-clj", "se-sto", "cz-prg", "hu-bud", "gr-ath", "ie-dub", "gb-man", "ua-kyi", "tr-ist",
    "il-tlv", "ae-dxb", "pk-lhe", "kz-ala",
];

/// Paid into an IBAN at home (or, for some, a bank in the country they come from).
fn international_bank(g: &mut Gen) {
    let place = place_in(g, IBAN_PLACES);
    let p = new_honest(g, place);
    let id = g.person_id();
    let seat = home_seat(g, &p);
    let mut pl = plan(g, &seat, 35);
    let cc = g.geo.places[place].country;
    pl.pay = Pay::Iban(if ids::iban_country_supported(cc) {
        cc
    } else {
        "DE"
    });
    file(g, &p, pl, "international_bank", id);
}
