//! Contract-shaped applications in bulk, for benchmarks: every field of the
//! contract filled, sessions from addresses spread over the whole IPv4 space
//! (and some IPv6), so lookups hit the databases as real traffic would.
//!
//! Most applicants claim the country their address is in (the caller says
//! where that is), as most real applicants do; one in ten claims elsewhere.
//!
//! Most applicants claim the country their address is in (the caller says
//! where that is), as most real applicants do; one in ten claims elsewhere.

use std::fmt::Write as _;

const CITIES: &[(&str, &str, &str, &str)] = &[
    ("US", "CA", "San Francisco", "America/Los_Angeles"),
    ("US", "NY", "New York", "America/New_York"),
    ("US", "TX", "Austin", "America/Chicago"),
    ("US", "WA", "Seattle", "America/Los_Angeles"),
    ("GB", "ENG", "London", "Europe/London"),
    ("DE", "BE", "Berlin", "Europe/Berlin"),
    ("CA", "ON", "Toronto", "America/Toronto"),
];
const ZONES: &[&str] = &[
    "America/Los_Angeles",
    "America/New_York",
    "Asia/Shanghai",
    "Europe/Berlin",
    "UTC",
];

/// Writes synthetic applications as JSON lines, deterministically for a seed.
#[derive(Debug)]
pub struct Synth {
    rng: fastrand::Rng,
    next: u64,
}

impl Synth {
    /// A generator; the same seed gives the same applications.
    pub fn new(seed: u64) -> Synth {
        Synth {
            rng: fastrand::Rng::with_seed(seed),
            next: 0,
        }
    }

    fn ip(&mut self) -> String {
        if self.rng.u8(..10) == 0 {
            let s: [u16; 4] = [
                0x2000 | self.rng.u16(..0x1fff),
                self.rng.u16(..),
                self.rng.u16(..),
                self.rng.u16(..),
            ];
            format!(
                "{:x}:{:x}:{:x}:{:x}::{:x}",
                s[0],
                s[1],
                s[2],
                s[3],
                self.rng.u16(1..)
            )
        } else {
            // Shared addresses now and then, so the link index has work to do.
            let pool = self.rng.u32(..);
            let ip = if pool.is_multiple_of(50) {
                pool % 4096 + 0x4a00_0000
            } else {
                self.rng.u32(0x0100_0000..0xdf00_0000)
            };
            std::net::Ipv4Addr::from(ip).to_string()
        }
    }

    /// A résumé of 80 words drawn from a small vocabulary: unique, but not random noise.
    fn resume(&mut self) -> String {
        crate::words::resume(&mut self.rng, 80)
    }

    /// Append the next application, as one JSON line with its newline, to `out`.
    /// `locate` gives the country an address is in, when known.
    pub fn write_next(&mut self, out: &mut String, locate: &dyn Fn(&str) -> Option<String>) {
        self.next += 1;
        let id = self.next;
        let ip1 = self.ip();
        let ip2 = if self.rng.u8(..5) == 0 {
            self.ip()
        } else {
            ip1.clone()
        };
        let honest = self.rng.u8(..10) != 0;
        let (country, region, city, zone): (String, &str, &str, &str) = match locate(&ip1) {
            Some(cc) if honest => match CITIES.iter().find(|c| c.0 == cc) {
                Some(c) => (c.0.to_owned(), c.1, c.2, c.3),
                None => (cc, "", "", "UTC"),
            },
            _ => {
                let c = CITIES[self.rng.usize(..CITIES.len())];
                (c.0.to_owned(), c.1, c.2, c.3)
            }
        };
        let browser_zone = if self.rng.u8(..8) == 0 {
            ZONES[self.rng.usize(..ZONES.len())]
        } else {
            zone
        };
        let day = 1 + self.rng.u8(..28);
        let farm = self.rng.u8(..200) == 0;
        let farm_slot = self.rng.u64(..500);
        let hour = self.rng.u8(..24);
        let _ = write!(
            out,
            concat!(
                r#"{{"application_id":"bench-{id:08}","tenant_id":"tenant-{tenant}","source":"greenhouse","#,
                r#""submitted_at":"2026-03-{day:02}T{hour:02}:22:11Z","position":{{"title":"Senior Rust Engineer","remote":true}},"#,
                r#""candidate":{{"full_name":"Candidate {id} Example","emails":["candidate{id}@example.com"],"#,
                r#""phones":[{phone}],"date_of_birth":"1990-07-14","#,
                r#""claimed_location":{{"country":"{country}","region":"{region}","city":"{city}","postal_code":"94103"}},"#,
                r#""timezone":"{zone}","home_address":{{"line1":"{street} Market St","line2":"Apt {unit}","city":"{city}","#,
                r#""region":"{region}","postal_code":"94103","country":"{country}"}},"#,
                r#""profiles":[{{"kind":"github","url":"https://github.com/cand{id}","created_at":"2024-11-02"}}]}},"#,
                r#""documents":[{{"kind":"passport","number":"X{doc:08}","issuing_country":"{country}","#,
                r#""holder_name":"Candidate {id} Example","date_of_birth":"1990-07-14","expires_on":"2031-01-01","#,
                r#""sha256":"{sha256:064x}","phash":"{phash:016x}"}},"#,
                r#"{{"kind":"resume","text":"{resume}"}}],"#,
                r#""sessions":[{{"at":"2026-03-{day:02}T{hour:02}:20:02Z","kind":"apply","ip":"{ip1}","#,
                r#""user_agent":"Mozilla/5.0 (X11; Linux x86_64)","browser_timezone":"{bzone}","accept_language":"en-US,en;q=0.9"}},"#,
                r#"{{"at":"2026-03-{day:02}T{hour2:02}:40:00Z","kind":"interview","ip":"{ip2}","#,
                r#""user_agent":"Mozilla/5.0 (X11; Linux x86_64)","browser_timezone":"{bzone}","accept_language":"en-US,en;q=0.9"}}],"#,
                r#""payroll":{{"method":"bank_transfer","account_holder":"Candidate {id} Example","bank_country":"{country}","#,
                r#""routing_number":"121000358","account_number":"{account:012}","updated_at":"2026-03-16T09:00:00Z"}},"#,
                r#""shipping":{{"recipient":"Candidate {id} Example","address":{{"line1":"{ship_street} Market St","line2":"Apt {ship_unit}","#,
                r#""city":"{city}","region":"{region}","postal_code":"94103","country":"{country}"}},"requested_at":"2026-03-18T10:00:00Z"}}}}"#,
                "\n"
            ),
            id = id,
            tenant = id % 7,
            day = day,
            hour = hour,
            hour2 = (hour + 1) % 24,
            // A phone of the claimed country, where the generator knows its numbering.
            phone = match country.as_str() {
                "GB" => format!("\"+4420{:08}\"", 70_000_000 + id % 9_000_000),
                "DE" => format!("\"+4930{:08}\"", 20_000_000 + id % 9_000_000),
                "CA" => format!("\"+1416{:07}\"", 2_000_000 + id % 8_000_000),
                "US" => format!("\"+1415{:07}\"", 2_000_000 + id % 8_000_000),
                _ => String::new(),
            },
            country = country,
            region = region,
            city = city,
            zone = zone,
            bzone = browser_zone,
            street = 100 + id % 9_973,
            unit = id / 9_973,
            // One in 200 ships to one of 500 farm addresses and is paid into one of 500 accounts.
            ship_street = if farm {
                20_000 + farm_slot
            } else {
                100 + id % 9_973
            },
            ship_unit = if farm { 1 } else { id / 9_973 },
            doc = id,
            account = if farm {
                900_000_000 + farm_slot
            } else {
                id * 7
            },
            sha256 = u128::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835),
            phash = self.rng.u64(..),
            resume = self.resume(),
            ip1 = ip1,
            ip2 = ip2,
        );
    }
}
