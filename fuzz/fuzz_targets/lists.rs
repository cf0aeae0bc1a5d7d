//! The list and table formats: CIDR/IP lists, ASN lists, ASN ranges, the
//! zone table, NANPA's report, domain lists and forwarding-address CSVs.
#![no_main]
use bonafide_netdata::{AsnList, AsnRanges, CountryZones, DataFile, DomainList, IpList, NpaTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = DataFile::bundled("fuzz.txt", data) else { return };
    let mut ips = IpList::default();
    if ips.add_file(&file).is_ok() {
        let _ = ips.lookup("10.1.2.3".parse().unwrap_or(std::net::IpAddr::from([0, 0, 0, 0])));
    }
    let _ = AsnList::default().add_file(&file);
    let mut ranges = AsnRanges::default();
    if ranges.add_csv(&file).is_ok() {
        let _ = ranges.lookup(std::net::IpAddr::from([8, 8, 8, 8]));
    }
    let _ = CountryZones::parse(&file);
    let _ = NpaTable::parse(&file);
    let _ = DomainList::default().add_file(&file);
    let _ = bonafide_address::ForwardingList::default().add_csv("fuzz.csv", data);
});
