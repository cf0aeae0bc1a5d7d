//! An application with what the data says about it: each session's IP facts,
//! parsed times and zones, and the claimed place in comparable form.

use crate::Reference;
use bonafide_address::{normalize, NormalAddress};
use bonafide_identity::normalize::Phone;
use bonafide_model::{Application, Country, SessionKind};
use bonafide_netdata::{CountryZones, IpFacts};
use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

/// What the candidate claims about where they are.
#[derive(Debug, Clone, Default)]
pub struct Claimed {
    /// Claimed country.
    pub country: Option<Country>,
    /// Claimed region as sent.
    pub region: Option<String>,
    /// Claimed city as sent.
    pub city: Option<String>,
    /// The candidate's stated time zone.
    pub timezone: Option<Tz>,
}

/// One session with its facts.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    /// Position in the record's `sessions`.
    pub index: usize,
    /// When it happened.
    pub at: Option<DateTime<Utc>>,
    /// What kind of session.
    pub kind: Option<SessionKind>,
    /// What the network data says about its IP.
    pub ip: Option<IpFacts>,
    /// The zone the browser reported.
    pub browser_tz: Option<Tz>,
    /// Abroad, but explained as travel: the browser's clock follows the place
    /// the IP is in, and the candidate's other sessions are mostly at home in
    /// the claimed country (see [`Enriched::new`]).
    pub travel: bool,
}

impl SessionFacts {
    /// The observed country, when the IP was located.
    pub fn country(&self) -> Option<&str> {
        Some(self.ip.as_ref()?.location.as_ref()?.country.as_str())
    }

    /// Whether the IP is a mobile carrier's by a Connection-Type database: an
    /// address unrelated people share as a matter of course.
    pub fn shared_by_strangers(&self) -> bool {
        self.ip
            .as_ref()
            .and_then(|ip| ip.connection)
            .is_some_and(|c| c.shared_by_strangers())
    }

    /// Whether any source lists the IP as anonymizing infrastructure.
    pub fn anonymized(&self) -> bool {
        self.ip
            .as_ref()
            .is_some_and(|ip| !ip.anonymizers.is_empty())
    }
}

/// An application ready for local signals.
#[derive(Debug)]
pub struct Enriched<'a> {
    /// The application as received.
    pub app: &'a Application,
    /// Its sessions by the candidate, oldest first (sessions without a time keep
    /// their order at the end); sessions by a recruiter, an agency or the employer
    /// are left out.
    pub sessions: Vec<SessionFacts>,
    /// The claimed place.
    pub claimed: Claimed,
    /// Country → zones reference table (may be empty).
    pub zones: &'a CountryZones,
    /// All reference data.
    pub reference: &'a Reference,
    /// The candidate's phone numbers that parse, in E.164 (parsed once: it is slow).
    pub phones: Vec<Phone>,
    /// The home address in comparable form.
    pub home: Option<NormalAddress>,
    /// The shipping address in comparable form.
    pub shipping: Option<NormalAddress>,
    /// The first day of work: `position.start_date`, else the first onboarding session.
    pub start: Option<DateTime<Utc>>,
    /// Whether at least half the located, non-anonymized sessions were in the
    /// claimed country (the base travel is measured from); `None` without a
    /// claimed country or a located session.
    pub home_base: Option<bool>,
}

impl<'a> Enriched<'a> {
    /// Look every session's IP up and put the claims in comparable form.
    pub fn new(app: &'a Application, reference: &'a Reference) -> Enriched<'a> {
        let net = &reference.net;
        let mut sessions: Vec<SessionFacts> = Vec::with_capacity(app.sessions.len());
        for (index, s) in app.sessions.iter().enumerate() {
            // A recruiter's, an agency's or the employer's session says nothing
            // about where the candidate is, and links nobody to them.
            if s.by_someone_else() {
                continue;
            }
            // Through the employer's own corporate VPN, the address says
            // nothing and links nobody; the session's clock still counts.
            let tenant = app.tenant();
            let ip =
                s.ip.as_ref()
                    .and_then(|c| c.get())
                    .filter(|ip| !reference.devices.employer_network(tenant, **ip));
            let ip = ip.map(|ip| {
                // Sessions often share an address: look each one up once.
                let seen = sessions
                    .iter()
                    .filter_map(|f| f.ip.as_ref())
                    .find(|f| f.ip == *ip);
                seen.cloned().unwrap_or_else(|| net.lookup(*ip))
            });
            sessions.push(SessionFacts {
                index,
                at: s.at.as_ref().and_then(|c| c.get().copied()),
                kind: s.kind.as_ref().and_then(|c| c.get().copied()),
                ip,
                browser_tz: s.browser_timezone.as_ref().and_then(|c| c.get().copied()),
                travel: false,
            });
        }
        sessions.sort_by_key(|s| (s.at.is_none(), s.at));
        let candidate = app.candidate.as_ref();
        let place = app.claimed_location();
        let claimed = Claimed {
            country: place
                .and_then(|p| p.country.as_ref())
                .and_then(|c| c.get().copied())
                .or_else(|| {
                    candidate
                        .and_then(|c| c.home_address.as_ref())
                        .and_then(|a| a.country.as_ref())
                        .and_then(|c| c.get().copied())
                }),
            region: place
                .and_then(|p| p.region.clone())
                .filter(|r| !r.trim().is_empty()),
            city: place
                .and_then(|p| p.city.clone())
                .filter(|c| !c.trim().is_empty()),
            timezone: candidate
                .and_then(|c| c.timezone.as_ref())
                .and_then(|t| t.get().copied()),
        };
        let home_base = home_base(&sessions, &claimed);
        if home_base == Some(true) {
            mark_travel(&mut sessions, &claimed, &reference.zones, app);
        }
        let default_country = claimed.country.map(|c| c.to_string());
        let phones = candidate
            .map(|c| {
                c.phones
                    .iter()
                    .filter_map(|raw| {
                        crate::phones::parse(raw, default_country.as_deref(), &reference.npa)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let home = candidate
            .and_then(|c| c.home_address.as_ref())
            .and_then(normalize);
        let home_written = candidate.and_then(|c| c.home_address.as_ref());
        let shipping = app
            .shipping
            .as_ref()
            .and_then(|s| s.address.as_ref())
            .and_then(|address| match (home_written, &home) {
                // Most laptops go home, written the same way: parse it once.
                (Some(written), Some(normal)) if same_text(written, address) => {
                    Some(normal.clone())
                }
                _ => normalize(address),
            });
        let start = app
            .position
            .as_ref()
            .and_then(|p| p.start_date.as_ref())
            .and_then(|d| d.get())
            .map(|d| d.and_time(NaiveTime::MIN).and_utc())
            .or_else(|| {
                sessions
                    .iter()
                    .find(|s| s.kind == Some(SessionKind::Onboarding))
                    .and_then(|s| s.at)
            });
        Enriched {
            app,
            home,
            shipping,
            start,
            home_base,
            sessions,
            phones,
            claimed,
            zones: &reference.zones,
            reference,
        }
    }
}

/// Whether at least half the located, non-anonymized sessions were in the claimed country.
fn home_base(sessions: &[SessionFacts], claimed: &Claimed) -> Option<bool> {
    let home = claimed.country?;
    let located: Vec<&str> = sessions
        .iter()
        .filter(|s| !s.anonymized())
        .filter_map(SessionFacts::country)
        .collect();
    if located.is_empty() {
        return None;
    }
    let at_home = located.iter().filter(|c| **c == home.as_str()).count();
    Some(at_home * 2 >= located.len())
}

/// Mark the sessions abroad that travel explains, for a candidate with a home
/// base in the claimed country. A traveller's laptop clock follows the country
/// they are in; someone hiding where they are shows a clock that contradicts
/// the connection, or has no home base at all.
fn mark_travel(
    sessions: &mut [SessionFacts],
    claimed: &Claimed,
    zones: &CountryZones,
    app: &Application,
) {
    let Some(home) = claimed.country else {
        return;
    };
    let submitted = app.submitted_at.as_ref().and_then(|t| t.get().copied());
    for session in sessions.iter_mut() {
        let abroad = session.country().is_some_and(|c| c != home.as_str());
        if abroad && !session.anonymized() {
            session.travel = clock_fits_place(session, zones, session.at.or(submitted));
        }
    }
}

/// Whether the browser's clock agrees with where the IP is (see [`place_zones`]).
fn clock_fits_place(
    session: &SessionFacts,
    zones: &CountryZones,
    at: Option<DateTime<Utc>>,
) -> bool {
    let (Some(browser), Some(at)) = (session.browser_tz, at) else {
        return false;
    };
    let offset = |tz: &Tz| crate::network::time::offset_seconds(tz, at);
    let mine = offset(&browser);
    place_zones(session, zones)
        .iter()
        .any(|z| offset(z) == mine)
}

/// The zones the connection's place can be in: the IP location's zone when
/// the database has one (DB-IP Lite has none), else every zone of the IP's
/// country; empty when the IP was not located.
pub(crate) fn place_zones(session: &SessionFacts, zones: &CountryZones) -> Vec<Tz> {
    let Some(location) = session.ip.as_ref().and_then(|f| f.location.as_ref()) else {
        return Vec::new();
    };
    match location
        .time_zone
        .as_deref()
        .and_then(|z| z.parse::<Tz>().ok())
    {
        Some(zone) => vec![zone],
        None => zones.zones(location.country.as_str()).to_vec(),
    }
}

/// Whether two addresses are written identically.
fn same_text(a: &bonafide_model::Address, b: &bonafide_model::Address) -> bool {
    a.line1 == b.line1
        && a.line2 == b.line2
        && a.city == b.city
        && a.region == b.region
        && a.postal_code == b.postal_code
        && a.country.as_ref().map(|c| c.text()) == b.country.as_ref().map(|c| c.text())
}
