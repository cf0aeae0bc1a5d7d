//! MMDB geo-IP databases: MaxMind GeoIP2/GeoLite2 schemas, the flat
//! ip-location-db / DB-IP Lite schema and IPinfo's, detected from metadata and
//! record shape.

use crate::facts::{AnonKind, AnonymizerHit, AsnInfo, ConnectionType, Location};
use crate::ip2location::{self, LocationTable};
use crate::source::{date_of, DataFile};
use crate::LoadError;
use maxminddb::{LookupResult, Reader};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

/// Which kind of database a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoKind {
    /// City-level location (GeoIP2/GeoLite2 City, DB-IP City Lite).
    City,
    /// Country only.
    Country,
    /// Autonomous system number and organisation.
    Asn,
    /// ISP: ASN, ISP and organisation names.
    Isp,
    /// Enterprise: City plus ASN, ISP and user-type traits.
    Enterprise,
    /// Anonymous-IP flags (VPN, hosting, proxies, Tor).
    AnonymousIp,
    /// Anonymous-Plus: flags plus provider name and confidence.
    AnonymousPlus,
    /// Residential proxies: every address listed is one.
    ResidentialProxy,
    /// IP Risk: a risk score plus the anonymous flags.
    IpRisk,
    /// Connection type (Cellular, Corporate, Cable/DSL, …).
    ConnectionType,
    /// The second-level domain of the address's reverse DNS.
    Domain,
    /// Country and AS number together (IPinfo Lite, IPinfo's country_asn).
    CountryAsn,
}

/// How records are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// MaxMind's nested records (`country.iso_code`, `location.latitude`, …).
    MaxMind,
    /// ip-location-db's flat records (`country_code`, `state1`, `city`, …).
    Flat,
    /// IPinfo's records (`country_code` or `country`, `asn` as "AS123", `as_name`, `as_domain`).
    IpInfo,
    /// An IP2Location LITE CSV table (DB1 to DB11).
    Ip2Location,
}

/// One location database (an MMDB file or an IP2Location table), open in memory.
pub struct GeoDb {
    name: Arc<str>,
    kind: GeoKind,
    layout: Layout,
    store: Store,
}

enum Store {
    Mmdb(Reader<Vec<u8>>),
    Table {
        table: LocationTable,
        date: Option<String>,
    },
}

impl fmt::Debug for GeoDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeoDb")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("layout", &self.layout)
            .finish()
    }
}

/// What one database said about one address.
#[derive(Debug, Default)]
pub struct GeoAnswer {
    /// Location, if the database has one.
    pub location: Option<Location>,
    /// ASN, if the database has one.
    pub asn: Option<AsnInfo>,
    /// Anonymizer flags that were set.
    pub anonymizers: Vec<AnonymizerHit>,
    /// The kind of connection, if the database has one.
    pub connection: Option<ConnectionType>,
    /// The network's domain, if the database has one.
    pub domain: Option<String>,
    /// MaxMind's IP risk (0.01 to 99), if the database has one.
    pub ip_risk: Option<f64>,
}

/// Records sampled at load; a sound database decodes every one of them.
const SAMPLED_RECORDS: usize = 64;

impl GeoDb {
    /// Open an MMDB from a data file, detect its schema, and decode a sample of
    /// its records: a database none of whose sampled records decode is refused,
    /// rather than answering nothing for every address.
    pub fn open(file: DataFile) -> Result<GeoDb, LoadError> {
        let name: Arc<str> = file.name().into();
        if ip2location::looks_like(&file.bytes) {
            let table = LocationTable::parse(&file)?;
            let kind = if table.columns >= 6 {
                GeoKind::City
            } else {
                GeoKind::Country
            };
            return Ok(GeoDb {
                name,
                kind,
                layout: Layout::Ip2Location,
                store: Store::Table {
                    table,
                    date: file.modified,
                },
            });
        }
        let path = file.path;
        let mmdb_error = |reason: String| LoadError::Mmdb {
            path: path.clone(),
            reason,
        };
        let reader = Reader::from_source(file.bytes).map_err(|e| mmdb_error(e.to_string()))?;
        let samples = sample_records(&reader);
        let (kind, layout) =
            detect(&reader.metadata().database_type, &samples).ok_or_else(|| {
                mmdb_error(format!(
                "unsupported database type `{}` (expected a City, Country, ASN, ISP, Enterprise, \
                 Anonymous-IP, Anonymous-Plus, Residential-Proxy, IP-Risk, Connection-Type or \
                 Domain database, ip-location-db's flat schema or IPinfo's)",
                reader.metadata().database_type
            ))
            })?;
        let db = GeoDb {
            name,
            kind,
            layout,
            store: Store::Mmdb(reader),
        };
        if let Store::Mmdb(reader) = &db.store {
            db.probe(reader).map_err(mmdb_error)?;
        }
        Ok(db)
    }

    /// Decode the first records of the tree and a few well-known addresses as
    /// lookups will: a sound database decodes every one, so any failure means
    /// a corrupt file, refused now rather than answering nothing later.
    fn probe(&self, reader: &Reader<Vec<u8>>) -> Result<(), String> {
        let mut tried = 0;
        let mut failed = 0;
        let mut first_error = None;
        let mut note = |outcome: Result<GeoAnswer, String>| {
            tried += 1;
            if let Err(reason) = outcome {
                failed += 1;
                first_error.get_or_insert(reason);
            }
        };
        let networks = reader
            .networks(Default::default())
            .map_err(|e| e.to_string())?;
        for item in networks.take(SAMPLED_RECORDS) {
            note(
                item.map_err(|e| e.to_string())
                    .and_then(|result| self.answer(&result)),
            );
        }
        for probe in PROBES {
            if let Ok(ip) = probe.parse::<IpAddr>() {
                note(self.lookup(ip));
            }
        }
        match first_error {
            Some(reason) => Err(format!(
                "{failed} of {tried} sampled records could not be read (first: {reason})"
            )),
            None => Ok(()),
        }
    }

    /// The file name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The detected kind.
    pub fn kind(&self) -> GeoKind {
        self.kind
    }

    /// The detected record layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The database's build date (YYYY-MM-DD): an MMDB's from its metadata, a
    /// table's from the file.
    pub fn build_date(&self) -> String {
        match &self.store {
            Store::Mmdb(reader) => date_of(reader.metadata().build_epoch),
            Store::Table { date, .. } => date.clone().unwrap_or_else(|| "undated".to_owned()),
        }
    }

    /// The metadata's `database_type` (for a table, IP2Location's name for its layout).
    pub fn database_type(&self) -> &str {
        match &self.store {
            Store::Mmdb(reader) => &reader.metadata().database_type,
            Store::Table { table, .. } => table.database_type(),
        }
    }

    /// Look an address up. A record that fails to decode is an error; no record is a default answer.
    pub fn lookup(&self, ip: IpAddr) -> Result<GeoAnswer, String> {
        let reader = match &self.store {
            Store::Mmdb(reader) => reader,
            Store::Table { table, .. } => return Ok(table.lookup(ip, &self.name)),
        };
        // An IPv6-only database has no IPv4 subtree; an IPv4 database cannot hold IPv6.
        let ip = match (ip, reader.metadata().ip_version) {
            (IpAddr::V6(_), 4) => return Ok(GeoAnswer::default()),
            (ip, _) => ip,
        };
        let result = reader.lookup(ip).map_err(|e| e.to_string())?;
        self.answer(&result)
    }

    fn answer(&self, result: &LookupResult<'_, Vec<u8>>) -> Result<GeoAnswer, String> {
        let source = &self.name;
        let answer = match self.layout {
            Layout::Flat => result
                .decode::<FlatRecord<'_>>()
                .map_err(|e| e.to_string())?
                .map(|r| r.answer(source)),
            Layout::IpInfo => result
                .decode::<IpInfoRecord<'_>>()
                .map_err(|e| e.to_string())?
                .map(|r| r.answer(source)),
            Layout::MaxMind => result
                .decode::<MaxMindRecord<'_>>()
                .map_err(|e| e.to_string())?
                .map(|r| r.answer(source, self.kind)),
            Layout::Ip2Location => None,
        };
        Ok(answer.unwrap_or_default())
    }
}

/// Addresses most databases hold, looked up when sampling a database's records.
const PROBES: [&str; 6] = [
    "8.8.8.8",
    "1.1.1.1",
    "81.2.69.160",
    "2001:218::",
    "175.45.176.1",
    "214.2.3.0",
];

fn kind_from_type(db_type: &str) -> Option<GeoKind> {
    let has = |word: &str| db_type.contains(word);
    Some(if has("anonymous-plus") {
        GeoKind::AnonymousPlus
    } else if has("anonymous-ip") || has("anonymous_ip") {
        GeoKind::AnonymousIp
    } else if has("residential-proxy") || has("residential_proxy") {
        GeoKind::ResidentialProxy
    } else if has("ip-risk") || has("ip_risk") {
        GeoKind::IpRisk
    } else if has("connection-type") || has("connection_type") {
        GeoKind::ConnectionType
    } else if has("domain") {
        GeoKind::Domain
    } else if has("enterprise") {
        GeoKind::Enterprise
    } else if has("isp") {
        GeoKind::Isp
    } else if has("asn") {
        GeoKind::Asn
    } else if has("city") {
        GeoKind::City
    } else if has("country") {
        GeoKind::Country
    } else {
        return None;
    })
}

/// The first records of the tree and the records of a few well-known
/// addresses, as generic maps (records that do not decode are left out).
fn sample_records(reader: &Reader<Vec<u8>>) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let decode = |result: &LookupResult<'_, Vec<u8>>| {
        result
            .decode::<serde_json::Map<String, serde_json::Value>>()
            .ok()
            .flatten()
    };
    let mut samples = Vec::new();
    if let Ok(networks) = reader.networks(Default::default()) {
        samples.extend(
            networks
                .take(SAMPLED_RECORDS)
                .filter_map(Result::ok)
                .filter_map(|r| decode(&r)),
        );
    }
    for probe in PROBES {
        if let Some(result) = probe
            .parse::<IpAddr>()
            .ok()
            .and_then(|ip| reader.lookup(ip).ok())
        {
            samples.extend(decode(&result));
        }
    }
    samples
}

/// The kind and layout, from the metadata's type and the records' shape:
/// IPinfo's records name the AS as text ("AS123") beside `as_name`/`as_domain`;
/// ip-location-db's have a top-level `country_code`; MaxMind's nest theirs.
fn detect(
    database_type: &str,
    samples: &[serde_json::Map<String, serde_json::Value>],
) -> Option<(GeoKind, Layout)> {
    let db_type = database_type.to_ascii_lowercase();
    let any = |key: &str| samples.iter().any(|m| m.contains_key(key));
    let text_asn = samples
        .iter()
        .any(|m| m.get("asn").is_some_and(serde_json::Value::is_string));
    if db_type.contains("ipinfo") || any("as_name") || any("as_domain") || text_asn {
        let country = any("country_code") || any("country");
        let asn = any("asn");
        let kind = match (country, asn) {
            (true, true) => GeoKind::CountryAsn,
            (false, true) => GeoKind::Asn,
            _ => GeoKind::Country,
        };
        return Some((kind, Layout::IpInfo));
    }
    if any("country_code") {
        let kind = kind_from_type(&db_type).unwrap_or(if any("city") {
            GeoKind::City
        } else {
            GeoKind::Country
        });
        return Some((kind, Layout::Flat));
    }
    kind_from_type(&db_type).map(|kind| (kind, Layout::MaxMind))
}

/// ip-location-db / DB-IP Lite record.
#[derive(Deserialize)]
struct FlatRecord<'a> {
    #[serde(borrow, default)]
    country_code: Option<&'a str>,
    #[serde(borrow, default)]
    state1: Option<&'a str>,
    #[serde(borrow, default)]
    city: Option<&'a str>,
    #[serde(default)]
    latitude: Option<Coord>,
    #[serde(default)]
    longitude: Option<Coord>,
    #[serde(borrow, default)]
    timezone: Option<&'a str>,
}

impl FlatRecord<'_> {
    fn answer(&self, source: &Arc<str>) -> GeoAnswer {
        GeoAnswer {
            location: self
                .country_code
                .filter(|c| !c.is_empty())
                .map(|country| Location {
                    country: country.to_owned(),
                    region: non_empty(self.state1),
                    city: non_empty(self.city),
                    latitude: self.latitude.map(|c| c.0),
                    longitude: self.longitude.map(|c| c.0),
                    time_zone: non_empty(self.timezone),
                    source: Arc::clone(source),
                }),
            ..GeoAnswer::default()
        }
    }
}

/// IPinfo's records: Lite has `country_code` (and `country` as a name); the
/// legacy country_asn and country databases have `country` as the code; the
/// ASN database has `name` and `domain` for the AS.
#[derive(Deserialize)]
struct IpInfoRecord<'a> {
    #[serde(borrow, default)]
    country_code: Option<&'a str>,
    #[serde(borrow, default)]
    country: Option<&'a str>,
    #[serde(default)]
    asn: Option<AsNumber>,
    #[serde(borrow, default)]
    as_name: Option<&'a str>,
    #[serde(borrow, default)]
    as_domain: Option<&'a str>,
    #[serde(borrow, default)]
    name: Option<&'a str>,
    #[serde(borrow, default)]
    domain: Option<&'a str>,
}

impl IpInfoRecord<'_> {
    fn answer(&self, source: &Arc<str>) -> GeoAnswer {
        let is_code = |c: &&str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic());
        let country = self
            .country_code
            .filter(is_code)
            .or(self.country.filter(is_code));
        GeoAnswer {
            location: country.map(|country| Location {
                country: country.to_ascii_uppercase(),
                region: None,
                city: None,
                latitude: None,
                longitude: None,
                time_zone: None,
                source: Arc::clone(source),
            }),
            asn: self.asn.and_then(|n| n.0).map(|number| AsnInfo {
                number,
                organization: non_empty(self.as_name.or(self.name)).map(Arc::from),
                source: Arc::clone(source),
            }),
            domain: non_empty(self.as_domain.or(self.domain)),
            ..GeoAnswer::default()
        }
    }
}

/// Every MaxMind schema's fields that bonafide reads; the rest are skipped.
#[derive(Deserialize)]
struct MaxMindRecord<'a> {
    #[serde(borrow, default)]
    country: Option<IsoCode<'a>>,
    #[serde(borrow, default)]
    subdivisions: Option<Vec<Named<'a>>>,
    #[serde(borrow, default)]
    city: Option<Named<'a>>,
    #[serde(borrow, default)]
    location: Option<MmLocation<'a>>,
    #[serde(borrow, default)]
    traits: Option<Traits<'a>>,
    #[serde(default)]
    autonomous_system_number: Option<u32>,
    #[serde(borrow, default)]
    autonomous_system_organization: Option<&'a str>,
    #[serde(borrow, default)]
    isp: Option<&'a str>,
    #[serde(default)]
    is_anonymous_vpn: bool,
    #[serde(default)]
    is_hosting_provider: bool,
    #[serde(default)]
    is_public_proxy: bool,
    #[serde(default)]
    is_residential_proxy: bool,
    #[serde(default)]
    is_tor_exit_node: bool,
    #[serde(borrow, default)]
    provider_name: Option<&'a str>,
    #[serde(borrow, default)]
    connection_type: Option<&'a str>,
    #[serde(borrow, default)]
    domain: Option<&'a str>,
    #[serde(default)]
    ip_risk: Option<Number>,
}

#[derive(Deserialize)]
struct IsoCode<'a> {
    #[serde(borrow, default)]
    iso_code: Option<&'a str>,
}

#[derive(Deserialize)]
struct Named<'a> {
    #[serde(borrow, default)]
    iso_code: Option<&'a str>,
    #[serde(borrow, default)]
    names: Option<Names<'a>>,
}

#[derive(Deserialize)]
struct Names<'a> {
    #[serde(borrow, default)]
    en: Option<&'a str>,
}

#[derive(Deserialize)]
struct MmLocation<'a> {
    #[serde(default)]
    latitude: Option<Coord>,
    #[serde(default)]
    longitude: Option<Coord>,
    #[serde(borrow, default)]
    time_zone: Option<&'a str>,
}

#[derive(Deserialize)]
struct Traits<'a> {
    #[serde(default)]
    autonomous_system_number: Option<u32>,
    #[serde(borrow, default)]
    autonomous_system_organization: Option<&'a str>,
    #[serde(borrow, default)]
    isp: Option<&'a str>,
    #[serde(default)]
    is_anonymous_vpn: bool,
    #[serde(default)]
    is_hosting_provider: bool,
    #[serde(default)]
    is_public_proxy: bool,
    #[serde(default)]
    is_residential_proxy: bool,
    #[serde(default)]
    is_tor_exit_node: bool,
    #[serde(borrow, default)]
    connection_type: Option<&'a str>,
    #[serde(borrow, default)]
    domain: Option<&'a str>,
}

/// Turn set anonymizer flags, in the order vpn, hosting, public proxy, residential proxy, Tor, into hits.
fn flag_hits(
    flags: [bool; 5],
    provider: Option<&str>,
    source: &Arc<str>,
    out: &mut Vec<AnonymizerHit>,
) {
    let kinds = [
        AnonKind::Vpn,
        AnonKind::Hosting,
        AnonKind::PublicProxy,
        AnonKind::ResidentialProxy,
        AnonKind::Tor,
    ];
    for (set, kind) in flags.into_iter().zip(kinds) {
        if set && !out.iter().any(|hit| hit.kind == kind) {
            out.push(AnonymizerHit {
                kind,
                source: Arc::clone(source),
                provider: non_empty(provider).map(Arc::from),
                network: None,
            });
        }
    }
}

impl MaxMindRecord<'_> {
    fn answer(&self, source: &Arc<str>, kind: GeoKind) -> GeoAnswer {
        let country = self.country.as_ref().and_then(|c| c.iso_code);
        let region = self
            .subdivisions
            .as_ref()
            .and_then(|subs| subs.first())
            .and_then(|s| {
                s.iso_code
                    .or_else(|| s.names.as_ref().and_then(|n| n.en))
                    .map(str::to_owned)
            });
        let location = country.filter(|c| !c.is_empty()).map(|country| Location {
            country: country.to_owned(),
            region,
            city: non_empty(self.city.as_ref().and_then(|c| c.names.as_ref()?.en)),
            latitude: self.location.as_ref().and_then(|l| l.latitude).map(|c| c.0),
            longitude: self
                .location
                .as_ref()
                .and_then(|l| l.longitude)
                .map(|c| c.0),
            time_zone: non_empty(self.location.as_ref().and_then(|l| l.time_zone)),
            source: Arc::clone(source),
        });
        let traits = self.traits.as_ref();
        let number = self
            .autonomous_system_number
            .or_else(|| traits.and_then(|t| t.autonomous_system_number));
        let asn = number.map(|number| AsnInfo {
            number,
            organization: non_empty(
                self.autonomous_system_organization
                    .or_else(|| traits.and_then(|t| t.autonomous_system_organization))
                    .or(self.isp)
                    .or_else(|| traits.and_then(|t| t.isp)),
            )
            .map(Arc::from),
            source: Arc::clone(source),
        });
        let mut anonymizers = Vec::new();
        let top = [
            self.is_anonymous_vpn,
            self.is_hosting_provider,
            self.is_public_proxy,
            self.is_residential_proxy,
            self.is_tor_exit_node,
        ];
        flag_hits(top, self.provider_name, source, &mut anonymizers);
        if let Some(t) = traits {
            let nested = [
                t.is_anonymous_vpn,
                t.is_hosting_provider,
                t.is_public_proxy,
                t.is_residential_proxy,
                t.is_tor_exit_node,
            ];
            flag_hits(nested, self.provider_name, source, &mut anonymizers);
        }
        // The Residential-Proxy database lists proxies only: a record is the flag.
        let listed = [
            false,
            false,
            false,
            kind == GeoKind::ResidentialProxy,
            false,
        ];
        flag_hits(listed, self.provider_name, source, &mut anonymizers);
        GeoAnswer {
            location,
            asn,
            anonymizers,
            connection: self
                .connection_type
                .or_else(|| traits.and_then(|t| t.connection_type))
                .map(ConnectionType::from_name),
            domain: non_empty(self.domain.or_else(|| traits.and_then(|t| t.domain))),
            ip_risk: self.ip_risk.map(|r| r.0),
        }
    }
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A coordinate stored as MMDB double (MaxMind) or float (ip-location-db).
type Coord = Number;

/// A number stored as any MMDB numeric type.
#[derive(Clone, Copy)]
struct Number(f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_f32<E: de::Error>(self, v: f32) -> Result<Number, E> {
                Ok(Number(f64::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// An AS number written as a number or as text ("AS15169", "15169").
#[derive(Clone, Copy)]
struct AsNumber(Option<u32>);

impl<'de> Deserialize<'de> for AsNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AsVisitor;
        impl Visitor<'_> for AsVisitor {
            type Value = AsNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an AS number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AsNumber, E> {
                Ok(AsNumber(u32::try_from(v).ok()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AsNumber, E> {
                Ok(AsNumber(u32::try_from(v).ok()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AsNumber, E> {
                let digits = v.trim().trim_start_matches(['A', 'S', 'a', 's']);
                Ok(AsNumber(digits.parse().ok()))
            }
        }
        deserializer.deserialize_any(AsVisitor)
    }
}
