//! Sessions and device check-ins: where the keyboard really is (hours,
//! network, clock) as opposed to where the application says it is.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use fastrand::Rng;
use serde_json::{json, Value};

use super::geo::{at_local, rfc};
use super::ids::{alnum_upper, hex};
use super::names::pick;

pub const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36 Edg/137.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:136.0) Gecko/20100101 Firefox/136.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:138.0) Gecko/20100101 Firefox/138.0",
];

pub const MOBILE_AGENTS: &[&str] = &[
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36",
];

/// accept_language for a country, sometimes with the person's heritage language first.
pub fn language(rng: &mut Rng, cc: &str, origin: &str) -> String {
    let heritage = match origin {
        "chinese" => Some("zh-CN,zh;q=0.9,en-US;q=0.8,en;q=0.7"),
        "korean" => Some("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
        "russian" => Some("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"),
        "hispanic" => Some("es-US,es;q=0.9,en;q=0.8"),
        "vietnamese" => Some("vi-VN,vi;q=0.9,en-US;q=0.8"),
        "japanese" => Some("ja-JP,ja;q=0.9,en-US;q=0.8"),
        _ => None,
    };
    if let Some(h) = heritage {
        if rng.u8(..10) < 2 {
            return h.to_string();
        }
    }
    let l = match cc {
        "US" => "en-US,en;q=0.9",
        "GB" | "IE" => "en-GB,en;q=0.9",
        "CA" => "en-CA,en;q=0.9,fr-CA;q=0.8",
        "AU" | "NZ" => "en-AU,en;q=0.9",
        "DE" => "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7",
        "FR" => "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
        "NL" => "nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7",
        "ES" => "es-ES,es;q=0.9,en;q=0.8",
        "MX" | "CO" | "AR" => "es-419,es;q=0.9,en;q=0.8",
        "PT" => "pt-PT,pt;q=0.9,en;q=0.8",
        "BR" => "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7",
        "IT" => "it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7",
        "PL" => "pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7",
        "UA" => "uk-UA,uk;q=0.9,en-US;q=0.8,en;q=0.7",
        "RU" | "KZ" => "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7",
        "CN" => "zh-CN,zh;q=0.9,en;q=0.8",
        "KR" => "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
        "JP" => "ja,en-US;q=0.9,en;q=0.8",
        "VN" => "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7",
        "TR" => "tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7",
        _ => "en-US,en;q=0.9",
    };
    // Many developers run their browser in US English wherever they live.
    if cc != "US" && rng.u8(..10) < 3 {
        "en-US,en;q=0.9".to_string()
    } else {
        l.to_string()
    }
}

/// Where sessions come from: the zone whose working hours they follow,
/// the browser clock, the networks (weighted) and the browser.
#[derive(Clone)]
pub struct Seat {
    pub hours_tz: &'static str,
    /// Local hour window [from, to) of activity (to may exceed 24: past midnight).
    pub hours: (u32, u32),
    pub browser_tz: &'static str,
    pub nets: Vec<(String, u32)>,
    pub ua: String,
    pub lang: String,
}

impl Seat {
    pub fn ip(&self, rng: &mut Rng) -> String {
        let total: u32 = self.nets.iter().map(|n| n.1).sum::<u32>().max(1);
        let mut r = rng.u32(..total);
        for (ip, w) in &self.nets {
            if r < *w {
                return ip.clone();
            }
            r -= w;
        }
        self.nets.first().map(|n| n.0.clone()).unwrap_or_default()
    }

    pub fn instant(&self, rng: &mut Rng, day: NaiveDate) -> DateTime<Utc> {
        let span = (self.hours.1 - self.hours.0).max(1);
        let h = self.hours.0 + rng.u32(..span);
        let (d, h) = if h >= 24 {
            (day + Duration::days(1), h - 24)
        } else {
            (day, h)
        };
        at_local(d, h, rng.u32(..60), self.hours_tz) + Duration::seconds(rng.i64(0..60))
    }

    pub fn session(&self, rng: &mut Rng, kind: &str, at: DateTime<Utc>) -> Value {
        json!({
            "at": rfc(at),
            "kind": kind,
            "ip": self.ip(rng),
            "user_agent": self.ua,
            "browser_timezone": self.browser_tz,
            "accept_language": self.lang,
        })
    }
}

pub fn desktop_ua(rng: &mut Rng) -> String {
    pick(rng, USER_AGENTS).to_string()
}

/// The steps of one application: apply, maybe an assessment and interviews,
/// and for hires onboarding and logins after the start date.
pub fn timeline(
    rng: &mut Rng,
    apply: NaiveDate,
    hired: bool,
) -> (Vec<(&'static str, NaiveDate)>, Option<NaiveDate>) {
    let mut steps = vec![("apply", apply)];
    let mut d = apply;
    if rng.u8(..10) < 6 || hired {
        d += Duration::days(1 + rng.i64(0..9));
        steps.push(("assessment", d));
    }
    let interviews = if hired {
        2 + rng.usize(..3)
    } else if rng.u8(..10) < 4 {
        1 + rng.usize(..2)
    } else {
        0
    };
    for _ in 0..interviews {
        d += Duration::days(2 + rng.i64(0..10));
        steps.push(("interview", d));
    }
    if !hired {
        return (steps, None);
    }
    let mut start = d + Duration::days(10 + rng.i64(0..25));
    while chrono::Datelike::weekday(&start).number_from_monday() != 1 {
        start += Duration::days(1);
    }
    steps.push(("onboarding", start - Duration::days(1 + rng.i64(0..4))));
    steps.push(("onboarding", start));
    let logins = 3 + rng.usize(..10);
    let mut l = start;
    for _ in 0..logins {
        l += Duration::days(1 + rng.i64(0..9));
        steps.push(("login", l));
    }
    (steps, Some(start))
}

/// Identity-provider fields for sessions after the hire.
pub fn idp_fields(
    s: &mut Value,
    idp: &str,
    device: &str,
    authenticator: &str,
    actor: Option<&str>,
) {
    s["source"] = json!(idp);
    s["device_id"] = json!(device);
    s["authenticator_id"] = json!(authenticator);
    if let Some(a) = actor {
        s["actor"] = json!(a);
    }
}

pub fn idp_device_id(rng: &mut Rng) -> String {
    format!("guo{}", alnum_upper(rng, 17).to_lowercase())
}

pub fn authenticator_id(rng: &mut Rng) -> String {
    format!("opf{}", hex(rng, 17))
}

pub fn laptop_serial(rng: &mut Rng) -> String {
    match rng.u8(..4) {
        0 => format!("C02{}", alnum_upper(rng, 9)),
        1 => format!("FVF{}", alnum_upper(rng, 9)),
        2 => alnum_upper(rng, 7),
        _ => format!("PF{}", alnum_upper(rng, 6)),
    }
}

pub fn usb(
    vendor_id: &str,
    model_id: &str,
    vendor: &str,
    model: &str,
    ifaces: Option<&[&str]>,
) -> Value {
    let mut v = json!({
        "vendor_id": vendor_id, "model_id": model_id, "vendor": vendor, "model": model,
        "class": "00", "subclass": "00", "protocol": "00",
    });
    if let Some(i) = ifaces {
        v["interfaces"] = json!(i);
    }
    v
}

/// Ordinary peripherals of an honest desk.
pub fn desk_usb(rng: &mut Rng, with_ifaces: bool) -> Vec<Value> {
    let all: Vec<(&str, &str, &str, &str, &[&str])> = vec![
        (
            "046d",
            "c52b",
            "Logitech, Inc.",
            "Unifying Receiver",
            &["03", "03", "03"],
        ),
        (
            "046d",
            "082d",
            "Logitech, Inc.",
            "HD Pro Webcam C920",
            &["0e", "0e", "01", "01"],
        ),
        (
            "05ac",
            "0267",
            "Apple, Inc.",
            "Magic Keyboard A1644",
            &["03", "03"],
        ),
        (
            "1050",
            "0407",
            "Yubico.com",
            "Yubikey 4/5 OTP+U2F+CCID",
            &["03", "03", "0b"],
        ),
        ("05e3", "0610", "Genesys Logic, Inc.", "Hub", &["09"]),
        (
            "0bda",
            "8153",
            "Realtek Semiconductor Corp.",
            "RTL8153 Gigabit Ethernet Adapter",
            &["ff"],
        ),
        ("046d", "c077", "Logitech, Inc.", "Mouse", &["03"]),
    ];
    let n = rng.usize(..4);
    (0..n)
        .map(|_| {
            let d = all[rng.usize(..all.len())];
            usb(
                d.0,
                d.1,
                d.2,
                d.3,
                if with_ifaces { Some(d.4) } else { None },
            )
        })
        .collect()
}

pub fn app(name: &str, path: &str, kind: &str) -> Value {
    json!({ "name": name, "path": path, "kind": kind })
}

pub fn desk_software(rng: &mut Rng, mac: bool) -> Vec<Value> {
    let mut v = if mac {
        vec![
            app("Slack", "/Applications/Slack.app", "app"),
            app("zoom.us", "/Applications/zoom.us.app", "app"),
            app("Google Chrome", "/Applications/Google Chrome.app", "app"),
        ]
    } else {
        vec![
            app(
                "Slack",
                "C:\\Users\\user\\AppData\\Local\\slack\\slack.exe",
                "process",
            ),
            app("Zoom", "C:\\Program Files\\Zoom\\bin\\Zoom.exe", "process"),
            app(
                "chrome.exe",
                "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                "process",
            ),
        ]
    };
    if rng.bool() {
        v.push(if mac {
            app(
                "Visual Studio Code",
                "/Applications/Visual Studio Code.app",
                "app",
            )
        } else {
            app(
                "Code.exe",
                "C:\\Users\\user\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
                "process",
            )
        });
    }
    v
}

pub fn device_obs(
    serial: &str,
    source: &str,
    at: DateTime<Utc>,
    ip: &str,
    tz: &str,
    usb: Vec<Value>,
    software: Vec<Value>,
) -> Value {
    json!({
        "device_id": serial, "serial": serial, "source": source, "observed_at": rfc(at),
        "public_ip": ip, "timezone": tz, "usb_devices": usb, "software": software,
    })
}
