//! The hard-coded network facts of `netdata.rs`, parsed into places and
//! egress pools, plus the clock arithmetic every generator needs.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use fastrand::Rng;

use super::netdata::{CORPORATE_ROWS, MOBILE_ROWS, PLACE_ROWS, VPN_ROWS};

pub struct Isp {
    pub name: &'static str,
    pub blocks: Vec<&'static str>,
}

pub struct Place {
    pub key: &'static str,
    pub country: &'static str,
    pub region: &'static str,
    pub city: &'static str,
    pub tz: &'static str,
    pub postal: Vec<&'static str>,
    pub dial: Vec<&'static str>,
    pub isps: Vec<Isp>,
}

/// A shared exit: a VPN server, a mobile carrier's CGNAT pool or a company's gateway.
pub struct Egress {
    pub operator: &'static str,
    pub country: &'static str,
    pub city: &'static str,
    pub blocks: Vec<&'static str>,
}

pub struct Geo {
    pub places: Vec<Place>,
    pub vpn: Vec<Egress>,
    pub mobile: Vec<Egress>,
    pub corporate: Vec<Egress>,
}

fn list(s: &'static str) -> Vec<&'static str> {
    s.split(',').filter(|x| !x.is_empty()).collect()
}

fn egress(rows: &[&'static str], with_city: bool) -> Vec<Egress> {
    rows.iter()
        .map(|row| {
            let f: Vec<&'static str> = row.split('|').collect();
            let (city, blocks) = if with_city { (f[3], f[4]) } else { ("", f[3]) };
            Egress {
                operator: f[0],
                country: f[2],
                city,
                blocks: list(blocks),
            }
        })
        .collect()
}

impl Geo {
    pub fn load() -> Geo {
        let places = PLACE_ROWS
            .iter()
            .map(|row| {
                let f: Vec<&'static str> = row.split('|').collect();
                let isps = f[7]
                    .split(';')
                    .filter(|x| !x.is_empty())
                    .map(|i| {
                        let p: Vec<&'static str> = i.split(':').collect();
                        Isp {
                            name: p[0],
                            blocks: list(p[2]),
                        }
                    })
                    .collect();
                Place {
                    key: f[0],
                    country: f[1],
                    region: f[2],
                    city: f[3],
                    tz: f[4],
                    postal: list(f[5]),
                    dial: list(f[6]),
                    isps,
                }
            })
            .collect();
        Geo {
            places,
            vpn: egress(VPN_ROWS, true),
            mobile: egress(MOBILE_ROWS, false),
            corporate: egress(CORPORATE_ROWS, true),
        }
    }

    pub fn place(&self, key: &str) -> usize {
        self.places.iter().position(|p| p.key == key).unwrap_or(0)
    }

    pub fn in_country(&self, cc: &str) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].country == cc)
            .collect()
    }

    /// VPN exits in a country (any city when the country has none).
    pub fn vpn_in(&self, cc: &str, rng: &mut Rng) -> usize {
        let here: Vec<usize> = (0..self.vpn.len())
            .filter(|&i| self.vpn[i].country == cc)
            .collect();
        if here.is_empty() {
            rng.usize(..self.vpn.len())
        } else {
            here[rng.usize(..here.len())]
        }
    }

    /// VPN exits excluding the Apple/Cloudflare relays (rings buy commercial VPNs).
    pub fn commercial_vpn_in(&self, cc: &str, rng: &mut Rng) -> usize {
        let ok = |i: &usize| {
            let op = self.vpn[*i].operator;
            !op.starts_with("Akamai") && !op.starts_with("Cloudflare")
        };
        let here: Vec<usize> = (0..self.vpn.len())
            .filter(|i| ok(i) && self.vpn[*i].country == cc)
            .collect();
        let pool: Vec<usize> = if here.is_empty() {
            (0..self.vpn.len()).filter(ok).collect()
        } else {
            here
        };
        pool[rng.usize(..pool.len())]
    }
}

/// An address inside a block: "a.b.c" is a /24, a full address stays as it is.
pub fn ip_in(block: &str, host: u8) -> String {
    let parts = block.split('.').count();
    if parts == 4 {
        if let Some(base) = block.strip_suffix(".0") {
            return format!("{base}.{}", host.max(1));
        }
        return block.to_string();
    }
    format!("{block}.{}", host.clamp(2, 254))
}

pub fn pick_ip(blocks: &[&str], rng: &mut Rng) -> String {
    let b = blocks[rng.usize(..blocks.len())];
    ip_in(b, rng.u8(2..=254))
}

/// A home line: one ISP, one address that stays for months.
pub fn home_ip(place: &Place, rng: &mut Rng) -> String {
    let isp = &place.isps[rng.usize(..place.isps.len())];
    pick_ip(&isp.blocks, rng)
}

/// Carrier-grade NAT: a handful of public addresses per pool, shared by everyone.
pub fn cgnat_ip(e: &Egress, rng: &mut Rng) -> String {
    let b = e.blocks[rng.usize(..e.blocks.len())];
    ip_in(b, 10 + rng.u8(..6) * 7)
}

pub fn tz(name: &str) -> Tz {
    name.parse::<Tz>().unwrap_or(chrono_tz::UTC)
}

/// The UTC instant of a local wall-clock time in a zone.
pub fn at_local(day: NaiveDate, hour: u32, minute: u32, zone: &str) -> DateTime<Utc> {
    let naive = day
        .and_hms_opt(hour % 24, minute % 60, 0)
        .unwrap_or_default();
    match tz(zone).from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&naive) + Duration::hours(1),
    }
}

pub fn rfc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}
