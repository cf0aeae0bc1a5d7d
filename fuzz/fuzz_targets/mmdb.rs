//! An MMDB file as it could arrive truncated or corrupted: open, then look up.
#![no_main]
use bonafide_netdata::{DataFile, GeoDb};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = DataFile::bundled("fuzz.mmdb", data) else { return };
    if let Ok(db) = GeoDb::open(file) {
        for ip in ["1.2.3.4", "73.162.14.7", "::1", "2001:db8::1", "255.255.255.255"] {
            let _ = db.lookup(ip.parse().unwrap_or(std::net::IpAddr::from([0, 0, 0, 0])));
        }
    }
});
