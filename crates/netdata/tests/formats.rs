//! The IP databases users bring besides MaxMind's and ip-location-db's, in
//! their published layouts: IPinfo's MMDBs (Lite and the legacy free ones),
//! IP2Location LITE CSV and iptoasn's TSV. Each is written here from its
//! documented format, read back through `NetData`, and must answer.

use bonafide_netdata::{AnonKind, DataFile, GeoDb, GeoKind, Layout, NetData, NetFiles};
use mmdb_writer::{IpVersion, Writer};
use serde::Serialize;
use std::net::IpAddr;

fn ip(text: &str) -> IpAddr {
    text.parse().expect("ip")
}

/// Where a database places an address (a lookup error fails the test).
fn located(db: &GeoDb, address: &str) -> Option<bonafide_netdata::Location> {
    db.lookup(ip(address)).expect("answers").location
}

fn mmdb<T: Serialize>(database_type: &str, records: &[(&str, T)]) -> Vec<u8> {
    let mut db = Writer::builder(database_type)
        .ip_version(IpVersion::V6)
        .description(&[("en", "bonafide test database")])
        .build();
    for (network, record) in records {
        db.insert(network.parse::<ipnet::IpNet>().expect("cidr"), record)
            .expect("inserts");
    }
    db.to_bytes().expect("writes")
}

/// IPinfo Lite: flat, `asn` as text.
#[derive(Serialize)]
struct IpInfoLite<'a> {
    asn: &'a str,
    as_name: &'a str,
    as_domain: &'a str,
    country_code: &'a str,
    country: &'a str,
    continent_code: &'a str,
    continent: &'a str,
}

/// IPinfo's legacy free `country_asn.mmdb`: `country` is the code.
#[derive(Serialize)]
struct IpInfoCountryAsn<'a> {
    country: &'a str,
    country_name: &'a str,
    continent: &'a str,
    continent_name: &'a str,
    asn: &'a str,
    as_name: &'a str,
    as_domain: &'a str,
}

const SWISSCOM: &str = "85.0.0.0/15";
const SWISS_IP: &str = "85.1.2.3";

fn lite() -> Vec<u8> {
    mmdb(
        "ipinfo lite.mmdb",
        &[(
            SWISSCOM,
            IpInfoLite {
                asn: "AS3303",
                as_name: "Swisscom (Schweiz) AG",
                as_domain: "swisscom.com",
                country_code: "CH",
                country: "Switzerland",
                continent_code: "EU",
                continent: "Europe",
            },
        )],
    )
}

fn country_asn() -> Vec<u8> {
    mmdb(
        "ipinfo country_asn.mmdb",
        &[(
            SWISSCOM,
            IpInfoCountryAsn {
                country: "CH",
                country_name: "Switzerland",
                continent: "EU",
                continent_name: "Europe",
                asn: "AS3303",
                as_name: "Swisscom (Schweiz) AG",
                as_domain: "swisscom.com",
            },
        )],
    )
}

fn net_with(databases: Vec<DataFile>, vpn_asns: Vec<DataFile>) -> NetData {
    NetData::from_files(NetFiles {
        databases,
        vpn_asns,
        ..NetFiles::default()
    })
    .expect("loads")
}

#[test]
fn ipinfo_databases_locate_and_name_the_network() {
    for (name, bytes) in [
        ("ipinfo_lite.mmdb", lite()),
        ("country_asn.mmdb", country_asn()),
    ] {
        let db = GeoDb::open(DataFile::bundled(name, &bytes).expect("bytes")).expect("opens");
        assert_eq!(
            (db.kind(), db.layout()),
            (GeoKind::CountryAsn, Layout::IpInfo),
            "{name}"
        );
        // An AS list naming the network's AS must meet the AS the database gives.
        let list =
            DataFile::bundled("vpn-asns.txt", b"AS3303 # listed for the test\n").expect("bytes");
        let net = net_with(
            vec![DataFile::bundled(name, &bytes).expect("bytes")],
            vec![list],
        );
        let facts = net.lookup(ip(SWISS_IP));
        let location = facts.location.expect("located");
        assert_eq!(location.country, "CH", "{name}");
        let asn = facts.asn.expect("an AS");
        assert_eq!(asn.number, 3303, "{name}");
        assert_eq!(asn.organization.as_deref(), Some("Swisscom (Schweiz) AG"));
        assert_eq!(facts.domain.as_deref(), Some("swisscom.com"));
        assert!(
            facts.anonymizers.iter().any(|h| h.kind == AnonKind::Vpn),
            "{name}"
        );
        assert!(facts.errors.is_empty());
        assert!(net.lookup(ip("8.8.8.8")).location.is_none());
        assert!(
            net.versions().contains_key(name),
            "{name} is named in versions"
        );
    }
}

/// IP2Location LITE DB11 (IPv4) and DB1 (IPv6, IPv4 as mapped integers), as published.
#[test]
fn ip2location_lite_csv_locates() {
    let db11 = "\"0\",\"16777215\",\"-\",\"-\",\"-\",\"-\",\"0.000000\",\"0.000000\",\"-\",\"-\"\n\
                \"16777216\",\"16777471\",\"US\",\"United States of America\",\"California\",\"Los Angeles\",\"34.052230\",\"-118.243680\",\"90001\",\"-07:00\"\n\
                \"16777472\",\"16778239\",\"CN\",\"China\",\"Fujian\",\"Fuzhou\",\"26.061390\",\"119.306110\",\"350004\",\"+08:00\"\n";
    let db = GeoDb::open(
        DataFile::bundled("IP2LOCATION-LITE-DB11.CSV", db11.as_bytes()).expect("bytes"),
    )
    .expect("opens");
    assert_eq!(
        (db.kind(), db.layout()),
        (GeoKind::City, Layout::Ip2Location)
    );
    assert_eq!(db.database_type(), "IP2Location LITE DB11");
    let la = located(&db, "1.0.0.77").expect("located");
    assert_eq!(
        (
            la.country.as_str(),
            la.region.as_deref(),
            la.city.as_deref()
        ),
        ("US", Some("California"), Some("Los Angeles"))
    );
    assert!(la.latitude.is_some_and(|lat| (lat - 34.05).abs() < 0.01));
    let fuzhou = located(&db, "1.0.2.1").expect("located");
    assert_eq!(fuzhou.country, "CN");
    assert!(located(&db, "0.1.2.3").is_none(), "`-` is not located");

    let db1_v6 = "\"0\",\"281470681743359\",\"-\",\"-\"\n\
                  \"281470698520576\",\"281470698520831\",\"US\",\"United States of America\"\n\
                  \"42540528726795050063891204319802818560\",\"42540528806023212578155541913346768895\",\"JP\",\"Japan\"\n";
    let db = GeoDb::open(
        DataFile::bundled("IP2LOCATION-LITE-DB1.IPV6.CSV", db1_v6.as_bytes()).expect("bytes"),
    )
    .expect("opens");
    assert_eq!(db.kind(), GeoKind::Country);
    let mapped = located(&db, "1.0.0.5").expect("IPv4 through the mapped range");
    assert_eq!(mapped.country, "US");
    let wide = located(&db, "2001:200::1").expect("located");
    assert_eq!(wide.country, "JP");
}

#[test]
fn iptoasn_tsv_gives_the_as_where_no_database_does() {
    let tsv = "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n\
               85.0.0.0\t85.1.255.255\t3303\tCH\tSWISSCOM Swisscom (Switzerland) Ltd\n";
    let net = NetData::from_files(NetFiles {
        asn_ranges: vec![DataFile::bundled("ip2asn-v4.tsv", tsv.as_bytes()).expect("bytes")],
        vpn_asns: vec![DataFile::bundled("vpn-asns.txt", b"AS13335\n").expect("bytes")],
        ..NetFiles::default()
    })
    .expect("loads");
    let facts = net.lookup(ip("1.0.0.1"));
    assert_eq!(facts.asn.as_ref().map(|a| a.number), Some(13335));
    assert!(facts.anonymizers.iter().any(|h| h.kind == AnonKind::Vpn));
    assert_eq!(net.lookup(ip(SWISS_IP)).asn.map(|a| a.number), Some(3303));
    assert!(net.versions().contains_key("ip2asn-v4.tsv"));
}

/// MaxMind's nested City record, with a latitude that is not a number where the
/// test wants a record that does not decode.
#[derive(Serialize)]
struct City<'a> {
    country: Iso<'a>,
    location: Coordinates,
}

#[derive(Serialize)]
struct Iso<'a> {
    iso_code: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Coordinates {
    Sound { latitude: f64, longitude: f64 },
    Broken { latitude: &'static str },
}

fn city(country: &'static str, location: Coordinates) -> City<'static> {
    City {
        country: Iso { iso_code: country },
        location,
    }
}

/// A database whose sampled records decode opens; a record found bad later is
/// an error on that lookup (which the verdict lists), not a silent "nothing".
#[test]
fn a_record_that_does_not_decode_is_an_error_on_its_lookup() {
    let mut records: Vec<(String, City<'static>)> = (0..80)
        .map(|i| {
            // Distinct records, so the writer keeps 80 networks rather than merging them.
            let latitude = 47.0 + f64::from(i) / 100.0;
            let sound = Coordinates::Sound {
                latitude,
                longitude: 8.0,
            };
            (format!("10.0.{i}.0/24"), city("CH", sound))
        })
        .collect();
    records.push((
        "203.0.113.0/24".to_owned(),
        city("US", Coordinates::Broken { latitude: "north" }),
    ));
    let borrowed: Vec<(&str, &City<'_>)> = records.iter().map(|(n, c)| (n.as_str(), c)).collect();
    let bytes = mmdb("GeoIP2-City", &borrowed);
    let net = net_with(
        vec![DataFile::bundled("city.mmdb", &bytes).expect("bytes")],
        vec![],
    );
    assert_eq!(
        net.lookup(ip("10.0.3.9")).location.map(|l| l.country),
        Some("CH".to_owned())
    );
    let facts = net.lookup(ip("203.0.113.9"));
    assert!(facts.location.is_none());
    assert_eq!(facts.errors.len(), 1, "{:?}", facts.errors);
    assert!(
        facts.errors[0].starts_with("city.mmdb:"),
        "{:?}",
        facts.errors
    );

    // The same record among the sampled ones refuses the database at load.
    let first = vec![(
        "9.0.0.0/24",
        city("US", Coordinates::Broken { latitude: "north" }),
    )];
    let bytes = mmdb("GeoIP2-City", &first);
    let error = GeoDb::open(DataFile::bundled("bad-city.mmdb", &bytes).expect("bytes"))
        .expect_err("refused");
    assert!(error.to_string().contains("could not be read"), "{error}");
}
