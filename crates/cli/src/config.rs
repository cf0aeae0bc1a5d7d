//! The bonafide config file, and the bundled defaults used when there is none.

use anyhow::{bail, Context, Result};
use bonafide_address::{ForwardingList, ForwardingPatterns};
use bonafide_identity::payment::{currency_of_file, WalletList};
use bonafide_identity::Keyer;
use bonafide_model::Limits;
use bonafide_netdata::{
    CountryZones, DataFile, DomainList, EmailConfig, GeoipConfig, NetData, NetFiles, NetworkConfig,
    NpaTable,
};
use bonafide_rules::{RuleSource, Ruleset};
use bonafide_signals::Reference;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/bundled_rules.rs"));

/// The system's copy of the tz database's country table, used when the config names none.
const SYSTEM_ZONE_TABLE: &str = "/usr/share/zoneinfo/zone1970.tab";

/// The example config `bonafide config example` prints.
pub const EXAMPLE: &str = include_str!("../../../docs/config-example.toml");

/// The config file (see docs/config-example.toml for every field).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The rules folder; the bundled rules when absent.
    pub rules: Option<PathBuf>,
    /// `[geoip]`.
    #[serde(default)]
    pub geoip: GeoipConfig,
    /// `[network]`.
    #[serde(default)]
    pub network: NetworkConfig,
    /// `[timezones]`.
    #[serde(default)]
    pub timezones: TimezonesConfig,
    /// `[email]`.
    #[serde(default)]
    pub email: EmailConfig,
    /// `[identity]`.
    #[serde(default)]
    pub identity: IdentityConfig,
    /// `[phone]`.
    #[serde(default)]
    pub phone: PhoneConfig,
    /// `[shipping]`.
    #[serde(default)]
    pub shipping: ShippingConfig,
    /// `[payroll]`.
    #[serde(default)]
    pub payroll: PayrollConfig,
    /// `[devices]`: what company laptops' telemetry is read against.
    #[serde(default)]
    pub devices: DevicesConfig,
    /// `[sanctions]`: lists to screen against.
    #[serde(default)]
    pub sanctions: crate::sanctions::SanctionsConfig,
    /// `[limits]`: what one record may hold.
    #[serde(default)]
    pub limits: Limits,
    /// `[service]`: `bonafide serve`.
    #[serde(default)]
    pub service: bonafide_server::ServiceSettings,
    /// `[employers.NAME]`: what an employer does routinely, which is then no signal there.
    #[serde(default)]
    pub employers: BTreeMap<String, EmployerConfig>,
}

/// `[employers.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerConfig {
    /// Payroll practices the employer follows for many hires: `crypto`,
    /// `payment_service`, `foreign_bank`.
    #[serde(default)]
    pub routine_payroll: Vec<String>,
    /// Remote-access tools the employer runs on its own fleet (LOLRMM names,
    /// e.g. "TeamViewer"): no signal on its laptops.
    #[serde(default)]
    pub remote_tools: Vec<String>,
    /// The egress addresses or ranges of the employer's own corporate VPN
    /// (`203.0.113.0/24`): sessions and laptop check-ins from there are the
    /// employer's network, not a hire's hiding place, and link nobody.
    #[serde(default)]
    pub vpn_egress: Vec<String>,
}

/// `[devices]`: the lists company laptops' USB devices and software are read against.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevicesConfig {
    /// LOLRMM's `rmm_tools.json` or `rmm_tools.csv`.
    #[serde(default)]
    pub remote_tools: Vec<PathBuf>,
    /// The Linux USB ID list (`usb.ids`).
    #[serde(default)]
    pub usb_ids: Vec<PathBuf>,
    /// US ZIP code centroids (`zip,…,lat,long`), to tell how far a laptop's
    /// check-ins are from the ZIP it was shipped to.
    #[serde(default)]
    pub zip_centroids: Vec<PathBuf>,
}

impl DevicesConfig {
    /// Read the lists, with each employer's own remote-access tools.
    fn load(
        &self,
        employers: &BTreeMap<String, EmployerConfig>,
    ) -> Result<bonafide_signals::DeviceData> {
        let mut data = bonafide_signals::DeviceData::default();
        for path in &self.remote_tools {
            data.tools.add_file(&DataFile::read(path)?)?;
        }
        for path in &self.usb_ids {
            data.usb.add_file(&DataFile::read(path)?)?;
        }
        for path in &self.zip_centroids {
            data.zips.add_file(&DataFile::read(path)?)?;
        }
        if !data.tools.is_empty() {
            for (tenant, employer) in employers {
                for name in &employer.remote_tools {
                    if !data.tools.knows(name) {
                        let like = data.tools.like(name);
                        anyhow::bail!(
                            "[employers.{tenant}] remote_tools: {name:?} is not a tool of the remote-tools list{}",
                            if like.is_empty() {
                                String::new()
                            } else {
                                format!(" (listed: {})", like.join(", "))
                            }
                        );
                    }
                }
            }
        }
        data.employer_tools = employer_tools(employers);
        data.employer_networks = employer_networks(employers)?;
        Ok(data)
    }
}

/// Each employer's corporate VPN egress ranges; an address alone is its /32 or /128.
fn employer_networks(
    employers: &BTreeMap<String, EmployerConfig>,
) -> Result<BTreeMap<String, Vec<ipnet::IpNet>>> {
    let mut out = BTreeMap::new();
    for (tenant, employer) in employers {
        let mut nets = Vec::new();
        for text in &employer.vpn_egress {
            let net = text
                .trim()
                .parse::<ipnet::IpNet>()
                .or_else(|_| text.trim().parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    anyhow::anyhow!(
                        "[employers.{tenant}] vpn_egress: `{text}` is not an address or a CIDR range"
                    )
                })?;
            nets.push(net);
        }
        if !nets.is_empty() {
            out.insert(tenant.clone(), nets);
        }
    }
    Ok(out)
}

/// Each employer's declared remote-access tools, as letters and digits in lower case.
fn employer_tools(
    employers: &BTreeMap<String, EmployerConfig>,
) -> BTreeMap<String, std::collections::BTreeSet<String>> {
    employers
        .iter()
        .filter(|(_, e)| !e.remote_tools.is_empty())
        .map(|(tenant, e)| {
            let tools = e
                .remote_tools
                .iter()
                .map(|t| bonafide_netdata::tool_key(t))
                .collect();
            (tenant.clone(), tools)
        })
        .collect()
}

/// The employers' routines, each name checked.
fn employer_routines(
    employers: &BTreeMap<String, EmployerConfig>,
) -> Result<BTreeMap<String, std::collections::BTreeSet<bonafide_signals::Routine>>> {
    let mut out = BTreeMap::new();
    for (tenant, employer) in employers {
        let mut set = std::collections::BTreeSet::new();
        for name in &employer.routine_payroll {
            let routine = bonafide_signals::Routine::named(name).ok_or_else(|| {
                let known: Vec<&str> = bonafide_signals::Routine::ALL
                    .iter()
                    .map(|(_, n)| *n)
                    .collect();
                anyhow::anyhow!(
                    "[employers.{tenant}] routine_payroll: unknown practice {name:?} (known: {})",
                    known.join(", ")
                )
            })?;
            set.insert(routine);
        }
        out.insert(tenant.clone(), set);
    }
    Ok(out)
}

/// `[shipping]`: known forwarding addresses.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippingConfig {
    /// CSV lists of mail-forwarding and virtual-mailbox addresses (header with
    /// `street`/`line1`, `city`, `state`/`region`, `zip`/`postal_code`, optional `country`).
    #[serde(default)]
    pub forwarding_lists: Vec<PathBuf>,
}

/// `[payroll]`: sanctioned wallet addresses.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayrollConfig {
    /// Files of wallet addresses, one per line, the currency at the end of the
    /// name (`sanctioned_addresses_XBT.txt`), or folders of such files.
    #[serde(default)]
    pub sanctioned_wallets: Vec<PathBuf>,
}

impl ShippingConfig {
    fn load(&self) -> Result<ForwardingList> {
        let mut list = ForwardingList::default();
        for path in &self.forwarding_lists {
            let file = DataFile::read(path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            list.add_csv(&name, file.bytes.as_slice())?;
        }
        Ok(list)
    }
}

impl PayrollConfig {
    fn load(&self) -> Result<WalletList> {
        let mut list = WalletList::default();
        for path in &self.sanctioned_wallets {
            let files: Vec<PathBuf> = if path.is_dir() {
                let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                    .with_context(|| format!("cannot read `{}`", path.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                    .collect();
                found.sort();
                found
            } else {
                vec![path.clone()]
            };
            for file in files {
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let Some(currency) = currency_of_file(&name) else {
                    continue;
                };
                let data = DataFile::read(&file)?;
                list.add(&name, &currency, data.bytes.as_slice())
                    .with_context(|| format!("cannot read `{}`", file.display()))?;
            }
        }
        Ok(list)
    }
}

/// The forwarding patterns of a compiled ruleset.
fn forwarding_patterns(rules: &Ruleset) -> Result<ForwardingPatterns> {
    Ok(ForwardingPatterns::new(rules.patterns_of("forwarding"))?)
}

/// `[phone]`: numbering data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneConfig {
    /// NANPA's NPA report (CSV): North American numbers are classified from it;
    /// other numbers, or all when absent, through libphonenumber's metadata.
    pub npa_report: Option<PathBuf>,
}

/// `[identity]`: the secret that keys the hashes of identity attributes.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityConfig {
    /// At least 16 bytes; `BONAFIDE_LINK_KEY` when absent. Never logged.
    pub link_key: Option<String>,
}

impl std::fmt::Debug for IdentityConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityConfig")
            .field("link_key", &self.link_key.as_ref().map(|_| "…"))
            .finish()
    }
}

/// The environment variable that holds the link key when the config does not.
pub const LINK_KEY_VARIABLE: &str = "BONAFIDE_LINK_KEY";

/// `[timezones]`: the tz database's country → zones table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimezonesConfig {
    /// `zone1970.tab` or `zone.tab`; the system's copy when absent.
    pub table: Option<PathBuf>,
}

/// Everything scoring needs, loaded.
pub struct Loaded {
    /// Reference data: network data, zones, domain lists, link key.
    pub reference: Reference,
    /// Compiled rules.
    pub rules: Ruleset,
    /// Where it came from, for messages.
    pub origin: String,
    /// What one record may hold.
    pub limits: Limits,
    /// `[service]`, with `${VAR}` in secrets expanded.
    pub service: bonafide_server::ServiceSettings,
}

impl Config {
    /// Read and resolve a config file: relative paths are relative to its folder; `${VAR}` is expanded.
    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config `{}`", path.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| 1 + text[..s.start].matches('\n').count());
            anyhow::anyhow!(
                "{}{}: {}",
                path.display(),
                line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.message().trim()
            )
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let resolve = |p: &mut PathBuf| -> Result<()> {
            let expanded = expand(&p.to_string_lossy())?;
            *p = base.join(expanded);
            Ok(())
        };
        for p in config
            .geoip
            .paths_mut()
            .chain(config.network.paths_mut())
            .chain(config.email.paths_mut())
        {
            resolve(p)?;
        }
        if let Some(p) = config.rules.as_mut() {
            resolve(p)?;
        }
        if let Some(p) = config.timezones.table.as_mut() {
            resolve(p)?;
        }
        if let Some(p) = config.phone.npa_report.as_mut() {
            resolve(p)?;
        }
        for p in config
            .shipping
            .forwarding_lists
            .iter_mut()
            .chain(config.payroll.sanctioned_wallets.iter_mut())
            .chain(config.devices.remote_tools.iter_mut())
            .chain(config.devices.usb_ids.iter_mut())
            .chain(config.devices.zip_centroids.iter_mut())
            .chain(config.sanctions.paths_mut())
        {
            resolve(p)?;
        }
        Ok(config)
    }

    /// The rule files this config names (or the bundled ones).
    pub fn rule_sources(&self) -> Result<Vec<RuleSource>> {
        match &self.rules {
            Some(dir) => Ruleset::read_dir(dir).map_err(|d| anyhow::anyhow!("{d}")),
            None => Ok(bundled_rules()),
        }
    }

    /// Load data and compile rules.
    pub fn load(&self, origin: String) -> Result<Loaded> {
        let sources = self.rule_sources()?;
        let rules = compile(&sources)?;
        // The network data (two decompressed city databases, the ASN table) and the
        // sanctions lists are most of the start-up: read them side by side.
        let (net, sanctions) = rayon::join(
            || NetData::load(&self.geoip, &self.network).map_err(anyhow::Error::from),
            || self.sanctions.load(&rules),
        );
        let (net, sanctions) = (net?, sanctions?);
        let zones = match &self.timezones.table {
            Some(path) => CountryZones::parse(&DataFile::read(path)?)?,
            None => system_zones(),
        };
        let mut disposable = DomainList::default();
        for path in &self.email.disposable {
            disposable.add_file(&DataFile::read(path)?)?;
        }
        let keyer = self.keyer()?;
        let npa = match &self.phone.npa_report {
            Some(path) => NpaTable::parse(&DataFile::read(path)?)?,
            None => NpaTable::default(),
        };
        Ok(Loaded {
            reference: Reference {
                net,
                zones,
                disposable,
                keyer,
                npa,
                forwarding: self.shipping.load()?,
                forwarding_patterns: forwarding_patterns(&rules)?,
                wallets: self.payroll.load()?,
                sanctions,
                employers: employer_routines(&self.employers)?,
                devices: self.devices.load(&self.employers)?,
            },
            rules,
            origin,
            limits: self.limits,
            service: self.service_settings()?,
        })
    }

    /// `[service]` with the webhook secrets read from the environment where they say `${VAR}`.
    fn service_settings(&self) -> Result<bonafide_server::ServiceSettings> {
        let mut service = self.service.clone();
        for subscriber in &mut service.webhooks {
            subscriber.secret = expand(&subscriber.secret)?;
            for previous in &mut subscriber.previous_secrets {
                *previous = expand(previous)?;
            }
        }
        for inbound in &mut service.inbound {
            inbound.secret = expand(&inbound.secret)?;
            anyhow::ensure!(
                matches!(inbound.source.as_str(), "greenhouse" | "ashby"),
                "[[service.inbound]] source `{}`: bonafide takes webhooks from `greenhouse` and `ashby`",
                inbound.source
            );
            for path in inbound.fields.values() {
                anyhow::ensure!(
                    !path.is_empty()
                        && path.split('.').all(|part| {
                            !part.is_empty()
                                && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }),
                    "[[service.inbound]] fields: `{path}` is not a contract path such as `candidate.claimed_location.country`"
                );
            }
        }
        Ok(service)
    }

    /// The link key from the config or the environment; there is no default outside the demo.
    fn keyer(&self) -> Result<Keyer> {
        let secret = match &self.identity.link_key {
            Some(key) => expand(key)?,
            None => std::env::var(LINK_KEY_VARIABLE).map_err(|_| {
                anyhow::anyhow!(
                    "no link key: set `[identity] link_key` or {LINK_KEY_VARIABLE} (at least 16 bytes); \
                     identity attributes are linked through keyed hashes and never stored in the clear"
                )
            })?,
        };
        Keyer::new(secret.as_bytes()).map_err(anyhow::Error::msg)
    }
}

/// Compile rule sources against the signal catalogue, listing every problem.
pub fn compile(sources: &[RuleSource]) -> Result<Ruleset> {
    Ruleset::compile(sources, &bonafide_engine::catalog()).map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "the rules have {} problem(s):\n{}",
            lines.len(),
            lines.join("\n")
        )
    })
}

/// The rules bundled into the binary.
pub fn bundled_rules() -> Vec<RuleSource> {
    BUNDLED_RULES
        .iter()
        .map(|(name, text)| RuleSource {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

fn system_zones() -> CountryZones {
    DataFile::read(Path::new(SYSTEM_ZONE_TABLE))
        .ok()
        .and_then(|file| CountryZones::parse(&file).ok())
        .unwrap_or_default()
}

/// Load the bundled demo: fixture databases and lists built into the binary.
pub fn load_bundled() -> Result<Loaded> {
    let file = |name: &str, bytes: &[u8]| DataFile::bundled(name, bytes);
    let files = NetFiles {
        databases: vec![
            file(
                "city.mmdb",
                include_bytes!("../../../fixtures/data/city.mmdb"),
            )?,
            file(
                "anonymous-ip.mmdb",
                include_bytes!("../../../fixtures/data/anonymous-ip.mmdb"),
            )?,
        ],
        vpn: vec![file(
            "vpn.txt",
            include_bytes!("../../../fixtures/data/vpn.txt"),
        )?],
        hosting: vec![file(
            "hosting.txt",
            include_bytes!("../../../fixtures/data/hosting.txt"),
        )?],
        tor: vec![file(
            "tor-exits.csv",
            include_bytes!("../../../fixtures/data/tor-exits.csv"),
        )?],
        asn_ranges: vec![file(
            "asn.csv",
            include_bytes!("../../../fixtures/data/asn.csv"),
        )?],
        vpn_asns: vec![file(
            "vpn-asns.txt",
            include_bytes!("../../../fixtures/data/vpn-asns.txt"),
        )?],
        hosting_asns: vec![file(
            "hosting-asns.txt",
            include_bytes!("../../../fixtures/data/hosting-asns.txt"),
        )?],
    };
    let mut disposable = DomainList::default();
    disposable.add_file(&file(
        "disposable-domains.txt",
        include_bytes!("../../../fixtures/data/disposable-domains.txt"),
    )?)?;
    let rules = compile(&bundled_rules())?;
    let mut forwarding = ForwardingList::default();
    forwarding.add_csv(
        "virtual-mailboxes.csv",
        &include_bytes!("../../../fixtures/data/virtual-mailboxes.csv")[..],
    )?;
    let mut wallets = WalletList::default();
    wallets.add(
        "fixture-wallets_ETH.txt",
        "ETH",
        &include_bytes!("../../../fixtures/data/fixture-wallets_ETH.txt")[..],
    )?;
    Ok(Loaded {
        reference: Reference {
            forwarding,
            forwarding_patterns: forwarding_patterns(&rules)?,
            wallets,
            sanctions: crate::sanctions::bundled(&rules)?,
            employers: BTreeMap::new(),
            devices: bundled_devices()?,
            net: NetData::from_files(files)?,
            zones: system_zones(),
            disposable,
            keyer: Keyer::demo(),
            npa: NpaTable::parse(&file(
                "npa-report.csv",
                include_bytes!("../../../fixtures/data/npa-report.csv"),
            )?)?,
        },
        rules,
        origin: "bundled fixture data".to_owned(),
        limits: Limits::default(),
        service: bonafide_server::ServiceSettings::default(),
    })
}

/// The fixture remote-access tools and USB ids built into the binary.
fn bundled_devices() -> Result<bonafide_signals::DeviceData> {
    let mut data = bonafide_signals::DeviceData::default();
    data.tools.add_file(&DataFile::bundled(
        "remote-tools.csv",
        include_bytes!("../../../fixtures/data/remote-tools.csv"),
    )?)?;
    data.usb.add_file(&DataFile::bundled(
        "usb.ids",
        include_bytes!("../../../fixtures/data/usb.ids"),
    )?)?;
    data.zips.add_file(&DataFile::bundled(
        "zip-centroids.csv",
        include_bytes!("../../../fixtures/data/zip-centroids.csv"),
    )?)?;
    Ok(data)
}

/// The config named by `--config` or `BONAFIDE_CONFIG`, or the bundled demo.
pub fn load(path: Option<&Path>) -> Result<Loaded> {
    match path {
        Some(path) => Config::read(path)?.load(path.display().to_string()),
        None => load_bundled(),
    }
}

/// Expand `${VAR}` from the environment; an unset variable is an error.
fn expand(text: &str) -> Result<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            bail!("unclosed `${{` in `{text}`")
        };
        let name = &after[..end];
        let value = std::env::var(name)
            .with_context(|| format!("`{text}` uses ${{{name}}}, which is not set"))?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_employers_vpn_egress_is_read_or_refused_by_name() {
        let employer = |egress: &[&str]| EmployerConfig {
            routine_payroll: Vec::new(),
            remote_tools: Vec::new(),
            vpn_egress: egress.iter().map(|e| (*e).to_owned()).collect(),
        };
        let good = BTreeMap::from([(
            "acme".to_owned(),
            employer(&["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]),
        )]);
        let nets = employer_networks(&good).expect("reads");
        assert_eq!(nets["acme"].len(), 3);
        assert!(nets["acme"][1].contains(&"198.51.100.7".parse::<std::net::IpAddr>().expect("ip")));
        let bad = BTreeMap::from([("acme".to_owned(), employer(&["vpn.acme.example"]))]);
        let error = employer_networks(&bad).expect_err("refused").to_string();
        assert!(
            error.contains("[employers.acme]") && error.contains("vpn.acme.example"),
            "{error}"
        );
    }

    #[test]
    fn service_secrets_come_from_the_environment() {
        let dir = std::env::temp_dir().join(format!("bonafide-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("bonafide.toml");
        std::fs::write(
            &file,
            r#"
[service]
listen = "0.0.0.0:9000"
rate_per_second = 50

[[service.webhooks]]
name = "ats"
url = "https://ats.example.com/hook"
secret = "${BONAFIDE_TEST_HOOK_SECRET_7}"

[[service.inbound]]
source = "greenhouse"
tenant = "acme"
secret = "plain"
fields = { "work_country" = "candidate.claimed_location.country" }
"#,
        )
        .expect("write");
        let config = Config::read(&file).expect("reads");
        assert!(
            config.service_settings().is_err(),
            "an unset variable is an error"
        );
        std::env::set_var("BONAFIDE_TEST_HOOK_SECRET_7", "from-env");
        let service = config.service_settings().expect("expands");
        assert_eq!(service.listen, "0.0.0.0:9000");
        assert_eq!(service.rate_per_second, 50);
        assert_eq!(service.burst, 5_000);
        assert_eq!(service.webhooks[0].secret, "from-env");
        assert_eq!(service.inbound[0].secret, "plain");
        assert_eq!(service.inbound[0].replay_hours, 720);
        assert_eq!(
            service.inbound[0].fields["work_country"],
            "candidate.claimed_location.country"
        );
        std::fs::remove_dir_all(dir).expect("cleanup");
        // The documented example parses with its service section.
        let example: Config = toml::from_str(EXAMPLE).expect("example parses");
        assert_eq!(example.service.listen, "127.0.0.1:8080");
    }
}
