//! Network data for bonafide: MMDB geo-IP databases read with the `maxminddb`
//! crate (schemas detected from metadata and record shape), ASN range tables,
//! and VPN, hosting and Tor lists in prefix tries.
//!
//! Loading reads files; lookups never do. Nothing here scores: it only says
//! what the data says about an address, and which source said it.
#![deny(missing_docs)]

mod asn;
mod config;
mod domains;
mod error;
mod facts;
mod geo;
mod ip2location;
mod iplist;
mod npa;
mod ranges;
mod remote_tools;
mod source;
mod usb_ids;
mod zips;
mod zones;

pub use asn::AsnRanges;
pub use config::{EmailConfig, GeoipConfig, NetworkConfig};
pub use domains::DomainList;
pub use error::LoadError;
pub use facts::{AnonKind, AnonymizerHit, AsnInfo, ConnectionType, IpFacts, Location};
pub use geo::{GeoAnswer, GeoDb, GeoKind, Layout};
pub use iplist::{AsnList, IpList, ListLabel};
pub use npa::{Npa, NpaTable, NpaUse};
pub use remote_tools::{name_key as tool_key, Recognised, RemoteTool, RemoteTools};
pub use source::DataFile;
pub use usb_ids::{usb_id, UsbIds};
pub use zips::{distance_km, zip5, ZipCentroids, ZipPlace};
pub use zones::CountryZones;

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Every network data source, loaded and ready for lookups.
#[derive(Debug, Default)]
pub struct NetData {
    /// MMDB databases, in configured order.
    pub databases: Vec<GeoDb>,
    /// The ASN range table.
    pub asn_ranges: AsnRanges,
    /// VPN exits.
    pub vpn: IpList,
    /// Hosting and datacenter networks.
    pub hosting: IpList,
    /// Tor exits.
    pub tor: IpList,
    /// VPN operators' AS numbers.
    pub vpn_asns: AsnList,
    /// Hosting AS numbers.
    pub hosting_asns: AsnList,
}

/// The files behind a [`NetData`], already read.
#[derive(Debug, Default)]
pub struct NetFiles {
    /// MMDB files.
    pub databases: Vec<DataFile>,
    /// VPN lists.
    pub vpn: Vec<DataFile>,
    /// Hosting lists.
    pub hosting: Vec<DataFile>,
    /// Tor lists.
    pub tor: Vec<DataFile>,
    /// ASN range CSVs.
    pub asn_ranges: Vec<DataFile>,
    /// VPN ASN lists.
    pub vpn_asns: Vec<DataFile>,
    /// Hosting ASN lists.
    pub hosting_asns: Vec<DataFile>,
}

impl NetFiles {
    /// Read every file the two config sections name (paths already resolved).
    pub fn read(geoip: &GeoipConfig, network: &NetworkConfig) -> Result<NetFiles, LoadError> {
        let read_all = |paths: &[PathBuf]| -> Result<Vec<DataFile>, LoadError> {
            paths.iter().map(|p| DataFile::read(p)).collect()
        };
        // The city databases come compressed: decompress them side by side.
        let databases: Vec<Result<DataFile, LoadError>> = std::thread::scope(|scope| {
            let reading: Vec<_> = geoip
                .databases
                .iter()
                .map(|p| scope.spawn(move || DataFile::read(p)))
                .collect();
            reading
                .into_iter()
                .map(|r| {
                    r.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        Ok(NetFiles {
            databases: databases.into_iter().collect::<Result<_, _>>()?,
            vpn: read_all(&network.vpn)?,
            hosting: read_all(&network.hosting)?,
            tor: read_all(&network.tor)?,
            asn_ranges: read_all(&network.asn_ranges)?,
            vpn_asns: read_all(&network.vpn_asns)?,
            hosting_asns: read_all(&network.hosting_asns)?,
        })
    }
}

impl NetData {
    /// Read and load every source the config names.
    pub fn load(geoip: &GeoipConfig, network: &NetworkConfig) -> Result<NetData, LoadError> {
        NetData::from_files(NetFiles::read(geoip, network)?)
    }

    /// Build from files already read (from disk or bundled).
    pub fn from_files(files: NetFiles) -> Result<NetData, LoadError> {
        let mut data = NetData::default();
        for file in files.databases {
            data.databases.push(GeoDb::open(file)?);
        }
        for file in &files.asn_ranges {
            data.asn_ranges.add_csv(file)?;
        }
        let lists = [
            (&files.vpn, &mut data.vpn),
            (&files.hosting, &mut data.hosting),
            (&files.tor, &mut data.tor),
        ];
        for (sources, list) in lists {
            for file in sources {
                list.add_file(file)?;
            }
        }
        for file in &files.vpn_asns {
            data.vpn_asns.add_file(file)?;
        }
        for file in &files.hosting_asns {
            data.hosting_asns.add_file(file)?;
        }
        Ok(data)
    }

    /// What every source says about `ip`.
    pub fn lookup(&self, ip: IpAddr) -> IpFacts {
        let ip = canonical(ip);
        let mut facts = IpFacts {
            ip,
            location: None,
            asn: None,
            anonymizers: Vec::new(),
            connection: None,
            domain: None,
            ip_risk: None,
            errors: Vec::new(),
        };
        for db in &self.databases {
            match db.lookup(ip) {
                Ok(answer) => merge(&mut facts, answer),
                Err(reason) => facts.errors.push(format!("{}: {reason}", db.name())),
            }
        }
        if facts.asn.is_none() {
            facts.asn = self.asn_ranges.lookup(ip);
        }
        let lists = [
            (&self.vpn, AnonKind::Vpn),
            (&self.hosting, AnonKind::Hosting),
            (&self.tor, AnonKind::Tor),
        ];
        for (list, kind) in lists {
            if let Some((network, label)) = list.lookup(ip) {
                facts.anonymizers.push(AnonymizerHit {
                    kind,
                    source: Arc::clone(&label.file),
                    provider: (*label.name != *label.file).then(|| Arc::from(label.name.as_str())),
                    network: Some(network.to_string()),
                });
            }
        }
        if let Some(asn) = &facts.asn {
            let asn_lists = [
                (&self.vpn_asns, AnonKind::Vpn),
                (&self.hosting_asns, AnonKind::Hosting),
            ];
            for (list, kind) in asn_lists {
                if let Some((label, comment)) = list.lookup(asn.number) {
                    facts.anonymizers.push(AnonymizerHit {
                        kind,
                        source: Arc::clone(&label.file),
                        provider: comment.map(Arc::from).or_else(|| asn.organization.clone()),
                        network: Some(format!("AS{}", asn.number)),
                    });
                }
            }
        }
        facts
    }

    /// Each source's name and date, for a verdict's `versions`.
    pub fn versions(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for db in &self.databases {
            out.insert(db.name().to_owned(), db.build_date());
        }
        let lists = [&self.vpn, &self.hosting, &self.tor];
        let labels = lists
            .iter()
            .flat_map(|l| l.labels())
            .chain(self.vpn_asns.labels())
            .chain(self.hosting_asns.labels());
        for label in labels {
            out.insert(
                label.file.to_string(),
                label.date.clone().unwrap_or_else(|| "undated".to_owned()),
            );
        }
        for (name, date) in self.asn_ranges.sources() {
            out.insert(
                name.to_string(),
                date.clone().unwrap_or_else(|| "undated".to_owned()),
            );
        }
        out
    }
}

/// IPv4-mapped IPv6 addresses are IPv4 addresses.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The first location wins; a later database with the same country fills what it lacks.
fn merge(facts: &mut IpFacts, answer: GeoAnswer) {
    match (&mut facts.location, answer.location) {
        (None, Some(location)) => facts.location = Some(location),
        (Some(have), Some(more)) if have.country == more.country => {
            if have.region.is_none() {
                have.region = more.region;
            }
            if have.city.is_none() {
                have.city = more.city;
            }
            if have.latitude.is_none() || have.longitude.is_none() {
                have.latitude = more.latitude;
                have.longitude = more.longitude;
            }
            if have.time_zone.is_none() {
                have.time_zone = more.time_zone;
            }
        }
        _ => {}
    }
    if facts.asn.is_none() {
        facts.asn = answer.asn;
    }
    facts.connection = facts.connection.or(answer.connection);
    facts.domain = facts.domain.take().or(answer.domain);
    facts.ip_risk = facts.ip_risk.or(answer.ip_risk);
    for hit in answer.anonymizers {
        facts.anonymizers.push(hit);
    }
}
