//! Fraud rings: the machinery they share (operators abroad, VPN pools,
//! stock photos, recycled careers) and the first three ring kinds.

use chrono::{Duration, NaiveDate};
use serde_json::Value;

use super::contact;
use super::geo::{self, home_ip, pick_ip};
use super::ids;
use super::names::pick;
use super::person::{self, Filing, Persona, PersonaOpts};
use super::resume::{self, Career};
use super::sessions::{self, Seat};
use super::{rings_classic, rings_more, FieldLabel, Gen, TENANTS};

pub struct Ring {
    pub no: u32,
    pub kind: &'static str,
    pub op_place: usize,
    pub night_shift: bool,
    pub vpn_ips: Vec<String>,
    pub leak_ips: Vec<String>,
    pub career: Career,
    pub style: usize,
    pub photos: Vec<u64>,
    pub ua: String,
}

impl Ring {
    pub fn op_tz(&self, g: &Gen) -> &'static str {
        g.geo.places[self.op_place].tz
    }
}

/// Where the operators sit (the public record: north-east China border
/// cities, the Russian Far East, Laos).
fn op_place(g: &mut Gen) -> usize {
    let k = match g.rng.u8(..100) {
        0..=29 => "cn-she",
        30..=49 => "cn-ddg",
        50..=61 => "cn-ynj",
        62..=76 => "ru-vvo",
        77..=84 => "ru-khv",
        _ => "la-vte",
    };
    g.geo.place(k)
}

pub fn new_ring(g: &mut Gen, no: u32, kind: &'static str, claim_cc: &str) -> Ring {
    let op = op_place(g);
    let mut vpn_ips = Vec::new();
    for _ in 0..(2 + g.rng.usize(..3)) {
        let v = g.geo.commercial_vpn_in(claim_cc, &mut g.rng);
        let ip = pick_ip(&g.geo.vpn[v].blocks, &mut g.rng);
        vpn_ips.push(ip);
    }
    let opl = &g.geo.places[op];
    let leak_ips = (0..2).map(|_| home_ip(opl, &mut g.rng)).collect();
    let grad = 2014 + g.rng.i32(0..6);
    let career = resume::new_career(&mut g.rng, grad, 2026, true);
    Ring {
        no,
        kind,
        op_place: op,
        night_shift: g.rng.u8(..10) < 3,
        vpn_ips,
        leak_ips,
        career,
        style: g.rng.usize(..4),
        photos: (0..2).map(|_| g.rng.u64(..)).collect(),
        ua: sessions::desktop_ua(&mut g.rng),
    }
}

pub fn label(r: &Ring, p: &Persona, person: u32) -> FieldLabel {
    FieldLabel {
        fraud: true,
        kind: r.kind,
        ring: r.no,
        person,
        split_group: r.no as u64,
        name_origin: p.name.origin,
    }
}

pub fn workers(g: &mut Gen) -> usize {
    if g.rng.u8(..10) < 2 {
        12 + g.rng.usize(..9)
    } else {
        3 + g.rng.usize(..11)
    }
}

/// Places fabricated personas claim: mostly the US, also the places GTIG saw.
pub fn claimed_place(g: &mut Gen, us_pct: u8) -> usize {
    if g.rng.u8(..100) < us_pct {
        let us = g.geo.in_country("US");
        us[g.rng.usize(..us.len())]
    } else {
        let k = pick(
            &mut g.rng,
            &[
                "gb-lon", "de-ber", "pl-waw", "jp-tyo", "it-mil", "sg-sin", "my-kul", "ua-kyi",
                "vn-sgn", "ca-tor", "nl-ams", "au-syd",
            ],
        );
        g.geo.place(k)
    }
}

/// A made-up persona: a claimed home, a plausible name for it, a new web footprint.
pub fn fabricated(g: &mut Gen, r: &Ring, place: usize, share_career: bool) -> Persona {
    let cc = g.geo.places[place].country;
    let origin = person::origin_for(g, cc);
    let o = PersonaOpts {
        age: (23, 39),
        github_from: 2024,
        small_firms: true,
    };
    let mut p = person::new_persona(g, place, origin, &o);
    if share_career {
        p.career = r.career.clone();
        p.style = r.style;
    }
    if cc == "US" && g.rng.bool() {
        p.phones = vec![contact::us_phone_any(&mut g.rng)];
    }
    if g.rng.u8(..10) < 4 {
        let base = r.photos[g.rng.usize(..r.photos.len())];
        p.photo = person::near(&mut g.rng, base, 5);
    }
    if g.rng.u8(..10) < 7 {
        let y = 2024 + g.rng.i32(0..3);
        let h = contact::handle(&mut g.rng, &p.name).replace(['.', '_'], "-");
        p.github = Some((
            h,
            geo::day(
                y,
                1 + g.rng.u32(..12).min(if y == 2026 { 8 } else { 11 }),
                1 + g.rng.u32(..28),
            ),
        ));
    }
    // Made-up personas abroad rarely give an SSN; some US ones leave it out too.
    let drop_ssn = if cc == "US" {
        g.rng.u8(..10) < 4
    } else {
        g.rng.bool()
    };
    if drop_ssn {
        p.ssn = None;
    }
    if g.rng.u8(..10) < 7 {
        p.ua = r.ua.clone();
    }
    p.lang = match g.rng.u8(..20) {
        0 if g.geo.places[r.op_place].country == "CN" => "zh-CN,zh;q=0.9,en;q=0.8".into(),
        0 => "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7".into(),
        1..=13 => "en-US,en;q=0.9".into(),
        _ => p.lang,
    };
    p
}

/// A real US person whose identity is borrowed or rented.
pub fn borrowed(g: &mut Gen) -> Persona {
    let us = g.geo.in_country("US");
    let place = us[g.rng.usize(..us.len())];
    let origin = person::origin_for(g, "US");
    let o = PersonaOpts {
        age: (25, 61),
        github_from: 2010,
        small_firms: true,
    };
    let mut p = person::new_persona(g, place, origin, &o);
    p.ssn = Some(ids::ssn(&mut g.rng));
    if p.id_doc.as_ref().map(|d| d.kind) != Some("drivers_license") && g.rng.bool() {
        let region = g.geo.places[place].region;
        p.id_doc = Some(person::IdDoc {
            kind: "drivers_license",
            number: ids::drivers_license(&mut g.rng, region),
            country: "US".into(),
            expires: geo::day(2027 + g.rng.i32(0..6), 1 + g.rng.u32(..12), 9),
        });
    }
    p
}

/// Sessions as the operator makes them: VPN exits of the ring, the operator's
/// working day, the clock left at home or corrected to the claim.
pub fn op_seat(g: &mut Gen, r: &Ring, p: &Persona, leak_pct: u32) -> Seat {
    let claimed_tz = g.geo.places[p.place].tz;
    let corrected = g.rng.u8(..10) < 4;
    let mut nets: Vec<(String, u32)> = Vec::new();
    let k = 1 + g.rng.usize(..r.vpn_ips.len());
    for _ in 0..k {
        let ip = r.vpn_ips[g.rng.usize(..r.vpn_ips.len())].clone();
        nets.push((ip, 10));
    }
    if leak_pct > 0 && g.rng.u8(..10) < 4 {
        nets.push((
            r.leak_ips[g.rng.usize(..r.leak_ips.len())].clone(),
            leak_pct,
        ));
    }
    Seat {
        hours_tz: r.op_tz(g),
        hours: if r.night_shift { (20, 30) } else { (9, 23) },
        browser_tz: if corrected { claimed_tz } else { r.op_tz(g) },
        nets,
        ua: p.ua.clone(),
        lang: p.lang.clone(),
    }
}

pub struct Extras {
    pub payroll: Option<Value>,
    pub shipping: Option<Value>,
    pub devices: Vec<Value>,
}

/// File one ring application; `extras` fills what exists only after a hire.
#[allow(clippy::too_many_arguments)]
pub fn file(
    g: &mut Gen,
    r: &Ring,
    p: &Persona,
    person_id: u32,
    tenant: usize,
    day: NaiveDate,
    hired: bool,
    pre: &Seat,
    post: &Seat,
    extras: &mut dyn FnMut(&mut Gen, NaiveDate) -> Extras,
) {
    let (steps, start) = sessions::timeline(&mut g.rng, day, hired);
    let (sess, submitted) = person::run_sessions(g, &steps, pre, post, None, tenant, None);
    let mut f = Filing {
        tenant,
        submitted,
        title: g.title(),
        sessions: sess,
        start,
        payroll: None,
        shipping: None,
        devices: Vec::new(),
        form_name: None,
        claimed: None,
    };
    if let Some(s) = start {
        let e = extras(g, s);
        let t = &TENANTS[tenant];
        if g.rng.u8(..10) < 7 + t.richness {
            f.payroll = e.payroll;
        }
        f.shipping = e.shipping;
        if t.richness > 0 {
            f.devices = e.devices;
        }
    }
    let v = person::assemble(g, p, f);
    g.push(v, label(r, p, person_id));
}

pub const KVMS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "1d6b",
        "0104",
        "Linux Foundation",
        "Multifunction Composite Gadget",
        &["03", "03", "08"],
    ),
    (
        "0557",
        "2419",
        "ATEN International Co., Ltd",
        "Virtual mouse/keyboard device",
        &["03", "03"],
    ),
    (
        "14dd",
        "1007",
        "Raritan Computer, Inc.",
        "D2CIM-VUSB KVM connector",
        &["03", "03", "08"],
    ),
    (
        "046d",
        "c52b",
        "Logitech, Inc.",
        "Unifying Receiver",
        &["03", "03", "08"],
    ),
];

pub const RMM: &[(&str, &str)] = &[
    (
        "AnyDesk.exe",
        "C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe",
    ),
    ("rustdesk.exe", "C:\\Program Files\\RustDesk\\rustdesk.exe"),
    (
        "remoting_host.exe",
        "C:\\Program Files (x86)\\Google\\Chrome Remote Desktop\\CurrentVersion\\remoting_host.exe",
    ),
    (
        "TeamViewer.exe",
        "C:\\Program Files\\TeamViewer\\TeamViewer.exe",
    ),
    (
        "astrill.exe",
        "C:\\Program Files (x86)\\Astrill\\astrill.exe",
    ),
];

/// The issued laptop as the MDM sees it where the ring keeps it.
pub fn fraud_devices(
    g: &mut Gen,
    tenant: usize,
    start: NaiveDate,
    ip: &str,
    tz: &str,
    kvm_pct: u8,
    rmm_pct: u8,
) -> Vec<Value> {
    let t = &TENANTS[tenant];
    let serial = sessions::laptop_serial(&mut g.rng);
    let with_ifaces = t.mdm == "crowdstrike";
    let mut usb = sessions::desk_usb(&mut g.rng, with_ifaces);
    if g.rng.u8(..100) < kvm_pct {
        let k = KVMS[g.rng.usize(..KVMS.len())];
        usb.push(sessions::usb(
            k.0,
            k.1,
            k.2,
            k.3,
            if with_ifaces { Some(k.4) } else { None },
        ));
    }
    let mut sw = sessions::desk_software(&mut g.rng, false);
    if g.rng.u8(..100) < rmm_pct {
        let (n, path) = RMM[g.rng.usize(..RMM.len())];
        sw.push(sessions::app(n, path, "process"));
    }
    let n = 1 + g.rng.usize(..3);
    (0..n)
        .map(|i| {
            let at = geo::at_local(
                start + Duration::days(i as i64 * 7 + g.rng.i64(0..3)),
                g.rng.u32(..24),
                g.rng.u32(..60),
                tz,
            );
            sessions::device_obs(&serial, t.mdm, at, ip, tz, usb.clone(), sw.clone())
        })
        .collect()
}

pub fn make_ring(g: &mut Gen, kind: &'static str, no: u32) {
    match kind {
        "vpn_operators" => rings_classic::vpn_operators(g, no),
        "laptop_farm" => rings_classic::laptop_farm(g, no),
        "careful" => rings_classic::careful(g, no),
        _ => rings_more::make(g, kind, no),
    }
}
