//! The places the bundled fixture data knows: each a network with the
//! location, AS and anonymizer status the fixture databases give it.
//!
//! The networks and AS numbers resemble the real operators' so that the same
//! applications read sensibly against real data; the fixture databases are
//! made from this table alone.

/// Whether a network is anonymizing infrastructure, and by which source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anon {
    /// An eyeball network.
    None,
    /// Listed in the VPN list file.
    VpnList,
    /// Announced by an AS in the VPN ASN list.
    VpnAsn,
    /// Listed in the hosting list file.
    HostingList,
    /// Announced by an AS in the hosting ASN list.
    HostingAsn,
    /// Listed in the Tor exit list.
    Tor,
    /// Flagged residential proxy in the anonymous-IP database.
    ResidentialProxy,
    /// Flagged VPN in the anonymous-IP database only.
    VpnMmdb,
}

/// One fixture network.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// Short handle used by corpora.
    pub key: &'static str,
    /// CIDR.
    pub network: &'static str,
    /// ISO country.
    pub country: &'static str,
    /// Region as the flat schema spells it (a name).
    pub region: &'static str,
    /// City.
    pub city: &'static str,
    /// Latitude.
    pub lat: f32,
    /// Longitude.
    pub lon: f32,
    /// The IANA zone there (what a local browser reports).
    pub tz: &'static str,
    /// AS number.
    pub asn: u32,
    /// AS organisation.
    pub org: &'static str,
    /// Anonymizer status.
    pub anon: Anon,
}

macro_rules! place {
    ($key:literal, $net:literal, $cc:literal, $region:literal, $city:literal, $lat:literal, $lon:literal,
     $tz:literal, $asn:literal, $org:literal, $anon:ident) => {
        Place {
            key: $key,
            network: $net,
            country: $cc,
            region: $region,
            city: $city,
            lat: $lat,
            lon: $lon,
            tz: $tz,
            asn: $asn,
            org: $org,
            anon: Anon::$anon,
        }
    };
}

/// Every fixture network.
pub const PLACES: &[Place] = &[
    place!(
        "us-sf",
        "73.162.0.0/16",
        "US",
        "California",
        "San Francisco",
        37.7749,
        -122.4194,
        "America/Los_Angeles",
        7922,
        "Comcast Cable Communications, LLC",
        None
    ),
    place!(
        "us-oakland",
        "73.170.0.0/16",
        "US",
        "California",
        "Oakland",
        37.8044,
        -122.2712,
        "America/Los_Angeles",
        7922,
        "Comcast Cable Communications, LLC",
        None
    ),
    place!(
        "us-seattle",
        "98.203.0.0/16",
        "US",
        "Washington",
        "Seattle",
        47.6062,
        -122.3321,
        "America/Los_Angeles",
        7922,
        "Comcast Cable Communications, LLC",
        None
    ),
    place!(
        "us-nyc",
        "24.193.0.0/16",
        "US",
        "New York",
        "New York",
        40.7128,
        -74.006,
        "America/New_York",
        12271,
        "Charter Communications Inc",
        None
    ),
    place!(
        "us-austin",
        "70.112.0.0/16",
        "US",
        "Texas",
        "Austin",
        30.2672,
        -97.7431,
        "America/Chicago",
        11427,
        "Charter Communications Inc",
        None
    ),
    place!(
        "us-nashville",
        "68.53.0.0/16",
        "US",
        "Tennessee",
        "Nashville",
        36.1627,
        -86.7816,
        "America/Chicago",
        7922,
        "Comcast Cable Communications, LLC",
        None
    ),
    place!(
        "us-phoenix",
        "68.230.0.0/16",
        "US",
        "Arizona",
        "Phoenix",
        33.4484,
        -112.074,
        "America/Phoenix",
        22773,
        "Cox Communications Inc.",
        None
    ),
    place!(
        "us-mobile",
        "172.56.0.0/16",
        "US",
        "Illinois",
        "Chicago",
        41.8781,
        -87.6298,
        "America/Chicago",
        21928,
        "T-Mobile USA, Inc.",
        None
    ),
    place!(
        "cn-shanghai",
        "116.224.0.0/16",
        "CN",
        "Shanghai",
        "Shanghai",
        31.2304,
        121.4737,
        "Asia/Shanghai",
        4812,
        "China Telecom (Group)",
        None
    ),
    place!(
        "cn-shenyang",
        "175.167.0.0/16",
        "CN",
        "Liaoning",
        "Shenyang",
        41.8057,
        123.4315,
        "Asia/Shanghai",
        4837,
        "China Unicom CHINA169 Backbone",
        None
    ),
    place!(
        "cn-dandong",
        "175.171.0.0/16",
        "CN",
        "Liaoning",
        "Dandong",
        40.1245,
        124.3943,
        "Asia/Shanghai",
        4837,
        "China Unicom CHINA169 Backbone",
        None
    ),
    place!(
        "ru-vladivostok",
        "95.154.96.0/19",
        "RU",
        "Primorye",
        "Vladivostok",
        43.1155,
        131.8855,
        "Asia/Vladivostok",
        12389,
        "PJSC Rostelecom",
        None
    ),
    place!(
        "la-vientiane",
        "115.84.64.0/18",
        "LA",
        "Vientiane Prefecture",
        "Vientiane",
        17.9757,
        102.6331,
        "Asia/Vientiane",
        9873,
        "Lao Telecom Communication, LTC",
        None
    ),
    place!(
        "fr-paris",
        "90.84.0.0/16",
        "FR",
        "Ile-de-France",
        "Paris",
        48.8566,
        2.3522,
        "Europe/Paris",
        3215,
        "Orange S.A.",
        None
    ),
    place!(
        "de-berlin",
        "91.64.0.0/16",
        "DE",
        "Berlin",
        "Berlin",
        52.52,
        13.405,
        "Europe/Berlin",
        3209,
        "Vodafone GmbH",
        None
    ),
    place!(
        "jp-tokyo",
        "126.0.0.0/16",
        "JP",
        "Tokyo",
        "Tokyo",
        35.6762,
        139.6503,
        "Asia/Tokyo",
        17676,
        "SoftBank Corp.",
        None
    ),
    place!(
        "mx-cdmx",
        "187.188.0.0/16",
        "MX",
        "Mexico City",
        "Mexico City",
        19.4326,
        -99.1332,
        "America/Mexico_City",
        8151,
        "UNINET",
        None
    ),
    place!(
        "vpn-mullvad-us",
        "146.70.116.0/24",
        "US",
        "California",
        "Los Angeles",
        34.0522,
        -118.2437,
        "America/Los_Angeles",
        9009,
        "M247 Europe SRL",
        VpnList
    ),
    place!(
        "vpn-mullvad-se",
        "193.138.218.0/24",
        "SE",
        "Stockholm",
        "Stockholm",
        59.3293,
        18.0686,
        "Europe/Stockholm",
        39351,
        "31173 Services AB",
        VpnAsn
    ),
    place!(
        "vpn-astrill-us",
        "45.76.160.0/20",
        "US",
        "Texas",
        "Dallas",
        32.7767,
        -96.797,
        "America/Chicago",
        20473,
        "The Constant Company, LLC",
        HostingList
    ),
    place!(
        "vpn-nord-jp",
        "89.187.160.0/24",
        "JP",
        "Tokyo",
        "Tokyo",
        35.6762,
        139.6503,
        "Asia/Tokyo",
        60068,
        "Datacamp Limited",
        VpnMmdb
    ),
    place!(
        "dc-digitalocean",
        "159.203.0.0/16",
        "US",
        "New Jersey",
        "Clifton",
        40.8584,
        -74.1638,
        "America/New_York",
        14061,
        "DigitalOcean, LLC",
        HostingAsn
    ),
    place!(
        "tor-exit",
        "185.220.101.0/24",
        "DE",
        "Brandenburg",
        "Brandenburg",
        52.4125,
        12.5316,
        "Europe/Berlin",
        208294,
        "Stiftung Erneuerbare Freiheit",
        Tor
    ),
    place!(
        "resproxy-us",
        "104.244.72.0/21",
        "US",
        "Florida",
        "Miami",
        25.7617,
        -80.1918,
        "America/New_York",
        53667,
        "FranTech Solutions",
        ResidentialProxy
    ),
    place!(
        "us-sf-v6",
        "2601:640::/32",
        "US",
        "California",
        "San Francisco",
        37.7749,
        -122.4194,
        "America/Los_Angeles",
        7922,
        "Comcast Cable Communications, LLC",
        None
    ),
];

/// The place with this key.
pub fn place(key: &str) -> &'static Place {
    PLACES
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("no fixture place `{key}`"))
}

impl Place {
    /// The `n`th host address of the network (wrapping inside it).
    pub fn host(&self, n: u32) -> std::net::IpAddr {
        let net: ipnet::IpNet = self
            .network
            .parse()
            .unwrap_or_else(|_| panic!("bad CIDR {}", self.network));
        match net {
            ipnet::IpNet::V4(v4) => {
                let size = 1u64 << (32 - u32::from(v4.prefix_len()));
                let offset = 1 + u64::from(n) % (size - 2);
                std::net::IpAddr::V4((u32::from(v4.network()) + offset as u32).into())
            }
            ipnet::IpNet::V6(v6) => {
                std::net::IpAddr::V6((u128::from(v6.network()) + 1 + u128::from(n)).into())
            }
        }
    }
}
