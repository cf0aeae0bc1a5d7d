//! A labelled synthetic corpus: rings of several kinds and honest look-alikes,
//! on the fixture places, to measure precision and recall of the scores.

use crate::money::{self, Street};
use crate::places::{place, Place, PLACES};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

/// What an application in the corpus really is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The kind, e.g. `ring_vpn` or `honest_traveller`.
    pub kind: &'static str,
    /// Whether it is the fraud pattern.
    pub fraud: bool,
    /// The ring it belongs to (members of one ring share it); 0 when it is in none.
    pub ring: u32,
    /// The applications generated together (a ring, a household, one person's
    /// two submissions): the unit of the development/test split.
    pub group: u32,
}

/// Kinds of fraudulent application.
pub const FRAUD_KINDS: &[&str] = &[
    "ring_vpn",
    "ring_direct",
    "ring_farm",
    "ring_proxy",
    "ring_identity",
    "ring_quiet_farm",
    "ring_payroll",
    "sanctioned",
    "hire_remote_control",
    "hire_shared_laptop",
    "hire_concurrent",
];
/// Kinds of honest look-alike.
pub const HONEST_KINDS: &[&str] = &[
    "honest_local",
    "honest_vpn",
    "honest_traveller",
    "honest_household",
    "honest_contractor_abroad",
    "honest_mobile",
    "honest_coworking",
    "honest_reapplicant",
    "honest_couple",
    "honest_ships_elsewhere",
    "honest_expat_payee",
    "honest_nomad",
    "honest_neighbours",
    "honest_namesake",
    "honest_it_laptop",
    "honest_reissued_laptop",
    "honest_job_changer",
];

/// Home, payroll and shipping of one application, when a kind sets its own.
#[derive(Debug, Clone)]
struct Money {
    home: Value,
    payroll: Value,
    shipping: Value,
}

/// Identity attributes of one application: documents, e-mails, phones, date of birth.
#[derive(Debug, Clone)]
struct Papers {
    documents: Value,
    emails: Vec<String>,
    phones: Vec<String>,
    date_of_birth: String,
}

const FIRST: &[&str] = &[
    "Jordan", "Maria", "Wei", "Aisha", "Liam", "Sofia", "Hiroshi", "Olga", "Kwame", "Priya",
    "Mateo", "Hana", "Dmitri", "Fatima", "Noah", "Min-jun", "Chloe", "Ivan", "Lucia", "Tariq",
    "Emma", "Jae", "Carlos", "Anya",
];
const LAST: &[&str] = &[
    "Miller", "Garcia", "Chen", "Okafor", "Nguyen", "Kim", "Petrov", "Singh", "Rossi", "Haddad",
    "Smith", "Tanaka", "Kowalski", "Mensah", "Lopez", "Park", "Ivanova", "Brown", "Silva", "Ahmed",
    "Lee", "Novak",
];

/// US homes honest candidates and ring claims use: (place key, region code, zone).
const US_HOMES: &[(&str, &str, &str)] = &[
    ("us-sf", "CA", "America/Los_Angeles"),
    ("us-oakland", "CA", "America/Los_Angeles"),
    ("us-seattle", "WA", "America/Los_Angeles"),
    ("us-nyc", "NY", "America/New_York"),
    ("us-austin", "TX", "America/Chicago"),
    ("us-phoenix", "AZ", "America/Phoenix"),
];

mod payroll_kinds;
mod sanctions_kinds;

struct Gen {
    rng: fastrand::Rng,
    next_id: u32,
    out: Vec<(Value, Label)>,
    /// Money for the next application pushed, instead of the ordinary kind.
    money: Option<Money>,
    /// Laptop observations (`devices`) for the next application pushed.
    devices: Option<Value>,
    /// `position.end_date` for the next application pushed.
    end_date: Option<NaiveDate>,
    /// The ring being generated (0: none), and the last one used.
    ring: u32,
    rings: u32,
    /// The generator call under way (see [`Label::group`]).
    group: u32,
}

/// A corpus of about `per_kind` applications of every kind, the same for the same seed.
pub fn corpus(per_kind: usize, seed: u64) -> Vec<(Value, Label)> {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
        next_id: 0,
        out: Vec::new(),
        money: None,
        devices: None,
        end_date: None,
        ring: 0,
        rings: 0,
        group: 0,
    };
    for _ in 0..per_kind {
        g.unit(Gen::ring_vpn);
        g.unit(Gen::ring_direct);
        g.unit(Gen::ring_proxy);
        g.unit(Gen::honest_local);
        g.unit(Gen::honest_vpn);
        g.unit(Gen::honest_traveller);
        g.unit(Gen::honest_contractor_abroad);
        g.unit(Gen::honest_mobile);
        g.unit(Gen::honest_ships_elsewhere);
        g.unit(Gen::honest_expat_payee);
        g.unit(Gen::honest_nomad);
    }
    // Group kinds come in groups of several applications.
    for _ in 0..per_kind.div_ceil(5) {
        g.unit(Gen::ring_farm);
        g.unit(Gen::honest_coworking);
    }
    for _ in 0..per_kind.div_ceil(2) {
        g.unit(Gen::honest_household);
        g.unit(Gen::honest_reapplicant);
        g.unit(Gen::honest_couple);
    }
    for _ in 0..per_kind.div_ceil(4) {
        g.unit(Gen::ring_identity);
        g.unit(Gen::ring_payroll);
    }
    for _ in 0..per_kind.div_ceil(12) {
        g.unit(Gen::ring_quiet_farm);
    }
    for _ in 0..per_kind.div_ceil(2) {
        g.unit(Gen::honest_neighbours);
    }
    // Last, so that the kinds above keep their random streams.
    for _ in 0..per_kind {
        g.unit(Gen::sanctioned);
        g.unit(Gen::honest_namesake);
    }
    // After the hire; last again, for the same reason.
    for _ in 0..per_kind.div_ceil(2) {
        g.unit(Gen::hire_remote_control);
        g.unit(Gen::honest_it_laptop);
    }
    // Across hires, in pairs; last again.
    for _ in 0..per_kind.div_ceil(4) {
        g.unit(Gen::hire_shared_laptop);
        g.unit(Gen::hire_concurrent);
        g.unit(Gen::honest_reissued_laptop);
        g.unit(Gen::honest_job_changer);
    }

    g.out
}

impl Gen {
    /// One generator call: its applications form one group.
    fn unit(&mut self, generate: fn(&mut Gen)) {
        self.group += 1;
        generate(self);
    }

    /// Start a ring: the applications pushed until [`Gen::end_ring`] belong to it.
    fn begin_ring(&mut self) {
        self.rings += 1;
        self.ring = self.rings;
    }

    fn end_ring(&mut self) {
        self.ring = 0;
    }

    fn name(&mut self) -> String {
        let first = FIRST[self.rng.usize(..FIRST.len())];
        let last = LAST[self.rng.usize(..LAST.len())];
        format!("{first} {last}")
    }

    fn day(&mut self) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default()
            + Duration::days(self.rng.i64(0..300))
    }

    /// A moment on `day` at a local hour in `zone`.
    fn at(&mut self, day: NaiveDate, zone: &str, hours: std::ops::Range<u32>) -> DateTime<Utc> {
        let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
        let hour = self.rng.u32(hours);
        let minute = self.rng.u32(0..60);
        let naive = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
        tz.from_local_datetime(&naive)
            .earliest()
            .map_or(naive.and_utc(), |t| t.with_timezone(&Utc))
    }

    fn host(&mut self, place: &Place) -> String {
        // Tor exits are listed one by one: use the listed relays.
        let n = if place.key == "tor-exit" {
            self.rng.u32(0..8)
        } else {
            self.rng.u32(1..60_000)
        };
        place.host(n).to_string()
    }

    fn session(&mut self, kind: &str, at: DateTime<Utc>, ip: String, browser_tz: &str) -> Value {
        json!({
            "at": at.to_rfc3339(), "kind": kind, "ip": ip,
            "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            "browser_timezone": browser_tz, "accept_language": "en-US,en;q=0.9"
        })
    }

    /// Unique papers: a valid SSN, a résumé, a photo, an e-mail and a phone of one's own.
    fn papers(&mut self, name: &str) -> Papers {
        let ssn = format!(
            "{:03}-{:02}-{:04}",
            self.rng.u32(1..666),
            self.rng.u32(1..100),
            self.rng.u32(1..10_000)
        );
        let resume = crate::words::resume(&mut self.rng, 60);
        let handle = name.to_lowercase().replace(' ', ".");
        Papers {
            documents: json!([
                { "kind": "ssn", "number": ssn },
                { "kind": "resume", "text": format!("{name}\n{resume}") },
                { "kind": "photo", "phash": format!("{:016x}", self.rng.u64(..)) }
            ]),
            emails: vec![format!("{handle}.{}@example.com", self.next_id + 1)],
            phones: vec![format!("+1415{:07}", 2_000_000 + self.next_id + 1)],
            date_of_birth: format!(
                "19{:02}-{:02}-{:02}",
                self.rng.u32(60..100),
                self.rng.u32(1..13),
                self.rng.u32(1..29)
            ),
        }
    }

    fn push(
        &mut self,
        label: &'static str,
        fraud: bool,
        name: String,
        claim: (&str, &str, &str, &str),
        sessions: Vec<Value>,
    ) {
        let papers = self.papers(&name);
        self.push_with(label, fraud, name, claim, sessions, papers);
    }

    fn push_with(
        &mut self,
        label: &'static str,
        fraud: bool,
        name: String,
        claim: (&str, &str, &str, &str),
        sessions: Vec<Value>,
        papers: Papers,
    ) {
        self.next_id += 1;
        let (country, region, city, zone) = claim;
        let tenant = ["acme", "globex", "initech"][self.next_id as usize % 3];
        let start = start_after(&sessions);
        let money = match self.money.take() {
            Some(money) => money,
            None => {
                let street = Street::random(&mut self.rng);
                let home = home_address(country, region, city, &street);
                self.ordinary_money(&name, country, home, start)
            }
        };
        let app = json!({
            "application_id": format!("corpus-{:05}", self.next_id),
            "tenant_id": tenant,
            "source": "corpus",
            "candidate": {
                "full_name": name,
                "emails": papers.emails,
                "phones": papers.phones,
                "date_of_birth": papers.date_of_birth,
                "claimed_location": { "country": country, "region": region, "city": city },
                "timezone": zone
            },
            "documents": papers.documents,
            "sessions": sessions,
            "position": { "title": "Software Engineer", "remote": true, "start_date": start.to_string() },
            "payroll": money.payroll,
            "shipping": money.shipping
        });
        let mut app = app;
        app["candidate"]["home_address"] = money.home;
        if let Some(devices) = self.devices.take() {
            app["devices"] = devices;
        }
        if let Some(end) = self.end_date.take() {
            app["position"]["end_date"] = json!(end.to_string());
        }
        self.out.push((
            app,
            Label {
                kind: label,
                fraud,
                ring: self.ring,
                group: self.group,
            },
        ));
    }

    /// Paid into one's own account at home, the laptop shipped home ten days ahead.
    fn ordinary_money(
        &mut self,
        name: &str,
        country: &str,
        home: Value,
        start: NaiveDate,
    ) -> Money {
        let payroll = match country {
            "US" => json!({
                "method": "bank_transfer", "account_holder": name, "bank_country": "US",
                "routing_number": money::routing_number(&mut self.rng),
                "account_number": money::account_number(&mut self.rng),
                "updated_at": format!("{start}T09:00:00Z")
            }),
            "DE" | "FR" => json!({
                "method": "bank_transfer", "account_holder": name, "bank_country": country,
                "iban": money::iban(&mut self.rng, country), "updated_at": format!("{start}T09:00:00Z")
            }),
            _ => json!({
                "method": "bank_transfer", "account_holder": name, "bank_country": country,
                "swift_bic": "BOFAUS3N", "account_number": money::account_number(&mut self.rng)
            }),
        };
        let shipping = json!({
            "recipient": name, "address": home.clone(),
            "requested_at": format!("{}T15:00:00Z", start - Duration::days(10))
        });
        Money {
            home,
            payroll,
            shipping,
        }
    }

    fn us_home(&mut self) -> (&'static Place, &'static str, &'static str) {
        let (key, region, zone) = US_HOMES[self.rng.usize(..US_HOMES.len())];
        (place(key), region, zone)
    }

    fn ring_vpn(&mut self) {
        let (home, region, zone) = self.us_home();
        let day = self.day();
        let exits = [
            "vpn-mullvad-us",
            "vpn-astrill-us",
            "vpn-nord-jp",
            "vpn-mullvad-se",
        ];
        let mut sessions = Vec::new();
        for (i, kind) in ["apply", "assessment", "interview", "onboarding"]
            .iter()
            .enumerate()
            .take(self.rng.usize(2..5))
        {
            let exit = place(exits[self.rng.usize(..exits.len())]);
            let at = self.at(day + Duration::days(i as i64 * 3), "Asia/Shanghai", 9..18);
            let ip = self.host(exit);
            sessions.push(self.session(kind, at, ip, "Asia/Shanghai"));
        }
        let name = self.name();
        self.push(
            "ring_vpn",
            true,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    fn ring_direct(&mut self) {
        let (home, region, zone) = self.us_home();
        let day = self.day();
        let origins = [
            "cn-shenyang",
            "cn-dandong",
            "ru-vladivostok",
            "la-vientiane",
            "cn-shanghai",
        ];
        let origin = place(origins[self.rng.usize(..origins.len())]);
        let mut sessions = Vec::new();
        for (i, kind) in ["apply", "assessment", "interview"]
            .iter()
            .enumerate()
            .take(self.rng.usize(2..4))
        {
            let at = self.at(day + Duration::days(i as i64 * 2), origin.tz, 9..18);
            let ip = if self.rng.bool() {
                self.host(origin)
            } else {
                self.host(place("vpn-astrill-us"))
            };
            sessions.push(self.session(kind, at, ip, origin.tz));
        }
        let name = self.name();
        self.push(
            "ring_direct",
            true,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    fn ring_proxy(&mut self) {
        let (home, region, zone) = self.us_home();
        let day = self.day();
        let mut sessions = Vec::new();
        for (i, kind) in ["apply", "interview", "login"].iter().enumerate() {
            let via = place(if i == 1 { "tor-exit" } else { "resproxy-us" });
            let at = self.at(day + Duration::days(i as i64), "Asia/Vladivostok", 9..18);
            let ip = self.host(via);
            sessions.push(self.session(kind, at, ip, "Asia/Vladivostok"));
        }
        let name = self.name();
        self.push(
            "ring_proxy",
            true,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    /// A laptop farm: several identities whose company laptops sit at one US house.
    fn ring_farm(&mut self) {
        let farm = place("us-nashville");
        let farm_ip = self.host(farm);
        self.begin_ring();
        let members = self.rng.usize(4..7);
        let unit = self.rng.u32(1..30);
        let farm_street = Street::random(&mut self.rng).with_unit(unit);
        let accounts = self.farm_accounts();
        for member in 0..members {
            let (home, region, zone) = self.us_home();
            let day = self.day();
            let exit = place(["vpn-astrill-us", "vpn-mullvad-us"][self.rng.usize(..2)]);
            let apply_at = self.at(day, "Asia/Shanghai", 9..18);
            let apply_ip = self.host(exit);
            let mut sessions = vec![self.session("apply", apply_at, apply_ip, "Asia/Shanghai")];
            for i in 1..3 {
                // Remote-controlled from abroad: the laptop is in Nashville, the hours are Asian daytime.
                let at = self.at(day + Duration::days(20 + i), "Asia/Shanghai", 9..18);
                sessions.push(self.session("login", at, farm_ip.clone(), "America/Chicago"));
            }
            let name = self.name();
            let street = Street::random(&mut self.rng);
            let address = home_address("US", region, home.city, &street);
            let start = start_after(&sessions);
            self.money =
                Some(self.farm_money(&name, address, &farm_street, &accounts, member, start));
            self.push(
                "ring_farm",
                true,
                name,
                ("US", region, home.city, zone),
                sessions,
            );
        }
        self.end_ring();
    }

    fn home_sessions(&mut self, home: &Place, zone: &str, count: usize) -> Vec<Value> {
        let day = self.day();
        self.home_sessions_on(home, zone, count, day)
    }

    /// [`Gen::home_sessions`] from `day`.
    fn home_sessions_on(
        &mut self,
        home: &Place,
        zone: &str,
        count: usize,
        day: NaiveDate,
    ) -> Vec<Value> {
        let ip = self.host(home);
        (0..count)
            .map(|i| {
                let at = self.at(day + Duration::days(i as i64 * 2), zone, 8..20);
                self.session(
                    ["apply", "assessment", "interview", "onboarding"][i % 4],
                    at,
                    ip.clone(),
                    zone,
                )
            })
            .collect()
    }

    /// Weekly check-ins of one company laptop after the start, from `ip`, on `zone`'s clock.
    fn laptop(
        &mut self,
        from: NaiveDate,
        ip: &str,
        zone: &str,
        usb: Value,
        software: Value,
    ) -> Value {
        let serial = format!("C02{:08X}", self.rng.u32(..));
        self.laptop_with(from, &serial, ip, zone, usb, software)
    }

    /// [`Gen::laptop`] with a given serial, checking in weekly from `from`.
    fn laptop_with(
        &mut self,
        from: NaiveDate,
        serial: &str,
        ip: &str,
        zone: &str,
        usb: Value,
        software: Value,
    ) -> Value {
        let observations: Vec<Value> = (0..3)
            .map(|week| {
                let at = self.at(from + Duration::days(1 + week * 7), "UTC", 13..20);
                json!({ "device_id": serial, "serial": serial, "source": "osquery",
                        "observed_at": at, "public_ip": ip, "timezone": zone,
                        "usb_devices": usb, "software": software })
            })
            .collect();
        Value::Array(observations)
    }

    /// A hire whose application looks local, and whose laptop is worked from
    /// elsewhere: an IP-KVM on it, or a remote-access tool running while the
    /// laptop keeps Asian time (the DOJ laptop-farm cases, Mandiant UNC5267).
    fn hire_remote_control(&mut self) {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(2..4);
        let sessions = self.home_sessions(home, zone, count);
        let ip = self.host(home);
        let desk = json!([{ "vendor_id": "046d", "model_id": "c52b", "model": "USB Receiver" }]);
        let kvm = [
            json!({ "vendor_id": "1d6b", "model_id": "0104", "model": "Multifunction Composite Gadget" }),
            json!({ "vendor_id": "046d", "model_id": "c52b", "model": "USB Receiver",
                    "interfaces": ["03", "03", "08"] }),
            json!({ "vendor_id": "14dd", "model_id": "1007" }),
        ][self.rng.usize(..3)]
        .clone();
        let tool = [
            ("AnyDesk.exe", r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe"),
            ("rustdesk.exe", r"C:\Program Files\RustDesk\rustdesk.exe"),
            (
                "remoting_host.exe",
                r"C:\Program Files (x86)\Google\Chrome Remote Desktop\CurrentVersion\remoting_host.exe",
            ),
        ][self.rng.usize(..3)];
        let process = json!({ "name": tool.0, "path": tool.1, "kind": "process" });
        let devices = if self.rng.bool() {
            self.laptop(
                start_after(&sessions),
                &ip,
                zone,
                json!([desk[0].clone(), kvm]),
                json!([]),
            )
        } else {
            self.laptop(
                start_after(&sessions),
                &ip,
                "Asia/Shanghai",
                desk,
                json!([process]),
            )
        };
        self.devices = Some(devices);
        let name = self.name();
        self.push(
            "hire_remote_control",
            true,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    /// A hire whose laptop carries what honest laptops carry: a receiver, a
    /// security key, a dock, a webcam, sometimes a developer's board; meetings,
    /// chat, an SSH client; sometimes a remote-access tool installed and unused.
    fn honest_it_laptop(&mut self) {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(2..4);
        let sessions = self.home_sessions(home, zone, count);
        let ip = self.host(home);
        let mut usb = vec![
            json!({ "vendor_id": "046d", "model_id": "c52b", "model": "USB Receiver" }),
            json!({ "vendor_id": "1050", "model_id": "0407", "model": "YubiKey OTP+FIDO+CCID",
                    "interfaces": ["03", "03", "0b"] }),
            json!({ "vendor_id": "17e9", "model_id": "6006", "model": "USB Dock" }),
        ];
        if self.rng.u8(..4) == 0 {
            usb.push(
                json!({ "vendor_id": "2e8a", "model_id": "000a", "model": "Pico",
                             "interfaces": ["02", "0a", "08", "03", "01"] }),
            );
        }
        let mut software = vec![
            json!({ "name": "zoom.us", "path": "/Applications/zoom.us.app", "kind": "app" }),
            json!({ "name": "Slack", "path": "/Applications/Slack.app", "kind": "app" }),
            json!({ "name": "putty.exe", "path": r"C:\Program Files\PuTTY\putty.exe", "kind": "process" }),
        ];
        if self.rng.u8(..4) == 0 {
            software.push(
                json!({ "name": "AnyDesk", "path": "/Applications/AnyDesk.app", "kind": "app" }),
            );
        }
        self.devices = Some(self.laptop(
            start_after(&sessions),
            &ip,
            zone,
            Value::Array(usb),
            Value::Array(software),
        ));
        let name = self.name();
        self.push(
            "honest_it_laptop",
            false,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    /// An ordinary desk: a receiver, and meetings and chat.
    fn ordinary_laptop(&mut self, from: NaiveDate, serial: &str, ip: &str, zone: &str) -> Value {
        let usb = json!([{ "vendor_id": "046d", "model_id": "c52b", "model": "USB Receiver" }]);
        let software = json!([
            { "name": "zoom.us", "path": "/Applications/zoom.us.app", "kind": "app" },
            { "name": "Slack", "path": "/Applications/Slack.app", "kind": "app" }
        ]);
        self.laptop_with(from, serial, ip, zone, usb, software)
    }

    /// Home sessions from a day after `after` (and so a start after it).
    fn sessions_after(&mut self, home: &Place, zone: &str, after: Option<NaiveDate>) -> Vec<Value> {
        match after {
            Some(end) => {
                let day = end + Duration::days(self.rng.i64(7..60));
                self.home_sessions_on(home, zone, 3, day)
            }
            None => self.home_sessions(home, zone, 3),
        }
    }

    /// Two identities, two employers, one company laptop at once: a
    /// facilitator's farm passing one machine between its hires (DOJ Chapman).
    fn hire_shared_laptop(&mut self) {
        let serial = format!("C02{:08X}", self.rng.u32(..));
        let day = self.day();
        self.begin_ring();
        for _ in 0..2 {
            let (home, region, zone) = self.us_home();
            let near = day + Duration::days(self.rng.i64(0..10));
            let sessions = self.home_sessions_on(home, zone, 3, near);
            let ip = self.host(home);
            self.devices = Some(self.ordinary_laptop(start_after(&sessions), &serial, &ip, zone));
            let name = self.name();
            self.push(
                "hire_shared_laptop",
                true,
                name,
                ("US", region, home.city, zone),
                sessions,
            );
        }
        self.end_ring();
    }

    /// One identity hired by two employers over the same months, each
    /// laptop at home (DOJ 2025: one identity in many jobs).
    fn hire_concurrent(&mut self) {
        let (home, region, zone) = self.us_home();
        let name = self.name();
        let papers = self.papers(&name);
        let day = self.day();
        self.begin_ring();
        for _ in 0..2 {
            let near = day + Duration::days(self.rng.i64(0..10));
            let sessions = self.home_sessions_on(home, zone, 3, near);
            let ip = self.host(home);
            let serial = format!("C02{:08X}", self.rng.u32(..));
            self.devices = Some(self.ordinary_laptop(start_after(&sessions), &serial, &ip, zone));
            self.push_with(
                "hire_concurrent",
                true,
                name.clone(),
                ("US", region, home.city, zone),
                sessions,
                papers.clone(),
            );
        }
        self.end_ring();
    }

    /// A laptop re-issued: its first holder left before the next one started.
    fn honest_reissued_laptop(&mut self) {
        let serial = format!("C02{:08X}", self.rng.u32(..));
        let mut left = None;
        for _ in 0..2 {
            let (home, region, zone) = self.us_home();
            let sessions = self.sessions_after(home, zone, left);
            let ip = self.host(home);
            self.devices = Some(self.ordinary_laptop(start_after(&sessions), &serial, &ip, zone));
            if left.is_none() {
                // The first holder worked three weeks and left.
                let end = start_after(&sessions) + Duration::days(21);
                self.end_date = Some(end);
                left = Some(end);
            }
            let name = self.name();
            self.push(
                "honest_reissued_laptop",
                false,
                name,
                ("US", region, home.city, zone),
                sessions,
            );
        }
    }

    /// One person, one job after another at two employers.
    fn honest_job_changer(&mut self) {
        let (home, region, zone) = self.us_home();
        let name = self.name();
        let papers = self.papers(&name);
        let mut left = None;
        for _ in 0..2 {
            let sessions = self.sessions_after(home, zone, left);
            let ip = self.host(home);
            let serial = format!("C02{:08X}", self.rng.u32(..));
            self.devices = Some(self.ordinary_laptop(start_after(&sessions), &serial, &ip, zone));
            if left.is_none() {
                let end = start_after(&sessions) + Duration::days(21);
                self.end_date = Some(end);
                left = Some(end);
            }
            self.push_with(
                "honest_job_changer",
                false,
                name.clone(),
                ("US", region, home.city, zone),
                sessions,
                papers.clone(),
            );
        }
    }

    fn honest_local(&mut self) {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(1..5);
        let sessions = self.home_sessions(home, zone, count);
        let name = self.name();
        self.push(
            "honest_local",
            false,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    fn honest_vpn(&mut self) {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(1..4);
        let mut sessions = self.home_sessions(home, zone, count);
        let exit = place(["vpn-mullvad-us", "vpn-mullvad-se", "vpn-nord-jp"][self.rng.usize(..3)]);
        let day = self.day();
        let at = self.at(day, zone, 8..20);
        let ip = self.host(exit);
        sessions.push(self.session("assessment", at, ip, zone));
        let name = self.name();
        self.push(
            "honest_vpn",
            false,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    fn honest_traveller(&mut self) {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(2..4);
        let mut sessions = self.home_sessions(home, zone, count);
        let abroad = place(["fr-paris", "jp-tokyo", "mx-cdmx", "de-berlin"][self.rng.usize(..4)]);
        let day = self.day();
        let at = self.at(day, abroad.tz, 8..20);
        let ip = self.host(abroad);
        sessions.push(self.session("interview", at, ip, abroad.tz));
        let name = self.name();
        self.push(
            "honest_traveller",
            false,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    fn honest_household(&mut self) {
        let (home, region, zone) = self.us_home();
        let day = self.day();
        let ip = self.host(home);
        for _ in 0..2 {
            let sessions = (0..2)
                .map(|i| {
                    let at = self.at(day + Duration::days(i), zone, 8..20);
                    self.session("apply", at, ip.clone(), zone)
                })
                .collect();
            let name = self.name();
            self.push(
                "honest_household",
                false,
                name,
                ("US", region, home.city, zone),
                sessions,
            );
        }
    }

    fn honest_contractor_abroad(&mut self) {
        let abroad = place(["fr-paris", "jp-tokyo", "mx-cdmx", "de-berlin"][self.rng.usize(..4)]);
        let count = self.rng.usize(1..4);
        let sessions = self.home_sessions(abroad, abroad.tz, count);
        let name = self.name();
        self.push(
            "honest_contractor_abroad",
            false,
            name,
            (abroad.country, abroad.region, abroad.city, abroad.tz),
            sessions,
        );
    }

    /// Mobile carriers' addresses geolocate to a hub city, not the handset's state.
    fn honest_mobile(&mut self) {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(1..4);
        let sessions = self.home_sessions(place("us-mobile"), zone, count);
        let name = self.name();
        self.push(
            "honest_mobile",
            false,
            name,
            ("US", region, home.city, zone),
            sessions,
        );
    }

    /// Unrelated people applying from one co-working space.
    fn honest_coworking(&mut self) {
        let (office, region, zone) = self.us_home();
        let ip = self.host(office);
        let day = self.day();
        for _ in 0..3 {
            let at = self.at(day, zone, 9..18);
            let sessions = vec![self.session("apply", at, ip.clone(), zone)];
            let name = self.name();
            self.push(
                "honest_coworking",
                false,
                name,
                ("US", region, office.city, zone),
                sessions,
            );
        }
    }

    /// A stolen identity's SSN behind several names, each with the same résumé
    /// (name swapped) and the same photo a few bits apart, from clean US homes.
    fn ring_identity(&mut self) {
        self.begin_ring();
        let stolen = self.papers("Stolen Identity");
        let base_photo = self.rng.u64(..);
        let resume = stolen.documents[1]["text"]
            .as_str()
            .unwrap_or("")
            .replace("Stolen Identity", "");
        for _ in 0..self.rng.usize(3..6) {
            let (home, region, zone) = self.us_home();
            let name = self.name();
            let mut papers = self.papers(&name);
            let flips = (0..self.rng.u32(1..4)).fold(0u64, |acc, _| acc | 1 << self.rng.u32(0..64));
            papers.documents = json!([
                stolen.documents[0].clone(),
                { "kind": "resume", "text": format!("{name}{resume}") },
                { "kind": "photo", "phash": format!("{:016x}", base_photo ^ flips) }
            ]);
            let count = self.rng.usize(1..4);
            let sessions = self.home_sessions(home, zone, count);
            self.push_with(
                "ring_identity",
                true,
                name,
                ("US", region, home.city, zone),
                sessions,
                papers,
            );
        }
        self.end_ring();
    }

    /// One person applying to two employers: the same papers twice.
    fn honest_reapplicant(&mut self) {
        let (home, region, zone) = self.us_home();
        let name = self.name();
        let papers = self.papers(&name);
        for _ in 0..2 {
            let count = self.rng.usize(1..3);
            let sessions = self.home_sessions(home, zone, count);
            self.push_with(
                "honest_reapplicant",
                false,
                name.clone(),
                ("US", region, home.city, zone),
                sessions,
                papers.clone(),
            );
        }
    }

    /// Two people sharing a home, its connection, its landline and a joint account.
    fn honest_couple(&mut self) {
        let (home, region, zone) = self.us_home();
        let ip = self.host(home);
        let landline = format!("+1206{:07}", 2_000_000 + self.next_id);
        let day = self.day();
        let street = Street::random(&mut self.rng);
        let names = [self.name(), self.name()];
        let joint = (
            money::routing_number(&mut self.rng),
            money::account_number(&mut self.rng),
        );
        for (i, name) in names.iter().enumerate() {
            let mut papers = self.papers(name);
            papers.phones.push(landline.clone());
            let at = self.at(day + Duration::days(i as i64), zone, 8..20);
            let sessions = vec![self.session("apply", at, ip.clone(), zone)];
            let address = home_address("US", region, home.city, &street);
            let mut money = self.ordinary_money(name, "US", address, start_after(&sessions));
            money.payroll["account_holder"] = json!(format!("{} and {}", names[0], names[1]));
            money.payroll["routing_number"] = json!(joint.0);
            money.payroll["account_number"] = json!(joint.1);
            self.money = Some(money);
            self.push_with(
                "honest_couple",
                false,
                name.clone(),
                ("US", region, home.city, zone),
                sessions,
                papers,
            );
        }
    }
}

/// A start three weeks after the last session.
fn start_after(sessions: &[Value]) -> NaiveDate {
    let last = sessions
        .iter()
        .filter_map(|s| s["at"].as_str())
        .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.date_naive())
        .max();
    last.unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default())
        + Duration::days(21)
}

/// The postal code of a fixture city.
fn postal_of(city: &str) -> &'static str {
    PLACES
        .iter()
        .find(|p| p.city == city)
        .map_or("00000", |p| money::postal_code(p.key))
}

/// A home in the claimed place.
fn home_address(country: &str, region: &str, city: &str, street: &Street) -> Value {
    street.address(city, region, postal_of(city), country)
}
