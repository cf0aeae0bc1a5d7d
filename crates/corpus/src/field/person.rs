//! A persona (what an application claims) and the assembly of one
//! contract-shaped application from it, with the gaps real integrations leave.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::{json, Value};

use super::contact::{self, Address};
use super::geo::{self, rfc};
use super::ids;
use super::names::{self, Name};
use super::resume::{self, Career};
use super::sessions::{self, Seat};
use super::sha256::hex_digest;
use super::{Gen, TENANTS};

#[derive(Clone)]
pub struct IdDoc {
    pub kind: &'static str,
    pub number: String,
    pub country: String,
    pub expires: NaiveDate,
}

#[derive(Clone)]
pub struct Persona {
    pub name: Name,
    pub dob: NaiveDate,
    pub place: usize,
    pub addr: Address,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub github: Option<(String, NaiveDate)>,
    pub linkedin: Option<String>,
    pub career: Career,
    pub style: usize,
    pub photo: u64,
    pub photo_sha: String,
    pub id_doc: Option<IdDoc>,
    pub ssn: Option<String>,
    pub lang: String,
    pub ua: String,
}

/// Origins of honest applicants by where they live.
pub fn origin_for(g: &mut Gen, cc: &str) -> &'static str {
    let r = g.rng.u32(..100);
    let pick = |table: &[(&'static str, u32)]| {
        let mut acc = 0;
        for (k, w) in table {
            acc += w;
            if r < acc {
                return *k;
            }
        }
        table[0].0
    };
    match cc {
        "US" => pick(&[
            ("anglo", 50),
            ("hispanic", 13),
            ("indian", 9),
            ("chinese", 6),
            ("korean", 3),
            ("vietnamese", 3),
            ("russian", 3),
            ("ukrainian", 1),
            ("african", 4),
            ("arabic", 3),
            ("european", 3),
            ("filipino", 2),
        ]),
        "CA" | "GB" | "IE" | "AU" | "NZ" => pick(&[
            ("anglo", 58),
            ("indian", 12),
            ("chinese", 9),
            ("korean", 2),
            ("african", 5),
            ("arabic", 5),
            ("european", 6),
            ("russian", 1),
            ("filipino", 2),
        ]),
        "CN" => "chinese",
        "KR" => "korean",
        "RU" | "KZ" => pick(&[("russian", 92), ("korean", 4), ("ukrainian", 4)]),
        "UA" => pick(&[("ukrainian", 85), ("russian", 15)]),
        "JP" => "japanese",
        "VN" => "vietnamese",
        "PH" => "filipino",
        "IN" => "indian",
        "PK" | "AE" | "EG" => pick(&[("arabic", 85), ("indian", 15)]),
        "NG" | "KE" | "ZA" => pick(&[("african", 90), ("anglo", 6), ("indian", 4)]),
        "ES" | "MX" | "AR" | "CO" => "hispanic",
        "SG" | "MY" => pick(&[("chinese", 60), ("indian", 20), ("arabic", 20)]),
        _ => pick(&[("european", 90), ("arabic", 5), ("anglo", 5)]),
    }
}

pub struct PersonaOpts {
    pub age: (i32, i32),
    pub github_from: i32,
    pub small_firms: bool,
}

pub const ADULT: PersonaOpts = PersonaOpts {
    age: (24, 58),
    github_from: 2009,
    small_firms: false,
};

pub fn new_persona(g: &mut Gen, place: usize, origin: &str, o: &PersonaOpts) -> Persona {
    let name = names::new_name(&mut g.rng, origin);
    let age = o.age.0 + g.rng.i32(0..(o.age.1 - o.age.0).max(1));
    let dob = geo::day(2026 - age, 1 + g.rng.u32(..12), 1 + g.rng.u32(..28));
    let p = &g.geo.places[place];
    let cc = p.country;
    let addr = contact::new_address(&mut g.rng, p);
    let phone = contact::phone_digits(&mut g.rng, p);
    let email = contact::email(&mut g.rng, &name, cc);
    let grad = (dob.year() + 22 + g.rng.i32(0..3)).min(2026);
    let career = resume::new_career(&mut g.rng, grad, 2026, o.small_firms);
    let gh_year = (dob.year() + 17 + g.rng.i32(0..10)).clamp(o.github_from, 2026);
    let github = (g.rng.u8(..10) < 6).then(|| {
        (
            contact::handle(&mut g.rng, &name).replace(['.', '_'], "-"),
            geo::day(gh_year, 1 + g.rng.u32(..12), 1 + g.rng.u32(..28)),
        )
    });
    let linkedin =
        (g.rng.u8(..10) < 7).then(|| contact::handle(&mut g.rng, &name).replace(['.', '_'], "-"));
    let id_doc = Some(id_document(g, cc, p.region));
    let ssn = (cc == "US").then(|| ids::ssn(&mut g.rng));
    let lang = sessions::language(&mut g.rng, cc, name.origin);
    let ua = sessions::desktop_ua(&mut g.rng);
    Persona {
        name,
        dob,
        place,
        addr,
        emails: vec![email],
        phones: vec![phone],
        github,
        linkedin,
        career,
        style: g.rng.usize(..4),
        photo: g.rng.u64(..),
        photo_sha: ids::hex(&mut g.rng, 64),
        id_doc,
        ssn,
        lang,
        ua,
    }
}

pub fn id_document(g: &mut Gen, cc: &str, region: &str) -> IdDoc {
    let expires = geo::day(
        2027 + g.rng.i32(0..9),
        1 + g.rng.u32(..12),
        1 + g.rng.u32(..28),
    );
    if cc == "US" && g.rng.u8(..10) < 6 {
        return IdDoc {
            kind: "drivers_license",
            number: ids::drivers_license(&mut g.rng, region),
            country: "US".into(),
            expires,
        };
    }
    if matches!(
        cc,
        "DE" | "FR" | "ES" | "IT" | "PL" | "PT" | "NL" | "RO" | "CZ" | "SE"
    ) && g.rng.bool()
    {
        let number = format!(
            "{}{}",
            ids::letters(&mut g.rng, 3),
            ids::digits(&mut g.rng, 6)
        );
        return IdDoc {
            kind: "national_id",
            number,
            country: cc.into(),
            expires,
        };
    }
    IdDoc {
        kind: "passport",
        number: ids::passport_number(&mut g.rng, cc),
        country: cc.into(),
        expires,
    }
}

/// Flip a few bits: the same photo re-encoded or re-cropped.
pub fn near(rng: &mut fastrand::Rng, h: u64, max_bits: u32) -> u64 {
    let mut v = h;
    for _ in 0..rng.u32(..=max_bits) {
        v ^= 1u64 << rng.u32(..64);
    }
    v
}

/// Everything about one application other than the persona.
pub struct Filing {
    pub tenant: usize,
    pub submitted: DateTime<Utc>,
    pub title: &'static str,
    pub sessions: Vec<Value>,
    pub start: Option<NaiveDate>,
    pub payroll: Option<Value>,
    pub shipping: Option<Value>,
    pub devices: Vec<Value>,
    /// The name as typed on this form, when it differs from the persona's usual one.
    pub form_name: Option<String>,
    /// The address the candidate gives here, when not the persona's.
    pub claimed: Option<(usize, Address)>,
}

/// Sessions for a timeline: `pre` before the start date, `post` after it,
/// `alt` (seat, percent) replacing some of either. Returns sessions, submission time.
pub fn run_sessions(
    g: &mut Gen,
    steps: &[(&'static str, NaiveDate)],
    pre: &Seat,
    post: &Seat,
    alt: Option<(&Seat, u8)>,
    tenant: usize,
    actor: Option<&'static str>,
) -> (Vec<Value>, DateTime<Utc>) {
    let dev = sessions::idp_device_id(&mut g.rng);
    let auth = sessions::authenticator_id(&mut g.rng);
    let mut out = Vec::new();
    let mut submitted = None;
    for (i, (kind, d)) in steps.iter().enumerate() {
        let after = matches!(*kind, "onboarding" | "login");
        let mut seat = if after { post } else { pre };
        if let Some((a, pct)) = alt {
            if i > 0 && g.rng.u8(..100) < pct {
                seat = a;
            }
        }
        let at = seat.instant(&mut g.rng, *d);
        let mut s = seat.session(&mut g.rng, kind, at);
        if i == 0 {
            submitted = Some(at + Duration::seconds(30 + g.rng.i64(0..900)));
        }
        if after {
            let t = &TENANTS[tenant];
            let who = if g.rng.u8(..10) < 3 {
                Some("candidate")
            } else {
                None
            };
            sessions::idp_fields(&mut s, t.idp, &dev, &auth, who);
        } else if let Some(a) = actor {
            s["actor"] = json!(a);
        }
        // Thin integrations drop what they do not log.
        if TENANTS[tenant].richness == 0 && g.rng.u8(..10) < 3 {
            contact::drop_key(&mut s, "user_agent");
            contact::drop_key(&mut s, "accept_language");
        }
        out.push(s);
    }
    let submitted = submitted.unwrap_or_default();
    (out, submitted)
}

pub fn profiles(g: &mut Gen, p: &Persona) -> Vec<Value> {
    let mut v = Vec::new();
    if let Some((h, created)) = &p.github {
        v.push(json!({ "kind": "github", "url": format!("https://github.com/{h}"), "created_at": created.to_string() }));
    }
    if let Some(h) = &p.linkedin {
        let mut l =
            json!({ "kind": "linkedin", "url": format!("https://www.linkedin.com/in/{h}") });
        if g.rng.u8(..10) < 3 {
            l["created_at"] =
                json!(geo::day(2012 + g.rng.i32(0..13), 1 + g.rng.u32(..12), 1).to_string());
        }
        v.push(l);
    }
    v
}

pub fn documents(g: &mut Gen, p: &Persona, holder: &str) -> Vec<Value> {
    let contact_line = format!(
        "{} | {}",
        p.emails[0],
        contact::format_phone(&mut g.rng, &p.phones[0])
    );
    let text = resume::render(&p.career, holder, &contact_line, p.style, &mut g.rng);
    let mut docs =
        vec![json!({ "kind": "resume", "sha256": hex_digest(text.as_bytes()), "text": text })];
    if g.rng.u8(..10) < 6 {
        let ph = near(&mut g.rng, p.photo, 2);
        docs.push(json!({ "kind": "photo", "sha256": p.photo_sha, "phash": format!("{ph:016x}") }));
    }
    if let Some(d) = &p.id_doc {
        if g.rng.u8(..10) < 6 {
            let mut doc = json!({
                "kind": d.kind, "number": d.number, "issuing_country": d.country, "holder_name": holder,
                "date_of_birth": p.dob.to_string(), "expires_on": d.expires.to_string(),
                "sha256": ids::hex(&mut g.rng, 64),
            });
            if d.kind == "passport" && g.rng.u8(..10) < 5 {
                let sex = if p.name.female { 'F' } else { 'M' };
                let given = match &p.name.middle {
                    Some(m) => format!("{} {m}", p.name.given),
                    None => p.name.given.clone(),
                };
                let mrz = ids::mrz_td3(
                    ids::iso3(&d.country),
                    &p.name.family,
                    &given,
                    &d.number,
                    &p.dob.format("%y%m%d").to_string(),
                    sex,
                    &d.expires.format("%y%m%d").to_string(),
                );
                doc["mrz"] = json!(mrz);
            }
            docs.push(doc);
        }
    }
    if let Some(s) = &p.ssn {
        if g.rng.u8(..10) < 4 {
            docs.push(json!({ "kind": "ssn", "number": s, "holder_name": holder }));
        }
    }
    docs
}

/// The contract JSON for one application.
pub fn assemble(g: &mut Gen, p: &Persona, f: Filing) -> Value {
    let t = &TENANTS[f.tenant];
    let holder = f.form_name.clone().unwrap_or_else(|| p.name.full());
    let (place, addr) = f.claimed.clone().unwrap_or((p.place, p.addr.clone()));
    let (pcc, pcity, pregion, ptz) = {
        let pl = &g.geo.places[place];
        (pl.country, pl.city, pl.region, pl.tz)
    };
    let mut claimed = json!({ "country": pcc, "city": pcity });
    if !pregion.is_empty() {
        claimed["region"] = json!(pregion);
    }
    if !addr.postal.is_empty() && g.rng.u8(..10) < 7 {
        claimed["postal_code"] = json!(addr.postal);
    }
    let phones: Vec<String> = p
        .phones
        .iter()
        .map(|x| contact::format_phone(&mut g.rng, x))
        .collect();
    let mut cand = json!({ "full_name": holder, "emails": p.emails, "phones": phones, "claimed_location": claimed });
    let keep = |g: &mut Gen, base: u8| g.rng.u8(..10) < base + t.richness;
    if keep(g, 5) {
        cand["date_of_birth"] = json!(p.dob.to_string());
    }
    if keep(g, 6) {
        cand["timezone"] = json!(ptz);
    }
    if keep(g, 6) {
        cand["home_address"] = addr.json();
    }
    if g.rng.u8(..10) < 2 {
        contact::drop_key(&mut cand, "phones");
    }
    let prof = profiles(g, p);
    if !prof.is_empty() && keep(g, 6) {
        cand["profiles"] = json!(prof);
    }
    let mut position = json!({ "title": f.title, "remote": true });
    if let Some(s) = f.start {
        position["start_date"] = json!(s.to_string());
        position["end_date"] = Value::Null;
    }
    let mut app = json!({
        "tenant_id": t.id, "source": t.ats, "submitted_at": rfc(f.submitted),
        "position": position, "candidate": cand, "sessions": f.sessions,
    });
    if t.richness > 0 || g.rng.bool() {
        app["documents"] = json!(documents(g, p, &holder));
    }
    if let Some(pay) = f.payroll {
        app["payroll"] = pay;
    }
    if let Some(s) = f.shipping {
        app["shipping"] = s;
    }
    if !f.devices.is_empty() {
        app["devices"] = json!(f.devices);
    }
    app
}

pub use super::payout::{iban_pay, payroll_time, ship, us_bank, wallet_pay};
