//! MMDB geo-IP databases: MaxMind GeoIP2/GeoLite2 schemas and the flat
//! ip-location-db / DB-IP Lite schema, detected from metadata and record shape.

use crate::facts::{AnonKind, AnonymizerHit, AsnInfo, Location};
use crate::source::{date_of, DataFile};
use crate::LoadError;
use maxminddb::Reader;
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
}

/// How records are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// MaxMind's nested records (`country.iso_code`, `location.latitude`, …).
    MaxMind,
    /// ip-location-db's flat records (`country_code`, `state1`, `city`, …).
    Flat,
}

/// One MMDB file, open in memory.
pub struct GeoDb {
    name: Arc<str>,
    kind: GeoKind,
    layout: Layout,
    reader: Reader<Vec<u8>>,
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
}

impl GeoDb {
    /// Open an MMDB from a data file and detect its schema.
    pub fn open(file: DataFile) -> Result<GeoDb, LoadError> {
        let name: Arc<str> = file.name().into();
        let path = file.path;
        let mmdb_error = |reason: String| LoadError::Mmdb {
            path: path.clone(),
            reason,
        };
        let reader = Reader::from_source(file.bytes).map_err(|e| mmdb_error(e.to_string()))?;
        let db_type = reader.metadata().database_type.to_ascii_lowercase();
        let kind = kind_from_type(&db_type).ok_or_else(|| {
            mmdb_error(format!(
                "unsupported database type `{}` (expected a City, Country, ASN, ISP, \
                 Enterprise, Anonymous-IP or Anonymous-Plus database)",
                reader.metadata().database_type
            ))
        })?;
        let layout = detect_layout(&reader).map_err(mmdb_error)?;
        Ok(GeoDb {
            name,
            kind,
            layout,
            reader,
        })
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

    /// The database's build date (YYYY-MM-DD), from its metadata.
    pub fn build_date(&self) -> String {
        date_of(self.reader.metadata().build_epoch)
    }

    /// The metadata's `database_type`.
    pub fn database_type(&self) -> &str {
        &self.reader.metadata().database_type
    }

    /// Look an address up. A record that fails to decode is an error; no record is a default answer.
    pub fn lookup(&self, ip: IpAddr) -> Result<GeoAnswer, String> {
        // An IPv6-only database has no IPv4 subtree; an IPv4 database cannot hold IPv6.
        let ip = match (ip, self.reader.metadata().ip_version) {
            (IpAddr::V6(_), 4) => return Ok(GeoAnswer::default()),
            (ip, _) => ip,
        };
        let result = self.reader.lookup(ip).map_err(|e| e.to_string())?;
        match self.layout {
            Layout::Flat => Ok(result
                .decode::<FlatRecord<'_>>()
                .map_err(|e| e.to_string())?
                .map(|r| r.answer(&self.name))
                .unwrap_or_default()),
            Layout::MaxMind => Ok(result
                .decode::<MaxMindRecord<'_>>()
                .map_err(|e| e.to_string())?
                .map(|r| r.answer(&self.name))
                .unwrap_or_default()),
        }
    }
}

fn kind_from_type(db_type: &str) -> Option<GeoKind> {
    let has = |word: &str| db_type.contains(word);
    Some(if has("anonymous-plus") {
        GeoKind::AnonymousPlus
    } else if has("anonymous-ip") || has("anonymous_ip") {
        GeoKind::AnonymousIp
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

/// The flat schema has a top-level `country_code`; MaxMind's never does.
fn detect_layout(reader: &Reader<Vec<u8>>) -> Result<Layout, String> {
    let probes = [
        "8.8.8.8",
        "1.1.1.1",
        "81.2.69.160",
        "2001:218::",
        "175.45.176.1",
    ];
    let mut networks = reader
        .networks(Default::default())
        .map_err(|e| e.to_string())?;
    let first_record = networks.next();
    let mut samples: Vec<serde_json::Map<String, serde_json::Value>> = Vec::new();
    if let Some(Ok(item)) = first_record {
        if let Ok(Some(map)) = item.decode::<serde_json::Map<String, serde_json::Value>>() {
            samples.push(map);
        }
    }
    for probe in probes {
        let Ok(ip) = probe.parse::<IpAddr>() else {
            continue;
        };
        if let Ok(result) = reader.lookup(ip) {
            if let Ok(Some(map)) = result.decode::<serde_json::Map<String, serde_json::Value>>() {
                samples.push(map);
            }
        }
    }
    if samples.iter().any(|m| m.contains_key("country_code")) {
        Ok(Layout::Flat)
    } else {
        Ok(Layout::MaxMind)
    }
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
    fn answer(&self, source: &Arc<str>) -> GeoAnswer {
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
        GeoAnswer {
            location,
            asn,
            anonymizers,
        }
    }
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A coordinate stored as MMDB double (MaxMind) or float (ip-location-db).
#[derive(Clone, Copy)]
struct Coord(f64);

impl<'de> Deserialize<'de> for Coord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CoordVisitor;
        impl Visitor<'_> for CoordVisitor {
            type Value = Coord;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a float or double coordinate")
            }
            fn visit_f32<E: de::Error>(self, v: f32) -> Result<Coord, E> {
                Ok(Coord(f64::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coord, E> {
                Ok(Coord(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coord, E> {
                Ok(Coord(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coord, E> {
                Ok(Coord(v as f64))
            }
        }
        deserializer.deserialize_any(CoordVisitor)
    }
}
