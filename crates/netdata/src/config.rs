//! The `[geoip]` and `[network]` sections of the bonafide config file.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// `[geoip]`: IP databases, plain or gzip: MMDB (MaxMind's schemas, ip-location-db's,
/// IPinfo's) or IP2Location LITE CSV, recognised from their contents.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GeoipConfig {
    /// Databases, consulted in order: the first with a location wins, later ones fill gaps.
    #[serde(default)]
    pub databases: Vec<PathBuf>,
}

/// `[network]`: anonymizer lists and the ASN source.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// Files of VPN exit IPs/CIDRs.
    #[serde(default)]
    pub vpn: Vec<PathBuf>,
    /// Files of hosting/datacenter IPs/CIDRs.
    #[serde(default)]
    pub hosting: Vec<PathBuf>,
    /// Files of Tor exit IPs (plain or CSV).
    #[serde(default)]
    pub tor: Vec<PathBuf>,
    /// ASN tables (plain or gzip: `start,end,asn,org` CSV, iptoasn TSV, IP2Location ASN
    /// CSV): the ASN source where no ASN-bearing database is given.
    #[serde(default)]
    pub asn_ranges: Vec<PathBuf>,
    /// Files of `AS123 # comment` lines: ASNs that operate VPNs.
    #[serde(default)]
    pub vpn_asns: Vec<PathBuf>,
    /// Files of `AS123 # comment` lines: hosting/datacenter ASNs.
    #[serde(default)]
    pub hosting_asns: Vec<PathBuf>,
}

impl GeoipConfig {
    /// Every path, for resolving them against the config file's directory.
    pub fn paths_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        self.databases.iter_mut()
    }
}

impl NetworkConfig {
    /// Every path, for resolving them against the config file's directory.
    pub fn paths_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        self.vpn
            .iter_mut()
            .chain(self.hosting.iter_mut())
            .chain(self.tor.iter_mut())
            .chain(self.asn_ranges.iter_mut())
            .chain(self.vpn_asns.iter_mut())
            .chain(self.hosting_asns.iter_mut())
    }
}

/// `[email]`: domain lists for contact signals.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailConfig {
    /// Disposable-address domains (one a line, or a JSON array).
    #[serde(default)]
    pub disposable: Vec<PathBuf>,
}

impl EmailConfig {
    /// Every path, for resolving them against the config file's directory.
    pub fn paths_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        self.disposable.iter_mut()
    }
}
