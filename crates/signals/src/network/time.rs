//! Time zones and activity hours against the claimed location.

use super::{ip_evidence, to_evidence};
use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::{Enriched, SessionFacts};
use chrono::{DateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde_json::json;

/// Browser zone against the claimed zone or country.
pub const TIMEZONE_CLAIM_MISMATCH: SignalDef = SignalDef {
    id: "network.timezone_claim_mismatch",
    doc: "The browser's time zone was at a different UTC offset, at the time of the session, from the \
          candidate's stated time zone (or from every zone of the claimed country); the value is the \
          share of sessions with a browser zone that did. Travel (a clock following the country the \
          session came from, for a candidate mostly at home) is left out.",
    unit: Unit::Share,
    evidence: &[
        "browser_timezone", "browser_utc_offset", "claimed_timezone", "claimed_country", "claimed_utc_offsets",
        "at", "sessions", "sessions_with_zone",
    ],
    sources: &["A22", "SEAL", "KB"],
    compute: Compute::Local(timezone_claim_mismatch),
};

/// Browser zone against the IP location's zone.
pub const TIMEZONE_IP_MISMATCH: SignalDef = SignalDef {
    id: "network.timezone_ip_mismatch",
    doc: "The browser's time zone was at a different UTC offset from the zone of the IP address's \
          location (where the geo-IP database has zones), on a connection no list calls a VPN or proxy: \
          the computer is not where its connection appears to be; the value is how many sessions.",
    unit: Unit::Count,
    evidence: &["ip", "at", "browser_timezone", "browser_utc_offset", "ip_timezone", "ip_utc_offset", "observed_place"],
    sources: &["LB", "MM", "SP"],
    compute: Compute::Local(timezone_ip_mismatch),
};

/// Sessions in the claimed zone's night, again and again.
pub const NIGHT_ACTIVITY: SignalDef = SignalDef {
    id: "network.night_activity",
    doc: "Most timed sessions (two or more) fell between midnight and 6 a.m. in the candidate's claimed \
          time zone, as when a US job is worked from UTC+8/+9 daytime; weak alone; the value is how many.",
    unit: Unit::Count,
    evidence: &["claimed_timezone", "night_sessions", "timed_sessions", "local_times"],
    sources: &["A22", "SEAL", "KB"],
    compute: Compute::Local(night_activity),
};

/// Most timed sessions outside the working day in the claimed zone.
pub const OFF_HOURS: SignalDef = SignalDef {
    id: "network.off_hours",
    doc: "Of the candidate's timed sessions (three or more; a recruiter's or agency's are not theirs), \
          the share that fell outside 7 a.m.–10 p.m. in the claimed place's time zone (the stated zone, \
          the claimed state's or province's, or a single-zone country's): the working hours of someone \
          on the other side of the world.",
    unit: Unit::Share,
    evidence: &["claimed_timezone", "off_hours_sessions", "timed_sessions", "local_times"],
    sources: &["A22", "SEAL", "KB"],
    compute: Compute::Local(off_hours),
};

pub(crate) fn offset_seconds(tz: &Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The zones the claim allows: the stated zone, else every zone of the claimed country.
fn claimed_zones(app: &Enriched<'_>) -> Vec<Tz> {
    if let Some(tz) = app.claimed.timezone {
        return vec![tz];
    }
    app.claimed
        .country
        .map(|c| app.zones.zones(c.as_str()).to_vec())
        .unwrap_or_default()
}

fn timezone_claim_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let allowed = claimed_zones(app);
    if allowed.is_empty() {
        return None;
    }
    let with_zone: Vec<(&SessionFacts, Tz, DateTime<Utc>)> = app
        .sessions
        .iter()
        // A traveller's clock follows the place they are in.
        .filter(|s| !s.travel)
        .filter_map(|s| Some((s, s.browser_tz?, s.at.or_else(|| submitted(app))?)))
        .collect();
    let mismatched: Vec<&(&SessionFacts, Tz, DateTime<Utc>)> = with_zone
        .iter()
        .filter(|(_, tz, at)| {
            let browser = offset_seconds(tz, *at);
            !allowed.iter().any(|z| offset_seconds(z, *at) == browser)
        })
        .collect();
    let (session, tz, at) = mismatched.first()?;
    let mut offsets: Vec<i32> = allowed.iter().map(|z| offset_seconds(z, *at)).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut pairs = vec![
        ("browser_timezone", json!(tz.name())),
        (
            "browser_utc_offset",
            json!(format_offset(offset_seconds(tz, *at))),
        ),
        (
            "claimed_timezone",
            json!(app.claimed.timezone.map(|t| t.name())),
        ),
        (
            "claimed_country",
            json!(app.claimed.country.map(|c| c.to_string())),
        ),
        (
            "claimed_utc_offsets",
            json!(offsets
                .into_iter()
                .map(format_offset)
                .collect::<Vec<_>>()
                .join(", ")),
        ),
        ("at", json!(session.at.unwrap_or(*at).to_rfc3339())),
        ("sessions", json!(mismatched.len())),
        ("sessions_with_zone", json!(with_zone.len())),
    ];
    pairs.retain(|(_, v)| !v.is_null());
    Some(Hit {
        value: mismatched.len() as f64 / with_zone.len().max(1) as f64,
        evidence: to_evidence(pairs),
    })
}

fn submitted(app: &Enriched<'_>) -> Option<DateTime<Utc>> {
    app.app.submitted_at.as_ref()?.get().copied()
}

fn timezone_ip_mismatch(app: &Enriched<'_>) -> Option<Hit> {
    let mismatched: Vec<(&SessionFacts, Tz, Vec<Tz>, DateTime<Utc>)> = app
        .sessions
        .iter()
        .filter(|s| !s.anonymized())
        .filter_map(|s| {
            let browser = s.browser_tz?;
            let place = crate::enriched::place_zones(s, app.zones);
            let at = s.at.or_else(|| submitted(app))?;
            let mine = offset_seconds(&browser, at);
            (!place.is_empty() && !place.iter().any(|z| offset_seconds(z, at) == mine))
                .then_some((s, browser, place, at))
        })
        .collect();
    let (session, browser, place, at) = mismatched.first()?;
    let mut pairs: Vec<_> = ip_evidence(session)
        .into_iter()
        .filter(|(k, _)| ["ip", "at", "observed_place"].contains(k))
        .collect();
    let names: Vec<&str> = place.iter().take(3).map(|z| z.name()).collect();
    let more = if place.len() > 3 { ", …" } else { "" };
    pairs.extend([
        ("browser_timezone", json!(browser.name())),
        (
            "browser_utc_offset",
            json!(format_offset(offset_seconds(browser, *at))),
        ),
        ("ip_timezone", json!(format!("{}{more}", names.join(", ")))),
    ]);
    if let Some(first) = place.first() {
        pairs.push((
            "ip_utc_offset",
            json!(format_offset(offset_seconds(first, *at))),
        ));
    }
    Some(Hit {
        value: mismatched.len() as f64,
        evidence: to_evidence(pairs),
    })
}

const NIGHT_END_HOUR: u32 = 6;
const DAY_START_HOUR: u32 = 7;
const DAY_END_HOUR: u32 = 22;
const MIN_TIMED_SESSIONS: usize = 3;

/// The zone local time is read in: the stated zone, the claimed state's or
/// province's, or the claimed country's only zone.
fn local_zone(app: &Enriched<'_>) -> Option<Tz> {
    if let Some(tz) = app.claimed.timezone {
        return Some(tz);
    }
    if let (Some(country), Some(region)) = (app.claimed.country, app.claimed.region.as_deref()) {
        if let Some(zone) = crate::regions::region_zone(country.as_str(), region) {
            return Some(zone);
        }
    }
    match claimed_zones(app).as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The times of the candidate's sessions in `zone`.
fn local_times(app: &Enriched<'_>, zone: Tz) -> Vec<DateTime<Tz>> {
    app.sessions
        .iter()
        .filter_map(|s| s.at)
        .map(|at| at.with_timezone(&zone))
        .collect()
}

/// Local times as evidence lists them.
fn listed<'t>(times: impl Iterator<Item = &'t DateTime<Tz>>) -> String {
    times
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn off_hours(app: &Enriched<'_>) -> Option<Hit> {
    let zone = local_zone(app)?;
    let local = local_times(app, zone);
    if local.len() < MIN_TIMED_SESSIONS {
        return None;
    }
    let off: Vec<&DateTime<Tz>> = local
        .iter()
        .filter(|t| t.hour() < DAY_START_HOUR || t.hour() >= DAY_END_HOUR)
        .collect();
    if off.is_empty() {
        return None;
    }
    Some(Hit {
        value: off.len() as f64 / local.len() as f64,
        evidence: to_evidence(vec![
            ("claimed_timezone", json!(zone.name())),
            ("off_hours_sessions", json!(off.len())),
            ("timed_sessions", json!(local.len())),
            ("local_times", json!(listed(off.iter().take(5).copied()))),
        ]),
    })
}

fn night_activity(app: &Enriched<'_>) -> Option<Hit> {
    // Only a zone the candidate stated, or a country with a single zone, says what local time is.
    let zone = app
        .claimed
        .timezone
        .or_else(|| match claimed_zones(app).as_slice() {
            [only] => Some(*only),
            _ => None,
        })?;
    let local = local_times(app, zone);
    let night: Vec<&DateTime<Tz>> = local.iter().filter(|t| t.hour() < NIGHT_END_HOUR).collect();
    if night.len() < 2 || night.len() * 2 < local.len() {
        return None;
    }
    Some(Hit {
        value: night.len() as f64,
        evidence: to_evidence(vec![
            ("claimed_timezone", json!(zone.name())),
            ("night_sessions", json!(night.len())),
            ("timed_sessions", json!(local.len())),
            ("local_times", json!(listed(night.iter().copied()))),
        ]),
    })
}

#[cfg(test)]
mod tests {
    use super::{format_offset, offset_seconds};
    use chrono::TimeZone;

    #[test]
    fn offsets_follow_daylight_saving() {
        let la: chrono_tz::Tz = "America/Los_Angeles".parse().expect("zone");
        let winter = chrono::Utc
            .with_ymd_and_hms(2026, 1, 15, 12, 0, 0)
            .single()
            .expect("time");
        let summer = chrono::Utc
            .with_ymd_and_hms(2026, 7, 15, 12, 0, 0)
            .single()
            .expect("time");
        assert_eq!(format_offset(offset_seconds(&la, winter)), "UTC-08:00");
        assert_eq!(format_offset(offset_seconds(&la, summer)), "UTC-07:00");
        let kolkata: chrono_tz::Tz = "Asia/Kolkata".parse().expect("zone");
        assert_eq!(format_offset(offset_seconds(&kolkata, winter)), "UTC+05:30");
    }
}
