//! Everything signals read besides the application: network data, the zone
//! table, domain lists and the link key. Loaded once, passed in.

use bonafide_address::{ForwardingList, ForwardingPatterns};
use bonafide_identity::payment::WalletList;
use bonafide_identity::Keyer;
use bonafide_netdata::{CountryZones, DomainList, NetData, NpaTable, RemoteTools, UsbIds};
use bonafide_sanctions::Screener;
use std::collections::{BTreeMap, BTreeSet};

/// Reference data for one run.
#[derive(Debug)]
pub struct Reference {
    /// Geo-IP, ASN and anonymizer data.
    pub net: NetData,
    /// Country → zones.
    pub zones: CountryZones,
    /// Disposable e-mail domains.
    pub disposable: DomainList,
    /// Keyed hashing for identity attributes.
    pub keyer: Keyer,
    /// NANPA's area codes (empty: every number goes through libphonenumber).
    pub npa: NpaTable,
    /// Known mail-forwarding and virtual-mailbox addresses.
    pub forwarding: ForwardingList,
    /// Patterns of forwarding phrasing (`[[pattern]]` in the rules, list `forwarding`).
    pub forwarding_patterns: ForwardingPatterns,
    /// Sanctioned wallet addresses.
    pub wallets: WalletList,
    /// Sanctions lists, indexed for screening (empty: no screening).
    pub sanctions: Screener,
    /// What each employer routinely does and so is no signal there
    /// (`[employers.NAME] routine_payroll` in the config).
    pub employers: BTreeMap<String, BTreeSet<Routine>>,
    /// What is known about company laptops' hardware and software.
    pub devices: DeviceData,
}

/// Reference data for the after-hire device signals.
#[derive(Debug, Default)]
pub struct DeviceData {
    /// Remote-access tools (LOLRMM).
    pub tools: RemoteTools,
    /// USB vendor and product names (`usb.ids`).
    pub usb: UsbIds,
    /// US ZIP code centroids, to tell how far a laptop's check-ins are from
    /// where it was shipped.
    pub zips: bonafide_netdata::ZipCentroids,
    /// Per employer, the remote-access tools it uses on its own fleet
    /// (`[employers.NAME] remote_tools`), as letters and digits in lower case.
    pub employer_tools: BTreeMap<String, BTreeSet<String>>,
    /// Per employer, the egress ranges of its own corporate VPN
    /// (`[employers.NAME] vpn_egress`): a session or check-in from there says
    /// nothing about where its hire is, and links nobody.
    pub employer_networks: BTreeMap<String, Vec<ipnet::IpNet>>,
}

impl DeviceData {
    /// Whether `ip` is an egress of `tenant`'s own corporate VPN.
    pub fn employer_network(&self, tenant: &str, ip: std::net::IpAddr) -> bool {
        self.employer_networks
            .get(tenant)
            .is_some_and(|nets| nets.iter().any(|n| n.contains(&ip)))
    }
}

/// A payroll practice an employer may declare routine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Routine {
    /// Paying in cryptocurrency (stablecoins).
    Crypto,
    /// Paying through Wise, Payoneer or PayPal.
    PaymentService,
    /// Paying into accounts in other countries than the claimed one.
    ForeignBank,
}

impl Routine {
    /// Every routine with its name in the config.
    pub const ALL: [(Routine, &'static str); 3] = [
        (Routine::Crypto, "crypto"),
        (Routine::PaymentService, "payment_service"),
        (Routine::ForeignBank, "foreign_bank"),
    ];

    /// The routine a config name names.
    pub fn named(name: &str) -> Option<Routine> {
        Routine::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(r, _)| *r)
    }
}

impl Reference {
    /// Reference data with only network data (no zones, no lists) and the demo key.
    pub fn with_net(net: NetData) -> Reference {
        Reference {
            net,
            zones: CountryZones::default(),
            disposable: DomainList::default(),
            keyer: Keyer::demo(),
            npa: NpaTable::default(),
            forwarding: ForwardingList::default(),
            forwarding_patterns: ForwardingPatterns::default(),
            wallets: WalletList::default(),
            sanctions: Screener::default(),
            employers: BTreeMap::new(),
            devices: DeviceData::default(),
        }
    }

    /// Whether an employer declares a practice routine.
    pub fn routine(&self, tenant: &str, routine: Routine) -> bool {
        self.employers
            .get(tenant)
            .is_some_and(|set| set.contains(&routine))
    }

    /// Each source's name and date, for a verdict's `versions`.
    pub fn versions(&self) -> BTreeMap<String, String> {
        let mut data = self.net.versions();
        if let Some(source) = self.zones.source() {
            data.insert(source.to_owned(), "tzdata".to_owned());
        }
        if let Some((name, date)) = self.npa.source() {
            data.insert(name.clone(), date.clone());
        }
        for (name, date) in self.disposable.files() {
            data.insert(
                name.clone(),
                date.clone().unwrap_or_else(|| "undated".to_owned()),
            );
        }
        for (name, count) in self.forwarding.files() {
            data.insert(name.clone(), format!("{count} addresses"));
        }
        for (name, count) in self.wallets.files() {
            data.insert(name.clone(), format!("{count} addresses"));
        }
        let device_lists = self.devices.tools.sources().iter();
        for (name, date) in device_lists.chain(self.devices.usb.sources()) {
            data.insert(
                name.to_string(),
                date.clone().unwrap_or_else(|| "undated".to_owned()),
            );
        }
        for (name, count) in self.devices.zips.sources() {
            data.insert(name.to_string(), format!("{count} ZIP codes"));
        }
        for list in self.sanctions.lists() {
            let issued = list.issued.as_deref().unwrap_or("undated");
            data.insert(
                format!("{} ({})", list.list, list.source),
                format!("{issued}, {} parties", list.parties),
            );
        }
        data
    }
}
