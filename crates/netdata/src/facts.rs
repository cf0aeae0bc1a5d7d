//! What the network data says about one address.

use serde::Serialize;
use std::net::IpAddr;
use std::sync::Arc;

/// Where an address is, according to one database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// ISO 3166-1 alpha-2 as the database spells it.
    pub country: String,
    /// Region, state or subdivision (code or name, as the database has it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// City name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Latitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// IANA time zone, where the database has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The database that said so.
    pub source: Arc<str>,
}

/// The autonomous system an address is announced from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AsnInfo {
    /// AS number.
    pub number: u32,
    /// AS organisation, where the data names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Arc<str>>,
    /// The database or file that said so.
    pub source: Arc<str>,
}

/// A kind of anonymizing infrastructure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnonKind {
    /// A commercial VPN exit.
    Vpn,
    /// A hosting provider or datacenter, not an eyeball network.
    Hosting,
    /// A Tor exit relay.
    Tor,
    /// An open public proxy.
    PublicProxy,
    /// A residential proxy network.
    ResidentialProxy,
}

impl AnonKind {
    /// The snake_case name used in ids and evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            AnonKind::Vpn => "vpn",
            AnonKind::Hosting => "hosting",
            AnonKind::Tor => "tor",
            AnonKind::PublicProxy => "public_proxy",
            AnonKind::ResidentialProxy => "residential_proxy",
        }
    }
}

/// How an address connects, as MaxMind's Connection-Type data names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionType {
    /// A mobile carrier: its NAT puts many unrelated customers behind one address.
    Cellular,
    /// An office network: many colleagues behind one address.
    Corporate,
    /// A home line (cable, DSL, fibre).
    CableDsl,
    /// Satellite.
    Satellite,
    /// Dial-up.
    Dialup,
    /// A value the data has that bonafide does not know.
    Other,
}

impl ConnectionType {
    /// Read MaxMind's wording ("Cellular", "Corporate", "Cable/DSL", "Satellite", "Dialup").
    pub fn from_name(name: &str) -> ConnectionType {
        match name.trim().to_ascii_lowercase().as_str() {
            "cellular" => ConnectionType::Cellular,
            "corporate" => ConnectionType::Corporate,
            "cable/dsl" | "cable" | "dsl" => ConnectionType::CableDsl,
            "satellite" => ConnectionType::Satellite,
            "dialup" | "dial-up" => ConnectionType::Dialup,
            _ => ConnectionType::Other,
        }
    }

    /// Whether unrelated people routinely share one address of this kind: a
    /// mobile carrier's NAT. (An office's line is shared by colleagues, but a
    /// farm can sit on a business line too: Corporate still links.)
    pub fn shared_by_strangers(self) -> bool {
        matches!(self, ConnectionType::Cellular)
    }

    /// The snake_case name used in evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionType::Cellular => "cellular",
            ConnectionType::Corporate => "corporate",
            ConnectionType::CableDsl => "cable_dsl",
            ConnectionType::Satellite => "satellite",
            ConnectionType::Dialup => "dialup",
            ConnectionType::Other => "other",
        }
    }
}

/// One source saying an address is anonymizing infrastructure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonymizerHit {
    /// What kind.
    pub kind: AnonKind,
    /// The list, ASN list or database that said so.
    pub source: Arc<str>,
    /// The provider or ASN organisation, where the data names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Arc<str>>,
    /// The listed network that matched, for list hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// Everything the configured data says about one address.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IpFacts {
    /// The address (IPv4-mapped IPv6 is reported as IPv4).
    pub ip: IpAddr,
    /// Location from the first database that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// ASN from an ASN-bearing MMDB, else from the range table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asn: Option<AsnInfo>,
    /// Every anonymizer source that lists the address or its ASN.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anonymizers: Vec<AnonymizerHit>,
    /// The kind of connection, from a Connection-Type (or Enterprise) database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnectionType>,
    /// The network's domain, from a Domain, ISP or IPinfo database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// MaxMind's IP risk (0.01 to 99), from an IP-Risk database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_risk: Option<f64>,
    /// Lookups that failed (corrupt records); the rest still count.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}
