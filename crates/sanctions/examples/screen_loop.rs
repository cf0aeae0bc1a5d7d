//! Screens the bench's query mix in a loop, for profilers (`perf record`).
//! Usage: BONAFIDE_REAL_DATA=… cargo run --release -p bonafide-sanctions --example screen_loop [ROUNDS]

use bonafide_rules::{Ruleset, VariantTable};
use bonafide_sanctions::{load, KindFilter, Query, Screener, Variants};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sources = Ruleset::read_dir(&root.join("rules")).expect("rules");
    let variants = Variants::new(&VariantTable::read_all(&sources).expect("variants"));
    let file = match std::env::var_os("BONAFIDE_REAL_DATA") {
        Some(data) => {
            PathBuf::from(data).join("sanctions/ofac-sdn-advanced-2025-11-19/sdn_advanced.xml.bz2")
        }
        None => root.join("fixtures/sanctions/sdn_advanced-fixture.xml"),
    };
    let started = Instant::now();
    let cache = std::env::temp_dir().join("bonafide-bench-cache");
    let list = load(&file, Some(&cache)).expect("list").list;
    let screener = Screener::build_cached(vec![list], variants, Some(&cache));
    eprintln!("loaded and indexed in {:?}", started.elapsed());
    let mut rng = fastrand::Rng::with_seed(9);
    let dprk = screener
        .parties()
        .filter(|(_, p)| p.programs.iter().any(|g| g.starts_with("DPRK")))
        .map(|(_, p)| p.primary_name());
    let names = bonafide_testkit::screening::query_mix(dprk, &mut rng);
    let started = Instant::now();
    let mut hits = 0;
    for _ in 0..rounds {
        for name in &names {
            let query = Query {
                name: Some(name),
                kind: KindFilter::Any,
                ..Query::default()
            };
            hits += screener.screen(&query, 0.8, 10).len();
        }
    }
    let n = rounds * names.len();
    eprintln!(
        "{n} screens in {:?}: {:.0}/s, {hits} hits",
        started.elapsed(),
        n as f64 / started.elapsed().as_secs_f64()
    );
}
