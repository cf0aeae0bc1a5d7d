//! Sanctions list files: one input read as OFAC Advanced XML, UN consolidated
//! XML and legacy `sdn.csv` (with the same bytes as `alt.csv` and `add.csv`),
//! plain or compressed. A list that reads must index and answer a query.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = "fuzz";
    let mut lists = Vec::new();
    if let Ok(list) = bonafide_sanctions::ofac_advanced::read(data, source) {
        lists.push(list);
    }
    if let Ok(list) = bonafide_sanctions::un_xml::read(data, source) {
        lists.push(list);
    }
    let (list, _problems) = bonafide_sanctions::ofac_csv::read(data, Some(data), Some(data), source);
    lists.push(list);
    // Detection and decompression by magic bytes (bzip2, gzip) as the loader does.
    for name in ["sdn_advanced.xml", "sdn.csv", "consolidated.xml"] {
        if let Ok(loaded) = bonafide_sanctions::read(name, data.to_vec()) {
            lists.push(loaded.list);
        }
    }
    let screener = bonafide_sanctions::Screener::new(lists, bonafide_fuzz::variants());
    let text = bonafide_fuzz::text(data);
    let query = bonafide_sanctions::Query {
        name: Some(text.lines().next().unwrap_or("")),
        identifiers: vec![&text],
        emails: vec![&text],
        wallets: vec![&text],
        ..Default::default()
    };
    for found in screener.screen(&query, 0.0, 5) {
        assert!((0.0..=1.0).contains(&found.score), "score {}", found.score);
    }
});
