//! An independent, labelled "field" corpus of remote-hire applications: fraud
//! rings built from the public case record (DOJ laptop-farm cases, identity
//! rental, payroll mules, VPN operators) and honest applicants whose ordinary
//! lives look superficially similar (travel, VPNs, shared IPs, foreign banks).
//! Designed at arm's length from the scoring rules; see README.md beside this file.

mod contact;
mod geo;
mod honest;
mod honest_more;
mod ids;
mod names;
mod netdata;
mod payout;
mod person;
mod resume;
mod rings;
mod rings_classic;
mod rings_more;
mod sessions;
mod sha256;
mod stream;
#[cfg(test)]
mod tests;
mod unique;
mod wallets;

use chrono::{Duration, NaiveDate};
use fastrand::Rng;
use serde_json::{json, Value};

use geo::Geo;
pub use stream::FieldStream;

pub struct FieldLabel {
    pub fraud: bool,
    pub kind: &'static str,
    pub ring: u32,
    pub person: u32,
    pub split_group: u64,
    pub name_origin: &'static str,
}

pub const FIELD_RING_KINDS: &[&str] = &[
    "vpn_operators",
    "laptop_farm",
    "careful",
    "identity_rental",
    "payroll_mule",
    "slow_spread",
];

pub const FIELD_HONEST_KINDS: &[&str] = &[
    "ordinary",
    "traveller",
    "duplicate_submission",
    "stablecoin_employer",
    "mobile_cgnat",
    "wise_payoneer",
    "household",
    "vpn_user",
    "corporate_proxy",
    "expat",
    "moved",
    "new_graduate",
    "international_bank",
];

/// Share of honest applications per honest kind (per mille, sums to 1000).
const HONEST_SHARE: &[(&str, u32)] = &[
    ("ordinary", 400),
    ("traveller", 55),
    ("duplicate_submission", 60),
    ("stablecoin_employer", 30),
    ("mobile_cgnat", 90),
    ("wise_payoneer", 50),
    ("household", 40),
    ("vpn_user", 50),
    ("corporate_proxy", 50),
    ("expat", 40),
    ("moved", 40),
    ("new_graduate", 55),
    ("international_bank", 40),
];

/// Rings per kind in a 20,000-application corpus (48 in all).
const RING_SHARE: &[(&str, usize)] = &[
    ("vpn_operators", 11),
    ("laptop_farm", 9),
    ("careful", 8),
    ("identity_rental", 6),
    ("payroll_mule", 7),
    ("slow_spread", 7),
];

pub struct Tenant {
    pub id: &'static str,
    pub ats: &'static str,
    pub idp: &'static str,
    pub mdm: &'static str,
    /// Pays contractors in a stablecoin ("USDC"/"USDT") rather than by bank.
    pub stablecoin: Option<&'static str>,
    /// How much the integration sends: 0 thin, 1 usual, 2 rich.
    pub richness: u8,
    pub weight: u32,
}

pub const TENANTS: &[Tenant] = &[
    Tenant {
        id: "northwind-health",
        ats: "greenhouse",
        idp: "okta",
        mdm: "jamf",
        stablecoin: None,
        richness: 2,
        weight: 12,
    },
    Tenant {
        id: "acme-robotics",
        ats: "lever",
        idp: "okta",
        mdm: "kandji",
        stablecoin: None,
        richness: 1,
        weight: 9,
    },
    Tenant {
        id: "bluefin-payments",
        ats: "workday",
        idp: "entra",
        mdm: "intune",
        stablecoin: None,
        richness: 2,
        weight: 11,
    },
    Tenant {
        id: "quarry-analytics",
        ats: "ashby",
        idp: "google",
        mdm: "jamf",
        stablecoin: None,
        richness: 1,
        weight: 7,
    },
    Tenant {
        id: "lattice-games",
        ats: "greenhouse",
        idp: "okta",
        mdm: "crowdstrike",
        stablecoin: None,
        richness: 0,
        weight: 8,
    },
    Tenant {
        id: "orbital-logistics",
        ats: "smartrecruiters",
        idp: "entra",
        mdm: "intune",
        stablecoin: None,
        richness: 1,
        weight: 9,
    },
    Tenant {
        id: "cobalt-bank",
        ats: "workday",
        idp: "entra",
        mdm: "crowdstrike",
        stablecoin: None,
        richness: 2,
        weight: 10,
    },
    Tenant {
        id: "meridian-ai",
        ats: "ashby",
        idp: "okta",
        mdm: "kandji",
        stablecoin: None,
        richness: 1,
        weight: 10,
    },
    Tenant {
        id: "tidewater-media",
        ats: "lever",
        idp: "google",
        mdm: "jamf",
        stablecoin: None,
        richness: 0,
        weight: 6,
    },
    Tenant {
        id: "ledgerline",
        ats: "ashby",
        idp: "google",
        mdm: "osquery",
        stablecoin: Some("USDC"),
        richness: 1,
        weight: 6,
    },
    Tenant {
        id: "polarchain-labs",
        ats: "lever",
        idp: "okta",
        mdm: "osquery",
        stablecoin: Some("USDT"),
        richness: 0,
        weight: 5,
    },
    Tenant {
        id: "harbor-insurance",
        ats: "greenhouse",
        idp: "okta",
        mdm: "intune",
        stablecoin: None,
        richness: 1,
        weight: 7,
    },
];

const TITLES: &[&str] = &[
    "Senior Backend Engineer",
    "Software Engineer II",
    "Full Stack Developer",
    "Senior Frontend Engineer",
    "Data Engineer",
    "Machine Learning Engineer",
    "Site Reliability Engineer",
    "DevOps Engineer",
    "Senior Rust Engineer",
    "Mobile Engineer (iOS)",
    "Android Developer",
    "Platform Engineer",
    "Smart Contract Engineer",
    "QA Automation Engineer",
    "Staff Software Engineer",
    "React Developer",
];

pub struct Gen {
    pub rng: Rng,
    pub geo: Geo,
    pub out: Vec<(Value, FieldLabel)>,
    next_person: u32,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::with_seed(seed),
            geo: Geo::load(),
            out: Vec::new(),
            next_person: 1000,
        }
    }

    pub fn person_id(&mut self) -> u32 {
        self.next_person += 1;
        self.next_person
    }

    pub fn tenant(&mut self) -> usize {
        let total: u32 = TENANTS.iter().map(|t| t.weight).sum();
        let mut r = self.rng.u32(..total);
        for (i, t) in TENANTS.iter().enumerate() {
            if r < t.weight {
                return i;
            }
            r -= t.weight;
        }
        0
    }

    pub fn title(&mut self) -> &'static str {
        TITLES[self.rng.usize(..TITLES.len())]
    }

    /// A submission day in 2026, leaving room for the hiring steps after it.
    pub fn day(&mut self) -> NaiveDate {
        geo::day(2026, 1, 2) + Duration::days(self.rng.i64(0..345))
    }

    pub fn push(&mut self, app: Value, label: FieldLabel) {
        self.out.push((app, label));
    }

    fn honest_count(&self) -> usize {
        self.out.iter().filter(|(_, l)| !l.fraud).count()
    }
}

/// `scale` ≈ total applications; deterministic for a (scale, seed).
pub fn field_corpus(scale: usize, seed: u64) -> Vec<(Value, FieldLabel)> {
    let mut g = Gen::new(seed ^ 0x6669_656c_6400);
    // Rings first: their size decides how many honest applications remain.
    let ratio = scale as f64 / 20_000.0;
    let mut ring_no = 0u32;
    for (kind, n) in RING_SHARE {
        let rings = ((*n as f64 * ratio).round() as usize).max(usize::from(scale >= 300));
        for _ in 0..rings {
            ring_no += 1;
            rings::make_ring(&mut g, kind, ring_no);
        }
    }
    let fraud = g.out.len();
    let honest_target = scale.saturating_sub(fraud);
    for (kind, share) in HONEST_SHARE {
        let goal = g.honest_count() + honest_target * *share as usize / 1000;
        while g.honest_count() < goal {
            honest::make_honest(&mut g, kind);
        }
    }
    while g.honest_count() < honest_target {
        honest::make_honest(&mut g, "ordinary");
    }
    finish(g.out)
}

/// Sort as a stream of submissions and number applications per tenant.
fn finish(mut out: Vec<(Value, FieldLabel)>) -> Vec<(Value, FieldLabel)> {
    unique::make_contacts_unique(&mut out);
    out.sort_by(|a, b| {
        let ka = a.0["submitted_at"].as_str().unwrap_or("");
        let kb = b.0["submitted_at"].as_str().unwrap_or("");
        ka.cmp(kb).then(a.1.person.cmp(&b.1.person))
    });
    let mut seq = vec![0u32; TENANTS.len()];
    for (app, _) in out.iter_mut() {
        let t = app["tenant_id"].as_str().unwrap_or("");
        let i = TENANTS.iter().position(|x| x.id == t).unwrap_or(0);
        seq[i] += 1;
        let prefix = &TENANTS[i].ats[..2];
        app["application_id"] = json!(format!("{prefix}-{:06}", 100_000 + seq[i] * 7 % 900_000));
    }
    out
}
