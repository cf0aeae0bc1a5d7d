//! Everything signals read besides the application: network data, the zone
//! table, domain lists and the link key. Loaded once, passed in.

use bonafide_address::{ForwardingList, ForwardingPatterns};
use bonafide_identity::payment::WalletList;
use bonafide_identity::Keyer;
use bonafide_netdata::{CountryZones, DomainList, NetData, NpaTable};
use bonafide_sanctions::Screener;
use std::collections::BTreeMap;

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
        }
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
